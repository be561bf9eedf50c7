"""The costs pages: list, filters, totals, add, edit, delete, void, export, per requisition."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from outhire.accounts.models import AuditEvent
from outhire.costs.models import CostEntry
from outhire.testing import login

VALID = {
    "incurred_on": "2026-03-02",
    "category": "advertising",
    "amount": "450.00",
    "currency": "eur",
    "channel": "job_board",
    "channel_detail": "indeed",
    "description": "Sponsored post",
}


def test_a_recruiter_adds_a_cost(client, rita, acme, acme_requisition):
    login(client, rita)
    page = client.get("/clients/acme/costs/new/")
    assert page.status_code == 200 and 'for="id_amount"' in page.content.decode()
    response = client.post(
        "/clients/acme/costs/new/", {**VALID, "requisition": acme_requisition.pk}
    )
    assert response.status_code == 302 and response["Location"] == "/clients/acme/costs/"
    entry = CostEntry.objects.get()
    assert entry.currency == "EUR" and entry.requisition == acme_requisition
    assert entry.created_by == rita


def test_bad_input_shows_errors_and_keeps_what_was_typed(client, carla, acme):
    login(client, carla)
    data = {**VALID, "amount": "-3", "currency": "EURO", "category": "coffee"}
    response = client.post("/clients/acme/costs/new/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"amount", "currency", "category"}
    assert "Sponsored post" in response.content.decode()
    assert not CostEntry.objects.exists()


def test_a_requisition_of_another_client_cannot_be_chosen(client, rita, acme, globex, sam):
    from outhire.requisitions import services as requisitions

    theirs = requisitions.requisition_create(client=globex, by=sam, fields={"title": "Theirs"})
    login(client, rita)
    response = client.post("/clients/acme/costs/new/", {**VALID, "requisition": theirs.pk})
    assert response.status_code == 400 and "requisition" in response.context["form"].errors


def test_the_list_filters_and_totals_per_currency(client, hank, make_cost, acme_requisition):
    make_cost("100", requisition=acme_requisition, channel="job_board")
    make_cost("40", category="recruiter_time", incurred_on=date(2026, 4, 1))
    make_cost("75", currency="USD", channel="social")
    login(client, hank)
    body = client.get("/clients/acme/costs/").content.decode()
    assert "Totals in EUR" in body and "Totals in USD" in body
    tables = {
        t["totals"].currency: t["totals"]
        for t in client.get("/clients/acme/costs/").context["tables"]
    }
    assert tables["EUR"].total == Decimal("140") and tables["EUR"].internal == Decimal("40")
    assert tables["USD"].total == Decimal("75")
    response = client.get("/clients/acme/costs/", {"kind": "external", "channel": "job_board"})
    assert [e.amount for e in response.context["page"]] == [Decimal("100.00")]
    response = client.get(
        "/clients/acme/costs/", {"date_from": "2026-04-01", "date_to": "2026-04-30"}
    )
    assert [e.category for e in response.context["page"]] == ["recruiter_time"]
    response = client.get("/clients/acme/costs/", {"requisition": acme_requisition.pk})
    assert response.context["page"].paginator.count == 1
    response = client.get(
        "/clients/acme/costs/", {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert "before its start" in response.content.decode()


def test_readers_cannot_write_and_outsiders_see_nothing(client, hank, ivy, gina, sam, make_cost):
    entry = make_cost("100", description="Secret ad spend")
    login(client, hank)
    assert client.get(f"/costs/{entry.pk}/").status_code == 200
    assert client.get("/clients/acme/costs/new/").status_code == 403
    assert client.post(f"/costs/{entry.pk}/edit/", VALID).status_code == 403
    assert client.post(f"/costs/{entry.pk}/delete/").status_code == 403
    assert "Add a cost" not in client.get("/clients/acme/costs/").content.decode()
    for outsider in (ivy, gina, sam):
        login(client, outsider)
        for url in (
            "/clients/acme/costs/",
            f"/costs/{entry.pk}/",
            "/clients/acme/costs/export.csv",
        ):
            response = client.get(url)
            assert response.status_code == 404, (outsider, url)
            assert b"Secret ad spend" not in response.content
    assert CostEntry.objects.count() == 1


def test_an_interviewer_has_no_costs_link(client, ivy, hank, acme):
    login(client, ivy)
    assert ">Costs<" not in client.get("/").content.decode()
    assert client.get("/costs/").status_code == 404
    login(client, hank)
    assert ">Costs<" in client.get("/").content.decode()
    assert client.get("/costs/")["Location"] == "/clients/acme/costs/"


def test_edit_and_delete_are_audited(client, carla, make_cost):
    entry = make_cost("100")
    login(client, carla)
    response = client.post(f"/costs/{entry.pk}/edit/", {**VALID, "amount": "120"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount == Decimal("120.00")
    assert AuditEvent.objects.get(action="cost.updated").actor == carla
    assert "Delete this cost?" in client.get(f"/costs/{entry.pk}/delete/").content.decode()
    client.post(f"/costs/{entry.pk}/delete/")
    assert not CostEntry.objects.exists()
    assert AuditEvent.objects.filter(action="cost.deleted").count() == 1


def test_a_fee_entry_is_voided_not_edited(client, rita, make_cost):
    fee = make_cost("5000", category="rpo_fees", origin="fee_model", origin_ref="hire:5")
    login(client, rita)
    body = client.get(f"/costs/{fee.pk}/").content.decode()
    assert "Void" in body and f"/costs/{fee.pk}/edit/" not in body
    assert client.post(f"/costs/{fee.pk}/edit/", VALID).status_code == 302
    assert client.post(f"/costs/{fee.pk}/void/", {"void_reason": ""}).status_code == 400
    response = client.post(f"/costs/{fee.pk}/void/", {"void_reason": "Guarantee period"})
    assert response.status_code == 302
    fee.refresh_from_db()
    assert fee.amount == Decimal("5000.00") and fee.void_reason == "Guarantee period"
    listed = client.get("/clients/acme/costs/")
    assert listed.context["tables"] == [] and listed.context["page"].paginator.count == 0
    shown = client.get("/clients/acme/costs/", {"voided": "on"})
    assert shown.context["page"].paginator.count == 1 and shown.context["tables"] == []


def test_the_export_is_the_filtered_list_and_is_audited(client, rita, make_cost, acme_requisition):
    make_cost("100", requisition=acme_requisition, description="=HYPERLINK(1)")
    make_cost("40", category="recruiter_time")
    login(client, rita)
    response = client.get("/clients/acme/costs/export.csv", {"kind": "external"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["amount"] == "100.00" and rows[0]["requisition"] == acme_requisition.reference
    assert rows[0]["description"] == "'=HYPERLINK(1)"  # not run as a formula by a spreadsheet
    event = AuditEvent.objects.get(action="cost.exported")
    assert event.changes["entries"] == 1 and event.changes["filters"] == {"kind": "external"}


def test_an_export_imports_back_as_the_same_costs(client, rita, make_cost, acme, acme_requisition):
    from outhire.costs.imports import cost_check

    make_cost("100", requisition=acme_requisition, channel="job_board", channel_detail="indeed")
    make_cost("40", category="recruiter_time")
    login(client, rita)
    data = client.get("/clients/acme/costs/export.csv").content
    check = cost_check(client=acme, data=data)
    assert check.errors == [] and len(check.new_rows) == 2
    assert check.ignored_columns == ["kind", "origin", "voided"]


def test_the_requisition_page_adds_up(client, hank, make_cost, acme_requisition):
    for category, amount in [
        ("advertising", "450"),
        ("rpo_fees", "5000"),
        ("recruiter_time", "300"),
    ]:
        make_cost(amount, category=category, requisition=acme_requisition)
    make_cost("99", requisition=acme_requisition, currency="USD")
    login(client, hank)
    detail = client.get(f"/requisitions/{acme_requisition.pk}/").content.decode()
    assert f"/requisitions/{acme_requisition.pk}/costs/" in detail
    response = client.get(f"/requisitions/{acme_requisition.pk}/costs/")
    assert response.status_code == 200
    tables = {t["totals"].currency: t for t in response.context["tables"]}
    eur = tables["EUR"]["totals"]
    assert (eur.external, eur.internal, eur.total) == (
        Decimal("5450.00"),
        Decimal("300.00"),
        Decimal("5750.00"),
    )
    assert tables["EUR"]["per_hire"].per_hire is None  # no hires yet
    assert tables["USD"]["totals"].total == Decimal("99.00")
    assert "5,750.00" in response.content.decode()


def test_the_requisition_page_divides_by_its_hires(client, rita, make_cost, acme_requisition):
    from outhire.candidates.services import candidate_create
    from outhire.pipeline.services import application_create

    make_cost("6000", requisition=acme_requisition)
    for name in ("Ann", "Bo"):
        candidate = candidate_create(by=rita, first_name=name)
        application = application_create(requisition=acme_requisition, candidate=candidate, by=rita)
        application.status = "hired"
        application.save(update_fields=["status"])
    login(client, rita)
    response = client.get(f"/requisitions/{acme_requisition.pk}/costs/")
    (table,) = response.context["tables"]
    assert response.context["hires"] == 2 and table["per_hire"].per_hire == Decimal("3000")


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_costs_the_same_queries_for_more_entries(
    client, rita, make_cost, acme_requisition, rows, django_assert_max_num_queries
):
    for n in range(rows):
        make_cost(
            10 + n,
            category=["advertising", "recruiter_time", "rpo_fees"][n % 3],
            currency=["EUR", "USD"][n % 2],
            requisition=acme_requisition if n % 2 else None,
            channel="job_board" if n % 3 == 0 else "",
        )
    login(client, rita)
    client.get("/clients/acme/costs/")  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get("/clients/acme/costs/", {"period": "", "category": ""})
    assert response.status_code == 200 and response.context["page"].paginator.count == rows
    with django_assert_max_num_queries(14):
        assert client.get(f"/requisitions/{acme_requisition.pk}/costs/").status_code == 200
