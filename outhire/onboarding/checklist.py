"""A new client's set-up, step by step, each step done or not by what the data holds.

Nothing is stored: a step is done when its rows exist (a branded careers page, an engagement
with SLA targets, someone of the client invited, an approval chain, e-mail templates, a
requisition), so the checklist is right however the work was done (this page, another page,
the API). Seven reads whatever the client's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import Client, Invitation, Membership
from outhire.accounts.roles import Role
from outhire.careers.models import CareerSite
from outhire.engagements.models import Engagement
from outhire.lib import formatting as fmt
from outhire.lib.navigation import with_next
from outhire.pipeline.models import MessageTemplate
from outhire.requisitions.models import ApprovalRule, Requisition

SLA_FIELDS = (
    "sla_days_to_first_shortlist",
    "sla_days_to_fill",
    "sla_feedback_hours",
    "sla_min_offer_acceptance",
    "sla_min_candidate_nps",
    "sla_min_manager_satisfaction",
)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    # What is there now, or what the step asks for, in a sentence.
    summary: str
    # The form that does it (it comes back here after saving) and its link's words.
    url: str
    action: str
    # Other pages of the step: (words, address).
    more: list[tuple[str, str]] = field(default_factory=list)
    # A one-click way to do it here (the standard e-mail templates).
    post_url: str = ""
    post_action: str = ""


@dataclass(frozen=True)
class Checklist:
    client: Client
    steps: list[Step]
    first_requisition_at: datetime | None

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)

    @property
    def minutes_to_first_requisition(self) -> int | None:
        """Minutes from the client's creation to its first requisition (the whole set-up)."""
        if self.first_requisition_at is None:
            return None
        seconds = (self.first_requisition_at - self.client.created_at).total_seconds()
        return max(0, round(seconds / 60))


def _people(client: Client) -> tuple[int, int, int]:
    """(client users who joined, invitations waiting, provider staff assigned)."""
    roles = list(Membership.objects.filter(client=client).values_list("role", flat=True))
    staff = sum(1 for r in roles if Role(r).is_provider)
    waiting = Invitation.objects.filter(
        client=client,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).count()
    return len(roles) - staff, waiting, staff


def client_checklist(client: Client) -> Checklist:
    here = reverse("onboarding:checklist", args=[client.slug])
    slug = client.slug

    def back(url: str) -> str:
        return with_next(url, here)

    site = CareerSite.objects.filter(client=client).only("pk").first()
    branded = bool(client.logo or client.hero_text or client.about)
    branding = Step(
        "branding",
        "Careers branding",
        branded,
        (
            "Logo, colours and careers page text are set"
            + ("; the careers site has its own content." if site else ".")
        )
        if branded
        else "Add the client's logo and colours, a headline and a few words for its careers "
        "page.",
        back(reverse("accounts:client_branding", args=[slug])),
        "Edit the branding" if branded else "Add the branding",
        more=[
            ("Careers site content (values, benefits, contact)",
             back(reverse("careers_manage:site_edit", args=[slug]))),
        ],
    )  # fmt: skip

    engagement = (
        Engagement.objects.filter(client=client)
        .exclude(status=Engagement.Status.ENDED)
        .order_by("-starts_on", "-id")
        .first()
    )
    targets = [name for name in SLA_FIELDS if engagement and getattr(engagement, name) is not None]
    if engagement is None:
        contract = Step(
            "engagement",
            "Engagement, fees and SLA targets",
            False,
            "Record what the provider runs for the client, how it is paid and the service "
            "levels it promises (the form starts from common targets).",
            back(f"{reverse('engagements:engagement_create')}?client={slug}"),
            "Create the engagement",
        )
    else:
        contract = Step(
            "engagement",
            "Engagement, fees and SLA targets",
            bool(targets),
            f"“{engagement.name}”: {engagement.get_fee_model_display().lower()}, "
            + (
                f"{len(targets)} SLA target{'s' if len(targets) != 1 else ''}."
                if targets
                else "no SLA targets yet."
            ),
            back(reverse("engagements:engagement_edit", args=[engagement.pk])),
            "Edit the engagement" if targets else "Add SLA targets",
        )

    joined, waiting, staff = _people(client)
    people = Step(
        "people",
        "People invited",
        bool(joined or waiting),
        f"{joined} of the client's people joined, {waiting} invitation"
        f"{'s' if waiting != 1 else ''} waiting; {staff} of the provider's staff assigned."
        if joined or waiting
        else "Invite the client's hiring managers and admins (invitations start at the least "
        "powerful role, Interviewer), and assign the provider's recruiters.",
        back(reverse("accounts:client_detail", args=[slug])) + "#invite",
        "Invite people",
    )

    approvers = ApprovalRule.objects.filter(client=client).count()
    chain = Step(
        "approvals",
        "Approval chain",
        approvers > 0,
        f"{approvers} approver{'s' if approvers != 1 else ''} decide new requisitions in turn."
        if approvers
        else "Choose who approves a requisition before it opens; people invited but not yet "
        "joined can be chosen.",
        back(reverse("requisitions:approval_chain", args=[slug])),
        "Edit the chain" if approvers else "Set up the chain",
    )

    templates = MessageTemplate.objects.filter(client=client).count()
    emails = Step(
        "emails",
        "E-mail templates",
        templates > 0,
        f"{templates} template{'s' if templates != 1 else ''} for candidates, ready to use; "
        "review their wording."
        if templates
        else "Give the client the standard e-mails to candidates (thanks for applying, "
        "interview, outcome), then adjust their wording.",
        reverse("pipeline:message_templates", args=[slug]),
        "Review the templates",
        post_url="" if templates else reverse("onboarding:add_templates", args=[slug]),
        post_action="" if templates else "Add the standard templates",
    )

    first = (
        Requisition.objects.filter(client=client)
        .order_by("created_at", "id")
        .only("pk", "title", "reference", "created_at")
        .first()
    )
    requisition = Step(
        "requisition",
        "First requisition",
        first is not None,
        f"{first.title} ({first.reference}) was raised on {fmt.calendar_date(first.created_at)}."
        if first
        else "Raise the first job to fill; it goes to the approval chain when submitted.",
        reverse("requisitions:requisition_detail", args=[first.pk])
        if first
        else back(f"{reverse('requisitions:requisition_create')}?client={slug}"),
        "Open it" if first else "Raise the first requisition",
    )

    client_step = Step(
        "client",
        "Client created",
        True,
        f"{client.name} ({client.get_industry_display()}), created "
        f"{fmt.date_time(client.created_at)}; its careers site will be at /careers/{slug}/.",
        reverse("accounts:client_detail", args=[slug]),
        "Open the client",
    )
    steps = [client_step, branding, contract, people, chain, emails, requisition]
    return Checklist(client, steps, first.created_at if first else None)
