"""Fixtures of the apply-flow tests: a live posting of Acme with screening questions, resumes."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from outhire.careers.models import JobPosting
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import ScreeningQuestion
from outhire.requisitions.services import dispositions_ensure

RESUME_LINES = [
    "Jane Applicant",
    "Senior Robotics Engineer",
    "jane.applicant@example.com | +44 20 7946 0958",
    "London, United Kingdom",
    "",
    "Experience",
    "Robotics Engineer, Acme Ltd, Jan 2019 - Present",
    "Built robot arms in Python and C++.",
    "",
    "Education",
    "BSc Mechanical Engineering, University of Leeds, 2014 - 2018",
    "",
    "Skills",
    "Python, ROS, C++",
]


def resume_pdf(lines: list[str] = RESUME_LINES) -> bytes:
    """A real PDF resume, written with reportlab as the demo's resumes are."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    y = A4[1] - 72
    for line in lines:
        canvas.setFont("Helvetica-Bold" if line == lines[0] else "Helvetica", 11)
        canvas.drawString(72, y, line)
        y -= 16
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


# Fixtures are registered under their `name`, so test modules import `_posting` and take a
# `posting` argument without shadowing an imported name.
@pytest.fixture(name="requisition")
def _requisition(acme, rita, hank):
    """An open US requisition of Acme with the default stages (as in the pipeline's tests)."""
    req = requisitions.requisition_create(
        client=acme,
        by=rita,
        # A US job: its apply form asks the EEO self-identification questions.
        fields={
            "title": "Robotics Engineer",
            "openings": 2,
            "hiring_manager": hank,
            "country": "US",
        },
    )
    requisitions.requisition_submit(requisition=req, by=rita)  # no chain: opens at once
    dispositions_ensure(acme)
    req.refresh_from_db()
    return req


@pytest.fixture(name="posting")
def _posting(requisition):
    return JobPosting.objects.create(
        client=requisition.client,
        requisition=requisition,
        channel=JobPosting.Channel.CAREERS,
        status=JobPosting.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture(name="questions")
def _questions(requisition):
    def make(position, text, kind, **fields):
        return ScreeningQuestion.objects.create(
            client=requisition.client,
            requisition=requisition,
            position=position,
            text=text,
            kind=kind,
            **fields,
        )

    return {
        "permit": make(0, "Do you have the right to work in the UK?", "yes_no",
                       knockout={"equals": "no"}),
        "shift": make(1, "Which shift suits you?", "choice", choices=["Early", "Late", "Night"],
                      required=False),
        "years": make(2, "Years of robotics experience", "number", knockout={"min": 2}),
        "why": make(3, "Why this job?", "text", required=False),
    }  # fmt: skip


def apply_url(posting) -> str:
    return f"/careers/{posting.client.slug}/jobs/{posting.requisition_id}/apply/"


def form_data(questions=None, **overrides) -> dict:
    """A complete, valid submission (without the resume)."""
    data = {
        "action": "submit",
        "first_name": "Jane",
        "last_name": "Applicant",
        "email": "jane.applicant@example.com",
        "phone": "+44 20 7946 0958",
        "location": "London",
        "consent_processing": "on",
        "website": "",
    }
    if questions:
        data.update(
            {
                f"question_{questions['permit'].pk}": "yes",
                f"question_{questions['shift'].pk}": "Late",
                f"question_{questions['years'].pk}": "5",
                f"question_{questions['why'].pk}": "I love robots.",
            }
        )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
