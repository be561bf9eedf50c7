"""Client profitability for the provider's admins: the facts read from invoices, credit notes,
cost entries and engagements, handed to the pure arithmetic in `margins`.

Four queries whatever the number of clients, engagements, invoices or costs: the clients, their
engagements, the documents issued in the period (values only), the costs of the period (values
only, with their requisition's engagement). See docs/billing.md, "Profitability".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from outhire.accounts.models import Client
from outhire.accounts.tenancy import Access
from outhire.billing import margins
from outhire.billing.models import Invoice
from outhire.costs.models import CostEntry
from outhire.engagements.models import Engagement


def reads_profitability(access: Access) -> bool:
    """Only the provider's admins: margins are the provider's business, never a client's.

    Outhire has no finance role; the people who invoice are provider admins (docs/billing.md).
    """
    return access.is_authenticated and access.is_provider_admin


def require_reader(access: Access) -> None:
    if not reads_profitability(access):
        raise PermissionDenied


@dataclass
class Profitability:
    """A period's report with the clients and engagements its rows name."""

    report: margins.Report
    clients: dict[int, Client]
    engagements: dict[int, Engagement]

    def client_rows(self) -> list[margins.Row]:
        return sorted(self.report.clients, key=self._client_order)

    def engagement_rows(self, client_id: int | None = None) -> list[margins.Row]:
        rows = [r for r in self.report.engagements if client_id in (None, r.client_id)]
        return sorted(rows, key=self._engagement_order)

    def _client_order(self, row: margins.Row) -> tuple:
        client = self.clients.get(row.client_id)
        return ((client.name.lower() if client else ""), row.client_id or 0, row.currency)

    def _engagement_order(self, row: margins.Row) -> tuple:
        engagement = self.engagements.get(row.engagement_id)
        return (
            *self._client_order(row)[:2],
            engagement is None,
            engagement.starts_on if engagement else None,
            row.engagement_id or 0,
            row.currency,
        )


def profitability_for(
    *, access: Access, period: margins.Period, client: Client | None = None
) -> Profitability:
    """Revenue, cost and margin of `period` for every client of `access` (or one `client`)."""
    require_reader(access)
    client_ids = [client.pk] if client is not None else access.client_ids
    clients = {c.pk: c for c in Client.objects.filter(pk__in=client_ids).order_by("name")}
    engagements = {
        e.pk: e
        for e in Engagement.objects.filter(client_id__in=clients).only(
            "id", "client_id", "name", "status", "starts_on", "ends_on", "currency", "fee_model"
        )
    }
    attribution = margins.Attribution(
        margins.Contract(
            e.pk, e.client_id, e.starts_on, e.ends_on, e.status == Engagement.Status.DRAFT
        )
        for e in engagements.values()
    )
    documents = [
        margins.Document(
            client_id, engagement_id, currency, issued_on, net, kind == Invoice.Kind.CREDIT_NOTE
        )
        for client_id, engagement_id, currency, issued_on, net, kind in (
            Invoice.objects.filter(
                client_id__in=clients,
                issue_date__gte=period.start,
                issue_date__lte=period.end,
            )
            .exclude(status=Invoice.Status.DRAFT)
            .order_by()
            .values_list(
                "client_id", "engagement_id", "currency", "issue_date", "net_total", "kind"
            )
        )
    ]
    costs = [
        margins.Cost(
            client_id,
            attribution.engagement_of(
                client_id=client_id,
                requisition_engagement_id=requisition_engagement_id,
                day=incurred_on,
            ),
            currency,
            incurred_on,
            category,
            amount,
        )
        for client_id, requisition_engagement_id, currency, incurred_on, category, amount in (
            CostEntry.objects.counted()
            .filter(
                client_id__in=clients,
                incurred_on__gte=period.start,
                incurred_on__lte=period.end,
            )
            .order_by()
            .values_list(
                "client_id",
                "requisition__engagement_id",
                "currency",
                "incurred_on",
                "category",
                "amount",
            )
        )
    ]
    return Profitability(margins.profitability(period, documents, costs), clients, engagements)
