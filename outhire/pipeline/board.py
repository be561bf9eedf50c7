"""Reads for the pipeline board and the client portal, and the few rules only they need.

The board costs a fixed number of queries whatever the number of applications: one for the
stages with their counts, one for the cards (at most `per_column` per stage, picked by a
window function in the database), one for the owners to filter by, and three for what each
card shows besides its row (`card_details`). A requisition with 2,000 applications renders
with as many queries as one with 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts.models import User
from outhire.accounts.roles import Role
from outhire.candidates.models import Candidate, ContactPoint, ProfileEntry
from outhire.lib.formatting import clock
from outhire.pipeline.communication import messaging
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions.models import CLIENT_VISIBLE_KINDS, Requisition, Stage

PER_COLUMN = 20  # the newest of each column; 50 made a 2,000-application board 2.5 times slower
SOURCE_LABELS = dict(Candidate.Source.choices)
# Interviews and scorecards belong to the interviews app, a layer above this one: the board reads
# them through the ORM relation names only (`interviews__...`), never by importing its models,
# so the words of its statuses are repeated here.
INTERVIEW_SCHEDULED = "scheduled"
INTERVIEW_CANCELLED = "cancelled"
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
    "needs_review",
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
    cards = list(cards)
    card_details(requisition, cards)
    for card in cards:
        columns[card.stage_id].cards.append(card)
    return list(columns.values())


@dataclass(frozen=True)
class Flag:
    """A short warning on a card; `tone` picks its colour (and never carries meaning alone)."""

    text: str
    tone: str = "warn"


def card_details(requisition: Requisition, cards: list[Application]) -> None:
    """Fill in what a recruiter reads on each card besides its row: days in stage, the source in
    words, the next interview, the last match score and flags. Three queries for any number of
    cards (none for no cards)."""
    now = timezone.now()
    for card in cards:
        card.days_in_stage = (now - card.moved_at).days
        card.source_label = SOURCE_LABELS.get(card.source, card.source)
        card.next_interview = None
        card.score = None
        card.flags = [Flag(_("Knockout answer to review"))] if card.needs_review else []
    if not cards:
        return
    by_id = {card.pk: card for card in cards}
    interviews = (
        Application.objects.filter(pk__in=list(by_id))
        .order_by()
        .values("pk")
        .annotate(
            next_interview=Min(
                "interviews__starts_at",
                filter=Q(interviews__status=INTERVIEW_SCHEDULED, interviews__starts_at__gte=now),
            ),
            # Scorecards past their due time and not in (the interviews app's "overdue").
            feedback_due=Count(
                "interviews__scorecards",
                filter=Q(
                    interviews__scorecards__submitted_at__isnull=True,
                    interviews__scorecards__due_at__lt=now,
                )
                & ~Q(interviews__status=INTERVIEW_CANCELLED),
                distinct=True,
            ),
        )
    )
    for row in interviews:
        card = by_id[row["pk"]]
        card.next_interview = row["next_interview"]
        if row["feedback_due"]:
            card.flags.append(
                Flag(_("Feedback overdue (%(count)s)") % {"count": row["feedback_due"]})
            )
    by_candidate = {card.candidate_id: card for card in cards}
    # The score a person was last shown for this candidate and job (the matcher's decision log).
    logs = (
        requisition.score_logs.filter(candidate_id__in=list(by_candidate))
        .order_by("candidate_id", "-shown_at", "-id")
        .values_list("candidate_id", "score")
    )
    for candidate_id, score in logs:
        if by_candidate[candidate_id].score is None:
            by_candidate[candidate_id].score = round(score)
    # Another active record with the same e-mail address or phone number: likely the same person.
    twins = ContactPoint.objects.filter(
        kind=OuterRef("kind"),
        value_index=OuterRef("value_index"),
        candidate__merged_into__isnull=True,
        candidate__anonymised_at__isnull=True,
    ).exclude(candidate_id=OuterRef("candidate_id"))
    duplicated = (
        ContactPoint.objects.filter(candidate_id__in=list(by_candidate))
        .filter(Exists(twins))
        .values_list("candidate_id", flat=True)
        .distinct()
    )
    for candidate_id in duplicated:
        by_candidate[candidate_id].flags.append(Flag(_("Possible duplicate")))


def column_counts(requisition: Requisition) -> dict[int, int]:
    """Active applications per non-archived stage (0 for an empty one): the columns' badges."""
    return dict(
        Stage.objects.filter(requisition=requisition, archived=False)
        .annotate(
            active=Count("applications", filter=Q(applications__status=Application.Status.ACTIVE))
        )
        .values_list("pk", "active")
    )


def board_card(application_id: int, requisition: Requisition) -> Application:
    """One application loaded as the board shows it, with its card details."""
    card = (
        Application.objects.select_related("candidate", "owner")
        .only(*CARD_FIELDS)
        .get(pk=application_id)
    )
    card_details(requisition, [card])
    return card


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
        return _("%(name)s was changed by someone else: the board shows the current state.") % {
            "name": name
        }
    who = event.by.full_name if event.by else _("someone else")
    when = clock(event.at)
    values = {"name": name, "who": who, "time": when}
    if event.kind == StageEvent.Kind.MOVED or event.kind == StageEvent.Kind.HIRED:
        values["stage"] = event.to_stage.name
        text = _(
            "%(name)s was moved to %(stage)s by %(who)s at %(time)s — the board shows the "
            "current state."
        )
    elif event.kind == StageEvent.Kind.REJECTED:
        text = _(
            "%(name)s was rejected by %(who)s at %(time)s — the board shows the current state."
        )
    elif event.kind == StageEvent.Kind.WITHDRAWN:
        text = _(
            "%(name)s was withdrawn by %(who)s at %(time)s — the board shows the current state."
        )
    elif event.kind == StageEvent.Kind.REOPENED:
        text = _(
            "%(name)s was reopened by %(who)s at %(time)s — the board shows the current state."
        )
    else:
        values["what"] = event.get_kind_display().lower()
        text = _(
            "%(name)s was %(what)s by %(who)s at %(time)s — the board shows the current state."
        )
    return text % values


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
