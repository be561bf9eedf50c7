"""Signals of offers and hires, so other apps react without this one knowing them.

`hire_created` is sent once the transaction that created a Hire commits, with `hire`. The
engagements app listens to add the provider's per-hire or percentage fee as a cost entry.

`hire_making` is sent inside that transaction, before the hand-off record is made, with
`hire`: the preboarding app makes the hire's checklist then. `HANDOFF_SECTIONS` maps a key of
the hand-off record to a function of the hire that gives its value (the preboarding app adds
"preboarding"): apps above this one extend the record without this app importing them.

`hire_left` is sent once the transaction that recorded a hire's departure commits, with
`hire` and `by`. Billing listens to open a guarantee claim when the engagement has one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal

hire_created = Signal()
hire_left = Signal()
hire_making = Signal()

HANDOFF_SECTIONS: dict[str, Callable[[object], object]] = {}
