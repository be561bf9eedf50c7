from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from outhire.careers.models import CareerSite
from outhire.requisitions.models import RemotePolicy

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class JobSearchForm(forms.Form):
    """The careers site's search: anything typed is a filter, never an error page."""

    q = forms.CharField(label=gettext_lazy("Search jobs"), max_length=100, required=False)
    location = forms.ChoiceField(label=gettext_lazy("Location"), required=False)
    department = forms.ChoiceField(label=gettext_lazy("Department"), required=False)
    remote = forms.ChoiceField(
        label=gettext_lazy("Work place"),
        required=False,
        choices=[("", gettext_lazy("Any"))] + RemotePolicy.choices,
    )

    def __init__(self, *args, locations: list[str], departments: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        any_value = [("", gettext_lazy("Any"))]
        self.fields["location"].choices = any_value + [(v, v) for v in locations]
        self.fields["department"].choices = any_value + [(v, v) for v in departments]

    def filters(self) -> dict[str, str]:
        """The valid filters; a value that is no longer offered is dropped, not an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in ("q", "location", "department", "remote")}


class CareerSiteForm(forms.ModelForm):
    # The site's languages (settings.LANGUAGES), stored default first in CareerSite.languages.
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages of the site"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Job seekers can read the site, apply and receive our e-mails in these languages."
        ),
    )
    default_language = forms.ChoiceField(
        label=gettext_lazy("Default language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=gettext_lazy(
            "Shown when the address names no language, or one the site does not offer."
        ),
    )

    class Meta:
        model = CareerSite
        fields = [
            "languages",
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

    field_order = ["languages", "default_language"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        codes = self.instance.language_codes
        self.initial["languages"] = codes
        self.initial["default_language"] = codes[0]

    def clean(self):
        data = super().clean()
        chosen, default = data.get("languages") or [], data.get("default_language")
        if chosen and default and default not in chosen:
            self.add_error(
                "default_language",
                gettext_lazy("Choose one of the site's languages as its default."),
            )
        else:
            # Default first, then the others in the order of settings.LANGUAGES; none ticked:
            # the default alone ([] when neither is given: the default language of Outhire).
            order = [code for code, _name in settings.LANGUAGES]
            first = default or (chosen[0] if chosen else "")
            others = [c for c in order if c in chosen and c != first]
            data["languages"] = ([first] if first else []) + others
        return data


class PostingForm(forms.Form):
    """Publish a requisition on one channel, now or at a chosen time, until an optional expiry."""

    publish_at = forms.DateTimeField(
        label=gettext_lazy("Publish at"),
        required=False,
        widget=DATETIME,
        help_text=gettext_lazy("Leave empty to publish now."),
    )
    expires_at = forms.DateTimeField(
        label=gettext_lazy("Expires at"),
        required=False,
        widget=DATETIME,
        help_text=gettext_lazy("Optional."),
    )

    def clean(self):
        data = super().clean()
        publish_at, expires_at = data.get("publish_at"), data.get("expires_at")
        if publish_at and expires_at and expires_at <= publish_at:
            raise ValidationError(
                {"expires_at": gettext_lazy("The expiry must come after the publish date.")}
            )
        return data
