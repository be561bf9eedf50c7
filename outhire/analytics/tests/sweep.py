"""Client A's analytics objects for the isolation sweep (outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# The month of the saved report below (its commentary is a marker).
PARAMS = {"plan_id": "workforce_plan", "month": "report_month"}
# Signed links: the token is the permission (the sweep offers forged copies of A's real ones).
PUBLIC = {"analytics:survey_answer", "analytics:survey_unsubscribe", "analytics:manager_rating"}


def world(base: dict) -> dict:
    from outhire.analytics.models import (
        CandidateSurvey,
        ManagerRating,
        MonthlyReport,
        SurveySettings,
        WorkforcePlan,
    )

    acme = base["client"]
    survey = CandidateSurvey.objects.create(
        client=acme,
        application=base["application"],
        moment="applied",
        trigger="sweep:1",
        score=9,
        comment="Survey comment marker 4419",
    )
    rating = ManagerRating.objects.create(
        client=acme,
        requisition=base["requisition"],
        manager=base["client_user"],
        comment="Rating comment marker 2287",
    )
    plan = WorkforcePlan.objects.create(
        client=acme,
        job_family="specialist",
        year=2027,
        quarter=2,
        # Five digits, so that the marker is not found by chance inside a page's random tokens
        # (a CSRF token once held "4217").
        target_headcount=42173,
        current_headcount=40000,
        attrition_rate=Decimal("3"),
    )
    report = MonthlyReport.objects.create(
        client=acme, month=date(2026, 10, 1), commentary="Report commentary marker 6071"
    )
    settings = SurveySettings.objects.create(client=acme)
    return {
        "survey": survey,
        "manager_rating": rating,
        "workforce_plan": plan,
        "monthly_report": report,
        "report_month": "2026-10",
        "survey_settings": settings,
        "markers": [
            "Survey comment marker 4419",
            "Rating comment marker 2287",
            "Report commentary marker 6071",
            "42173",
            "42,173",
        ],
    }


def forge(name: str, world: dict) -> dict | None:
    from outhire.analytics import surveys
    from outhire.tests.test_isolation_sweep import forge as forged

    if name == "analytics:survey_answer":
        return {"token": forged(surveys.survey_token(world["survey"]))}
    if name == "analytics:survey_unsubscribe":
        return {"token": forged(surveys.opt_out_token(world["candidate"].pk))}
    if name == "analytics:manager_rating":
        return {"token": forged(surveys.rating_token(world["manager_rating"]))}
    return None
