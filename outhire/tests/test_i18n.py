"""Languages: how a request picks one, and what `outhire i18n-check` checks (docs/translating)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from outhire.lib import i18n
from outhire.lib.i18n_check import catalogue_problems, template_problems


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("en", "en-gb"),
        ("en-US", "en-gb"),
        ("NL", "nl"),
        ("pt-BR", None),
        ("", None),
        (None, None),
    ],
)
def test_a_code_is_matched_to_a_language_outhire_speaks(code, expected):
    assert i18n.supported(code) == expected


def test_the_browser_language_is_taken_in_its_order_of_preference():
    header = "pt-BR, fr;q=0.9, de;q=0.8, en;q=0.5"
    assert i18n.from_accept_language(header, i18n.language_codes()) == "fr"
    # French is not a staff language: staff pages fall to the next one the browser accepts.
    assert i18n.from_accept_language(header, i18n.STAFF_LANGUAGES) == "de"
    assert i18n.from_accept_language("pt, *", i18n.STAFF_LANGUAGES) is None


def test_a_candidate_is_written_to_in_their_language_or_the_default(settings):
    class Person:
        language = ""

    person = Person()
    assert i18n.candidate_language(person) == settings.LANGUAGE_CODE
    person.language = "es"
    assert i18n.candidate_language(person) == "es"
    person.language = "xx"  # a code from an old row or a bad import: never an error
    assert i18n.candidate_language(person) == settings.LANGUAGE_CODE
    # Staff write and read in the staff languages only.
    person.language = "fr"
    assert i18n.user_language(person) == settings.LANGUAGE_CODE
    person.language = "de"
    assert i18n.user_language(person) == "de"


def test_an_anonymous_staff_page_follows_the_browser_among_staff_languages(client):
    german = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert german["Content-Language"] == "de"
    assert "Accept-Language" in german["Vary"]
    french = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert french["Content-Language"] == "en-gb"


def test_a_signed_in_user_reads_staff_pages_in_their_own_language(client, rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    client.force_login(rita)
    response = client.get(reverse("work:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "de"
    assert '<html lang="de" dir="ltr">' in response.content.decode()


def test_a_careers_url_names_its_language_whatever_the_browser_says(client, acme):
    with translation.override("de"):
        german = reverse("careers:board")
    assert german == "/de/careers/"
    assert client.get(german, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "de"
    default = client.get(reverse("careers:board"), HTTP_ACCEPT_LANGUAGE="de")
    assert default["Content-Language"] == "en-gb"
    # The staff pages of careers sites are not language-prefixed.
    assert client.get("/de/careers/manage/sites/").status_code == 404


def test_the_language_is_undone_after_the_response(client, rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    client.force_login(rita)
    client.get(reverse("work:home"))
    assert translation.get_language() == "en-gb"


def test_a_right_to_left_language_sets_the_direction_of_the_page(rf):
    from django.template.loader import render_to_string

    with translation.override("ar"):
        html = render_to_string("404.html", {}, request=rf.get("/"))
    assert 'dir="rtl"' in html


# --- the checks of `outhire i18n-check` ----------------------------------------------------


def _template(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "outhire" / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_text_outside_translation_tags_is_found_with_its_line(tmp_path):
    path = _template(
        tmp_path,
        "page.html",
        '{% extends "base.html" %}\n'
        "{% block content %}\n"
        "<h1>{% translate 'Your applications' %}</h1>\n"
        "<p>You applied on {{ day }}.</p>\n"
        '<input type="search" placeholder="Search jobs">\n'
        '<button type="submit" value="go">{% translate "Search" %}</button>\n'
        "{% endblock %}\n",
    )
    problems = template_problems(path, tmp_path)
    assert [(p.line, p.text) for p in problems] == [
        (4, "You applied on ."),
        (5, "Search jobs"),
    ]


def test_translated_blocks_comments_scripts_and_symbols_pass(tmp_path):
    path = _template(
        tmp_path,
        "page.html",
        "{% blocktranslate trimmed with name=person.name %}\n"
        "  Hello {{ name }}, welcome.\n"
        "{% endblocktranslate %}\n"
        "{% comment %}Written for the careers site.{% endcomment %}\n"
        "<script>const label = 'not read';</script><style>p { color: red }</style>\n"
        "<p>{{ count }} · {{ total }} &middot; 100% (PDF)</p>\n"
        '<img alt="{% translate "Logo" %}" src="x.png">\n'
        "{% block main_class %}{% if wide %}narrow{% endif %}{% endblock %}\n",
    )
    assert template_problems(path, tmp_path) == []


def test_an_email_text_line_outside_translation_tags_is_found(tmp_path):
    path = _template(
        tmp_path,
        "mail.txt",
        "{% blocktranslate %}Hello {{ name }},{% endblocktranslate %}\n\n{{ link }}\n\nThe team\n",
    )
    assert [(p.line, p.text) for p in template_problems(path, tmp_path)] == [(5, "The team")]


def _catalogue(root: Path, language: str, entries: list[polib.POEntry]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for entry in entries:
        po.append(entry)
    path = root / "outhire" / "locale" / language / "LC_MESSAGES"
    path.mkdir(parents=True)
    po.save(str(path / "django.po"))


def test_a_candidate_message_untranslated_in_any_language_is_a_problem(tmp_path):
    candidate_page = ("outhire/portal/templates/portal/home.html", "")
    staff_page = ("outhire/billing/templates/billing/invoice_list.html", "")
    _catalogue(
        tmp_path,
        "fr",
        [
            polib.POEntry(msgid="Your applications", msgstr="", occurrences=[candidate_page]),
            polib.POEntry(msgid="Invoices", msgstr="", occurrences=[staff_page]),
            polib.POEntry(
                msgid="Withdraw", msgstr="Retirer", occurrences=[candidate_page], flags=["fuzzy"]
            ),
        ],
    )
    _catalogue(
        tmp_path,
        "de",
        [
            polib.POEntry(msgid="Invoices", msgstr="", occurrences=[staff_page]),
            polib.POEntry(
                msgid="Your applications", msgstr="Ihre Bewerbungen", occurrences=[candidate_page]
            ),
        ],
    )
    problems = catalogue_problems(tmp_path, ["de", "fr", "nl"])
    assert problems == [
        "outhire/locale/de/LC_MESSAGES/django.po: untranslated "
        "(outhire/billing/templates/billing/invoice_list.html): 'Invoices'",
        "outhire/locale/fr/LC_MESSAGES/django.po: untranslated "
        "(outhire/portal/templates/portal/home.html): 'Your applications'",
        "outhire/locale/fr/LC_MESSAGES/django.po: fuzzy "
        "(outhire/portal/templates/portal/home.html): 'Withdraw'",
        "outhire/locale/nl/LC_MESSAGES/django.po: missing (run `make messages`)",
    ]


def test_dropping_the_empty_catalogues_of_a_fallback_chain_changes_no_answer():
    """`without_empty_fallbacks` shortens the chain each lookup walks; every message, ours
    translated or not, Django's own (translated for German, British for en-gb) and plurals,
    reads as it did."""
    from django.utils.translation import trans_real

    ours = polib.pofile(str(Path(i18n.__file__).parents[1] / "locale/de/LC_MESSAGES/django.po"))
    messages = [entry.msgid for entry in ours] + [
        "This field is required.",  # Django's own
        "Enter a valid email address.",
        "Not a message anywhere",
        "Move",
        "organization",  # en_GB: "organisation"? whatever Django says, the same before and after
    ]
    codes = ["en-gb", "de", "fr", "es", "nl"]

    def answers() -> dict:
        found = {}
        for code in codes:
            with translation.override(code):
                for message in messages:
                    found[code, message] = translation.gettext(message)
                found[code, "plural"] = translation.ngettext("%(count)s day", "%(count)s days", 3)
        return found

    trans_real._translations.clear()
    before = answers()
    links_before = sum(_chain_length(trans_real.translation(code)) for code in codes)
    for code in codes:
        i18n.without_empty_fallbacks(trans_real.translation(code))
    links_after = sum(_chain_length(trans_real.translation(code)) for code in codes)
    assert answers() == before
    assert before["de", "Move"] == "Verschieben" and before["en-gb", "Move"] == "Move"
    assert links_after < links_before
    for code in codes:
        link = trans_real.translation(code)._fallback
        while link is not None:
            assert isinstance(link, trans_real.DjangoTranslation) or link._catalog.keys() - {""}
            link = link._fallback


def _chain_length(link) -> int:
    length = 0
    while link is not None:
        length, link = length + 1, link._fallback
    return length


def test_a_request_shortens_its_languages_chain(client):
    from django.utils.translation import trans_real

    trans_real._translations.clear()
    client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="de")
    assert getattr(trans_real.translation("de"), "_outhire_lean", False)
