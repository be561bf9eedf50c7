"""The public apply flow: staged resume uploads, rate limits, and submitting an application.

A resume uploaded on the apply page is checked (candidates.files), kept server-side under a
random name, and named in the form by a signed, expiring reference: the candidate never uploads
it twice, even when the form comes back with errors. Submitting finds or creates the candidate
(an anonymous form never changes an existing candidate's data, except the language they chose
for our messages), stores the document, creates
the application at the applied stage with its source, answers, consents and self-identification,
and sends `careers.signals.application_submitted`, all in one transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.candidates import services as candidate_services
from outhire.candidates.files import DocumentError, DocumentKind
from outhire.candidates.models import Candidate, Consent, ContactPoint, Document
from outhire.candidates.reading import read_document
from outhire.careers.apply.attribution import Attribution
from outhire.careers.apply.rules import add_months, prefill_from_resume
from outhire.careers.models import JobPosting
from outhire.careers.signals import application_submitted
from outhire.lib.security import client_ip
from outhire.lib.tasks import enqueue
from outhire.pipeline import services as pipeline_services
from outhire.pipeline.models import Application, ApplicationAnswer
from outhire.privacy import self_id
from outhire.privacy.models import SelfIdentification
from outhire.requisitions import notices as requisition_notices
from outhire.requisitions.models import Requisition, ScreeningQuestion, StageKind
from outhire.screening.resume_parser import parse_resume

UPLOAD_DIR = "apply-uploads"
UPLOAD_SALT = "outhire.careers.apply.upload"
UPLOAD_MAX_AGE = timedelta(hours=24)
# What a candidate may send as a resume: documents people write, not web pages.
RESUME_KINDS = {
    DocumentKind.PDF,
    DocumentKind.DOCX,
    DocumentKind.ODT,
    DocumentKind.RTF,
    DocumentKind.TXT,
}
CLOSED_MESSAGE = gettext_lazy("This job is not taking applications at the moment.")

# The consent texts, in the language of the page that shows them (and so recorded as evidence).
APPLICATION_CONSENT_TEXT = gettext_lazy(
    "I agree that %(client)s and its recruitment partner may process the information in this "
    "application to consider me for this job."
)
TALENT_POOL_CONSENT_TEXT = gettext_lazy(
    "Keep my details for %(months)s months and contact me about other jobs that may suit me. "
    "I can withdraw this at any time."
)


def max_upload_bytes() -> int:
    return settings.OUTHIRE_MAX_UPLOAD_MB * 1024 * 1024


def live_posting(*, slug: str, requisition_id: int) -> JobPosting | None:
    """A live posting of this job on any channel: the same rule that gives the job its page,
    so a job advertised only on a job board still takes the applications its page invites.
    The careers site's posting comes first when there are several."""
    return (
        JobPosting.objects.live()
        .filter(client__slug=slug, requisition_id=requisition_id)
        .select_related("requisition", "client", "client__career_site")
        .order_by("channel")
        .first()
    )


# --- Rate limit ------------------------------------------------------------------------------


def rate_limited(request: HttpRequest) -> bool:
    """Count this form post against the caller's IP; True once over the hourly limit.

    A fixed one-hour window in Django's cache; the key holds a hash of the address, not the
    address. With several web processes, the cache must be shared (Redis) for the limit to
    hold across them.
    """
    ip = client_ip(request)
    window = int(timezone.now().timestamp()) // 3600
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    key = f"careers:apply-rate:{digest}:{window}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.OUTHIRE_APPLY_MAX_PER_HOUR


# --- Staged uploads --------------------------------------------------------------------------


@dataclass(frozen=True)
class StagedUpload:
    """A checked resume kept server-side until the application is sent."""

    path: str
    filename: str
    sha256: str
    ref: str
    note: str = ""
    prefill: dict = field(default_factory=dict)
    # Its text could not be read (damaged inside, or past the reading limits): the file is
    # kept as sent, and the applicant types their details.
    unreadable: bool = False


