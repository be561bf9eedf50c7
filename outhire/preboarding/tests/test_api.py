"""The pre-boarding API: read a hire's checklist, complete an item, hand over."""

from __future__ import annotations

import pytest

from outhire.preboarding.models import Item, Kind, Party
from outhire.preboarding.tests.factories import make_hire
from outhire.testing import api_token, bearer


@pytest.fixture
def hire(acme, rita, hank):
    return make_hire(acme, rita, hank)


def test_the_checklist_through_the_api(client, hire, acme, globex, rita, carla, sam):
    url = f"/api/v1/hires/{hire.pk}/preboarding"
    answer = client.get(url, headers=bearer(api_token(rita, acme)))
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "open" and body["items_total"] == 8 and body["items_done"] == 0
    assert client.get(url, headers=bearer(api_token(sam, globex))).status_code == 404
    provider = Item.objects.get(checklist__hire=hire, party=Party.PROVIDER, kind=Kind.TASK)
    client_item = Item.objects.get(checklist__hire=hire, kind=Kind.BUDDY)
    complete = f"{url}/items/{{}}/complete"
    # The client admin may not do the provider's items; a buddy needs a name.
    refused = client.post(
        complete.format(provider.pk),
        {},
        content_type="application/json",
        headers=bearer(api_token(carla, acme)),
    )
    assert refused.status_code == 403
    invalid = client.post(
        complete.format(client_item.pk),
        {},
        content_type="application/json",
        headers=bearer(api_token(carla, acme)),
    )
    assert invalid.status_code == 422
    done = client.post(
        complete.format(client_item.pk),
        {"details": "Jo Smith, jo@acme.example"},
        content_type="application/json",
        headers=bearer(api_token(carla, acme)),
    )
    assert done.status_code == 200 and done.json()["items_done"] == 1
    no = client.post(
        f"{url}/hand-over",
        {"confirm": False},
        content_type="application/json",
        headers=bearer(api_token(carla, acme)),
    )
    assert no.status_code == 422
    over = client.post(
        f"{url}/hand-over",
        {"confirm": True},
        content_type="application/json",
        headers=bearer(api_token(carla, acme)),
    )
    assert over.status_code == 200 and over.json()["status"] == "handed_over"
    again = client.post(
        f"{url}/hand-over",
        {"confirm": True},
        content_type="application/json",
        headers=bearer(api_token(carla, acme)),
    )
    assert again.status_code == 422
