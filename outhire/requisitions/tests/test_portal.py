"""The client portal: raising requisitions, seeing them, approving them, ordering the chain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outhire.accounts.models import AuditEvent, Notification
from outhire.requisitions import services
from outhire.requisitions.models import Approval, ApprovalRule, Requisition
from outhire.testing import login


def _approve(client, requisition, decision="approve", comment=""):
    return client.post(
        reverse("requisitions:requisition_approve", args=[requisition.pk]),
        {"decision": decision, "comment": comment},
    )


@pytest.fixture
def chain(acme, hank, carla):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    ApprovalRule.objects.create(client=acme, position=2, approver=carla)


@pytest.fixture
def pending(draft, chain, rita, client):
    login(client, rita)
    client.post(reverse("requisitions:requisition_submit", args=[draft.pk]))
    client.logout()
    draft.refresh_from_db()
    assert draft.status == "pending_approval"
    return draft


def test_a_client_admin_raises_a_draft_for_their_own_client(client, carla, acme, globex, hank):
    login(client, carla)
    page = client.get(reverse("requisitions:requisition_create"))
    form = page.context["form"]
    assert list(form.fields["client"].queryset) == [acme]
    assert "recruiters" not in form.fields
    response = client.post(
        reverse("requisitions:requisition_create"),
        {
            "client": acme.pk,
            "title": "Line Lead",
            "remote_policy": "on_site",
            "employment_type": "permanent",
            "salary_currency": "EUR",
            "openings": 1,
            "priority": "normal",
            "hiring_manager": hank.pk,
        },
    )
    assert response.status_code == 302
    requisition = Requisition.objects.get()
    assert requisition.status == "draft" and requisition.created_by == carla
    response = client.post(
        reverse("requisitions:requisition_create"), {"client": globex.pk, "title": "Sneaky"}
    )
    assert response.status_code == 400 and Requisition.objects.count() == 1


def test_a_hiring_manager_may_not_raise_one(client, hank):
    login(client, hank)
    assert client.get(reverse("requisitions:requisition_create")).status_code == 403


def test_a_hiring_manager_sees_their_own_by_default(client, hank, make_requisition, acme):
    make_requisition(acme, "Managed by Hank", hiring_manager=hank)
    make_requisition(acme, "Someone else's")
    login(client, hank)
    url = reverse("requisitions:requisition_list")
    body = client.get(url).content.decode()
    assert "Managed by Hank" in body and "Someone else&#x27;s" not in body
    assert "Someone else&#x27;s" in client.get(url, {"all": "1"}).content.decode()


def test_client_users_do_not_see_provider_internal_fields(client, carla, rita, draft):
    draft.recruiters.set([rita])
    login(client, carla)
    body = client.get(reverse("requisitions:requisition_detail", args=[draft.pk])).content
    assert b"Welder" in body
    assert b"<dt>Recruiters</dt>" not in body and b"Active applications" not in body
    assert b"/board/" not in body and b"Submit for approval" not in body
    list_body = client.get(reverse("requisitions:requisition_list")).content
    assert b"Recruiters" not in list_body and b"Active applications" not in list_body


def test_the_chain_is_followed_from_the_portal_and_the_next_approver_is_told(
    client, pending, hank, carla
):
    asked = Notification.objects.filter(kind="approval_requested")
    assert asked.filter(user=hank).count() == 1
    assert not asked.filter(user=carla).exists()

    login(client, carla)
    response = _approve(client, pending)  # out of turn
    assert response.status_code == 400 and "earlier approver" in response.content.decode()
    assert not Approval.objects.filter(decision="approved").exists()

    login(client, hank)
    waiting = client.get(reverse("requisitions:approval_list")).content.decode()
    assert "Welder" in waiting
    detail = client.get(reverse("requisitions:requisition_detail", args=[pending.pk]))
    assert "Your decision is needed" in detail.content.decode()
    response = _approve(client, pending, comment="Budget ok")
    assert response.status_code == 302
    response = _approve(client, pending)  # twice
    assert response.status_code == 400 and "already given" in response.content.decode()
    notice = asked.get(user=carla)
    assert notice.url == f"/requisitions/{pending.pk}/" and notice.client_id == pending.client_id

    login(client, carla)
    assert "Welder" in client.get(reverse("requisitions:approval_list")).content.decode()
    response = _approve(client, pending)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "open"
    body = client.get(reverse("requisitions:requisition_detail", args=[pending.pk])).content
    assert b"Budget ok" in body and b"Approved" in body


def test_a_non_approver_gets_a_403_page_and_nothing_is_written(client, pending, ivy, rita):
    audit = AuditEvent.objects.count()
    for user in (ivy, rita):
        login(client, user)
        response = _approve(client, pending)
        assert response.status_code == 403
        assert "not an approver" in response.content.decode()
    assert AuditEvent.objects.count() == audit
    assert Approval.objects.filter(decision="pending").count() == 2


def test_sending_back_needs_a_comment(client, pending, hank):
    login(client, hank)
    response = _approve(client, pending, decision="send_back")
    assert response.status_code == 400 and "Say why" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending_approval"
    response = _approve(client, pending, decision="send_back", comment="Band too low")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "draft"


def test_an_outsider_cannot_approve(client, pending, gina):
    login(client, gina)
    assert _approve(client, pending).status_code == 404
    assert b"Welder" not in client.get(reverse("requisitions:approval_list")).content


# --- The approval chain page ------------------------------------------------------------------


def test_a_client_admin_orders_the_chain(client, carla, hank, alice, acme):
    login(client, carla)
    url = reverse("requisitions:approval_chain", args=[acme.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"approver": hank.pk}).status_code == 302
    assert client.post(url, {"approver": carla.pk}).status_code == 302
    assert client.post(url, {"approver": alice.pk}).status_code == 302
    response = client.post(url, {"approver": hank.pk})
    assert response.status_code == 400 and "already in the chain" in response.content.decode()

    def order():
        return list(ApprovalRule.objects.filter(client=acme).values_list("approver", flat=True))

    assert order() == [hank.pk, carla.pk, alice.pk]
    alice_rule = ApprovalRule.objects.get(approver=alice)
    move = reverse("requisitions:approval_rule_move", args=[acme.slug, alice_rule.pk])
    client.post(move, {"direction": "up"})
    assert order() == [hank.pk, alice.pk, carla.pk]
    remove = reverse("requisitions:approval_rule_remove", args=[acme.slug, alice_rule.pk])
    client.post(remove)
    assert order() == [hank.pk, carla.pk]
    assert list(ApprovalRule.objects.values_list("position", flat=True)) == [1, 2]


def test_only_approver_roles_can_be_added(client, carla, ivy, gina, acme):
    login(client, carla)
    url = reverse("requisitions:approval_chain", args=[acme.slug])
    for user in (ivy, gina):
        assert client.post(url, {"approver": user.pk}).status_code == 400
    assert not ApprovalRule.objects.exists()


def test_the_chain_page_is_for_managers_only(client, rita, hank, gina, acme, chain):
    url = reverse("requisitions:approval_chain", args=[acme.slug])
    rule = ApprovalRule.objects.first()
    for user, status in ((rita, 403), (hank, 403), (gina, 404)):
        login(client, user)
        assert client.get(url).status_code == status
        remove = reverse("requisitions:approval_rule_remove", args=[acme.slug, rule.pk])
        assert client.post(remove).status_code == status
    assert ApprovalRule.objects.count() == 2


def test_a_rule_of_another_client_is_out_of_reach(client, gina, globex, acme, chain):
    login(client, gina)
    rule = ApprovalRule.objects.first()
    remove = reverse("requisitions:approval_rule_remove", args=[globex.slug, rule.pk])
    assert client.post(remove).status_code == 404
    assert ApprovalRule.objects.count() == 2


def test_resubmission_notifies_the_first_approver_again(client, pending, hank, rita):
    services.approval_decide(requisition=pending, by=hank, approve=False, comment="No")
    login(client, rita)
    client.post(reverse("requisitions:requisition_submit", args=[pending.pk]))
    assert Notification.objects.filter(user=hank, kind="approval_requested").count() == 2
