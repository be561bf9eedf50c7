"""Each person's choice per kind of notification (right away, daily digest, off), the settings
page, and the daily digest: one e-mail a day, only when something waits, never twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from outhire.accounts.models import Notification, NotificationDigest, NotificationPreference
from outhire.accounts.notifications import (
    KINDS,
    notification_create,
    notifications_mark_read,
    notify,
    preferences_of,
    preferences_save,
)
from outhire.accounts.tasks import send_daily_digests, send_digest
from outhire.testing import login

MORNING = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _digest_at_seven(settings):
    settings.TIME_ZONE = "UTC"
    settings.OUTHIRE_DIGEST_HOUR = 7


def test_right_away_is_in_the_app_and_e_mailed_at_once(
    acme, hank, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = notification_create(
            user=hank, client=acme, text="Offer accepted", url="/offers/1/", kind="offer_accepted"
        )
    assert made.delivery == "immediate"
    made.refresh_from_db()
    assert made.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["Offer accepted"]
    assert reverse("accounts:notification_preferences") in mail.outbox[0].body


def test_a_digest_kind_is_in_the_app_but_not_e_mailed_at_once(
    acme, rita, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = notification_create(
            user=rita, client=acme, text="New applicant", kind="candidate_applied"
        )
    assert made.delivery == "digest" and made.emailed_at is None
    assert mail.outbox == []


def test_off_means_not_at_all(acme, hank, django_capture_on_commit_callbacks):
    preferences_save(user=hank, choices={"offer_accepted": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_create(user=hank, text="x", kind="offer_accepted") is None
        assert notification_create(user=hank, text="y", kind="offer_declined") is not None
    assert list(Notification.objects.values_list("text", flat=True)) == ["y"]
    assert [m.subject for m in mail.outbox] == ["y"]


def test_an_unknown_kind_is_refused(hank):
    with pytest.raises(ValueError, match="unknown notification kind"):
        notification_create(user=hank, text="x", kind="gossip")


def test_the_old_call_still_works_and_is_right_away(acme, hank):
    made = notification_create(user=hank, text="Plain", url="/", client=acme)
    assert made.kind == "general" and made.delivery == "immediate"


def test_notify_skips_the_actor_the_inactive_and_repeats(acme, rita, hank, carla):
    carla.is_active = False
    carla.save()
    made = notify([rita, hank, hank, None, carla], kind="general", text="Hi", skip=rita)
    assert [n.user for n in made] == [hank]


def test_only_choices_away_from_the_default_are_stored(hank):
    assert preferences_of(hank)["candidate_applied"] == KINDS["candidate_applied"].default
    changed = preferences_save(
        user=hank, choices={"interview_booked": "immediate", "mention": "immediate"}
    )
    assert changed == 1  # a mention is right away already
    assert list(NotificationPreference.objects.values_list("kind", "delivery")) == [
        ("interview_booked", "immediate")
    ]
    preferences_save(user=hank, choices={"interview_booked": "digest"})  # its default again
    assert not NotificationPreference.objects.exists()
    with pytest.raises(ValueError):
        preferences_save(user=hank, choices={"mention": "sometimes"})


def test_the_settings_page_saves_each_kind(client, hank):
    login(client, hank)
    url = reverse("accounts:notification_preferences")
    page = client.get(url).content.decode()
    assert "An offer was accepted" in page and "Daily digest" in page
    # Applicants before the shortlist are the provider's: not a kind for a client's people.
    assert "A candidate applied to my requisition" not in page
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["offer_declined"] = "digest"
    data["mention"] = "off"
    response = client.post(url, data)
    assert response.status_code == 302
    assert preferences_of(hank)["offer_declined"] == "digest"
    assert preferences_of(hank)["mention"] == "off"
    assert client.get(url).context["form"]["mention"].value() == "off"


def test_the_settings_page_refuses_a_bad_choice_with_a_message(client, rita):
    login(client, rita)
    url = reverse("accounts:notification_preferences")
    response = client.post(url, {"mention": "loudly"})
    assert response.status_code == 400
    assert "Choose right away, daily digest or off for every kind." in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert "A candidate applied to my requisition" in client.get(url).content.decode()


def _digest_kinds(user, client=None):
    return [
        notification_create(
            user=user,
            client=client,
            text=f"Applicant {n}",
            url=f"/a/{n}/",
            kind="candidate_applied",
        )
        for n in range(3)
    ]


@pytest.fixture
def digests(django_capture_on_commit_callbacks):
    """digests(now): the hourly job at `now`, with the e-mails it queues sent."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return send_daily_digests(now=now)

    return run


