from django.apps import AppConfig


class StorageConfig(AppConfig):
    name = "outhire.lib.storage"
    label = "storage"
    verbose_name = "File storage"
    default_auto_field = "django.db.models.BigAutoField"
