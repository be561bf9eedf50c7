from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from outhire.accounts.models import Client
from outhire.engagements import selectors, services
from outhire.engagements.models import (
    Engagement,
    Function,
    Intake,
    IntakeTemplate,
    JobFamily,
    SlaTerm,
)
from outhire.lib.forms import MultiValueField

LIST_FIELDS = ("must_have_skills", "nice_to_have_skills", "competencies", "sourcing_channels")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EngagementForm(forms.ModelForm):
    functions = forms.MultipleChoiceField(
        choices=Function.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Functions outsourced"),
    )

    class Meta:
        model = Engagement
        fields = [
            "name",
            "status",
            "functions",
            "starts_on",
            "ends_on",
            "account_lead",
            "fee_model",
            "currency",
            "monthly_fee",
            "per_hire_fee",
            "salary_percent",
            "per_submission_fee",
            "project_fee",
            "sla_days_to_first_shortlist",
            "sla_days_to_fill",
            "sla_feedback_hours",
            "sla_min_offer_acceptance",
            "sla_min_candidate_nps",
            "sla_min_manager_satisfaction",
            "guarantee_days",
            "guarantee_remedy",
            "guarantee_replacement",
            "notes",
        ]
        labels = {
            "name": _("Name"),
            "status": _("Status"),
            "fee_model": _("Fee model"),
            "currency": _("Currency"),
            "notes": _("Notes"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "monthly_fee": _("Monthly management fee"),
            "per_hire_fee": _("Fee per hire"),
            "salary_percent": _("Percentage of first-year salary"),
            "per_submission_fee": _("Fee per qualified submission"),
            "project_fee": _("Project fee"),
            "sla_days_to_first_shortlist": _("SLA: days to first shortlist"),
            "sla_days_to_fill": _("SLA: days to fill"),
            "sla_feedback_hours": _("SLA: hours for hiring-manager feedback"),
            "sla_min_offer_acceptance": _("SLA: minimum offer acceptance rate (%)"),
            "sla_min_candidate_nps": _("SLA: minimum candidate NPS"),
            "sla_min_manager_satisfaction": _("SLA: minimum hiring-manager satisfaction (1-5)"),
        }
        help_texts = {
            "monthly_fee": _("Needed for the management fee and hybrid models."),
            "per_hire_fee": _("Needed for the per-hire and hybrid models."),
            "salary_percent": _("Needed for the percentage-of-salary model."),
            "per_submission_fee": _(
                "Needed for the per-submission model: each candidate shortlisted to the client."
            ),
            "project_fee": _("Needed for the project model: invoiced once, on the first invoice."),
            "currency": _("Three-letter code, such as EUR."),
        }
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account_lead"].queryset = selectors.account_leads(client)
        self.fields["account_lead"].label = _("Account lead")
        # Optional on the form: no guarantee unless one is agreed.
        self.fields["guarantee_days"].required = False
        self.fields["guarantee_remedy"].required = False
        if self.instance.pk and self.instance.current_phase is not None:
            self.fields["functions"].disabled = True
            self.fields["functions"].help_text = _(
                "These follow the latest started phase; add a phase to change them."
            )
            self.initial["functions"] = self.instance.current_functions

    def clean_guarantee_days(self) -> int:
        return self.cleaned_data.get("guarantee_days") or 0  # empty: no guarantee

    def clean_guarantee_remedy(self) -> str:
        return self.cleaned_data.get("guarantee_remedy") or Engagement.GuaranteeRemedy.CREDIT_FULL

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError(_("Enter a three-letter currency code, such as EUR."))
        return currency


class SlaTermEndForm(forms.Form):
    """The day a term stops applying (the periods evaluated so far stay on record)."""

    ends_on = forms.DateField(label=_("End on"), widget=DATE)


class SlaTermForm(forms.ModelForm):
    """A credit or bonus tied to an SLA result; the model checks the engagement has the target."""

    class Meta:
        model = SlaTerm
        fields = [
            "metric",
            "period",
            "comparison",
            "threshold",
            "adjustment",
            "amount_kind",
            "amount",
            "starts_on",
        ]
        labels = {"metric": _("Measure"), "period": _("Per"), "adjustment": _("Then give a")}
        help_texts = {
            "metric": _("The same measure as the client dashboard's SLA table and tiles."),
            "threshold": _(
                "In per cent, such as 80. Exactly at the threshold counts as met "
                "for “below” and as reached for “at or above”."
            ),
            "amount": _(
                "A percentage (such as 5) of the period's fees, or an amount in the "
                "engagement's currency."
            ),
        }
        widgets = {"starts_on": DATE}


class PhaseForm(forms.Form):
    starts_on = forms.DateField(widget=DATE, label=_("Phase starts on"))
    functions = forms.MultipleChoiceField(
        choices=Function.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Functions in this phase"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class EngagementFilterForm(forms.Form):
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.none(),
        required=False,
        empty_label=_("All clients"),
        to_field_name="slug",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *Engagement.Status.choices],
        required=False,
    )

    def __init__(self, *args, clients, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients


class ClientChoiceForm(forms.Form):
    client = forms.ModelChoiceField(
        label=_("Client"), queryset=Client.objects.none(), to_field_name="slug"
    )
    template = forms.ModelChoiceField(
        queryset=IntakeTemplate.objects.none(),
        required=False,
        empty_label=_("No template"),
        label=_("Start from template"),
    )

    def __init__(self, *args, clients, templates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["template"].queryset = templates


class IntakeForm(forms.ModelForm):
    must_have_skills = MultiValueField(
        required=False,
        label=_("Must-have skills"),
        help_text=_(
            "One per line or separated by commas; common names such as “JS” are recognised."
        ),
    )
    nice_to_have_skills = MultiValueField(
        required=False,
        label=_("Nice-to-have skills"),
        help_text=_("One per line or separated by commas."),
    )
    allow_unknown_skills = forms.BooleanField(
        required=False,
        label=_("Keep skills that are not in the taxonomy as free text"),
        help_text=_("They will not help matching candidates."),
    )
    competencies = MultiValueField(
        label=_("Competencies"), required=False, help_text=_("One per line.")
    )
    sourcing_channels = MultiValueField(
        required=False, label=_("Sourcing channels"), help_text=_("One per line.")
    )

    class Meta:
        model = Intake
        fields = [
            "engagement",
            "job_title",
            "job_family",
            "department",
            "hiring_manager",
            "purpose",
            "must_have_skills",
            "nice_to_have_skills",
            "allow_unknown_skills",
            "competencies",
            "motivators",
            "culture_and_values",
            "salary_min",
            "salary_max",
            "salary_currency",
            "location",
            "remote_policy",
            "headcount",
            "target_start",
            "interview_plan",
            "sourcing_channels",
            "baseline_days_to_fill",
            "baseline_cost_per_hire",
            "baseline_yearly_hires",
        ]
        labels = {
            "engagement": _("Engagement"),
            "department": _("Department"),
            "location": _("Location"),
            "headcount": _("Headcount"),
            "job_title": _("Job title"),
            "job_family": _("Job family"),
            "hiring_manager": _("Hiring manager"),
            "purpose": _("Purpose of the role"),
            "motivators": _("What motivates people in this role"),
            "culture_and_values": _("Culture and values"),
            "salary_min": _("Salary from"),
            "salary_max": _("Salary to"),
            "salary_currency": _("Salary currency"),
            "remote_policy": _("Remote policy"),
            "target_start": _("Target start date"),
            "interview_plan": _("Interview plan"),
            "baseline_days_to_fill": _("Baseline: current days to fill"),
            "baseline_cost_per_hire": _("Baseline: current cost per hire"),
            "baseline_yearly_hires": _("Baseline: hires per year"),
        }
        widgets = {
            "target_start": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "motivators": forms.Textarea(attrs={"rows": 2}),
            "culture_and_values": forms.Textarea(attrs={"rows": 2}),
            "interview_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, client: Client, questions: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["engagement"].queryset = client_engagements(client)
        self.fields["hiring_manager"].queryset = selectors.hiring_managers(client)
        self.fields["job_family"].choices = JobFamily.choices
        self.questions = list(questions)
        answers = self.instance.answers or {}
        for n, question in enumerate(self.questions):
            self.fields[f"answer_{n}"] = forms.CharField(
                label=question,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answers.get(question, ""),
            )
        # The lists are stored as JSON; show them one per line.
        if not self.is_bound:
            for name in LIST_FIELDS:
                self.initial[name] = "\n".join(self.initial.get(name) or [])

    def clean_salary_currency(self) -> str:
        currency = self.cleaned_data["salary_currency"].strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError(_("Enter a three-letter currency code, such as EUR."))
        return currency

    def clean(self):
        data = super().clean()
        allow = data.get("allow_unknown_skills", False)
        self.unknown_skills: list[str] = []
        for name in ("must_have_skills", "nice_to_have_skills"):
            if name not in data:
                continue
            known, unknown = services.skills_resolve(data[name])
            if unknown and not allow:
                self.add_error(
                    name,
                    _(
                        "Not in the skills taxonomy: %(skills)s. Correct them, or tick “Keep "
                        "skills that are not in the taxonomy”."
                    )
                    % {"skills": ", ".join(unknown)},
                )
            else:
                data[name] = known + unknown
                self.unknown_skills += unknown
        return data

    def intake_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "allow_unknown_skills"}
        fields["answers"] = {q: data.get(f"answer_{n}", "") for n, q in enumerate(self.questions)}
        return fields


def client_engagements(client: Client):
    return Engagement.objects.filter(client=client)


class IntakeTemplateForm(forms.ModelForm):
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.none(),
        required=False,
        empty_label=_("Provider-wide (every client)"),
        help_text=_("A template of one client is that client's own copy."),
    )
    competencies = MultiValueField(
        label=_("Competencies"), required=False, help_text=_("One per line.")
    )
    sourcing_channels = MultiValueField(
        required=False, label=_("Sourcing channels"), help_text=_("One per line.")
    )
    questions = forms.CharField(
        label=_("Questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Extra questions for the hiring manager, one per line."),
    )

    class Meta:
        model = IntakeTemplate
        fields = [
            "client",
            "name",
            "job_family",
            "competencies",
            "interview_plan",
            "sourcing_channels",
            "questions",
        ]
        labels = {
            "name": _("Name"),
            "job_family": _("Job family"),
            "interview_plan": _("Interview plan"),
        }
        widgets = {"interview_plan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, clients, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        if not self.is_bound:
            for name in ("competencies", "sourcing_channels", "questions"):
                self.initial[name] = "\n".join(self.initial.get(name) or [])

    def clean_questions(self) -> list[str]:
        lines = (self.cleaned_data["questions"] or "").splitlines()
        return list(dict.fromkeys(line.strip() for line in lines if line.strip()))


class TemplateCopyForm(forms.Form):
    client = forms.ModelChoiceField(queryset=Client.objects.none(), label=_("Copy to client"))

    def __init__(self, *args, clients, **kwargs) -> None:
        # Shown below the template's own form, whose client field is "id_client" too.
        kwargs.setdefault("auto_id", "id_copy_%s")
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
