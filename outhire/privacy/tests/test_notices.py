"""The privacy notice of the apply form, chosen by the job's country (outhire.privacy.notices)."""

from __future__ import annotations

import pytest
from django.utils import translation

from outhire.privacy import notices, self_id


@pytest.mark.parametrize(
    "country, location, expected",
    [
        ("DE", "", notices.GDPR),
        ("fr", "Paris", notices.GDPR),
        ("IE", "", notices.GDPR),
        ("NO", "Oslo", notices.GDPR),  # EEA, not EU
        ("IS", "", notices.GDPR),
        ("LI", "", notices.GDPR),
        ("GB", "London", notices.UK_GDPR),
        ("US", "San Francisco, CA", notices.CCPA),
        ("US", "Los Angeles, California, United States", notices.CCPA),
        ("US-CA", "", notices.CCPA),
        ("US", "Austin, TX", notices.GENERAL),
        ("US", "Canton, OH", notices.GENERAL),  # "ca" inside a word is not California
        ("US", "", notices.GENERAL),
        ("CH", "Zürich", notices.GENERAL),  # neither EU nor EEA
        ("CA", "Toronto", notices.GENERAL),  # Canada, not California
        ("", "", notices.GENERAL),
    ],
)
def test_the_notice_is_chosen_by_the_job_country(country, location, expected):
    assert notices.jurisdiction(country, location) == expected


def notice(country, location=""):
    return notices.notice_for(
        country,
        location=location,
        client="Acme",
        provider="Outhire",
        contact="jobs@acme.test",
        months=24,
    )


def text_of(found) -> str:
    return " ".join([found.title, found.name, *[h + " " + p for h, p in found.sections]])


def test_the_gdpr_notice_names_roles_rights_complaint_and_retention():
    with translation.override("en-gb"):
        body = text_of(notice("DE"))
    assert "Acme decides how" in body and "(the controller)" in body and "(the processor)" in body
    for right in ("access", "rectified", "erased", "restrict", "object", "portable"):
        assert right in body
    assert "supervisory authority" in body
    assert "24 months" in body and "jobs@acme.test" in body
    assert "European Union and EEA (GDPR)" in body


def test_the_uk_notice_sends_complaints_to_the_ico():
    with translation.override("en-gb"):
        body = text_of(notice("GB"))
    assert "Information Commissioner's Office (ICO)" in body and "Data Protection Act 2018" in body


def test_the_california_notice_at_collection():
    with translation.override("en-gb"):
        found = notice("US", "San Francisco, CA")
    body = text_of(found)
    assert found.title == "Notice at collection"
    assert "sensitive personal information" in body
    assert "We do not sell your personal information" in body
    for right in ("to know", "deleted or corrected", "to limit"):
        assert right in body
    assert "at least four years" in body


def test_the_general_notice_without_a_contact_points_to_the_confirmation():
    with translation.override("en-gb"):
        found = notices.notice_for("JP", client="Acme", provider="Outhire")
    assert found.jurisdiction == notices.GENERAL
    assert "reply to the confirmation e-mail" in text_of(found)


def test_the_notice_is_in_the_active_language():
    # Needs the compiled catalogues.
    with translation.override("de"):
        found = notice("AT")
    assert found.title == "Datenschutzhinweise"
    assert found.name == "Europäische Union und EWR (DSGVO)"
    assert "Aufsichtsbehörde" in text_of(found)
    with translation.override("fr"):
        assert notice("US", "Oakland, CA").title == "Avis lors de la collecte"


def test_self_identification_labels_follow_the_language_values_stay_english():
    (sex, race) = self_id.questions_for("US")
    assert self_id.questions_for("DE") == ()
    with translation.override("es"):
        assert str(sex.label) == "Sexo" and str(race.label) == "Raza u origen étnico"
        assert dict(sex.choices)["Female"] == "Mujer"
    assert "Female" in sex.values and "Declined" in race.values
