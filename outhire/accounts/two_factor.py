"""TOTP (RFC 6238) two-factor authentication with single-use recovery codes."""

from __future__ import annotations

import secrets

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import RecoveryCode, User, sha256_hex

ISSUER = "Outhire"
RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no external image, no script).

    Without a fixed size the SVG keeps its viewBox, so CSS scales it whole instead of cropping.
    """
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", omitsize=True)


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def code_step(secret: str, code: str) -> int | None:
    """The time step at which `code` is valid (allowing one step of clock drift), or None."""
    totp = pyotp.TOTP(secret)
    code = _normalise(code)
    if not code.isdigit():
        return None
    now = timezone.now()
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_totp(user: User, code: str) -> bool:
    """Check a code from the authenticator; each code works once."""
    if not user.has_2fa:
        return False
    step = code_step(user.totp_secret, code)
    if step is None or step <= user.totp_last_step:
        return False
    user.totp_last_step = step
    user.save(update_fields=["totp_last_step"])
    return True


def use_recovery_code(user: User, code: str) -> bool:
    digest = sha256_hex(_normalise(code))
    with transaction.atomic():
        row = (
            user.recovery_codes.select_for_update()
            .filter(code_hash=digest, used_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
    return True


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are shown once and never stored."""
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        user.recovery_codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=sha256_hex(_normalise(c))) for c in codes
        )
    return codes


def enable(user: User, secret: str, *, confirmed_step: int) -> list[str]:
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_step = confirmed_step
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    user.recovery_codes.all().delete()
