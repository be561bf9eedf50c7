"""Each user's own time zone: chosen on the account page, then every page is in it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.lib import formatting
from outhire.testing import login


def test_the_account_page_saves_a_zone_from_the_grouped_list(client, rita):
    login(client, rita)
    page = client.get(reverse("accounts:account")).content.decode()
    assert '<optgroup label="America">' in page
    assert '<option value="America/New_York">New York</option>' in page
    assert "The site&#x27;s (UTC)" in page

    response = client.post(reverse("accounts:account"), {"time_zone": "America/New_York"})
    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.time_zone == "America/New_York"
    assert AuditEvent.objects.filter(action="user.time_zone_changed").count() == 1
    page = client.get(reverse("accounts:account")).content.decode()
    assert '<option value="America/New_York" selected>' in page

    # Back to the site's zone.
    client.post(reverse("accounts:account"), {"time_zone": ""})
    rita.refresh_from_db()
    assert rita.time_zone == ""


def test_an_unknown_zone_is_a_form_error_not_a_500(client, rita):
    login(client, rita)
    response = client.post(reverse("accounts:account"), {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    rita.refresh_from_db()
    assert rita.time_zone == ""


def test_the_model_refuses_a_name_outside_the_zone_database(rita):
    rita.time_zone = "Europe/Atlantis"
    with pytest.raises(ValidationError) as error:
        rita.full_clean()
    assert "time_zone" in error.value.message_dict


def test_the_zone_is_undone_after_the_request(client, rita, settings):
    """The middleware activates the person's zone for their request only (the pages in it:
    interviews/tests/test_time_zones.py); the next request on the thread starts from the
    site's."""
    settings.TIME_ZONE = "UTC"
    rita.time_zone = "Asia/Kolkata"
    rita.save()
    login(client, rita)
    page = client.get(reverse("accounts:account")).content.decode()
    assert page.count('<option value="Asia/Kolkata" selected>') == 1
    # After the response the site's zone is back for whatever runs next on this thread.
    assert timezone.get_current_timezone_name() == "UTC"
    moment = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)
    with timezone.override("Asia/Kolkata"):
        assert formatting.date_time_zone(moment) == "11 Jan 2027, 19:30 IST"
