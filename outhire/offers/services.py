"""Offer workflows: draft, approve through the client's chain, send, renegotiate, answer, hire.

Each function checks the move, writes it with an audit event, and raises ValidationError with
a message for people when the move is not allowed; nothing is written then. Webhook events
(outhire.webhooks) go out for offer.created, offer.approved, offer.accepted, offer.declined,
hire.created and handoff.created; `hire_created` (offers.signals) is sent after commit.

Every lock here takes the offer's row alone (`select_for_update(of=("self",))`, even when the
query joins its application): otherwise PostgreSQL also locks the joined application,
requisition and client rows (every insert for that client then waits), and after waiting on an
application that someone moved meanwhile (its `stage_id` changed) the re-checked join matches
nothing: DoesNotExist, a 500.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.approvals.chain import Outcome
from outhire.approvals.kinds import ChainKind
from outhire.approvals.services import (
    chain_decide,
    chain_notify_next,
    chain_submit,
)
from outhire.lib import formatting as fmt
from outhire.lib.i18n import candidate_language, language_codes
from outhire.offers import letter, notices, pay
from outhire.offers.hires import hire_create
from outhire.offers.models import (
    DEFAULT_LETTER,
    Hire,
    Offer,
    OfferApproval,
    OfferApprovalRule,
    OfferLetterTranslation,
    OfferSettings,
)
from outhire.pipeline.models import Application
from outhire.requisitions.models import StageKind
from outhire.webhooks.services import event_emit

Status = Offer.Status
TERMS = (
    "base_salary",
    "currency",
    "pay_period",
    "bonus",
    "other_terms",
    "start_date",
    "expires_on",
)


def in_sentence(label) -> str:
    """A status label inside a sentence: its first letter in lower case ("Sent to the
    candidate" -> "sent to ..."; German "Abgelehnt" -> "abgelehnt", its nouns unchanged)."""
    text = str(label)
    return text[:1].lower() + text[1:]


def _today() -> date:
    return timezone.localdate()


def _check_terms(offer: Offer) -> None:
    offer.currency = (offer.currency or "").upper()
    offer.full_clean(exclude=["client", "application", "previous", "created_by"])
    errors = {}
    if offer.start_date and offer.expires_on and offer.expires_on > offer.start_date:
        errors["expires_on"] = _("The offer must expire on or before the start date.")
    if offer.status == Status.DRAFT and offer.expires_on and offer.expires_on < _today():
        errors["expires_on"] = _("The expiry date is in the past.")
    if errors:
        raise ValidationError(errors)


def offer_payload(offer: Offer) -> dict:
    """What webhooks and the API say about an offer (no contact data)."""
    application = offer.application
    requisition = application.requisition
    return {
        "id": offer.pk,
        "version": offer.version,
        "previous": offer.previous_id,
        "status": offer.status,
        "application": application.pk,
        "candidate": application.candidate.full_name,
        "requisition": {
            "id": requisition.pk,
            "reference": requisition.reference,
            "title": requisition.title,
        },
        "base_salary": str(offer.base_salary),
        "currency": offer.currency,
        "pay_period": offer.pay_period,
        "bonus": offer.bonus,
        "start_date": offer.start_date.isoformat(),
        "expires_on": offer.expires_on.isoformat(),
        "above_band": offer.above_band,
    }


def _emit(offer: Offer, event: str) -> None:
    event_emit(client=offer.client, event=event, payload=offer_payload(offer))


def offer_create(
    *,
    application: Application,
    fields: dict,
    by: User | None,
    request: HttpRequest | None = None,
    previous: Offer | None = None,
) -> Offer:
    """A draft offer for an active application at the offer stage."""
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(
            _("This application is %(status)s: no offer can be made.")
            % {"status": in_sentence(application.get_status_display())}
        )
    if application.stage.kind != StageKind.OFFER:
        raise ValidationError(
            _("Move the application to the offer stage before drafting an offer.")
        )
    offer = Offer(
        client_id=application.client_id,
        application=application,
        created_by=by,
        version=(previous.version + 1) if previous else 1,
        previous=previous,
        **{name: value for name, value in fields.items() if name in TERMS},
    )
    _check_terms(offer)
    try:
        with transaction.atomic():
            offer.save()
            audit.record(
                "offer.created",
                actor=by,
                request=request,
                obj=offer,
                changes={"version": offer.version, "base_salary": str(offer.base_salary)},
            )
            _emit(offer, "offer.created")
    except IntegrityError:
        raise ValidationError(
            _("This application already has an open offer: change or renegotiate that one.")
        ) from None
    return offer


def offer_update(
    *, offer: Offer, fields: dict, by: User | None, request: HttpRequest | None = None
) -> Offer:
    """Change a draft's terms. Once submitted, terms change only through a new version."""
    with transaction.atomic():
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        if current.status != Status.DRAFT:
            raise ValidationError(
                _("Only a draft can be changed; renegotiate to make a new version.")
            )
        before = {name: str(getattr(current, name)) for name in TERMS}
        for name, value in fields.items():
            if name in TERMS:
                setattr(current, name, value)
        _check_terms(current)
        current.save(update_fields=list(TERMS))
        changes = audit.diff(before, {name: str(getattr(current, name)) for name in TERMS})
        if changes:
            audit.record("offer.updated", actor=by, request=request, obj=current, changes=changes)
    offer.refresh_from_db()
    return offer


def offer_is_above_band(offer: Offer) -> bool:
    requisition = offer.application.requisition
    return pay.is_above_band(
        amount=offer.base_salary,
        period=offer.pay_period,
        currency=offer.currency,
        band_max=requisition.salary_max,
        band_currency=requisition.salary_currency,
    )


def offer_submit(
    *, offer: Offer, by: User | None, request: HttpRequest | None = None, notify: bool = True
) -> Offer:
    """Send a draft to the client's offer approval chain (plus the above-band approver).

    With nobody to ask, the offer is approved at once. A resubmission (after a send-back)
    starts a new round. The first approver is notified (in the app and by e-mail) unless
    `notify` is off (the demo seed).
    """
    with transaction.atomic():
        current = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("application__requisition", "client")
            .get(pk=offer.pk)
        )
        if current.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for approval."))
        _check_terms(current)
        above = offer_is_above_band(current)
        extra = None
        if above:
            extra = OfferSettings.for_client(current.client).above_band_approver_id
            if extra is None:
                raise ValidationError(
                    _(
                        "The pay is above the requisition's band, and the client has no "
                        "above-band approver: set one on the offer set-up page, or offer within "
                        "the band."
                    )
                )
        steps = chain_submit(kind=CHAIN, subject=current, extra_approver_id=extra)
        now = timezone.now()
        current.above_band = above
        current.submitted_at = now
        current.status = Status.PENDING_APPROVAL if steps else Status.APPROVED
        if not steps:
            current.approved_at = now
        current.save(update_fields=["above_band", "submitted_at", "status", "approved_at"])
        audit.record(
            "offer.submitted",
            actor=by,
            request=request,
            obj=current,
            changes={"approvers": len(steps), "above_band": above},
        )
        if steps and notify:
            chain_notify_next(kind=CHAIN, subject=current)
        elif not steps:
            _emit(current, "offer.approved")
            if notify:
                notices.offer_told(current, "offer_approved", by=by)
    offer.refresh_from_db()
    return offer


