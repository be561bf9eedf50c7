"""A kind of approval chain: what one use of the shared chain (requisitions, offers) names.

Each app declares one `ChainKind` next to its services; the shared services, set-up views and
template take it as a parameter, so the chain's logic, pages and wording exist once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _no_context(client) -> dict:
    return {}


@dataclass(frozen=True)
class ChainKind:
    # What is approved, in messages: "this requisition", "change the offer".
    noun: str
    # The concrete models (subclasses of ApprovalRuleBase and ApprovalStepBase).
    rule_model: type
    step_model: type
    # The audit actions of an approval and of a send-back.
    approved_action: str
    sent_back_action: str
    # (text, url) of the notification telling an approver their step has come up.
    notice: Callable[[Any], tuple[str, str]]
    # The set-up page: its title ("<title> of <client>"), its template (which extends
    # approvals/chain.html with the kind's wording), the names of its URLs, and the name of
    # the rule's id in the rule URLs.
    title: str
    setup_template: str
    setup_url: str
    move_url: str
    remove_url: str
    rule_kwarg: str = "rule_id"
    # More for the set-up page's template, given the client.
    setup_context: Callable[[Any], dict] = field(default=_no_context)
