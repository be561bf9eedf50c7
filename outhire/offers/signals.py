"""Signals of offers and hires, so other apps react without this one knowing them.

`hire_created` is sent once the transaction that created a Hire commits, with `hire`. The
engagements app listens to add the provider's per-hire or percentage fee as a cost entry.

`hire_left` is sent once the transaction that recorded a hire's departure commits, with
`hire` and `by`. Billing listens to open a guarantee claim when the engagement has one.
"""

from __future__ import annotations

from django.dispatch import Signal

hire_created = Signal()
hire_left = Signal()
