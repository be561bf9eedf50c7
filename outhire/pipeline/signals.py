"""Signals of the pipeline, so apps above it react to a move without this one knowing them.

`application_closed` is sent *inside* the transaction that closes an application (hired,
rejected or withdrawn), with `application` (locked, already saved with its new status), `by`
(a user or None) and `request` (or None). A receiver's writes commit or roll back with the
move: the interviews app calls off the candidate's interviews that have not started.
"""

from __future__ import annotations

from django.dispatch import Signal

application_closed = Signal()
