"""Assessments: build, send by a signed expiring link, take without JavaScript, score, review,
remind; flags never reject."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from outhire.candidates.services import contact_points_set
from outhire.careers.tests.brand_checks import assert_branded
from outhire.pipeline.services import application_move
from outhire.screening import assessment_scoring as scoring
from outhire.screening import assessments as services
from outhire.screening.models import AssessmentAnswer, AssessmentSitting
from outhire.screening.tasks import send_assessment_reminders
from outhire.testing import login


def test_scoring_by_hand():
    questions = [
        scoring.Question(
            1,
            "choice",
            "Years of SQL?",
            [{"label": "none", "points": 0, "flag": True}, {"label": "5+", "points": 4}],
        ),
        scoring.Question(2, "rating", "Teamwork", max_points=10, flag_at_or_below=2),
        scoring.Question(3, "text", "Tell us", max_points=5),
    ]
    result = scoring.score(
        questions,
        {1: scoring.Answer(choice=1), 2: scoring.Answer(rating=3), 3: scoring.Answer(text="x")},
    )
    assert (result.auto_points, result.possible_points) == (4 + 6.0, 4 + 10 + 5)
    assert result.needs_review and result.flags == []
    flagged = scoring.score(questions, {1: scoring.Answer(choice=0), 2: scoring.Answer(rating=2)})
    assert len(flagged.flags) == 2 and flagged.auto_points == 4.0
    assert scoring.parse_options("Yes | 3\nNo | 0 | flag") == [
        {"label": "Yes", "points": 3.0, "flag": False},
        {"label": "No", "points": 0.0, "flag": True},
    ]
    with pytest.raises(ValueError, match="Line 1"):
        scoring.parse_options("Yes | lots")


@pytest.fixture
def assessment(client, rita, acme, requisition):
    login(client, rita)
    response = client.post(
        reverse("screening:assessment_list", args=[acme.slug]),
        {"name": "Data skills", "requisition": requisition.pk, "days_valid": 7},
    )
    assert response.status_code == 302, response.content.decode()
    url = response["Location"]
    questions = [
        {
            "kind": "choice",
            "area": "skills",
            "prompt": "How often do you write SQL?",
            "options": "Daily | 4\nWeekly | 2\nNever | 0 | flag",
            "flag_at_or_below": 0,
            "max_points": 5,
            "required": "on",
        },
        {
            "kind": "rating",
            "area": "motivators",
            "prompt": "How much do you enjoy teamwork?",
            "anchors": "Not at all\nA little\nSomewhat\nMuch\nVery much",
            "flag_at_or_below": 1,
            "max_points": 5,
            "required": "on",
        },
        {
            "kind": "text",
            "area": "values",
            "prompt": "Describe a time you disagreed with a colleague.",
            "rubric": "5: respectful, specific; 0: blames others",
            "flag_at_or_below": 0,
            "max_points": 5,
        },
    ]
    for q in questions:
        assert client.post(url, q).status_code == 302
    from outhire.screening.models import Assessment

    return Assessment.objects.get(name="Data skills")


@pytest.fixture
def applicant(make_application):
    application = make_application("Ada", "Lovelace")
    contact_points_set(candidate=application.candidate, emails=["ada@example.test"], phones=[])
    return application


def _send(client, assessment, applicant):
    url = reverse("screening:application_assessments", args=[applicant.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"assessment": assessment.pk})
    assert response.status_code == 302, response.content.decode()
    sitting = AssessmentSitting.objects.get(application=applicant)
    link = services.link_token(sitting)
    return sitting, reverse("screening:assessment_take", args=[link])


def test_a_builder_form_error_is_shown(client, assessment):
    url = reverse("screening:assessment_detail", args=[assessment.pk])
    html = client.post(
        url,
        {
            "kind": "rating",
            "area": "skills",
            "prompt": "Rate",
            "anchors": "one",
            "flag_at_or_below": 0,
            "max_points": 5,
        },
    ).content.decode()
    assert "five anchors" in html
    assert assessment.questions.count() == 3


def test_send_take_score_review(client, rita, assessment, applicant, django_assert_max_num_queries):
    sitting, _ = _send(client, assessment, applicant)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    take = re.search(r"http://\S+(/assessment/\S+/)", body).group(1)
    assert "Ada" not in take and "example" not in take
    assert services.sitting_id_from_token(take.split("/")[2]) == sitting.pk
    client.logout()

    # The page works without JavaScript: plain form posts, no script in the page's content (the
    # site-wide forms.js after it only moves focus to an error summary).
    page = client.get(take).content.decode()
    assert (
        "How often do you write SQL?" in page
        and "<script" not in page.split("<main")[1].split("</main>")[0]
    )
    q = {x.prompt[:8]: x for x in assessment.questions.all()}
    choice, rating, text = q["How ofte"], q["How much"], q["Describe"]
    # Save part, come back later.
    client.post(take, {f"q{choice.pk}": "0", "action": "save"})
    assert AssessmentAnswer.objects.filter(sitting=sitting).count() == 1
    assert "checked" in client.get(take).content.decode()
    # Finish without a required answer: told which, nothing submitted.
    html = client.post(take, {f"q{choice.pk}": "0", "action": "finish"}).content.decode()
    assert "How much do you enjoy teamwork?" in html and "required" in html
    sitting.refresh_from_db()
    assert sitting.submitted_at is None
    # Finish: junk values are no answer, a real one scores.
    html = client.post(
        take,
        {
            f"q{choice.pk}": "0",
            f"q{rating.pk}": "1",
            f"q{text.pk}": "I listened first.",
            "action": "finish",
        },
    ).content.decode()
    assert "Thank you" in html
    sitting.refresh_from_db()
    assert sitting.auto_points == 4 + 1.0 and sitting.possible_points == 14
    assert sitting.needs_review and sitting.flagged and len(sitting.flag_reasons) == 1
    # One submission only.
    again = client.post(take, {f"q{choice.pk}": "2", "action": "finish"})
    assert "already" in again.content.decode()
    sitting.refresh_from_db()
    assert sitting.auto_points == 5.0
    # Flagged, never rejected or moved.
    applicant.refresh_from_db()
    assert applicant.status == "active" and applicant.version == 1

    login(client, rita)
    url = reverse("screening:sitting_detail", args=[sitting.pk])
    answer = AssessmentAnswer.objects.get(sitting=sitting, question=text)
    html = client.post(url, {f"points_{answer.pk}": "9"}).content.decode()
    assert "Between 0 and 5" in html
    client.post(url, {f"points_{answer.pk}": "4", f"note_{answer.pk}": "specific"})
    sitting.refresh_from_db()
    assert sitting.reviewer_points == 4 and not sitting.needs_review
    assert sitting.percent == round(100 * 9 / 14)
    with django_assert_max_num_queries(14):
        html = client.get(url).content.decode()
    assert "Flagged for review" in html and "I listened first." in html


def test_client_users_see_results_only_once_the_application_is_visible(
    client, rita, hank, gina, assessment, applicant, stage
):
    sitting, _ = _send(client, assessment, applicant)
    pages = [
        reverse("screening:application_assessments", args=[applicant.pk]),
        reverse("screening:sitting_detail", args=[sitting.pk]),
    ]
    login(client, hank)
    assert [client.get(p).status_code for p in pages] == [404, 404]
    application_move(application=applicant, to_stage=stage("submitted"), by=rita)
    assert [client.get(p).status_code for p in pages] == [200, 200]
    assert client.post(pages[0], {"assessment": assessment.pk}).status_code == 404
    login(client, gina)
    assert [client.get(p).status_code for p in pages] == [404, 404]


def test_expired_and_forged_links(client, assessment, applicant):
    sitting, take = _send(client, assessment, applicant)
    client.logout()
    assert client.get(take[:-3] + "xyz/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(take)
        assert response.status_code == 410 and "expired" in response.content.decode()
        assert client.post(take, {"action": "finish"}).status_code == 410


def test_reminders_for_unfinished_assessments(client, assessment, applicant):
    sitting, _ = _send(client, assessment, applicant)
    mail.outbox.clear()
    send_assessment_reminders()
    assert mail.outbox == []  # too soon
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        send_assessment_reminders()
        send_assessment_reminders()  # not twice in a row
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Reminder")
    sitting.refresh_from_db()
    assert sitting.reminders_sent == 1
    sitting.submitted_at = timezone.now()
    sitting.save()
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        send_assessment_reminders()
    assert len(mail.outbox) == 1


def test_the_application_page_lists_results_in_constant_queries(
    client, assessment, make_application, rita, django_assert_max_num_queries
):
    apps = []
    for n in range(4):
        app = make_application(f"P{n}")
        contact_points_set(candidate=app.candidate, emails=[f"p{n}@example.test"], phones=[])
        apps.append(app)
    for app in apps:
        _send(client, assessment, app)
    url = reverse("screening:application_assessments", args=[apps[0].pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    detail = reverse("pipeline:application_detail", args=[apps[0].pk])
    assert "Data skills" in client.get(detail).content.decode()


def test_the_assessment_pages_wear_the_clients_brand(client, assessment, applicant, globex):
    sitting, take = _send(client, assessment, applicant)
    client.logout()
    html = client.get(take).content.decode()
    assert_branded(html, applicant.client, not_for=globex)
    assert "<title>Data skills · Acme Robotics</title>" in html
    # The thank-you page after finishing is the client's too.
    question = sitting.assessment.questions.get(kind="choice")
    rating = sitting.assessment.questions.get(kind="rating")
    done = client.post(
        take, {"action": "finish", f"q{question.pk}": "0", f"q{rating.pk}": "4"}
    ).content.decode()
    assert "Thank you" in done
    assert_branded(done, applicant.client, not_for=globex)
    # A link that names no sitting knows no client: the provider's neutral look.
    invalid = client.get(reverse("screening:assessment_take", args=["nonsense"]))
    assert invalid.status_code == 404
    assert "Acme Robotics" not in invalid.content.decode()
