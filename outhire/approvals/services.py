"""The approval chain's workflows, for any kind of chain (requisitions, offers).

`chain_submit` starts a round, `chain_decide` records a decision and says what it does to the
subject, `chain_notify_next` tells the approver whose turn it is; the `chain_rule_*` functions
edit a client's chain. The subject's own status (a requisition opening, an offer approved) is
its app's business: the app's service locks the subject, checks its status, calls these and
acts on the outcome, all in one transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.approvals import chain
from outhire.approvals.chain import Outcome, Refusal
from outhire.approvals.kinds import ChainKind
from outhire.approvals.models import WAITING_STATUS


def chain_submit(*, kind: ChainKind, subject, extra_approver_id: int | None = None) -> list:
    """Start a new round of `subject`'s approval with the client's chain as it is now.

    `extra_approver_id` (an offer's above-band approver) ends the round, or marks their step
    when already in the chain. Earlier rounds stay as history. Returns the new steps in order;
    none when nobody is to be asked, and then the subject is approved at once (the caller's
    part).
    """
    rules = kind.rule_model.objects.filter(client_id=subject.client_id)
    planned = chain.plan([r.approver_id for r in rules], extra=extra_approver_id)
    if not planned:
        return []
    model = kind.step_model
    round_ = chain.next_round(model.objects.of(subject).only("round"))
    steps = []
    for p in planned:
        step = model(
            client_id=subject.client_id,
            round=round_,
            position=p.position,
            approver_id=p.approver_id,
            **{model.SUBJECT: subject},
        )
        if model.EXTRA_FLAG:
            setattr(step, model.EXTRA_FLAG, p.extra)
        steps.append(step)
    return model.objects.bulk_create(steps)


def chain_steps(*, kind: ChainKind, subject) -> list:
    """Every step of `subject`, every round, with their approvers (one query)."""
    return list(kind.step_model.objects.of(subject).select_related("approver"))


def chain_waiting_step(*, kind: ChainKind, subject):
    """The step waiting for a decision now, or None."""
    return chain.waiting_step(chain_steps(kind=kind, subject=subject))


def _says(kind: ChainKind, what: str) -> str:
    """A refusal naming the kind's subject, as one whole sentence per kind (translators need
    the noun inside the sentence)."""
    sentences = {
        ("requisition", "not_an_approver"): _("You are not an approver of this requisition."),
        ("requisition", "already_decided"): _(
            "You have already given your decision on this requisition."
        ),
        ("requisition", "say_why"): _("Say why, so the recruiter can change the requisition."),
        ("offer", "not_an_approver"): _("You are not an approver of this offer."),
        ("offer", "already_decided"): _("You have already given your decision on this offer."),
        ("offer", "say_why"): _("Say why, so the recruiter can change the offer."),
    }
    if (kind.noun, what) in sentences:
        return sentences[(kind.noun, what)]
    english = {
        "not_an_approver": f"You are not an approver of this {kind.noun}.",
        "already_decided": f"You have already given your decision on this {kind.noun}.",
        "say_why": f"Say why, so the recruiter can change the {kind.noun}.",
    }
    return english[what]


def chain_decide(
    *,
    kind: ChainKind,
    subject,
    by: User,
    approve: bool,
    comment: str = "",
    request: HttpRequest | None = None,
) -> tuple[object, Outcome]:
    """Record `by`'s decision on the step waiting for them; (that step, what it does).

    The caller holds a transaction with `subject` locked and has checked that it waits for
    approval. Refused, with nothing written: PermissionDenied when `by` has no step in the
    current round; ValidationError when they already decided, when an earlier approver has
    not, and when sending back without saying why. Sending back drops the round's other
    pending steps; the next submission asks everyone again, in a new round.
    """
    steps = chain_steps(kind=kind, subject=subject)
    why = chain.refusal(steps, by.pk)
    if why is Refusal.NOT_AN_APPROVER:
        raise PermissionDenied(_says(kind, "not_an_approver"))
    if why is Refusal.ALREADY_DECIDED:
        raise ValidationError(_says(kind, "already_decided"))
    if why is Refusal.NOT_YET:
        raise ValidationError(_("An earlier approver has not decided yet."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _says(kind, "say_why")})
    step = chain.waiting_step(steps)
    step.decision = chain.APPROVED if approve else chain.REJECTED
    step.comment = comment
    step.decided_at = timezone.now()
    step.save(update_fields=["decision", "comment", "decided_at"])
    audit.record(
        kind.approved_action if approve else kind.sent_back_action,
        actor=by,
        request=request,
        obj=subject,
        changes=step.audit_changes(),
    )
    if not approve:
        moot = chain.moot(steps, step)
        kind.step_model.objects.filter(pk__in=[s.pk for s in moot]).delete()
    return step, chain.outcome(steps, approve=approve)


def chain_notify_next(*, kind: ChainKind, subject):
    """Tell the approver whose turn it now is (in the app and by e-mail); the step, or None.

    Called after a submission and after each decision, so each approver hears once, when their
    step comes up, rather than everyone at once when the round starts.
    """
    from outhire.accounts.notifications import notification_create

    if subject.status != WAITING_STATUS:
        return None
    step = chain_waiting_step(kind=kind, subject=subject)
    if step is None:
        return None
    text, url = kind.notice(subject)
    notification_create(
        user=step.approver, client=subject.client, text=text, url=url, kind="approval_requested"
    )
    return step


# --- Editing a client's chain ------------------------------------------------------------------


def _action(rule_model, verb: str) -> str:
    return f"{rule_model.AUDIT_NAME}.{verb}"


def chain_rule_add(*, kind: ChainKind, client, approver: User, by: User | None, request=None):
    """Append `approver` at the end of the client's chain; changes apply to later rounds."""
    model = kind.rule_model
    if model.objects.filter(client=client, approver=approver).exists():
        raise ValidationError(
            {"approver": _("%(name)s is already in the chain.") % {"name": approver.full_name}}
        )
    last = model.objects.filter(client=client).order_by("-position").first()
    rule = model.objects.create(
        client=client, approver=approver, position=(last.position + 1) if last else 1
    )
    audit.record(
        _action(model, "added"),
        actor=by,
        request=request,
        obj=rule,
        changes={"approver": approver.email},
    )
    return rule


def chain_rule_remove(*, rule, by: User | None, request=None) -> None:
    """Take `rule` out of its chain and close the gap; rounds already started keep their steps."""
    model = type(rule)
    audit.record(
        _action(model, "removed"),
        actor=by,
        request=request,
        obj=rule,
        changes={"approver": rule.approver.email},
    )
    client_id = rule.client_id
    rule.delete()
    _renumber(list(model.objects.filter(client_id=client_id)))


def chain_rule_move(*, rule, up: bool, by: User | None, request=None) -> None:
    """Move `rule` one place up or down its chain (nothing when already first or last)."""
    model = type(rule)
    rules = list(model.objects.filter(client_id=rule.client_id))
    index = next(i for i, row in enumerate(rules) if row.pk == rule.pk)
    other = index - 1 if up else index + 1
    if other < 0 or other >= len(rules):
        return
    rules[index], rules[other] = rules[other], rules[index]
    _renumber(rules)
    audit.record(_action(model, "moved"), actor=by, request=request, obj=rule, changes={"up": up})


def _renumber(rules: list) -> None:
    for n, rule in enumerate(rules, start=1):
        if rule.position != n:
            rule.position = n
            rule.save(update_fields=["position"])
