from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from outhire.lib import ids
from outhire.requisitions.models import KIND_ORDER, Requisition, StageKind
from outhire.screening import audit_report
from outhire.screening.assessment_scoring import parse_options
from outhire.screening.matcher import Weights
from outhire.screening.models import (
    WEIGHT_NAMES,
    Assessment,
    AssessmentArea,
    AssessmentQuestion,
)

DEFAULT_WEIGHTS = Weights()


# The score's components as the settings page names them.
WEIGHT_LABELS = {
    "required_skills": pgettext_lazy("score component", "Required skills"),
    "preferred_skills": pgettext_lazy("score component", "Preferred skills"),
    "experience": pgettext_lazy("score component", "Experience"),
    "title": pgettext_lazy("score component", "Title"),
    "field": pgettext_lazy("score component", "Field"),
    "family": pgettext_lazy("score component", "Family"),
    "location": pgettext_lazy("score component", "Location"),
    "text": pgettext_lazy("score component", "Text"),
    "expansion": pgettext_lazy("score component", "Expansion"),
}


class ScreeningSettingsForm(forms.Form):
    ai_ranking_enabled = forms.BooleanField(
        required=False,
        label=_("Rank candidates with the matcher"),
        help_text=_("Scores assist recruiters; they never reject or advance anyone."),
    )

    blind_review = forms.BooleanField(
        required=False,
        label=_("Blind review"),
        help_text=_(
            "Hide names, photos, contact details, age and gender signals from reviewers "
            "on the board, the application page and the client portal."
        ),
    )
    blind_until_kind = forms.ChoiceField(
        label=_("Show them from the stage kind"),
        choices=[(k, label) for k, label in StageKind.choices if k != StageKind.SOURCED],
        initial=StageKind.INTERVIEW,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in WEIGHT_NAMES:
            self.fields[f"weight_{name}"] = forms.FloatField(
                required=False,
                min_value=0,
                max_value=100,
                label=WEIGHT_LABELS.get(name, name.replace("_", " ").capitalize()),
                help_text=format_lazy(
                    _("Default {value}; empty for the default."),
                    value=f"{getattr(DEFAULT_WEIGHTS, name):g}",
                ),
            )

    def weight_fields(self):
        return [self[f"weight_{name}"] for name in WEIGHT_NAMES]

    def weights(self) -> dict[str, float]:
        return {
            name: value
            for name in WEIGHT_NAMES
            if (value := self.cleaned_data.get(f"weight_{name}")) is not None
        }


class BiasAuditForm(forms.Form):
    measure = forms.ChoiceField(
        label=_("Measure"),
        choices=[
            (
                "selection",
                _("Selection rate: reached one stage kind among those who reached another"),
            ),
            ("scoring", _("Scoring rate: share above the median of the scores shown")),
        ],
        initial="selection",
    )
    from_kind = forms.ChoiceField(
        label=_("Among those who reached"), choices=StageKind.choices, initial=StageKind.SCREEN
    )
    to_kind = forms.ChoiceField(
        label=_("Selected: reached"), choices=StageKind.choices, initial=StageKind.INTERVIEW
    )
    requisitions = ids.ModelMultipleChoiceField(
        label=_("Requisitions (none chosen: all of the client's)"),
        queryset=Requisition.objects.none(),
        required=False,
    )
    start = forms.DateField(label=_("Applications from (YYYY-MM-DD)"), required=False)
    end = forms.DateField(label=_("Applications until (YYYY-MM-DD)"), required=False)

    def __init__(self, *args, client_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.client_id = client_id
        self.fields["requisitions"].queryset = Requisition.objects.filter(
            client_id=client_id
        ).order_by("-id")

    def clean(self):
        data = super().clean()
        if data.get("measure") == "selection":
            low, high = data.get("from_kind"), data.get("to_kind")
            if low and high and KIND_ORDER[high] <= KIND_ORDER[low]:
                self.add_error("to_kind", _("Choose a stage kind later than the first one."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    def query(self) -> audit_report.AuditQuery:
        """The audit the valid form asks for, of its client."""
        data = self.cleaned_data
        return audit_report.AuditQuery(
            client_id=self.client_id,
            measure=data["measure"],
            from_kind=data["from_kind"],
            to_kind=data["to_kind"],
            requisition_ids=[r.pk for r in data["requisitions"]],
            start=data["start"],
            end=data["end"],
        )


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["name", "introduction", "requisition", "job_family", "days_valid"]
        labels = {
            "name": _("Name"),
            "introduction": _("Introduction for the candidate"),
            "requisition": _("For one requisition (or leave empty)"),
            "job_family": _("Or for a job family (offered on every requisition of the client)"),
            "days_valid": _("Days the link stays valid"),
        }

    def __init__(self, *args, client_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.client_id = client_id
        self.fields["requisition"].queryset = Requisition.objects.filter(
            client_id=client_id
        ).order_by("-id")
        self.fields["requisition"].required = False


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentQuestion.Kind.choices)
    area = forms.ChoiceField(label=_("What it assesses"), choices=AssessmentArea.choices)
    prompt = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(
        label=_("Options (multiple choice), one a line: text | points, or text | points | flag"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    anchors = forms.CharField(
        label=_("Anchors (rating scale), five lines: what 1, 2, 3, 4 and 5 mean"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    flag_at_or_below = forms.IntegerField(
        label=_("Flag a rating at or below (0: never)"), min_value=0, max_value=5, initial=0
    )
    rubric = forms.CharField(
        label=_("Rubric for the reviewer (free text)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    max_points = forms.IntegerField(
        label=_("Points (rating scale: for a 5; free text: the most a reviewer may give)"),
        min_value=1,
        max_value=100,
        initial=5,
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def clean_options(self) -> list[dict]:
        try:
            return parse_options(self.cleaned_data.get("options") or "")
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_anchors(self) -> list[str]:
        text = self.cleaned_data.get("anchors") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def question_fields(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "kind": kind,
            "area": data["area"],
            "prompt": data["prompt"].strip(),
            "options": data["options"] if kind == AssessmentQuestion.Kind.CHOICE else [],
            "anchors": data["anchors"] if kind == AssessmentQuestion.Kind.RATING else [],
            "flag_at_or_below": data["flag_at_or_below"] or 0,
            "rubric": data["rubric"] if kind == AssessmentQuestion.Kind.TEXT else "",
            "max_points": data["max_points"],
            "required": data["required"],
        }


class SendAssessmentForm(forms.Form):
    assessment = forms.ModelChoiceField(
        label=_("Assessment"), queryset=Assessment.objects.none(), empty_label=None
    )

    def __init__(self, *args, queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = queryset
