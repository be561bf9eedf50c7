from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from outhire.accounts.models import Notification
from outhire.accounts.tenancy import Access
from outhire.pipeline import services
from outhire.pipeline.communication import comments
from outhire.pipeline.models import Comment
from outhire.testing import login


def _post(client, url, body, **extra):
    return client.post(url, {"body": body, **extra})


@pytest.fixture
def req_url(requisition):
    return reverse("pipeline:requisition_comments", args=[requisition.pk])


def test_internal_comments_stay_with_provider_staff(
    client, requisition, req_url, rita, carla, hank, gina
):
    login(client, rita)
    _post(client, req_url, "Internal comment marker 9902", internal="on")
    _post(client, req_url, "Shortlist coming Friday")
    assert Comment.objects.filter(internal=True).count() == 1
    assert "Internal comment marker 9902" in client.get(req_url).content.decode()
    for user in (carla, hank):
        login(client, user)
        page = client.get(req_url).content.decode()
        assert "Shortlist coming Friday" in page
        assert "Internal comment marker 9902" not in page
    login(client, gina)
    assert client.get(req_url).status_code == 404
    assert _post(client, req_url, "Hi").status_code == 404


def test_client_users_cannot_write_internal_comments(client, requisition, req_url, hank):
    login(client, hank)
    _post(client, req_url, "Please hurry", internal="on")
    assert Comment.objects.get().internal is False


def test_application_comments_follow_application_visibility(
    client, make_application, stage, rita, hank
):
    application = make_application("Zelda", "Candidatemarker")
    url = reverse("pipeline:application_comments", args=[application.pk])
    login(client, rita)
    assert _post(client, url, "Strong profile").status_code == 302
    login(client, hank)
    assert client.get(url).status_code == 404  # not submitted yet
    services.application_move(application=application, to_stage=stage("submitted"), by=rita)
    page = client.get(url).content.decode()
    assert "Strong profile" in page
    _post(client, url, "Let us meet her")
    assert Comment.objects.filter(application=application).count() == 2


def test_mentions_notify_only_people_who_may_read(
    client, requisition, req_url, rita, carla, ivy, gina, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            req_url,
            {"body": "@Carla Clientadmin and @ivy@acme.test, also @gina@globex.test @nobody"},
            follow=True,
        )
    page = response.content.decode()
    assert "Not notified" in page and "@gina@globex.test" in page and "@nobody" in page
    comment = Comment.objects.get()
    assert set(comment.mentions.all()) == {carla, ivy}
    # hank manages the requisition: told of the comment too, in his daily digest (the default
    # for comments), while mentions are e-mailed right away.
    said = Notification.objects.filter(kind__in=["mention", "comment"])
    notified = set(said.values_list("user__email", "kind"))
    assert notified == {
        ("carla@acme.test", "mention"),
        ("ivy@acme.test", "mention"),
        ("hank@acme.test", "comment"),
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["carla@acme.test", "ivy@acme.test"]
    assert not Notification.objects.filter(user=gina).exists()


def test_an_internal_comment_reaches_no_client_user(
    client, requisition, req_url, rita, carla, hank, alice, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            req_url,
            {"body": "@carla@acme.test @alice@provider.test secret plan", "internal": "on"},
        )
    said = Notification.objects.filter(kind__in=["mention", "comment"])
    assert list(said.values_list("user__email", flat=True)) == ["alice@provider.test"]
    assert [m.to for m in mail.outbox] == [["alice@provider.test"]]
    assert "secret plan" not in mail.outbox[0].body


def test_mention_parsing_ignores_addresses_inside_text(requisition, rita, carla):
    people = comments.readers(requisition)
    found, ignored = comments.mentions_find("mail carla@acme.test or @Carla Clientadmin.", people)
    assert found == [carla] and ignored == []


def test_authors_delete_their_own_comments(client, requisition, req_url, rita, carla):
    login(client, rita)
    _post(client, req_url, "Mine")
    comment = Comment.objects.get()
    delete = reverse("pipeline:comment_delete", args=[comment.pk])
    login(client, carla)
    assert client.post(delete).status_code == 403
    login(client, rita)
    assert client.post(delete).status_code == 302
    assert not Comment.objects.exists()


def test_client_users_cannot_reach_internal_comments_to_delete(client, requisition, rita, carla):
    comment = Comment.objects.create(
        client=requisition.client, requisition=requisition, author=carla, body="x", internal=True
    )
    login(client, carla)
    assert client.post(reverse("pipeline:comment_delete", args=[comment.pk])).status_code == 404


def test_the_list_costs_the_same_for_more_comments(
    client, requisition, req_url, rita, carla, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            result = comments.comment_add(
                requisition=requisition,
                author=rita,
                access=Access(rita),
                body=f"Comment {i} for @Carla Clientadmin",
            )
            assert result.mentioned == [carla]

    login(client, rita)
    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(req_url).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(req_url)
    assert page.content.decode().count("Comment ") >= 12
