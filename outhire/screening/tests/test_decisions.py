"""Human decisions beside the scores, and the AI decision log with its CSV export."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from outhire.accounts.models import AuditEvent
from outhire.pipeline.models import Application, StageEvent
from outhire.pipeline.services import application_move, application_reject
from outhire.requisitions.models import DispositionReason
from outhire.screening import ranking
from outhire.screening.models import ScoreLog
from outhire.testing import login


def _show_scores(client, rita, requisition):
    login(client, rita)
    response = client.get(reverse("screening:requisition_matches", args=[requisition.pk]))
    assert response.status_code == 200


def test_a_move_after_a_score_was_shown_is_recorded_beside_it(
    client, rita, requisition, make_application, stage
):
    ada = make_application("Ada")
    bob = make_application("Bob")
    _show_scores(client, rita, requisition)
    assert ScoreLog.objects.filter(requisition=requisition, decision="").count() == 2

    application_move(application=ada, to_stage=stage("screen"), by=rita)
    reason = DispositionReason.objects.filter(client=requisition.client).first()
    application_reject(application=bob, by=rita, disposition=reason)

    ada_log = ScoreLog.objects.get(application=ada)
    bob_log = ScoreLog.objects.get(application=bob)
    assert (ada_log.decision, ada_log.decided_by) == (ScoreLog.Decision.ADVANCED, rita)
    assert (bob_log.decision, bob_log.decided_by) == (ScoreLog.Decision.REJECTED, rita)
    assert ada_log.decided_at is not None
    # The first decision after a score stays with it; a later move does not rewrite it.
    application_move(application=ada, to_stage=stage("applied"), by=rita)
    assert ScoreLog.objects.get(application=ada).decision == ScoreLog.Decision.ADVANCED


def test_showing_scores_never_moves_or_rejects_anyone(client, rita, requisition, make_application):
    apps = [make_application(name) for name in ("Ada", "Bob", "Cy")]
    before = {a.pk: (a.stage_id, a.status, a.version) for a in apps}
    events = StageEvent.objects.count()
    for _ in range(2):
        _show_scores(client, rita, requisition)
    after = {
        a.pk: (a.stage_id, a.status, a.version) for a in Application.objects.filter(pk__in=before)
    }
    assert after == before
    assert StageEvent.objects.count() == events
    assert not ScoreLog.objects.exclude(decision="").exists()


def test_the_decision_log_shows_scores_and_decisions_to_provider_staff(
    client, rita, requisition, make_application, stage, django_assert_max_num_queries
):
    for n in range(3):
        make_application(f"P{n}")
    _show_scores(client, rita, requisition)
    application_move(application=Application.objects.first(), to_stage=stage("screen"), by=rita)
    url = reverse("screening:decision_log", args=[requisition.pk])
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert "Advanced" in html and ranking.matcher.MATCHER_VERSION in html
    for n in range(12):
        make_application(f"Q{n}")
    _show_scores(client, rita, requisition)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_csv_export_is_audited(client, rita, requisition, make_application):
    make_application("Ada")
    _show_scores(client, rita, requisition)
    response = client.get(reverse("screening:decision_log_csv", args=[requisition.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == [
        "log_id",
        "requisition_id",
        "candidate_id",
        "application_id",
        "matcher_version",
        "input_digest",
    ]
    assert len(rows) == 2 and rows[1][8] == rita.email
    assert "Ada" not in response.content.decode()  # ids, not names
    assert AuditEvent.objects.filter(action="screening.decision_log_exported").exists()


def test_client_users_and_other_staff_never_see_the_log(client, requisition, carla, sam, gina):
    for user in (carla, sam, gina):
        login(client, user)
        for name in ("screening:decision_log", "screening:decision_log_csv"):
            assert client.get(reverse(name, args=[requisition.pk])).status_code == 404
