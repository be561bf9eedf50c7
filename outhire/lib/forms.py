from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html
from django.utils.translation import pgettext


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


class MarkedBoundField(BoundField):
    """A field whose label (or legend) says "required" when the field must be filled in.

    Beside a label the word is for the eye and hidden from screen readers: the input itself says
    it is required (`required`, or `aria-required` where Django leaves `required` off, as on a
    select without a blank choice), and the field's name stays its label ("Email:"). A group of
    radios or checkboxes has no input of its own, so there the word is in the legend and read.
    A form that marks optional fields instead (the careers apply form) sets
    `mark_required = False`.
    """

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if not self.shows_required_marker:
            return super().label_tag(contents, attrs, label_suffix, tag)
        if tag == "legend":
            contents = format_html(
                '{} <span class="required">{}</span>',
                self._label_with_suffix(contents, label_suffix),
                pgettext("form field", "required"),
            )
            return super().label_tag(contents, attrs, "", tag)
        label = super().label_tag(contents, attrs, label_suffix, tag)
        return format_html(
            '{} <span class="required" aria-hidden="true">{}</span>',
            label,
            pgettext("form field", "required"),
        )

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.shows_required_marker and not self.use_fieldset and "required" not in attrs:
            attrs["aria-required"] = "true"
        return attrs

    @property
    def shows_required_marker(self) -> bool:
        return self.field.required and getattr(self.form, "mark_required", True)

    def label_after_input(self):
        """The label of a single checkbox, which follows the box: no colon."""
        return self.label_tag(label_suffix="")

    def _label_with_suffix(self, contents, label_suffix):
        contents = contents or self.label
        if label_suffix is None:
            label_suffix = (
                self.field.label_suffix
                if self.field.label_suffix is not None
                else self.form.label_suffix
            )
        # As Django's label_tag: no suffix after a label ending in punctuation.
        if label_suffix and contents and contents[-1] not in ":?.!":
            return format_html("{}{}", contents, label_suffix)
        return contents


class FormRenderer(TemplatesSetting):
    """Every `{{ form }}` is drawn by outhire/templates/forms/form.html.

    One place for what all staff forms share: the error summary at the top after a 400, the
    "required" marker, and radio or checkbox groups as a fieldset with each input beside its own
    label. Widgets keep Django's own templates (found through the `django.forms` app).
    """

    form_template_name = "forms/form.html"
    bound_field_class = MarkedBoundField
