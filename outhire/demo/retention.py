"""The demo's retention policy: the provider's default for every client and country."""

from __future__ import annotations

from outhire.privacy.models import RetentionPolicy


def seed_retention() -> str:
    """The default policy, with the periods docs/privacy/retention.md suggests (safe to re-run:
    a policy already there, perhaps changed by hand, is kept)."""
    policy, made = RetentionPolicy.objects.get_or_create(
        client=None,
        country="",
        defaults={"rejected_months": 6, "hired_months": 3, "talent_pool_months": 24},
    )
    what = "made" if made else "kept"
    return (
        f"default policy {what}: rejected {policy.rejected_months} months, hired "
        f"{policy.hired_months}, no application {policy.talent_pool_months}"
    )
