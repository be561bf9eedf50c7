"""The one scoping mechanism for client-owned data.

Every request carries an `Access` (set by AccessMiddleware for sessions, by the API's token auth
for tokens): the clients its user may see and the role held in each. Client-owned models inherit
`ClientOwned`, whose manager offers `.visible_to(access)`, and views fetch single objects with
`get_visible_or_404`, which answers 404 for anything out of reach and 403 for a write by a
read-only role. A test checks that every model with a `client` column goes through here.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from outhire.accounts.roles import Role

if TYPE_CHECKING:
    from outhire.accounts.models import User

M = TypeVar("M", bound=models.Model)


class Access:
    """What one principal (a logged-in user, or an API token) may reach."""

    def __init__(
        self,
        user: User | None,
        *,
        only_client_id: int | None = None,
        read_only: bool = False,
        token=None,
    ) -> None:
        self.user = user
        self.only_client_id = only_client_id
        self.read_only = read_only
        self.token = token

    @classmethod
    def anonymous(cls) -> Access:
        return cls(None)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated and self.user.is_active

    @cached_property
    def roles(self) -> dict[int, Role]:
        from outhire.accounts.models import Client, Membership

        if not self.is_authenticated:
            return {}
        if self.user.is_provider_admin:
            ids = Client.objects.values_list("id", flat=True)
            roles = dict.fromkeys(ids, Role.ADMIN)
        else:
            rows = Membership.objects.filter(user=self.user, client__is_active=True)
            roles = {cid: Role(role) for cid, role in rows.values_list("client_id", "role")}
        if self.only_client_id is not None:
            roles = {cid: r for cid, r in roles.items() if cid == self.only_client_id}
        return roles

    @property
    def client_ids(self) -> list[int]:
        return list(self.roles)

    def role(self, client_id: int) -> Role | None:
        return self.roles.get(client_id)

    def can_read(self, client_id: int) -> bool:
        return client_id in self.roles

    def can_write(self, client_id: int) -> bool:
        role = self.roles.get(client_id)
        return role is not None and role.can_write and not self.read_only

    def can_manage(self, client_id: int) -> bool:
        role = self.roles.get(client_id)
        return role is not None and role.can_manage_client and not self.read_only

    @property
    def is_provider_staff(self) -> bool:
        return self.is_authenticated and self.user.is_provider_staff and self.only_client_id is None

    @property
    def is_provider_admin(self) -> bool:
        return self.is_authenticated and self.user.is_provider_admin and self.only_client_id is None

    @property
    def can_write_provider_data(self) -> bool:
        """May change the provider's own records, such as candidates of the talent network."""
        return self.is_provider_staff and not self.read_only

    @property
    def can_export_candidates(self) -> bool:
        """May take candidates' personal data out in bulk (exports): provider admins, recruiters.

        Sourcers and coordinators work on candidates one at a time; a bulk export is the
        largest leak there can be, so it is kept to the roles accountable for the data.
        """
        return (
            self.is_provider_staff
            and self.user.provider_role in {Role.ADMIN, Role.RECRUITER}
            and not self.read_only
        )

    @property
    def can_import_candidates(self) -> bool:
        """May bring candidates in from another system in bulk: provider admins, recruiters.

        The same people who may take them out: an import writes thousands of records at once.
        """
        return self.can_export_candidates

    @property
    def can_administer_provider(self) -> bool:
        """Provider-wide writes: create clients, manage staff, read the audit trail."""
        return self.is_provider_admin and not self.read_only


class ClientOwnedQuerySet(models.QuerySet):
    def visible_to(self, access: Access) -> ClientOwnedQuerySet:
        return self.filter(client_id__in=access.client_ids)


class ProviderOwnedQuerySet(models.QuerySet):
    """Rows of the provider itself (the talent network): its staff see them, clients do not.

    Client users reach such rows only through their own client's records (for candidates:
    applications to their requisitions), never through this queryset.
    """

    def visible_to(self, access: Access) -> ProviderOwnedQuerySet:
        return self.all() if access.is_provider_staff else self.none()


class ClientOwned(models.Model):
    """Base for every row that belongs to one client."""

    client = models.ForeignKey("accounts.Client", models.CASCADE, related_name="+")

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


def get_visible_or_404(
    access: Access,
    queryset: models.QuerySet[M] | type[M],
    *,
    write: bool = False,
    manage: bool = False,
    **lookup,
) -> M:
    """The one object matching `lookup` among those `access` may see.

    404 when it does not exist or belongs to a client out of reach (the two are
    indistinguishable on purpose); 403 when it is visible but a write or manage action is asked
    of a role that may not.
    """
    from outhire.accounts.models import Client

    if isinstance(queryset, type):
        queryset = queryset.objects.all()
    obj = queryset.visible_to(access).filter(**lookup).first()
    if obj is None:
        raise Http404
    if isinstance(obj, Client) or hasattr(obj, "client_id"):
        client_id = obj.pk if isinstance(obj, Client) else obj.client_id
        if manage and not access.can_manage(client_id):
            raise PermissionDenied
        if write and not access.can_write(client_id):
            raise PermissionDenied
    elif (write or manage) and not access.can_write_provider_data:
        raise PermissionDenied
    return obj
