from __future__ import annotations

from django import forms

from outhire.candidates.models import TalentPool
from outhire.community.models import Community


class JoinForm(forms.Form):
    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, required=False, label="Last name")
    email = forms.EmailField(max_length=200, label="E-mail address")
    interests = forms.CharField(
        max_length=500,
        required=False,
        label="What kind of work interests you?",
        help_text="Job families, roles or skills, e.g. “software engineering, data”.",
    )
    location = forms.CharField(
        max_length=200,
        required=False,
        label="Where would you like to work?",
        help_text="Cities or regions, or “remote”.",
    )
    consent = forms.BooleanField(
        label="",  # set with the period in __init__
        error_messages={"required": "Tick this box to join: it is what joining means."},
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, community_name: str, period: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = (
            f"Contact me about future roles with {community_name} for {period}. "
            "I can unsubscribe at any time."
        )


class CampaignForm(forms.Form):
    segment = forms.ChoiceField(label="Send to")
    interest = forms.CharField(
        max_length=200,
        required=False,
        label="Only people interested in",
        help_text="Matched against what they told us (or their profile, for a pool).",
    )
    location = forms.CharField(max_length=200, required=False, label="Only people in or near")
    subject = forms.CharField(max_length=200, label="Subject")
    body = forms.CharField(
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Message",
        help_text="Plain text. Each e-mail starts with “Hello <first name>,” and ends with an "
        "unsubscribe link.",
    )

    def __init__(self, *args, communities, pools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.communities = {str(c.pk): c for c in communities}
        self.pools = {str(p.pk): p for p in pools}
        self.fields["segment"].choices = [
            ("", "Choose a community or a talent pool"),
            (
                "Talent communities",
                [(f"community:{c.pk}", c.name) for c in self.communities.values()],
            ),
            ("Talent pools", [(f"pool:{p.pk}", p.name) for p in self.pools.values()]),
        ]

    def clean_segment(self) -> Community | TalentPool:
        kind, _, pk = self.cleaned_data["segment"].partition(":")
        found = (self.communities if kind == "community" else self.pools).get(pk)
        if found is None:
            raise forms.ValidationError("Choose a community or a talent pool from the list.")
        return found
