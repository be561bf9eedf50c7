from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.forms import UserChoiceField
from outhire.accounts.models import Client, User
from outhire.accounts.roles import PROVIDER_ROLES, Role

# Who may stand in a client's chain besides the provider's staff.
APPROVER_ROLES = [Role.CLIENT_ADMIN, Role.HIRING_MANAGER]


def approver_choices(client: Client):
    """Who may stand in `client`'s chains: its hiring managers and client admins, including
    those invited to these roles who have not accepted yet (they find their approvals when
    they join), its provider staff and the provider admins."""
    roles = [r.value for r in APPROVER_ROLES]
    return User.objects.filter(
        Q(memberships__client=client, memberships__role__in=roles)
        | Q(memberships__client=client, provider_role__in=[r.value for r in PROVIDER_ROLES])
        | Q(provider_role=Role.ADMIN)
        | Q(
            invitations__client=client,
            invitations__role__in=roles,
            invitations__accepted_at__isnull=True,
            invitations__revoked_at__isnull=True,
            invitations__expires_at__gt=timezone.now(),
        ),
        is_active=True,
    ).distinct()


class ApproverChoiceField(UserChoiceField):
    def label_from_instance(self, obj: User) -> str:
        label = super().label_from_instance(obj)
        return (
            label
            if obj.has_joined
            else _("%(label)s, invited (has not joined yet)") % {"label": label}
        )


class ApproverForm(forms.Form):
    approver = ApproverChoiceField(
        queryset=User.objects.none(), label=gettext_lazy("Add an approver")
    )

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = approver_choices(client).order_by("full_name")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("send_back", gettext_lazy("Send back"))],
        widget=forms.RadioSelect,
        label=gettext_lazy("Decision"),
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label=gettext_lazy("Comment"),
        help_text=gettext_lazy("Required when you send it back."),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"
