"""A "Language" column of an import: the language we write to each candidate in."""

from __future__ import annotations

from django.conf import settings

from outhire.candidates.imports.rows import LANGUAGE_WORDS, csv_rows, guess_mapping, language_of
from outhire.candidates.imports.tests.samples import csv_bytes
from outhire.candidates.models import Candidate


def test_the_import_reads_a_language_column():
    assert guess_mapping(["First name", "E-mail", "Preferred language"]) == [
        "first_name",
        "email",
        "language",
    ]
    header = "first_name,language"
    data = csv_bytes("Ada,German", "Grace,fr-BE", "Alan,EN", "Mary,", "Kurt,Klingon", header=header)
    rows = list(csv_rows(data.decode(), ",", ["first_name", "language"]))
    assert [r.values.get("language", "") for r in rows] == ["de", "fr", "en-gb", "", ""]
    assert rows[4].errors == [("language", "is not a language we write in (en-gb, de, es, fr, nl)")]


def test_the_import_sets_the_language_of_new_and_known_candidates(rita, ada, run):
    ada_row = "Ada,Lovelace,ada@example.org,Deutsch"
    job = run(
        rita,
        csv_bytes(
            ada_row,
            "Grace,Hopper,grace@example.org,nl",
            header="first_name,last_name,email,language",
        ),
    )
    assert job.status == "done" and job.failed == 0
    ada.refresh_from_db()
    assert ada.language == "de"
    assert Candidate.objects.get(first_name="Grace").language == "nl"


def test_the_import_knows_every_language_of_the_settings():
    assert list(LANGUAGE_WORDS) == [code for code, _ in settings.LANGUAGES]
    for code, name in settings.LANGUAGES:
        assert language_of(code) == code and language_of(name) == code
