"""Importing costs from CSV: a dry run, errors by line, all or nothing, never twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from outhire.accounts.models import AuditEvent
from outhire.costs.imports import cost_check, cost_imports_purge, costs_import
from outhire.costs.models import CostEntry, CostImport
from outhire.testing import login


def good_file(requisition) -> bytes:
    return (
        "date,category,amount,currency,requisition,channel,channel_detail,description\n"
        f"2026-03-02,advertising,450.00,EUR,{requisition.reference},job_board,indeed,Sponsored\n"
        f"2026-03-02,advertising,450.00,EUR,{requisition.reference},job_board,indeed,Sponsored\n"
        "2026-03-31,Recruiter time,1200,eur,,,,March hours\n"
        "2026-03-15,background_checks,35.5,USD,,,,\n"
    ).encode()


def test_the_same_file_twice_adds_nothing(acme, rita, acme_requisition):
    data = good_file(acme_requisition)
    first = costs_import(client=acme, data=data, file_name="march.csv", by=rita)
    assert (first.rows, first.added, first.skipped) == (4, 4, 0)
    second = costs_import(client=acme, data=data, file_name="march-again.csv", by=rita)
    assert (second.rows, second.added, second.skipped) == (4, 0, 4)
    assert CostEntry.objects.count() == 4
    # Two identical lines in one file are two costs.
    assert CostEntry.objects.filter(requisition=acme_requisition).count() == 2
    entry = CostEntry.objects.get(category="recruiter_time")
    assert entry.origin == "import" and entry.currency == "EUR" and entry.created_by == rita
    totals = {t.currency: t.total for t in CostEntry.objects.totals()}
    assert totals == {"EUR": Decimal("2100.00"), "USD": Decimal("35.50")}
    assert AuditEvent.objects.filter(action="cost.imported").count() == 2


def test_one_bad_row_imports_nothing_and_each_problem_names_its_line(acme, rita, globex):
    from outhire.requisitions import services as requisitions

    theirs = requisitions.requisition_create(client=globex, by=rita, fields={"title": "Theirs"})
    data = (
        "date,category,amount,currency,requisition\n"
        "2026-03-02,advertising,450.00,EUR,\n"
        f"2026-03-03,advertising,10,EUR,{theirs.reference}\n"
        "2026-03-04,advertising,ten,EUR,\n"
    ).encode()
    check = cost_check(client=acme, data=data)
    assert [(line, column) for line, column, _ in check.errors] == [
        (3, "requisition"),
        (4, "amount"),
    ]
    with pytest.raises(ValidationError) as caught:
        costs_import(client=acme, data=data, file_name="bad.csv", by=rita)
    assert any(message.startswith("Line 3:") for message in caught.value.messages)
    assert not CostEntry.objects.exists() and not CostImport.objects.exists()


def test_the_command_checks_imports_and_refuses(acme, acme_requisition, tmp_path, capsys):
    path = tmp_path / "costs.csv"
    path.write_bytes(good_file(acme_requisition))
    call_command("import-costs", str(path), "--client", "acme", "--dry-run")
    assert "4 would be added" in capsys.readouterr().out
    assert not CostEntry.objects.exists()
    call_command("import-costs", str(path), "--client", "acme")
    call_command("import-costs", str(path), "--client", "acme")
    assert "0 added, 4 imported before" in capsys.readouterr().out
    assert CostEntry.objects.count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_text("date,category,amount,currency\n2026-13-01,advertising,1,EUR\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import-costs", str(bad), "--client", "acme")
    assert "line 2, date" in capsys.readouterr().err
    with pytest.raises(CommandError, match="No client"):
        call_command("import-costs", str(path), "--client", "nobody")


def upload(client, slug, data: bytes, name="costs.csv"):
    return client.post(
        f"/clients/{slug}/costs/import/", {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_the_page_shows_a_dry_run_then_imports(client, carla, acme, acme_requisition):
    login(client, carla)
    response = upload(client, "acme", good_file(acme_requisition))
    record = CostImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/costs/imports/{record.pk}/"
    assert not CostEntry.objects.exists()  # a dry run stores no cost
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "4 new costs" in body and "Import 4 costs" in body and "Sponsored" in body
    response = client.post(f"/costs/imports/{record.pk}/")
    assert response.status_code == 302 and response["Location"] == "/clients/acme/costs/"
    assert CostEntry.objects.count() == 4
    record.refresh_from_db()
    assert record.imported_at is not None and record.data == ""
    # Posting again (a double click) adds nothing.
    client.post(f"/costs/imports/{record.pk}/")
    assert CostEntry.objects.count() == 4


def test_the_page_lists_problems_and_offers_no_import(client, rita, acme):
    login(client, rita)
    data = b"date,category,amount,currency\n2026-03-02,coffee,12,EUR\n2026-03-02,travel,-4,EUR\n"
    response = upload(client, "acme", data)
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Problems to correct first" in body and "Not a cost category" in body
    assert "more than 0" in body and "Import" not in body.split("Problems")[1].split("</table>")[0]
    response = client.post(response["Location"])
    assert response.status_code == 400 and not CostEntry.objects.exists()


def test_an_unreadable_file_is_refused_on_the_form(client, rita, acme):
    login(client, rita)
    response = upload(client, "acme", b"name,email\nZed,z@example.test\n")
    assert response.status_code == 400
    assert "missing: date, category, amount, currency" in response.content.decode()
    response = upload(client, "acme", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert response.status_code == 400
    assert not CostImport.objects.exists()


def test_readers_and_outsiders_cannot_import(client, hank, gina, acme, acme_requisition, rita):
    record = CostImport.objects.create(client=acme, file_name="x.csv", data="", created_by=rita)
    login(client, hank)
    assert upload(client, "acme", good_file(acme_requisition)).status_code == 403
    assert client.get(f"/costs/imports/{record.pk}/").status_code == 403
    login(client, gina)
    assert upload(client, "acme", good_file(acme_requisition)).status_code == 404
    assert client.post(f"/costs/imports/{record.pk}/").status_code == 404


def test_abandoned_files_are_purged_after_a_day(acme, rita):
    from datetime import timedelta

    from django.utils import timezone

    old = CostImport.objects.create(
        client=acme, file_name="old.csv", data="x", created_at=timezone.now() - timedelta(days=2)
    )
    CostImport.objects.create(client=acme, file_name="new.csv", data="x")
    assert cost_imports_purge() == 1
    assert not CostImport.objects.filter(pk=old.pk).exists()
