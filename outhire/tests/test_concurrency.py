"""Many people (or scripts) doing the same thing at the same moment, through the HTTP layer.

Each test starts real threads, each with its own database connection and its own test
Client, releases them together through a barrier, and checks that every answer is one the
view gives on purpose (never a 500) and that the database holds exactly one result. The races
are PostgreSQL's (concurrent writers, row locks re-checked under READ COMMITTED); on SQLite,
which runs one writing transaction at a time, the same tests check that waiting writers are
served in turn instead of failing with "database is locked".
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connections
from django.test import Client

from outhire.accounts import services as account_services
from outhire.candidates.models import Candidate, ContactPoint, Document
from outhire.candidates.services import candidate_create
from outhire.careers.apply.tests.fixtures import _posting  # noqa: F401 (fixture)
from outhire.pipeline import services as pipeline_services
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions import services as requisitions

# Threads need their own connections to a database that really holds the rows: no test
# transaction around them.
pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1"


def race(count: int, work: Callable[[int, Client], object]) -> list:
    """Run `work(n, client)` in `count` threads released at once; their results, in order.

    Each thread has its own connection (Django's are per thread) and closes it at the end,
    so the test database can be dropped afterwards. An exception is a result too.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        client = Client(raise_request_exception=False)
        try:
            barrier.wait(timeout=30)
            results[n] = work(n, client)
        except Exception as error:  # noqa: BLE001 - reported to the test as a result
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def bearer(user, client=None) -> dict[str, str]:
    _, secret = account_services.api_token_create(
        name=f"{user.full_name}'s token", client=client, can_write=True, by=user
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def requisition(acme, rita, hank):
    req = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={"title": "Robotics Engineer", "openings": 1, "hiring_manager": hank},
    )
    requisitions.requisition_submit(requisition=req, by=rita)  # no chain: opens at once
    requisitions.dispositions_ensure(acme)
    req.refresh_from_db()
    return req


@pytest.fixture
def application(requisition, rita):
    ada = candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    return pipeline_services.application_create(requisition=requisition, candidate=ada, by=rita)


# --- Moves of one application -------------------------------------------------------------


def test_it_answers_30_parallel_api_moves_with_one_200_and_409s(rita, application, requisition):
    headers = bearer(rita)
    stages = [requisition.stages.get(kind=kind) for kind in ("screen", "submitted", "interview")]
    url = f"{API}/applications/{application.pk}/move"

    def move(n: int, client: Client):
        body = {"stage_id": stages[n % 3].pk, "version": application.version}
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(30, move))
    assert codes == {200: 1, 409: 29}
    application.refresh_from_db()
    assert application.version == 2
    assert application.stage in stages
    events = StageEvent.objects.filter(application=application)
    assert [e.kind for e in events.order_by("id")] == ["created", "moved"]
    assert events.get(kind="moved").to_stage == application.stage


def test_it_answers_30_parallel_page_moves_with_one_move_and_409s(rita, application, requisition):
    from outhire.testing import confirmed, login

    stages = [requisition.stages.get(kind=kind) for kind in ("screen", "submitted", "interview")]
    url = f"/applications/{application.pk}/move/"

    def move(n: int, client: Client):
        login(client, rita)
        # Each skips stages: the form as posted from its confirmation.
        body = {"stage": stages[n % 3].pk, "version": application.version, "reason": ""}
        return client.post(url, confirmed(body)).status_code

    codes = Counter(race(30, move))
    assert codes == {302: 1, 409: 29}
    assert StageEvent.objects.filter(application=application).count() == 2
    application.refresh_from_db()
    assert application.version == 2


def test_it_hires_once_when_30_people_hire_and_reject_at_once(rita, application, requisition):
    """Hiring fills the opening and the requisition: the row locks that takes must not deadlock."""
    headers = bearer(rita)
    hired = requisition.stages.get(kind="hired")
    reason = pipeline_services.DispositionReason.objects.filter(
        client=requisition.client, applies_to="rejected"
    ).first()

    def act(n: int, client: Client):
        if n % 2:
            url, body = f"{API}/applications/{application.pk}/move", {"stage_id": hired.pk}
        else:
            url, body = (
                f"{API}/applications/{application.pk}/reject",
                {"disposition_id": reason.pk},
            )
        body["version"] = application.version
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(30, act))
    assert codes == {200: 1, 409: 29}
    application.refresh_from_db()
    requisition.refresh_from_db()
    assert application.status in {Application.Status.HIRED, Application.Status.REJECTED}
    hired_now = application.status == Application.Status.HIRED
    assert requisition.status == ("filled" if hired_now else "open")
    assert requisition.opening_set.filter(filled_by=application).count() == int(hired_now)


