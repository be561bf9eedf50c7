"""Abstract bases of an approval chain's rows; the apps keep their concrete models and tables.

A rule is one approver at one position of a client's chain (requisitions' ApprovalRule, offers'
OfferApprovalRule). A step is one approver's decision in one round on one subject
(requisitions' Approval, offers' OfferApproval); the subject is the foreign key the concrete
model names in `SUBJECT`. What the rows mean is in `outhire.approvals.chain`.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.approvals import chain

# The status of a subject waiting for its approvers (the same word for requisitions and offers).
WAITING_STATUS = "pending_approval"


class ApprovalRuleBase(ClientOwned):
    """One place of a client's approval chain: `approver` decides at `position`."""

    # Audit actions are "<AUDIT_NAME>.added", ".removed" and ".moved".
    AUDIT_NAME: ClassVar[str]

    position = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class ApprovalStepQuerySet(ClientOwnedQuerySet):
    def of(self, subject) -> ApprovalStepQuerySet:
        return self.filter(**{self.model.SUBJECT: subject})

    def awaiting(self, user) -> ApprovalStepQuerySet:
        """`user`'s pending steps on subjects waiting for approval, each annotated `waits`:
        True while an earlier step of the same round is still pending (not their turn yet)."""
        subject = self.model.SUBJECT
        earlier = self.model.objects.filter(
            **{subject: OuterRef(subject)},
            round=OuterRef("round"),
            position__lt=OuterRef("position"),
            decision=chain.PENDING,
        )
        return self.filter(
            approver=user, decision=chain.PENDING, **{f"{subject}__status": WAITING_STATUS}
        ).annotate(waits=Exists(earlier))


class ApprovalStepBase(ClientOwned):
    """One approver's decision, at `position` of one `round` of a subject's approval."""

    # The name of the concrete model's foreign key to what is approved.
    SUBJECT: ClassVar[str]
    # The boolean field marking the extra step a round may end with (offers: "above_band").
    EXTRA_FLAG: ClassVar[str | None] = None

    class Decision(models.TextChoices):
        PENDING = chain.PENDING, gettext_lazy("Pending")
        APPROVED = chain.APPROVED, gettext_lazy("Approved")
        REJECTED = chain.REJECTED, gettext_lazy("Sent back")

    round = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ApprovalStepQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["round", "position", "id"]

    def audit_changes(self) -> dict:
        """What the audit event of this step's decision records about the step."""
        changes = {"round": self.round, "step": self.position}
        if self.EXTRA_FLAG:
            changes[self.EXTRA_FLAG] = getattr(self, self.EXTRA_FLAG)
        return changes
