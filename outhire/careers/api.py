"""The careers part of the JSON API (mounted by outhire.api.api): job postings per channel.

Staff who may read a requisition list its postings; those who may write for its client create
and change them. The public read of a client's open jobs is the feeds, not this API.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.tenancy import get_visible_or_404
from outhire.careers import services
from outhire.careers.models import JobPosting
from outhire.careers.selectors import absolute
from outhire.lib.api.fields import IsoDateTime
from outhire.requisitions.models import Requisition

# A requisition or posting out of reach is a 404, before the body is validated (api_auth).
router = Router(
    tags=["careers"],
    auth=api_auth.path_checked_auth(
        {
            "requisition_id": api_auth.visible(Requisition),
            "posting_id": api_auth.visible(JobPosting),
        }
    ),
)


class PostingOut(Schema):
    id: int
    requisition: int
    client: str = Field(description="The client's slug")
    channel: str
    status: str = Field(description="draft, published or withdrawn")
    publish_at: datetime
    expires_at: datetime | None
    live: bool = Field(description="Shown to job seekers now (published, due, not expired, open)")
    url: str = Field(description="The job's public page")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_requisition(obj: JobPosting) -> int:
        return obj.requisition_id

    @staticmethod
    def resolve_client(obj: JobPosting) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_live(obj: JobPosting) -> bool:
        return getattr(obj, "is_live", False)

    @staticmethod
    def resolve_url(obj: JobPosting) -> str:
        kwargs = {"slug": obj.client.slug, "requisition_id": obj.requisition_id}
        return absolute(reverse("careers:job", kwargs=kwargs))


class PostingPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    status: JobPosting.Status = None
    publish_at: IsoDateTime = None
    expires_at: IsoDateTime | None = Field(None, description="null: no expiry")


class PostingIn(PostingPatchIn):
    channel: JobPosting.Channel
    status: JobPosting.Status = JobPosting.Status.PUBLISHED


def _with_live(postings: list[JobPosting]) -> list[JobPosting]:
    ids = {p.pk for p in postings}
    live = set(JobPosting.objects.live().filter(pk__in=ids).values_list("pk", flat=True))
    for posting in postings:
        posting.is_live = posting.pk in live
    return postings


def _posting_out(posting_id: int) -> JobPosting:
    posting = JobPosting.objects.select_related("client").get(pk=posting_id)
    return _with_live([posting])[0]


def _save(request: HttpRequest, requisition: Requisition, channel: str, data: dict) -> JobPosting:
    status = data.get("status")
    return services.posting_save(
        requisition=requisition,
        channel=channel,
        by=request.user,
        status=str(getattr(status, "value", status)) if status is not None else None,
        publish_at=data.get("publish_at"),
        expires_at=data.get("expires_at"),
        clear_expiry="expires_at" in data,
        request=request,
    )


@router.get(
    "/requisitions/{requisition_id}/postings",
    response=list[PostingOut],
    summary="A requisition's postings, one per channel",
)
def posting_list(request: HttpRequest, requisition_id: int):
    requisition = get_visible_or_404(request.access, Requisition, pk=requisition_id)
    postings = list(
        JobPosting.objects.filter(requisition=requisition)
        .select_related("client")
        .order_by("channel")
    )
    return _with_live(postings)


@router.post(
    "/requisitions/{requisition_id}/postings",
    response={201: PostingOut},
    summary="Post a requisition on a channel (published now unless told otherwise)",
)
def posting_create(request: HttpRequest, requisition_id: int, payload: PostingIn) -> Status:
    requisition = get_visible_or_404(request.access, Requisition, pk=requisition_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    channel = str(payload.channel.value)
    if JobPosting.objects.filter(requisition=requisition, channel=channel).exists():
        raise HttpError(409, _("This requisition already has a posting on this channel; PATCH it."))
    data.setdefault("status", payload.status)
    posting = _save(request, requisition, channel, data)
    return Status(201, _posting_out(posting.pk))


@router.get("/postings/{posting_id}", response=PostingOut, summary="One posting")
def posting_detail(request: HttpRequest, posting_id: int) -> JobPosting:
    posting = get_visible_or_404(request.access, JobPosting, pk=posting_id)
    return _posting_out(posting.pk)


@router.patch(
    "/postings/{posting_id}",
    response=PostingOut,
    summary="Publish, schedule, withdraw a posting or change its dates",
)
def posting_update(request: HttpRequest, posting_id: int, payload: PostingPatchIn) -> JobPosting:
    posting = get_visible_or_404(
        request.access, JobPosting.objects.select_related("requisition"), pk=posting_id, write=True
    )
    _save(request, posting.requisition, posting.channel, payload.model_dump(exclude_unset=True))
    return _posting_out(posting.pk)


# The apply flow's endpoints (outhire/careers/apply/api.py) register on this router.
from outhire.careers.apply import api as apply_api  # noqa: E402, F401
