"""Forms of the candidate portal: every field labelled, every error in plain words."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.careers.apply.forms import PHONE_RE
from outhire.lib.zones import time_zone_field


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        help_text=gettext_lazy("The address you applied with."),
        error_messages={"required": gettext_lazy("Please enter your e-mail address.")},
    )
    site = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email", inputmode="email")


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why are you withdrawing?"))
    note = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reasons=(), **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.reasons = {str(r.pk): r for r in reasons}
        if self.reasons:
            self.fields["reason"].choices = [("", _("Choose a reason"))] + [
                (pk, r.name) for pk, r in self.reasons.items()
            ]
            self.fields["reason"].error_messages["required"] = _("Please choose a reason.")
        else:
            del self.fields["reason"]
            self.fields["note"].label = _("Why are you withdrawing? (optional)")

    def chosen_reason(self):
        return self.reasons.get(self.cleaned_data.get("reason", ""))


class DetailsForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    location = forms.CharField(
        label=gettext_lazy("Where you live"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("City and country are enough."),
    )
    address = forms.CharField(
        label=gettext_lazy("Postal address (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["time_zone"] = time_zone_field(
            label=_("Your time zone"),
            blank=_("Each interview's own"),
            help_text=_("Interview times on these pages and in our e-mails are shown in it."),
        )

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and (not PHONE_RE.match(phone) or sum(ch.isdigit() for ch in phone) < 6):
            raise forms.ValidationError(
                _("Enter a phone number with digits, e.g. +44 20 7946 0958.")
            )
        return phone


class LanguageForm(forms.Form):
    """The language the portal and our e-mails speak to the candidate in."""

    # Each language in its own name ("Deutsch"), as settings.LANGUAGES gives them.
    language = forms.ChoiceField(
        label=gettext_lazy("Your language"),
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("The language of these pages and of our e-mails."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("New e-mail address"),
        max_length=254,
        help_text=gettext_lazy(
            "We send a link to the new address; it replaces the old one once you follow it."
        ),
        error_messages={"required": gettext_lazy("Please enter the new address.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email")


class ResumeForm(forms.Form):
    resume = forms.FileField(
        label=gettext_lazy("New resume"),
        error_messages={
            "required": gettext_lazy("Please choose a file."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def __init__(self, *args, max_mb: int = 10, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["resume"].help_text = _("PDF or Word (DOCX), up to %(max_mb)s MB.") % {
            "max_mb": max_mb
        }
        self.fields["resume"].widget.attrs["accept"] = ".pdf,.docx,.odt,.rtf,.txt"


class ErasureForm(forms.Form):
    details = forms.CharField(
        label=gettext_lazy("Anything you would like us to know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my data will be erased and cannot be brought back."),
        error_messages={"required": gettext_lazy("Please tick this box to confirm.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
