"""Reads for the pipeline board and the client portal, and the few rules only they need.

The board costs a fixed number of queries whatever the number of applications: one for the
stages with their counts, one for the cards (at most `per_column` per stage, picked by a
window function in the database), one for the owners to filter by. A requisition with 2,000
applications renders with as many queries as one with 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from outhire.accounts.models import User
from outhire.accounts.roles import Role
from outhire.candidates.models import ProfileEntry
from outhire.pipeline.communication import messaging
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions.models import CLIENT_VISIBLE_KINDS, Requisition, Stage

PER_COLUMN = 50
MAX_EXPANDED = 1000  # "show all" of one column stops here; filters narrow it further
# Client roles that may advance or decline a shortlisted candidate; interviewers only read.
PORTAL_DECIDERS = frozenset({Role.CLIENT_ADMIN, Role.CLIENT_RECRUITER, Role.HIRING_MANAGER})
CARD_FIELDS = (
    "id",
    "client_id",
    "requisition_id",
    "stage_id",
    "status",
    "source",
    "moved_at",
    "version",
    "candidate__id",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__current_title",
    "owner__id",
    "owner__full_name",
    "owner__email",
)


@dataclass
class BoardFilters:
    text: str = ""
    source: str = ""
    owner_id: int | None = None
    status: str = Application.Status.ACTIVE

    def apply(self, queryset: QuerySet) -> QuerySet:
        for word in self.text.split()[:5]:
            queryset = queryset.filter(
                Q(candidate__first_name__icontains=word) | Q(candidate__last_name__icontains=word)
            )
        if self.source:
            queryset = queryset.filter(source=self.source)
        if self.owner_id:
            queryset = queryset.filter(owner_id=self.owner_id)
        if self.status:
            queryset = queryset.filter(status=self.status)
        return queryset


@dataclass
class Column:
    stage: Stage
    active_count: int
    shown_total: int  # cards matching the filters, of which `cards` are the first
    cards: list[Application] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.shown_total > len(self.cards)


def board_columns(
    requisition: Requisition,
    filters: BoardFilters,
    *,
    per_column: int = PER_COLUMN,
    expand_stage_id: int | None = None,
) -> list[Column]:
    """One column per non-archived stage, each with its first cards (most recently moved first).

    `expand_stage_id` lifts the limit for that one column ("show all").
    """
    matching = filters.apply(Application.objects.filter(requisition=requisition))
    stages = list(
        Stage.objects.filter(requisition=requisition, archived=False).annotate(
            active_count=Count(
                "applications",
                filter=Q(applications__status=Application.Status.ACTIVE),
                distinct=True,
            ),
            shown_total=Count(
                "applications", filter=Q(applications__in=matching.values("id")), distinct=True
            ),
        )
    )
    columns = {s.pk: Column(s, s.active_count, s.shown_total) for s in stages}
    cards = (
        matching.filter(stage_id__in=list(columns))
        .select_related("candidate", "owner")
        .only(*CARD_FIELDS)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("stage_id")],
                order_by=[F("moved_at").desc(), F("id").desc()],
            )
        )
        .order_by("stage_id", "-moved_at", "-id")
    )
    # A filter on a window function cannot be OR-ed with another, so the expanded column's
    # limit is an expression instead.
    limit = Case(
        When(stage_id=expand_stage_id or 0, then=Value(MAX_EXPANDED)), default=Value(per_column)
    )
    cards = cards.filter(place__lte=limit)
    now = timezone.now()
    for card in cards:
        card.days_in_stage = (now - card.moved_at).days
        columns[card.stage_id].cards.append(card)
    return list(columns.values())


def board_owners(requisition: Requisition) -> list[User]:
    """The people owning at least one application of `requisition`, to filter the board by."""
    owner_ids = Application.objects.filter(requisition=requisition, owner__isnull=False).values(
        "owner_id"
    )
    return list(User.objects.filter(pk__in=owner_ids).only("id", "full_name", "email"))


def board_sources(requisition: Requisition) -> list[str]:
    return list(
        Application.objects.filter(requisition=requisition)
        .exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


def last_move(application: Application) -> StageEvent | None:
    return (
        StageEvent.objects.filter(application_id=application.pk)
        .select_related("by", "to_stage")
        .order_by("-at", "-id")
        .first()
    )


def conflict_message(current: Application) -> str:
    """What to tell someone whose move was made on a stale page."""
    event = last_move(current)
    name = current.candidate.full_name
    if event is None:
        return f"{name} was changed by someone else: the board shows the current state."
    who = event.by.full_name if event.by else "someone else"
    when = timezone.localtime(event.at).strftime("%H:%M")
    if event.kind == StageEvent.Kind.MOVED or event.kind == StageEvent.Kind.HIRED:
        what = f"moved to {event.to_stage.name}"
    else:
        what = event.get_kind_display().lower()
    return f"{name} was {what} by {who} at {when} — the board shows the current state."


def next_stage(application: Application, stages: list[Stage]) -> Stage | None:
    """The stage after the application's current one, among `stages` (in order)."""
    positions = [s.pk for s in stages]
    if application.stage_id not in positions:
        return None
    index = positions.index(application.stage_id)
    return stages[index + 1] if index + 1 < len(stages) else None


