"""Referral workflows: links, the apply-flow hook, the referral form, bonus policy and payment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Client, Membership, User
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access, client_scope
from outhire.candidates import services as candidate_services
from outhire.candidates.models import Candidate, Consent
from outhire.pipeline.models import Application
from outhire.referrals import bonus
from outhire.referrals.models import BonusPolicy, Referral, ReferralLink
from outhire.requisitions.models import Requisition, StageKind

SESSION_KEY = "referral_code"


# --- Links ------------------------------------------------------------------------------------


def referral_link_get_or_create(
    *, client: Client, referrer: User, requisition: Requisition | None = None
) -> ReferralLink:
    """The referrer's link to `requisition` (or to the client's careers site), made once."""
    if requisition is not None and requisition.client_id != client.pk:
        raise ValidationError(_("That job is not one of this client's."))
    lookup = {"client": client, "referrer": referrer, "requisition": requisition}
    link = ReferralLink.objects.filter(**lookup).first()
    if link is not None:
        return link
    try:
        with transaction.atomic():
            return ReferralLink.objects.create(**lookup)
    except IntegrityError:
        # Two clicks at once: the other request made it.
        return ReferralLink.objects.get(**lookup)


def link_is_usable(link: ReferralLink) -> bool:
    """A link counts while it is active and its owner may still see the client."""
    referrer = link.referrer
    return link.is_active and referrer.is_active and Access(referrer).can_read(link.client_id)


def referral_from_session(
    *, application: Application, request: HttpRequest | None
) -> Referral | None:
    """Turn an application into a referral when the visitor came through a referral link.

    The link must belong to the application's client: a link of client A followed before
    applying to client B's job does nothing. The candidate cannot refer themselves.
    """
    session = getattr(request, "session", None)
    code = session.get(SESSION_KEY) if session is not None else None
    if not code or not isinstance(code, str):
        return None
    link = (
        ReferralLink.objects.select_related("referrer")
        .filter(code=code, client_id=application.client_id)
        .first()
    )
    if link is None or not link_is_usable(link):
        return None
    if Referral.objects.filter(application=application).exists():
        return None
    if _is_self_referral(link.referrer, application.candidate):
        return None
    referral = Referral.objects.create(
        client_id=application.client_id,
        application=application,
        referrer=link.referrer,
        link=link,
        via=Referral.Via.LINK,
    )
    application.source = Candidate.Source.REFERRAL
    application.source_detail = "link"
    application.save(update_fields=["source", "source_detail"])
    audit.record(
        "referral.created",
        actor=link.referrer,
        obj=referral,
        changes={"via": "link", "application": application.pk},
    )
    return referral


def _is_self_referral(referrer: User, candidate: Candidate) -> bool:
    from outhire.candidates.models import ContactPoint

    index = ContactPoint.index_of(ContactPoint.Kind.EMAIL, referrer.email)
    return candidate.contact_points.filter(kind="email", value_index=index).exists()


# --- The referral form ------------------------------------------------------------------------


@dataclass
class Upload:
    data: bytes
    filename: str


def referable_requisitions(access: Access):
    """Jobs someone may refer to: open jobs with a live posting, and for provider staff every
    open requisition of their clients (they may refer before a job is advertised)."""
    from outhire.careers.models import JobPosting

    live = JobPosting.objects.live().values("requisition_id")
    requisitions = Requisition.objects.visible_to(access).filter(status=Requisition.Status.OPEN)
    if not access.is_provider_staff:
        requisitions = requisitions.filter(pk__in=live)
    return requisitions.select_related("client").order_by("client__name", "title", "id")


def referral_submit(
    *,
    requisition: Requisition,
    referrer: User,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    note: str = "",
    resume: Upload | None = None,
    consent_confirmed: bool,
    request: HttpRequest | None = None,
) -> Referral:
    """Refer someone to a job: find or create the candidate, apply them, record the referral.

    An existing candidate (same e-mail or phone) is never changed: the referral only adds an
    application, the resume and the consent. Raises ValidationError with a message for the
    referrer when the job takes no candidates or the person is already in its process.
    """
    if not consent_confirmed:
        raise ValidationError(
            {"consent": _("Confirm that the person agreed to be referred and contacted.")}
        )
    if requisition.status != Requisition.Status.OPEN:
        raise ValidationError(_("This job is no longer open."))
    now = timezone.now()
    with transaction.atomic():
        # An existing person (same e-mail or phone, strongest evidence first) is never changed.
        candidate, created = candidate_services.candidate_find_or_create(
            by=referrer,
            match="contact",
            request=request,
            first_name=first_name,
            last_name=last_name,
            emails=[email],
            phones=[phone] if phone else [],
            source=Candidate.Source.REFERRAL,
            source_detail="form",
            owner=None,
        )
        matched = None if created else candidate
        # Every application of the client counts, also those not yet shown to the referrer's
        # side (a client user sees applications from the shortlist on).
        with client_scope(requisition.client_id):
            existing = Application.objects.filter(candidate=candidate, requisition=requisition)
            already_considered = existing.exists()
        if matched is not None and already_considered:
            raise ValidationError(
                _(
                    "This person is already being considered for this job, so the referral "
                    "cannot be recorded again."
                )
            )
        stage = requisition.stages.filter(archived=False, kind=StageKind.APPLIED).first()
        from outhire.pipeline.services import application_create

        application = application_create(
            requisition=requisition,
            candidate=candidate,
            by=referrer,
            stage=stage,
            source=Candidate.Source.REFERRAL,
            source_detail="form",
            request=request,
        )
        candidate_services.consent_record(
            candidate=candidate,
            purpose=Consent.Purpose.APPLICATION,
            method=Consent.Method.WEB_FORM,
            by=referrer,
            evidence=(
                f"Referred for requisition #{requisition.pk}: the referrer confirmed the person "
                "agreed to be referred and contacted"
            ),
            request=request,
        )
        referral = Referral.objects.create(
            client_id=requisition.client_id,
            application=application,
            referrer=referrer,
            via=Referral.Via.FORM,
            note=note,
            referred_name=f"{first_name} {last_name}".strip(),
            consent_confirmed_at=now,
            created_at=now,
        )
        if resume is not None:
            _attach_resume(candidate, resume, referrer, request, new_candidate=matched is None)
        audit.record(
            "referral.created",
            actor=referrer,
            request=request,
            obj=referral,
            changes={"via": "form", "application": application.pk},
        )
    return referral


def _attach_resume(
    candidate: Candidate, resume: Upload, by: User, request, *, new_candidate: bool
) -> None:
    from outhire.candidates.tasks import parse_document
    from outhire.careers.apply.tasks import read_resume_text
    from outhire.lib.tasks import enqueue

    try:
        document = candidate_services.document_add(
            candidate=candidate,
            data=resume.data,
            filename=resume.filename,
            kind="resume",
            by=by,
            max_bytes=settings.OUTHIRE_MAX_UPLOAD_MB * 1024 * 1024,
            request=request,
        )
    except ValidationError as error:
        # The same file already on record is fine; anything else is the referrer's to fix.
        codes = {e.code for errors in error.error_dict.values() for e in errors}
        if codes != {"unique"}:
            raise ValidationError(
                {"resume": error.error_dict.get("file", error.messages)}
            ) from None
        return
    if new_candidate:
        enqueue(parse_document, document.pk, by.pk)
    else:
        # A referral never changes an existing profile: only the text is read, for search; a
        # recruiter may apply the resume to the profile from the candidate's page.
        enqueue(read_resume_text, document.pk)


# --- Bonus policy and payment -------------------------------------------------------------------


def bonus_policy_save(
    *,
    client: Client,
    amount: Decimal,
    currency: str,
    eligible_after_days: int,
    is_active: bool,
    by: User,
    request: HttpRequest | None = None,
) -> BonusPolicy:
    policy = BonusPolicy.objects.filter(client=client).first() or BonusPolicy(client=client)
    before = {
        "amount": str(policy.amount) if policy.pk else None,
        "currency": policy.currency if policy.pk else None,
        "eligible_after_days": policy.eligible_after_days if policy.pk else None,
        "is_active": policy.is_active if policy.pk else None,
    }
    policy.amount = amount
    policy.currency = currency.upper()
    policy.eligible_after_days = eligible_after_days
    policy.is_active = is_active
    policy.updated_at = timezone.now()
    policy.full_clean()
    policy.save()
    after = {
        "amount": str(policy.amount),
        "currency": policy.currency,
        "eligible_after_days": policy.eligible_after_days,
        "is_active": policy.is_active,
    }
    audit.record(
        "referral.bonus_policy_changed",
        actor=by,
        request=request,
        obj=policy,
        changes=audit.diff(before, after),
    )
    return policy


def bonus_mark_paid(
    *, referral: Referral, by: User, request: HttpRequest | None = None
) -> Referral:
    """Record that the referrer was paid, with a referral-award cost entry for cost per hire.

    Only an eligible bonus can be paid; paying twice is refused.
    """
    from outhire.costs.services import cost_entry_add

    with transaction.atomic():
        # The referral's row alone: a lock through the join would also lock the application
        # and the client, and lose the row when the application has moved meanwhile.
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("application__stage", "client")
            .get(pk=referral.pk)
        )
        policy = BonusPolicy.objects.filter(client_id=referral.client_id).first()
        state = referral.bonus_state(policy)
        if state.state == bonus.PAID:
            raise ValidationError(_("This bonus is already marked paid."))
        if state.state != bonus.ELIGIBLE:
            raise ValidationError(
                _("This bonus is not due: %(state)s.") % {"state": state.label.lower()}
            )
        now = timezone.now()
        entry = cost_entry_add(
            client=referral.client,
            category="referral_awards",
            amount=policy.amount,
            currency=policy.currency,
            incurred_on=timezone.localdate(now),
            requisition=referral.application.requisition,
            channel=Candidate.Source.REFERRAL,
            channel_detail=referral.via,
            description=f"Referral bonus for referral #{referral.pk}",
            origin="referral",
            origin_ref=f"referral:{referral.pk}",
            by=by,
            request=request,
        )
        referral.bonus_paid_at = now
        referral.bonus_paid_by = by
        referral.bonus_amount = policy.amount
        referral.bonus_currency = policy.currency
        referral.cost_entry_id = entry.pk
        referral.save(
            update_fields=[
                "bonus_paid_at",
                "bonus_paid_by",
                "bonus_amount",
                "bonus_currency",
                "cost_entry_id",
            ]
        )
        audit.record(
            "referral.bonus_paid",
            actor=by,
            request=request,
            obj=referral,
            changes={"amount": str(policy.amount), "currency": policy.currency},
        )
    return referral


def referrals_for_bonus(queryset):
    """Referrals with what their bonus state needs, in a constant number of queries."""
    related = ["application__stage", "application__requisition", "referrer", "client"]
    if _has_hire_relation():
        related.append("application__hire")
    return queryset.select_related(*related)


def _has_hire_relation() -> bool:
    return any(
        getattr(f, "related_name", None) == "hire" or f.name == "hire"
        for f in Application._meta.get_fields()
        if f.is_relation and f.one_to_one
    )


def policies_by_client(client_ids) -> dict[int, BonusPolicy]:
    return {p.client_id: p for p in BonusPolicy.objects.filter(client_id__in=list(client_ids))}


def bonuses_notify_eligible(*, today=None) -> int:
    """Tell each client's recruiters about referral bonuses that became due; how many.

    Each referral is announced once (`eligible_notified_at`), to the provider staff assigned
    to the client as recruiters, or to the provider admins when it has none.
    """
    from outhire.accounts.notifications import notification_create

    today = today or timezone.localdate()
    candidates = referrals_for_bonus(
        Referral.objects.filter(
            eligible_notified_at__isnull=True,
            bonus_paid_at__isnull=True,
            application__status=Application.Status.HIRED,
        )
    )
    candidates = list(candidates)
    policies = policies_by_client({r.client_id for r in candidates})
    due = [
        referral
        for referral in candidates
        if referral.bonus_state(policies.get(referral.client_id), today).state == bonus.ELIGIBLE
    ]
    if not due:
        return 0
    admins = list(User.objects.filter(provider_role=Role.ADMIN, is_active=True))
    by_client: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        client_id__in={r.client_id for r in due}, role=Role.RECRUITER, user__is_active=True
    ).select_related("user"):
        by_client.setdefault(membership.client_id, []).append(membership.user)
    now = timezone.now()
    for referral in due:
        with transaction.atomic():
            claimed = Referral.objects.filter(
                pk=referral.pk, eligible_notified_at__isnull=True
            ).update(eligible_notified_at=now)
            if not claimed:
                continue
            url = reverse("referrals:client_referrals", kwargs={"slug": referral.client.slug})
            for user in by_client.get(referral.client_id) or admins:
                notification_create(
                    user=user,
                    client=referral.client,
                    text=(
                        f"A referral bonus is due for {referral.client.name}: "
                        f"referral #{referral.pk} for “{referral.application.requisition.title}”."
                    ),
                    url=url,
                    kind="referral_bonus",
                )
    return len(due)


def referrals_of(access: Access, user: User):
    """The user's own referrals, for clients they may still see."""
    if not access.is_authenticated:
        return Referral.objects.none()
    return Referral.objects.filter(referrer=user, client_id__in=access.client_ids)