def offer_decide(
    *,
    offer: Offer,
    by: User,
    approve: bool,
    comment: str = "",
    request: HttpRequest | None = None,
    notify: bool = True,
) -> OfferApproval:
    """Record `by`'s decision on the step waiting for them; the last approval approves.

    Sending back returns the offer to draft with the approver's reason; its next submission is
    a new round. Refusals are `chain_decide`'s.
    """
    with transaction.atomic():
        current = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("application__requisition", "client")
            .get(pk=offer.pk)
        )
        if current.status != Status.PENDING_APPROVAL:
            raise ValidationError(
                _("This offer is %(status)s, not waiting for approval.")
                % {"status": in_sentence(current.get_status_display())}
            )
        step, outcome = chain_decide(
            kind=CHAIN, subject=current, by=by, approve=approve, comment=comment, request=request
        )
        if outcome is Outcome.SENT_BACK:
            current.status = Status.DRAFT
            current.save(update_fields=["status"])
            if notify:
                notices.offer_told(current, "offer_sent_back", by=by)
        elif outcome is Outcome.APPROVED:
            current.status = Status.APPROVED
            current.approved_at = step.decided_at
            current.save(update_fields=["status", "approved_at"])
            _emit(current, "offer.approved")
            if notify:
                notices.offer_told(current, "offer_approved", by=by)
        elif notify:
            chain_notify_next(kind=CHAIN, subject=current)
    offer.refresh_from_db()
    return step


