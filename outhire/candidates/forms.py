from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.models import Client, User
from outhire.accounts.roles import PROVIDER_ROLES
from outhire.candidates.models import (
    Candidate,
    Consent,
    Document,
    Note,
    ProfileEntry,
    Tag,
    TalentPool,
)
from outhire.candidates.search import SearchFilters
from outhire.lib.forms import MultiValueField, split_values
from outhire.requisitions.models import Requisition, StageKind

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-/]{5,30}$")


def tags_from_names(names: list[str]) -> list[Tag]:
    """The tags with these names, created when new; an existing tag is matched ignoring case."""
    tags = []
    for name in dict.fromkeys(n.strip()[:60] for n in names if n.strip()):
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    return tags


def staff_users():
    return User.objects.filter(provider_role__in=[r.value for r in PROVIDER_ROLES], is_active=True)


class CandidateSearchForm(forms.Form):
    """The search box and filters of the candidate list; the same names as the API's."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Search profiles and resumes"),
        help_text=gettext_lazy("Every word must match; the last one may be the start of a word."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    skills = forms.CharField(
        required=False,
        max_length=300,
        label=gettext_lazy("Skills"),
        help_text=gettext_lazy("All of, separated by commas."),
    )
    location = forms.CharField(
        required=False, max_length=100, label=gettext_lazy("Location contains")
    )
    tags = forms.CharField(
        required=False,
        max_length=300,
        label=gettext_lazy("Tags"),
        help_text=gettext_lazy("All of, separated by commas."),
    )
    pool = forms.ModelChoiceField(
        queryset=TalentPool.objects.all(),
        required=False,
        empty_label=gettext_lazy("Any pool"),
        label=gettext_lazy("Pool"),
    )
    active_since = forms.DateField(
        required=False,
        label=gettext_lazy("Active since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=gettext_lazy("Any client"),
        label=gettext_lazy("In the pipeline of"),
    )
    stage = forms.ChoiceField(
        choices=[("", gettext_lazy("Any stage")), *StageKind.choices],
        required=False,
        label=gettext_lazy("At stage"),
    )

    def __init__(self, *args, access, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the clients this user serves: another client's pipeline is not theirs to search.
        self.fields["client"].queryset = Client.objects.visible_to(access)

    def search_filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            skills=split_values(data["skills"])[:10],
            location=data["location"].strip(),
            tags=split_values(data["tags"])[:10],
            pool_id=data["pool"].pk if data["pool"] else None,
            active_since=data["active_since"],
            client_id=data["client"].pk if data["client"] else None,
            stage_kind=data["stage"],
        )


class CandidateForm(forms.Form):
    first_name = forms.CharField(
        max_length=100,
        label=gettext_lazy("First name"),
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    last_name = forms.CharField(max_length=100, required=False, label=gettext_lazy("Last name"))
    emails = MultiValueField(
        required=False,
        label=gettext_lazy("E-mail addresses"),
        help_text=gettext_lazy("One per line; the first is primary."),
    )
    phones = MultiValueField(
        required=False,
        label=gettext_lazy("Phone numbers"),
        help_text=gettext_lazy("One per line; the first is primary."),
    )
    address = forms.CharField(
        required=False, label=gettext_lazy("Address"), widget=forms.Textarea(attrs={"rows": 2})
    )
    location = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Location"),
        help_text=gettext_lazy("City, region"),
    )
    current_title = forms.CharField(
        max_length=200, required=False, label=gettext_lazy("Current title")
    )
    current_employer = forms.CharField(
        max_length=200, required=False, label=gettext_lazy("Current employer")
    )
    linkedin_url = forms.URLField(
        max_length=300,
        required=False,
        label=gettext_lazy("LinkedIn profile"),
        assume_scheme="https",
    )
    github_url = forms.URLField(
        max_length=300, required=False, label=gettext_lazy("GitHub profile"), assume_scheme="https"
    )
    portfolio_url = forms.URLField(
        max_length=300,
        required=False,
        label=gettext_lazy("Portfolio or website"),
        assume_scheme="https",
    )
    source = forms.ChoiceField(
        choices=Candidate.Source.choices,
        initial=Candidate.Source.SOURCED,
        label=gettext_lazy("Source"),
    )
    source_detail = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Source detail"),
        help_text=gettext_lazy("e.g. the job board"),
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=gettext_lazy("Owner")
    )
    tags = forms.CharField(
        required=False, label=gettext_lazy("Tags"), help_text=gettext_lazy("Separated by commas.")
    )
    summary = forms.CharField(
        required=False, label=gettext_lazy("Summary"), widget=forms.Textarea(attrs={"rows": 3})
    )
    # The language e-mails and pages reach them in (settings.LANGUAGES, each in its own name).
    language = forms.ChoiceField(
        choices=[("", gettext_lazy("Not chosen")), *settings.LANGUAGES],
        required=False,
        label=gettext_lazy("Language"),
        help_text=gettext_lazy("The language we write to them in. Not chosen: the default."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()

    def clean_emails(self) -> list[str]:
        emails = self.cleaned_data["emails"]
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                # Not echoing the value: it is personal data, and the field shows it anyway.
                raise forms.ValidationError(
                    _("Each line must be one e-mail address; one of them is not valid.")
                ) from None
        return emails

    def clean_phones(self) -> list[str]:
        phones = self.cleaned_data["phones"]
        if any(not PHONE_CHARACTERS.match(phone) for phone in phones):
            raise forms.ValidationError(
                _("Each line must be one phone number: digits, spaces and + ( ) - only.")
            )
        return phones

    def clean_tags(self) -> list[str]:
        names = split_values(self.cleaned_data["tags"])
        if any(len(name) > 60 for name in names):
            raise forms.ValidationError(_("A tag can be at most 60 characters long."))
        return names

    @staticmethod
    def initial_for(candidate: Candidate) -> dict:
        points = list(candidate.contact_points.all())
        return {
            **{name: getattr(candidate, name) for name in CANDIDATE_FIELDS},
            "owner": candidate.owner_id,
            "emails": "\n".join(p.value for p in points if p.kind == "email"),
            "phones": "\n".join(p.value for p in points if p.kind == "phone"),
            "tags": ", ".join(t.name for t in candidate.tags.all()),
        }

    def candidate_fields(self) -> dict:
        """The cleaned data as `candidate_create`/`candidate_update` take it (tags as objects)."""
        data = {name: self.cleaned_data[name] for name in CANDIDATE_FIELDS}
        data["owner"] = self.cleaned_data["owner"]
        data["tags"] = tags_from_names(self.cleaned_data["tags"])
        return data


CANDIDATE_FIELDS = [
    "first_name",
    "last_name",
    "address",
    "location",
    "current_title",
    "current_employer",
    "linkedin_url",
    "github_url",
    "portfolio_url",
    "source",
    "source_detail",
    "summary",
    "language",
]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    visibility = forms.ChoiceField(
        choices=Note.Visibility.choices,
        initial=Note.Visibility.PROVIDER,
        widget=forms.RadioSelect,
        label=gettext_lazy("Who may read it"),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices, label=gettext_lazy("Purpose"))
    method = forms.ChoiceField(
        choices=Consent.Method.choices, label=gettext_lazy("How it was given")
    )
    given_on = forms.DateField(
        required=False,
        label=gettext_lazy("Given on"),
        help_text=gettext_lazy("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    expires_on = forms.DateField(
        required=False,
        label=gettext_lazy("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence = forms.CharField(
        max_length=300,
        required=False,
        label=gettext_lazy("Evidence"),
        help_text=gettext_lazy("What was agreed to, e.g. the form version."),
    )

    def clean(self):
        cleaned = super().clean()
        given, expires = cleaned.get("given_on"), cleaned.get("expires_on")
        if given and expires and expires <= given:
            self.add_error("expires_on", _("The consent must expire after it was given."))
        return cleaned


class PoolChoiceForm(forms.Form):
    pool = forms.ModelChoiceField(
        queryset=TalentPool.objects.all(), label=gettext_lazy("Talent pool")
    )


class RequisitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Requisition) -> str:
        return f"{obj.title} ({obj.client.name}) #{obj.pk}"


class AddToRequisitionForm(forms.Form):
    """The candidate page's "add to requisition": one of the open requisitions of the clients
    the user may write for (a hiring manager's or interviewer's role reads only)."""

    requisition = RequisitionChoiceField(
        queryset=Requisition.objects.none(),
        label=gettext_lazy("Requisition"),
        empty_label=gettext_lazy("Choose an open requisition"),
        error_messages={
            "invalid_choice": gettext_lazy("Choose one of the open requisitions you work on.")
        },
    )

    def __init__(self, *args, access, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        writable = [cid for cid in access.client_ids if access.can_write(cid)]
        self.fields["requisition"].queryset = (
            Requisition.objects.visible_to(access)
            .filter(status=Requisition.Status.OPEN, client_id__in=writable)
            .select_related("client")
            .order_by("client__name", "title", "pk")
        )


class TalentPoolForm(forms.ModelForm):
    tags = forms.CharField(
        required=False, label=gettext_lazy("Tags"), help_text=gettext_lazy("Separated by commas.")
    )

    class Meta:
        model = TalentPool
        fields = ["name", "description", "owner"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()
        if self.instance.pk:
            self.initial["tags"] = ", ".join(t.name for t in self.instance.tags.all())

    def clean_tags(self) -> list[str]:
        return split_values(self.cleaned_data["tags"])


class ProfileEntryForm(forms.ModelForm):
    class Meta:
        model = ProfileEntry
        fields = ["kind", "name", "title", "detail", "start_date", "end_date", "summary"]
        labels = {
            "name": gettext_lazy("Skill, employer or institution"),
            "title": gettext_lazy("Position or degree"),
            "detail": gettext_lazy("Field of study or skill level"),
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"), help_text=gettext_lazy("PDF, DOCX, RTF, ODT, TXT or HTML.")
    )
    kind = forms.ChoiceField(
        choices=Document.Kind.choices, initial=Document.Kind.RESUME, label=gettext_lazy("Kind")
    )

    def __init__(self, *args, **kwargs) -> None:
        # The candidate's page also holds the profile entry form, whose "kind" would otherwise
        # share the id "id_kind" (and a label would name two fields).
        kwargs.setdefault("auto_id", "id_document_%s")
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(
        coerce=int, widget=forms.RadioSelect, label=gettext_lazy("Record to keep")
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I have checked that these two records are the same person. "
            "The other record's documents, notes, consents, pools and history move to the one kept."
        )
    )

    def __init__(self, *args, candidates: tuple[Candidate, Candidate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (c.pk, _("Keep #%(id)s %(name)s") % {"id": c.pk, "name": c.full_name})
            for c in candidates
        ]
