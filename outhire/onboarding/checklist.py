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
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

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
        _("Careers branding"),
        branded,
        (
            _("Logo, colours and careers page text are set; the careers site has its own content.")
            if site
            else _("Logo, colours and careers page text are set.")
        )
        if branded
        else _(
            "Add the client's logo and colours, a headline and a few words for its careers page."
        ),
        back(reverse("accounts:client_branding", args=[slug])),
        _("Edit the branding") if branded else _("Add the branding"),
        more=[
            (_("Careers site content (values, benefits, contact)"),
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
            _("Engagement, fees and SLA targets"),
            False,
            _(
                "Record what the provider runs for the client, how it is paid and the service "
                "levels it promises (the form starts from common targets)."
            ),
            back(f"{reverse('engagements:engagement_create')}?client={slug}"),
            _("Create the engagement"),
        )
    else:
        fee_model = engagement.get_fee_model_display()
        if (get_language() or "en").startswith("en"):
            fee_model = fee_model.lower()
        contract = Step(
            "engagement",
            _("Engagement, fees and SLA targets"),
            bool(targets),
            (
                ngettext(
                    "“%(name)s”: %(fee_model)s, %(n)s SLA target.",
                    "“%(name)s”: %(fee_model)s, %(n)s SLA targets.",
                    len(targets),
                )
                if targets
                else _("“%(name)s”: %(fee_model)s, no SLA targets yet.")
            )
            % {"name": engagement.name, "fee_model": fee_model, "n": len(targets)},
            back(reverse("engagements:engagement_edit", args=[engagement.pk])),
            _("Edit the engagement") if targets else _("Add SLA targets"),
        )

    joined, waiting, staff = _people(client)
    people = Step(
        "people",
        _("People invited"),
        bool(joined or waiting),
        ngettext(
            "%(joined)s of the client's people joined, %(waiting)s invitation waiting; "
            "%(staff)s of the provider's staff assigned.",
            "%(joined)s of the client's people joined, %(waiting)s invitations waiting; "
            "%(staff)s of the provider's staff assigned.",
            waiting,
        )
        % {"joined": joined, "waiting": waiting, "staff": staff}
        if joined or waiting
        else _(
            "Invite the client's hiring managers and admins (invitations start at the least "
            "powerful role, Interviewer), and assign the provider's recruiters."
        ),
        back(reverse("accounts:client_detail", args=[slug])) + "#invite",
        _("Invite people"),
    )

    approvers = ApprovalRule.objects.filter(client=client).count()
    chain = Step(
        "approvals",
        _("Approval chain"),
        approvers > 0,
        ngettext(
            "%(n)s approver decides new requisitions in turn.",
            "%(n)s approvers decide new requisitions in turn.",
            approvers,
        )
        % {"n": approvers}
        if approvers
        else _(
            "Choose who approves a requisition before it opens; people invited but not yet "
            "joined can be chosen."
        ),
        back(reverse("requisitions:approval_chain", args=[slug])),
        _("Edit the chain") if approvers else _("Set up the chain"),
    )

    templates = MessageTemplate.objects.filter(client=client).count()
    emails = Step(
        "emails",
        _("E-mail templates"),
        templates > 0,
        ngettext(
            "%(n)s template for candidates, ready to use; review their wording.",
            "%(n)s templates for candidates, ready to use; review their wording.",
            templates,
        )
        % {"n": templates}
        if templates
        else _(
            "Give the client the standard e-mails to candidates (thanks for applying, "
            "interview, outcome), then adjust their wording."
        ),
        reverse("pipeline:message_templates", args=[slug]),
        _("Review the templates"),
        post_url="" if templates else reverse("onboarding:add_templates", args=[slug]),
        post_action="" if templates else _("Add the standard templates"),
    )

    first = (
        Requisition.objects.filter(client=client)
        .order_by("created_at", "id")
        .only("pk", "title", "reference", "created_at")
        .first()
    )
    requisition = Step(
        "requisition",
        _("First requisition"),
        first is not None,
        _("%(title)s (%(reference)s) was raised on %(date)s.")
        % {
            "title": first.title,
            "reference": first.reference,
            "date": fmt.calendar_date(first.created_at),
        }
        if first
        else _("Raise the first job to fill; it goes to the approval chain when submitted."),
        reverse("requisitions:requisition_detail", args=[first.pk])
        if first
        else back(f"{reverse('requisitions:requisition_create')}?client={slug}"),
        _("Open it") if first else _("Raise the first requisition"),
    )

    client_step = Step(
        "client",
        _("Client created"),
        True,
        _("%(name)s (%(industry)s), created %(when)s; its careers site will be at %(url)s.")
        % {
            "name": client.name,
            "industry": client.get_industry_display(),
            "when": fmt.date_time(client.created_at),
            "url": f"/careers/{slug}/",
        },
        reverse("accounts:client_detail", args=[slug]),
        _("Open the client"),
    )
    steps = [client_step, branding, contract, people, chain, emails, requisition]
    return Checklist(client, steps, first.created_at if first else None)
