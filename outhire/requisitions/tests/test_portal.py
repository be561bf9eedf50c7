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


RAISE = {
    "title": "Line Lead",
    "remote_policy": "on_site",
    "employment_type": "permanent",
    "salary_currency": "EUR",
    "openings": 1,
    "priority": "normal",
}


def test_a_hiring_manager_raises_and_submits_into_the_chain_and_the_provider_is_told(
    client, hank, carla, rita, alice, acme, chain
):
    login(client, hank)
    page = client.get(reverse("requisitions:requisition_create"))
    assert page.status_code == 200
    form = page.context["form"]
    assert "recruiters" not in form.fields and "pipeline_template" not in form.fields
    assert form["hiring_manager"].value() == hank.pk
    response = client.post(
        reverse("requisitions:requisition_create"),
        {**RAISE, "client": acme.pk, "hiring_manager": hank.pk},
    )
    assert response.status_code == 302
    requisition = Requisition.objects.get()
    assert requisition.status == "draft" and requisition.created_by == hank
    detail = client.get(reverse("requisitions:requisition_detail", args=[requisition.pk]))
    assert b"Submit for approval" in detail.content and b"Edit" in detail.content
    response = client.post(
        reverse("requisitions:requisition_submit", args=[requisition.pk]), follow=True
    )
    assert "Submitted for approval. Your recruiters have been told." in response.content.decode()
    requisition.refresh_from_db()
    assert requisition.status == "pending_approval"
    assert [a.approver for a in requisition.approvals.all()] == [hank, carla]
    # The provider hears of it: the recruiter assigned to Acme (nobody is named on it yet).
    told = Notification.objects.filter(url=f"/requisitions/{requisition.pk}/").exclude(
        text__startswith="Your approval"
    )
    assert set(told.values_list("user", flat=True)) == {rita.pk}
    assert Notification.objects.filter(user=hank, text__startswith="Your approval").exists()
    # Submitted: no longer the client's to edit, and the chain runs as for any requisition.
    edit = client.get(reverse("requisitions:requisition_edit", args=[requisition.pk]))
    assert edit.status_code == 403
    assert _approve(client, requisition).status_code == 302
    login(client, carla)
    assert _approve(client, requisition).status_code == 302
    requisition.refresh_from_db()
    assert requisition.status == "open" and requisition.stages.exists()
    event = AuditEvent.objects.filter(action="requisition.status_changed").order_by("id").first()
    assert event.actor == hank


def test_a_client_admin_submits_a_draft_they_raised(client, carla, rita, acme, make_requisition):
    draft = make_requisition(acme, "Line Lead", by=carla)
    login(client, carla)
    response = client.post(reverse("requisitions:requisition_submit", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "open"  # no chain: it opens at once
    told = Notification.objects.get(user=rita, kind="requisition_submitted")
    assert told.url == f"/requisitions/{draft.pk}/" and "it is open" in told.text


def test_a_hiring_manager_works_only_on_their_own_drafts(
    client, hank, carla, acme, make_requisition
):
    others = make_requisition(acme, "Someone else's", by=carla)
    mine = make_requisition(acme, "Managed by Hank", by=carla, hiring_manager=hank)
    login(client, hank)
    for name in ("requisition_edit",):
        assert client.get(reverse(f"requisitions:{name}", args=[others.pk])).status_code == 403
        assert client.get(reverse(f"requisitions:{name}", args=[mine.pk])).status_code == 200
    assert (
        client.post(reverse("requisitions:requisition_submit", args=[others.pk])).status_code == 403
    )
    others.refresh_from_db()
    assert others.status == "draft"


def test_an_interviewer_may_not_raise_one_and_no_one_sets_provider_fields(
    client, ivy, hank, acme, rita
):
    from django.core.exceptions import PermissionDenied, ValidationError

    from outhire.accounts.tenancy import Access

    login(client, ivy)
    assert client.get(reverse("requisitions:requisition_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.requisition_create(
            client=acme, by=ivy, fields={"title": "Sneaky"}, access=Access(ivy)
        )
    with pytest.raises(ValidationError) as refused:
        services.requisition_create(
            client=acme, by=hank, fields={"title": "Line Lead", "recruiters": [rita]},
            access=Access(hank),
        )  # fmt: skip
    assert "recruiters" in refused.value.message_dict
    assert not Requisition.objects.exists()


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
    assert b"/board/" not in body
    # The client submits its own drafts, but never holds or cancels a requisition.
    assert b"Submit for approval" in body and b"Put on hold" not in body
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
