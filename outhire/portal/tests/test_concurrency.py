"""Two requests at the same moment: a double-clicked withdrawal and a sign-in link opened twice.

Real threads with their own connections, released together (the helper of
outhire/tests/test_concurrency.py). On PostgreSQL the pipeline's row lock and the unique nonce
hash decide; on SQLite writers take turns. Either way: one result, never a 500.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from outhire.pipeline.models import Application, StageEvent
from outhire.portal import tokens
from outhire.portal.models import UsedLink
from outhire.requisitions.models import DispositionReason
from outhire.tests.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_double_withdrawal_withdraws_once(signed_in, ada_application):
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    url = reverse("portal:withdraw", args=[ada_application.pk])

    chosen = DispositionReason.objects.get(
        client=ada_application.client, name="No longer interested"
    )

    def withdraw_with_reason(n, client):
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        return client.post(url, {"reason": chosen.pk, "note": f"click {n}"}, follow=True)

    answers = race(2, withdraw_with_reason)
    assert all(getattr(a, "status_code", 500) == 200 for a in answers), answers
    pages = " ".join(a.content.decode() for a in answers)
    assert "is withdrawn" in pages
    assert "already" in pages
    events = StageEvent.objects.filter(application=ada_application, kind="withdrawn")
    assert events.count() == 1
    assert Application.objects.get(pk=ada_application.pk).status == "withdrawn"


def test_a_link_used_twice_at_once_signs_in_once(ada):
    url = reverse("portal:link", args=[tokens.sign_in_token(ada.pk)])
    answers = race(2, lambda n, client: client.post(url))
    codes = sorted(getattr(a, "status_code", 500) for a in answers)
    assert codes == [302, 410]
    assert UsedLink.objects.count() == 1
