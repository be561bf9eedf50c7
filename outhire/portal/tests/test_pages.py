"""The portal's pages for a signed-in candidate: their applications in plain words, what waits
for them, withdrawing, contact details, resume, consents and communities, erasure. Each page's
number of queries does not grow with the candidate's data; nobody else's rows are reachable."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Consent, Document
from outhire.candidates.services import candidate_create
from outhire.community import services as community
from outhire.interviews import services as interviews
from outhire.interviews.models import Interview
from outhire.lib.formatting import calendar_date
from outhire.pipeline.models import Application, StageEvent
from outhire.pipeline.services import application_create
from outhire.portal.models import EmailChange
from outhire.portal.tests.helpers import sign_in_by_mail
from outhire.privacy.models import DataRequest
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import DispositionReason


def _requisition(client, rita, title: str):
    requisition = requisitions.requisition_create(client=client, by=rita, fields={"title": title})
    requisitions.requisition_submit(requisition=requisition, by=rita)
    return requisition


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_home_lists_applications_in_plain_words(signed_in, ada_application, rita, acme):
    page = signed_in.get(reverse("portal:home")).content.decode()
    assert "Robotics Engineer" in page and "Acme Robotics" in page
    assert "Application received" in page
    assert "A recruiter reads every application" in page
    # The client's own stage names are not shown, only the plain wording of its kind.
    assert "Applied</span>" not in page


def test_home_shows_closed_applications_as_closed(signed_in, ada_application, rita):
    reason = DispositionReason.objects.filter(
        client=ada_application.client, applies_to="rejected"
    ).first()
    from outhire.pipeline.services import application_reject

    application_reject(application=ada_application, by=rita, disposition=reason)
    page = signed_in.get(reverse("portal:home")).content.decode()
    assert "Closed applications" in page
    assert "the hiring team chose not to go further" in page
    assert reason.name not in page  # the internal reason stays internal
    assert "Withdraw this application" not in page


def test_home_costs_the_same_queries_for_one_or_many(
    signed_in, ada, rita, acme, globex, make_interview
):
    url = reverse("portal:home")
    # Warm the session and the brand lookups.
    signed_in.get(url)
    one = _queries(signed_in, url)
    for n in range(4):
        requisition = _requisition(globex if n % 2 else acme, rita, f"Job {n}")
        application_create(
            requisition=requisition,
            candidate=ada,
            by=rita,
            stage=requisition.stages.get(kind="applied"),
        )
    make_interview()
    many = _queries(signed_in, url)
    assert many == one
    page = signed_in.get(url).content.decode()
    assert page.count("Withdraw this application") == 5
    assert "Choose a time" in page and "Technical interview" in page


def test_each_page_costs_a_fixed_number_of_queries(signed_in, ada, rita):
    for name in ("portal:details", "portal:consents", "portal:data", "portal:erase"):
        url = reverse(name)
        signed_in.get(url)
        before = _queries(signed_in, url)
        candidate_services_consents(ada, rita)
        assert _queries(signed_in, url) == before, name


def candidate_services_consents(candidate, rita):
    from outhire.candidates.services import consent_record

    consent_record(candidate=candidate, purpose="marketing", method="email", by=rita)
    consent_record(candidate=candidate, purpose="talent_pool", method="email", by=rita)


def test_an_upcoming_interview_links_to_its_booking_page(signed_in, make_interview):
    interview = make_interview()
    # The link's token carries the second it was signed: the page and the test sign at one.
    with time_machine.travel(timezone.now(), tick=False):
        page = signed_in.get(reverse("portal:home")).content.decode()
        url = reverse("interviews:schedule", args=[interviews.link_token(interview)])
    assert f'href="{url}"' in page


def test_withdrawing_records_a_candidate_withdrawal(signed_in, ada_application, make_interview):
    interview = make_interview(send=False)
    url = reverse("portal:withdraw", args=[ada_application.pk])
    form = signed_in.get(url).content.decode()
    assert "No longer interested" in form and "Accepted another offer" in form
    assert "Skills or experience do not match" not in form  # a rejection reason
    reason = DispositionReason.objects.get(
        client=ada_application.client, name="No longer interested"
    )
    response = signed_in.post(url, {"reason": reason.pk, "note": "Moving abroad"})
    assert response.status_code == 302
    ada_application.refresh_from_db()
    assert ada_application.status == Application.Status.WITHDRAWN
    assert ada_application.disposition == reason
    event = StageEvent.objects.get(application=ada_application, kind=StageEvent.Kind.WITHDRAWN)
    assert event.by is None and "Moving abroad" in event.reason
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert AuditEvent.objects.filter(action="portal.application_withdrawn").count() == 1
    page = signed_in.get(reverse("portal:home")).content.decode()
    assert "is withdrawn" in page and "Closed applications" in page

    # A second submit (a double click, another tab): a clear message, nothing more recorded.
    again = signed_in.post(url, {"reason": reason.pk}, follow=True)
    assert "This application is already closed." in again.content.decode()
    assert StageEvent.objects.filter(application=ada_application, kind="withdrawn").count() == 1


def test_a_withdrawal_racing_another_gets_a_clear_message(signed_in, ada, ada_application, rita):
    """The page was read while the application was active; by the time the form arrives
    someone else closed it: the pipeline's lock and status check answer, not a 500."""
    from outhire.portal import services

    services.application_withdraw(candidate=ada, application=ada_application, reason=None)
    stale = Application.objects.get(pk=ada_application.pk)
    stale.status = Application.Status.ACTIVE  # as the first request saw it
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="already withdrawn"):
        services.application_withdraw(candidate=ada, application=stale, reason=None)
    assert StageEvent.objects.filter(application=ada_application, kind="withdrawn").count() == 1
    fallback = DispositionReason.objects.get(name="Withdrawn by the candidate")
    assert not fallback.is_active and fallback.applies_to == "withdrawn"


