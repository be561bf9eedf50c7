"""Signals of requisitions, so apps above this one react without it knowing them.

`requisition_stopped` is sent *inside* the transaction that puts a requisition on hold or
cancels it, with `requisition` (its new status saved), `by` (a user or None) and `request` (or
None). A receiver's writes commit or roll back with the status change: the interviews app
calls off the requisition's interviews that have not started.
"""

from __future__ import annotations

from django.dispatch import Signal

requisition_stopped = Signal()
