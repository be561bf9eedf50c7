"""Each item of "My work": what puts a row in it, what takes it out, and who never sees it."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import Invitation
from outhire.accounts.services import invitation_create, invitation_renew, invitation_revoke
from outhire.interviews import services as interviews
from outhire.interviews.tests.helpers import started
from outhire.offers import services as offers
from outhire.offers.models import OfferApprovalRule
from outhire.offers.tests.factories import terms
from outhire.pipeline.communication.messaging import message_custom, reply_log
from outhire.pipeline.models import Application
from outhire.pipeline.services import application_move, application_reject
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import ApprovalRule, DispositionReason
from outhire.testing import make_member, make_user


def _titles(item) -> list[str]:
    return [row.title for row in item.rows]


def _age(application, days: float) -> None:
    Application.objects.filter(pk=application.pk).update(
        moved_at=timezone.now() - timedelta(days=days)
    )


def _interview(application, by, interviewers):
    return interviews.interview_create(
        application=application,
        by=by,
        interviewers=interviewers,
        fields={"title": "Technical interview", "duration_minutes": 60, "time_zone": "UTC"},
    )


# --- Recruiters ----------------------------------------------------------------------------------


def test_new_applicants_are_the_recruiters_until_screened(read, applicant, rita, stage):
    ada = applicant("Ada")
    item = read(rita, "new_applicants")
    assert item.count == 1 and item.rows[0].title == ada.candidate.full_name
    assert item.rows[0].url == reverse("pipeline:application_detail", args=[ada.pk])
    assert item.oldest == ada.moved_at
    application_move(application=ada, to_stage=stage("screen"), by=rita)
    assert read(rita, "new_applicants").count == 0


def test_a_recruiter_sees_only_their_requisitions_and_the_unassigned(
    read, applicant, rita, acme, requisition
):
    other = make_member(
        make_user("olga@provider.test", "Olga Other", "recruiter"), acme, "recruiter"
    )
    applicant("Ada")
    theirs = requisitions.requisition_create(client=acme, by=other, fields={"title": "Theirs"})
    theirs.recruiters.add(other)
    requisitions.requisition_submit(requisition=theirs, by=other)
    nobodys = requisitions.requisition_create(client=acme, by=other, fields={"title": "Nobody's"})
    requisitions.requisition_submit(requisition=nobodys, by=other)
    applicant("Bea", req=theirs)
    applicant("Cy", req=nobodys)
    assert sorted(t.split()[0] for t in _titles(read(rita, "new_applicants"))) == ["Ada", "Cy"]
    assert sorted(t.split()[0] for t in _titles(read(other, "new_applicants"))) == ["Bea", "Cy"]


def test_idle_applications_are_those_past_their_stage_target(
    read, applicant, rita, settings, stage
):
    settings.OUTHIRE_STAGE_SLA_DAYS = {"screen": 3, "interview": 5}
    stale = applicant("Ada", kind="screen")
    fresh = applicant("Bea", kind="screen")
    waiting = applicant("Cy", kind="interview")
    _age(stale, 4)
    _age(fresh, 2)
    _age(waiting, 4)  # within the interview stage's 5 days
    item = read(rita, "idle_applications")
    assert _titles(item) == [stale.candidate.full_name]
    assert "target 3 days" in item.rows[0].detail
    stale.refresh_from_db()
    application_move(application=stale, to_stage=stage("submitted"), by=rita)
    assert read(rita, "idle_applications").count == 0


def test_interviews_to_schedule_until_booked_or_offered(
    read, applicant, rita, ivy, coordinator, commit
):
    ada = applicant("Ada", kind="interview")
    item = read(rita, "interviews_to_schedule")
    assert item.count == 1 and item.rows[0].flag == "No interview yet"
    assert item.rows[0].url == reverse("interviews:application_interviews", args=[ada.pk])
    # The coordinator schedules for every requisition of their clients.
    assert read(coordinator, "interviews_to_schedule").count == 1
    interview = _interview(ada, rita, [ivy])
    item = read(coordinator, "interviews_to_schedule")
    assert item.rows[0].url == reverse("interviews:interview_detail", args=[interview.pk])
    with commit(execute=True):
        interviews.interview_send_link(interview=interview, by=rita)
    assert read(coordinator, "interviews_to_schedule").count == 0
    assert read(rita, "interviews_to_schedule").count == 0


def test_a_cancelled_interview_is_to_reschedule_while_the_application_lives(
    read, applicant, rita, ivy, coordinator, commit
):
    ada = applicant("Ada", kind="interview")
    bea = applicant("Bea", kind="interview")
    with commit(execute=True):
        for application in (ada, bea):
            first = _interview(application, rita, [ivy])
            interviews.interview_cancel(interview=first, by=None, reason="By the candidate")
    item = read(coordinator, "interviews_to_reschedule")
    assert item.count == 2 and read(coordinator, "interviews_to_schedule").count == 0
    _interview(ada, coordinator, [ivy])  # a new one for Ada: now to schedule, not reschedule
    reason = DispositionReason.objects.filter(client=bea.client, applies_to="rejected").first()
    application_reject(application=bea, by=rita, disposition=reason)  # Bea's is over
    assert _titles(read(coordinator, "interviews_to_reschedule")) == []
    assert read(coordinator, "interviews_to_schedule").count == 1


def test_feedback_missing_once_past_due_until_submitted(
    read, applicant, rita, ivy, requisition, commit
):
    ada = applicant("Ada", kind="interview")
    interview = _interview(ada, rita, [ivy])
    scorecard = interview.scorecards.get()
    scorecard.due_at = timezone.now() + timedelta(hours=1)
    scorecard.save()
    assert read(rita, "feedback_missing").count == 0
    scorecard.due_at = timezone.now() - timedelta(hours=1)
    scorecard.save()
    item = read(rita, "feedback_missing")
    assert item.count == 1 and item.rows[0].title.startswith("Ivy Interviewer")
    started(interview)  # feedback opens when the interview has begun
    interview.status = "completed"
    interview.save()
    with commit(execute=True):
        interviews.scorecard_submit(
            scorecard=scorecard, ratings={}, recommendation="yes", notes="", by=ivy
        )
    assert read(rita, "feedback_missing").count == 0


def test_offers_approved_declined_and_accepted(read, applicant, rita, commit):
    ada = applicant("Ada", kind="offer")
    bea = applicant("Bea", kind="offer")
    cy = applicant("Cy", kind="offer")
    with commit(execute=True):
        sent = []
        for application in (ada, bea, cy):
            offer = offers.offer_create(application=application, fields=terms(), by=rita)
            offers.offer_submit(offer=offer, by=rita)  # no chain: approved at once
            sent.append(offer)
    assert read(rita, "offers_to_send").count == 3
    with commit(execute=True):
        for offer in sent:
            offers.offer_send(offer=offer, by=rita)
    assert read(rita, "offers_to_send").count == 0
    with commit(execute=True):
        offers.offer_decline(offer=sent[1], reason="Pay", ip=None)
        offers.offer_accept(offer=sent[2], typed_name=cy.candidate.full_name, ip=None)
    declined = read(rita, "offers_declined")
    assert declined.count == 1 and declined.rows[0].url == reverse(
        "offers:offer_detail", args=[sent[1].pk]
    )
    assert _titles(read(rita, "offers_accepted")) == [cy.candidate.full_name]
    with commit(execute=True):
        offers.offer_renegotiate(offer=sent[1], by=rita)
    assert read(rita, "offers_declined").count == 0


def test_offers_accepted_leave_after_a_week(read, applicant, rita, commit):
    ada = applicant("Ada", kind="offer")
    with commit(execute=True):
        offer = offers.offer_create(application=ada, fields=terms(), by=rita)
        offers.offer_submit(offer=offer, by=rita)
        offers.offer_send(offer=offer, by=rita)
        offers.offer_accept(offer=offer, typed_name=ada.candidate.full_name, ip=None)
    assert read(rita, "offers_accepted").count == 1
    later = timezone.now() + timedelta(days=8)
    assert read(rita, "offers_accepted", now=later).count == 0


def test_requisitions_raised_by_the_client_or_sent_back_until_submitted(
    read, rita, carla, hank, acme
):
    raised = requisitions.requisition_create(client=acme, by=carla, fields={"title": "Raised"})
    requisitions.requisition_create(client=acme, by=rita, fields={"title": "Rita's own draft"})
    item = read(rita, "requisitions_to_submit")
    assert [r.flag for r in item.rows] == ["Raised by the client"]
    assert item.rows[0].url == reverse("requisitions:requisition_detail", args=[raised.pk])
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    requisitions.requisition_submit(requisition=raised, by=rita)
    assert read(rita, "requisitions_to_submit").count == 0
    requisitions.approval_decide(requisition=raised, by=hank, approve=False, comment="Budget?")
    assert [r.flag for r in read(rita, "requisitions_to_submit").rows] == ["Sent back"]


def test_a_candidates_reply_waits_for_an_answer(read, applicant, rita, commit):
    ada = applicant("Ada", kind="screen")
    reply_log(application=ada, subject="Question", body="When do we talk?", by=rita)
    item = read(rita, "candidate_messages")
    assert item.count == 1 and "Question" in item.rows[0].title
    assert item.rows[0].url == reverse("pipeline:application_messages", args=[ada.pk])
    with commit(execute=True):
        message_custom(application=ada, body="Tomorrow at ten.", by=rita)
    assert read(rita, "candidate_messages").count == 0


# --- Sourcers, coordinators ----------------------------------------------------------------------


def test_requisitions_short_of_candidates(read, applicant, sourcer, requisition, settings):
    settings.OUTHIRE_APPLICATIONS_PER_OPENING = 2  # two openings: four wanted
    for name in ("Ada", "Bea", "Cy"):
        applicant(name)
    item = read(sourcer, "requisitions_short")
    assert item.count == 1 and "3 of 4 candidates" in item.rows[0].detail
    assert item.rows[0].url == reverse("screening:requisition_matches", args=[requisition.pk])
    applicant("Dee")
    assert read(sourcer, "requisitions_short").count == 0


# --- Approvers, hiring managers, interviewers ----------------------------------------------------


def test_approvals_wait_for_the_approver_whose_turn_it_is(read, acme, rita, hank, carla):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    ApprovalRule.objects.create(client=acme, position=2, approver=carla)
    draft = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Welder"})
    requisitions.requisition_submit(requisition=draft, by=rita)
    item = read(hank, "requisition_approvals")
    assert item.count == 1 and item.rows[0].title == "Welder"
    assert item.oldest is not None
    assert read(carla, "requisition_approvals").count == 0  # not her turn yet
    requisitions.approval_decide(requisition=draft, by=hank, approve=True)
    assert read(hank, "requisition_approvals").count == 0
    assert read(carla, "requisition_approvals").count == 1


def test_offers_to_approve(read, applicant, acme, rita, hank, commit):
    OfferApprovalRule.objects.create(client=acme, position=1, approver=hank)
    ada = applicant("Ada", kind="offer")
    with commit(execute=True):
        offer = offers.offer_create(application=ada, fields=terms(), by=rita)
        offers.offer_submit(offer=offer, by=rita)
    item = read(hank, "offer_approvals")
    assert item.count == 1 and item.rows[0].url == reverse("offers:offer_detail", args=[offer.pk])
    with commit(execute=True):
        offers.offer_decide(offer=offer, by=hank, approve=True)
    assert read(hank, "offer_approvals").count == 0
    # Approved: now the recruiter's to send.
    assert read(rita, "offers_to_send").count == 1


def test_candidates_to_review_are_the_managers_own(read, applicant, acme, rita, hank, stage):
    other_manager = make_member(make_user("mo@acme.test", "Mo Manager"), acme, "hiring_manager")
    theirs = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Theirs", "hiring_manager": other_manager}
    )
    requisitions.requisition_submit(requisition=theirs, by=rita)
    ada = applicant("Ada", kind="submitted")
    applicant("Bea", kind="submitted", req=theirs)
    applicant("Cy", kind="screen")  # not shortlisted: not the client's to see
    item = read(hank, "candidates_to_review")
    assert _titles(item) == [ada.candidate.full_name]
    assert item.rows[0].url.endswith(f"/candidates/#application-{ada.pk}")
    assert read(other_manager, "candidates_to_review").count == 1
    application_move(application=ada, to_stage=stage("interview"), by=hank)
    assert read(hank, "candidates_to_review").count == 0


def test_scorecards_due_once_the_interview_has_begun(read, applicant, rita, ivy, hank, commit):
    ada = applicant("Ada", kind="interview")
    interview = _interview(ada, rita, [ivy, hank])
    interview.status = "scheduled"
    interview.starts_at = timezone.now() + timedelta(days=1)
    interview.ends_at = interview.starts_at + timedelta(hours=1)
    interview.save()
    assert read(ivy, "scorecards_due").count == 0
    interview.starts_at = timezone.now() - timedelta(hours=2)
    interview.ends_at = timezone.now() - timedelta(hours=1)
    interview.save()
    item = read(ivy, "scorecards_due")
    assert item.count == 1
    assert item.rows[0].url == reverse("interviews:scorecard", args=[interview.pk])
    with commit(execute=True):
        interviews.scorecard_submit(
            scorecard=interview.scorecards.get(interviewer=ivy),
            ratings={},
            recommendation="yes",
            notes="",
            by=ivy,
        )
    assert read(ivy, "scorecards_due").count == 0
    assert read(hank, "scorecards_due").count == 1  # his own is still to write


# --- Client admins, provider admins --------------------------------------------------------------


def test_drafts_the_clients_people_raised(read, acme, rita, carla, gina, globex):
    mine = requisitions.requisition_create(client=acme, by=carla, fields={"title": "Raised"})
    requisitions.requisition_create(client=acme, by=rita, fields={"title": "Provider's draft"})
    requisitions.requisition_create(client=globex, by=gina, fields={"title": "Globex's draft"})
    assert _titles(read(carla, "drafts")) == ["Raised"]
    assert _titles(read(gina, "drafts")) == ["Globex's draft"]
    requisitions.requisition_submit(requisition=mine, by=rita)
    assert read(carla, "drafts").count == 0


def test_expired_invitations_until_sent_again_or_withdrawn(read, acme, carla, commit):
    with commit(execute=True):
        first = invitation_create(email="nia@acme.test", role="interviewer", client=acme, by=carla)
        second = invitation_create(email="ole@acme.test", role="interviewer", client=acme, by=carla)
    assert read(carla, "users_to_invite").count == 0  # still pending
    Invitation.objects.update(expires_at=timezone.now() - timedelta(hours=1))
    item = read(carla, "users_to_invite")
    assert item.count == 2
    assert [label for label, _ in item.rows[0].actions] == ["Invite again", "Withdraw"]
    first.refresh_from_db()
    with commit(execute=True):
        invitation_renew(invitation=first, by=carla)
    invitation_revoke(invitation=second, by=carla)
    assert read(carla, "users_to_invite").count == 0


def test_sla_clocks_across_every_client(read, alice, engagement, rita, acme):
    with_target = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Late"})
    requisitions.requisition_submit(requisition=with_target, by=rita)
    now = timezone.now()
    assert read(alice, "sla", now=now + timedelta(days=5)).count == 0
    warning = read(alice, "sla", now=now + timedelta(days=9))
    assert warning.count == 1 and warning.rows[0].flag == "Warning"
    assert warning.summary == "0 breaches, 1 warning"
    breach = read(alice, "sla", now=now + timedelta(days=11))
    assert breach.rows[0].flag == "Breach" and breach.rows[0].title == "Late"
    assert breach.more_url == reverse("analytics:sla_overview")
