"""Reads shared by the careers pages, the feeds and the API: live jobs as `Job` records.

Every list here starts from `JobPosting.objects.live()`, the one definition of an open,
published job, so the site, the board and each feed agree to the second.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import Client
from outhire.careers.jobdata import Job
from outhire.careers.models import JobPosting
from outhire.requisitions.models import Requisition

Channel = JobPosting.Channel
# Channels whose live posting gives a job its public page on the client's site.
PAGE_CHANNELS = tuple(Channel.values)


def absolute(path: str) -> str:
    """An absolute URL on SITE_URL, never on the request's Host header (pages are cached)."""
    return settings.SITE_URL + path


def public_client(slug: str) -> Client | None:
    """The active client of `slug` with its careers site (None when there is none)."""
    return Client.objects.select_related("career_site").filter(slug=slug, is_active=True).first()


def site_of(client: Client):
    return getattr(client, "career_site", None)


def live_postings(*, channel: str, client: Client | None = None, now=None) -> QuerySet:
    postings = JobPosting.objects.live(channel=channel, now=now)
    if client is not None:
        postings = postings.filter(client=client)
    return postings.select_related("requisition", "client", "client__career_site").order_by(
        "-publish_at", "-id"
    )


def job_record(posting: JobPosting) -> Job:
    requisition: Requisition = posting.requisition
    client: Client = posting.client
    site = getattr(client, "career_site", None)
    path = reverse("careers:job", kwargs={"slug": client.slug, "requisition_id": requisition.pk})
    return Job(
        requisition_id=requisition.pk,
        reference=requisition.reference,
        title=requisition.title,
        description=requisition.description,
        company=client.name,
        company_url=client.website,
        logo_url=absolute(reverse("careers:logo", kwargs={"slug": client.slug}))
        if client.logo
        else "",
        client_slug=client.slug,
        department=requisition.department,
        location=requisition.location,
        remote_policy=requisition.remote_policy,
        employment_type=requisition.employment_type,
        salary_min=requisition.salary_min,
        salary_max=requisition.salary_max,
        currency=requisition.salary_currency,
        posted_at=posting.publish_at,
        expires_at=posting.expires_at,
        url=absolute(path),
        contact_email=site.contact_email if site else "",
        linkedin_company_id=site.linkedin_company_id if site else "",
        country=requisition.country,
    )


def next_change(*, client: Client | None = None, now=None) -> datetime | None:
    """When the set of live postings (of `client`, or of all) next changes by the clock alone."""
    now = now or timezone.now()
    postings = JobPosting.objects.filter(status=JobPosting.Status.PUBLISHED)
    if client is not None:
        postings = postings.filter(client=client)
    found = postings.aggregate(
        publish=Min("publish_at", filter=Q(publish_at__gt=now)),
        expiry=Min("expires_at", filter=Q(expires_at__gt=now)),
    )
    moments = [m for m in found.values() if m is not None]
    return min(moments) if moments else None


def job_posting_for_page(client: Client, requisition_id: int, now=None) -> JobPosting | None:
    """The live posting that gives a job its page: the careers site's first, else any channel."""
    postings = list(
        JobPosting.objects.live(now=now)
        .filter(client=client, requisition_id=requisition_id)
        .select_related("requisition")
    )
    if not postings:
        return None
    order = {c: n for n, c in enumerate(PAGE_CHANNELS)}
    postings.sort(key=lambda p: order.get(p.channel, 99))
    chosen = postings[0]
    chosen.client = client
    return chosen


def filter_jobs(
    postings: QuerySet, *, q: str = "", location: str = "", department: str = "", remote: str = ""
) -> QuerySet:
    if q:
        words = q.split()[:8]
        for word in words:
            postings = postings.filter(
                Q(requisition__title__icontains=word)
                | Q(requisition__description__icontains=word)
                | Q(requisition__department__icontains=word)
                | Q(requisition__location__icontains=word)
            )
    if location:
        postings = postings.filter(requisition__location=location)
    if department:
        postings = postings.filter(requisition__department=department)
    if remote:
        postings = postings.filter(requisition__remote_policy=remote)
    return postings


def facet_values(postings: QuerySet, field: str) -> list[str]:
    """The distinct non-blank values of a requisition field among `postings` (one query)."""
    values = (
        postings.order_by()
        .exclude(**{f"requisition__{field}": ""})
        .values_list(f"requisition__{field}", flat=True)
        .distinct()
    )
    return sorted(set(values))
