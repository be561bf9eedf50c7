"""Applications (a candidate on a requisition), their append-only stage events, and what is said.

Every move of an application writes a StageEvent (from, to, when, who, why). Events are never
edited: the KPIs (time to fill, time in stage, funnel conversion...) are computed from them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.requisitions.models import CLIENT_VISIBLE_KINDS, DispositionReason


class ApplicationQuerySet(ClientOwnedQuerySet):
    def visible_to(self, access) -> ApplicationQuerySet:
        """Provider staff see their clients' applications; client users only those submitted.

        Before `submitted`, an application is the provider's work in progress: the client's
        hiring team sees candidates from the moment they are shortlisted to it.
        """
        provider_ids = [cid for cid, role in access.roles.items() if role.is_provider]
        client_ids = [cid for cid, role in access.roles.items() if not role.is_provider]
        return self.filter(
            models.Q(client_id__in=provider_ids)
            | models.Q(client_id__in=client_ids, reached_client_at__isnull=False)
        )


class Application(ClientOwned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    candidate = models.ForeignKey(
        "candidates.Candidate", models.PROTECT, related_name="applications"
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="applications"
    )
    stage = models.ForeignKey("requisitions.Stage", models.PROTECT, related_name="applications")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    disposition = models.ForeignKey(
        DispositionReason, models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=20, blank=True)
    source_detail = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    moved_at = models.DateTimeField(default=timezone.now)
    # First time the application reached a stage the client sees; it stays visible after.
    reached_client_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Raised on every move: a move made on a stale page is refused with the current state.
    version = models.PositiveIntegerField(default=1)
    # Where an application through the careers site came from (see docs/careers-apply.md):
    # the campaign tags of the link followed, and the referring page without its query string.
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=200, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    # A knockout answer asks a person to look; it never rejects by itself.
    needs_review = models.BooleanField(default=False)
    review_reason = models.TextField(blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-moved_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "requisition"], name="one_application_per_requisition"
            )
        ]
        indexes = [models.Index(fields=["requisition", "stage", "status"])]

    def get_source_display(self) -> str:
        """The source in words ("Careers site"), as for a field with choices (the source is
        free of choices: imports and integrations may bring new ones); "" when none."""
        from outhire.candidates.models import Candidate

        return dict(Candidate.Source.choices).get(self.source, self.source.replace("_", " "))

    def get_source_detail_display(self) -> str:
        from outhire.candidates.models import source_detail_label

        return source_detail_label(self.source_detail)

    def __str__(self) -> str:
        return f"Application #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def client_visible(self) -> bool:
        return self.reached_client_at is not None or self.stage.kind in CLIENT_VISIBLE_KINDS


class ApplicationAnswer(ClientOwned):
    """An applicant's answer to one screening question, kept as asked at the time."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="answers")
    # The question may be edited or deleted later; its text is kept as the applicant saw it.
    question = models.ForeignKey(
        "requisitions.ScreeningQuestion", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    question_text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    answer = models.TextField(blank=True)
    is_knockout = models.BooleanField(default=False)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Answer to “{self.question_text}” on application #{self.application_id}"


class StageEventQuerySet(ClientOwnedQuerySet):
    def visible_to(self, access) -> StageEventQuerySet:
        """Provider staff see the whole history; the client from the shortlist on.

        Moves before an application reached the client are the provider's sourcing and
        screening work (the same rule as Application.objects.visible_to).
        """
        provider_ids = [cid for cid, role in access.roles.items() if role.is_provider]
        client_ids = [cid for cid, role in access.roles.items() if not role.is_provider]
        return self.filter(
            models.Q(client_id__in=provider_ids)
            | models.Q(
                client_id__in=client_ids,
                application__reached_client_at__isnull=False,
                at__gte=models.F("application__reached_client_at"),
            )
        )


class StageEvent(ClientOwned):
    """One move of an application. Append-only: never updated, never deleted on its own."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Added to the pipeline")
        MOVED = "moved", _("Moved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REOPENED = "reopened", _("Reopened")
        HIRED = "hired", _("Hired")

    application = models.ForeignKey(Application, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_stage = models.ForeignKey(
        "requisitions.Stage", models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey("requisitions.Stage", models.PROTECT, related_name="+")
    # Kinds are copied so KPIs need no join, and survive a stage being renamed or archived.
    from_kind = models.CharField(max_length=12, blank=True)
    to_kind = models.CharField(max_length=12)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    disposition = models.ForeignKey(
        DispositionReason, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = StageEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    @property
    def to_status_label(self) -> str:
        """The status it left the application in, in words ("rejected")."""
        label = dict(Application.Status.choices).get(self.to_status, self.to_status)
        return str(label).lower()


class MessageTemplate(ClientOwned):
    """An e-mail to candidates with merge fields, optionally sent on a move to a stage kind."""

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Only when chosen")
        STAGE = "stage", _("On a move to a stage kind")
        REJECTED = "rejected", _("On rejection")
        WITHDRAWN = "withdrawn", _("On withdrawal")

    name = models.CharField(max_length=120)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    stage_kind = models.CharField(max_length=12, blank=True)
    is_active = models.BooleanField(default=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def text_for(self, language: str) -> tuple[str, str, str]:
        """(subject, body, language) to write in `language`: its translation when the template
        has one, else the template's own text (language "" then)."""
        for translation in self.translations.all():
            if translation.language == language:
                return translation.subject, translation.body, language
        return self.subject, self.body, ""


class MessageTemplateTranslation(ClientOwned):
    """A message template's subject and body in one more language (settings.LANGUAGES); a
    candidate whose language it is gets it instead of the template's own text."""

    template = models.ForeignKey(MessageTemplate, models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "language"], name="one_translation_per_template_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.language})"


class Message(ClientOwned):
    """A message to or from a candidate about an application (the log, not the mail server)."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("Sent")
        INBOUND = "inbound", _("Received")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        LOGGED = "logged", _("Logged by hand")
        # Inbound e-mail read by `outhire mail-in` or `outhire mail-poll` (docs/email.md).
        RECEIVED = "received", _("Received by e-mail")
        AUTO_REPLY = "auto_reply", _("Automatic reply")
        # An outbound message whose delivery failed (a bounce came back).
        BOUNCED = "bounced", _("Bounced")

    application = models.ForeignKey(Application, models.CASCADE, related_name="messages")
    template = models.ForeignKey(
        MessageTemplate, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Of a received e-mail: its Message-ID (a retried delivery or a mailbox read twice is
    # stored once), who sent it, the new text without the quoted message, and its attachments:
    # those kept as the candidate's documents, and the names of those refused with why.
    message_id = models.CharField(max_length=250, blank=True)
    from_address = models.CharField(max_length=254, blank=True)
    excerpt = models.TextField(blank=True)
    documents = models.ManyToManyField("candidates.Document", blank=True, related_name="+")
    attachments_refused = models.JSONField(default=list, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "message_id"],
                condition=~models.Q(message_id=""),
                name="one_row_per_inbound_email",
            )
        ]

    @property
    def is_email_in(self) -> bool:
        return self.status in {self.Status.RECEIVED, self.Status.AUTO_REPLY}


class SenderIdentity(ClientOwned):
    """Who a client's e-mails to candidates come from, and where replies go (docs/email.md)."""

    class ReplyTo(models.TextChoices):
        OUTHIRE = "outhire", _("Into Outhire, on the application (a signed reply address)")
        ADDRESS = "address", _("To the address below")

    client = models.OneToOneField("accounts.Client", models.CASCADE, related_name="sender_identity")
    from_name = models.CharField(
        _("From name"),
        max_length=100,
        blank=True,
        help_text=_("Shown as the sender, e.g. “Meridian Careers”. Empty: the client's name."),
    )
    from_address = models.EmailField(
        _("From address"),
        blank=True,
        help_text=_(
            "Empty: the site's address. Its domain must publish SPF and DKIM records "
            "for your mail server, or the mail will be marked as spam."
        ),
    )
    reply_to = models.CharField(
        _("Replies go"), max_length=10, choices=ReplyTo.choices, default=ReplyTo.OUTHIRE
    )
    reply_to_address = models.EmailField(_("Reply-To address"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Sender identity of client #{self.client_id}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.reply_to == self.ReplyTo.ADDRESS and not self.reply_to_address:
            errors["reply_to_address"] = _("Give the address replies should go to.")
        allowed = settings.OUTHIRE_MAIL_FROM_DOMAINS
        if self.from_address and allowed:
            domain = self.from_address.rpartition("@")[2].lower()
            if domain not in allowed:
                errors["from_address"] = _(
                    "This server may only send from %(domains)s (the domains whose SPF and "
                    "DKIM records name it)."
                ) % {"domains": ", ".join(allowed)}
        if any(ch in self.from_name for ch in '\r\n<>"@'):
            errors["from_name"] = _("Use letters, digits and spaces: no quotes, <, > or @.")
        if errors:
            raise ValidationError(errors)


class Comment(ClientOwned):
    """A comment on a requisition or an application; `internal` ones are provider staff only."""

    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="comments"
    )
    application = models.ForeignKey(
        Application, models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    internal = models.BooleanField(default=False)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
