"""Similar candidates from a profile, and adding one to a pipeline as sourced."""

from __future__ import annotations

import re

from django.urls import reverse

from outhire.pipeline.models import Application
from outhire.screening.matcher import MATCHER_VERSION
from outhire.screening.models import SimilarityLog
from outhire.testing import login


def test_it_lists_similar_candidates_with_reasons_and_adds_one(
    client, rita, person, requisition, django_assert_max_num_queries
):
    ada = person("Ada", "Python Developer", "Python Django web services", skills=["Python"])
    pia = person("Pia", "Python Developer", "Python Flask web services", skills=["Python"])
    person("Carl", "Chef", "Kitchen and menus")
    person("Noconsent", "Python Developer", "Python Django", skills=["Python"], consent=False)
    login(client, rita)
    url = reverse("screening:similar_candidates", args=[ada.pk])
    html = client.get(url).content.decode()
    table = html[html.index("<caption>") :]
    assert "Pia Doe" in table and "Noconsent" not in table
    assert "Ada Doe" not in table.split("</caption>")[1].split("Back to")[0]
    assert table.index("Pia Doe") < table.index("Carl Doe") if "Carl Doe" in table else True
    assert re.search(r"Has \d of \d required skills \(Python", table)

    for n in range(6):
        person(f"More{n}", "Python Developer", "Python services", skills=["Python"])
    with django_assert_max_num_queries(20):
        client.get(url)

    response = client.post(
        reverse("screening:similar_candidates_add", args=[ada.pk]),
        {"candidate": pia.pk, "requisition": requisition.pk},
    )
    assert response.status_code == 302
    app = Application.objects.get(candidate=pia, requisition=requisition)
    assert app.source == "sourced"


def test_every_similarity_shown_is_logged_with_the_decision_beside_it(
    client, rita, person, requisition
):
    ada = person("Ada", "Python Developer", "Python Django web services", skills=["Python"])
    pia = person("Pia", "Python Developer", "Python Flask web services", skills=["Python"])
    person("Carl", "Chef", "Kitchen and menus")
    login(client, rita)
    client.get(reverse("screening:similar_candidates", args=[ada.pk]))
    logs = list(SimilarityLog.objects.filter(origin=ada))
    assert {log.candidate_id for log in logs} >= {pia.pk}
    assert all(
        log.shown_to == rita
        and log.matcher_version == MATCHER_VERSION
        and len(log.input_digest) == 64
        for log in logs
    )
    assert all(log.decision == "" for log in logs)

    client.post(
        reverse("screening:similar_candidates_add", args=[ada.pk]),
        {"candidate": pia.pk, "requisition": requisition.pk},
    )
    log = SimilarityLog.objects.get(origin=ada, candidate=pia)
    app = Application.objects.get(candidate=pia, requisition=requisition)
    assert log.decision == "added_to_pipeline"
    assert (log.requisition, log.application, log.decided_by) == (requisition, app, rita)
    assert log.decided_at is not None


def test_clients_never_reach_it(client, rita, carla, gina, person, requisition):
    ada = person("Ada", "Python Developer", "Python")
    for user in (carla, gina):
        login(client, user)
        assert client.get(reverse("screening:similar_candidates", args=[ada.pk])).status_code == 404
        assert (
            client.post(
                reverse("screening:similar_candidates_add", args=[ada.pk]),
                {"candidate": ada.pk, "requisition": requisition.pk},
            ).status_code
            == 404
        )
