"""The fuzzing gate: schemathesis over /api/v1/openapi.json, on demo data, as a provider admin.

Every operation of the served schema gets schemathesis' examples, coverage (boundary values,
wrong types, NUL, numbers past 2^63...) and fuzzing phases, sent through the WSGI app in
process with a provider-wide write token. Any server error, any answer outside the schema
(status code, content type, body, headers) and any schema-violating request accepted fails
the operation's test. What schemathesis cannot know is left out: that a valid-looking body
names something that exists (positive data acceptance).

Bounded for `make test`: OUTHIRE_FUZZ_EXAMPLES (default 10) examples per operation in the
fuzzing phase, seeded (OUTHIRE_FUZZ_SEED) so a run repeats. `make fuzz` runs a longer one.
"""

from __future__ import annotations

import io
import os
from collections import Counter

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from outhire.testing import shared_data
from outhire.wsgi import application

MAX_EXAMPLES = int(os.environ.get("OUTHIRE_FUZZ_EXAMPLES", "10"))
SECRET: dict[str, str] = {}
REAL_IDS: dict[str, list] = {}
STATS: Counter[str] = Counter()

config = SchemathesisConfig.from_dict(
    {
        "seed": int(os.environ.get("OUTHIRE_FUZZ_SEED", "14")),
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "database": "none",
            "with-security-parameters": False,
            "allow-extra-parameters": False,
        },
        "checks": {"positive_data_acceptance": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=config)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Ids of seeded objects as well as generated ones, so operations reach real objects."""
    choices = [st.just(path_parameters)]
    for name in path_parameters or {}:
        if REAL_IDS.get(name):
            choices.append(
                st.sampled_from(REAL_IDS[name]).map(lambda v, n=name: {**path_parameters, n: v})
            )
    return st.one_of(*choices)


def _real_ids() -> dict[str, list]:
    from outhire.accounts.models import Client
    from outhire.candidates.models import Candidate, Consent, Document, ImportJob, TalentPool
    from outhire.careers.models import JobPosting
    from outhire.community.models import Campaign
    from outhire.costs.models import CostEntry
    from outhire.engagements.models import Engagement, Intake
    from outhire.interviews.models import Interview
    from outhire.offers.models import Hire, Offer, PostHireReview
    from outhire.pipeline.models import Application
    from outhire.preboarding.models import Item
    from outhire.requisitions.models import Requisition
    from outhire.webhooks.models import Delivery, Endpoint

    models = {
        "candidate_id": Candidate,
        "consent_id": Consent,
        "document_id": Document,
        "job_id": ImportJob,
        "pool_id": TalentPool,
        "campaign_id": Campaign,
        "engagement_id": Engagement,
        "intake_id": Intake,
        "cost_entry_id": CostEntry,
        "interview_id": Interview,
        "offer_id": Offer,
        "hire_id": Hire,
        "review_id": PostHireReview,
        "preboarding_item_id": Item,
        "application_id": Application,
        "posting_id": JobPosting,
        "requisition_id": Requisition,
        "delivery_id": Delivery,
        "endpoint_id": Endpoint,
    }
    ids = {
        name: list(model._base_manager.values_list("pk", flat=True)[:20])
        for name, model in models.items()
    }
    ids["slug"] = list(Client.objects.values_list("slug", flat=True))
    return ids


def _seed_what_the_demo_lacks(admin) -> None:
    from outhire.accounts.models import Client
    from outhire.candidates.imports.uploads import import_create
    from outhire.engagements.models import Intake

    client = Client.objects.order_by("slug").first()
    Intake.objects.create(
        client=client,
        job_title="Warehouse robotics technician",
        job_family="specialist",
        purpose="Keep the picking robots running",
        created_by=admin,
    )
    import_create(
        by=admin,
        data=b"First Name,Last Name,Email\nAda,Lovelace,ada@example.com\n",
        file_name="people.csv",
    )


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and what it lacks, made once (with the tests' quick password hashing: the demo's
    users took seconds to hash with Argon2) and rolled back after the module."""
    from outhire.accounts import services as account_services
    from outhire.accounts.models import User

    media = tmp_path_factory.mktemp("fuzz-media")
    with shared_data(django_db_blocker, media):
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed-demo", candidates=12, stdout=io.StringIO())
        admin = User.objects.get(email="admin@northwind.demo")
        _, SECRET["value"] = account_services.api_token_create(
            name="fuzz", client=None, can_write=True, by=admin
        )
        _seed_what_the_demo_lacks(admin)
        REAL_IDS.update(_real_ids())
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            yield media
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_files(fuzz_world, settings):
    """The demo's files (resumes), where the seed wrote them."""
    settings.MEDIA_ROOT = fuzz_world


@pytest.mark.fuzz
@schema.parametrize()
@hypothesis_settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_it_answers_every_generated_request_within_its_schema(case, fuzz_world, fuzz_files, db):
    headers = {"Authorization": f"Bearer {SECRET['value']}"}
    response = case.call(headers=headers)
    STATS["cases"] += 1
    STATS[f"phase {case.meta.phase.name.value if case.meta else 'explicit'}"] += 1
    STATS[f"status {response.status_code // 100}xx"] += 1
    case.validate_response(response, headers=headers)
