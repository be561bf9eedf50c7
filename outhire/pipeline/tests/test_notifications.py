from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outhire.accounts.models import Notification
from outhire.accounts.notifications import notification_create
from outhire.testing import login


def test_it_lists_only_my_notifications_with_a_badge(client, acme, hank, carla):
    notification_create(user=hank, client=acme, text="Hank should see this", url="/")
    notification_create(user=carla, client=acme, text="Carla only")
    login(client, hank)
    page = client.get(reverse("pipeline:notification_list")).content.decode()
    assert "Hank should see this" in page and "Carla only" not in page
    assert 'title="unread">1</span>' in page


def test_it_marks_read_one_or_all(client, acme, hank, carla):
    first = notification_create(user=hank, client=acme, text="One", url="/notifications/")
    notification_create(user=hank, client=acme, text="Two")
    theirs = notification_create(user=carla, client=acme, text="Three")
    login(client, hank)
    response = client.post(reverse("pipeline:notification_read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    assert client.post(reverse("pipeline:notification_read", args=[theirs.pk])).status_code == 404
    client.post(reverse("pipeline:notifications_read_all"))
    assert list(Notification.objects.filter(read_at__isnull=True)) == [theirs]


def test_notifications_are_e_mailed(acme, hank, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(user=hank, client=acme, text="Rita mentioned you", url="/x/")
    assert mailoutbox[0].to == ["hank@acme.test"]
    assert "Rita mentioned you" in mailoutbox[0].body and "/x/" in mailoutbox[0].body


def test_the_page_costs_the_same_for_more_notifications(
    client, acme, hank, django_assert_max_num_queries
):
    login(client, hank)
    notification_create(user=hank, client=acme, text="n")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("pipeline:notification_list"))
    for n in range(20):
        notification_create(user=hank, client=acme, text=f"n{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("pipeline:notification_list"))
