"""The home page ("My work") in the staff user's language (User.language).

The German assertions need the compiled catalogues (outhire/locale), as in the merged repository.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation

from outhire.testing import login
from outhire.work.templatetags.work import age


def test_the_home_page_is_german_for_a_german_user(client, rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    login(client, rita)
    page = client.get("/").content.decode()
    assert "Meine Aufgaben" in page and "Ihre Kunden" in page
    assert "My work" not in page


def test_ages_are_said_in_the_active_language():
    now = timezone.now()
    assert age(now - timedelta(days=3), now) == "3 days"
    assert age(now - timedelta(hours=1), now) == "1 hour"
    with translation.override("de"):
        assert age(now - timedelta(days=3), now) == "3 Tage"
        assert age(now - timedelta(seconds=5), now) == "gerade eben"
