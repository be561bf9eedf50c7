from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.interviews import ics, slots
from outhire.interviews.models import RATING_ANCHORS, InterviewPlan, Kind, Recommendation
from outhire.lib import ids

MAX_ICS_BYTES = ics.MAX_BYTES


def zone_choices() -> list[tuple[str, str]]:
    return [("UTC", "UTC")] + [(z, z.replace("_", " ")) for z in slots.time_zone_choices()]


class ZoneField(forms.ChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", gettext_lazy("Time zone"))
        super().__init__(choices=zone_choices, **kwargs)


class UserChoice(ids.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


class PlanForm(forms.ModelForm):
    video_url = forms.URLField(
        max_length=500, required=False, label=gettext_lazy("Video link"), assume_scheme="https"
    )
    questions_text = forms.CharField(
        label=gettext_lazy("Questions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    class Meta:
        model = InterviewPlan
        fields = [
            "stage",
            "name",
            "kind",
            "duration_minutes",
            "interviewers",
            "competencies",
            "location",
            "video_url",
            "instructions",
        ]
        labels = {
            "duration_minutes": gettext_lazy("Duration (minutes)"),
            "competencies": gettext_lazy("Focus competencies"),
            "video_url": gettext_lazy("Video link"),
            "instructions": gettext_lazy("Notes for the interviewers"),
        }
        widgets = {
            "interviewers": forms.CheckboxSelectMultiple,
            "competencies": forms.CheckboxSelectMultiple,
            "instructions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, requisition, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = requisition.stages.filter(archived=False)
        self.fields["interviewers"] = UserChoice(
            queryset=people,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=gettext_lazy("Interviewers"),
        )
        self.fields["competencies"].queryset = requisition.competencies.all()
        if self.instance.pk:
            self.fields["questions_text"].initial = "\n".join(self.instance.questions)

    def clean_questions_text(self) -> list[str]:
        lines = self.cleaned_data["questions_text"].splitlines()
        return [line.strip()[:500] for line in lines if line.strip()][:50]


class PlanPickForm(forms.Form):
    """Choose an interview of the plan to fill the new interview's form with (a GET)."""

    plan = forms.ModelChoiceField(
        queryset=InterviewPlan.objects.none(),
        required=False,
        label=gettext_lazy("From the plan"),
        empty_label=gettext_lazy("No plan: set it up here"),
    )

    def __init__(self, *args, plans, **kwargs) -> None:
        kwargs.setdefault("auto_id", "pick_%s")  # beside the interview form's own fields
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class InterviewForm(forms.Form):
    """A new interview. Filled from the plan when one was picked (`initial_from_plan`); the
    page shows the plan's values at once, and what the form then holds is what is created."""

    plan = forms.ModelChoiceField(
        queryset=InterviewPlan.objects.none(), required=False, widget=forms.HiddenInput
    )
    # The plan the visible values were filled from: when a plan comes without it (a form
    # posted without being filled), the plan's own values are taken.
    from_plan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=120, required=False, label=gettext_lazy("Title"))
    kind = forms.ChoiceField(choices=Kind.choices, label=gettext_lazy("Kind"))
    duration_minutes = forms.IntegerField(
        min_value=10, max_value=480, initial=45, label=gettext_lazy("Duration (minutes)")
    )
    interviewers = UserChoice(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Interviewers"),
    )
    time_zone = ZoneField(
        help_text=gettext_lazy("The candidate sees times in this zone unless they change it.")
    )
    location = forms.CharField(max_length=300, required=False, label=gettext_lazy("Location"))
    video_url = forms.URLField(
        max_length=500, required=False, label=gettext_lazy("Video link"), assume_scheme="https"
    )

    def __init__(self, *args, plans, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["interviewers"].queryset = people

    @staticmethod
    def initial_from_plan(plan: InterviewPlan) -> dict:
        return {
            "plan": plan.pk,
            "from_plan": plan.pk,
            "title": plan.name,
            "kind": plan.kind,
            "duration_minutes": plan.duration_minutes,
            "interviewers": [u.pk for u in plan.interviewers.all()],
            "location": plan.location,
            "video_url": plan.video_url,
        }

    def clean(self) -> dict:
        data = super().clean()
        plan = data.get("plan")
        if plan is not None:
            if data.get("from_plan") != plan.pk:
                data["kind"] = plan.kind
                data["duration_minutes"] = plan.duration_minutes
            data["title"] = data.get("title") or plan.name
            if not data.get("interviewers"):
                data["interviewers"] = list(plan.interviewers.all())
            data["location"] = data.get("location") or plan.location
            data["video_url"] = data.get("video_url") or plan.video_url
        if not data.get("title"):
            self.add_error("title", _("Give the interview a title, or choose it from the plan."))
        if not data.get("interviewers"):
            self.add_error("interviewers", _("Choose at least one interviewer."))
        return data


class SlotForm(forms.Form):
    """A start time chosen among the offered slots (ISO 8601 in UTC)."""

    slot = forms.ChoiceField(label=gettext_lazy("Time"))
    tz = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offered: list[datetime], zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        local = ZoneInfo(zone)
        self.offered = {s.astimezone(UTC).isoformat(): s for s in offered}
        self.fields["slot"].choices = [
            (key, f"{s.astimezone(local):%a %d %b %Y, %H:%M}") for key, s in self.offered.items()
        ]
        self.fields["slot"].error_messages["invalid_choice"] = _(
            "This time is no longer offered; choose another one."
        )

    def clean_slot(self) -> datetime:
        return self.offered[self.cleaned_data["slot"]]


def slots_by_day(offered: list[datetime], zone: str) -> list:
    """[(local day, [(form value, local time), ...]), ...] for the slot picker."""
    return [
        (day, [(t.astimezone(UTC).isoformat(), t) for t in times])
        for day, times in slots.by_local_day(offered, zone)
    ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        required=False,
        label=gettext_lazy("Reason (optional)"),
        widget=forms.TextInput,
    )


class ScorecardForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Overall recommendation"),
    )
    notes = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=gettext_lazy("Notes"),
    )

    def __init__(self, *args, competencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        choices = [(str(n), f"{n}: {text}") for n, text in RATING_ANCHORS.items()]
        for competency in competencies:
            self.fields[f"rating_{competency.pk}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                label=competency.name,
                help_text=competency.description,
            )
            self.fields[f"note_{competency.pk}"] = forms.CharField(
                required=False,
                max_length=2000,
                label=_("Evidence for %(competency)s (optional)") % {"competency": competency.name},
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # In the order of the page (ratings, then the overall view), so the error summary is too.
        for name in ("recommendation", "notes"):
            self.fields[name] = self.fields.pop(name)

    def rows(self) -> list:
        return [(c, self[f"rating_{c.pk}"], self[f"note_{c.pk}"]) for c in self.competencies]

    def ratings(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"rating_{c.pk}"], self.cleaned_data[f"note_{c.pk}"])
            for c in self.competencies
        }


class AvailabilityForm(forms.Form):
    time_zone = ZoneField()
    hours = forms.CharField(
        label=gettext_lazy("Working hours"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=gettext_lazy(
            'One line per working day, in your time zone: "Mon 09:00-12:00, 13:00-17:30".'
        ),
    )
    buffer_minutes = forms.IntegerField(
        min_value=0, max_value=240, label=gettext_lazy("Buffer around each meeting (minutes)")
    )
    calendar_url = forms.URLField(
        required=False,
        max_length=1000,
        assume_scheme="https",
        label=gettext_lazy("Calendar link (.ics, optional)"),
        help_text=gettext_lazy(
            "A private https address of your calendar; busy times are read from it hourly."
        ),
    )

    def clean_hours(self) -> dict:
        try:
            hours = slots.parse_hours(self.cleaned_data["hours"])
        except ValueError as error:
            raise ValidationError(str(error)) from None
        return slots.hours_to_json(hours)

    def clean_calendar_url(self) -> str:
        url = self.cleaned_data["calendar_url"]
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("Use an https:// address."))
        return url


class BusyForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("To"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(max_length=120, required=False, label=gettext_lazy("Note (optional)"))

    def __init__(self, *args, zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(zone)

    def clean(self) -> dict:
        data = super().clean()
        for name in ("starts_at", "ends_at"):
            if data.get(name) is not None:
                # Typed in the person's own zone, whatever the server's.
                data[name] = data[name].replace(tzinfo=None).replace(tzinfo=self.zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        return data


class IcsUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Calendar file (.ics)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ICS_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload.read()


class CalendarConnectForm(forms.Form):
    """The CalDAV account whose calendar Outhire reads and writes (docs/interviews.md)."""

    server_url = forms.URLField(
        label=gettext_lazy("Calendar server address"),
        max_length=500,
        assume_scheme="https",
        help_text=(
            "Your CalDAV address: the server's, your account's or the calendar's itself, e.g. "
            "https://cloud.example.com/remote.php/dav (Nextcloud) or https://caldav.fastmail.com."
        ),
    )
    username = forms.CharField(label=gettext_lazy("User name"), max_length=200)
    password = forms.CharField(
        label=gettext_lazy("Password"),
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy(
            "Best an app password made for Outhire in your calendar's settings."
        ),
    )
