"""Offer e-mails and the periodic jobs: expire offers, send the post-hire surveys that are due."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outhire.lib.i18n import candidate_language, user_language
from outhire.offers import hires, services, tokens
from outhire.offers.models import Offer, PostHireReview

# Surveys sent per run of the periodic job; the rest go on the next run.
SURVEY_BATCH = 500


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_offer(offer_id: int) -> str:
    """E-mail a sent offer to its candidate: the letter as a PDF and the signed answer link."""
    offer = (
        Offer.objects.select_related(
            "client", "application__candidate", "application__requisition__hiring_manager"
        )
        .filter(pk=offer_id, status=Offer.Status.SENT)
        .first()
    )
    if offer is None:
        return f"offer {offer_id} is not waiting for the candidate"
    candidate = offer.application.candidate
    if not candidate.email:
        return f"offer {offer_id}: the candidate has no e-mail address"
    link = settings.SITE_URL + reverse("offers:offer_respond", args=[tokens.offer_token(offer)])
    context = {
        "offer": offer,
        "candidate": candidate,
        "link": link,
        "requisition": offer.application.requisition,
    }
    # In the candidate's language: the e-mail, its dates and the letter (services.letter_text).
    with translation.override(candidate_language(candidate)):
        email = EmailMessage(
            _("Your offer from %(client)s: %(job)s")
            % {"client": offer.client.name, "job": offer.application.requisition.title},
            render_to_string("offers/email/offer.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [candidate.email],
        )
    email.attach(
        f"offer-{offer.pk}-v{offer.version}.pdf", services.letter_pdf(offer), "application/pdf"
    )
    email.send()
    return f"offer {offer_id} e-mailed"


@shared_task
def expire_offers() -> str:
    return f"{services.offers_expire()} offers expired"


@shared_task
def send_due_reviews() -> str:
    """E-mail the hiring manager a survey link for each checkpoint that has come due."""
    today = timezone.localdate()
    due = (
        PostHireReview.objects.filter(
            due_on__lte=today,
            sent_at__isnull=True,
            submitted_at__isnull=True,
            closed_at__isnull=True,
            hire__left_on__isnull=True,
        )
        .select_related(
            "client", "hire__requisition__hiring_manager", "hire__application__candidate"
        )
        .order_by("due_on", "id")[:SURVEY_BATCH]
    )
    sent = 0
    for review in due:
        people = hires.review_recipients(review)
        if not people:
            continue
        # One e-mail per language, each in its readers' language.
        by_language: dict[str, list[str]] = {}
        for person in people:
            by_language.setdefault(user_language(person), []).append(person.email)
        link = settings.SITE_URL + reverse(
            "offers:review_survey", args=[tokens.survey_token(review)]
        )
        context = {
            "review": review,
            "hire": review.hire,
            "link": link,
            "days": settings.OUTHIRE_SURVEY_LINK_DAYS,
        }
        with transaction.atomic():
            marked = PostHireReview.objects.filter(pk=review.pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
            if not marked:
                continue
            for language, recipients in by_language.items():
                with translation.override(language):
                    EmailMessage(
                        _("%(day)s-day check-in: %(job)s")
                        % {"day": review.day, "job": review.hire.requisition.title},
                        render_to_string("offers/email/survey.txt", context),
                        settings.DEFAULT_FROM_EMAIL,
                        recipients,
                    ).send()
        sent += 1
    return f"{sent} post-hire surveys sent"
