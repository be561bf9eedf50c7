"""The tenant scope a piece of code runs in, held in a ContextVar (see accounts/tenancy.py).

Kept apart from the models so the command line and Celery can opt out before Django is set up.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from outhire.accounts.tenancy import Access


class ScopeError(RuntimeError):
    """A client-owned model was queried with no scope: a bug, never something to catch."""


@dataclass(frozen=True)
class ClientScope:
    """The rows of one client, for pages and jobs that act for that client without a user."""

    client_id: int


class _Unscoped:
    def __repr__(self) -> str:
        return "UNSCOPED"


UNSCOPED = _Unscoped()

_current_scope: ContextVar[Access | ClientScope | _Unscoped | None] = ContextVar(
    "outhire_tenant_scope", default=None
)


def current_scope() -> Access | ClientScope | _Unscoped | None:
    return _current_scope.get()


@contextmanager
def scope(access: Access) -> Iterator[None]:
    """Run the block as `access`: client-owned queries see only what it may see."""
    token = _current_scope.set(access)
    try:
        yield
    finally:
        _current_scope.reset(token)


def enter_scope(access: Access) -> None:
    """Make `access` the scope for the rest of the current request.

    For the API's token auth, which learns who is calling inside a request the middleware has
    already scoped as an anonymous visitor; the middleware restores the outer scope at the end.
    """
    _current_scope.set(access)


@contextmanager
def client_scope(client_or_id) -> Iterator[None]:
    """Run the block for one client: its rows in full, no other client's."""
    client_id = getattr(client_or_id, "pk", client_or_id)
    token = _current_scope.set(ClientScope(int(client_id)))
    try:
        yield
    finally:
        _current_scope.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Opt out of scoping: the block reads every client's rows.

    For background tasks, management commands, demo seeding and system checks, which act for
    the provider as a whole. Never in a view: a view acts for someone, so it has a scope.
    """
    token = _current_scope.set(UNSCOPED)
    try:
        yield
    finally:
        _current_scope.reset(token)
