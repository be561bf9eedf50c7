from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from outhire.webhooks.models import Event


class EndpointForm(forms.Form):
    url = forms.URLField(
        max_length=500,
        label=_("URL"),
        assume_scheme="https",
        help_text=_("Where Outhire POSTs the events, e.g. https://hr.example.com/outhire-hook."),
    )
    description = forms.CharField(max_length=200, required=False, label=_("Description"))
    events = forms.MultipleChoiceField(
        choices=Event.choices, widget=forms.CheckboxSelectMultiple, label=_("Events")
    )
    is_active = forms.BooleanField(required=False, initial=True, label=_("Active"))
