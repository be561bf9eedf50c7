"""Reads of the data subject request log that several pages share (the log, My work)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from outhire.privacy.models import DataRequest

# The log's status filter: its values and what each shows.
STATUS_FILTERS = {
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    "done": gettext_lazy("Closed (done, refused or withdrawn)"),
    "all": gettext_lazy("All"),
}


def with_deadline(queryset: QuerySet[DataRequest]) -> QuerySet[DataRequest]:
    """`until`: the deadline in force (the extended one, else the first), for filters and order."""
    return queryset.annotate(until=Coalesce("extended_to", "due_at"))


def request_log(
    *,
    now: datetime,
    status: str = "open",
    kind: str = "",
    owner_id: int | None = None,
    unowned: bool = False,
) -> QuerySet[DataRequest]:
    """The log's rows for its filters: open ones by nearest deadline, closed ones newest first.

    The person (while their record exists) and the owner come in the same query.
    """
    queryset = with_deadline(DataRequest.objects.all()).select_related("candidate", "owner")
    if status == "open":
        queryset = queryset.filter(status=DataRequest.Status.OPEN)
    elif status == "overdue":
        queryset = queryset.filter(status=DataRequest.Status.OPEN, until__lt=now)
    elif status == "done":
        queryset = queryset.exclude(status=DataRequest.Status.OPEN)
    if kind:
        queryset = queryset.filter(kind=kind)
    if unowned:
        queryset = queryset.filter(owner__isnull=True)
    elif owner_id is not None:
        queryset = queryset.filter(owner_id=owner_id)
    if status == "done":
        return queryset.order_by("-completed_at", "-id")
    return queryset.order_by("status", "until", "id")


def requests_due_for(user) -> QuerySet[DataRequest]:
    """Open requests `user` answers for: theirs, and those nobody owns yet (a provider admin's
    to take)."""
    return with_deadline(
        DataRequest.objects.filter(status=DataRequest.Status.OPEN).filter(
            Q(owner=user) | Q(owner__isnull=True)
        )
    )


def open_requests_of(candidate) -> QuerySet[DataRequest]:
    """A person's open requests, nearest deadline first (their page's banner and link)."""
    return with_deadline(
        DataRequest.objects.filter(candidate=candidate, status=DataRequest.Status.OPEN)
    ).order_by("until", "id")


def days_left(deadline: datetime, now: datetime) -> int:
    """Calendar days until `deadline` (0 on the day, negative once past): "3 days left",
    "due today", "overdue by 2 days"."""
    return (timezone.localdate(deadline) - timezone.localdate(now)).days
