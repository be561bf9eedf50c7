"""The referrals app's part in the careers apply flow."""

from __future__ import annotations


def on_application_submitted(sender, *, application, request=None, via: str = "", **kwargs) -> None:
    """An application made after following a referral link of the same client is a referral.

    Runs inside the apply transaction (careers.signals.application_submitted).
    """
    from outhire.referrals.services import referral_from_session

    referral_from_session(application=application, request=request)