def skipped_stages(application: Application, to_stage: Stage, stages: list[Stage]) -> list[Stage]:
    """The stages (among `stages`, in order) a forward move from the application's stage to
    `to_stage` would pass over; none for a move to the next stage or backwards."""
    positions = [s.pk for s in stages]
    if application.stage_id not in positions or to_stage.pk not in positions:
        return []
    start, end = positions.index(application.stage_id), positions.index(to_stage.pk)
    return stages[start + 1 : end]


@dataclass
class MovePlan:
    """What a move does besides moving, shown to the person before anything happens: the
    stages it skips, whether it shares the candidate with the client, the e-mails it sends."""

    kind: str  # the StageEvent kind it makes
    to_stage: Stage | None
    skipped: list[Stage] = field(default_factory=list)
    shares: bool = False
    drafts: list[messaging.Draft] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.skipped or self.drafts)


def move_plan(
    application: Application,
    *,
    kind: str,
    to_stage: Stage | None = None,
    stages: list[Stage] = (),
    by=None,
) -> MovePlan:
    """The plan of moving `application` to `to_stage` (kind "moved" or "hired") or closing
    it (kind "rejected" or "withdrawn", no stage). An application the move service will refuse
    (closed, or already there) has nothing to confirm: the refusal says why."""
    if application.status != Application.Status.ACTIVE or (
        to_stage is not None and to_stage.pk == application.stage_id
    ):
        return MovePlan(kind=kind, to_stage=to_stage)
    if to_stage is None:
        drafts = messaging.move_drafts(application, kind=kind, to_kind=application.stage.kind)
        return MovePlan(kind=kind, to_stage=None, drafts=drafts)
    return MovePlan(
        kind=kind,
        to_stage=to_stage,
        skipped=skipped_stages(application, to_stage, list(stages)),
        shares=to_stage.kind in CLIENT_VISIBLE_KINDS and application.reached_client_at is None,
        drafts=messaging.move_drafts(application, kind=kind, to_kind=to_stage.kind, by=by),
    )


def can_decide_in_portal(access, client_id: int) -> bool:
    role = access.role(client_id)
    if role is None or access.read_only:
        return False
    return role in PORTAL_DECIDERS or (role.is_provider and access.can_write(client_id))


def portal_applications(access, requisition: Requisition) -> QuerySet:
    """What the client's hiring team sees of a requisition: applications shortlisted to it.

    Explicitly limited to those that reached the client, so provider staff looking at the
    portal see what the client sees.
    """
    return (
        Application.objects.visible_to(access)
        .filter(requisition=requisition, reached_client_at__isnull=False)
        .select_related("candidate", "stage")
        .prefetch_related(
            Prefetch(
                "candidate__profile_entries",
                queryset=ProfileEntry.objects.filter(
                    kind=ProfileEntry.Kind.SKILL, hidden=False
                ).only("id", "candidate_id", "name"),
                to_attr="skills",
            )
        )
        .order_by("stage__position", "-moved_at", "-id")
    )
