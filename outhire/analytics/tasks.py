from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from outhire.lib.i18n import candidate_language, user_language


@shared_task
def refresh_aggregates() -> str:
    """Bring the daily aggregates up to date with the events since the last run."""
    from outhire.analytics.aggregates import aggregates_refresh

    return f"{aggregates_refresh()} cell(s) recomputed"


@shared_task
def check_sla_clocks() -> str:
    from outhire.analytics.sla import check_sla_clocks as check

    return f"{check()} SLA alert(s) sent"


@shared_task
def survey_completed_interviews() -> str:
    from outhire.analytics.surveys import survey_completed_interviews as survey

    return f"{survey()} interview survey(s) queued"


@shared_task
def send_monthly_reports() -> str:
    """On the first days of a month, e-mail last month's report of each client, once."""
    from outhire.accounts.models import Client
    from outhire.analytics.models import MonthlyReport
    from outhire.analytics.reports import previous_month, report_send

    month = previous_month(timezone.localdate())
    sent = 0
    from outhire.engagements.models import Engagement

    engaged = Engagement.objects.filter(status="active").values("client_id")
    for client in Client.objects.filter(is_active=True, pk__in=engaged):
        report, _ = MonthlyReport.objects.get_or_create(client=client, month=month)
        if report.emailed_at is None:
            sent += bool(report_send(report=report))
    return f"{sent} report(s) sent"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_candidate_survey(survey_id: int) -> str:
    from outhire.analytics.models import CandidateSurvey, SurveyOptOut
    from outhire.analytics.surveys import opt_out_token, survey_token

    survey = (
        CandidateSurvey.objects.select_related("application__candidate", "client")
        .filter(pk=survey_id)
        .first()
    )
    if survey is None or survey.sent_at is not None:
        return f"survey {survey_id} has nothing to send"
    candidate = survey.application.candidate
    if SurveyOptOut.objects.filter(candidate=candidate).exists() or not candidate.email:
        return f"survey {survey_id} not sent: no address or opted out"
    context = {
        "survey": survey,
        "client": survey.client,
        "first_name": candidate.first_name,
        "link": settings.SITE_URL + reverse("analytics:survey_answer", args=[survey_token(survey)]),
        "unsubscribe": settings.SITE_URL
        + reverse("analytics:survey_unsubscribe", args=[opt_out_token(candidate.pk)]),
        "days": settings.OUTHIRE_ANALYTICS_SURVEY_DAYS,
    }
    with translation.override(candidate_language(candidate)):
        subject = gettext("%(client)s: how was your experience?") % {"client": survey.client.name}
        body = render_to_string("analytics/email/survey.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [candidate.email]).send()
    survey.sent_at = timezone.now()
    survey.save(update_fields=["sent_at"])
    return f"survey {survey_id} sent"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_manager_rating(rating_id: int) -> str:
    from outhire.analytics.models import ManagerRating
    from outhire.analytics.surveys import rating_token

    rating = (
        ManagerRating.objects.select_related("manager", "requisition", "client")
        .filter(pk=rating_id)
        .first()
    )
    if rating is None or rating.sent_at is not None or not rating.manager.is_active:
        return f"rating {rating_id} has nothing to send"
    context = {
        "rating": rating,
        "link": settings.SITE_URL
        + reverse("analytics:manager_rating", args=[rating_token(rating)]),
        "days": settings.OUTHIRE_ANALYTICS_SURVEY_DAYS,
    }
    with translation.override(user_language(rating.manager)):
        subject = gettext("How did the hiring for “%(title)s” go?") % {
            "title": rating.requisition.title
        }
        body = render_to_string("analytics/email/rating.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [rating.manager.email]).send()
    rating.sent_at = timezone.now()
    rating.save(update_fields=["sent_at"])
    return f"rating {rating_id} sent"
