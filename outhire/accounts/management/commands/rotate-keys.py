from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from outhire.accounts import audit
from outhire.lib.crypto import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the newest key in OUTHIRE_ENCRYPTION_KEYS. "
        "Put the new key first, run this, then remove the old key."
    )

    def handle(self, *args, **options) -> None:
        total = 0
        counts = {}
        for model, names in encrypted_fields():
            done = 0
            # Reading decrypts with whichever key fits; saving encrypts with the newest.
            rows = model._default_manager.only("pk", *names).order_by("pk")
            batch = []
            for obj in rows.iterator(chunk_size=BATCH):
                if any(getattr(obj, name) for name in names):
                    batch.append(obj)
                if len(batch) >= BATCH:
                    done += self._save(model, batch, names)
                    batch = []
            if batch:
                done += self._save(model, batch, names)
            counts[model._meta.label] = done
            total += done
            self.stdout.write(f"{model._meta.label}: {done} row(s) re-encrypted")
        audit.record("keys.rotated", actor_label="outhire rotate-keys", changes=counts)
        self.stdout.write(self.style.SUCCESS(f"Done: {total} row(s) now use the newest key."))

    @staticmethod
    def _save(model, batch, names) -> int:
        with transaction.atomic():
            model._default_manager.bulk_update(batch, names)
        return len(batch)
