"""Input types of the API that say in the schema what the database and the docs accept.

Pydantic's lax mode reads `0` as a date (1970-01-01, a Unix timestamp) and `0`/`1` as booleans,
and accepts integers of any size, which SQLite ("Python int too large to convert to SQLite
INTEGER") and PostgreSQL ("bigint out of range") then refuse with a 500. These types refuse
such input with a 422 naming the field, and their bounds appear in the OpenAPI schema.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Strict

from outhire.lib.ids import MAX_ID

# PostgreSQL's integer, the column of counts and versions (PositiveIntegerField, IntegerField)
MAX_INT = 2**31 - 1

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME_START = re.compile(r"\d{4}-\d{2}-\d{2}[T ]")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return value
    raise ValueError("Enter a date as YYYY-MM-DD.")


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and ISO_DATETIME_START.match(value):
        return value
    raise ValueError("Enter a date and time in ISO 8601 form, e.g. 2026-03-01T09:00:00Z.")


# An object id: 1 to the largest bigint
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# An optimistic-locking version or a count stored in an integer column
Version = Annotated[int, Field(ge=1, le=MAX_INT)]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
# Only "YYYY-MM-DD" (or a date), never a number
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# Only an ISO 8601 string (or a datetime), never a number
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]
# In a JSON body: true or false, never 0, 1 or "yes"
StrictBool = Annotated[bool, Strict()]
