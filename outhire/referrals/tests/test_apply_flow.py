"""End to end through the real careers apply flow: follow a referral link, then apply."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
    apply_url,
    form_data,
    resume_pdf,
)
from outhire.pipeline.models import Application
from outhire.referrals.models import Referral, ReferralLink


def pdf():
    return SimpleUploadedFile("jane-cv.pdf", resume_pdf(), content_type="application/pdf")


def test_an_application_after_following_a_link_is_the_referrer_s(
    client, posting, hank, django_capture_on_commit_callbacks
):
    link = ReferralLink.objects.create(
        client=posting.client, referrer=hank, requisition=posting.requisition
    )
    followed = client.get(reverse("referrals:link_follow", args=[link.code]))
    assert followed.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(posting), form_data(resume=pdf()))
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    assert (application.source, application.source_detail) == ("referral", "link")
    referral = Referral.objects.get()
    assert (referral.application, referral.referrer, referral.link) == (application, hank, link)


def test_without_a_link_the_application_keeps_its_own_source(
    client, posting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(posting), form_data(resume=pdf()))
    assert Application.objects.get().source == "careers_site"
    assert not Referral.objects.exists()
