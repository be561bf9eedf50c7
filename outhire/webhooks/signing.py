"""How a webhook body is signed, and how a receiver checks it. Pure Python, no Django.

Signature = HMAC-SHA256(secret, f"{timestamp}.{body}") in hex, sent as
`X-Outhire-Signature: sha256=<hex>` with `X-Outhire-Timestamp: <unix seconds>`. Signing the
timestamp with the body lets a receiver refuse a replayed request (see `verify`).
"""

from __future__ import annotations

import hashlib
import hmac
import time

SCHEME = "sha256="


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return SCHEME + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """Whether `signature` is ours for this body and the timestamp is recent enough."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except (TypeError, ValueError):
        return False
    if age > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def backoff_seconds(attempt: int, *, base: int = 30, cap: int = 6 * 3600) -> int:
    """Wait before attempt `attempt + 1` after `attempt` failures: 30 s, 60 s, 2 min, ... 6 h."""
    return min(cap, base * 2 ** max(0, attempt - 1))
