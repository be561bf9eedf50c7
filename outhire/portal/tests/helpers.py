"""Helpers of the portal tests: signing in as a candidate would, through the e-mail."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail
from django.urls import reverse


def link_from_outbox(address: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [address]][-1:]
    return urlsplit(re.search(r"https?://\S+/me/link/\S+/", message.body).group(0)).path


def sign_in_by_mail(client, address: str, capture) -> None:
    with capture(execute=True):
        response = client.post(reverse("portal:home"), {"email": address})
    assert response.status_code == 302
    response = client.post(link_from_outbox(address))
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