def upload_stage(*, data: bytes, filename: str) -> StagedUpload:
    """Check an uploaded resume, keep it, read it, and return it with its signed reference.

    Raises ValidationError({"resume": message}) for a file we refuse; nothing is kept then.
    A resume whose text can't be read is kept all the same (`unreadable`), with nothing
    prefilled.
    """
    try:
        read = read_document(
            data,
            filename,
            max_bytes=max_upload_bytes(),
            with_text=True,
            limits=candidate_services.read_limits(),
        )
    except DocumentError as error:
        raise ValidationError({"resume": error.translated()}) from None
    info, text = read.info, read.text
    if info.kind not in RESUME_KINDS:
        raise ValidationError(
            {"resume": _("Please upload your resume as a PDF or Word (DOCX) document.")}
        )
    prefill = prefill_from_resume(parse_resume(text).resume) if text.strip() else {}
    path = default_storage.save(f"{UPLOAD_DIR}/{secrets.token_urlsafe(24)}", ContentFile(data))
    name = _display_name(filename)
    ref = signing.dumps({"p": path, "n": name, "s": info.sha256}, salt=UPLOAD_SALT, compress=True)
    return StagedUpload(
        path,
        name,
        info.sha256,
        ref,
        note=info.translated_note(),
        prefill=prefill,
        unreadable=bool(read.unreadable),
    )


