"""What the apply form gathered, for recruiters' systems: GET /applications/{id}/answers.

Registered on the careers router (outhire.careers.api imports this module). Visible exactly as
the application is (Application.objects.visible_to): provider staff of the client, and the
client's own users once the candidate is shortlisted to them. Self-identification is never
part of it.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from django.http import HttpRequest
from ninja import Field, Schema

from outhire.accounts.tenancy import get_visible_or_404
from outhire.careers.api import router
from outhire.pipeline.models import Application, ApplicationAnswer


class AnswerOut(Schema):
    question_id: int | None = Field(description="None when the question was deleted since")
    question: str = Field(description="The question as the applicant saw it")
    answer: str
    is_knockout: bool = Field(description="The answer flags the application for review")


class ApplicationAnswersOut(Schema):
    application_id: int
    source: str
    source_detail: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    referrer: str
    needs_review: bool
    review_reason: str
    answers: list[AnswerOut]


@router.get(
    "/applications/{application_id}/answers",
    response=ApplicationAnswersOut,
    summary="The screening answers, source and review flag of an application",
    tags=["applications"],
)
def application_answers(request: HttpRequest, application_id: int):
    application = get_visible_or_404(request.access, Application, pk=application_id)
    answers = ApplicationAnswer.objects.filter(application=application)
    return {
        "application_id": application.pk,
        "source": application.source,
        "source_detail": application.source_detail,
        "utm_source": application.utm_source,
        "utm_medium": application.utm_medium,
        "utm_campaign": application.utm_campaign,
        "referrer": application.referrer,
        "needs_review": application.needs_review,
        "review_reason": application.review_reason,
        "answers": [
            {
                "question_id": a.question_id,
                "question": a.question_text,
                "answer": a.answer,
                "is_knockout": a.is_knockout,
            }
            for a in answers
        ],
    }
