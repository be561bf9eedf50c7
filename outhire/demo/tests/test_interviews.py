"""The demo's interviews: plans, scored past interviews, booked ones ahead; once only."""

from __future__ import annotations

from outhire.demo.interviews import seed_interviews
from outhire.interviews.models import Interview, InterviewPlan, Scorecard
from outhire.pipeline.services import application_move


def test_it_seeds_plans_and_interviews_once(requisition, make_application, stage, rita, hank, ivy):
    ahead = make_application("Ada")
    past = make_application("Grace")
    for kind in ("submitted", "interview"):
        application_move(application=ahead, to_stage=stage(kind), by=rita)
        application_move(application=past, to_stage=stage(kind), by=rita)
    application_move(application=past, to_stage=stage("offer"), by=rita)

    assert seed_interviews() == "1 interview plans and 2 interviews."
    plan = InterviewPlan.objects.get()
    assert plan.stage == stage("interview") and len(plan.questions) == 3
    assert set(plan.interviewers.all()) == {rita, hank, ivy}
    done = Interview.objects.get(application=past)
    assert done.status == "completed"
    assert all(s.submitted_at and s.ratings.count() == 3 for s in done.scorecards.all())
    booked = Interview.objects.get(application=ahead)
    assert booked.status == "scheduled" and booked.starts_at.weekday() < 5
    assert not Scorecard.objects.filter(interview=booked, submitted_at__isnull=False).exists()
    assert seed_interviews() == "0 interview plans and 0 interviews."
