"""Who reads and writes invoices, and the invoices a caller may see.

Invoices are the provider's finance work: its admins draft, issue, credit and mark them paid
(there is no separate finance role; see docs/billing.md). A client's admins read their own
client's issued invoices and credit notes, never drafts. Nobody else sees them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access
from outhire.billing.models import GuaranteeClaim, Invoice, InvoiceLine


def can_manage_billing(access: Access) -> bool:
    return access.is_provider_admin and not access.read_only


def billing_client_ids(access: Access) -> list[int]:
    if access.is_provider_admin:
        return access.client_ids
    return [cid for cid, role in access.roles.items() if role == Role.CLIENT_ADMIN]


def reads_billing(access: Access) -> bool:
    return access.is_authenticated and bool(billing_client_ids(access))


def invoices_visible(access: Access) -> QuerySet[Invoice]:
    # The manager adds the row rules (no drafts for client users) to this.
    return Invoice.objects.filter(client_id__in=billing_client_ids(access))


def require_manager(access: Access) -> None:
    if not can_manage_billing(access):
        raise PermissionDenied


def invoice_lines_visible(access: Access) -> QuerySet[InvoiceLine]:
    """Lines of the invoices the caller sees (no draft lines for a client's admins)."""
    return InvoiceLine.objects.filter(invoice__in=invoices_visible(access))


def guarantee_claims_visible(access: Access) -> QuerySet[GuaranteeClaim]:
    """The guarantee claims of the clients whose invoices the caller reads."""
    return GuaranteeClaim.objects.filter(client_id__in=billing_client_ids(access))
