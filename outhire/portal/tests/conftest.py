"""Portal fixtures: Ada, who applied to Acme's requisition, with an e-mail address."""

from __future__ import annotations

import pytest

from outhire.candidates.services import candidate_update
from outhire.portal.tests.helpers import sign_in_by_mail


@pytest.fixture
def ada_application(make_application, stage, rita):
    application = make_application("Ada", "Lovelace", stage=stage("applied"))
    candidate_update(
        candidate=application.candidate,
        fields={},
        emails=["ada@example.test"],
        phones=["+44 20 7946 0958"],
        by=rita,
    )
    return application


@pytest.fixture
def ada(ada_application):
    return ada_application.candidate


@pytest.fixture
def signed_in(client, ada, django_capture_on_commit_callbacks):
    """The test client, signed in as Ada through the e-mailed link."""
    sign_in_by_mail(client, "ada@example.test", django_capture_on_commit_callbacks)
    return client


@pytest.fixture
def make_interview(ada_application, rita, ivy):
    """make_interview(send=True) -> an interview of Ada's, its booking link sent to her."""
    from outhire.interviews import services

    def make(send: bool = True):
        interview = services.interview_create(
            application=ada_application,
            by=rita,
            interviewers=[ivy],
            fields={"title": "Technical interview", "kind": "video", "duration_minutes": 45},
        )
        if send:
            services.interview_send_link(interview=interview, by=rita)
            interview.refresh_from_db()
        return interview

    return make
