from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from outhire.candidates.models import Consent
from outhire.candidates.services import candidate_create, consent_record, pool_add, pool_save
from outhire.community import services
from outhire.community.models import Campaign, Delivery, Member
from outhire.community.tests.helpers import link_in
from outhire.testing import login


def start(community=None, pool=None, by=None, **filters) -> Campaign:
    return services.campaign_start(
        segment=services.Segment(community=community, pool=pool, **filters),
        subject="New robotics roles",
        body="We are hiring engineers in Lyon.",
        by=by,
    )


def test_a_campaign_sends_one_e_mail_each_with_one_click_unsubscribe(
    acme, rita, join_and_confirm, django_capture_on_commit_callbacks
):
    community = services.community_for(acme)
    join_and_confirm(community, "ann@example.test", "Ann")
    join_and_confirm(community, "bob@example.test", "Bob")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = start(community, by=rita)
    campaign.refresh_from_db()
    assert (campaign.recipients, campaign.sent, campaign.skipped, campaign.failed) == (2, 2, 0, 0)
    assert campaign.status == "sent" and campaign.finished_at
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.test", "bob@example.test"]
    message = mail.outbox[0]
    assert message.body.startswith("Hello ") and "We are hiring engineers" in message.body
    url = link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{url}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribing_is_honoured_at_once_even_mid_campaign(
    acme, rita, join_and_confirm, django_capture_on_commit_callbacks, monkeypatch
):
    community = services.community_for(acme)
    first = join_and_confirm(community, "ann@example.test", "Ann")
    second = join_and_confirm(community, "bob@example.test", "Bob")
    real_send = services.send_one
    sent_to = []

    def send_then_bob_unsubscribes(campaign, candidate):
        real_send(campaign, candidate)
        sent_to.append(candidate.pk)
        if len(sent_to) == 1:
            # Bob clicks "unsubscribe" in an earlier e-mail while this campaign is going out.
            HttpClient(enforce_csrf_checks=True).post(
                reverse(
                    "community:unsubscribe",
                    args=[services.unsubscribe_token(second.candidate_id)],
                ),
                "List-Unsubscribe=One-Click",
                content_type="application/x-www-form-urlencoded",
            )

    monkeypatch.setattr(services, "send_one", send_then_bob_unsubscribes)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = start(community, by=rita)
    campaign.refresh_from_db()
    assert campaign.recipients == 2
    assert (campaign.sent, campaign.skipped) == (1, 1)
    assert [m.to for m in mail.outbox] == [["ann@example.test"]]
    skipped = Delivery.objects.get(status="skipped")
    assert skipped.candidate_id == second.candidate_id
    assert first.candidate_id == sent_to[0]
    second.refresh_from_db()
    assert second.unsubscribed_at and second.consent.withdrawn_at
    # And later campaigns leave him out from the start
    with django_capture_on_commit_callbacks(execute=True):
        later = start(community, by=rita)
    assert later.recipients == 1


def test_the_unsubscribe_page_asks_first_and_works_without_javascript(
    client, acme, join_and_confirm
):
    member = join_and_confirm(services.community_for(acme), "ann@example.test")
    url = reverse("community:unsubscribe", args=[services.unsubscribe_token(member.candidate_id)])
    page = client.get(url)
    assert page.status_code == 200 and b'method="post"' in page.content
    member.refresh_from_db()
    assert member.unsubscribed_at is None
    assert client.post(url).status_code == 200
    member.refresh_from_db()
    assert member.unsubscribed_at is not None
    assert Consent.objects.get().status == "withdrawn"
    forged = url[:-4] + "AAA/"
    assert client.post(forged).status_code == 404


