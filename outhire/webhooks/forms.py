from __future__ import annotations

from django import forms

from outhire.webhooks.models import Event


class EndpointForm(forms.Form):
    url = forms.URLField(
        max_length=500,
        label="URL",
        assume_scheme="https",
        help_text="Where Outhire POSTs the events, e.g. https://hr.example.com/outhire-hook.",
    )
    description = forms.CharField(max_length=200, required=False, label="Description")
    events = forms.MultipleChoiceField(
        choices=Event.choices, widget=forms.CheckboxSelectMultiple, label="Events"
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Active")
