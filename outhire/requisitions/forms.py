from __future__ import annotations

import unicodedata

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.forms import UserChoiceField
from outhire.accounts.models import Client, User
from outhire.accounts.roles import PROVIDER_ROLES, Role
from outhire.lib import ids
from outhire.lib.formatting import babel_locale
from outhire.lib.forms import MultiValueField
from outhire.requisitions.models import (
    DispositionReason,
    PipelineTemplate,
    Requisition,
    StageKind,
    country_names,
    time_zone_names,
)
from outhire.requisitions.services import requisition_may_raise

PROVIDER_ROLE_VALUES = [r.value for r in PROVIDER_ROLES]
CLIENT_SIDE_ROLES = [Role.CLIENT_ADMIN, Role.CLIENT_RECRUITER, Role.HIRING_MANAGER]


def client_users(client_ids, roles=CLIENT_SIDE_ROLES):
    """Active users of these clients holding one of `roles` there."""
    return User.objects.filter(
        is_active=True,
        memberships__client_id__in=list(client_ids),
        memberships__role__in=[r.value for r in roles],
    ).distinct()


def assigned_staff(client_ids):
    """Provider staff assigned to these clients, and the provider admins (who see every client)."""
    return User.objects.filter(
        Q(memberships__client_id__in=list(client_ids), provider_role__in=PROVIDER_ROLE_VALUES)
        | Q(provider_role=Role.ADMIN),
        is_active=True,
    ).distinct()


def zone_choices() -> list[tuple[str, str]]:
    """Region/City zones, as people look for them ("Europe/Berlin"), and UTC."""
    names = sorted(
        z for z in time_zone_names() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    )
    return [("UTC", "UTC")] + [(z, z.replace("_", " ")) for z in names]


def country_choices() -> list[tuple[str, str]]:
    """The countries of `country_names`, named and sorted in the active language."""
    names = babel_locale().territories
    choices = [(code, names.get(code, english)) for code, english in country_names().items()]
    return sorted(choices, key=lambda choice: _sort_key(choice[1]))


def _sort_key(name: str) -> str:
    # "Österreich" among the O's, not after "Zypern".
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class SkillsField(MultiValueField):
    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value


