"""The one scoping mechanism for client-owned data.

Every request carries an `Access` (set by AccessMiddleware for sessions, by the API's token auth
for tokens): the clients its user may see and the role held in each. The middleware and the API
auth also make that access the *scope* of everything the request runs (a ContextVar, so it
follows the code without being passed around).

Client-owned models inherit `ClientOwned`, whose default manager is scoped, as pretix does with
django-scopes, but with Outhire's per-role row rules:
- inside `scope(access)` every query returns only the rows `access` may see, with each model's
  row rules (`visible_to`: applications before the shortlist, other people's interviews, pay for
  interviewers), so a query made through a parent (`requisition.applications.all()`) inherits
  them and a copied `.objects.filter(...)` cannot leak;
- inside `client_scope(client)` (a signed-link or public page of one client) only that client's
  rows are seen;
- with no scope at all a query raises `ScopeError`, loudly, instead of silently reading every
  client's rows;
- tasks, commands and the demo opt out with `unscoped()`, which is greppable on purpose.

Views fetch single objects with `get_visible_or_404`, which answers 404 for anything out of reach
and 403 for a write by a read-only role. A test checks that every model with a `client` column
goes through here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from outhire.accounts.roles import Role
from outhire.lib.scopes import (
    UNSCOPED,
    ClientScope,
    ScopeError,
    client_scope,
    current_scope,
    enter_scope,
    scope,
    unscoped,
)

if TYPE_CHECKING:
    from outhire.accounts.models import User

M = TypeVar("M", bound=models.Model)

# The scope functions are used from here by the apps: one import for everything tenancy.
__all__ = [
    "UNSCOPED",
    "Access",
    "ClientOwned",
    "ClientOwnedQuerySet",
    "ClientRowsQuerySet",
    "ClientScope",
    "ProviderOwnedQuerySet",
    "ScopeError",
    "ScopedManager",
    "client_scope",
    "current_scope",
    "enter_scope",
    "get_visible_or_404",
    "public_page",
    "scope",
    "unscoped",
]


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
            # The base manager: roles are what the scope is made of, so they cannot be scoped.
            rows = Membership._base_manager.filter(user=self.user, client__is_active=True)
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


class ClientRowsQuerySet(models.QuerySet):
    """`visible_to` for rows that name a client without being client-owned (tokens, audit)."""

    def visible_to(self, access: Access) -> ClientRowsQuerySet:
        return self.filter(client_id__in=access.client_ids)


class ScopedManager(models.Manager):
    """The default manager of client-owned models: the current scope's rows, or ScopeError.

    The scope is applied when the query is first built on (a filter, a slice, evaluation), not
    when the manager is touched, so a form field declared at import time gets the rows of the
    request that renders it, never those of whoever happened to import it first.
    """

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        queryset._scope_pending = True
        return queryset

    def none(self) -> models.QuerySet:
        # An empty queryset reveals nothing; forms declare `queryset=X.objects.none()` at import.
        return super().get_queryset().none()


def _rows_in_scope(queryset: ClientOwnedQuerySet, current) -> ClientOwnedQuerySet:
    if current is UNSCOPED:
        return queryset
    if isinstance(current, ClientScope):
        return queryset.filter(client_id=current.client_id)
    if current.is_provider_admin:
        # Every row rule lets a provider admin through; skipping them also keeps the rows of a
        # client created earlier in the same request, which a cached list of ids would miss.
        return queryset
    return queryset.visible_to(current)


class ClientOwnedQuerySet(ClientRowsQuerySet):
    """Row rules of a client-owned model live in `visible_to`; its manager applies them."""

    _scope_pending = False
    _cloning = False

    @property
    def query(self):
        # Like Django's own deferred filter (used by related managers): the first code that
        # builds on the query applies the scope of that moment, or learns that there is none.
        if self._scope_pending and not self._cloning:
            current = current_scope()
            if current is None:
                raise ScopeError(
                    f"{self.model.__name__} was queried outside any tenant scope. Requests "
                    "are scoped by AccessMiddleware; a task, command or public page must say "
                    "whose rows it reads with client_scope(client) or unscoped()."
                )
            self._scope_pending = False
            # A related manager asks for its own next filter to be deferred; that flag is for
            # its filter, not for the scope's, which must be in the query from now on.
            defer_next_filter, self._defer_next_filter = self._defer_next_filter, False
            try:
                self._query = _rows_in_scope(self, current).query
            finally:
                self._defer_next_filter = defer_next_filter
        return models.QuerySet.query.fget(self)

    @query.setter
    def query(self, value) -> None:
        models.QuerySet.query.fset(self, value)

    def _clone(self):
        # Cloning copies the query without applying the scope: `.all()`, `.using()` and form
        # fields keep it pending until the rows are actually asked for.
        self._cloning = True
        try:
            clone = super()._clone()
        finally:
            self._cloning = False
        clone._scope_pending = self._scope_pending
        return clone

    @classmethod
    def as_manager(cls) -> ScopedManager:
        manager = ScopedManager.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True


class ProviderOwnedQuerySet(models.QuerySet):
    """Rows of the provider itself (the talent network): its staff see them, clients do not.

    Client users reach such rows only through their own client's records (for candidates:
    applications to their requisitions), never through this queryset.
    """

    def visible_to(self, access: Access) -> ProviderOwnedQuerySet:
        return self.all() if access.is_provider_staff else self.none()


class ClientOwned(models.Model):
    """Base for every row that belongs to one client; its default manager is scoped."""

    client = models.ForeignKey("accounts.Client", models.CASCADE, related_name="+")

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        abstract = True


def public_page(view: Callable) -> Callable:
    """A page for people without an account (careers site, signed links): it runs unscoped.

    Such a page finds its rows itself, by a public slug or a signed token, and shows only what
    that key opens. The decorator is the page's explicit, greppable opt-out; a test checks that
    exactly the URLs the isolation sweep lists as public carry it.
    """

    @wraps(view)
    def unscoped_view(request, *args, **kwargs):
        with unscoped():
            return view(request, *args, **kwargs)

    unscoped_view.public_page = True
    return unscoped_view


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


def client_to_set_up_or_404(access: Access, slug: str):
    """The client whose per-client set-up (offer settings, pre-boarding template...) `access`
    may change: its client admins and the provider's admins, and provider staff who work for
    it. 404 when out of reach, 403 for the client's other people."""
    from outhire.accounts.models import Client

    client = get_visible_or_404(access, Client, slug=slug)
    if not (
        access.can_manage(client.pk) or (access.is_provider_staff and access.can_write(client.pk))
    ):
        raise PermissionDenied
    return client
