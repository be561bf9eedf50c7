"""Every form that can come back with errors heads them with a summary (issue 19, forms).

`{{ form }}` draws one through the project's renderer (outhire/templates/forms/). A template that
lays its fields out by hand shows field errors itself, so it must include the summary too:
otherwise, after a 400, focus and the screen reader start at the top of the page, not where the
fixing starts. This reads the templates, so a new hand-written form cannot forget it.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

from outhire.testing import login

ROOT = Path(__file__).resolve().parents[1]

# Partials drawn inside a form whose template includes the summary for them.
INCLUDED_UNDER_A_SUMMARY = {
    "interviews/templates/interviews/_fields.html",  # availability, application interviews
    "templates/forms/field.html",
    "templates/forms/field_notes.html",
    "templates/forms/error_summary.html",
}
SHOWS_ERRORS = re.compile(
    r"\b(\w+(?:\.\w+)*)\.(?:non_field_errors|\w+\.errors)\b|\bfield\.errors\b"
)
HAS_SUMMARY = re.compile(r"forms/error_summary\.html|data-error-summary|\{\{ [\w.]*form \}\}")


def _templates_showing_errors():
    for path in sorted(ROOT.rglob("*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in INCLUDED_UNDER_A_SUMMARY:
            continue
        text = path.read_text()
        if "<form" in text and SHOWS_ERRORS.search(text):
            yield relative, text


def test_the_check_sees_the_hand_written_forms():
    seen = dict(_templates_showing_errors())
    # A sample of known hand-written forms: if the pattern stopped matching, the check below
    # would pass on nothing.
    assert "requisitions/templates/requisitions/requisition_detail.html" in seen
    assert "community/templates/community/join.html" in seen
    assert len(seen) > 20


def test_every_hand_written_form_with_errors_includes_the_summary():
    missing = [path for path, text in _templates_showing_errors() if not HAS_SUMMARY.search(text)]
    assert not missing, f"forms that show errors without the summary: {missing}"


def test_a_reason_form_comes_back_with_a_summary_linking_to_its_own_field(client, rita, acme):
    from outhire.requisitions.models import Requisition

    requisition = Requisition.objects.create(client=acme, title="Welder", created_by=rita)
    login(client, rita)
    response = client.post(
        reverse("requisitions:requisition_cancel", args=[requisition.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    # The cancel form's own id, not the hold form's nor a bare "id_reason" shared by both.
    assert '<a href="#cancel-reason">' in summary
    assert 'id="cancel-reason"' in html and 'id="id_reason"' not in html
