"""The analytics part of the JSON API (mounted by outhire.api.api)."""

from ninja import Router

router = Router(tags=["analytics"])
