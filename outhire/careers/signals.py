"""Signals of the public apply flow, so other apps react without the flow knowing them.

`application_submitted` is sent (inside the transaction, after the Application, its answers
and consents are saved) with `application`, `request` and `via` ("careers", "referral", ...).
The referrals app listens to link a referral code kept in the session.
"""

from __future__ import annotations

from django.dispatch import Signal

application_submitted = Signal()
