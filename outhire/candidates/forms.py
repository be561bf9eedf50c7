from __future__ import annotations

import re

from django import forms
from django.core.validators import validate_email

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
        label="Search profiles and resumes",
        help_text="Every word must match; the last one may be the start of a word.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    skills = forms.CharField(
        required=False, max_length=300, label="Skills", help_text="All of, separated by commas."
    )
    location = forms.CharField(required=False, max_length=100, label="Location contains")
    tags = forms.CharField(
        required=False, max_length=300, label="Tags", help_text="All of, separated by commas."
    )
    pool = forms.ModelChoiceField(
        queryset=TalentPool.objects.all(), required=False, empty_label="Any pool"
    )
    active_since = forms.DateField(
        required=False,
        label="Active since",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label="Any client",
        label="In the pipeline of",
    )
    stage = forms.ChoiceField(
        choices=[("", "Any stage"), *StageKind.choices], required=False, label="At stage"
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
    first_name = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autofocus": True}))
    last_name = forms.CharField(max_length=100, required=False)
    emails = MultiValueField(
        required=False, label="E-mail addresses", help_text="One per line; the first is primary."
    )
    phones = MultiValueField(
        required=False, label="Phone numbers", help_text="One per line; the first is primary."
    )
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    location = forms.CharField(max_length=200, required=False, help_text="City, region")
    current_title = forms.CharField(max_length=200, required=False, label="Current title")
    current_employer = forms.CharField(max_length=200, required=False, label="Current employer")
    linkedin_url = forms.URLField(
        max_length=300, required=False, label="LinkedIn profile", assume_scheme="https"
    )
    github_url = forms.URLField(
        max_length=300, required=False, label="GitHub profile", assume_scheme="https"
    )
    portfolio_url = forms.URLField(
        max_length=300, required=False, label="Portfolio or website", assume_scheme="https"
    )
    source = forms.ChoiceField(choices=Candidate.Source.choices, initial=Candidate.Source.SOURCED)
    source_detail = forms.CharField(
        max_length=200, required=False, label="Source detail", help_text="e.g. the job board"
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    tags = forms.CharField(required=False, help_text="Separated by commas.")
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

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
                    "Each line must be one e-mail address; one of them is not valid."
                ) from None
        return emails

    def clean_phones(self) -> list[str]:
        phones = self.cleaned_data["phones"]
        if any(not PHONE_CHARACTERS.match(phone) for phone in phones):
            raise forms.ValidationError(
                "Each line must be one phone number: digits, spaces and + ( ) - only."
            )
        return phones

    def clean_tags(self) -> list[str]:
        names = split_values(self.cleaned_data["tags"])
        if any(len(name) > 60 for name in names):
            raise forms.ValidationError("A tag can be at most 60 characters long.")
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
]


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    visibility = forms.ChoiceField(
        choices=Note.Visibility.choices,
        initial=Note.Visibility.PROVIDER,
        widget=forms.RadioSelect,
        label="Who may read it",
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices)
    method = forms.ChoiceField(choices=Consent.Method.choices, label="How it was given")
    given_on = forms.DateField(
        required=False,
        label="Given on",
        help_text="Leave empty for today.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    expires_on = forms.DateField(
        required=False, label="Expires on", widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.CharField(
        max_length=300, required=False, help_text="What was agreed to, e.g. the form version."
    )

    def clean(self):
        cleaned = super().clean()
        given, expires = cleaned.get("given_on"), cleaned.get("expires_on")
        if given and expires and expires <= given:
            self.add_error("expires_on", "The consent must expire after it was given.")
        return cleaned


class PoolChoiceForm(forms.Form):
    pool = forms.ModelChoiceField(queryset=TalentPool.objects.all(), label="Talent pool")


class RequisitionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Requisition) -> str:
        return f"{obj.title} ({obj.client.name}) #{obj.pk}"


class AddToRequisitionForm(forms.Form):
    """The candidate page's "add to requisition": one of the open requisitions of the clients
    the user may write for (a hiring manager's or interviewer's role reads only)."""

    requisition = RequisitionChoiceField(
        queryset=Requisition.objects.none(),
        label="Requisition",
        empty_label="Choose an open requisition",
        error_messages={"invalid_choice": "Choose one of the open requisitions you work on."},
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
    tags = forms.CharField(required=False, help_text="Separated by commas.")

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
            "name": "Skill, employer or institution",
            "title": "Position or degree",
            "detail": "Field of study or skill level",
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
            self.add_error("end_date", "The end date is before the start date.")
        return cleaned


class DocumentForm(forms.Form):
    file = forms.FileField(label="File", help_text="PDF, DOCX, RTF, ODT, TXT or HTML.")
    kind = forms.ChoiceField(choices=Document.Kind.choices, initial=Document.Kind.RESUME)

    def __init__(self, *args, **kwargs) -> None:
        # The candidate's page also holds the profile entry form, whose "kind" would otherwise
        # share the id "id_kind" (and a label would name two fields).
        kwargs.setdefault("auto_id", "id_document_%s")
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label="Record to keep")
    confirm = forms.BooleanField(
        label="I have checked that these two records are the same person. "
        "The other record's documents, notes, consents, pools and history move to the one kept."
    )

    def __init__(self, *args, candidates: tuple[Candidate, Candidate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(c.pk, f"Keep #{c.pk} {c.full_name}") for c in candidates]
