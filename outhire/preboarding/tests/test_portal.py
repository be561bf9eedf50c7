"""The candidate portal's home lists an open pre-boarding checklist with the new hire's link."""

from __future__ import annotations

from outhire.portal.tests.helpers import sign_in_by_mail
from outhire.preboarding import services, tokens
from outhire.preboarding.tests.factories import make_hire


def test_the_portal_home_links_the_new_hires_page(
    client, acme, rita, hank, carla, django_capture_on_commit_callbacks
):
    hire = make_hire(acme, rita, hank)
    sign_in_by_mail(client, "ada.lovelace@people.test", django_capture_on_commit_callbacks)
    page = client.get("/me/").content.decode()
    assert "Before your first day: Robotics Engineer at Acme Robotics" in page
    assert f"/welcome/{tokens.welcome_token(hire.preboarding)}/" in page
    services.checklist_hand_over(checklist=hire.preboarding, by=carla)
    assert "Before your first day" not in client.get("/me/").content.decode()
