"""Forms of the public apply page: the resume step and the full application."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.careers.apply.attribution import (
    REFERRER_LENGTH,
    TAG_LENGTHS,
    TAG_NAMES,
    Attribution,
    clean_tag,
)
from outhire.lib.i18n import language_name
from outhire.privacy.self_id import Question
from outhire.requisitions.models import ScreeningQuestion

PHONE_RE = re.compile(r"^[+()\d\s.\-/]{6,40}$")
SELF_ID_BLANK = [("", gettext_lazy("Choose an answer (optional)"))]


def resume_help(max_mb: int, *, reading: bool = True) -> str:
    if reading:
        return _("PDF or Word (DOCX), up to %(mb)s MB. We read it to fill in the form for you.") % {
            "mb": max_mb
        }
    return _("PDF or Word (DOCX), up to %(mb)s MB.") % {"mb": max_mb}


class AttributionFields(forms.Form):
    """Where the candidate came from, carried through the steps as hidden fields."""

    # The apply form marks its optional fields instead ("(optional)"), as candidates expect.
    mark_required = False

    utm_source = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_medium = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_campaign = forms.CharField(required=False, widget=forms.HiddenInput)
    src = forms.CharField(required=False, widget=forms.HiddenInput)
    referrer = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people and screen readers; only robots fill it in.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def attribution(self) -> Attribution:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        values = {name: clean_tag(data.get(name, ""), TAG_LENGTHS[name]) for name in TAG_NAMES}
        return Attribution(**values, referrer=clean_tag(data.get("referrer", ""), REFERRER_LENGTH))


class ResumeStepForm(AttributionFields):
    resume = forms.FileField(label=gettext_lazy("Your resume"))

    def __init__(self, *args, max_mb: int = 10, **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["resume"].help_text = resume_help(max_mb)
        self.fields["resume"].widget.attrs["accept"] = ".pdf,.docx,.odt,.rtf,.txt"


class ApplyForm(AttributionFields):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    phone = forms.CharField(label=gettext_lazy("Phone (optional)"), max_length=40, required=False)
    location = forms.CharField(
        label=gettext_lazy("Where you live (optional)"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("City and country are enough."),
    )
    resume = forms.FileField(label=gettext_lazy("Your resume"), required=False)
    # The language we write to the candidate in (the careers site's languages; the page's by
    # default). Only on the form when the site offers more than one.
    language = forms.ChoiceField(
        label=gettext_lazy("Language for our messages"),
        required=False,
        help_text=gettext_lazy("We write to you in this language."),
    )
    upload_ref = forms.CharField(required=False, widget=forms.HiddenInput)
    consent_processing = forms.BooleanField(
        error_messages={
            "required": gettext_lazy("Please tick this box: we cannot consider you without it.")
        }
    )
    consent_talent_pool = forms.BooleanField(required=False)

    field_order = ["first_name", "last_name", "email", "phone", "location", "resume", "language"]

    def __init__(
        self,
        *args,
        questions: list[ScreeningQuestion] = (),
        self_id_questions: tuple[Question, ...] = (),
        consent_texts: dict[str, str],
        upload_name: str = "",
        max_mb: int = 10,
        languages: list[str] = (),
        language: str = "",
        **kwargs,
    ) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.questions = list(questions)
        self.upload_name = upload_name
        self.fields["consent_processing"].label = consent_texts["processing"]
        self.fields["consent_talent_pool"].label = consent_texts["talent_pool"]
        self.fields["consent_talent_pool"].help_text = _("Optional.")
        resume = self.fields["resume"]
        resume.widget.attrs["accept"] = ".pdf,.docx,.odt,.rtf,.txt"
        if upload_name:
            resume.label = _("Replace your resume (optional)")
            resume.help_text = _("We have %(file)s. Choose another file only to replace it.") % {
                "file": upload_name
            }
        else:
            resume.help_text = resume_help(max_mb, reading=False)
        # The languages of the careers site, each in its own name; the page's chosen first.
        languages = list(languages)
        self.language_default = language if language in languages else ""
        if len(languages) > 1:
            field = self.fields["language"]
            field.choices = [(code, language_name(code)) for code in languages]
            field.initial = self.language_default or languages[0]
        else:
            del self.fields["language"]
        for question in self.questions:
            self.fields[self.question_field(question)] = _question_field(question)
        # Voluntary self-identification: only the questions the job's country calls for
        # (outhire.privacy.self_id); none at all elsewhere.
        self.self_id_questions = tuple(self_id_questions)
        for question in self.self_id_questions:
            self.fields[question.field] = forms.ChoiceField(
                label=question.label,
                required=False,
                choices=SELF_ID_BLANK + list(question.choices),
            )

    @staticmethod
    def question_field(question: ScreeningQuestion) -> str:
        return f"question_{question.pk}"

    def question_fields(self):
        return [self[self.question_field(q)] for q in self.questions]

    def self_id_fields(self):
        return [self[q.field] for q in self.self_id_questions]

    def self_id_answers(self) -> dict[str, str]:
        return {q.field: self.cleaned_data.get(q.field, "") for q in self.self_id_questions}

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and (not PHONE_RE.match(phone) or sum(ch.isdigit() for ch in phone) < 6):
            raise forms.ValidationError(
                _("Enter a phone number with digits, e.g. +44 20 7946 0958.")
            )
        return phone

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.language_default

    def answers(self) -> dict[int, str]:
        """Question id -> the answer as text (what is_knockout and the recruiter read)."""
        out = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_field(question))
            if value in (None, ""):
                continue
            if isinstance(value, Decimal):
                value = format(value.normalize(), "f")
            out[question.pk] = str(value)
        return out


def _question_field(question: ScreeningQuestion) -> forms.Field:
    common = {"label": question.text, "required": question.required}
    if not question.required:
        common["label"] = _("%(question)s (optional)") % {"question": question.text}
    kind = question.kind
    if kind == ScreeningQuestion.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
        )
    if kind == ScreeningQuestion.Kind.CHOICE:
        choices = [(str(c), str(c)) for c in question.choices or []]
        widget = forms.RadioSelect if len(choices) <= 6 else forms.Select
        if widget is forms.Select:
            choices = [("", _("Choose one"))] + choices
        return forms.ChoiceField(choices=choices, widget=widget, **common)
    if kind == ScreeningQuestion.Kind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)
