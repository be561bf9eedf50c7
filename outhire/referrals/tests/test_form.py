from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outhire.candidates.models import Candidate, Consent, Document
from outhire.candidates.services import candidate_create
from outhire.pipeline.models import Application
from outhire.referrals.models import Referral
from outhire.testing import login

RESUME = b"Olga Referred\nolga@example.test\n\nExperience\nRobot builder at Widgets Ltd\n"


def form_data(requisition, **extra) -> dict:
    data = {
        "requisition": requisition.pk,
        "first_name": "Olga",
        "last_name": "Referred",
        "email": "olga@example.test",
        "phone": "+44 20 7946 0000",
        "note": "Worked with her for years; private note marker 5521",
        "consent": "on",
    }
    data.update(extra)
    return data


def test_a_client_employee_refers_someone_with_a_resume(client, ivy, posted):
    login(client, ivy)  # an interviewer: any role of the client may refer
    upload = SimpleUploadedFile("olga-cv.txt", RESUME, content_type="text/plain")
    response = client.post(reverse("referrals:referral_create"), form_data(posted, resume=upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    application = referral.application
    assert (referral.referrer, referral.via, referral.referred_name) == (
        ivy,
        "form",
        "Olga Referred",
    )
    assert "5521" in referral.note and referral.consent_confirmed_at
    assert (application.source, application.source_detail) == ("referral", "form")
    assert application.stage.kind == "applied"
    candidate = application.candidate
    assert candidate.email == "olga@example.test" and candidate.source == "referral"
    assert Document.objects.filter(candidate=candidate, kind="resume").count() == 1
    assert candidate.consents.filter(purpose=Consent.Purpose.APPLICATION).exists()


def test_an_existing_candidate_is_matched_and_never_changed(
    client, rita, posted, django_capture_on_commit_callbacks
):
    known = candidate_create(
        by=rita, first_name="Olga", last_name="Original", emails=["olga@example.test"]
    )
    login(client, rita)
    upload = SimpleUploadedFile("olga-cv.txt", RESUME, content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("referrals:referral_create"),
            form_data(posted, first_name="Changed", resume=upload),
        )
    assert response.status_code == 302
    assert Candidate.objects.count() == 1
    known.refresh_from_db()
    assert (known.first_name, known.last_name) == ("Olga", "Original")
    assert Application.objects.get().candidate == known
    # The resume is attached and its text read for search, but the profile is left alone
    document = Document.objects.get(candidate=known)
    assert "Widgets" in document.text
    assert not known.profile_entries.exists()


def test_the_referrer_must_confirm_consent_and_nothing_is_kept_without_it(client, carla, posted):
    login(client, carla)
    data = form_data(posted)
    del data["consent"]
    response = client.post(reverse("referrals:referral_create"), data)
    assert response.status_code == 400
    assert "agreed to be referred" in response.content.decode()
    assert not Candidate.objects.exists() and not Referral.objects.exists()
    # What was typed is kept on the page
    assert "olga@example.test" in response.content.decode()


def test_someone_already_in_the_process_is_refused_kindly(client, carla, posted):
    login(client, carla)
    client.post(reverse("referrals:referral_create"), form_data(posted))
    response = client.post(reverse("referrals:referral_create"), form_data(posted))
    assert response.status_code == 400
    assert "already being considered" in response.content.decode()
    assert Referral.objects.count() == 1


def test_a_bad_file_is_a_form_error_and_rolls_everything_back(client, carla, posted):
    login(client, carla)
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(reverse("referrals:referral_create"), form_data(posted, resume=upload))
    assert response.status_code == 400
    assert not Candidate.objects.exists() and not Application.objects.exists()


def test_client_users_refer_only_to_their_client_s_published_jobs(
    client, gina, carla, posted, requisition, globex_job
):
    login(client, gina)
    response = client.post(reverse("referrals:referral_create"), form_data(posted))
    assert response.status_code == 400
    assert not Referral.objects.exists()
    login(client, carla)
    page = client.get(reverse("referrals:referral_create")).content.decode()
    assert posted.title in page and globex_job.title not in page
