"""Talent community workflows: join, confirm (double opt-in), unsubscribe, nurture campaigns.

Whether someone may be e-mailed is decided at the moment of sending, person by person: an
unsubscribe, a withdrawn or an expired consent stops the next e-mail even in a campaign that is
already going out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outhire.accounts import audit
from outhire.accounts.models import Client, User
from outhire.candidates import services as candidate_services
from outhire.candidates.models import Candidate, Consent, PoolMembership, TalentPool
from outhire.community.models import Campaign, Community, Delivery, Member
from outhire.community.periods import add_months, describe_months
from outhire.lib.i18n import candidate_language
from outhire.lib.tasks import enqueue

logger = logging.getLogger(__name__)

CONFIRM_SALT = "outhire.community.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 3600
UNSUBSCRIBE_SALT = "outhire.community.unsubscribe"
# Long: an unsubscribe link in an old e-mail should still work, and it can only stop e-mails.
UNSUBSCRIBE_MAX_AGE = 3 * 366 * 24 * 3600
NURTURE_PURPOSES = (Consent.Purpose.TALENT_POOL, Consent.Purpose.MARKETING)
PROVIDER_COMMUNITY_NAME = "Talent community"


def consent_period() -> str:
    """How long a member's consent lasts, in words of the active language ("2 years")."""
    months = settings.OUTHIRE_COMMUNITY_CONSENT_MONTHS
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}
    return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}


def community_name(client: Client | None) -> str:
    """The name a community is shown under before it exists (in the active language)."""
    if client is None:
        return _("Talent community")
    return _("%(client)s talent community") % {"client": client.name}


def community_for(client: Client | None) -> Community:
    """The community of a client (or the provider's, for None), made on first use."""
    existing = Community.objects.filter(client=client).order_by("id").first()
    if existing is not None:
        return existing
    name = f"{client.name} talent community" if client else PROVIDER_COMMUNITY_NAME
    try:
        with transaction.atomic():
            return Community.objects.create(client=client, name=name)
    except IntegrityError:
        return Community.objects.get(client=client)


def site_url(path: str) -> str:
    return settings.SITE_URL + path


# --- Joining and confirming ---------------------------------------------------------------------


def member_join(
    *,
    community: Community,
    first_name: str,
    last_name: str,
    email: str,
    interests: str = "",
    location: str = "",
    request: HttpRequest | None = None,
) -> Member:
    """Add someone to a community, waiting for them to confirm their e-mail address.

    An existing candidate with this e-mail is matched and never changed; anyone else becomes a
    new candidate. Joining again (after unsubscribing, or to renew consent) sends a new link.
    """
    now = timezone.now()
    with transaction.atomic():
        candidate, _created = candidate_services.candidate_find_or_create(
            by=None,
            match="email",
            request=request,
            first_name=first_name,
            last_name=last_name,
            emails=[email],
            location=location[:200],
            source=Candidate.Source.CAREERS_SITE,
            source_detail="talent_community",
        )
        member, created = Member.objects.get_or_create(
            community=community,
            candidate=candidate,
            defaults={"interests": interests, "location": location, "joined_at": now},
        )
        if not created:
            member.interests = interests
            member.location = location
            member.joined_at = now
            fields = ["interests", "location", "joined_at"]
            if member.unsubscribed_at is not None:
                member.unsubscribed_at = None
                member.confirmed_at = None
                member.consent = None
                fields += ["unsubscribed_at", "confirmed_at", "consent"]
            member.save(update_fields=fields)
        candidate_services.timeline_add(
            candidate,
            "community",
            f"Asked to join “{community.name}”",
            client=community.client,
        )
        from outhire.community.tasks import send_confirmation

        enqueue(send_confirmation, member.pk)
    return member


def confirm_token(member: Member) -> str:
    return signing.dumps(
        {"m": member.pk, "j": int(member.joined_at.timestamp())}, salt=CONFIRM_SALT, compress=True
    )


