"""Scorecards, "My interviews" for client interviewers, the debrief and overdue feedback."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outhire.interviews import services, tasks
from outhire.interviews.models import Scorecard
from outhire.interviews.tests.helpers import next_weekday
from outhire.testing import login


def _plan_interview(interview, competencies, rita):
    plan = services.plan_save(
        requisition=interview.application.requisition,
        fields={
            "stage": interview.application.stage,
            "name": "Technical interview",
            "questions": ["Tell us about a robot you built.", "How do you debug a servo?"],
        },
        interviewers=[],
        competencies=competencies[:2],
        by=rita,
    )
    interview.plan = plan
    interview.save(update_fields=["plan"])
    return plan


def _post(competencies, recommendation="yes", score=3):
    data = {"recommendation": recommendation, "notes": "Solid."}
    for c in competencies:
        data[f"rating_{c.pk}"] = str(score)
        data[f"note_{c.pk}"] = f"Evidence on {c.name}"
    return data


def test_ivy_rates_the_kit_and_then_sees_hanks_scorecard(
    client, held, interview, competencies, rita, ivy, hank
):
    _plan_interview(interview, competencies, rita)
    kit = competencies[:2]
    hank_card = Scorecard.objects.get(interview=interview, interviewer=hank)
    services.scorecard_submit(
        scorecard=hank_card,
        ratings={c.pk: (4, "") for c in kit},
        recommendation="strong_yes",
        notes="Hank's secret verdict text",
        by=hank,
    )
    login(client, ivy)
    url = reverse("interviews:scorecard", args=[interview.pk])
    page = client.get(url).content.decode()
    assert "How do you debug a servo?" in page
    assert "Problem solving" in page and "Robotics" in page
    assert "Communication" not in page  # not in this interview's focus
    assert "3: Meets the bar" in page  # the written anchors
    assert "Hank&#x27;s secret verdict text" not in page
    assert "<strong>Strong yes</strong>" not in page

    missing = client.post(url, {"recommendation": "yes"})
    assert missing.status_code == 400
    response = client.post(url, _post(kit))
    assert response.status_code == 302
    card = Scorecard.objects.get(interview=interview, interviewer=ivy)
    assert card.submitted_at is not None and card.recommendation == "yes"
    assert sorted(card.ratings.values_list("score", flat=True)) == [3, 3]
    page = client.get(url).content.decode()
    assert "Hank&#x27;s secret verdict text" in page and "<strong>Strong yes</strong>" in page
    again = client.post(url, _post(kit, "no"), follow=True)
    assert "already submitted" in again.content.decode()
    card.refresh_from_db()
    assert card.recommendation == "yes"


def test_scores_out_of_range_are_refused(client, interview, competencies, ivy):
    login(client, ivy)
    url = reverse("interviews:scorecard", args=[interview.pk])
    response = client.post(url, _post(competencies, score=5))
    assert response.status_code == 400
    assert not Scorecard.objects.filter(submitted_at__isnull=False).exists()


def test_an_interviewer_sees_only_their_interviews_of_shortlisted_candidates(
    client, interview, submitted_application, make_application, rita, ivy, hank, carla
):
    start = next_weekday(11, days=3)
    services.interview_book(interview=interview, start=start, by=rita)
    hidden = services.interview_create(
        application=make_application("Grace", "Hopper"),  # never shortlisted to Acme
        by=rita,
        interviewers=[ivy],
        fields={"title": "Early screen"},
    )
    not_hers = services.interview_create(
        application=submitted_application("Alan", "Turing", "alan@example.test"),
        by=rita,
        interviewers=[hank],
        fields={"title": "Manager chat"},
    )
    login(client, ivy)
    page = client.get(reverse("interviews:my_interviews")).content.decode()
    assert "Ada Lovelace" in page and "Technical interview" in page
    assert "Grace Hopper" not in page and "Early screen" not in page
    assert "Alan Turing" not in page
    for other in (hidden, not_hers):
        assert client.get(reverse("interviews:scorecard", args=[other.pk])).status_code == 404
    login(client, carla)  # Acme's admin, not on the panel
    assert client.get(reverse("interviews:scorecard", args=[interview.pk])).status_code == 404


def test_my_interviews_runs_a_constant_number_of_queries(
    client, submitted_application, rita, ivy, django_assert_max_num_queries
):
    for n in range(6):
        interview = services.interview_create(
            application=submitted_application(f"Person{n}", "Doe", f"p{n}@example.test"),
            by=rita,
            interviewers=[ivy],
            fields={"title": f"Interview {n}"},
        )
        if n % 2:
            services.interview_book(interview=interview, start=next_weekday(9 + n, days=3), by=rita)
    login(client, ivy)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("interviews:my_interviews"))
    assert response.content.decode().count("Person") == 6


def test_the_debrief_summarises_ratings_and_waits_for_ones_own(
    client, held, interview, competencies, rita, ivy, hank, carla, django_assert_max_num_queries
):
    kit = competencies[:2]
    _plan_interview(interview, competencies, rita)
    for user, score, verdict in ((hank, 4, "strong_yes"), (rita, 2, "no")):
        card, _ = Scorecard.objects.get_or_create(
            interview=interview, interviewer=user, client=interview.client
        )
        services.scorecard_submit(
            scorecard=card,
            ratings={c.pk: (score, "") for c in kit},
            recommendation=verdict,
            notes=f"{user.full_name} wrote this",
            by=user,
        )
    url = reverse("interviews:debrief", args=[interview.application_id])
    login(client, ivy)  # on the panel, scorecard still due: nothing of the others'
    page = client.get(url).content.decode()
    assert "Submit your own scorecard first" in page
    assert "Hank Hiringmanager wrote this" not in page
    login(client, carla)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert "Hank Hiringmanager wrote this" in page and "Rita Recruiter wrote this" in page
    assert "3.00" in page  # mean of 4 and 2 for each competency
    assert "0 / 1 / 0 / 1" in page


def test_the_debrief_is_not_shown_to_interviewers_who_took_no_part(
    client, interview, submitted_application, rita, ivy, gina
):
    other = submitted_application("Alan", "Turing", "alan@example.test")
    login(client, ivy)
    assert client.get(reverse("interviews:debrief", args=[other.pk])).status_code == 404
    login(client, gina)
    url = reverse("interviews:debrief", args=[interview.application_id])
    assert client.get(url).status_code == 404


def test_overdue_feedback_is_counted_and_chased_at_most_daily(
    interview, rita, ivy, hank, time_machine, competencies
):
    start = next_weekday(10, days=3)
    services.interview_book(interview=interview, start=start, by=rita)
    end = start + timedelta(minutes=60)
    assert services.overdue_scorecards(interview.client, end + timedelta(hours=47)).count() == 0
    assert services.overdue_scorecards(interview.client, end + timedelta(hours=49)).count() == 2
    time_machine.move_to(start + timedelta(minutes=5))
    services.scorecard_submit(
        scorecard=Scorecard.objects.get(interviewer=hank),
        ratings={c.pk: (3, "") for c in competencies},
        recommendation="yes",
        notes="",
        by=hank,
    )
    assert services.overdue_scorecards(interview.client, end + timedelta(hours=49)).count() == 1
    mail.outbox.clear()
    time_machine.move_to(end + timedelta(hours=49))
    tasks.chase_overdue_scorecards()
    tasks.chase_overdue_scorecards()
    assert [m.to for m in mail.outbox] == [["ivy@acme.test"]]
    assert "Feedback overdue" in mail.outbox[0].subject
    time_machine.move_to(end + timedelta(hours=74))
    tasks.chase_overdue_scorecards()
    assert len(mail.outbox) == 2
    assert Scorecard.objects.get(interviewer=ivy).chase_count == 2
    services.interview_cancel(interview=interview, by=rita)
    assert services.overdue_scorecards(interview.client, timezone.now()).count() == 0


def test_an_empty_scorecard_comes_back_with_a_summary_and_its_radios_labelled(
    client, held, interview, competencies, rita, ivy
):
    _plan_interview(interview, competencies, rita)
    problem_solving = competencies[0]
    login(client, ivy)
    url = reverse("interviews:scorecard", args=[interview.pk])
    page = client.get(url).content.decode()
    assert (
        "novalidate" in page
    )  # so that the server's summary, not the browser, says what is missing
    assert f'<label for="id_rating_{problem_solving.pk}_2">3: Meets the bar: ' in page
    assert re.search(
        rf'<input type="radio" name="rating_{problem_solving.pk}" value="3"[^>]*'
        rf'id="id_rating_{problem_solving.pk}_2"[^>]*>'
        rf'<label for="id_rating_{problem_solving.pk}_2">',
        page,
    )
    assert '<legend>Problem solving: <span class="required">required</span></legend>' in page

    response = client.post(url, {"notes": ""})  # as a browser sends it: nothing chosen
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', page, re.S).group(0)
    assert "Please check 3 things below." in summary
    assert f'<a href="#id_rating_{problem_solving.pk}_0">Problem solving</a>' in summary
    assert '<a href="#id_recommendation_0">Overall recommendation</a>' in summary
    # In the order of the page: the ratings first, the overall view last.
    assert summary.index("Problem solving") < summary.index("Overall recommendation")
    assert page.index("error-summary") < page.index(f'id="id_rating_{problem_solving.pk}_0"')
