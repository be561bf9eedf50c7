"""Every status change of a requisition, from every status, by every role, in the API and pages.

The expectations are written out here by hand, not read from `transitions`, so a change to the
table that lets someone round the approval chain fails these tests.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from outhire.accounts import services as account_services
from outhire.accounts.roles import Role
from outhire.candidates.services import candidate_create
from outhire.pipeline import services as pipeline_services
from outhire.requisitions import services, transitions
from outhire.requisitions.models import ApprovalRule, Requisition, RequisitionEvent
from outhire.requisitions.transitions import Action, TransitionRefused
from outhire.testing import login
from outhire.testing import make_member as _member
from outhire.testing import make_user as _user

STATUSES = [s.value for s in Requisition.Status]
ACTIONS = [a.value for a in Action]
ROLES = [r.value for r in Role]
STAFF_ROLES = {"admin", "recruiter", "sourcer", "coordinator"}
# The client's people who raise requisitions and submit them to their approval chain.
CLIENT_REQUESTERS = {"client_admin", "client_recruiter", "hiring_manager"}

# (from status, action) -> to status: the whole table; every other pair is refused.
TABLE = {
    ("draft", "submit"): "pending_approval",
    ("draft", "cancel"): "cancelled",
    ("pending_approval", "approve"): "open",
    ("pending_approval", "send_back"): "draft",
    ("pending_approval", "cancel"): "cancelled",
    ("open", "hold"): "on_hold",
    ("open", "cancel"): "cancelled",
    ("open", "fill"): "filled",
    ("on_hold", "resume"): "open",
    ("on_hold", "cancel"): "cancelled",
    ("filled", "reopen"): "open",
}
# Who may take each action by hand: a draft is submitted by whoever may raise it (the client's
# people too, a hiring manager for their own); the rest of a requisition's life is the
# provider's; the chain names the approver, whatever their role; filling and reopening follow
# from hires, never from a request.
WHO = {
    "submit": STAFF_ROLES | CLIENT_REQUESTERS,
    "hold": STAFF_ROLES,
    "resume": STAFF_ROLES,
    "cancel": STAFF_ROLES,
    "approve": set(ROLES),
    "send_back": set(ROLES),
    "fill": set(),
    "reopen": set(),
}


# --- The table itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_it_leads_each_status_and_action_where_the_table_says(status, action):
    if (status, action) in TABLE:
        assert transitions.target(status, action) == TABLE[(status, action)]
    else:
        with pytest.raises(TransitionRefused, match="cannot become") as refused:
            transitions.target(status, action)
        assert refused.value.code == "invalid_transition"


def test_it_allows_exactly_these_status_changes():
    pairs = {(start, to) for (start, _), to in TABLE.items()}
    assert {(str(s), str(t)) for (s, _), t in transitions.TRANSITIONS.items()} == pairs
    assert ("pending_approval", "open") in pairs
    # Open from pending approval only by the chain's approval; resume is only from hold.
    assert [a for (s, a), t in TABLE.items() if (s, t) == ("pending_approval", "open")] == [
        "approve"
    ]
    assert [s for (s, a) in TABLE if a == "resume"] == ["on_hold"]
    assert not transitions.actions_from("cancelled")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_it_lets_each_role_take_exactly_its_actions(role, action):
    assert transitions.role_may(Role(role), action) is (role in WHO[action])
    assert transitions.role_may(None, action) is False


def test_a_refused_resume_says_how_it_opens():
    with pytest.raises(TransitionRefused) as refused:
        transitions.target("pending_approval", "resume")
    assert refused.value.messages == [
        "A requisition that is pending approval cannot become open. It opens when the client's "
        "approvers have approved it."
    ]


# --- The same, through the API and the pages, for every role -----------------------------------


@pytest.fixture
def people(alice, rita, carla, hank, ivy, acme) -> dict[str, object]:
    """Someone of Acme in each role."""
    return {
        "admin": alice,
        "recruiter": rita,
        "sourcer": _member(_user("sid@provider.test", "Sid Sourcer", "sourcer"), acme, "sourcer"),
        "coordinator": _member(
            _user("cora@provider.test", "Cora Coordinator", "coordinator"), acme, "coordinator"
        ),
        "client_admin": carla,
        "client_recruiter": _member(
            _user("cleo@acme.test", "Cleo Clientrecruiter"), acme, "client_recruiter"
        ),
        "hiring_manager": hank,
        "interviewer": ivy,
    }


@pytest.fixture
def in_status(acme, alice, hank):
    """in_status("on_hold", approver=user) -> a new requisition of Acme in that status.

    Pending approval waits for `approver` (the chain is put back empty afterwards, so the
    other statuses are reached without one).
    """

    def make(status: str, *, approver) -> Requisition:
        req = services.requisition_create(
            client=acme, by=alice, fields={"title": "Welder", "openings": 1, "hiring_manager": hank}
        )
        if status == "cancelled":
            services.requisition_cancel(requisition=req, by=alice, reason="Merged")
        elif status == "pending_approval":
            rule = ApprovalRule.objects.create(client=acme, position=1, approver=approver)
            services.requisition_submit(requisition=req, by=alice)
            rule.delete()
        elif status != "draft":
            services.requisition_submit(requisition=req, by=alice)  # no chain: it opens
        if status == "on_hold":
            services.requisition_hold(requisition=req, by=alice, reason="Budget freeze")
        if status == "filled":
            ada = candidate_create(by=alice, first_name="Ada", last_name="Lovelace")
            application = pipeline_services.application_create(
                requisition=req, candidate=ada, by=alice
            )
            pipeline_services.application_move(
                application=application, to_stage=req.stages.get(kind="hired"), by=alice
            )
        req.refresh_from_db()
        assert req.status == status
        return req

    return make


# What a person's request to take `action` from `status` ends in (without an approval chain,
# a submission opens the requisition at once).
BY_HAND = {
    ("draft", "submit"): "open",
    ("draft", "cancel"): "cancelled",
    ("pending_approval", "approve"): "open",
    ("pending_approval", "send_back"): "draft",
    ("pending_approval", "cancel"): "cancelled",
    ("open", "hold"): "on_hold",
    ("open", "cancel"): "cancelled",
    ("on_hold", "resume"): "open",
    ("on_hold", "cancel"): "cancelled",
}
HAND_ACTIONS = ["submit", "hold", "resume", "cancel", "approve", "send_back"]


def _api_call(client, requisition, action: str, headers: dict):
    url = f"/api/v1/requisitions/{requisition.pk}/"
    if action in {"approve", "send_back"}:
        url, body = url + "approve", {"decision": action, "comment": "Not this quarter"}
    else:
        url, body = url + action, ({} if action == "submit" else {"reason": "Because"})
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", HAND_ACTIONS)
def test_the_api_answers_each_role_200_403_or_409(client, people, in_status, acme, status, action):
    for role, user, requisition in _each_role_on_a_fresh_requisition(people, in_status, status):
        _, secret = account_services.api_token_create(
            name="t", client=None if role in STAFF_ROLES else acme, can_write=True, by=user
        )
        events = RequisitionEvent.objects.filter(requisition=requisition).count()
        response = _api_call(client, requisition, action, {"Authorization": f"Bearer {secret}"})
        requisition.refresh_from_db()
        case = f"{role} {action} from {status}: {response.content[:300]}"
        if role not in WHO[action]:
            assert response.status_code == 403, case
        elif (status, action) in BY_HAND:
            assert response.status_code == 200, case
            assert requisition.status == BY_HAND[(status, action)], case
            continue
        else:
            assert response.status_code == 409, case
            body = response.json()
            assert body["code"] == "invalid_transition", case
            assert "cannot become" in body["message"] or "not waiting" in body["message"], case
        assert requisition.status == status, case
        assert RequisitionEvent.objects.filter(requisition=requisition).count() == events, case


def _each_role_on_a_fresh_requisition(people, in_status, status):
    """(role, user, requisition in `status`) for each role, each on a requisition of its own.

    Pending approval waits for that role's user, so it is made for each; another status is
    made once and whatever a role's request changed is rolled back before the next role's.
    """
    shared = None if status == "pending_approval" else in_status(status, approver=None)
    for role, user in people.items():
        with transaction.atomic():
            if shared is None:
                yield role, user, in_status(status, approver=user)
            else:
                yield role, user, Requisition.objects.get(pk=shared.pk)
            transaction.set_rollback(True)


def _page_call(client, requisition, action: str):
    if action in {"approve", "send_back"}:
        url = reverse("requisitions:requisition_approve", args=[requisition.pk])
        return client.post(url, {"decision": action, "comment": "Not this quarter"})
    url = reverse(f"requisitions:requisition_{action}", args=[requisition.pk])
    return client.post(url, {} if action == "submit" else {"reason": "Because"})


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", HAND_ACTIONS)
def test_the_pages_answer_each_role_with_the_change_403_or_a_message(
    client, people, in_status, status, action
):
    for role, user, requisition in _each_role_on_a_fresh_requisition(people, in_status, status):
        login(client, user)
        events = RequisitionEvent.objects.filter(requisition=requisition).count()
        response = _page_call(client, requisition, action)
        requisition.refresh_from_db()
        case = f"{role} {action} from {status}"
        if role not in WHO[action]:
            assert response.status_code == 403, case
        elif (status, action) in BY_HAND:
            assert response.status_code == 302, case
            assert requisition.status == BY_HAND[(status, action)], case
            continue
        else:
            # Said on the requisition's page: after a redirect, or with the decision form.
            if response.status_code == 302:
                response = client.get(response["Location"])
            else:
                assert response.status_code == 400, case
            text = response.content.decode()
            assert "cannot become" in text or "not waiting for approval" in text, case
        assert requisition.status == status, case
        assert RequisitionEvent.objects.filter(requisition=requisition).count() == events, case
        client.logout()


def test_resume_by_a_recruiter_does_not_open_a_requisition_pending_approval(
    client, rita, hank, acme
):
    """The reported bypass: it stays pending, without stages or openings, and says why."""
    requisition = services.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "hiring_manager": hank}
    )
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    services.requisition_submit(requisition=requisition, by=rita)
    _, secret = account_services.api_token_create(name="t", client=None, can_write=True, by=rita)
    response = client.post(
        f"/api/v1/requisitions/{requisition.pk}/resume",
        {"reason": "Go"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 409
    assert "approvers have approved it" in response.json()["message"]
    requisition.refresh_from_db()
    assert requisition.status == "pending_approval" and requisition.opened_at is None
    assert not requisition.stages.exists() and not requisition.opening_set.exists()
    login(client, rita)
    page = client.post(reverse("requisitions:requisition_resume", args=[requisition.pk]))
    assert "approvers have approved it" in client.get(page["Location"]).content.decode()
    requisition.refresh_from_db()
    assert requisition.status == "pending_approval"


def test_a_requisition_opened_without_stages_refuses_candidates_with_a_message(
    client, rita, hank, acme
):
    """One opened round its chain before the table existed has no stages: a 422, not a 500."""
    requisition = services.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "hiring_manager": hank}
    )
    Requisition.objects.filter(pk=requisition.pk).update(status="open")
    ada = candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    _, secret = account_services.api_token_create(name="t", client=None, can_write=True, by=rita)
    response = client.post(
        f"/api/v1/requisitions/{requisition.pk}/applications",
        {"candidate_id": ada.pk},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 422
    assert "no pipeline stages" in response.json()["message"]


def test_the_services_check_who_for_a_request_s_access(in_status, carla, rita, acme):
    from django.core.exceptions import PermissionDenied

    from outhire.accounts.tenancy import Access

    held = in_status("on_hold", approver=carla)
    with pytest.raises(PermissionDenied):
        services.requisition_resume(requisition=held, by=carla, access=Access(carla))
    limited = Access(rita, only_client_id=acme.pk)  # a staff token limited to one client
    with pytest.raises(PermissionDenied):
        services.requisition_resume(requisition=held, by=rita, access=limited)
    read_only = Access(rita, read_only=True)
    with pytest.raises(PermissionDenied):
        services.requisition_cancel(requisition=held, by=rita, reason="x", access=read_only)
    held.refresh_from_db()
    assert held.status == "on_hold"
    services.requisition_resume(requisition=held, by=rita, access=Access(rita))
    assert held.status == "open"
