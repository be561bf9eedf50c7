from __future__ import annotations

from django.urls import reverse

from outhire.pipeline.services import application_move, application_reject
from outhire.referrals.models import Referral
from outhire.requisitions.models import DispositionReason
from outhire.testing import login


def refer(application, referrer, name="Friend") -> Referral:
    return Referral.objects.create(
        client_id=application.client_id,
        application=application,
        referrer=referrer,
        via="form",
        referred_name=name,
        note="Private referral note marker 3141",
    )


def test_the_referrer_sees_plain_words_only(client, carla, rita, make_application, stage):
    interviewing = make_application("Ann")
    application_move(application=interviewing, to_stage=stage("interview"), by=rita)
    stage("interview").name = "Panel with the CTO marker 2718"
    stage("interview").save()
    rejected = make_application("Bob")
    application_reject(
        application=rejected,
        by=rita,
        disposition=DispositionReason.objects.filter(applies_to="rejected").first(),
        reason="Rejection reason marker 1618",
    )
    fresh = make_application("Cid")
    refer(interviewing, carla, "Ann Doe")
    refer(rejected, carla, "Bob Doe")
    refer(fresh, carla, "Cid Doe")
    other = make_application("Dee", "Private")  # referred by nobody: never shown
    login(client, carla)
    page = client.get(reverse("referrals:my_referrals")).content.decode()
    for word in ("Interviewing", "Not selected", "Received", "Ann Doe", "Bob Doe"):
        assert word in page
    for secret in ("marker 3141", "marker 2718", "marker 1618", "Dee Private", "Screen"):
        assert secret not in page
    assert other.candidate.full_name not in page


def test_a_referrer_never_sees_another_client_s_referrals(client, carla, gina, make_application):
    from outhire.accounts.models import Membership

    application = make_application("Ann")
    refer(application, carla, "Ann Doe")
    login(client, carla)
    assert "Ann Doe" in client.get(reverse("referrals:my_referrals")).content.decode()
    # Carla leaves Acme: her Acme referrals go with it
    Membership.objects.filter(user=carla).delete()
    assert "Ann Doe" not in client.get(reverse("referrals:my_referrals")).content.decode()
    login(client, gina)
    assert "Ann Doe" not in client.get(reverse("referrals:my_referrals")).content.decode()


def test_my_referrals_runs_a_constant_number_of_queries(
    client, carla, make_application, stage, rita, django_assert_max_num_queries
):
    login(client, carla)
    url = reverse("referrals:my_referrals")
    refer(make_application("A0"), carla)
    client.get(url)  # warm up (session, content types)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(1, 9):
        application = make_application(f"A{n}")
        if n % 2:
            application_move(application=application, to_stage=stage("offer"), by=rita)
        refer(application, carla)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr>") >= 10


def test_recruiters_see_the_client_s_referrals_with_the_referrer(
    client, rita, carla, sam, gina, make_application
):
    refer(make_application("Ann"), carla, "Ann Doe")
    url = reverse("referrals:client_referrals", args=["acme"])
    login(client, rita)
    page = client.get(url).content.decode()
    assert "Carla Clientadmin" in page and "Ann Doe" in page and "Received" in page
    for outsider in (sam, gina, carla):
        login(client, outsider)
        assert client.get(url).status_code == 404
