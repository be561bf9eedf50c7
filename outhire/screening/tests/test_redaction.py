"""The blind-review redaction (pure Python)."""

from __future__ import annotations

from outhire.screening.redaction import alias, redact


def test_it_hides_names_contact_details_and_links():
    text = (
        "Ada Lovelace, ada.lovelace@example.com, +44 20 7946 0018, "
        "https://linkedin.com/in/ada-lovelace. Ada led the team."
    )
    out = redact(text, ["Ada", "Lovelace"])
    for secret in ("Ada", "Lovelace", "example.com", "7946", "linkedin"):
        assert secret not in out
    assert "led the team" in out


def test_it_hides_age_and_graduation_years():
    out = redact("BSc Physics, 1998. Aged 47. Born 3 May 1976. 45 years old.")
    assert "1998" not in out and "47" not in out and "1976" not in out and "45" not in out
    assert "BSc Physics" in out and "[year]" in out


def test_it_neutralises_pronouns_titles_and_gendered_words():
    out = redact("Mrs Smith is a chairwoman; she founded her sorority. He was a waiter.")
    assert out == "Smith is a chair; they founded their student society. They was a server."


def test_it_keeps_skills_and_numbers_that_are_not_years():
    out = redact("Python, 5 years of experience, team of 12, ISO 9001")
    assert out == "Python, 5 years of experience, team of 12, ISO 9001"


def test_empty_and_alias():
    assert redact("") == ""
    assert alias(42) == "Candidate #42"
