from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from outhire.accounts.models import Client, Membership
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access, get_visible_or_404


def test_every_client_owned_model_has_the_scoped_manager():
    """A model with a `client` column must be reachable only through `.visible_to(access)`."""
    unscoped = []
    for model in apps.get_models():
        if model._meta.app_label in {"auth", "contenttypes", "sessions"}:
            continue
        names = {f.name for f in model._meta.get_fields()}
        if "client" in names and not hasattr(model._default_manager, "visible_to"):
            unscoped.append(model._meta.label)
    assert unscoped == []


def test_an_admin_sees_every_client(alice, acme, globex):
    assert set(Access(alice).client_ids) == {acme.pk, globex.pk}
    assert Access(alice).role(acme.pk) == Role.ADMIN


def test_staff_see_their_assigned_clients(rita, acme, globex):
    access = Access(rita)
    assert access.client_ids == [acme.pk]
    assert access.can_write(acme.pk)
    assert not access.can_read(globex.pk)


def test_inactive_clients_disappear_for_non_admins(rita, acme):
    acme.is_active = False
    acme.save()
    assert Access(rita).client_ids == []


def test_read_only_roles(hank, ivy, acme):
    for user in (hank, ivy):
        access = Access(user)
        assert access.can_read(acme.pk)
        assert not access.can_write(acme.pk)
        assert not access.can_manage(acme.pk)


def test_a_token_narrows_access(alice, acme, globex):
    access = Access(alice, only_client_id=globex.pk, read_only=True)
    assert access.client_ids == [globex.pk]
    assert not access.can_write(globex.pk)
    assert not access.is_provider_admin


def test_an_inactive_user_reaches_nothing(carla, acme):
    carla.is_active = False
    assert Access(carla).client_ids == []


def test_get_visible_or_404(carla, gina, acme, hank):
    assert get_visible_or_404(Access(carla), Client, slug="acme") == acme
    with pytest.raises(Http404):
        get_visible_or_404(Access(gina), Client, slug="acme")
    with pytest.raises(Http404):
        get_visible_or_404(Access(carla), Client, slug="does-not-exist")
    with pytest.raises(PermissionDenied):
        get_visible_or_404(Access(hank), Client, slug="acme", write=True)
    membership = get_visible_or_404(Access(carla), Membership, user=hank)
    assert membership.client == acme
    with pytest.raises(Http404):
        get_visible_or_404(Access(gina), Membership, user=hank)


def test_membership_roles_stay_on_their_side(carla, rita, acme):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Membership(user=carla, client=acme, role="recruiter").full_clean(validate_constraints=False)
    with pytest.raises(ValidationError):
        Membership(user=rita, client=acme, role="hiring_manager").full_clean(
            validate_constraints=False
        )
