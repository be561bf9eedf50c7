"""Reads the costs pages, the API and other apps share: who may see and change costs, entries.

Provider staff read and write the costs of the clients they are assigned to; a client's admins
and client recruiters read and write their own client's; its hiring managers read them;
interviewers do not see costs at all. Anything out of reach is a 404, a write by a reader 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from outhire.accounts.models import Client
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access
from outhire.costs.models import EXTERNAL_CATEGORIES, CostEntry, CostImport
from outhire.costs.rules import is_currency
from outhire.engagements.models import Engagement

# Client roles that may read their client's costs (provider staff always may).
CLIENT_COST_READERS = frozenset({Role.CLIENT_ADMIN, Role.CLIENT_RECRUITER, Role.HIRING_MANAGER})


def cost_client_ids(access: Access) -> list[int]:
    """Clients whose costs `access` may read."""
    return [
        cid for cid, role in access.roles.items() if role.is_provider or role in CLIENT_COST_READERS
    ]


def can_read_costs(access: Access, client_id: int | None = None) -> bool:
    ids = cost_client_ids(access)
    return bool(ids) if client_id is None else client_id in ids


def can_write_costs(access: Access, client_id: int) -> bool:
    return client_id in cost_client_ids(access) and access.can_write(client_id)


def costs_visible(access: Access) -> models.QuerySet[CostEntry]:
    return CostEntry.objects.visible_to(access).filter(client_id__in=cost_client_ids(access))


def get_cost_entry(access: Access, cost_entry_id: int, *, write: bool = False) -> CostEntry:
    """The entry, or 404 when out of reach; 403 for a write by someone who may only read."""
    entry = (
        costs_visible(access)
        .select_related("client", "requisition", "created_by", "voided_by")
        .filter(pk=cost_entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    if write and not can_write_costs(access, entry.client_id):
        raise PermissionDenied
    return entry


def get_cost_client(access: Access, slug: str, *, write: bool = False) -> Client:
    client = Client.objects.filter(slug=slug, pk__in=cost_client_ids(access)).first()
    if client is None:
        raise Http404
    if write and not can_write_costs(access, client.pk):
        raise PermissionDenied
    return client


def get_cost_import(access: Access, cost_import_id: int) -> CostImport:
    """A file kept for its dry run: 404 when out of reach, 403 for someone who may only read.

    Only writers ever see a cost file, so there is no read-only fetch.
    """
    record = (
        CostImport.objects.visible_to(access)
        .filter(pk=cost_import_id, client_id__in=cost_client_ids(access))
        .select_related("client")
        .first()
    )
    if record is None:
        raise Http404
    if not can_write_costs(access, record.client_id):
        raise PermissionDenied
    return record


def default_currency(client: Client) -> str:
    """The currency of the client's latest engagement; EUR when it has none."""
    currency = (
        Engagement.objects.filter(client=client)
        .exclude(status=Engagement.Status.DRAFT)
        .order_by("-starts_on", "-id")
        .values_list("currency", flat=True)
        .first()
    )
    currency = (currency or "").upper()
    return currency if is_currency(currency) else "EUR"


# --- For the KPIs ----------------------------------------------------------------------------


def cost_facts(entries: models.QuerySet[CostEntry], *, currency: str) -> list:
    """The counted entries of one currency as the KPI formulas' facts (one query).

    `source` is the entry's channel, or None when it has none, so `kpi.source_effectiveness`
    charges channel spend to that channel only. KPI formulas know no currencies: call this once
    per currency and never add the results together.
    """
    from outhire.analytics import kpi

    rows = entries.counted().filter(currency=currency).values_list("amount", "category", "channel")
    return [
        kpi.CostEntry(
            amount=amount,
            category=category,
            external=category in EXTERNAL_CATEGORIES,
            source=channel or None,
        )
        for amount, category, channel in rows
    ]
