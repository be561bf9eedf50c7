"""Who is told of what, from the services where each event happens (docs/work.md)."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.accounts.models import Notification
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    apply_url,
    form_data,
    resume_pdf,
)
from outhire.interviews import services as interviews
from outhire.offers import services as offers
from outhire.offers.models import OfferApprovalRule
from outhire.offers.tests.factories import terms
from outhire.pipeline.models import Application
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import ApprovalRule


def told(kind: str) -> set[str]:
    """The e-mail addresses of those told of `kind`."""
    return set(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_a_requisition_raised_submitted_sent_back_and_approved(acme, rita, carla, hank):
    raised = requisitions.requisition_create(
        client=acme, by=carla, fields={"title": "Line Lead", "hiring_manager": hank}
    )
    assert told("requisition_raised") == {rita.email}  # Acme's recruiter
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    requisitions.requisition_submit(requisition=raised, by=rita)
    assert told("requisition_submitted") == {hank.email, carla.email}
    requisitions.approval_decide(requisition=raised, by=hank, approve=False, comment="Budget?")
    assert told("requisition_sent_back") == {rita.email, carla.email}
    notice = Notification.objects.get(kind="requisition_sent_back", user=rita)
    assert "Budget?" not in notice.text and "Hank Hiringmanager" in notice.text
    requisitions.requisition_submit(requisition=raised, by=rita)
    requisitions.approval_decide(requisition=raised, by=hank, approve=True)
    assert told("requisition_approved") == {rita.email, carla.email}  # not Hank, who did it
    assert notice.url == f"/requisitions/{raised.pk}/"


def test_staff_raising_a_requisition_tell_no_one(acme, rita):
    requisitions.requisition_create(client=acme, by=rita, fields={"title": "Welder"})
    assert told("requisition_raised") == set()


def test_an_applicant_through_the_careers_site_tells_the_recruiter_only(
    client, posting, rita, hank, django_capture_on_commit_callbacks
):
    pdf = SimpleUploadedFile("cv.pdf", resume_pdf(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(posting), form_data(resume=pdf))
    assert response.status_code == 302
    application = Application.objects.get()
    [notice] = Notification.objects.filter(kind="candidate_applied")
    assert notice.user == rita and notice.url == f"/applications/{application.pk}/"
    assert "Jane" not in notice.text and "Applicant" not in notice.text.replace("applicant", "")
    # A digest kind by default: no e-mail to Rita now (the candidate gets their confirmation).
    assert rita.email not in [m.to[0] for m in mail.outbox]
    assert not Notification.objects.filter(user=hank).exclude(kind="requisition_approved")


def test_an_offers_approval_and_the_candidates_answers(
    applicant, acme, rita, hank, carla, django_capture_on_commit_callbacks
):
    OfferApprovalRule.objects.create(client=acme, position=1, approver=carla)
    ada = applicant("Ada", kind="offer")
    bea = applicant("Bea", kind="offer")
    with django_capture_on_commit_callbacks(execute=True):
        made = []
        for application in (ada, bea):
            offer = offers.offer_create(application=application, fields=terms(), by=rita)
            offers.offer_submit(offer=offer, by=rita)
            made.append(offer)
        offers.offer_decide(offer=made[0], by=carla, approve=False, comment="Too high")
        assert told("offer_sent_back") == {rita.email}
        offers.offer_submit(offer=made[0], by=rita)
        for offer in made:
            offers.offer_decide(offer=offer, by=carla, approve=True)
        assert told("offer_approved") == {rita.email}
        for offer in made:
            offers.offer_send(offer=offer, by=rita)
        offers.offer_accept(offer=made[0], typed_name=ada.candidate.full_name, ip=None)
        offers.offer_decline(offer=made[1], reason="Pay", ip=None)
    assert told("offer_accepted") == {rita.email, hank.email}
    assert told("offer_declined") == {rita.email, hank.email}
    declined = Notification.objects.get(kind="offer_declined", user=hank)
    assert declined.url == f"/offers/{made[1].pk}/"
    assert bea.candidate.full_name not in declined.text
    subjects = [m.subject for m in mail.outbox if m.to == [hank.email]]
    assert any(s.startswith("The offer for “Robotics Engineer”") for s in subjects)


def test_an_interview_booked_moved_cancelled_and_scored(
    applicant, rita, ivy, hank, coordinator, django_capture_on_commit_callbacks
):
    from outhire.interviews.tests.helpers import next_weekday

    ada = applicant("Ada", kind="interview")
    interview = interviews.interview_create(
        application=ada,
        by=coordinator,
        interviewers=[ivy, hank],
        fields={"title": "Panel", "duration_minutes": 60, "time_zone": "UTC"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        interviews.interview_book(interview=interview, start=next_weekday(10), by=coordinator)
        # Rita (the recruiter) hears; the coordinator did it; the interviewers get the calendar.
        assert told("interview_booked") == {rita.email}
        interviews.interview_book(interview=interview, start=next_weekday(14), by=None)
        assert told("interview_moved") == {rita.email, coordinator.email}
        assert (
            "by the candidate" in Notification.objects.filter(kind="interview_moved").first().text
        )
        interview.refresh_from_db()
        interview.starts_at -= timedelta(days=30)
        interview.status = "completed"
        interview.save()
        interviews.scorecard_submit(
            scorecard=interview.scorecards.get(interviewer=ivy),
            ratings={},
            recommendation="yes",
            notes="Strong",
            by=ivy,
        )
    assert told("scorecard_submitted") == {rita.email, coordinator.email, hank.email}
    staff = Notification.objects.get(kind="scorecard_submitted", user=rita)
    manager = Notification.objects.get(kind="scorecard_submitted", user=hank)
    assert staff.url == f"/interviews/{interview.pk}/"
    assert manager.url == f"/interviews/{interview.pk}/scorecard/"
    assert "Strong" not in staff.text and "yes" not in staff.text.lower().split()


def test_a_cancelled_interview_tells_the_staff(
    applicant, rita, ivy, coordinator, django_capture_on_commit_callbacks
):
    ada = applicant("Ada", kind="interview")
    interview = interviews.interview_create(
        application=ada,
        by=coordinator,
        interviewers=[ivy],
        fields={"title": "Panel", "duration_minutes": 60, "time_zone": "UTC"},
    )
    interviews.interview_cancel(interview=interview, by=rita, reason="By the candidate: sick")
    assert told("interview_cancelled") == {coordinator.email}
    text = Notification.objects.get(kind="interview_cancelled").text
    assert "sick" not in text and "by the candidate" not in text


def test_a_requisition_opened_without_a_chain_tells_the_client_user_who_raised_it(
    acme, rita, carla, hank
):
    theirs = requisitions.requisition_create(
        client=acme, by=carla, fields={"title": "Raised", "hiring_manager": hank}
    )
    own = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Own", "hiring_manager": hank}
    )
    for requisition in (theirs, own):
        requisitions.requisition_submit(requisition=requisition, by=rita)  # no chain: open
    assert told("requisition_approved") == {carla.email}
    assert Notification.objects.get(kind="requisition_approved").url.endswith(f"/{theirs.pk}/")
