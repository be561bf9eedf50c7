"""The dashboards' audiences, and workforce plans entered by hand and by CSV."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.analytics.models import WorkforcePlan
from outhire.testing import login

GOOD_CSV = (
    b"job_family,year,quarter,target_headcount,current_headcount,attrition_rate\n"
    b"specialist,2027,1,12,10,10\n"
    b"Manager,2027,2,5,4,0%\n"
)


def test_client_users_see_their_dashboard_and_staff_see_every_client(
    client, acme, globex, carla, hank, alice, gina
):
    login(client, hank)
    page = client.get("/analytics/acme/")
    body = page.content.decode()
    assert page.status_code == 200
    for label in ("Time to fill", "Cost per hire", "Candidate NPS", "Retention at 1 year"):
        assert label in body
    assert "<svg" in body and "How is this computed?" in body and "docs/kpis.md" in body
    # A client user is offered their own clients, never the cross-client view.
    choice = client.get("/analytics/").content.decode()
    assert "/analytics/acme/" in choice and "Globex" not in choice
    login(client, alice)
    overview = client.get("/analytics/").content.decode()
    assert "Acme Robotics" in overview and "Globex Health" in overview
    login(client, gina)
    assert client.get("/analytics/acme/").status_code == 404


def test_bad_filters_fall_back_to_the_default_period(client, acme, carla):
    login(client, carla)
    for params in (
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"start": "nope", "recruiter": "x", "department": "Nowhere"},
        {"start": "2000-01-01", "end": "2026-01-01"},
    ):
        response = client.get("/analytics/acme/", params)
        assert response.status_code == 200, params


def test_a_plan_row_is_entered_and_forecast(client, acme, rita, hank):
    login(client, rita)
    row = {
        "job_family": "specialist",
        "year": "2027",
        "quarter": "1",
        "target_headcount": "12",
        "current_headcount": "10",
        "attrition_rate": "10",
    }
    assert client.post("/analytics/acme/plans/", row).status_code == 302
    assert client.post("/analytics/acme/plans/", {**row, "quarter": "5"}).status_code == 400
    page = client.get("/analytics/acme/plans/").content.decode()
    assert "2027 Q1" in page and "Open the requisition by" in page and "(default)" in page
    assert "Assumptions" in page and "<svg" in page
    login(client, hank)
    assert client.post("/analytics/acme/plans/", row).status_code == 403
    plan = WorkforcePlan.objects.get()
    assert client.post(f"/analytics/acme/plans/{plan.pk}/delete/").status_code == 403
    login(client, rita)
    assert client.post(f"/analytics/acme/plans/{plan.pk}/delete/").status_code == 302
    assert not WorkforcePlan.objects.exists()


def test_a_csv_plan_is_saved_whole_or_not_at_all(client, acme, rita):
    login(client, rita)
    upload = SimpleUploadedFile("plan.csv", GOOD_CSV, content_type="text/csv")
    assert client.post("/analytics/acme/plans/upload/", {"file": upload}).status_code == 302
    assert sorted(WorkforcePlan.objects.values_list("job_family", "quarter")) == [
        ("manager", 2),
        ("specialist", 1),
    ]
    bad = GOOD_CSV.replace(b"specialist,2027,1,12", b"specialist,2027,1,lots") + (
        b"specialist,2027,3,1,1,1\n"
    )
    response = client.post(
        "/analytics/acme/plans/upload/", {"file": SimpleUploadedFile("p.csv", bad)}
    )
    assert response.status_code == 400 and "Line 2" in response.content.decode()
    assert WorkforcePlan.objects.count() == 2
    missing = client.post(
        "/analytics/acme/plans/upload/", {"file": SimpleUploadedFile("p.csv", b"a,b\n1,2\n")}
    )
    assert missing.status_code == 400 and "Missing column" in missing.content.decode()


def test_the_api_gives_the_report_rows_to_the_clients_own_token(client, acme, carla, gina, globex):
    from outhire.accounts.services import api_token_create

    _, mine = api_token_create(name="BI", client=acme, can_write=False, by=carla)
    _, theirs = api_token_create(name="BI", client=globex, can_write=False, by=gina)
    url = "/api/v1/analytics/acme/kpis?from=2026-01-01&to=2026-03-31"
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {mine}")
    assert response.status_code == 200
    body = response.json()
    assert body["client"] == "acme" and body["from"] == "2026-01-01"
    assert any(row["measure"] == "time_to_fill_days" for row in body["rows"])
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {theirs}").status_code == 404
    backwards = "/api/v1/analytics/acme/kpis?from=2026-03-01&to=2026-01-01"
    answer = client.get(backwards, HTTP_AUTHORIZATION=f"Bearer {mine}")
    assert answer.status_code == 422 and answer.json()["code"]
