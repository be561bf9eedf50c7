from __future__ import annotations

from django import forms

from outhire.screening.matcher import Weights
from outhire.screening.models import WEIGHT_NAMES

DEFAULT_WEIGHTS = Weights()


class ScreeningSettingsForm(forms.Form):
    ai_ranking_enabled = forms.BooleanField(
        required=False,
        label="Rank candidates with the matcher",
        help_text="Scores assist recruiters; they never reject or advance anyone.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in WEIGHT_NAMES:
            self.fields[f"weight_{name}"] = forms.FloatField(
                required=False,
                min_value=0,
                max_value=100,
                label=name.replace("_", " ").capitalize(),
                help_text=f"Default {getattr(DEFAULT_WEIGHTS, name):g}; empty for the default.",
            )

    def weight_fields(self):
        return [self[f"weight_{name}"] for name in WEIGHT_NAMES]

    def weights(self) -> dict[str, float]:
        return {
            name: value
            for name in WEIGHT_NAMES
            if (value := self.cleaned_data.get(f"weight_{name}")) is not None
        }
