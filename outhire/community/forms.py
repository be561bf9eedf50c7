from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.candidates.models import TalentPool
from outhire.community.models import Community


class JoinForm(forms.Form):
    first_name = forms.CharField(max_length=100, label=gettext_lazy("First name"))
    last_name = forms.CharField(max_length=100, required=False, label=gettext_lazy("Last name"))
    email = forms.EmailField(max_length=200, label=gettext_lazy("E-mail address"))
    interests = forms.CharField(
        max_length=500,
        required=False,
        label=gettext_lazy("What kind of work interests you?"),
        help_text=gettext_lazy("Job families, roles or skills, e.g. “software engineering, data”."),
    )
    location = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Where would you like to work?"),
        help_text=gettext_lazy("Cities or regions, or “remote”."),
    )
    consent = forms.BooleanField(
        label="",  # set with the period in __init__
        error_messages={
            "required": gettext_lazy("Tick this box to join: it is what joining means.")
        },
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))

    def __init__(self, *args, community_name: str, period: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "Contact me about future roles with %(community)s for %(period)s. "
            "I can unsubscribe at any time."
        ) % {"community": community_name, "period": period}


class CampaignForm(forms.Form):
    segment = forms.ChoiceField(label=gettext_lazy("Send to"))
    interest = forms.CharField(
        max_length=200,
        required=False,
        label=gettext_lazy("Only people interested in"),
        help_text=gettext_lazy("Matched against what they told us (or their profile, for a pool)."),
    )
    location = forms.CharField(
        max_length=200, required=False, label=gettext_lazy("Only people in or near")
    )
    subject = forms.CharField(max_length=200, label=gettext_lazy("Subject"))
    body = forms.CharField(
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        label=gettext_lazy("Message"),
        help_text=gettext_lazy(
            "Plain text. Each e-mail starts with “Hello <first name>,” and ends with an "
            "unsubscribe link."
        ),
    )

    def __init__(self, *args, communities, pools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.communities = {str(c.pk): c for c in communities}
        self.pools = {str(p.pk): p for p in pools}
        self.fields["segment"].choices = [
            ("", _("Choose a community or a talent pool")),
            (
                _("Talent communities"),
                [(f"community:{c.pk}", c.name) for c in self.communities.values()],
            ),
            (_("Talent pools"), [(f"pool:{p.pk}", p.name) for p in self.pools.values()]),
        ]

    def clean_segment(self) -> Community | TalentPool:
        kind, _colon, pk = self.cleaned_data["segment"].partition(":")
        found = (self.communities if kind == "community" else self.pools).get(pk)
        if found is None:
            raise forms.ValidationError(_("Choose a community or a talent pool from the list."))
        return found
