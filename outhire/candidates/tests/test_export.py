"""Exporting candidates from the list page: CSV and JSON Resume, who may, what is audited."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.candidates import exports, services
from outhire.candidates.imports import uploads
from outhire.candidates.models import Candidate, Tag
from outhire.testing import login

URL = "/candidates/export/"


@pytest.fixture
def people(ada, make_candidate, rita):
    """Ada (from the shared fixture), Grace with a profile, tags, a note and a risky title."""
    grace = make_candidate(
        "Grace",
        "Hopper",
        emails=["grace@example.org", "amazing.grace@example.org"],
        phones=["+1 202 555 0143"],
        current_title='=HYPERLINK("http://evil.test")',
        location="Arlington",
        github_url="https://github.com/ghopper",
        tags=[Tag.objects.create(name="cobol")],
        by=rita,
    )
    services.profile_entry_add(
        candidate=grace,
        fields={"kind": "work", "name": "Remington Rand", "title": "Engineer"},
        by=rita,
    )
    services.profile_entry_add(
        candidate=grace, fields={"kind": "skill", "name": "COBOL", "detail": "Expert"}, by=rita
    )
    services.note_add(
        candidate=grace, body="Provider-only note 4411", visibility="provider", by=rita
    )
    return ada, grace


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_exports_the_ticked_candidates_as_csv(client, rita, people):
    ada, grace = people
    login(client, rita)
    response = client.post(URL, {"format": "csv", "ids": [grace.pk]})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="candidates-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = read_csv(response)
    assert len(rows) == 1
    row = rows[0]
    assert row["outhire_id"] == str(grace.pk) and row["first_name"] == "Grace"
    assert row["emails"] == "grace@example.org; amazing.grace@example.org"
    assert row["phones"] == "+1 202 555 0143", "a phone number is not taken for a formula"
    assert row["current_title"] == '\'=HYPERLINK("http://evil.test")', "defused for spreadsheets"
    assert row["tags"] == "cobol" and row["skills"] == "COBOL"
    assert row["owner"] == "rita@provider.test"
    assert "Provider-only note 4411" not in response.content.decode("utf-8-sig")


def test_it_exports_json_resume_objects(client, alice, people):
    ada, grace = people
    login(client, alice)
    response = client.post(URL, {"format": "json", "ids": [ada.pk, grace.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('.json"')
    resumes = json.loads(response.content)
    assert isinstance(resumes, list) and len(resumes) == 2
    by_name = {r["basics"]["name"]: r for r in resumes}
    hopper = by_name["Grace Hopper"]
    assert hopper["$schema"].endswith("/v1.0.0/schema.json")
    assert hopper["basics"]["email"] == "grace@example.org"
    assert hopper["basics"]["location"] == {"city": "Arlington"}
    assert hopper["basics"]["profiles"] == [
        {"network": "GitHub", "url": "https://github.com/ghopper"}
    ]
    assert hopper["work"] == [{"name": "Remington Rand", "position": "Engineer"}]
    assert hopper["skills"] == [{"name": "COBOL", "level": "Expert"}]
    assert hopper["meta"]["outhire"]["emails"] == [
        "grace@example.org",
        "amazing.grace@example.org",
    ]
    assert hopper["meta"]["outhire"]["tags"] == ["cobol"]
    assert "Provider-only note 4411" not in response.content.decode()


def test_without_ticks_it_exports_what_the_search_finds(client, rita, people, make_candidate):
    ada, grace = people
    make_candidate("Edsger", "Dijkstra", location="Arlington")
    login(client, rita)
    response = client.post(URL, {"format": "csv", "q": "hopper", "location": "arlington"})
    assert [r["first_name"] for r in read_csv(response)] == ["Grace"]
    response = client.post(URL, {"format": "csv", "tags": "cobol"})
    assert [r["first_name"] for r in read_csv(response)] == ["Grace"]
    response = client.post(URL, {"format": "csv", "location": "arlington"})
    assert sorted(r["first_name"] for r in read_csv(response)) == ["Edsger", "Grace"]


def test_merged_and_anonymised_candidates_are_not_exported(client, rita, people, make_candidate):
    ada, grace = people
    twin = make_candidate("Ada", "Lovelace")
    services.candidate_merge(keep=ada, drop=twin, by=rita)
    Candidate.objects.filter(pk=grace.pk).update(anonymised_at=timezone.now())
    login(client, rita)
    response = client.post(URL, {"format": "csv", "ids": [ada.pk, twin.pk, grace.pk]})
    assert [int(r["outhire_id"]) for r in read_csv(response)] == [ada.pk]


def test_every_export_is_audited_with_ids_and_no_personal_data(client, rita, people):
    ada, grace = people
    login(client, rita)
    client.post(URL, {"format": "json", "ids": [ada.pk, grace.pk]})
    event = AuditEvent.objects.get(action="candidates.exported")
    assert event.actor == rita
    assert event.changes["format"] == "json" and event.changes["count"] == 2
    assert sorted(event.changes["ids"]) == sorted([ada.pk, grace.pk])
    text = json.dumps(event.changes) + event.object_repr
    assert "Lovelace" not in text and "ada@example.org" not in text


def test_a_selection_too_large_is_refused_with_a_message(client, rita, people, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 1)
    login(client, rita)
    response = client.post(URL, {"format": "csv", "location": "o", "q": ""}, follow=True)
    assert response.redirect_chain[0][0] == "/candidates/?location=o", "back to the search"
    response = client.post(URL, {"format": "csv"}, follow=True)
    assert "more than 1 candidates" in response.content.decode()
    assert not AuditEvent.objects.filter(action="candidates.exported").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "pdf"}, "Choose the format"),
        ({"format": "csv", "ids": ["x"]}, "could not be read"),
        ({"format": "csv", "location": "nowhere at all"}, "no candidates to export"),
        ({"format": "csv", "active_since": "yesterday"}, "search could not be read"),
    ],
)
def test_bad_requests_return_to_the_list_with_a_message(client, rita, people, data, message):
    login(client, rita)
    response = client.post(URL, data, follow=True)
    assert response.redirect_chain and message in response.content.decode()


def test_only_admins_and_recruiters_may_export(client, alice, rita, sam, carla, people):
    ada, _ = people
    data = {"format": "csv", "ids": [ada.pk]}
    assert login(client, alice).post(URL, data).status_code == 200
    assert login(client, sam).post(URL, data).status_code == 403
    assert login(client, carla).post(URL, data).status_code == 404
    assert login(client, rita).get(URL).status_code == 405
    client.logout()
    assert client.post(URL, data).status_code == 302
    assert AuditEvent.objects.filter(action="candidates.exported").count() == 1


def test_an_export_imports_back_into_an_empty_talent_network(
    client, rita, people, django_capture_on_commit_callbacks
):
    ada, grace = people
    login(client, rita)
    exported_csv = client.post(URL, {"format": "csv", "ids": [ada.pk, grace.pk]}).content
    exported_json = client.post(URL, {"format": "json", "ids": [grace.pk]}).content
    Candidate.objects.all().delete()
    for data, name in ((exported_csv, "export.csv"), (exported_json, "export.json")):
        job = uploads.import_create(by=rita, data=data, file_name=name)
        with django_capture_on_commit_callbacks(execute=True):
            uploads.import_start(job=job, by=rita, dry_run=False)
        job.refresh_from_db()
        assert job.failed == 0, job.errors
    assert Candidate.objects.count() == 2
    hopper = Candidate.objects.get(first_name="Grace")
    assert hopper.current_title == '=HYPERLINK("http://evil.test")'
    assert sorted(p.value for p in hopper.contact_points.all()) == [
        "+1 202 555 0143",
        "amazing.grace@example.org",
        "grace@example.org",
    ]
    assert list(hopper.tags.values_list("name", flat=True)) == ["cobol"]
    assert hopper.profile_entries.filter(kind="work", name="Remington Rand").exists()
