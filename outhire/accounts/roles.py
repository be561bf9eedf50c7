from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    """Who someone is for one client. Capabilities are properties so views never compare strings."""

    # The provider's staff
    ADMIN = "admin", gettext_lazy("Provider admin")
    RECRUITER = "recruiter", gettext_lazy("Recruiter")
    SOURCER = "sourcer", gettext_lazy("Sourcer")
    COORDINATOR = "coordinator", gettext_lazy("Coordinator")
    # The client's own people
    CLIENT_ADMIN = "client_admin", gettext_lazy("Client admin")
    CLIENT_RECRUITER = "client_recruiter", gettext_lazy("Client recruiter")
    HIRING_MANAGER = "hiring_manager", gettext_lazy("Hiring manager")
    INTERVIEWER = "interviewer", gettext_lazy("Interviewer")

    @property
    def is_provider(self) -> bool:
        return self in PROVIDER_ROLES

    @property
    def can_write(self) -> bool:
        """May create and edit the client's records (requisitions, candidates, notes...).

        Hiring managers and interviewers read; the few things they do (approve, give feedback)
        are granted by the views of those features, not by this flag.
        """
        return self not in {Role.HIRING_MANAGER, Role.INTERVIEWER}

    @property
    def can_manage_client(self) -> bool:
        """May edit the client's branding, invite its users and change their roles."""
        return self in {Role.ADMIN, Role.CLIENT_ADMIN}


PROVIDER_ROLES = frozenset({Role.ADMIN, Role.RECRUITER, Role.SOURCER, Role.COORDINATOR})
CLIENT_ROLES = frozenset(set(Role) - PROVIDER_ROLES)
PROVIDER_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in PROVIDER_ROLES]
CLIENT_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in CLIENT_ROLES]
