"""Reads the community pages and the API share."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from outhire.accounts.tenancy import Access
from outhire.community.models import Community


def communities_with_counts(access: Access) -> QuerySet[Community]:
    """The communities `access` sees, each with its members counted: all of them
    (`member_count`), those yet to confirm their address (`pending_count`), and those who may
    be e-mailed now (`reachable_count`, as `MemberQuerySet.reachable` says), in one query."""
    now = timezone.now()
    reachable = Q(
        members__confirmed_at__isnull=False,
        members__unsubscribed_at__isnull=True,
        members__consent__withdrawn_at__isnull=True,
        members__consent__isnull=False,
    ) & (Q(members__consent__expires_at__isnull=True) | Q(members__consent__expires_at__gt=now))
    return (
        Community.objects.visible_to(access)
        .select_related("client")
        .annotate(
            member_count=Count("members"),
            pending_count=Count("members", filter=Q(members__confirmed_at__isnull=True)),
            reachable_count=Count("members", filter=reachable),
        )
        .order_by("client__name", "name", "id")
    )
