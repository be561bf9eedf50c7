"""What waits for each person, by role: the items of their home page ("My work").

Each item is one kind of work (new applicants to review, approvals to give...) read by one
function here from the apps that own it: a count, the age of the oldest, and the first rows,
each linking to the page where it is done. Once done, a row leaves its item by itself (the
application moved on, the approval was given): nothing is dismissed or stored here.

Every item costs two queries (the count with the oldest, then the rows) whatever the data
size, except the SLA item, which reads the SLA clocks (`analytics.sla.running_clocks`). Rows
are those of the caller's access twice over: the request's scope (the scoped managers and
their row rules) and an explicit filter to the clients where the caller holds the item's role,
narrowed to the caller's own requisitions where that is the rule (a recruiter's requisitions,
a hiring manager's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from outhire.accounts.models import Invitation
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access
from outhire.interviews.models import Interview, Scorecard
from outhire.lib.formatting import calendar_date, number
from outhire.offers.models import Offer, OfferApproval
from outhire.pipeline.models import Application, Message
from outhire.privacy.selectors import days_left, requests_due_for
from outhire.requisitions.models import (
    Approval,
    Opening,
    Requisition,
    RequisitionEvent,
    StageKind,
)

# Rows shown per item on the home page; an item's own page shows up to ITEM_PAGE_ROWS.
HOME_ROWS = 5
ITEM_PAGE_ROWS = 200

Active = Application.Status.ACTIVE


@dataclass(frozen=True)
class Row:
    """One thing to do: what, where it is done, since when."""

    title: str
    url: str
    since: datetime | None
    detail: str = ""
    flag: str = ""
    # When the thing is done right here rather than on another page: (label, URL to post
    # to) for each button (an expired invitation: send it again, or withdraw it).
    actions: tuple[tuple[str, str], ...] = ()

    @property
    def urgent(self) -> bool:
        """The flag says it is late (shown as a warning)."""
        return self.flag in (gettext("Breach"), gettext("Overdue"))


@dataclass
class Item:
    """One kind of work: how many, since when the oldest waits, and the first rows."""

    key: str
    title: str
    hint: str
    count: int
    oldest: datetime | None
    rows: list[Row]
    more_url: str = ""
    summary: str = ""

    @property
    def url(self) -> str:
        """The item's own page, listing every row."""
        return reverse("work:item", args=[self.key])


@dataclass
class Context:
    """Who asks, and the clients where they hold each role."""

    access: Access
    now: datetime = field(default_factory=timezone.now)

    @property
    def user(self):
        return self.access.user

    def clients(self, *roles: Role) -> list[int]:
        return [cid for cid, role in self.access.roles.items() if role in roles]

    @cached_property
    def roles(self) -> set[Role]:
        roles = set(self.access.roles.values())
        if self.access.is_provider_staff:
            roles.add(Role(self.user.provider_role))
        return roles

    def my_requisitions(self) -> QuerySet:
        """A recruiter's requisitions: those naming them, and those naming no recruiter yet
        (so nothing of their clients falls between two chairs)."""
        return Requisition.objects.filter(client_id__in=self.clients(Role.RECRUITER)).filter(
            Q(recruiters=self.user) | Q(recruiters__isnull=True)
        )


def _item(
    ctx: Context,
    queryset: QuerySet,
    *,
    key: str,
    since: str,
    limit: int,
    row: Callable[[object], Row],
    related: tuple[str, ...] = (),
    order: tuple[str, ...] = (),
) -> Item:
    """Count, oldest and first rows of `queryset` (its `since` field or annotation)."""
    spec = SPECS[key]
    totals = queryset.order_by().aggregate(n=Count("pk", distinct=True), oldest=Min(since))
    rows = []
    if totals["n"]:
        found = queryset.select_related(*related).order_by(*(order or (since, "pk")))[:limit]
        rows = [row(obj) for obj in found]
    return Item(
        key=key,
        title=spec.title,
        hint=spec.hint,
        count=totals["n"],
        oldest=totals["oldest"],
        rows=rows,
    )


def _application_url(application) -> str:
    return reverse("pipeline:application_detail", args=[application.pk])


def _where(application) -> str:
    requisition = application.requisition
    return f"{requisition.title} · {requisition.client.name}"


# --- Recruiters ---------------------------------------------------------------------------------


