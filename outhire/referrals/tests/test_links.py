from __future__ import annotations

from types import SimpleNamespace

from django.urls import reverse

from outhire.candidates.services import candidate_create
from outhire.careers.signals import application_submitted
from outhire.pipeline.models import Application
from outhire.pipeline.services import application_create
from outhire.referrals.models import Referral, ReferralLink
from outhire.referrals.services import SESSION_KEY
from outhire.referrals.views import careers_url
from outhire.testing import login


def submit(application, session) -> None:
    """What the careers apply flow does once an application is saved."""
    request = SimpleNamespace(session=session)
    application_submitted.send(
        sender=Application, application=application, request=request, via="careers"
    )


def apply(requisition, first="Paula", email="paula@example.test"):
    candidate = candidate_create(by=None, first_name=first, last_name="Applicant", emails=[email])
    return application_create(
        requisition=requisition, candidate=candidate, by=None, source="careers_site"
    )


def test_it_makes_one_personal_link_per_job_and_one_per_site(client, carla, posted, acme):
    login(client, carla)
    url = reverse("referrals:link_create")
    for _ in range(2):
        response = client.post(url, {"client": acme.slug, "requisition": posted.pk})
        assert response.status_code == 302
    client.post(url, {"client": acme.slug})
    links = ReferralLink.objects.filter(referrer=carla)
    assert links.count() == 2
    page = client.get(reverse("referrals:referral_links")).content.decode()
    for link in links:
        assert link.code in page
        assert "carla" not in link.code.lower()


def test_following_a_link_keeps_the_code_and_shows_the_job(client, carla, posted, acme):
    link = ReferralLink.objects.create(client=acme, referrer=carla, requisition=posted)
    response = client.get(reverse("referrals:link_follow", args=[link.code]))
    assert response.status_code == 302
    assert response["Location"] == careers_url(acme.slug, posted.pk)
    assert client.session[SESSION_KEY] == link.code


def test_the_job_link_resolves_to_the_careers_job_page_by_name(acme):
    from django.urls import NoReverseMatch

    try:
        expected = reverse("careers:job", kwargs={"slug": acme.slug, "requisition_id": 7})
    except NoReverseMatch:
        expected = f"/careers/{acme.slug}/"
    assert careers_url(acme.slug, 7) == expected


def test_an_unknown_or_inactive_link_is_a_404(client, carla, posted, acme):
    link = ReferralLink.objects.create(client=acme, referrer=carla, requisition=posted)
    assert client.get(reverse("referrals:link_follow", args=["nope"])).status_code == 404
    link.is_active = False
    link.save()
    assert client.get(reverse("referrals:link_follow", args=[link.code])).status_code == 404
    assert SESSION_KEY not in client.session


def test_an_application_after_the_link_becomes_a_referral(carla, posted, acme):
    link = ReferralLink.objects.create(client=acme, referrer=carla, requisition=posted)
    application = apply(posted)
    submit(application, {SESSION_KEY: link.code})
    referral = Referral.objects.get(application=application)
    assert (referral.referrer, referral.via, referral.link) == (carla, "link", link)
    application.refresh_from_db()
    assert (application.source, application.source_detail) == ("referral", "link")


def test_a_general_link_counts_for_any_job_of_the_client(carla, posted, acme):
    link = ReferralLink.objects.create(client=acme, referrer=carla)
    application = apply(posted)
    submit(application, {SESSION_KEY: link.code})
    assert Referral.objects.filter(application=application, referrer=carla).exists()


def test_a_link_of_client_a_on_client_b_s_job_does_nothing(carla, posted, acme, globex_job):
    link = ReferralLink.objects.create(client=acme, referrer=carla, requisition=posted)
    application = apply(globex_job)
    submit(application, {SESSION_KEY: link.code})
    assert not Referral.objects.exists()
    application.refresh_from_db()
    assert application.source == "careers_site"


def test_no_code_a_junk_code_or_a_former_member_s_code_does_nothing(carla, posted, acme):
    link = ReferralLink.objects.create(client=acme, referrer=carla, requisition=posted)
    submit(apply(posted, "Ann", "ann@example.test"), {})
    submit(apply(posted, "Bob", "bob@example.test"), {SESSION_KEY: ["not", "a", "code"]})
    carla.memberships.all().delete()
    submit(apply(posted, "Cid", "cid@example.test"), {SESSION_KEY: link.code})
    assert not Referral.objects.exists()


def test_nobody_refers_themselves(carla, posted, acme):
    link = ReferralLink.objects.create(client=acme, referrer=carla, requisition=posted)
    application = apply(posted, "Carla", carla.email)
    submit(application, {SESSION_KEY: link.code})
    assert not Referral.objects.exists()


def test_outsiders_cannot_make_links_to_another_client_s_jobs(client, gina, posted, acme):
    login(client, gina)
    response = client.post(
        reverse("referrals:link_create"), {"client": acme.slug, "requisition": posted.pk}
    )
    assert response.status_code == 404
    assert not ReferralLink.objects.exists()