def member_from_confirm_token(token: str) -> Member | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        member_id, joined = int(data["m"]), int(data["j"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    member = (
        Member.objects.select_related("community__client", "candidate", "consent")
        .filter(pk=member_id)
        .first()
    )
    # A link from before a later join (or unsubscribe and join) no longer counts.
    if member is None or int(member.joined_at.timestamp()) != joined:
        return None
    return member


def confirmation_send(member: Member) -> None:
    candidate = member.candidate
    email = candidate.email
    if not email:
        return
    url = site_url(reverse("community:confirm", kwargs={"token": confirm_token(member)}))
    name = member.community.name
    with translation.override(candidate_language(candidate)):
        body = "\n\n".join(
            [
                _("Hello %(first_name)s,") % {"first_name": candidate.first_name},
                _(
                    "Please confirm that you want to join %(community)s: open this link within "
                    "14 days."
                )
                % {"community": name},
                url,
                _(
                    "We will then e-mail you about roles that match your interests, for "
                    "%(period)s, until you unsubscribe (every e-mail has a link)."
                )
                % {"period": consent_period()},
                _("If you did not ask for this, ignore this e-mail: nothing more will be sent."),
            ]
        )
        subject = _("Confirm that you want to join %(community)s") % {"community": name}
    EmailMessage(subject=subject, body=body + "\n", to=[email]).send()


def member_confirm(*, member: Member, request: HttpRequest | None = None) -> Member:
    """The person confirmed their address: record their consent, with its expiry."""
    now = timezone.now()
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        active = member.consent if member.confirmed_at and member.consent_id else None
        if (
            active is not None
            and active.status == "active"
            and member.confirmed_at >= member.joined_at
        ):
            return member
        consent = candidate_services.consent_record(
            candidate=member.candidate,
            purpose=Consent.Purpose.TALENT_POOL,
            method=Consent.Method.WEB_FORM,
            by=None,
            expires_at=add_months(now, settings.OUTHIRE_COMMUNITY_CONSENT_MONTHS),
            evidence=(
                f"Joined “{member.community.name}” on the web form and confirmed by e-mail; "
                "agreed to be contacted about future roles for "
                f"{describe_months(settings.OUTHIRE_COMMUNITY_CONSENT_MONTHS)}"
            )[:300],
            request=request,
        )
        member.confirmed_at = now
        member.consent = consent
        member.save(update_fields=["confirmed_at", "consent"])
    return member


# --- Unsubscribing ------------------------------------------------------------------------------


def unsubscribe_token(candidate_id: int) -> str:
    return signing.dumps({"c": candidate_id}, salt=UNSUBSCRIBE_SALT)


def candidate_from_unsubscribe_token(token: str) -> Candidate | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
        candidate_id = int(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return Candidate.objects.filter(pk=candidate_id).first()


def unsubscribe(*, candidate: Candidate, request: HttpRequest | None = None) -> int:
    """Stop every nurture e-mail to this person now; how many consents were withdrawn.

    Withdraws their talent-pool and marketing consents and ends their community memberships,
    so no campaign (one being sent included) e-mails them again.
    """
    now = timezone.now()
    with transaction.atomic():
        consents = list(
            Consent.objects.select_for_update().filter(
                candidate=candidate, purpose__in=NURTURE_PURPOSES, withdrawn_at__isnull=True
            )
        )
        for consent in consents:
            candidate_services.consent_withdraw(consent=consent, by=None, request=request)
        Member.objects.filter(candidate=candidate, unsubscribed_at__isnull=True).update(
            unsubscribed_at=now
        )
    return len(consents)


# --- Segments and campaigns ---------------------------------------------------------------------


@dataclass
class Segment:
    community: Community | None = None
    pool: TalentPool | None = None
    interest: str = ""
    location: str = ""

    @property
    def client(self) -> Client | None:
        return self.community.client if self.community else None

    def candidate_ids(self, now=None) -> QuerySet:
        """Ids of the people this segment may e-mail now (consent checked, filters applied)."""
        now = now or timezone.now()
        if self.community is not None:
            members = Member.objects.reachable(now).filter(community=self.community)
            if self.interest:
                members = members.filter(interests__icontains=self.interest)
            if self.location:
                members = members.filter(
                    Q(location__icontains=self.location)
                    | Q(candidate__location__icontains=self.location)
                )
            ids = members.values("candidate_id")
        else:
            consenting = Consent.objects.filter(
                purpose__in=NURTURE_PURPOSES, withdrawn_at__isnull=True
            ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            memberships = PoolMembership.objects.filter(
                pool=self.pool, candidate_id__in=consenting.values("candidate_id")
            )
            if self.interest:
                memberships = memberships.filter(
                    Q(candidate__current_title__icontains=self.interest)
                    | Q(candidate__search_text__icontains=self.interest)
                )
            if self.location:
                memberships = memberships.filter(candidate__location__icontains=self.location)
            ids = memberships.values("candidate_id")
        return (
            Candidate.objects.active()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def count(self) -> int:
        return self.candidate_ids().count()


def segment_of(campaign: Campaign) -> Segment:
    return Segment(
        community=campaign.community,
        pool=campaign.pool,
        interest=campaign.interest,
        location=campaign.location,
    )


def campaign_start(
    *,
    segment: Segment,
    subject: str,
    body: str,
    by: User,
    request: HttpRequest | None = None,
) -> Campaign:
    """Record a campaign and queue its sending (one e-mail per person, in the background)."""
    with transaction.atomic():
        campaign = Campaign(
            client=segment.client,
            community=segment.community,
            pool=segment.pool,
            interest=segment.interest,
            location=segment.location,
            subject=subject,
            body=body,
            created_by=by,
            recipients=segment.count(),
        )
        campaign.full_clean()
        campaign.save()
        audit.record(
            "community.campaign_started",
            actor=by,
            request=request,
            obj=campaign,
            client=segment.client,
            changes={"segment": campaign.segment, "recipients": campaign.recipients},
        )
        from outhire.community.tasks import send_campaign

        enqueue(send_campaign, campaign.pk)
    return campaign


def campaign_send(campaign: Campaign) -> Campaign:
    """Send the campaign to everyone in its segment not yet handled; safe to run again.

    Each person is checked again just before their e-mail goes out.
    """
    segment = segment_of(campaign)
    done = set(campaign.deliveries.values_list("candidate_id", flat=True))
    for candidate_id in list(segment.candidate_ids()):
        if candidate_id in done:
            continue
        status, reason = _deliver(campaign, segment, candidate_id)
        try:
            Delivery.objects.create(
                campaign=campaign, candidate_id=candidate_id, status=status, reason=reason
            )
        except IntegrityError:
            continue  # another worker handled this person
        Campaign.objects.filter(pk=campaign.pk).update(**{status: F(status) + 1})
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.SENT, finished_at=timezone.now()
    )
    campaign.refresh_from_db()
    return campaign


# A campaign's delivery skipped for a person who restricted or objected to processing.
PROCESSING_STOPPED = "processing restricted or objected to (GDPR Art. 18/21)"


def _deliver(campaign: Campaign, segment: Segment, candidate_id: int) -> tuple[str, str]:
    if not segment.candidate_ids().filter(pk=candidate_id).exists():
        return Delivery.Status.SKIPPED, "unsubscribed, or consent withdrawn or expired"
    candidate = Candidate.objects.prefetch_related("contact_points").get(pk=candidate_id)
    if candidate.processing_stopped:
        return Delivery.Status.SKIPPED, PROCESSING_STOPPED
    if not candidate.email:
        return Delivery.Status.SKIPPED, "no e-mail address"
    try:
        send_one(campaign, candidate)
    except Exception as error:  # a mail server's refusal must not stop the campaign
        # The class only: the message may quote the address.
        logger.warning(
            "campaign %s: e-mail to candidate %s failed: %s",
            campaign.pk,
            candidate_id,
            type(error).__name__,
        )
        return Delivery.Status.FAILED, type(error).__name__[:200]
    return Delivery.Status.SENT, ""


def send_one(campaign: Campaign, candidate: Candidate) -> None:
    """One nurture e-mail, with a personal unsubscribe link and one-click unsubscribe headers."""
    url = site_url(
        reverse("community:unsubscribe", kwargs={"token": unsubscribe_token(candidate.pk)})
    )
    # The campaign's own text is as its author wrote it; our words around it are in the
    # person's language.
    with translation.override(candidate_language(candidate)):
        why = (
            _("You get this e-mail because you joined %(community)s.")
            % {"community": campaign.community.name}
            if campaign.community
            else _("You get this e-mail because you agreed to hear about future roles.")
        )
        hello = _("Hello %(first_name)s,") % {"first_name": candidate.first_name}
        unsubscribe = _("Unsubscribe at any time: %(url)s") % {"url": url}
    body = f"{hello}\n\n{campaign.body.strip()}\n\n-- \n{why}\n{unsubscribe}\n"
    message = EmailMessage(
        subject=campaign.subject,
        body=body,
        to=[candidate.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
