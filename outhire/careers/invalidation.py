"""Signal receivers that make cached careers pages stale when what they show changes.

Connected in CareersConfig.ready(). The version is bumped at once (the writer's next read sees
the change) and again after the commit, so a page rendered by another process between the
write and its commit, from the old data, is not kept under the new version.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from outhire.accounts.models import Client
from outhire.careers import cache
from outhire.careers.models import CareerSite, JobPosting
from outhire.requisitions.models import Requisition, RequisitionEvent


def _bump(*slugs: str) -> None:
    cache.bump(*slugs)
    transaction.on_commit(lambda: cache.bump(*slugs))


def _bump_client_id(client_id: int | None) -> None:
    slugs = list(Client.objects.filter(pk=client_id).values_list("slug", flat=True))
    _bump(*slugs)


def on_client_owned_change(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    _bump_client_id(instance.client_id)


def on_client_pre_save(sender, instance: Client, **kwargs) -> None:
    if instance.pk and not kwargs.get("raw"):
        old = Client.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        instance._careers_old_slug = old


def on_client_change(sender, instance: Client, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    old = getattr(instance, "_careers_old_slug", None)
    _bump(*[s for s in (instance.slug, old) if s])


def connect() -> None:
    for model in (JobPosting, Requisition, RequisitionEvent, CareerSite):
        uid = f"careers-cache-{model._meta.label_lower}"
        post_save.connect(on_client_owned_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(on_client_owned_change, sender=model, dispatch_uid=uid + "-delete")
    pre_save.connect(on_client_pre_save, sender=Client, dispatch_uid="careers-cache-client-pre")
    post_save.connect(on_client_change, sender=Client, dispatch_uid="careers-cache-client-save")
    post_delete.connect(on_client_change, sender=Client, dispatch_uid="careers-cache-client-del")
