"""The bias audit page: hand-worked selection and scoring rates from self-identification."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from outhire.accounts.models import AuditEvent
from outhire.pipeline.services import application_move
from outhire.privacy.models import SelfIdentification
from outhire.screening import audit_report
from outhire.screening.models import ScoreLog
from outhire.testing import login


def _self_id(application, sex, race):
    SelfIdentification.objects.create(
        client_id=application.client_id, application=application, sex=sex, race_ethnicity=race
    )


@pytest.fixture
def audit_world(make_application, stage, rita):
    """10 applicants reach `screen`; who reaches `interview`:

    Female White: 4 screened, 3 interviewed (0.75); Male White: 4 screened, 2 interviewed (0.5);
    Female Asian: 1 screened, 0 interviewed; one declined both questions (unknown), interviewed.
    """
    plan = [("Female", "White", True)] * 3 + [("Female", "White", False)]
    plan += [("Male", "White", True)] * 2 + [("Male", "White", False)] * 2
    plan += [("Female", "Asian", False), ("Declined", "Declined", True)]
    apps = []
    for n, (sex, race, interviewed) in enumerate(plan):
        app = make_application(f"P{n}")
        _self_id(app, sex, race)
        application_move(application=app, to_stage=stage("screen"), by=rita)
        if interviewed:
            app.refresh_from_db()
            application_move(application=app, to_stage=stage("interview"), by=rita)
        apps.append(app)
    # one applicant who never reached `screen` is not assessed
    make_application("Late")
    return apps


def _groups(table):
    return {g.category: g for g in table.groups}


def test_selection_rates_and_impact_ratios_by_hand(audit_world, acme):
    result = audit_report.report(
        audit_report.AuditQuery(client_id=acme.pk, from_kind="screen", to_kind="interview")
    )
    sex, race, both = result.tables
    assert result.assessed == 10 and result.with_self_id == 9
    g = _groups(sex)
    # Female: 5 assessed, 3 selected = 0.6; Male: 4, 2 = 0.5 -> ratio 0.5/0.6 = 0.8333
    assert (g["Female"].count, g["Female"].favourable, g["Female"].rate) == (5, 3, 0.6)
    assert g["Male"].rate == 0.5 and round(g["Male"].impact_ratio, 4) == 0.8333
    assert sex.unknown == 1 and not g["Male"].below_four_fifths
    g = _groups(race)
    # White 8 assessed, 5 selected (0.625); Asian 1 of 10 = 10% (not under 2%), rate 0
    assert g["White"].rate == 0.625 and g["White"].impact_ratio == 1.0
    assert g["Asian"].rate == 0.0 and g["Asian"].impact_ratio == 0.0
    assert g["Asian"].below_four_fifths and race.unknown == 1
    g = _groups(both)
    assert g["Female · White"].rate == 0.75
    assert round(g["Male · White"].impact_ratio, 4) == round(0.5 / 0.75, 4)


def test_scoring_rates_use_the_latest_score_shown(audit_world, acme, rita, requisition):
    scores = [90, 80, 70, 60, 50, 40, 30, 20, 10, 100]
    for app, score in zip(audit_world, scores, strict=True):
        ScoreLog.objects.create(
            client=acme,
            requisition=requisition,
            candidate_id=app.candidate_id,
            application=app,
            matcher_version="1.0",
            input_digest="0" * 64,
            score=score,
            shown_to=rita,
        )
    result = audit_report.report(audit_report.AuditQuery(client_id=acme.pk, measure="scoring"))
    sex = result.tables[0]
    # median of the 10 scores is 55: Female 90,80,70,60,10 -> 4 of 5 above; Male 50..20 -> 0
    assert sex.median_score == 55
    g = _groups(sex)
    assert (g["Female"].favourable, g["Male"].favourable) == (4, 0)
    assert g["Male"].impact_ratio == 0.0 and g["Male"].below_four_fifths


def test_the_page_shows_aggregates_to_provider_and_client_admins_and_is_audited(
    client, audit_world, acme, alice, carla, django_assert_max_num_queries
):
    url = reverse("screening:bias_audit", args=[acme.slug])
    params = {"measure": "selection", "from_kind": "screen", "to_kind": "interview"}
    for user in (alice, carla):
        login(client, user)
        with django_assert_max_num_queries(14):
            html = client.get(url, params).content.decode()
        assert "0.833" in html and "Female · White" in html
        assert "P1 Doe" not in html  # aggregates only
    assert AuditEvent.objects.filter(action="screening.bias_audit_viewed").count() == 2
    printable = client.get(url, {**params, "format": "print"}).content.decode()
    assert "Printed" in printable and "0.833" in printable
    response = client.get(reverse("screening:bias_audit_csv", args=[acme.slug]), params)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["sex", "Female", "5", "3", "0.6000", "1.0000", "no", "no"] in rows
    assert AuditEvent.objects.filter(action="screening.bias_audit_exported").exists()


def test_the_page_costs_the_same_queries_with_more_applicants(
    client, audit_world, acme, alice, make_application, django_assert_max_num_queries
):
    url = reverse("screening:bias_audit", args=[acme.slug])
    params = {"from_kind": "applied", "to_kind": "screen", "measure": "selection"}
    login(client, alice)
    for n in range(15):
        _self_id(make_application(f"More{n}"), "Male", "Asian")
    with django_assert_max_num_queries(14):
        assert client.get(url, params).status_code == 200


def test_others_are_refused_and_bad_choices_get_form_errors(
    client, acme, hank, gina, sam, rita, alice
):
    url = reverse("screening:bias_audit", args=[acme.slug])
    for user in (hank, gina, sam, rita):
        login(client, user)
        assert client.get(url).status_code == 404
    login(client, alice)
    html = client.get(url, {"measure": "selection", "from_kind": "offer", "to_kind": "screen"})
    assert "later than the first" in html.content.decode()
    bad = client.get(reverse("screening:bias_audit_csv", args=[acme.slug]), {"start": "x"})
    assert bad.status_code == 400


def test_the_settings_page_links_to_the_audit_for_those_allowed(client, acme, alice, carla):
    url = reverse("screening:settings", args=[acme.slug])
    audit_url = reverse("screening:bias_audit", args=[acme.slug])
    for user in (alice, carla):
        login(client, user)
        assert audit_url in client.get(url).content.decode()
