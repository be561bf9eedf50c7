"""The home page of each role: what it lists, that it is theirs only, and that it costs the
same number of queries whatever the amount of work."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import Invitation
from outhire.accounts.services import invitation_create
from outhire.candidates.services import candidate_create
from outhire.engagements.models import Engagement
from outhire.interviews import services as interviews
from outhire.offers import services as offers
from outhire.offers.tests.factories import terms
from outhire.pipeline.communication.messaging import reply_log
from outhire.pipeline.models import Application
from outhire.privacy.services import data_request_open
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import ApprovalRule, Requisition
from outhire.testing import login


def _interview(application, by, interviewers, *, held: bool = False):
    interview = interviews.interview_create(
        application=application,
        by=by,
        interviewers=interviewers,
        fields={"title": "Technical interview", "duration_minutes": 60, "time_zone": "UTC"},
    )
    if held:
        interview.status = "completed"
        interview.starts_at = timezone.now() - timedelta(hours=3)
        interview.ends_at = timezone.now() - timedelta(hours=2)
        interview.save()
        interview.scorecards.update(due_at=timezone.now() - timedelta(hours=1))
    return interview


@pytest.fixture
def day(applicant, acme, globex, rita, carla, hank, ivy, coordinator, alice, commit, settings):
    """day(n): n more of every kind of work for every role (the client's chain made first)."""
    settings.OUTHIRE_APPLICATIONS_PER_OPENING = 1000  # the requisitions stay short
    Engagement.objects.create(
        client=globex,
        name="Globex RPO",
        starts_on=date(2026, 1, 1),
        fee_model="per_hire",
        per_hire_fee=5000,
        account_lead=alice,
        sla_days_to_first_shortlist=5,
    )
    counter = iter(range(1000))

    def grow(n: int) -> None:
        with commit(execute=True):
            for _ in range(n):
                i = next(counter)
                applicant(f"New{i}")
                idle = applicant(f"Idle{i}", kind="screen")
                Application.objects.filter(pk=idle.pk).update(
                    moved_at=timezone.now() - timedelta(days=9)
                )
                reply_log(application=idle, subject=f"Question {i}", body="When?", by=rita)
                applicant(f"Wait{i}", kind="interview")
                cancelled = _interview(applicant(f"Again{i}", kind="interview"), rita, [ivy])
                interviews.interview_cancel(interview=cancelled, by=None, reason="")
                applicant(f"Short{i}", kind="submitted")
                _interview(applicant(f"Held{i}", kind="interview"), rita, [ivy, hank], held=True)
                offer = offers.offer_create(
                    application=applicant(f"Offer{i}", kind="offer"), fields=terms(), by=rita
                )
                offers.offer_submit(offer=offer, by=rita)
                requisitions.requisition_create(
                    client=acme, by=carla, fields={"title": f"Raised {i}"}
                )
                pending = requisitions.requisition_create(
                    client=acme, by=rita, fields={"title": f"Pending {i}"}
                )
                ApprovalRule.objects.get_or_create(
                    client=acme, approver=hank, defaults={"position": 1}
                )
                requisitions.requisition_submit(requisition=pending, by=rita)
                ApprovalRule.objects.filter(client=acme).delete()
                late = requisitions.requisition_create(
                    client=globex, by=alice, fields={"title": f"Late {i}"}
                )
                requisitions.requisition_submit(requisition=late, by=alice)
                Requisition.objects.filter(pk=late.pk).update(
                    approved_at=timezone.now() - timedelta(days=9)
                )
                invitation_create(
                    email=f"person{i}@acme.test", role="interviewer", client=acme, by=carla
                )
                data_request_open(
                    candidate=candidate_create(by=rita, first_name=f"Asks{i}"),
                    kind="access",
                    channel="email",
                    by=rita,
                )
        Invitation.objects.update(expires_at=timezone.now() - timedelta(hours=1))

    return grow


def _queries(client, user) -> tuple[int, str]:
    login(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("work:home"))
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_every_roles_home_costs_the_same_for_more_work(
    client, day, rita, coordinator, sourcer, hank, ivy, carla, alice
):
    people = {
        "recruiter": (rita, ["New applicants to review", "Interviews to schedule"]),
        "coordinator": (coordinator, ["Interviews to reschedule"]),
        "sourcer": (sourcer, ["Requisitions short of candidates"]),
        "hiring manager": (hank, ["Requisitions to approve", "Candidates to review"]),
        "interviewer": (ivy, ["Scorecards to write"]),
        "client admin": (carla, ["Drafts not yet submitted", "People to invite again"]),
        "provider admin": (
            alice,
            ["SLA breaches and warnings", "Access (a copy of my data): Asks0"],
        ),
    }
    day(1)
    few = {}
    for role, (user, titles) in people.items():
        few[role], page = _queries(client, user)
        for title in titles:
            assert title in page, f"{role}: {title}"
    day(6)
    for role, (user, _titles) in people.items():
        many, page = _queries(client, user)
        assert many == few[role], f"{role}: {few[role]} queries for 1 of each, {many} for 7"
    # Seven of each now: the count says so, five rows show, the item's page has them all.
    login(client, rita)
    page = client.get(reverse("work:home")).content.decode()
    assert '7<span class="visually-hidden"> waiting</span>' in page and "See all 7" in page
    full = client.get(reverse("work:item", args=["new_applicants"])).content.decode()
    assert full.count('class="work-row"') == 7


def test_each_item_links_where_it_is_done(client, applicant, rita):
    ada = applicant("Ada")
    login(client, rita)
    page = client.get(reverse("work:home")).content.decode()
    assert reverse("pipeline:application_detail", args=[ada.pk]) in page
    assert ada.candidate.full_name in page


def test_a_client_user_sees_nothing_of_another_client(client, day, gina, globex, rita):
    day(1)
    theirs = requisitions.requisition_create(client=globex, by=gina, fields={"title": "Own"})
    login(client, gina)
    page = client.get(reverse("work:home")).content.decode()
    assert "Own" in page  # her client's draft
    for marker in ("Raised 0", "New0", "Short0", "Acme Robotics", "person0@acme.test"):
        assert marker not in page
    assert theirs.client_id == globex.pk


def test_a_hiring_manager_sees_only_shortlisted_candidates(client, applicant, hank):
    screened = applicant("Hidden", kind="screen")
    shortlisted = applicant("Shown", kind="submitted")
    login(client, hank)
    page = client.get(reverse("work:home")).content.decode()
    assert shortlisted.candidate.full_name in page
    assert screened.candidate.full_name not in page


def test_an_item_page_is_only_for_those_who_have_it(client, rita, hank, gina):
    url = reverse("work:item", args=["new_applicants"])
    login(client, hank)
    assert client.get(url).status_code == 404
    login(client, gina)
    assert client.get(url).status_code == 404
    assert client.get(reverse("work:item", args=["no-such-item"])).status_code == 404
    login(client, rita)
    assert client.get(url).status_code == 200


def test_an_approval_shows_up_for_anyone_in_the_chain_only_when_waiting(client, acme, rita, ivy):
    login(client, ivy)
    assert "Requisitions to approve" not in client.get("/").content.decode()
    ApprovalRule.objects.create(client=acme, position=1, approver=ivy)
    draft = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Welder"})
    requisitions.requisition_submit(requisition=draft, by=rita)
    page = client.get("/").content.decode()
    assert "Requisitions to approve" in page and "Welder" in page


def test_expired_invitations_are_sent_again_from_the_home_page(client, acme, carla, commit):
    with commit(execute=True):
        invitation = invitation_create(
            email="nia@acme.test", role="interviewer", client=acme, by=carla, full_name="Nia"
        )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(hours=1))
    login(client, carla)
    renew = reverse("accounts:invitation_renew", args=[acme.slug, invitation.pk])
    assert renew in client.get("/").content.decode()
    with commit(execute=True):
        response = client.post(renew, {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert Invitation.objects.filter(full_name="Nia").count() == 2
    assert "People to invite again</a>: none" in client.get("/").content.decode()
    # Only an expired one can be: the new one is pending.
    fresh = Invitation.objects.order_by("-id").first()
    again = reverse("accounts:invitation_renew", args=[acme.slug, fresh.pk])
    page = client.post(again, {"next": "//evil.example/"}, follow=True)
    assert "Only an expired invitation can be sent again." in page.content.decode()
    assert page.redirect_chain[-1][0] == reverse("accounts:client_detail", args=[acme.slug])


def test_the_sla_item_counts_every_clients_late_clocks(client, alice, globex, acme, rita):
    for client_, by in ((acme, rita), (globex, alice)):
        Engagement.objects.create(
            client=client_,
            name="RPO",
            starts_on=date(2026, 1, 1),
            fee_model="per_hire",
            per_hire_fee=5000,
            sla_days_to_first_shortlist=5,
        )
        late = requisitions.requisition_create(client=client_, by=by, fields={"title": "Late"})
        requisitions.requisition_submit(requisition=late, by=by)
        Requisition.objects.filter(pk=late.pk).update(
            approved_at=timezone.now() - timedelta(days=6)
        )
    login(client, alice)
    page = client.get("/").content.decode()
    assert "2 breaches, 0 warnings" in page
    assert reverse("analytics:sla_overview") in page
