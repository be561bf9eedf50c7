"""Paging for every list endpoint: ?limit=&offset=, answering {"items": [...], "count": n}."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from outhire.lib.api.fields import MAX_ID

MAX_LIMIT = 200


class Pagination(LimitOffsetPagination):
    """Limit/offset with a ceiling, so one request cannot ask for a whole table."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        # Past the largest bigint the database refuses the OFFSET itself (a 500, not a page)
        offset: int = Field(0, ge=0, le=MAX_ID)

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
