from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names where possible.

    A field the form does not have (a model field set by the view) becomes a form-wide error
    rather than an exception.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def split_values(text: str) -> list[str]:
    """One value per line or between commas, blanks dropped, order kept."""
    return [part.strip() for part in re.split(r"[\n,;]", text or "") if part.strip()]


class MultiValueField(forms.CharField):
    """Several values typed one per line; cleans to a list."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        return split_values(super().to_python(value))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class FormRenderer(TemplatesSetting):
    """Every `{{ form }}` is drawn by outhire/templates/forms/form.html.

    One place for what all staff forms share: the error summary at the top after a 400, the
    "required" marker, and radio or checkbox groups as a fieldset with each input beside its own
    label. Widgets keep Django's own templates (found through the `django.forms` app).
    """

    form_template_name = "forms/form.html"