def offer_send(
    *,
    offer: Offer,
    by: User | None,
    request: HttpRequest | None = None,
    email_candidate: bool = True,
) -> Offer:
    """E-mail an approved offer to the candidate with the letter and the signed answer link.

    `email_candidate=False` only marks it sent: for the demo seed, whose people are made up.
    """
    from outhire.lib.tasks import enqueue
    from outhire.offers.tasks import send_offer

    with transaction.atomic():
        current = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("application__candidate")
            .get(pk=offer.pk)
        )
        if current.status != Status.APPROVED:
            raise ValidationError(_("Only an approved offer can be sent."))
        if current.expires_on < _today():
            raise ValidationError(_("This offer has passed its expiry date: renegotiate it."))
        if not current.application.candidate.email:
            raise ValidationError(_("The candidate has no e-mail address to send the offer to."))
        current.status = Status.SENT
        current.sent_at = timezone.now()
        current.save(update_fields=["status", "sent_at"])
        audit.record("offer.sent", actor=by, request=request, obj=current)
        if email_candidate:
            enqueue(send_offer, current.pk)
    offer.refresh_from_db()
    return offer


def _resolve(offer: Offer, status: str, *, fields: tuple[str, ...] = ()) -> None:
    offer.status = status
    offer.resolved_at = timezone.now()
    offer.save(update_fields=["status", "resolved_at", *fields])


def offer_withdraw(
    *, offer: Offer, by: User | None, reason: str = "", request: HttpRequest | None = None
) -> Offer:
    with transaction.atomic():
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        if not current.is_open:
            raise ValidationError(
                _("This offer is already %(status)s.")
                % {"status": in_sentence(current.get_status_display())}
            )
        current.decline_reason = ""
        _resolve(current, Status.WITHDRAWN)
        audit.record(
            "offer.withdrawn", actor=by, request=request, obj=current, changes={"reason": reason}
        )
    offer.refresh_from_db()
    return offer


def offer_renegotiate(
    *, offer: Offer, by: User | None, fields: dict | None = None, request: HttpRequest | None = None
) -> Offer:
    """A new draft version with the same terms (or `fields`), linked to `offer`.

    An open `offer` is withdrawn as superseded; a declined or expired one stays as it was.
    Only the latest version of a chain can be renegotiated.
    """
    with transaction.atomic():
        current = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("application__stage", "application__requisition")
            .get(pk=offer.pk)
        )
        if current.superseded:
            raise ValidationError(_("A newer version of this offer exists: renegotiate that one."))
        if current.status in {Status.DRAFT, Status.ACCEPTED}:
            raise ValidationError(
                _("A draft is changed directly; an accepted offer is final.")
                if current.status == Status.DRAFT
                else _("An accepted offer is final.")
            )
        if current.is_open:
            _resolve(current, Status.WITHDRAWN, fields=("superseded",))
        current.superseded = True
        current.save(update_fields=["superseded"])
        terms = {name: getattr(current, name) for name in TERMS}
        if terms["expires_on"] < _today():
            terms["expires_on"] = min(_today() + timedelta(days=7), terms["start_date"])
        terms.update({k: v for k, v in (fields or {}).items() if k in TERMS})
        new = offer_create(
            application=current.application,
            fields=terms,
            by=by,
            request=request,
            previous=current,
        )
        audit.record(
            "offer.renegotiated",
            actor=by,
            request=request,
            obj=current,
            changes={"new_version": new.version},
        )
    return new


