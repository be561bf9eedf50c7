"""Requisition pages and messages in the staff user's language (User.language).

The German assertions need the compiled catalogues (outhire/locale), as in the merged repository.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from outhire.requisitions import transitions
from outhire.requisitions.models import Requisition
from outhire.testing import login


@pytest.fixture
def german_rita(rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    return rita


def test_the_requisition_page_is_german_for_a_german_user(client, german_rita, draft):
    login(client, german_rita)
    page = client.get(reverse("requisitions:requisition_detail", args=[draft.pk])).content.decode()
    assert "Zur Freigabe einreichen" in page and "Status ändern" in page
    assert "<dt>Hiring Manager</dt>" in page and "Entwurf" in page
    assert "Submit for approval" not in page


def test_the_requisition_list_and_form_are_german(client, german_rita, draft):
    login(client, german_rita)
    page = client.get(reverse("requisitions:requisition_list")).content.decode()
    assert "<h1>Stellenanforderungen</h1>" in page and "1 Stellenanforderung" in page
    form = client.get(reverse("requisitions:requisition_edit", args=[draft.pk])).content.decode()
    assert "Gewünschter Starttermin" in form and "Muss-Fähigkeiten" in form


def test_messages_follow_the_users_language(client, german_rita, draft):
    login(client, german_rita)
    response = client.post(reverse("requisitions:requisition_submit", args=[draft.pk]), follow=True)
    assert "Der Kunde hat keine Freigabekette: Die Stellenanforderung ist offen." in (
        response.content.decode()
    )


def test_a_refused_transition_says_so_in_each_language():
    english = str(transitions.TransitionRefused(Requisition.Status.DRAFT, "hold").messages[0])
    assert english == (
        "A requisition that is draft cannot become on hold. "
        "Only an open requisition can be put on hold."
    )
    with translation.override("de"):
        german = transitions.TransitionRefused(Requisition.Status.DRAFT, "hold").messages[0]
    assert german == (
        "Eine Stellenanforderung mit dem Status „Entwurf“ kann nicht in den Status „Pausiert“ "
        "wechseln. Nur eine offene Stellenanforderung kann pausiert werden."
    )


def test_countries_are_named_and_sorted_in_the_users_language():
    from outhire.requisitions.forms import country_choices

    with translation.override("de"):
        german = dict(country_choices())
        order = [code for code, _name in country_choices()]
    assert german["DE"] == "Deutschland" and german["AT"] == "Österreich"
    assert order.index("AT") < order.index("PL")  # Österreich among the O's
    assert dict(country_choices())["DE"] == "Germany"
