from __future__ import annotations

from celery import shared_task


@shared_task
def refresh_screening_profile(candidate_id: int) -> None:
    """Rebuild a candidate's stored feature row if a change marked it stale."""
    from outhire.screening import profiles
    from outhire.screening.models import ScreeningProfile

    if ScreeningProfile.objects.filter(candidate_id=candidate_id, stale=True).exists():
        profiles.refresh([candidate_id])


def _email_link(sitting, *, reminder: bool) -> bool:
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from outhire.lib.i18n import candidate_language
    from outhire.screening.assessments import link_token

    candidate = sitting.application.candidate
    if not candidate.email:
        return False
    link = settings.SITE_URL + reverse("screening:assessment_take", args=[link_token(sitting)])
    context = {
        "sitting": sitting,
        "candidate": candidate,
        "client": sitting.application.client,
        "requisition": sitting.application.requisition,
        "link": link,
        "reminder": reminder,
    }
    # In the candidate's language (Celery runs in the default one).
    with translation.override(candidate_language(candidate)):
        values = {
            "name": sitting.assessment.name,
            "job": sitting.application.requisition.title,
        }
        if reminder:
            subject = _("Reminder: %(name)s for %(job)s") % values
        else:
            subject = _("%(name)s for %(job)s") % values
        body = render_to_string("screening/email/assessment.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [candidate.email]).send()
    return True


def _sittings():
    from outhire.screening.models import AssessmentSitting

    return AssessmentSitting.objects.select_related(
        "assessment", "application__candidate", "application__requisition", "application__client"
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_assessment_link(sitting_id: int) -> str:
    """E-mail the candidate the signed link to an assessment sent to them."""
    sitting = _sittings().filter(pk=sitting_id, submitted_at__isnull=True).first()
    if sitting is None:
        return f"sitting {sitting_id} is not waiting for answers"
    if not _email_link(sitting, reminder=False):
        return f"sitting {sitting_id}: the candidate has no e-mail address"
    return f"sitting {sitting_id} e-mailed"


@shared_task
def send_assessment_reminders() -> str:
    """Remind candidates of assessments they have not finished (periodic)."""
    from django.db.models import F
    from django.utils import timezone

    from outhire.screening.assessments import reminders_due
    from outhire.screening.models import AssessmentSitting

    sent = 0
    for sitting in _sittings().filter(pk__in=reminders_due().values("pk")):
        if _email_link(sitting, reminder=True):
            sent += 1
        AssessmentSitting.objects.filter(pk=sitting.pk).update(
            reminded_at=timezone.now(), reminders_sent=F("reminders_sent") + 1
        )
    return f"{sent} assessment reminders sent"
