from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from outhire.careers.models import CareerSite
from outhire.requisitions.models import RemotePolicy

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class JobSearchForm(forms.Form):
    """The careers site's search: anything typed is a filter, never an error page."""

    q = forms.CharField(label="Search jobs", max_length=100, required=False)
    location = forms.ChoiceField(label="Location", required=False)
    department = forms.ChoiceField(label="Department", required=False)
    remote = forms.ChoiceField(
        label="Work place", required=False, choices=[("", "Any")] + RemotePolicy.choices
    )

    def __init__(self, *args, locations: list[str], departments: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", "Any")] + [(v, v) for v in locations]
        self.fields["department"].choices = [("", "Any")] + [(v, v) for v in departments]

    def filters(self) -> dict[str, str]:
        """The valid filters; a value that is no longer offered is dropped, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in ("q", "location", "department", "remote")}


class CareerSiteForm(forms.ModelForm):
    class Meta:
        model = CareerSite
        fields = [
            "culture",
            "values",
            "benefits",
            "contact_email",
            "contact_phone",
            "linkedin_company_id",
        ]
        widgets = {
            "culture": forms.Textarea(attrs={"rows": 5}),
            "values": forms.Textarea(attrs={"rows": 4}),
            "benefits": forms.Textarea(attrs={"rows": 5}),
        }


class PostingForm(forms.Form):
    """Publish a requisition on one channel, now or at a chosen time, until an optional expiry."""

    publish_at = forms.DateTimeField(
        label="Publish at",
        required=False,
        widget=DATETIME,
        help_text="Leave empty to publish now.",
    )
    expires_at = forms.DateTimeField(
        label="Expires at", required=False, widget=DATETIME, help_text="Optional."
    )

    def clean(self):
        data = super().clean()
        publish_at, expires_at = data.get("publish_at"), data.get("expires_at")
        if publish_at and expires_at and expires_at <= publish_at:
            raise ValidationError({"expires_at": "The expiry must come after the publish date."})
        return data
