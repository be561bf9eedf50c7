"""The workforce forecast and the monthly reports through the JSON API."""

from __future__ import annotations

from datetime import date

from outhire.analytics.models import MonthlyReport, WorkforcePlan
from outhire.testing import bearer


def test_the_forecast_has_the_pages_rows(client, acme, carla, token_for):
    WorkforcePlan.objects.create(
        client=acme,
        job_family="engineering",
        year=2027,
        quarter=1,
        target_headcount=30,
        current_headcount=25,
        attrition_rate=0.05,
    )
    body = client.get("/api/v1/analytics/acme/forecast", headers=bearer(token_for(carla, acme)))
    assert body.status_code == 200
    data = body.json()
    [row] = data["rows"]
    assert (row["job_family"], row["year"], row["quarter"]) == ("engineering", 2027, 1)
    assert row["hires_needed"] >= 5 and row["open_by"] < row["need_date"]
    assert data["quarters"][0]["hires_needed"] == row["hires_needed"]
    assert {a["name"] for a in data["assumptions"]}


def test_reports_list_and_one_month(client, acme, rita, token_for):
    MonthlyReport.objects.create(client=acme, month=date(2026, 10, 1), commentary="Busy month.")
    headers = bearer(token_for(rita))
    [item] = client.get("/api/v1/analytics/acme/reports", headers=headers).json()
    assert item["month"] == "2026-10" and item["commentary"] == "Busy month."
    one = client.get("/api/v1/analytics/acme/reports/2026-10", headers=headers).json()
    assert one["commentary"] == "Busy month." and one["rows"]
    empty = client.get("/api/v1/analytics/acme/reports/2026-09", headers=headers).json()
    assert empty["commentary"] == "" and empty["updated_at"] is None and empty["rows"]
    for bad in ("2026-13", "26-10", "2026-10-01", "abcd-ef"):
        response = client.get(f"/api/v1/analytics/acme/reports/{bad}", headers=headers)
        assert response.status_code == 422, bad


def test_another_clients_numbers_are_not_found(client, acme, gina, globex, token_for):
    headers = bearer(token_for(gina, globex))
    assert client.get("/api/v1/analytics/acme/forecast", headers=headers).status_code == 404
    assert client.get("/api/v1/analytics/acme/reports", headers=headers).status_code == 404
