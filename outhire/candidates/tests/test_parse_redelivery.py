"""The resume-parsing task run twice for one document (Celery redelivers a task whose worker
died: late acknowledgement) makes one result: one profile, one timeline entry, one contact
point; "Read again" still reads it again, once."""

from __future__ import annotations

import pytest

from outhire.candidates.models import ContactPoint, Document, ProfileEntry, TimelineEvent
from outhire.candidates.services import document_add, document_parse
from outhire.candidates.tasks import parse_document
from outhire.candidates.tests.test_documents import make_pdf
from outhire.testing import login


@pytest.fixture
def resume(make_candidate, rita) -> Document:
    candidate = make_candidate("Grace", "Hopper", by=rita)
    return document_add(
        candidate=candidate,
        data=make_pdf(),
        filename="cv.pdf",
        kind="resume",
        by=rita,
        max_bytes=1 << 20,
    )


def _results(document: Document) -> dict:
    candidate = document.candidate
    return {
        "read": TimelineEvent.objects.filter(
            candidate=candidate, kind="document", summary__startswith="Resume / CV read"
        ).count(),
        "skills": ProfileEntry.objects.filter(candidate=candidate, kind="skill").count(),
        "emails": ContactPoint.objects.filter(candidate=candidate, kind="email").count(),
    }


def test_running_the_task_twice_makes_one_result(resume, rita):
    parse_document.apply(args=[resume.pk, rita.pk])
    resume.refresh_from_db()
    first = (resume.parsed_at, _results(resume))
    assert first[0] is not None and first[1] == {"read": 1, "skills": 3, "emails": 1}

    parse_document.apply(args=[resume.pk, rita.pk])
    resume.refresh_from_db()
    assert (resume.parsed_at, _results(resume)) == first


def test_a_run_that_read_the_file_while_another_finished_leaves_it(resume, rita):
    # Two workers load the same unread document; the second finishes first.
    slow = Document.objects.select_related("candidate").get(pk=resume.pk)
    parse_document.apply(args=[resume.pk, rita.pk])
    done = Document.objects.get(pk=resume.pk).parsed_at

    document_parse(document=slow, by=rita)  # re-checks under the row lock

    assert slow.parsed_at == done
    assert _results(resume)["read"] == 1


def test_read_again_reads_once_more_and_its_redelivery_does_not(
    client, rita, resume, django_capture_on_commit_callbacks
):
    parse_document.apply(args=[resume.pk, rita.pk])
    login(client, rita)
    url = f"/candidates/{resume.candidate_id}/documents/{resume.pk}/reparse/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert _results(resume)["read"] == 2
    parse_document.apply(args=[resume.pk, rita.pk, True])  # the same message again
    assert _results(resume)["read"] == 2
    resume.refresh_from_db()
    assert resume.parsed_at is not None