def new_applicants(ctx: Context, limit: int) -> Item:
    """Active applications still at an "applied" stage of the recruiter's requisitions."""
    queryset = Application.objects.filter(
        status=Active,
        stage__kind=StageKind.APPLIED,
        requisition__in=ctx.my_requisitions().values("pk"),
    )
    return _item(
        ctx,
        queryset,
        key="new_applicants",
        since="moved_at",
        limit=limit,
        related=("candidate", "requisition__client"),
        row=lambda a: Row(
            a.candidate.full_name,
            _application_url(a),
            a.moved_at,
            _where(a),
            gettext("Knockout answer") if a.needs_review else "",
        ),
    )


def _idle_filter(now: datetime) -> Q:
    """At a stage of a kind with a target (OUTHIRE_STAGE_SLA_DAYS), for longer than it."""
    query = Q(pk__in=[])
    for kind, days in settings.OUTHIRE_STAGE_SLA_DAYS.items():
        if kind == StageKind.APPLIED:
            continue  # new applicants have their own item
        query |= Q(stage__kind=kind, moved_at__lt=now - timedelta(days=days))
    return query


def idle_applications(ctx: Context, limit: int) -> Item:
    """Active applications waiting at one stage longer than the stage's target."""
    queryset = Application.objects.filter(
        _idle_filter(ctx.now),
        status=Active,
        requisition__in=ctx.my_requisitions().values("pk"),
    )
    targets = settings.OUTHIRE_STAGE_SLA_DAYS
    return _item(
        ctx,
        queryset,
        key="idle_applications",
        since="moved_at",
        limit=limit,
        related=("candidate", "requisition__client", "stage"),
        row=lambda a: Row(
            a.candidate.full_name,
            _application_url(a),
            a.moved_at,
            gettext("%(stage)s (target %(days)s days) · %(where)s")
            % {"stage": a.stage.name, "days": targets.get(a.stage.kind, "?"), "where": _where(a)},
        ),
    )


def _scheduling(ctx: Context) -> QuerySet:
    """Active applications to schedule for, with their latest interview's status, id and time
    of change: coordinators schedule for every requisition of their clients, recruiters for
    their own requisitions."""
    latest = Interview.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Application.objects.filter(status=Active)
        .filter(
            Q(client_id__in=ctx.clients(Role.COORDINATOR))
            | Q(
                client_id__in=ctx.clients(Role.RECRUITER),
                requisition__in=ctx.my_requisitions().values("pk"),
            )
        )
        .annotate(
            last_status=Subquery(latest.values("status")[:1]),
            last_id=Subquery(latest.values("pk")[:1]),
            last_at=Subquery(latest.values("updated_at")[:1]),
        )
    )


def interviews_to_schedule(ctx: Context, limit: int) -> Item:
    """Applications at an interview stage with no interview yet, or whose latest interview is
    planned but neither booked nor offered to the candidate."""
    queryset = (
        _scheduling(ctx)
        .filter(
            Q(last_status=Interview.Status.PLANNED)
            | Q(last_status__isnull=True, stage__kind=StageKind.INTERVIEW)
        )
        .annotate(since=Coalesce("last_at", "moved_at"))
    )

    def row(a) -> Row:
        if a.last_id:
            url = reverse("interviews:interview_detail", args=[a.last_id])
        else:
            url = reverse("interviews:application_interviews", args=[a.pk])
        flag = gettext("Planned, not booked") if a.last_id else gettext("No interview yet")
        return Row(a.candidate.full_name, url, a.since, _where(a), flag)

    return _item(
        ctx,
        queryset,
        key="interviews_to_schedule",
        since="since",
        limit=limit,
        related=("candidate", "requisition__client"),
        row=row,
    )


def interviews_to_reschedule(ctx: Context, limit: int) -> Item:
    """Active applications whose latest interview was cancelled (by the candidate through their
    link, or by staff): a new one is to be booked, or the application moved on."""
    queryset = _scheduling(ctx).filter(last_status=Interview.Status.CANCELLED)
    return _item(
        ctx,
        queryset,
        key="interviews_to_reschedule",
        since="last_at",
        limit=limit,
        related=("candidate", "requisition__client"),
        row=lambda a: Row(
            a.candidate.full_name,
            reverse("interviews:application_interviews", args=[a.pk]),
            a.last_at,
            _where(a),
        ),
    )