def upload_load(ref: str) -> StagedUpload | None:
    """The staged upload a signed reference names, or None when forged, expired or gone."""
    try:
        value = signing.loads(ref or "", salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
        path, name, sha256 = value["p"], value["n"], value["s"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if not str(path).startswith(f"{UPLOAD_DIR}/") or not default_storage.exists(path):
        return None
    return StagedUpload(path, name, sha256, ref)


def upload_discard(upload: StagedUpload) -> None:
    default_storage.delete(upload.path)


def uploads_purge(*, older_than: timedelta = UPLOAD_MAX_AGE) -> int:
    """Delete staged resumes whose reference has expired (abandoned applications)."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    deleted = 0
    for name in files:
        path = f"{UPLOAD_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted


def _display_name(filename: str) -> str:
    name = str(filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>').strip()
    return name[-200:] or "resume"


# --- Submitting ------------------------------------------------------------------------------


@dataclass
class ApplyData:
    """What the apply form gathered, cleaned."""

    first_name: str
    last_name: str
    email: str
    phone: str = ""
    location: str = ""
    answers: dict[int, str] = field(default_factory=dict)  # question id -> answer
    consent_processing: bool = False
    consent_talent_pool: bool = False
    sex: str = ""
    race_ethnicity: str = ""
    # The language for our messages (outhire.lib.i18n), as chosen on the form; "" keeps it.
    language: str = ""


@dataclass
class Submitted:
    """The outcome of a submission; `duplicate` when the person had already applied."""

    application: Application
    duplicate: bool = False


def consent_texts(*, client_name: str) -> dict[str, str]:
    months = settings.OUTHIRE_APPLY_TALENT_POOL_MONTHS
    return {
        "processing": str(APPLICATION_CONSENT_TEXT) % {"client": client_name},
        "talent_pool": str(TALENT_POOL_CONSENT_TEXT) % {"months": months},
    }


def application_submit(
    *,
    posting: JobPosting,
    data: ApplyData,
    upload: StagedUpload,
    attribution: Attribution,
    request: HttpRequest | None = None,
) -> Submitted:
    """Turn a completed apply form into an application, in one transaction.

    An existing candidate with this e-mail (exact match through the blind index) gets the new
    application and document, but none of their recorded details change. Applying again to
    the same job changes nothing and answers `duplicate`; the page the applicant sees is the
    same either way, so it never tells whether someone already has a profile.
    """
    requisition = posting.requisition
    if not data.consent_processing:
        raise ValidationError({"consent_processing": _("We need your agreement to consider you.")})
    file_data = upload_read(upload)
    with transaction.atomic():
        candidate, point = _find_or_create_candidate(data, request=request)
        _set_language(candidate, data.language)
        existing = Application.objects.filter(candidate=candidate, requisition=requisition).first()
        if existing is not None:
            transaction.on_commit(lambda: upload_discard(upload))
            _notify(existing, point, duplicate=True)
            return Submitted(existing, duplicate=True)
        document, is_new_document = _attach_resume(candidate, file_data, upload, request=request)
        source, source_detail = attribution.channel
        try:
            application = pipeline_services.application_create(
                requisition=requisition,
                candidate=candidate,
                by=None,
                stage=_applied_stage(requisition),
                source=source,
                source_detail=source_detail,
                request=request,
            )
        except ValidationError:
            # A second click that raced the first one: the same kind answer as a re-apply.
            existing = Application.objects.filter(candidate=candidate, requisition=requisition)
            if existing.exists():
                return Submitted(existing.get(), duplicate=True)
            # Its messages name the candidate or the requisition's state: not for this page.
            raise ValidationError(CLOSED_MESSAGE) from None
        questions = list(requisition.screening_questions.all())
        flagged = _save_answers(application, questions, data.answers)
        application.utm_source = attribution.utm_source
        application.utm_medium = attribution.utm_medium
        application.utm_campaign = attribution.utm_campaign
        application.referrer = attribution.referrer
        application.needs_review = bool(flagged)
        application.review_reason = _review_reason(flagged)
        application.full_clean(
            exclude=["client", "candidate", "requisition", "stage", "owner", "disposition"],
            validate_constraints=False,
        )
        application.save(
            update_fields=[
                "utm_source",
                "utm_medium",
                "utm_campaign",
                "referrer",
                "needs_review",
                "review_reason",
            ]
        )
        _record_consents(candidate, data, posting, request=request)
        # Only the questions the job's country asks (privacy.self_id): answers to any other
        # are dropped, whoever sent them.
        self_identification = self_id.answers_for(
            requisition.country, {"sex": data.sex, "race_ethnicity": data.race_ethnicity}
        )
        if self_identification:
            SelfIdentification.objects.create(
                client_id=application.client_id, application=application, **self_identification
            )
        application_submitted.send(
            sender=Application, application=application, request=request, via="careers"
        )
        if is_new_document:
            _read_resume_later(document, new_candidate=point is None)
        transaction.on_commit(lambda: upload_discard(upload))
        _notify(application, point or candidate.contact_points.filter(kind="email").first())
        requisition_notices.candidate_applied(application)
    return Submitted(application)


def upload_read(upload: StagedUpload) -> bytes:
    """The staged file's bytes; ValidationError when it has gone (expired and purged)."""
    try:
        with default_storage.open(upload.path, "rb") as handle:
            # The file was checked against the limit when it was staged; never read more.
            return handle.read(max_upload_bytes() + 1)
    except FileNotFoundError:
        raise ValidationError(
            {"resume": _("Your uploaded resume has expired. Please choose the file again.")}
        ) from None


def _find_or_create_candidate(
    data: ApplyData, *, request: HttpRequest | None
) -> tuple[Candidate, ContactPoint | None]:
    """The existing candidate with this e-mail and that e-mail's contact point, or a new one.

    For a new candidate the contact point is None (its e-mail is the primary one). The caller
    holds the transaction, so the identity locks stay until the application is saved: the
    same form sent twice at once makes one candidate, and the second finds the application.
    """
    candidate, created = candidate_services.candidate_find_or_create(
        by=None,
        match="email",
        request=request,
        first_name=data.first_name,
        last_name=data.last_name,
        location=data.location,
        source=Candidate.Source.CAREERS_SITE,
        emails=[data.email],
        phones=[data.phone] if data.phone else [],
    )
    if created:
        return candidate, None
    index = ContactPoint.index_of(ContactPoint.Kind.EMAIL, data.email)
    point = candidate.contact_points.filter(kind=ContactPoint.Kind.EMAIL, value_index=index)
    return candidate, point.order_by("id").first()


def _set_language(candidate: Candidate, language: str) -> None:
    """The language the applicant chose for our messages: theirs from now on, whether the
    profile is new or already known (the one change an anonymous form makes to it)."""
    if language and candidate.language != language:
        candidate.language = language
        candidate.save(update_fields=["language"])


def _attach_resume(
    candidate: Candidate, data: bytes, upload: StagedUpload, *, request
) -> tuple[Document, bool]:
    """The candidate's document for this resume: the copy they already have, or a new one."""
    existing = candidate_services.document_store_check(candidate, upload.sha256)
    if existing is not None:
        return existing, False
    document = candidate_services.document_add(
        candidate=candidate,
        data=data,
        filename=upload.filename,
        kind=Document.Kind.RESUME,
        by=None,
        max_bytes=max_upload_bytes(),
        request=request,
    )
    return document, True


def _read_resume_later(document: Document, *, new_candidate: bool) -> None:
    from outhire.candidates.tasks import parse_document
    from outhire.careers.apply.tasks import read_resume_text

    if new_candidate:
        # A new profile is filled from the resume, as for an upload by a recruiter.
        enqueue(parse_document, document.pk)
    else:
        # An existing profile is never changed by an anonymous form: only the text is read,
        # for search; a recruiter may apply it to the profile.
        enqueue(read_resume_text, document.pk)


def _applied_stage(requisition: Requisition):
    stages = list(requisition.stages.filter(archived=False))
    if not stages:
        raise ValidationError(CLOSED_MESSAGE)
    return next((s for s in stages if s.kind == StageKind.APPLIED), stages[0])


def _save_answers(
    application: Application, questions: list[ScreeningQuestion], answers: dict[int, str]
) -> list[ScreeningQuestion]:
    """Store each answer given; return the questions answered with a knockout answer."""
    rows, flagged = [], []
    for question in questions:
        answer = str(answers.get(question.pk, "") or "").strip()
        if not answer:
            continue
        knockout = question.is_knockout(answer)
        if knockout:
            flagged.append(question)
        rows.append(
            ApplicationAnswer(
                client_id=application.client_id,
                application=application,
                question=question,
                question_text=question.text,
                position=question.position,
                answer=answer,
                is_knockout=knockout,
            )
        )
    ApplicationAnswer.objects.bulk_create(rows)
    return flagged


def _review_reason(flagged: list[ScreeningQuestion]) -> str:
    # Stored on the application and read by recruiters (not by the applicant, whose page
    # language this request has): kept in English, as the recorded question texts are.
    if not flagged:
        return ""
    listed = "; ".join(f"“{q.text}”" for q in flagged)
    return f"Knockout answer to {listed}. A person reviews this application; it is not rejected."


def _record_consents(
    candidate: Candidate, data: ApplyData, posting: JobPosting, *, request
) -> None:
    texts = consent_texts(client_name=posting.client.name)
    job = f"Apply form, {posting.requisition.title} (#{posting.requisition_id}): "
    candidate_services.consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.APPLICATION,
        method=Consent.Method.WEB_FORM,
        by=None,
        evidence=(job + texts["processing"])[:300],
        request=request,
    )
    if data.consent_talent_pool:
        now = timezone.now()
        candidate_services.consent_record(
            candidate=candidate,
            purpose=Consent.Purpose.TALENT_POOL,
            method=Consent.Method.WEB_FORM,
            by=None,
            given_at=now,
            expires_at=add_months(now, settings.OUTHIRE_APPLY_TALENT_POOL_MONTHS),
            evidence=(job + texts["talent_pool"])[:300],
            request=request,
        )


def _notify(application: Application, point: ContactPoint | None, *, duplicate: bool = False):
    """E-mail the address the applicant typed, once the transaction commits."""
    from outhire.careers.apply.tasks import send_apply_confirmation

    if point is not None:
        enqueue(send_apply_confirmation, application.pk, point.pk, int(duplicate))


def document_read_text(*, document: Document) -> Document:
    """Keep a document's text for search without filling the profile from it.

    For a resume sent through the public form to an existing candidate: the form is
    anonymous, so what it says must not change the record a recruiter keeps.
    """
    text, warnings = candidate_services.document_text(document)
    document.text = text
    document.parsed_at = timezone.now()
    document.parse_warnings = warnings
    document.save(update_fields=["text", "parsed_at", "parse_warnings", "unreadable"])
    candidate_services.candidate_reindex(document.candidate)
    return document