def test_expired_consent_is_never_e_mailed(
    acme, rita, join_and_confirm, django_capture_on_commit_callbacks
):
    community = services.community_for(acme)
    join_and_confirm(community, "ann@example.test", "Ann")
    old = join_and_confirm(community, "old@example.test", "Old")
    Consent.objects.filter(pk=old.consent_id).update(expires_at=timezone.now() - timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = start(community, by=rita)
    campaign.refresh_from_db()
    assert (campaign.recipients, campaign.sent) == (1, 1)
    assert [m.to for m in mail.outbox] == [["ann@example.test"]]


def test_a_consent_that_expires_while_the_campaign_waits_is_checked_at_send_time(
    acme, rita, join_and_confirm, time_machine, django_capture_on_commit_callbacks
):
    community = services.community_for(acme)
    member = join_and_confirm(community, "ann@example.test", "Ann")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        campaign = start(community, by=rita)
    assert campaign.recipients == 1
    time_machine.move_to(member.consent.expires_at + timedelta(minutes=1))
    mail.outbox.clear()
    for callback in queued:
        callback()
    campaign.refresh_from_db()
    assert campaign.sent == 0 and not mail.outbox


def test_unconfirmed_members_and_filters(acme, rita, join_and_confirm):
    community = services.community_for(acme)
    join_and_confirm(community, "ann@example.test", "Ann", interests="Robotics", location="Lyon")
    join_and_confirm(community, "bob@example.test", "Bob", interests="Finance", location="Paris")
    services.member_join(
        community=community,
        first_name="Una",
        last_name="",
        email="una@example.test",
        interests="Robotics",
    )
    assert services.Segment(community=community).count() == 2
    assert services.Segment(community=community, interest="robot").count() == 1
    assert services.Segment(community=community, location="paris").count() == 1


def test_a_pool_campaign_reaches_only_those_with_consent(rita, django_capture_on_commit_callbacks):
    pool = pool_save(fields={"name": "Robotics alumni"}, by=rita)
    willing = candidate_create(by=rita, first_name="Wil", emails=["wil@example.test"])
    silent = candidate_create(by=rita, first_name="Sil", emails=["sil@example.test"])
    for person in (willing, silent):
        pool_add(pool=pool, candidate=person, by=rita)
    consent_record(candidate=willing, purpose="marketing", method="email", by=rita)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = start(pool=pool, by=rita)
    campaign.refresh_from_db()
    assert (campaign.recipients, campaign.sent) == (1, 1)
    assert [m.to for m in mail.outbox] == [["wil@example.test"]]
    assert "agreed to hear about future roles" in mail.outbox[0].body


def test_staff_preview_the_count_then_send(
    client, acme, rita, join_and_confirm, django_capture_on_commit_callbacks
):
    community = services.community_for(acme)
    join_and_confirm(community, "ann@example.test", "Ann")
    login(client, rita)
    url = reverse("community:campaign_create")
    data = {
        "segment": f"community:{community.pk}",
        "subject": "Hello",
        "body": "Roles for you",
        "action": "preview",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "<strong>1</strong> person would receive" in response.content.decode()
    assert not Campaign.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "action": "send"})
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("community:campaign_detail", args=[campaign.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Sent" in page and campaign.subject in page
    assert client.post(url, {**data, "segment": "community:999999"}).status_code == 400


def test_pages_are_staff_only_and_scoped(client, acme, carla, sam, rita, join_and_confirm):
    community = services.community_for(acme)
    join_and_confirm(community, "ann@example.test", "Ann")
    campaign = start(community, by=rita)
    for url in (
        reverse("community:community_detail", args=[community.pk]),
        reverse("community:campaign_detail", args=[campaign.pk]),
    ):
        for outsider in (carla, sam):
            login(client, outsider)
            assert client.get(url).status_code == 404
        login(client, rita)
        assert client.get(url).status_code == 200
    login(client, sam)
    assert community.name not in client.get(reverse("community:community_list")).content.decode()


def test_the_member_list_runs_a_constant_number_of_queries(
    client, acme, rita, join_and_confirm, django_assert_max_num_queries
):
    community = services.community_for(acme)
    join_and_confirm(community, "m0@example.test", "M0")
    login(client, rita)
    url = reverse("community:community_detail", args=[community.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(1, 9):
        join_and_confirm(community, f"m{n}@example.test", f"M{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Active") >= 9
    assert Member.objects.count() == 9
