"""Referrals: personal links, people referred through them or a form, and referral bonuses.

A referral link carries only a random code (no personal data); following it keeps the code in
the visitor's session, and an application to the same client's job then becomes a Referral.
Each client has its own bonus policy; a referral's bonus state is computed from the hire
(see `outhire.referrals.bonus`), and recorded here only once it is paid.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.referrals import bonus


def new_code() -> str:
    return secrets.token_urlsafe(12)


class ReferralLink(ClientOwned):
    """One person's link to one job of a client, or to the client's careers site (no job)."""

    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="referral_links"
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="referral_links",
    )
    code = models.CharField(max_length=32, unique=True, default=new_code, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "referrer", "requisition"],
                name="one_referral_link_per_job",
                condition=models.Q(requisition__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["client", "referrer"],
                name="one_general_referral_link",
                condition=models.Q(requisition__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Referral link #%(pk)s") % {"pk": self.pk}


class BonusPolicy(ClientOwned):
    """A client's referral bonus: how much, and after how many days of employment."""

    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")
    eligible_after_days = models.PositiveIntegerField(
        default=90, help_text=_("Days of employment before the bonus is due.")
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client"], name="one_bonus_policy")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} after {self.eligible_after_days} days"


class Referral(ClientOwned):
    """A person put forward by a referrer for one application."""

    class Via(models.TextChoices):
        LINK = "link", _("Referral link")
        FORM = "form", _("Referral form")

    application = models.OneToOneField(
        "pipeline.Application", models.CASCADE, related_name="referral"
    )
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="referrals")
    link = models.ForeignKey(
        ReferralLink, models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    via = models.CharField(max_length=10, choices=Via.choices)
    # The name the referrer typed on the form: their page shows it rather than anything from
    # the candidate's record. Empty for link referrals (the referrer is not told who applied).
    referred_name = models.CharField(max_length=200, blank=True)
    # The referrer's own words for the recruiter; never shown back on the referrer's page.
    note = models.TextField(blank=True)
    consent_confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    bonus_paid_at = models.DateTimeField(null=True, blank=True)
    bonus_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    bonus_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    bonus_currency = models.CharField(max_length=3, blank=True)
    # The cost entry recorded on payment (costs.CostEntry), by id: the payment stands
    # even if the cost entry is later corrected or removed.
    cost_entry_id = models.PositiveIntegerField(null=True, blank=True)
    # When the account's recruiters were told the bonus became due.
    eligible_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["referrer", "client"])]

    def __str__(self) -> str:
        return gettext("Referral #%(pk)s") % {"pk": self.pk}

    @property
    def plain_status(self) -> str:
        application = self.application
        return bonus.plain_status(stage_kind=application.stage.kind, status=application.status)

    @property
    def plain_status_label(self) -> str:
        """`plain_status` in the active language, for people to read."""
        return bonus.status_label(self.plain_status)

    def hired_on(self) -> date | None:
        """The first day of employment: the offer's start date, else the day marked hired.

        Reads `application.hire` (offers) when the offers app provides it, and the hired
        StageEvent or `closed_at` otherwise; prefetch both for lists.
        """
        application = self.application
        if application.status != "hired":
            return None
        hire = _hire_of(application)
        if hire is not None and getattr(hire, "start_date", None):
            return hire.start_date
        at = application.closed_at
        if at is None:
            return None
        return timezone.localdate(at)

    def left_on(self) -> date | None:
        hire = _hire_of(self.application)
        return getattr(hire, "left_on", None) if hire is not None else None

    def bonus_state(
        self, policy: BonusPolicy | None, today: date | None = None
    ) -> bonus.BonusState:
        active = policy is not None and policy.is_active
        return bonus.bonus_state(
            hired_on=self.hired_on(),
            days_required=policy.eligible_after_days if active else None,
            today=today or timezone.localdate(),
            left_on=self.left_on(),
            paid=self.bonus_paid_at is not None,
        )


def _hire_of(application):
    # offers.Hire, when the offers app has recorded one. A missing one-to-one row raises an
    # exception that is also an AttributeError, so getattr covers "no row" and "no offers app".
    return getattr(application, "hire", None)
