from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.analytics.models import (
    MonthlyReport,
    PlanningSettings,
    SurveySettings,
    WorkforcePlan,
)

MAX_PERIOD_DAYS = 3 * 366
# Periods are compared with the one before them and end the day after their last day: the
# calendar's ends (year 1, 9999-12-31) have neither, so dates stay within these.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
IN_RANGE = [MinValueValidator(EARLIEST), MaxValueValidator(LATEST)]


class PeriodForm(forms.Form):
    """Dashboard filters: a period and, on a client's dashboard, a department and a recruiter."""

    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=IN_RANGE,
    )
    end = forms.DateField(
        label=gettext_lazy("To (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=IN_RANGE,
    )
    department = forms.ChoiceField(label=gettext_lazy("Department"), required=False)
    recruiter = forms.TypedChoiceField(
        label=gettext_lazy("Recruiter"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, departments=(), recruiters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d, d) for d in departments
        ]
        self.fields["recruiter"].choices = [("", _("All recruiters"))] + [
            (pk, name) for pk, name in recruiters
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most three years."))
        return data

    def period(self, default_start, default_end):
        """[start, end) from the form, the default where a field is empty or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or default_start
        end = data["end"] + timedelta(days=1) if data.get("end") else default_end
        if end <= start:
            start, end = default_start, default_end
        return start, end


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = SurveySettings
        fields = [
            "after_applying",
            "after_interview",
            "after_rejection",
            "after_hire",
            "manager_rating",
        ]
        labels = {
            "after_applying": gettext_lazy("Ask candidates after they apply"),
            "after_interview": gettext_lazy("Ask candidates after an interview"),
            "after_rejection": gettext_lazy("Ask candidates after a rejection"),
            "after_hire": gettext_lazy("Ask candidates after they are hired"),
            "manager_rating": gettext_lazy("Ask hiring managers to rate each filled requisition"),
        }


class SurveyAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy(
            "How likely are you to recommend applying here to a friend? (0 = not at all, "
            "10 = extremely likely)"
        ),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ManagerRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy(
            "How satisfied are you with how this requisition was filled? (1 = very "
            "dissatisfied, 5 = very satisfied)"
        ),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportMonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=gettext_lazy("Year and month, as 2026-10."),
        validators=IN_RANGE,
    )


class CommentaryForm(forms.ModelForm):
    class Meta:
        model = MonthlyReport
        fields = ["commentary"]
        labels = {"commentary": gettext_lazy("Commentary for the client")}
        widgets = {"commentary": forms.Textarea(attrs={"rows": 6})}


class WorkforcePlanForm(forms.ModelForm):
    class Meta:
        model = WorkforcePlan
        fields = [
            "job_family",
            "year",
            "quarter",
            "target_headcount",
            "current_headcount",
            "attrition_rate",
        ]
        labels = {
            "job_family": gettext_lazy("Role family"),
            "year": gettext_lazy("Year"),
            "quarter": gettext_lazy("Quarter"),
            "target_headcount": gettext_lazy("Target headcount at the start of the quarter"),
            "current_headcount": gettext_lazy("Current headcount"),
            "attrition_rate": gettext_lazy("Expected attrition per quarter (%)"),
        }


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Columns: job_family, year, quarter, target_headcount, current_headcount, "
            "attrition_rate (percent per quarter). A row for an existing family and quarter "
            "replaces it."
        ),
    )


class PlanningSettingsForm(forms.ModelForm):
    class Meta:
        model = PlanningSettings
        fields = ["hires_per_recruiter_per_quarter"]
        labels = {
            "hires_per_recruiter_per_quarter": gettext_lazy(
                "Hires one recruiter makes per quarter (empty: the provider's default)"
            )
        }