class UsersChoiceField(ids.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class RequisitionFilterForm(forms.Form):
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        empty_label=gettext_lazy("All clients"),
        label=gettext_lazy("Client"),
    )
    status = forms.ChoiceField(
        choices=[("", gettext_lazy("Any status")), *Requisition.Status.choices],
        required=False,
        label=gettext_lazy("Status"),
    )
    priority = forms.ChoiceField(
        choices=[("", gettext_lazy("Any priority")), *Requisition.Priority.choices],
        required=False,
        label=gettext_lazy("Priority"),
    )
    recruiter = UserChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Anyone"),
        label=gettext_lazy("Recruiter"),
    )
    mine = forms.BooleanField(required=False, label=gettext_lazy("Only mine"))

    def __init__(self, *args, access, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(access)
        if access.is_provider_staff:
            self.fields["recruiter"].queryset = assigned_staff(access.client_ids)
        else:
            del self.fields["recruiter"]


class RequisitionForm(forms.ModelForm):
    """Every field of a requisition people fill in; who may pick what is set by the view."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(), empty_label=None, label=gettext_lazy("Client")
    )
    hiring_manager = UserChoiceField(
        queryset=User.objects.none(), required=False, label=gettext_lazy("Hiring manager")
    )
    recruiters = UsersChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        label=gettext_lazy("Recruiters"),
        help_text=gettext_lazy("Provider staff assigned to this client."),
    )
    must_have_skills = SkillsField(
        required=False,
        label=gettext_lazy("Must-have skills"),
        help_text=gettext_lazy("One per line or between commas."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    nice_to_have_skills = SkillsField(
        required=False,
        label=gettext_lazy("Nice-to-have skills"),
        help_text=gettext_lazy("One per line or between commas."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    pipeline_template = forms.ModelChoiceField(
        queryset=PipelineTemplate.objects.none(),
        required=False,
        empty_label=gettext_lazy("The client's default"),
        label=gettext_lazy("Pipeline template"),
        help_text=gettext_lazy("Its stages are copied to the requisition when it opens."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Requisition
        fields = [
            "title",
            "department",
            "location",
            "country",
            "remote_policy",
            "employment_type",
            "salary_min",
            "salary_max",
            "salary_currency",
            "openings",
            "priority",
            "hiring_manager",
            "recruiters",
            "target_start",
            "time_zone",
            "description",
            "must_have_skills",
            "nice_to_have_skills",
            "pipeline_template",
        ]
        labels = {
            "title": gettext_lazy("Title"),
            "department": gettext_lazy("Department"),
            "location": gettext_lazy("Location"),
            "remote_policy": gettext_lazy("Remote policy"),
            "employment_type": gettext_lazy("Employment type"),
            "salary_min": gettext_lazy("Salary from"),
            "salary_max": gettext_lazy("Salary to"),
            "salary_currency": gettext_lazy("Currency"),
            "openings": gettext_lazy("Openings"),
            "priority": gettext_lazy("Priority"),
            "target_start": gettext_lazy("Target start date"),
            "time_zone": gettext_lazy("Time zone of the job"),
            "description": gettext_lazy("Description"),
        }
        help_texts = {
            "time_zone": gettext_lazy(
                "Interviews are offered and shown to candidates in this zone."
            ),
        }
        widgets = {
            "target_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 12}),
        }

    field_order = ["client"]

    def __init__(self, *args, access, client: Client | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        if client is not None:
            del self.fields["client"]
            client_ids = [client.pk]
        else:
            raisable = [cid for cid in access.client_ids if requisition_may_raise(access, cid)]
            self.fields["client"].queryset = Client.objects.filter(pk__in=raisable)
            client_ids = raisable
        self.fields["hiring_manager"].queryset = client_users(client_ids)
        if access.is_provider_staff:
            self.fields["recruiters"].queryset = assigned_staff(client_ids)
            self.fields["pipeline_template"].queryset = PipelineTemplate.objects.filter(
                client_id__in=client_ids
            )
        else:
            # Who at the provider works the requisition, and how, is the provider's call.
            del self.fields["recruiters"]
            del self.fields["pipeline_template"]
        self.fields["title"].widget.attrs["autofocus"] = True
        self.fields["country"] = forms.ChoiceField(
            choices=[("", _("Not set")), *country_choices()],
            required=False,
            label=gettext_lazy("Country of the job"),
            help_text=_(
                "Where the job is. It decides which voluntary self-identification questions "
                "applicants are asked (the US EEO questions for US jobs only) and which "
                "retention rules apply."
            ),
        )
        self.fields["time_zone"] = forms.ChoiceField(
            choices=[("", _("Not set (each coordinator's own)"))] + zone_choices(),
            required=False,
            label=self.Meta.labels["time_zone"],
            help_text=self.Meta.help_texts["time_zone"],
        )

    def clean_salary_currency(self) -> str:
        value = self.cleaned_data["salary_currency"].strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError(_("Three letters, such as EUR or USD."))
        return value

    def clean(self):
        data = super().clean()
        client = data.get("client") or getattr(self.instance, "client", None)
        if client is None:
            return data
        manager = data.get("hiring_manager")
        if manager and not client_users([client.pk]).filter(pk=manager.pk).exists():
            self.add_error("hiring_manager", _("Choose a user of this client."))
        template = data.get("pipeline_template")
        if template and template.client_id != client.pk:
            self.add_error("pipeline_template", _("Choose a template of this client."))
        recruiters = data.get("recruiters")
        if recruiters:
            allowed = set(assigned_staff([client.pk]).values_list("pk", flat=True))
            if any(r.pk not in allowed for r in recruiters):
                self.add_error("recruiters", _("Choose provider staff assigned to this client."))
        return data

    def requisition_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.fields and name in self.cleaned_data
        }

    def _post_clean(self) -> None:
        # The model is validated by the services, which know the client; skip the instance check.
        pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        label=gettext_lazy("Reason"),
    )


class PipelineTemplateForm(forms.Form):
    name = forms.CharField(max_length=120, label=gettext_lazy("Name"))
    is_default = forms.BooleanField(
        required=False,
        label=gettext_lazy("Default template"),
        help_text=gettext_lazy("New requisitions of this client start from it."),
    )


class StageRowForm(forms.Form):
    name = forms.CharField(max_length=80, required=False, label=gettext_lazy("Name"))
    kind = forms.ChoiceField(
        choices=[("", "—"), *StageKind.choices], required=False, label=gettext_lazy("Kind")
    )

    def clean(self):
        data = super().clean()
        if data.get("name", "").strip() and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of this stage."))
        if data.get("kind") and not data.get("name", "").strip():
            self.add_error("name", _("Name this stage."))
        return data


StageFormSet = forms.formset_factory(StageRowForm, extra=3, max_num=30, absolute_max=40)


class StageAddForm(forms.Form):
    name = forms.CharField(max_length=80, label=gettext_lazy("New stage"))
    kind = forms.ChoiceField(choices=StageKind.choices, label=gettext_lazy("Kind"))
    after = forms.TypedChoiceField(
        coerce=int, required=False, label=gettext_lazy("After"), empty_value=None
    )

    def __init__(self, *args, stages, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = [("", _("At the start")), *[(s.pk, s.name) for s in stages]]


class StageRenameForm(forms.Form):
    name = forms.CharField(max_length=80, label=gettext_lazy("Name"))


class DispositionForm(forms.ModelForm):
    class Meta:
        model = DispositionReason
        fields = ["name", "applies_to"]
        labels = {"name": gettext_lazy("Reason"), "applies_to": gettext_lazy("Used when")}