def test_a_reason_is_required_when_the_client_has_some(signed_in, ada_application, globex):
    url = reverse("portal:withdraw", args=[ada_application.pk])
    response = signed_in.post(url, {"reason": "", "note": "x"})
    assert response.status_code == 400
    assert b"Please choose a reason." in response.content
    other_client_reason = DispositionReason.objects.create(
        client=globex, name="Elsewhere", applies_to="withdrawn"
    )
    response = signed_in.post(url, {"reason": other_client_reason.pk})
    assert response.status_code == 400
    ada_application.refresh_from_db()
    assert ada_application.is_active


def test_someone_elses_application_is_not_found(signed_in, make_application, rita):
    other = make_application("Grace", "Hopper")
    url = reverse("portal:withdraw", args=[other.pk])
    assert signed_in.get(url).status_code == 404
    assert signed_in.post(url, {"note": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.is_active
    assert "Grace" not in signed_in.get(reverse("portal:home")).content.decode()


def test_contact_details_are_saved(signed_in, ada):
    url = reverse("portal:details")
    page = signed_in.get(url).content.decode()
    assert "+44 20 7946 0958" in page and "ada@example.test" in page
    bad = signed_in.post(url, {"action": "details", "phone": "call me"})
    assert bad.status_code == 400 and b"Enter a phone number with digits" in bad.content
    response = signed_in.post(
        url,
        {"action": "details", "phone": "+1 212 555 0100", "location": "Leeds", "address": "1 Road"},
    )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.phone == "+1 212 555 0100" and ada.location == "Leeds" and ada.address == "1 Road"
    assert ada.email == "ada@example.test"


def test_a_new_email_counts_once_confirmed_from_that_address(
    signed_in, ada, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("portal:details"), {"action": "email", "email": "ada@new.test"}
        )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.email == "ada@example.test"  # not yet
    [message] = [m for m in mail.outbox if m.to == ["ada@new.test"]]
    import re

    path = re.search(r"/me/email/\S+/", message.body).group(0)
    assert "new.test" not in path
    assert signed_in.get(path).status_code == 200
    assert signed_in.post(path).status_code == 302
    ada.refresh_from_db()
    assert ada.email == "ada@new.test"
    assert "ada@example.test" not in [p.value for p in ada.contact_points.all()]
    assert ada.phone == "+44 20 7946 0958"
    # The link works once, and the pending address is not kept.
    assert signed_in.post(path).status_code == 410
    assert not EmailChange.objects.exists()
    # The new address signs in; the old one no longer does.
    mail.outbox.clear()
    other = client.__class__()
    sign_in_by_mail(other, "ada@new.test", django_capture_on_commit_callbacks)


def test_an_address_of_another_record_is_not_taken(signed_in, ada, rita):
    candidate_create(by=rita, first_name="Other", emails=["taken@example.test"])
    change = EmailChange.objects.create(candidate=ada, value="taken@example.test", nonce="n1")
    from outhire.portal import tokens

    response = signed_in.post(
        reverse("portal:email_confirm", args=[tokens.email_change_token(change)])
    )
    assert response.status_code == 409
    assert b"already on another record" in response.content
    ada.refresh_from_db()
    assert ada.email == "ada@example.test"


def test_a_new_resume_is_read_safely(signed_in, ada):
    url = reverse("portal:details")
    image = SimpleUploadedFile("cv.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    refused = signed_in.post(url, {"action": "resume", "resume": image})
    assert refused.status_code == 400
    assert b"This is an image, not a document." in refused.content
    page = SimpleUploadedFile("cv.txt", b"Ada Lovelace\nAnalytical engines, 1843 to now\n")
    response = signed_in.post(url, {"action": "resume", "resume": page})
    assert response.status_code == 302
    document = Document.objects.get(candidate=ada)
    assert document.kind == "resume" and document.uploaded_by is None
    same = SimpleUploadedFile("cv.txt", b"Ada Lovelace\nAnalytical engines, 1843 to now\n")
    again = signed_in.post(url, {"action": "resume", "resume": same})
    assert again.status_code == 400 and b"We already have this file" in again.content


def test_a_resume_over_the_limit_is_refused(signed_in, settings):
    settings.OUTHIRE_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("cv.txt", b"a" * (1024 * 1024 + 1))
    response = signed_in.post(reverse("portal:details"), {"action": "resume", "resume": big})
    assert response.status_code == 400 and b"larger than the 1 MB limit" in response.content


def test_consents_are_given_and_withdrawn(signed_in, ada):
    url = reverse("portal:consents")
    assert signed_in.get(url).content.decode().count("Not given") == 2
    signed_in.post(url, {"action": "give", "purpose": "talent_pool"})
    signed_in.post(url, {"action": "give", "purpose": "talent_pool"})  # twice: one consent
    consent = Consent.objects.get(candidate=ada, purpose="talent_pool")
    assert consent.method == "web_form" and consent.expires_at is not None
    assert consent.evidence.startswith("Candidate portal:")
    page = signed_in.get(url).content.decode()
    assert "Given</span> on" in page and consent.expires_at.strftime("%Y") in page
    signed_in.post(url, {"action": "withdraw", "purpose": "talent_pool"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="consent.withdrawn", object_id=str(consent.pk))
    bad = signed_in.post(url, {"action": "give", "purpose": "application"}, follow=True)
    assert b"Unknown consent." in bad.content


def test_communities_are_left(signed_in, ada, acme):
    joined = community.member_join(
        community=community.community_for(acme),
        first_name="Ada",
        last_name="L",
        email="ada@example.test",
    )
    community.member_confirm(member=joined)
    theirs = community.member_join(
        community=community.community_for(None),
        first_name="Grace",
        last_name="H",
        email="grace@example.test",
    )
    url = reverse("portal:consents")
    page = signed_in.get(url).content.decode()
    assert joined.community.name in page and "Active" in page
    response = signed_in.post(url, {"action": "leave", "member": theirs.pk}, follow=True)
    assert b"There is no such membership." in response.content
    theirs.refresh_from_db()
    assert theirs.unsubscribed_at is None
    signed_in.post(url, {"action": "leave", "member": joined.pk})
    joined.refresh_from_db()
    assert joined.unsubscribed_at is not None


def test_erasure_is_asked_for_with_its_due_date(signed_in, ada):
    url = reverse("portal:erase")
    page = signed_in.get(url).content.decode()
    assert "What erasure means" in page and "We keep a record that you asked" in page
    refused = signed_in.post(url, {"details": "Please"})
    assert refused.status_code == 400 and b"Please tick this box" in refused.content
    response = signed_in.post(url, {"details": "Please erase me", "confirm": "on"})
    assert response.status_code == 302
    request = DataRequest.objects.get(candidate=ada, kind="erasure")
    assert request.channel == "portal" and request.status == "open"
    assert "Please erase me" in request.details
    page = signed_in.get(url).content.decode()
    assert "Your request is received" in page
    assert calendar_date(request.deadline) in page
    # Pressed again: the same request.
    signed_in.post(url, {"details": "again", "confirm": "on"})
    assert DataRequest.objects.filter(candidate=ada, kind="erasure").count() == 1
    assert "We received your request" in signed_in.get(reverse("portal:data")).content.decode()


def test_pages_need_a_signed_in_candidate(client, ada_application):
    for name, args in (
        ("portal:details", []),
        ("portal:consents", []),
        ("portal:data", []),
        ("portal:erase", []),
        ("portal:withdraw", [ada_application.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert client.post(reverse("portal:download")).status_code == 302


def test_downloading_ones_data_is_an_access_request_answered(signed_in, ada):
    response = signed_in.post(reverse("portal:download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.zip"'
    assert "no-store" in response["Cache-Control"]
    import io
    import json
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "ada@example.test" in json.dumps(json.loads(archive.read("data.json")))
    request = DataRequest.objects.get(candidate=ada, kind="access")
    assert request.status == "done" and request.completed_at and request.channel == "portal"
    assert AuditEvent.objects.filter(action="privacy.data_downloaded").count() == 1
    # GET does nothing: the download is a button.
    assert signed_in.get(reverse("portal:download")).status_code == 405


def test_an_erased_record_takes_no_new_address(signed_in, ada):
    from django.utils import timezone

    from outhire.portal import tokens

    change = EmailChange.objects.create(candidate=ada, value="ada@new.test", nonce="n2")
    type(ada).objects.filter(pk=ada.pk).update(anonymised_at=timezone.now())
    url = reverse("portal:email_confirm", args=[tokens.email_change_token(change)])
    response = signed_in.post(url)
    assert response.status_code == 409 and b"This link no longer works." in response.content
    assert [p.value for p in ada.contact_points.filter(kind="email")] == ["ada@example.test"]