def test_it_fills_two_openings_once_when_ten_candidates_are_hired_at_once(acme, rita, hank):
    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Welder", "openings": 2, "hiring_manager": hank}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    applications = [
        pipeline_services.application_create(
            requisition=requisition,
            candidate=candidate_create(by=rita, first_name=f"Welder{n}", last_name="Doe"),
            by=rita,
        )
        for n in range(10)
    ]
    hired = requisition.stages.get(kind="hired")
    headers = bearer(rita)

    def hire(n: int, client: Client):
        url = f"{API}/applications/{applications[n].pk}/move"
        body = {"stage_id": hired.pk, "version": applications[n].version}
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(10, hire))
    assert codes == {200: 2, 422: 8}
    requisition.refresh_from_db()
    assert requisition.status == "filled"
    assert Application.objects.filter(requisition=requisition, status="hired").count() == 2
    filled = requisition.opening_set.filter(filled_at__isnull=False)
    assert sorted(o.filled_by.status for o in filled) == ["hired", "hired"]
    hires = StageEvent.objects.filter(application__requisition=requisition, kind="hired")
    assert hires.count() == 2


# --- One person, however many times they are sent at once ------------------------------------


def test_it_makes_one_candidate_and_one_application_from_20_identical_applies(
    settings, posting, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.files.uploadedfile import SimpleUploadedFile

    from outhire.careers.apply.tests.fixtures import RESUME_LINES, apply_url, form_data

    settings.OUTHIRE_APPLY_MAX_PER_HOUR = 1000
    # A plain-text resume: PDFium, which reads PDFs, is not safe to call from several threads
    # of one process at once (it crashes), and threads are what this test is made of.
    resume = "\n".join(RESUME_LINES).encode()

    def apply(n: int, client: Client):
        upload = SimpleUploadedFile("jane-cv.txt", resume, content_type="text/plain")
        return client.post(apply_url(posting), form_data(resume=upload)).status_code

    codes = Counter(race(20, apply))
    assert codes == {302: 20}
    candidate = Candidate.objects.get()
    assert candidate.email == "jane.applicant@example.com"
    assert ContactPoint.objects.filter(kind="email").count() == 1
    assert Application.objects.get().candidate == candidate
    assert Document.objects.count() == 1
    subjects = Counter("already have your application" in m.subject for m in mail.outbox)
    assert subjects == {False: 1, True: 19}


def test_it_creates_one_candidate_from_10_parallel_api_posts_with_one_email(rita):
    headers = bearer(rita)

    def create(n: int, client: Client):
        body = {"first_name": "Ada", "last_name": f"Lovelace {n}", "emails": ["ada@example.com"]}
        response = client.post(
            f"{API}/candidates", body, content_type="application/json", **headers
        )
        return response.status_code, response.json()

    results = race(10, create)
    assert Counter(code for code, _ in results) == {201: 1, 409: 9}
    created = next(body for code, body in results if code == 201)
    assert Candidate.objects.get().pk == created["id"]
    for code, body in results:
        if code == 409:
            assert body["code"] == "conflict"
            assert [d["id"] for d in body["duplicates"]] == [created["id"]]
            assert body["duplicates"][0]["reasons"] == ["same e-mail"]


def test_it_records_one_referral_when_the_form_is_sent_ten_times_at_once(rita, requisition):
    from outhire.referrals.models import Referral
    from outhire.testing import login

    data = {
        "requisition": requisition.pk,
        "first_name": "Olga",
        "last_name": "Referred",
        "email": "olga@example.test",
        "phone": "+44 20 7946 0000",
        "consent": "on",
    }

    def refer(n: int, client: Client):
        login(client, rita)
        response = client.post("/referrals/new/", data)
        refused = "already being considered for this job" in response.content.decode()
        return response.status_code, refused

    results = Counter(race(10, refer))
    assert results == {(302, False): 1, (400, True): 9}
    candidate = Candidate.objects.get()
    assert Application.objects.get().candidate == candidate
    assert Referral.objects.get().application.candidate == candidate


def test_it_makes_one_member_when_someone_joins_a_community_ten_times_at_once(acme):
    from outhire.community import services as community_services
    from outhire.community.models import Member

    community = community_services.community_for(acme)

    def join(n: int, client: Client):
        member = community_services.member_join(
            community=community, first_name="Ann", last_name="Member", email="ann@example.test"
        )
        return member.pk

    members = set(race(10, join))
    assert members == {Member.objects.get().pk}
    assert Candidate.objects.get().email == "ann@example.test"


# --- Versioned and status writes of a requisition -------------------------------------------


def test_it_answers_30_parallel_requisition_edits_with_one_200_and_409s(rita, requisition):
    headers = bearer(rita)
    url = f"{API}/requisitions/{requisition.pk}"
    before = requisition.version

    def edit(n: int, client: Client):
        body = {"title": f"Robotics Engineer {n}", "version": requisition.version}
        return client.patch(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(30, edit))
    assert codes == {200: 1, 409: 29}
    requisition.refresh_from_db()
    assert requisition.version == before + 1
    assert requisition.title.startswith("Robotics Engineer ")


def test_it_holds_once_when_20_people_hold_and_cancel_at_once(rita, requisition):
    headers = bearer(rita)

    def act(n: int, client: Client):
        action = "hold" if n % 2 else "cancel"
        url = f"{API}/requisitions/{requisition.pk}/{action}"
        body = {"reason": "Budget"}
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = Counter(race(20, act))
    requisition.refresh_from_db()
    # A hold may be followed by cancellations (cancel is allowed from on hold), never the
    # other way round; everything else is refused as a conflict.
    events = list(requisition.events.values_list("to_status", flat=True))
    assert set(codes) <= {200, 409}
    assert codes[200] == len(events) - 3  # created, submitted and opened before
    assert events[-1] == requisition.status
    assert events.count("cancelled") == 1
    assert events.count("on_hold") <= 1


# --- Offers, while their application moves ----------------------------------------------------


def test_it_renegotiates_an_offer_while_its_application_moves_without_a_500(acme, rita, hank):
    """Renegotiating locks the offer; moves lock the application it joins to. Waiting on a
    moved application must not lose the offer (DoesNotExist, a 500) nor lock the client."""
    from outhire.offers.models import Offer
    from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer

    requisition = open_requisition(acme, rita, hank)
    application = at_offer_stage(requisition, rita)
    offer = sent_offer(application, rita)
    application.refresh_from_db()
    stages = [requisition.stages.get(kind=kind) for kind in ("interview", "assessment")]
    headers = bearer(rita)
    today = offer.start_date
    terms = {
        "base_salary": "72000",
        "currency": "EUR",
        "start_date": today.isoformat(),
        "expires_on": offer.expires_on.isoformat(),
    }

    def act(n: int, client: Client):
        if n % 2:
            url = f"{API}/offers/{offer.pk}/renegotiate"
            body = terms
        else:
            url = f"{API}/applications/{application.pk}/move"
            body = {"stage_id": stages[n % 4 // 2].pk, "version": application.version}
        return client.post(url, body, content_type="application/json", **headers).status_code

    codes = race(20, act)
    assert set(codes) <= {200, 201, 409, 422}, Counter(codes)
    drafts = Offer.objects.filter(application=application, status="draft")
    assert drafts.count() <= 1
    assert Offer.objects.filter(application=application, superseded=False).count() == 1


def test_it_keeps_one_version_per_language_when_ten_people_add_it_at_once(acme, rita):
    from django.urls import reverse

    from outhire.pipeline.models import MessageTemplate, MessageTemplateTranslation

    template = MessageTemplate.objects.create(
        client=acme, name="Invite", subject="A call", body="Hello {{ candidate_first_name }}"
    )
    url = reverse("pipeline:message_template_translation", args=[template.pk, "fr"])

    signed_in = Client()
    signed_in.force_login(rita)  # one session for all, so the threads start posting at once
    session = signed_in.cookies

    def add(n: int, client: Client):
        client.cookies = session
        response = client.post(url, {"tr-fr-subject": f"Un appel {n}", "tr-fr-body": "Bonjour"})
        return response.status_code

    assert Counter(race(10, add)) == Counter({302: 10})
    assert MessageTemplateTranslation.objects.filter(template=template, language="fr").count() == 1
