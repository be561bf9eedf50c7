"""The shared templates, the staff menu, the formatting words and the stylesheet in other
languages (German for a German user, right-to-left markup, words around figures).

The German texts come from the compiled catalogues (outhire/locale, `make messages`)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import translation

from outhire.lib import formatting as fmt
from outhire.testing import login

CSS = Path(settings.BASE_DIR) / "outhire" / "static" / "outhire" / "outhire.css"


def test_the_404_page_is_german_for_a_german_user(client, alice):
    alice.language = "de"
    alice.save(update_fields=["language"])
    login(client, alice)
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="de" dir="ltr">' in page
    assert "Nicht gefunden" in page and "Zur Startseite" in page
    assert "Not found" not in page


def test_the_404_page_stays_english_for_an_english_user(client, alice):
    login(client, alice)
    page = client.get("/no-such-page/").content.decode()
    assert "Not found" in page and "Go to the home page" in page


def test_the_staff_menu_is_german_for_a_german_user(client, alice):
    alice.language = "de"
    alice.save(update_fields=["language"])
    login(client, alice)
    page = client.get("/").content.decode()
    assert "Zum Inhalt springen" in page
    assert 'aria-label="Hauptmenü"' in page
    assert ">Stellenanforderungen</a>" in page and ">Abmelden</button>" in page
    assert "Sign out" not in page


def test_the_500_page_renders_without_a_request_in_the_active_language():
    with translation.override("de"):
        page = get_template("500.html").render()
    assert '<html lang="de" dir="ltr">' in page
    assert "Etwas ist schiefgelaufen" in page
    page = get_template("500.html").render()
    assert "Something went wrong" in page


def test_a_right_to_left_language_sets_dir_rtl():
    with translation.override("ar"):
        page = render_to_string("404.html")
    assert re.search(r'<html lang="ar" dir="rtl">', page)
    with translation.override("de"):
        assert 'dir="ltr"' in render_to_string("404.html")


def test_days_and_hours_are_written_in_the_active_language():
    assert fmt.days(3) == "3 days" and fmt.days(1) == "1 day" and fmt.hours(2.5) == "2.5 hours"
    with translation.override("de"):
        assert fmt.days(3) == "3 Tage"
        assert fmt.days(1) == "1 Tag"
        assert fmt.hours(2.5) == "2,5 Stunden"
    with translation.override("fr"):
        assert fmt.days(12.5) == "12,5 jours"
    assert fmt.days(3, locale="de_DE") == "3 Tage"


def test_a_date_range_follows_the_language():
    assert fmt.date_range(date(2026, 11, 1), date(2026, 11, 30)) == "1 Nov 2026 to 30 Nov 2026"
    with translation.override("de"):
        assert fmt.date_range(date(2026, 11, 1), date(2026, 11, 30)) == (
            "01.11.2026 bis 30.11.2026"
        )


def test_the_required_marker_is_translated():
    from django import forms

    from outhire.lib.forms import FormRenderer

    class Form(forms.Form):
        name = forms.CharField(label="Name")

    with translation.override("de"):
        html = str(Form(renderer=FormRenderer()))
    assert ">Pflicht</span>" in html and "markierte Felder müssen ausgefüllt werden" in html


# Physical properties that must stay physical, each with why. Nothing else in outhire.css may
# name a left or right side: the page mirrors in a right-to-left language.
PHYSICAL_ALLOWED: set[str] = set()
PHYSICAL = re.compile(
    r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|left|right"
    r"|border-(?:top|bottom)-(?:left|right)-radius)\s*:"
    r"|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|clear\s*:\s*(?:left|right)"
)


def test_outhire_css_has_no_physical_left_or_right():
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    found = {match.group(0) for match in PHYSICAL.finditer(css)} - PHYSICAL_ALLOWED
    assert not found, f"use logical properties (inline-start/end) instead of: {sorted(found)}"