def offer_versions(offer: Offer) -> list[Offer]:
    """Every version of `offer`'s chain for its application, newest first (one query)."""
    return list(
        Offer.objects.filter(application_id=offer.application_id)
        .select_related("created_by")
        .order_by("-version", "-id")
    )


# --- The candidate's answer ------------------------------------------------------------------


def _same_name(typed: str, expected: str) -> bool:
    def norm(value: str) -> str:
        return " ".join((value or "").split()).casefold()

    return bool(norm(typed)) and norm(typed) == norm(expected)


def _answerable(offer: Offer) -> Offer:
    current = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__requisition", "client")
        .get(pk=offer.pk)
    )
    if current.status != Status.SENT or current.superseded:
        raise ValidationError(_("This offer can no longer be answered."))
    if current.expires_on < _today():
        raise ValidationError(_("This offer has expired."))
    return current


def offer_accept(
    *,
    offer: Offer,
    typed_name: str,
    ip: str | None,
    user_agent: str = "",
    request: HttpRequest | None = None,
    at=None,
) -> Hire:
    """The candidate accepts by typing their full name: the application is hired.

    Hiring goes through pipeline.application_move to the requisition's hired stage, which
    fills an opening (and the requisition with its last one). Then the Hire, its checkpoints
    and its hand-off record are made and the webhooks queued; `hire_created` follows commit.
    """
    from outhire.pipeline.services import application_move

    with transaction.atomic():
        current = _answerable(offer)
        candidate = current.application.candidate
        if not _same_name(typed_name, candidate.full_name):
            raise ValidationError(
                {"full_name": _("Type your full name exactly as it is written on the offer.")}
            )
        hired_stage = current.application.requisition.stages.filter(
            kind=StageKind.HIRED, archived=False
        ).first()
        if hired_stage is None:
            raise ValidationError(_("This job has no hired stage; contact your recruiter."))
        now = at or timezone.now()
        current.signed_name = " ".join(typed_name.split())[:200]
        current.response_ip = ip or None
        current.response_user_agent = (user_agent or "")[:300]
        _resolve(
            current, Status.ACCEPTED, fields=("signed_name", "response_ip", "response_user_agent")
        )
        audit.record(
            "offer.accepted",
            request=request,
            obj=current,
            actor_label="the candidate",
            changes={"user_agent": current.response_user_agent},
        )
        application_move(
            application=current.application,
            to_stage=hired_stage,
            by=None,
            reason=f"Offer v{current.version} accepted by the candidate",
            request=request,
            at=now,
        )
        hire = hire_create(offer=current, at=now)
        _emit(current, "offer.accepted")
        notices.offer_told(current, "offer_accepted")
    return hire


def offer_decline(
    *,
    offer: Offer,
    reason: str,
    ip: str | None,
    user_agent: str = "",
    request: HttpRequest | None = None,
) -> Offer:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell us why, in a few words.")})
    with transaction.atomic():
        current = _answerable(offer)
        current.decline_reason = reason[:2000]
        current.response_ip = ip or None
        current.response_user_agent = (user_agent or "")[:300]
        _resolve(
            current,
            Status.DECLINED,
            fields=("decline_reason", "response_ip", "response_user_agent"),
        )
        audit.record("offer.declined", request=request, obj=current, actor_label="the candidate")
        _emit(current, "offer.declined")
        notices.offer_told(current, "offer_declined")
    offer.refresh_from_db()
    return offer


