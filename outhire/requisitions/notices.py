"""Who hears of what happens to a requisition (docs/work.md lists the kinds).

Each function is called once, by the service where the event happens, inside its transaction
(so nobody hears of a change that was rolled back). Texts name the requisition, never a
candidate: they also go out by e-mail.
"""

from __future__ import annotations

from django.urls import reverse

from outhire.accounts.models import Membership, User
from outhire.accounts.notifications import notify
from outhire.accounts.roles import Role
from outhire.requisitions.models import Requisition


def requisition_staff(requisition: Requisition) -> list[User]:
    """The provider staff working a requisition: its recruiters, or, while it names none, the
    recruiters assigned to its client."""
    named = list(requisition.recruiters.all())
    if named:
        return named
    return [
        m.user
        for m in Membership.objects.filter(
            client_id=requisition.client_id, role=Role.RECRUITER, user__is_active=True
        ).select_related("user")
    ]


def _name(requisition: Requisition) -> str:
    reference = f" ({requisition.reference})" if requisition.reference else ""
    return f"“{requisition.title}”{reference}"


def _url(requisition: Requisition) -> str:
    return reverse("requisitions:requisition_detail", args=[requisition.pk])


def _followers(requisition: Requisition) -> list[User | None]:
    """The client's people following it: its hiring manager and whoever raised it."""
    return [requisition.hiring_manager, requisition.created_by]


def requisition_raised(requisition: Requisition, *, by: User | None) -> None:
    """A client's user raised a draft: the staff who will work it."""
    notify(
        requisition_staff(requisition),
        kind="requisition_raised",
        text=f"{requisition.client.name} raised a requisition: {_name(requisition)}",
        url=_url(requisition),
        client=requisition.client,
        skip=by,
    )


def requisition_submitted(
    requisition: Requisition, *, by: User | None, opened: bool = False
) -> None:
    """Sent to the client's approval chain (the approver whose turn it is hears separately):
    the staff and the client's people following it. `opened`: a client's user submitted it
    and, the client having no chain, it opened at once: the staff hear that it is theirs."""
    if opened:
        people, text = (
            requisition_staff(requisition),
            f"{requisition.client.name} submitted {_name(requisition)}: it is open "
            "(the client has no approval chain)",
        )
    else:
        people = [*_followers(requisition), *requisition_staff(requisition)]
        text = f"{_name(requisition)} is submitted for approval"
    notify(
        people,
        kind="requisition_submitted",
        text=text,
        url=_url(requisition),
        client=requisition.client,
        skip=by,
    )


def requisition_approved(
    requisition: Requisition, *, by: User | None, by_chain: bool = True
) -> None:
    """Approved by the client's chain: its staff and the client's people following it. Opened
    at submission because the client has no chain: only a client user who raised it (the
    staff who submitted it opened it themselves)."""
    people = [*requisition_staff(requisition), *_followers(requisition)]
    if not by_chain:
        raiser = requisition.created_by
        people = [raiser] if raiser is not None and not raiser.is_provider_staff else []
    notify(
        people,
        kind="requisition_approved",
        text=f"{_name(requisition)} is approved and open",
        url=_url(requisition),
        client=requisition.client,
        skip=by,
    )


def requisition_sent_back(requisition: Requisition, *, by: User | None) -> None:
    who = f" by {by.full_name or by.email}" if by else ""
    notify(
        [*requisition_staff(requisition), requisition.created_by],
        kind="requisition_sent_back",
        text=f"{_name(requisition)} was sent back{who}: see why on the requisition",
        url=_url(requisition),
        client=requisition.client,
        skip=by,
    )


def candidate_applied(application) -> None:
    """A candidate applied (careers site): the requisition's staff. Not its client, which sees
    candidates from the shortlist on."""
    requisition = application.requisition
    notify(
        requisition_staff(requisition),
        kind="candidate_applied",
        text=f"New applicant for {_name(requisition)}",
        url=reverse("pipeline:application_detail", args=[application.pk]),
        client=requisition.client,
    )