def feedback_missing(ctx: Context, limit: int) -> Item:
    """Scorecards past their due time, not in, on the recruiter's requisitions."""
    queryset = Scorecard.objects.filter(
        submitted_at__isnull=True,
        due_at__lt=ctx.now,
        interview__application__requisition__in=ctx.my_requisitions().values("pk"),
    ).exclude(interview__status=Interview.Status.CANCELLED)
    return _item(
        ctx,
        queryset,
        key="feedback_missing",
        since="due_at",
        limit=limit,
        related=("interviewer", "interview__application__requisition__client"),
        row=lambda s: Row(
            f"{s.interviewer.full_name or s.interviewer.email}: {s.interview.title}",
            reverse("interviews:interview_detail", args=[s.interview_id]),
            s.due_at,
            _where(s.interview.application),
            gettext("Overdue"),
        ),
    )


def _my_offers(ctx: Context) -> QuerySet:
    return Offer.objects.filter(
        superseded=False,
        application__requisition__in=ctx.my_requisitions().values("pk"),
    )


def _offer_row(offer, since) -> Row:
    return Row(
        offer.application.candidate.full_name,
        reverse("offers:offer_detail", args=[offer.pk]),
        since,
        _where(offer.application),
    )


OFFER_RELATED = ("application__candidate", "application__requisition__client")


def offers_to_send(ctx: Context, limit: int) -> Item:
    """Offers approved by the client's chain, not yet sent to the candidate."""
    return _item(
        ctx,
        _my_offers(ctx).filter(status=Offer.Status.APPROVED),
        key="offers_to_send",
        since="approved_at",
        limit=limit,
        related=OFFER_RELATED,
        row=lambda o: _offer_row(o, o.approved_at),
    )


def offers_declined(ctx: Context, limit: int) -> Item:
    """Declined offers whose application is still active: renegotiate, or close it."""
    queryset = _my_offers(ctx).filter(status=Offer.Status.DECLINED, application__status=Active)
    return _item(
        ctx,
        queryset,
        key="offers_declined",
        since="resolved_at",
        limit=limit,
        related=OFFER_RELATED,
        row=lambda o: _offer_row(o, o.resolved_at),
    )


def offers_accepted(ctx: Context, limit: int) -> Item:
    """Offers accepted in the last OUTHIRE_WORK_RECENT_DAYS days: the hire and its start."""
    recent = ctx.now - timedelta(days=settings.OUTHIRE_WORK_RECENT_DAYS)
    queryset = _my_offers(ctx).filter(status=Offer.Status.ACCEPTED, resolved_at__gte=recent)
    return _item(
        ctx,
        queryset,
        key="offers_accepted",
        since="resolved_at",
        limit=limit,
        related=OFFER_RELATED,
        row=lambda o: _offer_row(o, o.resolved_at),
    )


def requisitions_to_submit(ctx: Context, limit: int) -> Item:
    """Drafts the client raised, or that an approver sent back: to complete and submit."""
    sent_back = RequisitionEvent.objects.filter(
        requisition=OuterRef("pk"),
        from_status=Requisition.Status.PENDING_APPROVAL,
        to_status=Requisition.Status.DRAFT,
    )
    queryset = (
        Requisition.objects.filter(
            pk__in=ctx.my_requisitions().values("pk"), status=Requisition.Status.DRAFT
        )
        .annotate(
            sent_back_at=Subquery(sent_back.order_by("-at").values("at")[:1]),
            since=Coalesce("sent_back_at", "created_at"),
        )
        .filter(Q(sent_back_at__isnull=False) | Q(created_by__provider_role=""))
    )
    return _item(
        ctx,
        queryset,
        key="requisitions_to_submit",
        since="since",
        limit=limit,
        related=("client", "created_by"),
        row=lambda r: Row(
            f"{r.title}{f' ({r.reference})' if r.reference else ''}",
            reverse("requisitions:requisition_detail", args=[r.pk]),
            r.since,
            r.client.name,
            gettext("Sent back") if r.sent_back_at else gettext("Raised by the client"),
        ),
    )


def candidate_messages(ctx: Context, limit: int) -> Item:
    """Candidates' replies that are the latest message of their application: not answered."""
    later = Message.objects.filter(
        application=OuterRef("application"), created_at__gt=OuterRef("created_at")
    )
    queryset = Message.objects.filter(
        direction=Message.Direction.INBOUND,
        application__requisition__in=ctx.my_requisitions().values("pk"),
    ).filter(~Exists(later))
    return _item(
        ctx,
        queryset,
        key="candidate_messages",
        since="created_at",
        limit=limit,
        related=("application__candidate", "application__requisition__client"),
        row=lambda m: Row(
            f"{m.application.candidate.full_name}: {m.subject}",
            reverse("pipeline:application_messages", args=[m.application_id]),
            m.created_at,
            _where(m.application),
        ),
    )


