"""Forms of the import and export pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.candidates.imports.rows import FIELD_CHOICES, FIELDS_BY_KEY, mapping_problems


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File to import"),
        help_text=gettext_lazy(
            "A CSV file (one candidate per row, column names in the first row), or a "
            "JSON Resume file (.json: one resume, or a list of them)."
        ),
    )
    resumes = forms.FileField(
        required=False,
        label=gettext_lazy("Resumes (optional, CSV only)"),
        help_text=gettext_lazy(
            "A .zip of resume files (PDF, DOCX, ODT, RTF, HTML or text); a column of the "
            "CSV names each row's file."
        ),
    )
    source_system = forms.CharField(
        required=False,
        max_length=40,
        label=gettext_lazy("System you are moving from"),
        help_text=gettext_lazy(
            "e.g. Bullhorn or Greenhouse. Its record ids are remembered under this name, "
            "so importing a newer export later updates the same people."
        ),
    )


class ImportMappingForm(forms.Form):
    """One choice of candidate field per column of the file."""

    source_system = forms.CharField(
        required=False,
        max_length=40,
        label=gettext_lazy("System you are moving from"),
        help_text=gettext_lazy("Needed when a column holds that system's record ids."),
    )

    def __init__(self, *args, header: list[str], mapping: list[str], samples, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.header = header
        self.columns = []
        for index, name in enumerate(header):
            key = f"column_{index}"
            self.fields[key] = forms.ChoiceField(
                choices=[(key, _(label)) for key, label in FIELD_CHOICES],
                required=False,
                label=name,
                initial=mapping[index] if index < len(mapping) else "",
            )
            values = [row[index] for row in samples if index < len(row) and row[index].strip()]
            self.columns.append((self[key], values[:3]))

    def clean(self):
        cleaned = super().clean()
        if self.header:  # a JSON Resume file has no columns to map
            for problem in mapping_problems(self.mapping(), len(self.header)):
                self.add_error(None, _(problem))
        return cleaned

    def mapping(self) -> list[str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        mapping = []
        for index in range(len(self.header)):
            value = data.get(f"column_{index}") or ""
            mapping.append(value if value in FIELDS_BY_KEY else "")
        return mapping
