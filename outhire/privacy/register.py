"""The record of processing activities (GDPR Art. 30), built from what the system does.

Nothing here is typed in by hand on a page: the activities and the categories of personal
data are declared next to the code (and `tests/test_register.py` checks the declaration
against the models, so a new field of a candidate, or a new encrypted field anywhere, fails
the build until it is placed in a category); the recipients are the clients and their
engagements in the database; the sub-processors come from the processing agreements and from
the settings (e-mail, file storage, task queue, database); retention comes from the
retention policies, or their defaults; transfers from the agreements; the security measures
from the code and the settings that enforce them.

Who sees what: provider staff see the register of the clients they serve (provider admins,
all of it); a client admin sees the part about their own client (its recruitment activity,
its engagements and agreements, the recipients that concern it). Nobody else has a register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from outhire.accounts.models import Client
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access
from outhire.engagements.models import Engagement
from outhire.lib.crypto import EncryptedTextField
from outhire.lib.spreadsheet_csv import GuardedWriter
from outhire.lib.storage.config import BACKENDS
from outhire.privacy.models import ProcessingAgreement, RetentionPolicy
from outhire.privacy.self_id import QUESTION_SETS
from outhire.requisitions.models import country_names

# --- What is processed: declared beside the code, checked against the models --------------


@dataclass(frozen=True)
class DataCategory:
    key: str
    name: str
    description: str
    # "app_label.Model.field" of every field holding this kind of data.
    fields: tuple[str, ...]
    special: bool = False  # GDPR Art. 9 special category


DATA_CATEGORIES: tuple[DataCategory, ...] = (
    DataCategory(
        "identity",
        gettext_lazy("Identity and public profiles"),
        gettext_lazy(
            "Name, links to public profiles, the identifier in the system it was imported from."
        ),
        (
            "candidates.Candidate.first_name",
            "candidates.Candidate.last_name",
            "candidates.Candidate.linkedin",
            "candidates.Candidate.linkedin_url",
            "candidates.Candidate.github_url",
            "candidates.Candidate.portfolio_url",
            "candidates.Candidate.external_ref",
            "referrals.Referral.referred_name",
        ),
    ),
    DataCategory(
        "contact",
        gettext_lazy("Contact details (encrypted at rest)"),
        gettext_lazy(
            "E-mail addresses, phone numbers and postal address; the blind index (a keyed hash) "
            "finds an exact e-mail or phone without decrypting."
        ),
        (
            "candidates.Candidate.address",
            "candidates.ContactPoint.kind",
            "candidates.ContactPoint.value",
            "candidates.ContactPoint.value_index",
            "candidates.ContactPoint.is_primary",
            "candidates.ContactPoint.label",
            # An e-mail to the address bounced: when, and the receiving server's reason
            "candidates.ContactPoint.bounced_at",
            "candidates.ContactPoint.bounce_reason",
            # A new address the person asked for in the portal, until its link is followed
            "portal.EmailChange.value",
        ),
    ),
    DataCategory(
        "career",
        gettext_lazy("Career and skills"),
        gettext_lazy(
            "Where the person lives (city), the time zone they read times in and the language "
            "they read Outhire in, current job and employer, summary, experience, the "
            "profile read from the resume (work, education, skills) and the search text made "
            "from it."
        ),
        (
            "candidates.Candidate.location",
            "candidates.Candidate.time_zone",
            "candidates.Candidate.language",
            "candidates.Candidate.current_title",
            "candidates.Candidate.current_employer",
            "candidates.Candidate.summary",
            "candidates.Candidate.years_experience",
            "candidates.Candidate.search_text",
            "candidates.ProfileEntry.name",
            "candidates.ProfileEntry.title",
            "candidates.ProfileEntry.detail",
            "candidates.ProfileEntry.start_date",
            "candidates.ProfileEntry.end_date",
            "candidates.ProfileEntry.summary",
            "community.Member.interests",
            "community.Member.location",
        ),
    ),
    DataCategory(
        "documents",
        gettext_lazy("Resumes and other documents"),
        gettext_lazy(
            "The files a person or a recruiter uploaded, their text as read, and facts about "
            "the file."
        ),
        (
            "candidates.Document.kind",
            "candidates.Document.file",
            "candidates.Document.original_name",
            "candidates.Document.file_type",
            "candidates.Document.content_type",
            "candidates.Document.size",
            "candidates.Document.sha256",
            "candidates.Document.text",
            "candidates.Document.parsed_at",
            "candidates.Document.parse_warnings",
            "candidates.Document.unreadable",
        ),
    ),
    DataCategory(
        "application",
        gettext_lazy("Applications and their history"),
        gettext_lazy(
            "Which job a person applied to, where they came from, their answers to screening "
            "questions, every stage move and its reason, messages exchanged."
        ),
        (
            "pipeline.Application.source",
            "pipeline.Application.utm_source",
            "pipeline.Application.referrer",
            "pipeline.Application.status",
            "pipeline.ApplicationAnswer.answer",
            "pipeline.StageEvent.reason",
            "pipeline.Message.body",
            "pipeline.Message.excerpt",
            "pipeline.Message.from_address",
            "candidates.Note.body",
        ),
    ),
    DataCategory(
        "assessment",
        gettext_lazy("Assessments, interviews and feedback"),
        gettext_lazy(
            "Assessment answers and points, interviews, scorecards and ratings by interviewers."
        ),
        (
            "screening.AssessmentAnswer.text",
            "screening.AssessmentAnswer.points",
            "interviews.Interview.starts_at",
            "interviews.Scorecard.recommendation",
            "interviews.Scorecard.notes",
            "interviews.Rating.score",
        ),
    ),
    DataCategory(
        "ai_scores",
        gettext_lazy("Match scores and their reasons"),
        gettext_lazy(
            "The 0-100 score the matcher showed, its reasons, the matcher version, who saw it "
            "and what a person decided."
        ),
        (
            "screening.ScoreLog.score",
            "screening.ScoreLog.reasons",
            "screening.ScoreLog.matcher_version",
            "screening.ScoreLog.decision",
        ),
    ),
    DataCategory(
        "offer",
        gettext_lazy("Offers, hires and hand-offs"),
        gettext_lazy(
            "Pay offered, the answer and signature, start date, the data handed to the client's "
            "HR system (encrypted at rest), post-hire reviews, pre-boarding right-to-work checks "
            "(outcome; document type and expiry encrypted, never a number)."
        ),
        (
            "offers.Offer.base_salary",
            "offers.Offer.signed_name",
            "offers.Offer.response_ip",
            "offers.Hire.start_date",
            "offers.Hire.base_salary",
            "offers.HandOff.body",
            "offers.PostHireReview.performance",
            "preboarding.RightToWorkCheck.outcome",
            "preboarding.RightToWorkCheck.document_type",
            "preboarding.RightToWorkCheck.document_expires",
            "webhooks.Delivery.body",
        ),
    ),
    DataCategory(
        "consent",
        gettext_lazy("Consents"),
        gettext_lazy(
            "What each person agreed to (talent pool, communities), how, when, until when, and "
            "whether they withdrew."
        ),
        (
            "candidates.Consent.purpose",
            "candidates.Consent.given_at",
            "candidates.Consent.expires_at",
            "candidates.Consent.withdrawn_at",
            "candidates.Consent.evidence",
            "community.Member.consent",
        ),
    ),
    DataCategory(
        "self_id",
        gettext_lazy("Voluntary self-identification (encrypted at rest)"),
        gettext_lazy(
            "Sex and race/ethnicity, asked only for US jobs, optional, stored apart from the "
            "application and read only by the bias audit in totals."
        ),
        ("privacy.SelfIdentification.sex", "privacy.SelfIdentification.race_ethnicity"),
        special=True,
    ),
    DataCategory(
        "records",
        gettext_lazy("Record keeping"),
        gettext_lazy(
            "Identifiers, dates, the source of a record, its owner, merges, and the flags set "
            "when a person asked for restriction, objected or was anonymised."
        ),
        (
            "candidates.Candidate.id",
            "candidates.Candidate.source",
            "candidates.Candidate.source_detail",
            "candidates.Candidate.owner",
            "candidates.Candidate.created_at",
            "candidates.Candidate.updated_at",
            "candidates.Candidate.last_activity_at",
            "candidates.Candidate.merged_into",
            "candidates.Candidate.anonymised_at",
            "candidates.Candidate.restricted_at",
            "candidates.Candidate.objected_at",
            "candidates.ContactPoint.id",
            "candidates.ContactPoint.candidate",
            "candidates.Document.id",
            "candidates.Document.candidate",
            "candidates.Document.uploaded_by",
            "candidates.Document.uploaded_at",
        ),
    ),
    DataCategory(
        "users",
        gettext_lazy("Users of the system"),
        gettext_lazy(
            "Provider staff and client users: name, e-mail, role, two-factor secret (encrypted), "
            "invitations (e-mail encrypted), calendar links for availability and connected "
            "calendars' addresses and credentials (encrypted), and what they did (the audit "
            "trail, with IP address)."
        ),
        (
            "accounts.User.email",
            "accounts.User.full_name",
            "accounts.User.totp_secret",
            "accounts.Invitation.email",
            "accounts.Invitation.email_index",
            "interviews.Availability.calendar_url",
            "interviews.CalendarConnection.server_url",
            "interviews.CalendarConnection.username",
            "interviews.CalendarConnection.password",
            "interviews.CalendarConnection.calendar_url",
            "accounts.AuditEvent.actor_label",
            "accounts.AuditEvent.ip",
        ),
    ),
)

# Encrypted fields that hold no personal data, and why.
NOT_PERSONAL = {
    "webhooks.Endpoint.secret": "the key that signs a client's webhooks, not about a person",
    "accounts.SingleSignOn.client_secret": (
        "the secret of the client's application at its identity provider, not about a person"
    ),
}


@dataclass(frozen=True)
class SubjectCategory:
    name: str
    description: str
    models: tuple[str, ...]


DATA_SUBJECTS: tuple[SubjectCategory, ...] = (
    SubjectCategory(
        gettext_lazy("Candidates"),
        gettext_lazy("People who applied, were sourced or referred, or are in the talent network."),
        ("candidates.Candidate", "pipeline.Application"),
    ),
    SubjectCategory(
        gettext_lazy("Talent community members"),
        gettext_lazy("People who joined a talent community to hear about jobs."),
        ("community.Member",),
    ),
    SubjectCategory(
        gettext_lazy("New hires"),
        gettext_lazy("Candidates who accepted an offer, until the hand-off and post-hire reviews."),
        ("offers.Hire", "offers.PostHireReview"),
    ),
    SubjectCategory(
        gettext_lazy("Referrers"),
        gettext_lazy("Client employees who referred someone."),
        ("referrals.Referral",),
    ),
    SubjectCategory(
        gettext_lazy("Users"),
        gettext_lazy("Provider staff, client admins, hiring managers and interviewers."),
        ("accounts.User", "accounts.Membership"),
    ),
)


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    purpose: str
    lawful_basis: str
    subjects: tuple[str, ...]
    categories: tuple[str, ...]
    # Shown to a client admin (it is done for their client), or the provider's own.
    for_clients: bool
    # The models whose rows this activity makes; checked to exist.
    models: tuple[str, ...]


ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        "recruitment",
        gettext_lazy("Recruitment for %(client)s"),
        gettext_lazy(
            "Filling the jobs of %(client)s under its engagement: sourcing, screening, interviews, "
            "offers and the hand-off of hires."
        ),
        gettext_lazy(
            "Steps at the person's request before a contract (Art. 6(1)(b)); the client's and "
            "the provider's legitimate interest in recruiting (Art. 6(1)(f))."
        ),
        (
            gettext_lazy("Candidates"),
            gettext_lazy("New hires"),
            gettext_lazy("Referrers"),
            gettext_lazy("Users"),
        ),
        ("identity", "contact", "career", "documents", "application", "assessment", "offer"),
        True,
        ("pipeline.Application", "interviews.Interview", "offers.Offer", "offers.Hire"),
    ),
    Activity(
        "talent_pool",
        gettext_lazy("Talent pool"),
        gettext_lazy("Keeping people's profiles after an application to offer them other jobs."),
        gettext_lazy(
            "Consent (Art. 6(1)(a)), recorded per person with its expiry and withdrawable."
        ),
        (gettext_lazy("Candidates"),),
        ("identity", "contact", "career", "documents", "consent"),
        False,
        ("candidates.Consent", "candidates.TalentPool", "candidates.PoolMembership"),
    ),
    Activity(
        "community",
        gettext_lazy("Talent communities and campaigns"),
        gettext_lazy("Sending news and jobs to people who joined a talent community (marketing)."),
        gettext_lazy("Consent (Art. 6(1)(a)), confirmed by e-mail; every message can unsubscribe."),
        (gettext_lazy("Talent community members"),),
        ("identity", "contact", "career", "consent"),
        False,
        ("community.Member", "community.Campaign", "community.Delivery"),
    ),
    Activity(
        "analytics",
        gettext_lazy("Analytics and reporting"),
        gettext_lazy(
            "Measuring the service: time to fill, cost per hire, SLA compliance, surveys; "
            "reports to clients hold totals, not names."
        ),
        gettext_lazy("Legitimate interest in measuring and reporting the service (Art. 6(1)(f))."),
        (gettext_lazy("Candidates"), gettext_lazy("New hires"), gettext_lazy("Users")),
        ("application", "offer"),
        True,
        ("analytics.ApplicationDay", "analytics.HireFact", "analytics.CandidateSurvey"),
    ),
    Activity(
        "ai_screening",
        gettext_lazy("AI-assisted screening, people decide"),
        gettext_lazy(
            "Ranking applicants against a job and explaining the score; every score shown is "
            "logged with the matcher version and inputs. Nothing is rejected automatically: a "
            "person decides (no decision based solely on automated processing, Art. 22)."
        ),
        gettext_lazy(
            "Legitimate interest in handling applications promptly and consistently (Art. 6(1)(f))."
        ),
        (gettext_lazy("Candidates"),),
        ("career", "documents", "ai_scores"),
        True,
        ("screening.ScoreLog",),
    ),
    Activity(
        "bias_audit",
        gettext_lazy("Bias audit with voluntary self-identification"),
        gettext_lazy(
            "Checking that selection and scoring treat all groups alike (impact ratios, NYC Local "
            "Law 144), from answers given voluntarily on the apply form of US jobs only; never "
            "shown to the people who decide."
        ),
        gettext_lazy(
            "Explicit consent by answering (Art. 9(2)(a)); for US jobs, equal employment "
            "opportunity record-keeping (29 CFR 1602)."
        ),
        (gettext_lazy("Candidates"),),
        ("self_id", "application", "ai_scores"),
        True,
        ("privacy.SelfIdentification",),
    ),
    Activity(
        "records",
        gettext_lazy("Data protection records and security"),
        gettext_lazy("Answering data subject requests, logging breaches, keeping the audit trail."),
        gettext_lazy("Legal obligation (Art. 6(1)(c); Art. 5(2), 12-22, 30, 33)."),
        (gettext_lazy("Candidates"), gettext_lazy("Users")),
        ("records", "users"),
        False,
        ("privacy.DataRequest", "privacy.Breach", "accounts.AuditEvent"),
    ),
)


def declared_fields() -> dict[str, str]:
    """ "app.Model.field" -> the key of its category, for every declared field."""
    return {name: category.key for category in DATA_CATEGORIES for name in category.fields}


def encrypted_fields() -> list[str]:
    """Every EncryptedTextField of every model, as "app.Model.field"."""
    return [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField)
    ]


def blind_index_fields() -> list[str]:
    """Fields holding an HMAC blind index of an encrypted value ("<name>_index")."""
    encrypted = set(encrypted_fields())
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            stem = f.name.removesuffix("_index")
            if stem != f.name and f"{model._meta.label}.{stem}" in encrypted:
                found.append(f"{model._meta.label}.{f.name}")
    return found


# --- The register of one reader -------------------------------------------------------------


@dataclass
class ClientPart:
    client: Client
    # (engagement, its agreement or None), newest first
    engagements: list[tuple[Engagement, ProcessingAgreement | None]]

    @property
    def roles(self) -> list[str]:
        return sorted(
            {a.get_provider_role_display() for _engagement, a in self.engagements if a is not None}
        )


@dataclass
class Recipient:
    name: str
    kind: str  # "Client" or "Sub-processor"
    role: str
    detail: str
    client_id: int | None = None


@dataclass
class RetentionRow:
    scope: str
    country: str
    rejected_months: int
    hired_months: int
    talent_pool_months: int
    is_default: bool = False


@dataclass
class Transfer:
    where: str
    text: str


@dataclass
class Register:
    controller: str
    generated_at: datetime
    provider_view: bool
    activities: list[dict]
    subjects: tuple[SubjectCategory, ...]
    categories: tuple[DataCategory, ...]
    clients: list[ClientPart]
    recipients: list[Recipient]
    retention: list[RetentionRow]
    transfers: list[Transfer]
    security: list[str]
    self_id_countries: list[str] = field(default_factory=list)


def register_client_ids(access: Access) -> list[int] | None:
    """The clients whose part of the register `access` may read; None for no register."""
    if not access.is_authenticated:
        return None
    if access.is_provider_staff:
        return access.client_ids
    ids = [cid for cid, role in access.roles.items() if role == Role.CLIENT_ADMIN]
    return ids or None


def build_register(access: Access, *, now: datetime | None = None) -> Register | None:
    """The register as `access` may read it (None: no register for them). Four queries."""
    client_ids = register_client_ids(access)
    if client_ids is None:
        return None
    provider_view = access.is_provider_staff
    clients = list(Client.objects.filter(pk__in=client_ids, is_active=True).order_by("name"))
    by_client = {c.pk: ClientPart(c, []) for c in clients}
    engagements = (
        Engagement.objects.filter(client_id__in=list(by_client))
        .exclude(status=Engagement.Status.ENDED)
        .select_related("processing_agreement")
        .order_by("-starts_on", "-id")
    )
    for engagement in engagements:
        agreement = getattr(engagement, "processing_agreement", None)
        by_client[engagement.client_id].engagements.append((engagement, agreement))
    parts = list(by_client.values())
    return Register(
        controller=settings.OUTHIRE_PROVIDER_NAME,
        generated_at=now or timezone.now(),
        provider_view=provider_view,
        activities=_activities(parts, provider_view),
        subjects=DATA_SUBJECTS,
        categories=DATA_CATEGORIES,
        clients=parts,
        recipients=_recipients(parts),
        retention=_retention(clients),
        transfers=_transfers(parts),
        security=security_measures(),
        self_id_countries=[country_names().get(c, c) for c in QUESTION_SETS],
    )


def _activities(parts: list[ClientPart], provider_view: bool) -> list[dict]:
    names = {c.key: c.name for c in DATA_CATEGORIES}
    out = []
    for activity in ACTIVITIES:
        if not provider_view and not activity.for_clients:
            continue
        rows = []
        if activity.key == "recruitment":
            for part in parts:
                roles = ", ".join(part.roles) or _("No processing agreement recorded yet")
                rows.append(
                    {
                        "name": str(activity.name) % {"client": part.client.name},
                        "purpose": str(activity.purpose) % {"client": part.client.name},
                        "client": part.client,
                        "recipients": f"{part.client.name} ({roles})",
                    }
                )
        else:
            rows.append(
                {"name": str(activity.name), "purpose": str(activity.purpose), "client": None}
            )
        for row in rows:
            row.update(
                key=activity.key,
                lawful_basis=str(activity.lawful_basis),
                subjects=[str(subject) for subject in activity.subjects],
                categories=[str(names[k]) for k in activity.categories],
                special=any(c.special for c in DATA_CATEGORIES if c.key in activity.categories),
            )
            row.setdefault(
                "recipients",
                _("The clients whose jobs the people applied to")
                if activity.for_clients
                else _("Nobody outside the provider"),
            )
            out.append(row)
    return out


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _recipients(parts: list[ClientPart]) -> list[Recipient]:
    found: list[Recipient] = []
    for part in parts:
        for engagement, agreement in part.engagements or [(None, None)]:
            role = agreement.get_provider_role_display() if agreement else _("No agreement yet")
            detail = (
                _("Engagement “%(name)s”: sees the applications shortlisted to it")
                % {"name": engagement.name}
                if engagement
                else _("No active engagement")
            )
            found.append(Recipient(part.client.name, _("Client"), role, detail, part.client.pk))
    seen: set[str] = set()
    for part in parts:
        for _engagement, agreement in part.engagements:
            if agreement is None:
                continue
            for line in _lines(agreement.sub_processors):
                if line.lower() in seen:
                    continue
                seen.add(line.lower())
                name, _comma, rest = line.partition(",")
                found.append(
                    Recipient(
                        name.strip(),
                        _("Sub-processor"),
                        _("Named in a processing agreement"),
                        rest.strip(),
                        part.client.pk,
                    )
                )
    found.extend(configured_sub_processors())
    return found


def _host(url: str) -> str:
    # The host only: a URL from the settings may carry a password.
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def configured_sub_processors() -> list[Recipient]:
    """Services outside this application that personal data reaches, as configured."""
    found = []
    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        found.append(
            Recipient(
                _("E-mail relay %(host)s") % {"host": settings.EMAIL_HOST},
                _("Sub-processor"),
                _("Sends e-mails (SMTP)"),
                _("Carries e-mails to candidates and users: names, addresses, message text."),
            )
        )
    elif not backend.startswith("django.core.mail.backends."):
        found.append(
            Recipient(
                _("E-mail service (%(backend)s)") % {"backend": backend},
                _("Sub-processor"),
                _("Sends e-mails"),
                _("Carries e-mails to candidates and users: names, addresses, message text."),
            )
        )
    storage = settings.STORAGES["default"]["BACKEND"]
    # The local disk and the database store keep files on the provider's own machines.
    if storage not in {BACKENDS["local"], BACKENDS["postgres"]}:
        options = settings.STORAGES["default"].get("OPTIONS", {})
        where = _host(options.get("endpoint_url", "")) or options.get("bucket_name", "")
        found.append(
            Recipient(
                (_("File storage %(where)s") % {"where": where}).strip(),
                _("Sub-processor"),
                _("Stores uploaded files (%(backend)s)") % {"backend": storage.rsplit(".", 1)[-1]},
                _("Resumes and other documents, logos."),
            )
        )
    database = settings.DATABASES["default"]
    host = database.get("HOST") or ""
    if host and host not in {"localhost", "127.0.0.1", "::1"}:
        found.append(
            Recipient(
                _("Database server %(host)s") % {"host": host},
                _("Sub-processor"),
                _("Hosts the database"),
                _("Every record; contact data encrypted before it is written."),
            )
        )
    broker = _host(getattr(settings, "CELERY_BROKER_URL", "") or "")
    if broker and broker not in {"localhost", "127.0.0.1", "::1"}:
        found.append(
            Recipient(
                _("Task queue %(host)s") % {"host": broker},
                _("Sub-processor"),
                _("Queues background work"),
                _("Record numbers only, never personal data."),
            )
        )
    return found


def _retention(clients: list[Client]) -> list[RetentionRow]:
    names = {c.pk: c.name for c in clients}
    policies = RetentionPolicy.objects.filter(
        Q(client__isnull=True) | Q(client_id__in=list(names))
    ).order_by("client_id", "country")
    rows = []
    every_client, every_country = _("Every client"), _("Every country")
    for policy in policies:
        country = country_names().get(policy.country, policy.country)
        rows.append(
            RetentionRow(
                scope=names.get(policy.client_id, every_client),
                country=country or every_country,
                rejected_months=policy.rejected_months,
                hired_months=policy.hired_months,
                talent_pool_months=policy.talent_pool_months,
            )
        )
    if not any(r.scope == every_client and r.country == every_country for r in rows):
        defaults = {f.name: f.default for f in RetentionPolicy._meta.concrete_fields}
        rows.insert(
            0,
            RetentionRow(
                scope=every_client,
                country=every_country,
                rejected_months=defaults["rejected_months"],
                hired_months=defaults["hired_months"],
                talent_pool_months=defaults["talent_pool_months"],
                is_default=True,
            ),
        )
    return rows


def _transfers(parts: list[ClientPart]) -> list[Transfer]:
    found = []
    for part in parts:
        for engagement, agreement in part.engagements:
            if agreement is not None and agreement.transfers.strip():
                found.append(
                    Transfer(f"{part.client.name}, {engagement.name}", agreement.transfers)
                )
    return found


def security_measures() -> list[str]:
    """What the code and the settings enforce, stated from them."""
    encrypted = [f for f in encrypted_fields() if f not in NOT_PERSONAL]
    keys = len(settings.OUTHIRE_ENCRYPTION_KEYS)
    measures = [
        ngettext(
            "Encryption at rest: %(fields)s are encrypted with Fernet (AES-128-CBC and "
            "HMAC-SHA256) under a MultiFernet of %(keys)s key (OUTHIRE_ENCRYPTION_KEYS); a new "
            "key is added in front and old values are still read, so keys rotate without "
            "downtime.",
            "Encryption at rest: %(fields)s are encrypted with Fernet (AES-128-CBC and "
            "HMAC-SHA256) under a MultiFernet of %(keys)s keys (OUTHIRE_ENCRYPTION_KEYS); a new "
            "key is added in front and old values are still read, so keys rotate without "
            "downtime.",
            keys,
        )
        % {"fields": ", ".join(encrypted), "keys": keys},
        _(
            "Blind indexes: %(fields)s hold an HMAC-SHA256 of the normalised value under a "
            "separate key (OUTHIRE_BLIND_INDEX_KEY), so duplicates are found without decrypting."
        )
        % {"fields": ", ".join(blind_index_fields())},
        _(
            "Two-factor authentication (TOTP, RFC 6238) is required for provider admins before "
            "they can use the system; every user may turn it on; recovery codes are stored "
            "hashed."
        ),
        _(
            "Sign-in throttling: an account is locked for %(minutes)s minutes after "
            "%(failures)s failures, an IP address after %(ip_failures)s."
        )
        % {
            "minutes": settings.OUTHIRE_LOGIN_LOCKOUT_MINUTES,
            "failures": settings.OUTHIRE_LOGIN_MAX_FAILURES_PER_ACCOUNT,
            "ip_failures": settings.OUTHIRE_LOGIN_MAX_FAILURES_PER_IP,
        },
        _(
            "Tenant isolation: every client-owned record is read through a scoped manager, so a "
            "client's users and API tokens reach only their own client's data; a test requests "
            "every URL as outsiders."
        ),
        _(
            "Audit trail: every change that matters (users, roles, requisitions, candidates, "
            "offers, agreements, breaches...) is an append-only audit event with who, when and "
            "from which IP address; secrets in it are redacted."
        ),
        _(
            "Candidate-facing links are signed and expire; personal data is kept out of URLs "
            "and logs."
        ),
        (
            _(
                "Uploads are limited to %(mb)s MB and read in an isolated process with time and "
                "memory limits; CSV exports defuse spreadsheet formulas."
            )
            if settings.OUTHIRE_READ_ISOLATED
            else _(
                "Uploads are limited to %(mb)s MB and read with time and memory limits; CSV "
                "exports defuse spreadsheet formulas."
            )
        )
        % {"mb": settings.OUTHIRE_MAX_UPLOAD_MB},
        _(
            "Security headers: a strict Content-Security-Policy (scripts and styles from the "
            "site itself only), no framing, no MIME sniffing."
        ),
    ]
    if not settings.DEBUG and settings.SESSION_COOKIE_SECURE:
        measures.append(_("Sessions and CSRF cookies are sent over HTTPS only."))
    return measures


# --- Downloads -------------------------------------------------------------------------------

CSV_HEADER = [
    gettext_lazy("Processing activity"),
    gettext_lazy("Purpose"),
    gettext_lazy("Lawful basis"),
    gettext_lazy("Data subjects"),
    gettext_lazy("Personal data"),
    gettext_lazy("Recipients"),
    gettext_lazy("Retention"),
    gettext_lazy("Transfers outside the EEA"),
    gettext_lazy("Security measures"),
]


def _retention_text(register: Register) -> str:
    return "; ".join(
        _(
            "%(scope)s, %(country)s: rejected %(rejected)s months, hires %(hired)s months after "
            "start, inactive %(inactive)s months"
        )
        % {
            "scope": r.scope,
            "country": r.country,
            "rejected": r.rejected_months,
            "hired": r.hired_months,
            "inactive": r.talent_pool_months,
        }
        for r in register.retention
    )


def _transfers_for(register: Register, row: dict) -> str:
    client = row.get("client")
    texts = [
        f"{t.where}: {t.text}"
        for t in register.transfers
        if client is None or t.where.startswith(f"{client.name}, ")
    ]
    return " | ".join(texts) or _("None recorded")


def register_csv(register: Register) -> str:
    out = StringIO()
    writer = GuardedWriter(out)
    writer.writerow([str(heading) for heading in CSV_HEADER])
    security = " ".join(register.security)
    retention = _retention_text(register)
    for row in register.activities:
        writer.writerow(
            [
                row["name"],
                row["purpose"],
                row["lawful_basis"],
                ", ".join(row["subjects"]),
                ", ".join(row["categories"]),
                row["recipients"],
                retention,
                _transfers_for(register, row),
                security,
            ]
        )
    writer.writerow([])
    writer.writerow([_("Recipient"), _("Kind"), _("Role"), _("Detail")])
    for recipient in register.recipients:
        writer.writerow([recipient.name, recipient.kind, recipient.role, recipient.detail])
    return out.getvalue()


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def register_markdown(register: Register) -> str:
    months = _("%(count)s months")
    lines = [
        _("# Record of processing activities: %(controller)s")
        % {"controller": register.controller},
        "",
        _("Generated %(when)s UTC from the system (GDPR Art. 30).")
        % {"when": f"{register.generated_at:%Y-%m-%d %H:%M}"},
        "",
        _("## Processing activities"),
        "",
    ]
    labels = {
        "purpose": _("Purpose:"),
        "basis": _("Lawful basis:"),
        "subjects": _("Data subjects:"),
        "data": _("Personal data:"),
        "recipients": _("Recipients:"),
        "transfers": _("Transfers outside the EEA:"),
    }
    for row in register.activities:
        lines += [
            f"### {row['name']}",
            "",
            f"- **{labels['purpose']}** {_md(row['purpose'])}",
            f"- **{labels['basis']}** {_md(row['lawful_basis'])}",
            f"- **{labels['subjects']}** {', '.join(row['subjects'])}",
            f"- **{labels['data']}** {', '.join(row['categories'])}",
            f"- **{labels['recipients']}** {_md(row['recipients'])}",
            f"- **{labels['transfers']}** {_md(_transfers_for(register, row))}",
            "",
        ]
    lines += [_("## Categories of data subjects"), ""]
    lines += [f"- **{s.name}:** {s.description}" for s in register.subjects]
    lines += ["", _("## Categories of personal data"), ""]
    for category in register.categories:
        special = _(" (special category, Art. 9)") if category.special else ""
        lines.append(f"- **{category.name}**{special}: {category.description}")
    lines += [
        "",
        _("## Recipients"),
        "",
        "| " + " | ".join([_("Recipient"), _("Kind"), _("Role"), _("Detail")]) + " |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {_md(r.name)} | {r.kind} | {_md(r.role)} | {_md(r.detail)} |"
        for r in register.recipients
    ]
    lines += [
        "",
        _("## Retention"),
        "",
        "| "
        + " | ".join(
            [
                _("Client"),
                _("Country"),
                _("Rejected or withdrawn"),
                _("Hires (after start)"),
                _("Inactive, no consent"),
            ]
        )
        + " |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {_md(r.scope)} | {_md(r.country)} | {months % {'count': r.rejected_months}} | "
        f"{months % {'count': r.hired_months}} | {months % {'count': r.talent_pool_months}} |"
        for r in register.retention
    ]
    lines += ["", _("## Transfers outside the EEA"), ""]
    lines += [f"- **{_md(t.where)}:** {_md(t.text)}" for t in register.transfers] or [
        _("None recorded in the processing agreements.")
    ]
    lines += ["", _("## Technical and organisational security measures"), ""]
    lines += [f"- {m}" for m in register.security]
    return "\n".join(lines) + "\n"