def test_the_digest_gathers_what_is_unread_once_a_day(acme, rita, hank, time_machine, digests):
    time_machine.move_to(MORNING - timedelta(days=1), tick=False)
    first, second, read = _digest_kinds(rita, acme)
    notification_create(user=rita, client=acme, text="Mentioned", kind="mention")
    notifications_mark_read(user=rita, ids=[read.pk])
    mail.outbox.clear()

    assert digests(MORNING.replace(hour=6)) == "digests go from 7:00"
    assert mail.outbox == []
    assert digests(MORNING) == "1 digest(s) of 2026-12-07 queued"
    [email] = mail.outbox
    assert email.to == [rita.email] and email.subject == "Outhire: 2 updates for you"
    assert "Applicant 0" in email.body and "Applicant 1" in email.body
    assert "Applicant 2" not in email.body  # read in the app already
    assert "Mentioned" not in email.body  # e-mailed right away instead
    assert "/a/0/" in email.body and reverse("work:home") in email.body
    first.refresh_from_db()
    assert first.emailed_at is not None and first.digest.sent_at is not None

    # Later the same day: something new waits for tomorrow's digest.
    notification_create(user=rita, client=acme, text="Applicant 3", kind="candidate_applied")
    assert digests(MORNING + timedelta(hours=5)) == "0 digest(s) of 2026-12-07 queued"
    assert len(mail.outbox) == 1
    digests(MORNING + timedelta(days=1))
    assert len(mail.outbox) == 2 and "Applicant 3" in mail.outbox[1].body
    assert "Applicant 0" not in mail.outbox[1].body
    assert NotificationDigest.objects.filter(user=rita).count() == 2
    assert second.pk  # gathered into the first digest
    assert not NotificationDigest.objects.filter(user=hank).exists()


def test_nothing_pending_means_no_digest(acme, rita, digests):
    notification_create(user=rita, client=acme, text="Mentioned", kind="mention")
    mail.outbox.clear()
    digests(MORNING)
    assert mail.outbox == [] and not NotificationDigest.objects.exists()


def test_a_digest_task_run_twice_sends_once(acme, rita, digests):
    _digest_kinds(rita, acme)
    digests(MORNING)
    digest = NotificationDigest.objects.get()
    assert send_digest(digest.pk) == f"digest {digest.pk} is not to be sent"
    assert len(mail.outbox) == 1


def test_a_digest_that_fails_to_send_is_sent_by_the_retry(acme, rita, monkeypatch):
    _digest_kinds(rita, acme)
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("mail server away")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    from outhire.accounts.notifications import digest_prepare

    digest = digest_prepare(user_id=rita.pk, day=MORNING.date())
    with pytest.raises(OSError):
        send_digest.run(digest.pk)
    digest.refresh_from_db()
    assert digest.sent_at is None and not Notification.objects.filter(emailed_at__isnull=False)
    assert send_digest.run(digest.pk).startswith(f"digest {digest.pk} sent")
    assert len(mail.outbox) == 1


def test_an_immediate_notification_is_e_mailed_once(acme, hank, django_capture_on_commit_callbacks):
    from outhire.accounts.tasks import send_notification

    with django_capture_on_commit_callbacks(execute=True):
        made = notification_create(user=hank, client=acme, text="Once", kind="mention")
    assert send_notification(made.pk) == f"notification {made.pk} is not to be e-mailed now"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_digests_racing_send_one_e_mail(acme, rita):
    from outhire.tests.test_concurrency import race

    _digest_kinds(rita, acme)
    results = race(6, lambda n, client: send_daily_digests(now=MORNING))
    assert not [r for r in results if isinstance(r, Exception)]
    assert len(mail.outbox) == 1
    assert NotificationDigest.objects.count() == 1
    assert Notification.objects.filter(digest__isnull=False).count() == 3


def test_in_app_only_makes_no_e_mail_now_or_later(acme, rita, hank, digests):
    from outhire.accounts.notifications import in_app_only

    with in_app_only():
        mentioned = notification_create(user=hank, client=acme, text="Seeded", kind="mention")
        applied = notification_create(
            user=rita, client=acme, text="Seeded", kind="candidate_applied"
        )
    digests(MORNING)
    assert mail.outbox == []
    assert mentioned.emailed_at is not None and applied.emailed_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
