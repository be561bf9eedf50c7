from __future__ import annotations

from django import forms
from django.db.models import Q

from outhire.accounts.forms import UserChoiceField
from outhire.accounts.models import Client, User
from outhire.accounts.roles import PROVIDER_ROLES, Role

# Who may stand in a client's chain besides the provider's staff.
APPROVER_ROLES = [Role.CLIENT_ADMIN, Role.HIRING_MANAGER]


def approver_choices(client: Client):
    return User.objects.filter(
        Q(memberships__client=client, memberships__role__in=[r.value for r in APPROVER_ROLES])
        | Q(memberships__client=client, provider_role__in=[r.value for r in PROVIDER_ROLES])
        | Q(provider_role=Role.ADMIN),
        is_active=True,
    ).distinct()


class ApproverForm(forms.Form):
    approver = UserChoiceField(queryset=User.objects.none(), label="Add an approver")

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = approver_choices(client).order_by("full_name")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("send_back", "Send back")], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="Required when you send it back.",
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
