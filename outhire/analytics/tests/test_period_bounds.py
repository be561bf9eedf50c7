"""Periods at the ends of the calendar (year 1, year 9999) are refused, not a 500: the
previous period of 0001-01-01 and the day after 9999-12-31 do not exist."""

from __future__ import annotations

import pytest

from outhire.accounts.services import api_token_create
from outhire.testing import bearer, login

EDGES = [("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31"), ("1899-12-01", "1900-01-02")]


@pytest.mark.parametrize(("start", "end"), EDGES)
def test_the_api_refuses_a_period_out_of_range(client, acme, alice, start, end):
    _, secret = api_token_create(name="Alice's token", client=None, can_write=False, by=alice)
    response = client.get(
        "/api/v1/analytics/acme/kpis", {"from": start, "to": end}, headers=bearer(secret)
    )
    assert response.status_code == 422


@pytest.mark.parametrize(("start", "end"), EDGES)
def test_the_dashboard_ignores_a_period_out_of_range(client, acme, alice, start, end):
    login(client, alice)
    response = client.get("/analytics/acme/", {"start": start, "end": end})
    assert response.status_code == 200


@pytest.mark.parametrize("month", ["0001-01", "9999-12"])
def test_the_report_page_refuses_a_month_out_of_range(client, acme, alice, month):
    login(client, alice)
    for path in ("/analytics/acme/report/", "/analytics/acme/report.csv"):
        response = client.get(path, {"month": month})
        assert response.status_code in (200, 400, 404), path