# --- Sourcers -----------------------------------------------------------------------------------


def requisitions_short(ctx: Context, limit: int) -> Item:
    """Open requisitions with fewer active applications than OUTHIRE_APPLICATIONS_PER_OPENING
    for each unfilled opening."""
    active = (
        Application.objects.filter(requisition=OuterRef("pk"), status=Active)
        .order_by()
        .values("requisition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unfilled = (
        Opening.objects.filter(requisition=OuterRef("pk"), filled_at__isnull=True)
        .order_by()
        .values("requisition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    per_opening = settings.OUTHIRE_APPLICATIONS_PER_OPENING
    queryset = (
        Requisition.objects.filter(
            status=Requisition.Status.OPEN, client_id__in=ctx.clients(Role.SOURCER)
        )
        .annotate(
            active_count=Coalesce(Subquery(active, output_field=IntegerField()), Value(0)),
            unfilled_count=Coalesce(Subquery(unfilled, output_field=IntegerField()), Value(0)),
            since=Coalesce("opened_at", "created_at"),
        )
        .annotate(wanted=F("unfilled_count") * per_opening)
        .filter(active_count__lt=F("wanted"))
    )
    return _item(
        ctx,
        queryset,
        key="requisitions_short",
        since="since",
        limit=limit,
        related=("client",),
        row=lambda r: Row(
            f"{r.title}{f' ({r.reference})' if r.reference else ''}",
            reverse("screening:requisition_matches", args=[r.pk]),
            r.since,
            gettext("%(active)s of %(wanted)s candidates · %(client)s")
            % {"active": r.active_count, "wanted": r.wanted, "client": r.client.name},
        ),
    )


# --- Approvers, hiring managers, interviewers ---------------------------------------------------


def requisition_approvals(ctx: Context, limit: int) -> Item:
    """Requisitions whose approval waits for this person now (their turn in the chain)."""
    submitted = RequisitionEvent.objects.filter(
        requisition=OuterRef("requisition"), to_status=Requisition.Status.PENDING_APPROVAL
    ).order_by("-at")
    queryset = (
        Approval.objects.filter(client_id__in=ctx.access.client_ids)
        .awaiting(ctx.user)
        .filter(waits=False)
        .annotate(since=Subquery(submitted.values("at")[:1]))
    )
    return _item(
        ctx,
        queryset,
        key="requisition_approvals",
        since="since",
        limit=limit,
        related=("requisition__client",),
        row=lambda a: Row(
            a.requisition.title,
            reverse("requisitions:requisition_detail", args=[a.requisition_id]) + "#approvals",
            a.since,
            a.requisition.client.name,
        ),
    )


def offer_approvals(ctx: Context, limit: int) -> Item:
    """Offers whose approval waits for this person now."""
    queryset = (
        OfferApproval.objects.filter(client_id__in=ctx.access.client_ids)
        .awaiting(ctx.user)
        .filter(waits=False)
        .annotate(since=F("offer__submitted_at"))
    )
    return _item(
        ctx,
        queryset,
        key="offer_approvals",
        since="since",
        limit=limit,
        related=("offer__application__candidate", "offer__application__requisition__client"),
        row=lambda a: Row(
            a.offer.application.candidate.full_name,
            reverse("offers:offer_detail", args=[a.offer_id]),
            a.since,
            _where(a.offer.application),
            gettext("Above the band") if a.above_band else "",
        ),
    )


def candidates_to_review(ctx: Context, limit: int) -> Item:
    """Candidates shortlisted to the client, waiting for its decision: a hiring manager's own
    requisitions, or every requisition for a client recruiter."""
    every = ctx.clients(Role.CLIENT_RECRUITER)
    managed = ctx.clients(Role.HIRING_MANAGER)
    queryset = Application.objects.filter(
        Q(client_id__in=every) | Q(client_id__in=managed, requisition__hiring_manager=ctx.user),
        status=Active,
        stage__kind=StageKind.SUBMITTED,
        reached_client_at__isnull=False,
    )
    return _item(
        ctx,
        queryset,
        key="candidates_to_review",
        since="moved_at",
        limit=limit,
        related=("candidate", "requisition__client"),
        row=lambda a: Row(
            a.candidate.full_name,
            reverse("pipeline:portal_candidates", args=[a.requisition_id]) + f"#application-{a.pk}",
            a.moved_at,
            _where(a),
        ),
    )


def scorecards_due(ctx: Context, limit: int) -> Item:
    """This person's own scorecards for interviews that have taken place."""
    queryset = Scorecard.objects.filter(
        interviewer=ctx.user,
        submitted_at__isnull=True,
        interview__status__in=[Interview.Status.SCHEDULED, Interview.Status.COMPLETED],
        interview__starts_at__lte=ctx.now,
        client_id__in=ctx.access.client_ids,
    ).annotate(since=Coalesce("interview__ends_at", "interview__starts_at"))
    return _item(
        ctx,
        queryset,
        key="scorecards_due",
        since="since",
        limit=limit,
        related=(
            "interview__application__candidate",
            "interview__application__requisition__client",
        ),
        row=lambda s: Row(
            f"{s.interview.application.candidate.full_name}: {s.interview.title}",
            reverse("interviews:scorecard", args=[s.interview_id]),
            s.since,
            _where(s.interview.application),
            gettext("Overdue") if s.is_overdue(ctx.now) else "",
        ),
    )


# --- Client admins ------------------------------------------------------------------------------


def drafts(ctx: Context, limit: int) -> Item:
    """Drafts the client's own people raised, until the provider submits them for approval."""
    queryset = Requisition.objects.filter(
        client_id__in=ctx.clients(Role.CLIENT_ADMIN, Role.CLIENT_RECRUITER),
        status=Requisition.Status.DRAFT,
        created_by__provider_role="",
    )
    return _item(
        ctx,
        queryset,
        key="drafts",
        since="created_at",
        limit=limit,
        related=("client", "created_by"),
        row=lambda r: Row(
            r.title,
            reverse("requisitions:requisition_detail", args=[r.pk]),
            r.created_at,
            gettext("%(client)s · raised by %(name)s")
            % {"client": r.client.name, "name": r.created_by.full_name or r.created_by.email}
            if r.created_by
            else r.client.name,
        ),
    )


def users_to_invite(ctx: Context, limit: int) -> Item:
    """Invitations that expired unanswered (and were not sent again): invite again, or
    withdraw."""
    newer = Invitation.objects.filter(
        client_id=OuterRef("client_id"),
        email_index=OuterRef("email_index"),
        created_at__gt=OuterRef("created_at"),
    )
    queryset = Invitation.objects.filter(
        client_id__in=[cid for cid in ctx.clients(Role.CLIENT_ADMIN) if ctx.access.can_manage(cid)],
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__lte=ctx.now,
    ).filter(~Exists(newer))
    return _item(
        ctx,
        queryset,
        key="users_to_invite",
        since="expires_at",
        limit=limit,
        related=("client",),
        row=lambda i: Row(
            i.full_name or i.email,
            reverse("accounts:client_detail", args=[i.client.slug]) + "#invitations",
            i.expires_at,
            f"{i.get_role_display()} · {i.client.name}",
            gettext("Expired"),
            actions=(
                (
                    gettext("Invite again"),
                    reverse("accounts:invitation_renew", args=[i.client.slug, i.pk]),
                ),
                (
                    gettext("Withdraw"),
                    reverse("accounts:invitation_revoke", args=[i.client.slug, i.pk]),
                ),
            ),
        ),
    )


# --- Provider admins ----------------------------------------------------------------------------


def sla_clocks(ctx: Context, limit: int) -> Item:
    """SLA clocks at warning or breach, across every client in reach."""
    from outhire.analytics.sla_views import late_clocks

    late = late_clocks(ctx.now)
    breaches = sum(1 for c in late if c.level == "breach")
    warnings = len(late) - breaches

    def started(clock) -> datetime:
        hours = clock.elapsed * (24 if clock.unit == "days" else 1)
        return ctx.now - timedelta(hours=hours)

    def row(clock) -> Row:
        if clock.scorecard is not None:
            url = reverse("interviews:interview_detail", args=[clock.scorecard.interview_id])
        else:
            url = reverse("requisitions:requisition_detail", args=[clock.requisition.pk])
        return Row(
            clock.requisition.title,
            url,
            started(clock),
            gettext("%(clock)s: %(elapsed)s of %(target)s %(unit)s · %(client)s")
            % {
                "clock": clock.label,
                "elapsed": number(clock.elapsed, 1),
                "target": number(clock.target, 0),
                "unit": clock.unit,
                "client": clock.requisition.client.name,
            },
            gettext("Breach") if clock.level == "breach" else gettext("Warning"),
        )

    return Item(
        key="sla",
        title=SPECS["sla"].title,
        hint=SPECS["sla"].hint,
        count=len(late),
        oldest=min((started(c) for c in late), default=None),
        rows=[row(c) for c in late[:limit]],
        more_url=reverse("analytics:sla_overview"),
        summary=", ".join(
            (
                ngettext("%(n)s breach", "%(n)s breaches", breaches) % {"n": breaches},
                ngettext("%(n)s warning", "%(n)s warnings", warnings) % {"n": warnings},
            )
        ),
    )


def data_requests_due(ctx: Context, limit: int) -> Item:
    """Open data subject requests the admin owns, or nobody owns yet, nearest deadline first."""

    def row(r) -> Row:
        person = r.candidate.full_name if r.candidate and not r.candidate.anonymised_at else ""
        return Row(
            f"{r.get_kind_display()}: {person or r.subject}",
            reverse("privacy:request_detail", args=[r.pk]),
            r.until,
            (
                gettext("Due %(date)s") % {"date": calendar_date(r.until)}
                if r.owner_id
                else gettext("Due %(date)s, nobody owns it yet") % {"date": calendar_date(r.until)}
            ),
            gettext("Overdue") if days_left(r.until, ctx.now) < 0 else "",
        )

    found = _item(
        ctx,
        requests_due_for(ctx.user) if ctx.access.can_administer_provider else _none_due(),
        key="data_requests_due",
        since="until",
        limit=limit,
        related=("candidate",),
        row=row,
        order=("until", "pk"),
    )
    found.more_url = reverse("privacy:request_list")
    return found


def _none_due():
    from outhire.privacy.models import DataRequest

    return DataRequest.objects.none()


# --- The items, and who gets which ---------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    title: str
    hint: str
    read: Callable[[Context, int], Item]
    # Roles whose home page always shows the item (empty or not).
    roles: frozenset[Role]
    # Shown to everyone else too, whenever it is not empty (an approver may hold any role).
    anyone: bool = False


SPECS: dict[str, Spec] = {
    "sla": Spec(
        gettext_lazy("SLA breaches and warnings"),
        gettext_lazy("Late or nearly late, across every client: chase the owner or step in."),
        sla_clocks,
        frozenset({Role.ADMIN}),
    ),
    "data_requests_due": Spec(
        gettext_lazy("Data requests due"),
        gettext_lazy(
            "People asking for their data, its correction or erasure: answer within the deadline."
        ),
        data_requests_due,
        frozenset({Role.ADMIN}),
    ),
    "requisition_approvals": Spec(
        gettext_lazy("Requisitions to approve"),
        gettext_lazy("Your turn in the client's approval chain: approve, or send back saying why."),
        requisition_approvals,
        frozenset({Role.HIRING_MANAGER, Role.CLIENT_ADMIN}),
        anyone=True,
    ),
    "offer_approvals": Spec(
        gettext_lazy("Offers to approve"),
        gettext_lazy("Your turn in the offer's approval chain."),
        offer_approvals,
        frozenset({Role.HIRING_MANAGER, Role.CLIENT_ADMIN}),
        anyone=True,
    ),
    "candidates_to_review": Spec(
        gettext_lazy("Candidates to review"),
        gettext_lazy("Shortlisted for you: move each on, or decline with a reason."),
        candidates_to_review,
        frozenset({Role.HIRING_MANAGER, Role.CLIENT_RECRUITER}),
    ),
    "scorecards_due": Spec(
        gettext_lazy("Scorecards to write"),
        gettext_lazy(
            "Interviews you sat on: your ratings and verdict, before the others' are shown."
        ),
        scorecards_due,
        frozenset({Role.HIRING_MANAGER, Role.INTERVIEWER}),
        anyone=True,
    ),
    "drafts": Spec(
        gettext_lazy("Drafts not yet submitted"),
        gettext_lazy(
            "Requisitions your team raised: complete them; your recruiter submits them for "
            "approval."
        ),
        drafts,
        frozenset({Role.CLIENT_ADMIN, Role.CLIENT_RECRUITER}),
    ),
    "users_to_invite": Spec(
        gettext_lazy("People to invite again"),
        gettext_lazy("Their invitation expired before they joined."),
        users_to_invite,
        frozenset({Role.CLIENT_ADMIN}),
    ),
    "new_applicants": Spec(
        gettext_lazy("New applicants to review"),
        gettext_lazy("Screen each one: move them on, or reject with a reason."),
        new_applicants,
        frozenset({Role.RECRUITER}),
    ),
    "requisitions_to_submit": Spec(
        gettext_lazy("Requisitions to submit"),
        gettext_lazy(
            "Raised by the client or sent back by an approver: complete and submit for approval."
        ),
        requisitions_to_submit,
        frozenset({Role.RECRUITER}),
    ),
    "idle_applications": Spec(
        gettext_lazy("Applications idle past the stage target"),
        gettext_lazy("Waiting at one stage longer than its target: move them on or close them."),
        idle_applications,
        frozenset({Role.RECRUITER}),
    ),
    "interviews_to_schedule": Spec(
        gettext_lazy("Interviews to schedule"),
        gettext_lazy(
            "At an interview stage with nothing booked: create the interview, book it or send "
            "the candidate their link."
        ),
        interviews_to_schedule,
        frozenset({Role.RECRUITER, Role.COORDINATOR}),
    ),
    "interviews_to_reschedule": Spec(
        gettext_lazy("Interviews to reschedule"),
        gettext_lazy("The last interview was cancelled and the application is still active."),
        interviews_to_reschedule,
        frozenset({Role.COORDINATOR}),
        anyone=True,
    ),
    "feedback_missing": Spec(
        gettext_lazy("Feedback missing"),
        gettext_lazy("Scorecards past their due time: chase the interviewer."),
        feedback_missing,
        frozenset({Role.RECRUITER}),
    ),
    "candidate_messages": Spec(
        gettext_lazy("Messages from candidates"),
        gettext_lazy("Replies you logged that have no answer yet."),
        candidate_messages,
        frozenset({Role.RECRUITER}),
    ),
    "offers_to_send": Spec(
        gettext_lazy("Approved offers to send"),
        gettext_lazy("The client approved them: send each to the candidate."),
        offers_to_send,
        frozenset({Role.RECRUITER}),
    ),
    "offers_declined": Spec(
        gettext_lazy("Declined offers"),
        gettext_lazy("Renegotiate, or close the application."),
        offers_declined,
        frozenset({Role.RECRUITER}),
    ),
    "offers_accepted": Spec(
        gettext_lazy("Offers accepted this week"),
        gettext_lazy("Hired: check the start date and the hand-off to the client."),
        offers_accepted,
        frozenset({Role.RECRUITER}),
    ),
    "requisitions_short": Spec(
        gettext_lazy("Requisitions short of candidates"),
        gettext_lazy(
            "Fewer active candidates than wanted per open seat: find more in the talent network."
        ),
        requisitions_short,
        frozenset({Role.SOURCER}),
    ),
}


def keys_for(ctx: Context) -> tuple[list[str], list[str]]:
    """The items always shown to this person, and those shown only when not empty."""
    always = [key for key, spec in SPECS.items() if spec.roles & ctx.roles]
    when_busy = [key for key, spec in SPECS.items() if spec.anyone and key not in always]
    return always, when_busy


def my_work(access: Access, *, now: datetime | None = None, limit: int = HOME_ROWS) -> list[Item]:
    """The items of `access`'s home page: their role's, then the others they have now."""
    ctx = Context(access, now=now or timezone.now())
    always, when_busy = keys_for(ctx)
    items = [SPECS[key].read(ctx, limit) for key in always]
    # What comes with someone's role first; what they hold only now and then (an approval,
    # a scorecard) after it.
    for key in when_busy:
        item = SPECS[key].read(ctx, limit)
        if item.count:
            items.append(item)
    return items


def work_item(
    access: Access, key: str, *, now: datetime | None = None, limit: int = ITEM_PAGE_ROWS
) -> Item | None:
    """One item with up to `limit` rows, if it is one this person may have; else None."""
    ctx = Context(access, now=now or timezone.now())
    always, when_busy = keys_for(ctx)
    if key not in always and key not in when_busy:
        return None
    return SPECS[key].read(ctx, limit)
