"""A shortlisted candidate as the client's hiring team sees them: profile, résumé, feedback."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from outhire.accounts.models import AuditEvent, Notification
from outhire.candidates.services import (
    candidate_update,
    document_add,
    note_add,
    profile_entry_add,
)
from outhire.pipeline.models import Comment
from outhire.pipeline.services import application_move
from outhire.screening.models import ScreeningSettings
from outhire.testing import login

RESUME = b"Ada Lovelace\nada@example.test\n+44 20 7946 0000\nBorn 1985. Analyst at Analytical.\n"


def profile_url(application) -> str:
    return reverse("screening:application_profile", args=[application.pk])


def resume_url(application, document) -> str:
    return reverse("screening:application_resume", args=[application.pk, document.pk])


@pytest.fixture
def ada(make_application, stage, rita):
    """Ada, submitted to Acme, with a profile, a résumé, a cover letter and a provider note."""
    application = make_application("Ada", "Lovelace")
    candidate = application.candidate
    candidate_update(
        candidate=candidate,
        fields={
            "current_title": "Analyst",
            "current_employer": "Analytical Engines",
            "location": "London",
            "summary": "Ada Lovelace, 38 years old, she led the chairman's project in 2019.",
        },
        emails=["ada@example.test"],
        phones=["+44 20 7946 0000"],
        by=rita,
    )
    profile_entry_add(candidate=candidate, fields={"kind": "skill", "name": "Python"}, by=rita)
    profile_entry_add(
        candidate=candidate,
        fields={
            "kind": "work",
            "name": "Analytical Engines",
            "title": "Analyst",
            "start_date": date(2019, 1, 1),
            "end_date": date(2021, 7, 1),
            "summary": "Her team shipped the engine.",
        },
        by=rita,
    )
    profile_entry_add(
        candidate=candidate,
        fields={
            "kind": "education",
            "name": "University of London",
            "title": "BSc",
            "detail": "Mathematics",
            "start_date": date(2003, 9, 1),
            "end_date": date(2006, 6, 30),
        },
        by=rita,
    )
    note_add(candidate=candidate, body="Provider only note", visibility="provider", by=rita)
    application.resume = document_add(
        candidate=candidate,
        data=RESUME,
        filename="ada-cv.txt",
        kind="resume",
        by=rita,
        max_bytes=1024 * 1024,
    )
    application.letter = document_add(
        candidate=candidate,
        data=b"Dear hiring manager",
        filename="ada-letter.txt",
        kind="cover_letter",
        by=rita,
        max_bytes=1024 * 1024,
    )
    application_move(application=application, to_stage=stage("submitted"), by=rita)
    return application


def test_the_hiring_manager_opens_the_profile_from_the_list(client, hank, ada, requisition):
    login(client, hank)
    listing = client.get(reverse("pipeline:portal_candidates", args=[requisition.pk]))
    assert f'href="{profile_url(ada)}"' in listing.content.decode()
    response = client.get(profile_url(ada))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in text and "Analyst" in text and "Analytical Engines" in text
    assert "Python" in text and "University of London" in text and "Mathematics" in text
    assert "Jan 2019 – Jul 2021" in text and "ada-cv.txt" in text
    # Contact details, provider notes and other documents never reach the client.
    assert "ada@example.test" not in text and "7946" not in text
    assert "Provider only note" not in text and "ada-letter.txt" not in text


def test_the_resume_downloads_and_the_download_is_audited(client, hank, ada, acme):
    login(client, hank)
    response = client.get(resume_url(ada, ada.resume))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == RESUME
    event = AuditEvent.objects.get(action="document.downloaded")
    assert event.actor == hank and event.client == acme
    assert event.changes["application"] == ada.pk
    # Only the candidate's résumé, through this application.
    assert client.get(resume_url(ada, ada.letter)).status_code == 404


def test_blind_review_hides_who_they_are_and_the_resume_file(client, hank, ada, acme):
    ScreeningSettings.objects.create(client=acme, blind_review=True, blind_until_kind="interview")
    login(client, hank)
    text = client.get(profile_url(ada)).content.decode()
    main = text.split("<main")[1]
    assert f"Candidate #{ada.pk}" in main
    assert "Lovelace" not in main and "Ada" not in main
    assert "2019" not in main and "2003" not in main and "38 years old" not in main
    assert "chairman" not in main and "she led" not in main.lower()
    assert "2 years 6 months" in main  # how long the job lasted, not when
    assert "Python" in main and "Analytical Engines" in main and "Mathematics" in main
    assert "ada-cv.txt" not in main and "not shown while blind review is on" in main
    response = client.get(resume_url(ada, ada.resume))
    assert response.status_code == 403 and not response.streaming
    body = response.content.decode()
    assert "hidden during blind review" in body and "Lovelace" not in body.split("<main")[1]
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_names_show_again_from_the_stage_blind_review_ends(client, hank, rita, ada, acme, stage):
    ScreeningSettings.objects.create(client=acme, blind_review=True, blind_until_kind="interview")
    application_move(application=ada, to_stage=stage("interview"), by=rita)
    login(client, hank)
    assert "Ada Lovelace" in client.get(profile_url(ada)).content.decode()
    assert client.get(resume_url(ada, ada.resume)).status_code == 200


def test_before_the_shortlist_and_for_outsiders_it_does_not_exist(
    client, hank, gina, sam, ada, make_application
):
    grace = make_application("Grace", "Hopper")  # still sourced
    login(client, hank)
    assert client.get(profile_url(grace)).status_code == 404
    for user in (gina, sam):
        login(client, user)
        assert client.get(profile_url(ada)).status_code == 404
        assert client.get(resume_url(ada, ada.resume)).status_code == 404
        assert client.post(profile_url(ada), {"body": "Sneaky"}).status_code == 404
    assert not Comment.objects.exists()


def test_feedback_is_a_comment_the_recruiters_hear_of(client, hank, rita, ada, requisition):
    requisition.recruiters.set([rita])
    login(client, hank)
    empty = client.post(profile_url(ada), {"body": "  "})
    assert empty.status_code == 400 and "This field is required" in empty.content.decode()
    response = client.post(profile_url(ada), {"body": "Strong on Python; let's meet her."})
    assert response.status_code == 302 and response["Location"].endswith("#feedback")
    comment = Comment.objects.get()
    assert comment.application == ada and comment.author == hank and not comment.internal
    notice = Notification.objects.get(user=rita)
    assert notice.url == reverse("pipeline:application_comments", args=[ada.pk])
    page = client.get(profile_url(ada)).content.decode()
    assert "Strong on Python" in page
    # Internal comments of the provider stay with the provider.
    Comment.objects.create(
        client=ada.client, requisition=requisition, application=ada, author=rita,
        body="Internal only", internal=True,
    )  # fmt: skip
    assert "Internal only" not in client.get(profile_url(ada)).content.decode()


def test_it_costs_the_same_queries_whatever_the_profile_size(
    client, hank, rita, ada, requisition, django_assert_max_num_queries
):
    login(client, hank)
    with django_assert_max_num_queries(22) as small:
        client.get(profile_url(ada))
    for n in range(15):
        profile_entry_add(
            candidate=ada.candidate, fields={"kind": "skill", "name": f"Skill {n}"}, by=rita
        )
        Comment.objects.create(
            client=ada.client, requisition=requisition, application=ada, author=rita, body=f"{n}"
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(profile_url(ada))
    assert "Skill 14" in response.content.decode()


def test_the_portal_never_offers_to_hire_before_the_offer(
    client, hank, rita, ada, stage, requisition
):
    application_move(application=ada, to_stage=stage("offer"), by=rita)
    ada.refresh_from_db()
    login(client, hank)
    text = client.get(reverse("pipeline:portal_candidates", args=[requisition.pk])).content
    assert b"Advance to Hired" not in text and b"accepts the offer" in text
    response = client.post(
        reverse("pipeline:portal_advance", args=[ada.pk]), {"version": ada.version}, follow=True
    )
    assert "hired when they accept the offer" in response.content.decode()
    ada.refresh_from_db()
    assert ada.stage == stage("offer") and ada.status == "active"
