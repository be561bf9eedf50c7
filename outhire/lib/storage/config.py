"""`OUTHIRE_STORAGE` and its companions, read into Django's `STORAGES["default"]`.

Settings call `default_storage_from_env()` once at start; a bad combination raises
ImproperlyConfigured there, so a web node never starts writing files to the wrong place.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from outhire.lib.env import envchoice, envstr

BACKENDS = {
    "local": "django.core.files.storage.FileSystemStorage",
    "s3": "storages.backends.s3.S3Storage",
    "postgres": "outhire.lib.storage.database.DatabaseStorage",
}
# A signed URL, if one is ever made, works for this long. Downloads go through the app's
# access-checked views, so none is handed to a user today.
SIGNED_URL_SECONDS = 300


def default_storage_from_env() -> dict:
    kind = envchoice("OUTHIRE_STORAGE", "local", set(BACKENDS))
    if kind == "s3":
        return {"BACKEND": BACKENDS["s3"], "OPTIONS": s3_options()}
    return {"BACKEND": BACKENDS[kind]}


def s3_options() -> dict:
    bucket = envstr("OUTHIRE_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured(
            "OUTHIRE_STORAGE=s3 needs OUTHIRE_S3_BUCKET, the name of an existing private bucket"
        )
    endpoint = envstr("OUTHIRE_S3_ENDPOINT_URL")
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"OUTHIRE_S3_ENDPOINT_URL={endpoint!r} must be an http(s) URL, "
                "e.g. https://s3.example.com"
            )
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": envstr("OUTHIRE_S3_REGION") or None,
        # Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID and
        # AWS_SECRET_ACCESS_KEY, a profile, an instance role), never from these settings.
        # Objects get no ACL of their own, so they stay as private as the bucket.
        "default_acl": None,
        # Two uploads of the same name must never overwrite each other: the storage asks
        # for a free name first, as the local disk does.
        "file_overwrite": False,
        # Reading an object spools it to a temporary file past this size instead of memory.
        "max_memory_size": 2 * 1024 * 1024,
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        # Most S3-compatible servers on a custom endpoint want bucket names in the path.
        "addressing_style": "path" if endpoint else None,
    }
