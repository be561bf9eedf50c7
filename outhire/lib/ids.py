"""Ids as the database holds them: 1 to the largest bigint, in URLs and in forms.

Django's `<int:...>` converter and ModelMultipleChoiceField take any number of digits; a
query with 2^64 raises OverflowError on SQLite ("Python int too large to convert to SQLite
INTEGER") and DataError on PostgreSQL ("bigint out of range") wherever Django does not guard
the lookup itself (foreign keys, `__in`). An id past the range names nothing.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter
from django.urls.converters import IntConverter

# The largest value a bigint primary key (and a SQLite INTEGER) can hold
MAX_ID = 2**63 - 1


def is_id(value: object) -> bool:
    """True for an int (or its digits) that a primary key could hold."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return False
    return 0 < number <= MAX_ID


class IdConverter(IntConverter):
    """`<id:requisition_id>`: digits of a possible id; a longer number matches no URL (404)."""

    def to_python(self, value: str) -> int:
        if not is_id(value):
            raise ValueError(f"{value} is not an id")
        return int(value)


register_converter(IdConverter, "id")


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, answering an id past the database range as an invalid choice (a form error)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value or ():
                if str(pk).strip().isdigit() and not is_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
