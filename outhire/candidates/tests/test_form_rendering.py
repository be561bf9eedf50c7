"""The shared form rendering (outhire/templates/forms/), seen through the note form.

Every `{{ form }}` of the staff app is drawn by it: after a 400 an error summary heads the form
with a link to each field, required fields say so in words, and a radio group is a fieldset
whose legend is the question with each radio beside its own label.
"""

from __future__ import annotations

import re
from html import unescape

from outhire.candidates.forms import NoteForm
from outhire.testing import login


def _summary(html: str) -> str:
    match = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_it_heads_a_form_with_errors_with_a_summary_linking_to_each_field():
    form = NoteForm({"body": "", "visibility": ""})
    html = str(form)
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "Please check 2 things below." in summary
    # The textarea itself; for the radio group, its first radio (the group has no input of its own).
    assert '<a href="#id_body">Note</a>: This field is required.' in summary
    assert '<a href="#id_visibility_0">Who may read it</a>' in summary
    assert 'id="id_body"' in html and 'id="id_visibility_0"' in html
    # Before the first field, so it is read and reached first.
    assert html.index("error-summary") < html.index('id="id_body"')


def test_a_form_without_errors_has_no_summary():
    assert "error-summary" not in str(NoteForm())
    assert "error-summary" not in str(NoteForm({"body": "Fine", "visibility": "provider"}))


def test_required_fields_are_marked_in_words_and_the_marker_is_explained_once():
    html = str(NoteForm())
    assert html.count("Fields marked") == 1
    # Beside a label the word is for the eye: the textarea's `required` attribute is what a
    # screen reader announces, and the label stays "Note:". A legend has no input: read there.
    assert (
        '<label for="id_body">Note:</label> <span class="required" aria-hidden="true">required'
        "</span>" in html
    )
    assert '<legend>Who may read it: <span class="required">required</span></legend>' in html
    assert re.search(r"<textarea[^>]*\brequired\b[^>]*>", html)


def test_an_optional_field_is_not_marked_required():
    form = NoteForm()
    form.fields["body"].required = False
    form.fields["visibility"].required = False
    html = str(form)
    assert '<label for="id_body">Note:</label>' in html and "Fields marked" not in html
    assert "<legend>Who may read it:</legend>" in html


def test_each_radio_sits_with_its_own_label_in_a_fieldset():
    html = str(NoteForm())
    fieldset = re.search(r'<fieldset class="field choice-group".*?</fieldset>', html, re.S).group(0)
    assert "<legend>Who may read it:" in fieldset
    choices = re.findall(
        r'<div class="choice"><input type="radio"[^>]*id="([^"]+)"[^>]*>'
        r'<label for="([^"]+)">([^<]+)</label></div>',
        fieldset,
    )
    assert [(i, f) for i, f, _ in choices] == [
        ("id_visibility_0", "id_visibility_0"),
        ("id_visibility_1", "id_visibility_1"),
    ]
    assert [unescape(text) for _, _, text in choices] == [
        "Provider staff only",
        "Shared with the client's hiring team",
    ]
    # The label follows its own input: not wrapped round it (Django's default) nor elsewhere.
    assert "<label" not in fieldset.split('<div class="choices"')[0]


def test_an_empty_note_comes_back_with_the_summary(client, rita, ada):
    login(client, rita)
    response = client.post(f"/candidates/{ada.pk}/notes/", {"body": "", "visibility": "shared"})
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert '<a href="#id_body">Note</a>' in summary and "visibility" not in summary


def test_a_required_select_without_a_blank_choice_says_so_with_aria_required():
    from django import forms

    class Pick(forms.Form):
        colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")])

    html = str(Pick())
    # Django leaves `required` off a select that always has a value; the marker still applies.
    assert re.search(r'<select name="colour"[^>]*aria-required="true"', html)
    assert '<label for="id_colour">Colour:</label> <span class="required"' in html
