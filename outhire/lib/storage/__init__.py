"""Where uploaded files live: the local disk, an S3-compatible object store or the database.

Every piece of code reaches files through Django's storage API (`default_storage`, a
FileField's `.storage`), never a path on disk, so each backend works the same. `config.py`
turns `OUTHIRE_STORAGE` into Django's `STORAGES["default"]`; `database.py` is the
database-backed store, whose rows are this small app's models; `transfer.py` copies every
stored file from one backend to another (`outhire storage-migrate`). See docs/storage.md.
"""