def offers_expire(*, today: date | None = None) -> int:
    """Move open offers past their expiry date (not drafts) to expired; how many."""
    today = today or _today()
    due = Offer.objects.filter(
        status__in=[Status.PENDING_APPROVAL, Status.APPROVED, Status.SENT], expires_on__lt=today
    )
    count = 0
    for offer in due:
        with transaction.atomic():
            current = Offer.objects.select_for_update().get(pk=offer.pk)
            if current.status not in Offer.OPEN or current.status == Status.DRAFT:
                continue
            _resolve(current, Status.EXPIRED)
            audit.record("offer.expired", obj=current, actor_label="the expiry job")
            count += 1
    return count


# --- Letters ------------------------------------------------------------------------------


def letter_values(offer: Offer) -> dict[str, str]:
    application = offer.application
    requisition = application.requisition
    candidate = application.candidate
    manager = requisition.hiring_manager
    return {
        "candidate_name": candidate.full_name,
        "first_name": candidate.first_name,
        "job_title": requisition.title,
        "department": requisition.department,
        "location": requisition.location,
        "client_name": offer.client.name,
        "pay": fmt.money(offer.base_salary, offer.currency),
        "base_salary": fmt.number(offer.base_salary, 2),
        "currency": offer.currency,
        "pay_period": offer.period_word,
        "bonus": offer.bonus,
        "bonus_line": _("Bonus: %(bonus)s") % {"bonus": offer.bonus} if offer.bonus else "",
        "other_terms": offer.other_terms,
        "start_date": fmt.calendar_date(offer.start_date),
        "expires_on": fmt.calendar_date(offer.expires_on),
        "hiring_manager": (manager.full_name if manager else "") or offer.client.name,
        "today": fmt.calendar_date(_today()),
        "offer_version": str(offer.version),
    }


def letter_template_for(settings_: OfferSettings, language: str) -> str:
    """The letter template a reader of `language` gets: the client's text in that language,
    else its main letter; the main letter left as the default text is read in `language`."""
    if settings_.pk is not None:
        text = (
            OfferLetterTranslation.objects.filter(
                client_id=settings_.client_id, offer_settings=settings_, language=language
            )
            .values_list("text", flat=True)
            .first()
        )
        if text and text.strip():
            return text
    main = settings_.letter_template
    if main.replace("\r\n", "\n").strip() == DEFAULT_LETTER.strip():
        with translation.override(language):
            return _(DEFAULT_LETTER)
    return main


def letter_text(offer: Offer) -> str:
    """The offer letter as the candidate reads it: in their language (candidate_language),
    with dates, money and words of the merge fields in that language too."""
    language = candidate_language(offer.application.candidate)
    with translation.override(language):
        template = letter_template_for(OfferSettings.for_client(offer.client), language)
        return letter.render_text(template, letter_values(offer))


def letter_pdf(offer: Offer) -> bytes:
    """The letter as a PDF, in the candidate's language (as e-mailed to them)."""
    body = letter_text(offer)
    with translation.override(candidate_language(offer.application.candidate)):
        title = _("Offer of employment: %(job)s") % {"job": offer.application.requisition.title}
        footer = _("%(client)s, offer version %(version)s") % {
            "client": offer.client.name,
            "version": offer.version,
        }
    return letter.render_pdf(title=title, body=body, footer=footer)


# --- Per-client set-up -------------------------------------------------------------------------


