"""What a signed-in candidate can do in the portal, and how signing in is asked for.

Every function takes the candidate the session names and acts only on their own rows. The
candidate is no user, so audit events carry `actor_label="the candidate"`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from outhire.accounts import audit
from outhire.candidates import services as candidate_services
from outhire.candidates.files import DocumentError, sniff_document
from outhire.candidates.models import Candidate, Consent, ContactPoint, Document
from outhire.careers.apply.rules import add_months
from outhire.careers.apply.services import RESUME_KINDS, max_upload_bytes
from outhire.community import services as community_services
from outhire.community.models import Member
from outhire.lib.crypto import blind_index
from outhire.lib.security import client_ip
from outhire.lib.tasks import enqueue
from outhire.pipeline import services as pipeline_services
from outhire.pipeline.models import Application
from outhire.portal.models import EmailChange, SignInRequest
from outhire.portal.tokens import EMAIL_LINK_AGE
from outhire.privacy.models import DataRequest
from outhire.privacy.services import data_request_open
from outhire.requisitions.models import DispositionReason

CANDIDATE = "the candidate"
# The reason a withdrawal records when the client keeps no reasons for candidate withdrawals.
FALLBACK_REASON = "Withdrawn by the candidate"
CONSENT_TEXTS = {
    Consent.Purpose.TALENT_POOL: ngettext_lazy(
        "Keep my details for %(months)s month and contact me about other jobs that may suit me.",
        "Keep my details for %(months)s months and contact me about other jobs that may suit me.",
        "months",
    ),
    Consent.Purpose.MARKETING: ngettext_lazy(
        "Send me job alerts and news for %(months)s month.",
        "Send me job alerts and news for %(months)s months.",
        "months",
    ),
}


# --- Signing in --------------------------------------------------------------------------------


def sign_in_limited(*, email: str, ip: str) -> bool:
    """True when this address or this IP asked for too many links in the last hour."""
    since = timezone.now() - timedelta(hours=1)
    recent = SignInRequest.objects.filter(at__gte=since)
    return (
        recent.filter(email_index=blind_index(email)).count()
        >= settings.OUTHIRE_PORTAL_LINKS_PER_EMAIL
        or recent.filter(ip_index=blind_index(ip)).count() >= settings.OUTHIRE_PORTAL_LINKS_PER_IP
    )


def sign_in_request(*, email: str, request: HttpRequest, site_client_id: int | None) -> bool:
    """Send a sign-in link to `email` if it is a candidate's; False when over the limits.

    The answer is the same whether the address is known or not, and the e-mail is sent by a
    task, so neither the page nor its timing tells whether someone is in the talent network.
    """
    email = email.strip()
    ip = client_ip(request)
    if sign_in_limited(email=email, ip=ip):
        return False
    SignInRequest.objects.create(email_index=blind_index(email), ip_index=blind_index(ip))
    # Trim as we go: old requests count for nothing, and an unconfirmed address is kept a day.
    SignInRequest.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
    EmailChange.objects.filter(created_at__lt=timezone.now() - EMAIL_LINK_AGE).delete()
    candidate = candidate_services.candidate_by_email(email)
    if candidate is not None:
        index = ContactPoint.index_of(ContactPoint.Kind.EMAIL, email)
        point = (
            candidate.contact_points.filter(kind=ContactPoint.Kind.EMAIL, value_index=index)
            .order_by("id")
            .first()
        )
        from outhire.portal.tasks import send_sign_in_link

        enqueue(send_sign_in_link, point.pk, site_client_id or 0)
    return True


def signed_in(*, candidate: Candidate) -> None:
    # No request passed: a staff member signed in in the same browser is not who acts here.
    audit.record("portal.signed_in", actor_label=CANDIDATE, obj=candidate)


# --- Applications ------------------------------------------------------------------------------


def withdrawal_reasons(client) -> list[DispositionReason]:
    return list(
        DispositionReason.objects.filter(
            client=client, is_active=True, applies_to=DispositionReason.AppliesTo.WITHDRAWN
        ).order_by("position", "name")
    )


def _fallback_reason(client) -> DispositionReason:
    # Inactive: it records what happened without joining the client's choice lists.
    reason = DispositionReason.objects.filter(
        client=client, name=FALLBACK_REASON, applies_to=DispositionReason.AppliesTo.WITHDRAWN
    ).first()
    return reason or DispositionReason.objects.create(
        client=client,
        name=FALLBACK_REASON,
        applies_to=DispositionReason.AppliesTo.WITHDRAWN,
        is_active=False,
        position=999,
    )


def application_withdraw(
    *,
    candidate: Candidate,
    application: Application,
    reason: DispositionReason | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """Withdraw the candidate's own application, as a candidate withdrawal, with their reason.

    Through the pipeline's service, so the stage event, the status and what follows a closed
    application (interviews called off, the client's e-mails) are as for any withdrawal. The
    pipeline locks the row: of two clicks at once, the second gets a ValidationError.
    """
    if application.candidate_id != candidate.pk:
        raise ValidationError(_("This is not your application."))
    if reason is None or reason.client_id != application.client_id:
        reason = _fallback_reason(application.client)
    words = "Withdrawn by the candidate in the portal"
    text = f"{words}: {note.strip()}" if note.strip() else words
    with transaction.atomic():
        application = pipeline_services.application_reject(
            application=application,
            by=None,
            disposition=reason,
            reason=text[:1000],
            withdrawn=True,
            request=request,
        )
        audit.record(
            "portal.application_withdrawn",
            actor_label=CANDIDATE,
            obj=application,
            changes={"reason": reason.name},
        )
    return application


# --- Contact details and resume ----------------------------------------------------------------


def details_update(
    *,
    candidate: Candidate,
    phone: str,
    location: str,
    address: str,
    time_zone: str = "",
    request=None,
) -> Candidate:
    """Change the candidate's primary phone, location, postal address and time zone.

    The other phones and every e-mail address stay as they are.
    """
    points = list(candidate.contact_points.all())
    emails = [p.value for p in points if p.kind == ContactPoint.Kind.EMAIL]
    old_primary = candidate.phone
    others = [
        p.value for p in points if p.kind == ContactPoint.Kind.PHONE and p.value != old_primary
    ]
    phones = [phone, *others] if phone else others
    return candidate_services.candidate_update(
        candidate=candidate,
        fields={"location": location.strip(), "address": address.strip(), "time_zone": time_zone},
        by=None,
        emails=emails,
        phones=phones,
        request=request,
    )


def language_update(*, candidate: Candidate, language: str) -> Candidate:
    """The language the candidate reads the portal and our e-mails in."""
    if language != candidate.language:
        candidate.language = language
        candidate.save(update_fields=["language"])
        audit.record(
            "portal.language_changed",
            actor_label=CANDIDATE,
            obj=candidate,
            changes={"language": language},
        )
    return candidate


def email_change_request(*, candidate: Candidate, email: str) -> EmailChange:
    """Keep the new address and e-mail it a link; it replaces the old one once followed."""
    EmailChange.objects.filter(
        Q(candidate=candidate) | Q(created_at__lt=timezone.now() - EMAIL_LINK_AGE)
    ).delete()
    change = EmailChange.objects.create(
        candidate=candidate, value=email.strip(), nonce=secrets.token_urlsafe(16)
    )
    from outhire.portal.tasks import send_email_change_link

    enqueue(send_email_change_link, change.pk)
    audit.record("portal.email_change_requested", actor_label=CANDIDATE, obj=candidate)
    return change


def email_change_confirm(*, change: EmailChange, request=None) -> Candidate:
    """Make the confirmed address the candidate's primary e-mail in place of the old one.

    Refused when another person's record has the address: the two records are then the same
    person, and a recruiter merges them.
    """
    with transaction.atomic():
        change = EmailChange.objects.select_for_update().filter(pk=change.pk).first()
        if change is None:
            raise ValidationError(_("This link was already used."))
        # An erased or merged record takes no new address.
        candidate = Candidate.objects.active().select_for_update().filter(pk=change.candidate_id)
        candidate = candidate.first()
        if candidate is None:
            raise ValidationError(_("This link no longer works."))
        candidate_services.identity_lock(emails=[change.value])
        holder = candidate_services.candidate_by_email(change.value)
        if holder is not None and holder.pk != candidate.pk:
            raise ValidationError(
                _(
                    "This address is already on another record of ours. Please write to us so "
                    "a recruiter can put the two together."
                )
            )
        points = list(candidate.contact_points.all())
        old_primary = candidate.email
        new_index = ContactPoint.index_of(ContactPoint.Kind.EMAIL, change.value)
        others = [
            p.value
            for p in points
            if p.kind == ContactPoint.Kind.EMAIL
            and p.value != old_primary
            and p.value_index != new_index
        ]
        phones = [p.value for p in points if p.kind == ContactPoint.Kind.PHONE]
        candidate_services.candidate_update(
            candidate=candidate,
            fields={},
            by=None,
            emails=[change.value, *others],
            phones=phones,
            request=request,
        )
        change.delete()
        audit.record("portal.email_changed", actor_label=CANDIDATE, obj=candidate)
    return candidate


def resume_upload(*, candidate: Candidate, data: bytes, filename: str, request=None) -> Document:
    """Add a new resume, read on the same hostile-file-safe path as the apply form.

    Raises ValidationError({"resume": message}) for a file we refuse.
    """
    try:
        info = sniff_document(data, filename, max_bytes=max_upload_bytes())
    except DocumentError as error:
        raise ValidationError({"resume": error.translated()}) from None
    if info.kind not in RESUME_KINDS:
        raise ValidationError(
            {"resume": _("Please upload your resume as a PDF or Word (DOCX) document.")}
        )
    try:
        document = candidate_services.document_add(
            candidate=candidate,
            data=data,
            filename=filename,
            kind=Document.Kind.RESUME,
            by=None,
            max_bytes=max_upload_bytes(),
            request=request,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "file" in error.error_dict:
            code = error.error_dict["file"][0].code
            if code == "unique":
                raise ValidationError(
                    {"resume": _("We already have this file from you.")}
                ) from None
            raise ValidationError({"resume": error.error_dict["file"]}) from None
        raise
    from outhire.careers.apply.tasks import read_resume_text

    # The text is read for search; a recruiter decides whether the profile follows it.
    enqueue(read_resume_text, document.pk)
    return document


# --- Consents and communities ------------------------------------------------------------------


def consent_months(purpose: str) -> int:
    if purpose == Consent.Purpose.TALENT_POOL:
        return settings.OUTHIRE_APPLY_TALENT_POOL_MONTHS
    return settings.OUTHIRE_COMMUNITY_CONSENT_MONTHS


def consent_text(purpose: str) -> str:
    return CONSENT_TEXTS[purpose] % {"months": consent_months(purpose)}


def consent_give(*, candidate: Candidate, purpose: str, request=None) -> Consent:
    if purpose not in CONSENT_TEXTS:
        raise ValidationError(_("Unknown consent."))
    now = timezone.now()
    with transaction.atomic():
        Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
        for consent in Consent.objects.filter(
            candidate=candidate, purpose=purpose, withdrawn_at__isnull=True
        ):
            if consent.status == "active":
                return consent  # already given and in force: nothing to add
        return candidate_services.consent_record(
            candidate=candidate,
            purpose=purpose,
            method=Consent.Method.WEB_FORM,
            by=None,
            given_at=now,
            expires_at=add_months(now, consent_months(purpose)),
            evidence=f"Candidate portal: {consent_text(purpose)}"[:300],
            request=request,
        )


def consent_withdraw(*, candidate: Candidate, purpose: str, request=None) -> int:
    """Withdraw every consent of the candidate for `purpose` that is still in force."""
    if purpose not in CONSENT_TEXTS:
        raise ValidationError(_("Unknown consent."))
    with transaction.atomic():
        consents = list(
            Consent.objects.select_for_update().filter(
                candidate=candidate, purpose=purpose, withdrawn_at__isnull=True
            )
        )
        for consent in consents:
            candidate_services.consent_withdraw(consent=consent, by=None, request=request)
    return len(consents)


def community_leave(*, candidate: Candidate, member_id: int, request=None) -> Member:
    updated = Member.objects.filter(
        pk=member_id, candidate=candidate, unsubscribed_at__isnull=True
    ).update(unsubscribed_at=timezone.now())
    member = Member.objects.filter(pk=member_id, candidate=candidate).first()
    if member is None:
        raise ValidationError(_("There is no such membership."))
    if updated:
        audit.record(
            "community.member_left",
            actor_label=CANDIDATE,
            obj=member,
            changes={"via": "portal"},
        )
    return member


def unsubscribe_all(*, candidate: Candidate, request=None) -> int:
    return community_services.unsubscribe(candidate=candidate, request=request)


# --- Data subject requests ---------------------------------------------------------------------


def access_request_done(*, candidate: Candidate) -> DataRequest:
    """Log the download of one's data as an access request answered at once."""
    with transaction.atomic():
        data_request = data_request_open(
            candidate=candidate,
            kind=DataRequest.Kind.ACCESS,
            channel=DataRequest.Channel.PORTAL,
            details="Downloaded from the candidate portal.",
        )
        data_request.status = DataRequest.Status.DONE
        data_request.completed_at = timezone.now()
        data_request.outcome = "The person downloaded their data from the candidate portal."
        data_request.save(update_fields=["status", "completed_at", "outcome"])
        audit.record(
            "privacy.data_downloaded",
            actor_label=CANDIDATE,
            obj=data_request,
            changes={"channel": "portal"},
        )
    return data_request


def erasure_request(*, candidate: Candidate, details: str) -> DataRequest:
    words = "Asked for erasure in the candidate portal."
    return data_request_open(
        candidate=candidate,
        kind=DataRequest.Kind.ERASURE,
        channel=DataRequest.Channel.PORTAL,
        details=f"{words} {details.strip()}".strip()[:5000],
    )


def open_erasure(candidate: Candidate) -> DataRequest | None:
    return (
        DataRequest.objects.filter(
            candidate=candidate, kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.OPEN
        )
        .order_by("received_at")
        .first()
    )
