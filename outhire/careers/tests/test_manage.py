"""Staff pages and API: postings per channel of a requisition, the careers site's content."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.careers.models import CareerSite, JobPosting
from outhire.careers.tests.site_fixtures import open_requisition, text
from outhire.requisitions import services as requisitions
from outhire.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def req(acme, rita):
    return open_requisition(acme, rita, title="Forklift Poet")


def postings_url(requisition):
    return reverse("careers_manage:postings", kwargs={"requisition_id": requisition.pk})


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_recruiter_publishes_a_job_and_it_goes_live(client, rita, req):
    login(client, rita)
    page = text(client.get(postings_url(req)))
    assert "Not posted" in page and "Careers site" in page
    response = client.post(postings_url(req), {"channel": "careers", "action": "publish"})
    assert response.status_code == 302
    posting = JobPosting.objects.get(requisition=req, channel="careers")
    assert posting.status == "published"
    assert JobPosting.objects.live(channel="careers").filter(pk=posting.pk).exists()
    event = AuditEvent.objects.get(action="job_posting.published")
    assert event.actor == rita and event.object_id == str(posting.pk)
    client.logout()
    assert "Forklift Poet" in text(client.get("/careers/acme/"))


def test_a_job_is_scheduled_with_an_expiry(client, rita, req):
    login(client, rita)
    start = timezone.now() + timedelta(days=1)
    end = start + timedelta(days=14)
    client.post(
        postings_url(req),
        {"channel": "indeed", "indeed-publish_at": local(start), "indeed-expires_at": local(end)},
    )
    posting = JobPosting.objects.get(requisition=req, channel="indeed")
    assert posting.publish_at > timezone.now() and posting.expires_at > posting.publish_at
    assert not JobPosting.objects.live().filter(pk=posting.pk).exists()
    assert "Scheduled" in text(client.get(postings_url(req)))


def test_an_expiry_before_the_publish_date_is_a_form_error(client, rita, req):
    login(client, rita)
    start = timezone.now() + timedelta(days=3)
    response = client.post(
        postings_url(req),
        {
            "channel": "linkedin",
            "linkedin-publish_at": local(start),
            "linkedin-expires_at": local(start - timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "The expiry must come after the publish date." in text(response)
    assert not JobPosting.objects.filter(requisition=req).exists()


def test_junk_input_is_a_clear_400(client, rita, req):
    login(client, rita)
    assert client.post(postings_url(req), {"channel": "myspace"}).status_code == 400
    response = client.post(postings_url(req), {"channel": "careers", "careers-publish_at": "x"})
    assert response.status_code == 400 and "Enter a valid date/time." in text(response)


def test_withdrawing_is_audited(client, rita, req):
    login(client, rita)
    client.post(postings_url(req), {"channel": "careers"})
    client.post(postings_url(req), {"channel": "careers", "action": "withdraw"})
    assert JobPosting.objects.get(requisition=req).status == "withdrawn"
    assert AuditEvent.objects.filter(action="job_posting.withdrawn").count() == 1


def test_a_cancelled_requisition_cannot_be_published(client, rita, req):
    requisitions.requisition_cancel(requisition=req, by=rita, reason="Budget gone")
    login(client, rita)
    response = client.post(postings_url(req), {"channel": "careers"})
    assert response.status_code == 400 and "can no longer be published" in text(response)


def test_a_hiring_manager_reads_but_may_not_change_postings(client, hank, req):
    login(client, hank)
    page = client.get(postings_url(req))
    assert page.status_code == 200 and '<form method="post" novalidate>' not in text(page)
    assert client.post(postings_url(req), {"channel": "careers"}).status_code == 403


def test_outsiders_get_404(client, gina, sam, req):
    for outsider in (gina, sam):
        login(client, outsider)
        assert client.get(postings_url(req)).status_code == 404
        assert client.post(postings_url(req), {"channel": "careers"}).status_code == 404
    assert not JobPosting.objects.exists()


def test_the_requisition_page_links_to_its_postings(client, rita, req):
    login(client, rita)
    body = text(client.get(reverse("requisitions:requisition_detail", args=[req.pk])))
    assert f'href="{postings_url(req)}"' in body


# --- The careers site's content ---------------------------------------------------------------


def test_a_client_admin_edits_the_site_and_previews_it(client, carla, acme):
    login(client, carla)
    url = reverse("careers_manage:site_edit", kwargs={"slug": "acme"})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "culture": "Calm and kind.",
            "values": "Honesty\nCare",
            "benefits": "Bikes",
            "contact_email": "jobs@acme.test",
            "contact_phone": "",
            "linkedin_company_id": "42",
        },
    )
    assert response.status_code == 302
    site = CareerSite.objects.get(client=acme)
    assert site.value_list == ["Honesty", "Care"] and site.updated_by == carla
    assert AuditEvent.objects.filter(action="career_site.updated").exists()
    preview = client.get(reverse("careers_manage:site_preview", kwargs={"slug": "acme"}))
    assert "Calm and kind." in text(preview) and "Preview" in text(preview)
    assert preview["Cache-Control"] == "private, no-store"


def test_bad_site_input_keeps_what_was_typed(client, carla):
    login(client, carla)
    url = reverse("careers_manage:site_edit", kwargs={"slug": "acme"})
    response = client.post(
        url, {"culture": "Kept text", "contact_email": "not-an-email", "linkedin_company_id": "abc"}
    )
    assert response.status_code == 400
    body = text(response)
    assert "Kept text" in body and "Enter a valid email address." in body
    assert "Enter the digits of the company ID only." in body


def test_only_managers_of_the_client_edit_its_site(client, hank, gina, rita):
    url = reverse("careers_manage:site_edit", kwargs={"slug": "acme"})
    login(client, hank)
    assert client.get(url).status_code == 403
    login(client, rita)  # a recruiter writes requisitions, not the client's brand
    assert client.get(url).status_code == 403
    login(client, gina)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("careers_manage:site_preview", kwargs={"slug": "acme"})).status_code
        == 404
    )


# --- API --------------------------------------------------------------------------------------


def api(client, method, url, body=None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(f"/api/v1{url}", **kwargs)


def test_the_api_lists_creates_and_changes_postings(client, rita, req):
    login(client, rita)
    created = api(client, "post", f"/requisitions/{req.pk}/postings", {"channel": "careers"})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "published" and data["live"] is True and data["client"] == "acme"
    assert data["url"].endswith(f"/careers/acme/jobs/{req.pk}/")
    again = api(client, "post", f"/requisitions/{req.pk}/postings", {"channel": "careers"})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    later = (timezone.now() + timedelta(days=2)).isoformat()
    changed = api(client, "patch", f"/postings/{data['id']}", {"publish_at": later})
    assert changed.status_code == 200 and changed.json()["live"] is False
    withdrawn = api(client, "patch", f"/postings/{data['id']}", {"status": "withdrawn"})
    assert withdrawn.json()["status"] == "withdrawn"
    listed = api(client, "get", f"/requisitions/{req.pk}/postings")
    assert [p["channel"] for p in listed.json()] == ["careers"]
    assert AuditEvent.objects.filter(action="job_posting.withdrawn").exists()


def test_the_api_refuses_bad_input_with_the_error_shape(client, rita, req):
    login(client, rita)
    bad = api(client, "post", f"/requisitions/{req.pk}/postings", {"channel": "myspace"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    when = timezone.now().isoformat()
    backwards = api(
        client,
        "post",
        f"/requisitions/{req.pk}/postings",
        {"channel": "careers", "publish_at": when, "expires_at": when},
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "expires_at"


def test_the_api_hides_other_clients_postings(client, gina, hank, req):
    login(client, hank)
    created = api(client, "post", f"/requisitions/{req.pk}/postings", {"channel": "careers"})
    assert created.status_code == 403
    login(client, gina)
    assert api(client, "get", f"/requisitions/{req.pk}/postings").status_code == 404
    assert (
        api(client, "post", f"/requisitions/{req.pk}/postings", {"channel": "bogus"}).status_code
        == 404
    )


def test_the_api_answers_404_for_ids_that_are_not_numbers(client, rita, req):
    login(client, rita)
    for method, url, body in (
        ("get", "/requisitions/abc/postings", None),
        ("post", "/requisitions/abc/postings", {"channel": "careers"}),
        ("get", "/postings/abc", None),
        ("patch", "/postings/1e3", {"status": "withdrawn"}),
    ):
        response = api(client, method, url, body)
        assert response.status_code == 404, (method, url, response.content)
        assert response.json() == {"message": "Not found.", "code": "not_found"}
    assert not JobPosting.objects.exists()


def test_the_site_list_shows_only_sites_one_may_edit(client, carla, hank, globex):
    login(client, carla)
    body = text(client.get(reverse("careers_manage:site_list")))
    assert reverse("careers_manage:site_edit", kwargs={"slug": "acme"}) in body
    assert "globex" not in body
    login(client, hank)
    body = text(client.get(reverse("careers_manage:site_list")))
    assert "You cannot edit any client's careers site." in body
