"""The data subject request log and each request's page: who may do what, the actions per
kind, refusals as clear messages, and a constant number of queries."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.candidates.services import candidate_create
from outhire.privacy import services
from outhire.privacy.models import DataRequest, LegalHold
from outhire.testing import login, make_user


@pytest.fixture
def ada(rita):
    return candidate_create(by=rita, first_name="Ada", last_name="Lovelace", emails=["a@x.org"])


def _open(candidate, kind="access", by=None, **fields) -> DataRequest:
    data_request = services.data_request_open(
        candidate=candidate, kind=kind, channel="email", by=by
    )
    if fields:
        DataRequest.objects.filter(pk=data_request.pk).update(**fields)
        data_request.refresh_from_db()
    return data_request


def _detail(data_request) -> str:
    return reverse("privacy:request_detail", args=[data_request.pk])


def test_client_users_and_anonymous_never_reach_it(client, ada, carla, alice):
    data_request = _open(ada, by=alice)
    urls = [
        reverse("privacy:request_list"),
        reverse("privacy:request_create"),
        _detail(data_request),
        reverse("privacy:request_close", args=[data_request.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    login(client, carla)
    for url in urls:
        assert client.get(url).status_code in {404, 405}
        assert client.post(url, {"status": "done", "outcome": "x"}).status_code in {404, 405}
    data_request.refresh_from_db()
    assert data_request.status == DataRequest.Status.OPEN


def test_a_recruiter_logs_a_request_and_an_admin_answers_it(client, ada, rita):
    login(client, rita)
    page = client.get(reverse("candidates:candidate_detail", args=[ada.pk])).content.decode()
    link = f"{reverse('privacy:request_create')}?candidate={ada.pk}"
    assert f'href="{link}"' in page and "Log a data request" in page
    form = client.get(link)
    assert "Ada Lovelace" in form.content.decode()
    response = client.post(
        reverse("privacy:request_create"),
        {
            "candidate": ada.pk,
            "kind": "erasure",
            "channel": "phone",
            "received_on": timezone.localdate().isoformat(),
            "details": "Please delete everything.",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("privacy:request_list")
    data_request = DataRequest.objects.get()
    assert (data_request.kind, data_request.channel, data_request.created_by) == (
        "erasure",
        "phone",
        rita,
    )
    listing = client.get(reverse("privacy:request_list")).content.decode()
    assert "Ada Lovelace" in listing and "30 days left" in listing
    # The request's own page is the admins' work.
    assert client.get(_detail(data_request)).status_code == 403
    assert (
        client.post(
            reverse("privacy:request_close", args=[data_request.pk]),
            {"status": "done", "outcome": "x"},
        ).status_code
        == 403
    )


def test_logging_refuses_bad_input_with_messages(client, alice, ada):
    login(client, alice)
    url = reverse("privacy:request_create")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        url, {"candidate": 999999, "kind": "access", "channel": "email", "received_on": tomorrow}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "That day has not come yet." in page
    response = client.post(
        url,
        {
            "candidate": 999999,
            "kind": "access",
            "channel": "email",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert "No candidate has that record number." in response.content.decode()
    assert not DataRequest.objects.exists()


def test_a_backdated_request_is_due_a_month_after_receipt(client, alice, ada):
    login(client, alice)
    received = timezone.localdate() - timedelta(days=40)
    client.post(
        reverse("privacy:request_create"),
        {
            "candidate": ada.pk,
            "kind": "rectification",
            "channel": "letter",
            "received_on": received.isoformat(),
        },
    )
    data_request = DataRequest.objects.get()
    assert timezone.localdate(data_request.due_at) == received + timedelta(days=30)
    page = client.get(reverse("privacy:request_list") + "?status=overdue").content.decode()
    assert 'class="overdue">Overdue by 10 days' in page
    detail = client.get(_detail(data_request)).content.decode()
    assert reverse("candidates:candidate_edit", args=[ada.pk]) in detail


def test_the_log_filters_by_status_kind_and_owner(client, alice, ada, rita):
    grace = candidate_create(by=rita, first_name="Grace", last_name="Hopper")
    late = _open(ada, "access", due_at=timezone.now() - timedelta(days=2))
    mine = _open(grace, "erasure")
    services.data_request_assign(data_request=mine, owner=alice, by=alice)
    done = _open(grace, "objection")
    services.data_request_complete(data_request=done, outcome="Objection upheld.", by=alice)
    login(client, alice)

    def shown(query: str) -> set[int]:
        page = client.get(reverse("privacy:request_list") + query).content.decode()
        return {r.pk for r in (late, mine, done) if f'href="{_detail(r)}"' in page}

    assert shown("") == {late.pk, mine.pk}
    assert shown("?status=overdue") == {late.pk}
    assert shown("?status=done") == {done.pk}
    assert shown("?status=all&kind=erasure") == {mine.pk}
    assert shown(f"?status=all&owner={alice.pk}") == {mine.pk}
    assert shown("?status=all&owner=none") == {late.pk, done.pk}
    assert shown("?status=bogus") == {late.pk, mine.pk}  # a bad filter shows the default


def test_the_log_costs_the_same_queries_for_one_or_many_requests(client, alice, rita):
    def make(n: int) -> None:
        for i in range(n):
            person = candidate_create(by=rita, first_name=f"Person{i}", last_name="X")
            data_request = _open(person, "erasure")
            services.data_request_assign(data_request=data_request, owner=alice, by=rita)

    login(client, alice)
    make(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("privacy:request_list")).status_code == 200
    make(12)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("privacy:request_list"))
    assert page.content.decode().count("Person") >= 13
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_request_page_costs_the_same_queries_whatever_its_history(client, alice, ada):
    data_request = _open(ada, "restriction")
    login(client, alice)
    with CaptureQueriesContext(connection) as before:
        client.get(_detail(data_request))
    for _ in range(5):
        services.data_request_assign(data_request=data_request, owner=alice, by=None)
        services.data_request_assign(data_request=data_request, owner=None, by=None)
    with CaptureQueriesContext(connection) as after:
        page = client.get(_detail(data_request)).content.decode()
    assert page.count("changed the owner") == 10
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_admin_assigns_extends_and_closes_and_a_second_close_is_told(
    client, alice, ada, time_machine
):
    time_machine.move_to("2026-11-02 10:00Z", tick=False)
    data_request = _open(ada, "rectification")
    login(client, alice)
    close = reverse("privacy:request_close", args=[data_request.pk])
    response = client.post(
        reverse("privacy:request_assign", args=[data_request.pk]), {"owner": alice.pk}
    )
    assert response.status_code == 302
    extend = reverse("privacy:request_extend", args=[data_request.pk])
    refused = client.post(extend, {"days": 61, "person_told_on": "2026-11-02", "reason": "x"})
    assert refused.status_code == 400
    assert "60 days at most" in refused.content.decode()
    missing = client.post(extend, {"days": 10, "person_told_on": "2026-11-02"})
    assert missing.status_code == 400 and "This field is required." in missing.content.decode()
    client.post(extend, {"days": 20, "person_told_on": "2026-11-02", "reason": "Complex."})
    data_request.refresh_from_db()
    assert data_request.extended_to == data_request.due_at + timedelta(days=20)
    page = client.get(_detail(data_request)).content.decode()
    assert "First deadline 2 Dec 2026, extended." in page and "At most 40 more days." in page
    assert client.post(close, {"status": "done"}).status_code == 400
    response = client.post(close, {"status": "done", "outcome": "Address corrected."})
    assert response.status_code == 302
    again = client.post(close, {"status": "refused", "outcome": "Too late."})
    assert again.status_code == 409
    assert "already closed (done by Alice" in again.content.decode()
    data_request.refresh_from_db()
    assert (data_request.status, data_request.outcome) == ("done", "Address corrected.")


def test_restriction_is_set_and_lifted_from_the_request(client, alice, ada, make_application):
    data_request = _open(ada, "restriction")
    login(client, alice)
    url = reverse("privacy:request_processing", args=[data_request.pk])
    assert client.post(url, {"stop": "maybe"}).status_code == 400
    client.post(url, {"stop": "1"})
    ada.refresh_from_db()
    assert ada.restricted_at is not None
    page = client.get(reverse("candidates:candidate_detail", args=[ada.pk])).content.decode()
    assert "Processing stopped." in page and "restricted (GDPR Art. 18)" in page
    detail = client.get(_detail(data_request)).content.decode()
    assert "Lift the restriction" in detail
    assert "restricted processing of the person&#x27;s data" in detail
    client.post(url, {"stop": "0"})
    ada.refresh_from_db()
    assert ada.restricted_at is None
    actions = AuditEvent.objects.filter(object_id=str(ada.pk)).values_list("action", flat=True)
    assert {"privacy.processing_restricted", "privacy.restriction_lifted"} <= set(actions)
    # Another kind's request has no such switch.
    access = _open(ada, "access")
    assert (
        client.post(
            reverse("privacy:request_processing", args=[access.pk]), {"stop": "1"}
        ).status_code
        == 404
    )


def test_the_access_export_downloads_as_a_zip_named_by_the_request(client, alice, ada):
    data_request = _open(ada, "portability")
    login(client, alice)
    page = client.get(_detail(data_request)).content.decode()
    assert "Download the export" in page
    response = client.get(reverse("privacy:request_export", args=[data_request.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="data-request-{data_request.pk}.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist()
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Lovelace" in everything and b"a@x.org" in everything
    assert AuditEvent.objects.filter(action="privacy.export_downloaded").exists()
    # Not for another kind, nor once closed.
    erasure = _open(ada, "erasure")
    assert client.get(reverse("privacy:request_export", args=[erasure.pk])).status_code == 404
    services.data_request_complete(data_request=data_request, outcome="Sent.", by=alice)
    assert client.get(reverse("privacy:request_export", args=[data_request.pk])).status_code == 404


def test_erasure_asks_to_confirm_and_shows_a_legal_holds_refusal(client, alice, ada):
    data_request = _open(ada, "erasure")
    login(client, alice)
    url = reverse("privacy:request_erase", args=[data_request.pk])
    page = client.get(url).content.decode()
    assert "Erase Ada Lovelace" in page and "cannot be undone" in page
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm before erasing." in unconfirmed.content.decode()
    hold = LegalHold.objects.create(candidate=ada, reason="Tribunal claim 42", placed_by=alice)
    held = client.post(url, {"confirm": "on"})
    assert held.status_code == 409
    assert "A legal hold keeps this person&#x27;s data" in held.content.decode()
    ada.refresh_from_db()
    assert ada.anonymised_at is None
    LegalHold.objects.filter(pk=hold.pk).update(released_at=timezone.now())
    done = client.post(url, {"confirm": "on"})
    assert done.status_code == 302 and done["Location"] == _detail(data_request)
    data_request.refresh_from_db()
    assert data_request.status == DataRequest.Status.DONE
    page = client.get(_detail(data_request)).content.decode()
    # The check after erasure ran and says what it searched.
    assert "Verified: nothing of the person was found in" in page
    assert AuditEvent.objects.get(action="privacy.erasure_verified").changes["clean"] is True
    assert f"Candidate #{ada.pk}" in page and "record erased" in page
    assert "Erase the person" not in page
    assert "erased the person everywhere and closed the request" in page
    listing = client.get(reverse("privacy:request_list") + "?status=done").content.decode()
    assert f"Candidate #{ada.pk}" in listing and "Lovelace" not in listing


def test_my_work_lists_the_admins_requests_nearest_deadline_first(client, alice, rita, ada):
    other_admin = make_user("olga@provider.test", "Olga Admin", "admin")
    grace = candidate_create(by=rita, first_name="Grace", last_name="Hopper")
    late = _open(ada, "erasure", due_at=timezone.now() - timedelta(days=3))
    soon = _open(grace, "access")
    services.data_request_assign(data_request=soon, owner=alice, by=rita)
    theirs = _open(grace, "objection")
    services.data_request_assign(data_request=theirs, owner=other_admin, by=rita)
    login(client, alice)
    page = client.get(reverse("work:home")).content.decode()
    item = page[page.index('id="data_requests_due"') :]
    item = item[: item.index("</section>")]
    assert item.index("Erasure (delete my data): Ada Lovelace") < item.index(
        "Access (a copy of my data): Grace Hopper"
    )
    assert "Objection" not in item  # another admin's
    assert "nobody owns it yet" in item and "Overdue" in item
    assert f'href="{_detail(late)}"' in item and f'href="{_detail(soon)}"' in item
    login(client, rita)
    assert "Data requests due" not in client.get(reverse("work:home")).content.decode()
    assert client.get(reverse("work:item", args=["data_requests_due"])).status_code == 404