def offer_settings_save(
    *,
    client,
    letter_template: str,
    above_band_approver: User | None,
    checkpoint_days: list[int],
    by: User | None,
    request: HttpRequest | None = None,
    letters: dict[str, str] | None = None,
) -> OfferSettings:
    """Save the set-up. `letters` ({language: text}) are the letter in other languages; a blank
    text removes that language's (its readers get the main letter); None leaves them."""
    problems = letter.template_problems(letter_template)
    errors = {}
    if problems:
        errors["letter_template"] = problems
    letters = (
        {
            code: (text or "").replace("\r\n", "\n")
            for code, text in (letters or {}).items()
            if code in language_codes()
        }
        if letters is not None
        else None
    )
    for code, text in (letters or {}).items():
        if text.strip():
            found = letter.template_problems(text)
            if found:
                errors[f"letter_{code}"] = found
    days = sorted(set(checkpoint_days))
    if not days or any(d < 1 or d > 3650 for d in days):
        errors["checkpoint_days"] = _("Give one or more days between 1 and 3650, e.g. 30, 90, 365.")
    if errors:
        raise ValidationError(errors)
    settings_ = OfferSettings.for_client(client)
    before = {
        "letter_template": settings_.letter_template,
        "above_band_approver": str(settings_.above_band_approver_id),
        "checkpoint_days": str(settings_.days),
    }
    settings_.letter_template = letter_template.replace("\r\n", "\n")
    settings_.above_band_approver = above_band_approver
    settings_.checkpoint_days = days
    settings_.save()
    if letters is not None:
        before.update(_letters_of(settings_))
        for code, text in letters.items():
            if text.strip():
                OfferLetterTranslation.objects.update_or_create(
                    client_id=client.pk,
                    offer_settings=settings_,
                    language=code,
                    defaults={"text": text},
                )
            else:
                OfferLetterTranslation.objects.filter(
                    client_id=client.pk, offer_settings=settings_, language=code
                ).delete()
    after = {
        "letter_template": settings_.letter_template,
        "above_band_approver": str(settings_.above_band_approver_id),
        "checkpoint_days": str(settings_.days),
        **(_letters_of(settings_) if letters is not None else {}),
    }
    for key in before:
        after.setdefault(key, "")  # a letter translation removed
    audit.record(
        "offer_settings.saved",
        actor=by,
        request=request,
        obj=settings_,
        client=client,
        changes={
            k: "changed" if k.startswith("letter_") else v
            for k, v in audit.diff(before, after).items()
        },
    )
    return settings_


def _letters_of(settings_: OfferSettings) -> dict[str, str]:
    """The letter translations for the audit diff: {"letter_de": text, ...} (text is only
    compared: the event says "changed")."""
    rows = OfferLetterTranslation.objects.filter(
        client_id=settings_.client_id, offer_settings=settings_
    )
    return {f"letter_{row.language}": row.text for row in rows}


def letters_of(settings_: OfferSettings) -> dict[str, str]:
    """{language: text} of the letter translations the client wrote."""
    if settings_.pk is None:
        return {}
    return {k.removeprefix("letter_"): v for k, v in _letters_of(settings_).items()}


def _notice(offer: Offer) -> tuple[str, str]:
    requisition = offer.application.requisition
    text = f"Your approval is needed: offer for {requisition.reference} {requisition.title}"
    return text, f"/offers/{offer.pk}/"


def _chain_setup_context(client) -> dict:
    """The offer chain's set-up page names the above-band approver too."""
    return {"settings": OfferSettings.for_client(client)}


# The client's offer approval chain (outhire.approvals): its rows, words and set-up page.
CHAIN = ChainKind(
    noun="offer",
    rule_model=OfferApprovalRule,
    step_model=OfferApproval,
    approved_action="offer.approval_given",
    sent_back_action="offer.sent_back",
    notice=_notice,
    title=gettext_lazy("Offer approval chain"),
    setup_template="offers/chain.html",
    setup_url="offers:offer_chain",
    move_url="offers:offer_rule_move",
    remove_url="offers:offer_rule_remove",
    rule_kwarg="offer_rule_id",
    setup_context=_chain_setup_context,
)
