"""Every URL of the project, filled with client A's objects, requested by outsiders.

The patterns come from the URL resolver, so a view added later is swept without anyone
remembering to add it. A parameter the sweep does not know how to fill fails the test: teach
`fill_parameters` about it (with a real object of client A) when you add such a URL.

The talent network (candidates, their documents, notes, pools) belongs to the provider: its
staff, even those assigned only to client B, may see it by design. Everyone else (client users
of either client, client-scoped tokens, anonymous callers) must get a refusal from every
talent-network URL and must never see a candidate's name, contact data or provider-only notes
on any page.

Client A's world is built once per module run (`sweep_world`, in an outer transaction that each
test's own transaction rolls back to), and every URL is a test of its own, per outsider, so a
failure names the URL and the caller: `pytest outhire/tests/test_isolation_sweep.py -k
candidate_detail` sweeps one view.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client as WebClient
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from outhire.accounts.models import (
    ApiToken,
    AuditEvent,
    Client,
    Invitation,
    Membership,
)
from outhire.accounts.services import api_token_create, invitation_create, invitation_token
from outhire.candidates import services as candidate_services
from outhire.candidates.imports import uploads as candidate_imports
from outhire.candidates.models import (
    Candidate,
    Consent,
    Document,
    ImportJob,
    Note,
    PoolMembership,
    ProfileEntry,
    TalentPool,
)
from outhire.ops.views import PROMETHEUS_CONTENT_TYPE
from outhire.testing import make_client, make_persona, shared_data

METHODS = ("get", "post", "patch", "delete")
# Pages answer GET and POST only (no view or template outside the API uses another method, which
# `test_pages_use_get_and_post_only` keeps true): PATCH or DELETE to a page is refused or read as
# a GET, which the GET request already checks. Sending them to every page took a third of the
# sweep.
PAGE_METHODS = ("get", "post")
# Answers an outsider may get for a URL that names client A's objects.
REFUSALS = {302, 400, 401, 403, 404, 405, 410}
# Links whose secret is itself the permission (an invitation, a password reset): the sweep
# offers a forged copy of A's real link, since an outsider cannot know the real one.
CAPABILITY_URLS = {"accounts:invitation_accept", "accounts:password_reset_confirm"}


@cache
def sweep_extensions() -> list:
    """Each app adds its own objects to the sweep in `outhire/<app>/tests/sweep.py`.

    Such a module may define:
      - `world(base: dict) -> dict`: creates client A's objects for that app's URLs (given the
        base world: "client", "requisition", "application", "candidate", "staff_user",
        "client_user", ...) and returns them by name; a "markers" list in it adds strings that
        must never reach an outsider, "public_markers" strings that public pages may show;
      - `PARAMS: dict[str, str]`: URL parameter name -> key of the world (its object's pk is
        used; a str or int value is used as is);
      - `PUBLIC: set[str]`: URL names public by design (careers pages, feeds, links whose
        secret is the permission): outsiders need not be refused there, but no private marker
        may appear;
      - `forge(name: str, world: dict) -> dict | None`: parameters for a capability URL (a
        signed link) with a forged secret, as outsiders cannot know the real one;
      - `OPERATIONS: set[str]`: URL names of the operator's endpoints (health checks, metrics:
        outhire/ops/tests/sweep.py), which hold no tenant data and answer every caller alike.
    """
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("outhire."):
            continue
        module_name = f"{config.name}.tests.sweep"
        try:
            found.append(importlib.import_module(module_name))
        except ModuleNotFoundError as error:
            if error.name not in {module_name, f"{config.name}.tests"}:
                raise
    return found


def public_url_names() -> set[str]:
    return set().union(*(getattr(m, "PUBLIC", set()) for m in sweep_extensions()))


def operations_url_names() -> set[str]:
    return set().union(*(getattr(m, "OPERATIONS", set()) for m in sweep_extensions()))


def extend_world(world: dict) -> dict:
    for module in sweep_extensions():
        if not hasattr(module, "world"):
            continue
        extra = module.world(world)
        world["markers"] += extra.pop("markers", [])
        world["public_markers"] += extra.pop("public_markers", [])
        world["talent_markers"] += extra.pop("talent_markers", [])
        world.update(extra)
    return world


def named_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """(full name, route, parameter names) for every pattern reachable from the root."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from named_patterns(entry, inner, route)
        elif isinstance(entry, URLPattern):
            params = list(getattr(entry.pattern, "converters", {}) or {})
            if not params and hasattr(entry.pattern, "regex"):
                params = list(entry.pattern.regex.groupindex)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, route, params


def _resolver_params(resolver: URLResolver) -> list[str]:
    return list(getattr(resolver.pattern, "converters", {}) or {})


def is_talent_network(name: str, route: str) -> bool:
    return name.startswith("candidates:") or route.startswith(
        ("candidates/", "api/v1/candidates", "api/v1/pools")
    )


def forge(token: str) -> str:
    return token[:-2] + ("AA" if not token.endswith("AA") else "BB")


@pytest.fixture
def client_a_world(acme, carla, rita, hank, alice):
    """Client A (Acme) with one of everything the URLs can name, for one test.

    This module's tests share one such world (`sweep_world`); other modules use this fixture.
    """
    return build_client_a_world(acme=acme, carla=carla, rita=rita, hank=hank)


def build_client_a_world(*, acme, carla, rita, hank) -> dict:
    """Client A (Acme) with one of everything the URLs can name, and the apps' extensions."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = invitation_create(
            email="newhire@acme.test",
            role="interviewer",
            client=acme,
            by=carla,
            full_name="Nadia Newhire",
        )
    token, _secret = api_token_create(name="Acme BI token", client=acme, can_write=True, by=carla)
    membership = Membership.objects.get(client=acme, user=hank)
    talent = _talent_network(rita)
    hiring = _hiring(acme, rita, hank, talent["candidate"])
    world = {
        **talent,
        **hiring,
        "client": acme,
        "membership": membership,
        "invitation": invitation,
        "token": token,
        "staff_user": rita,
        "client_user": carla,
        # Strings that must never reach an outsider.
        "markers": [
            "Acme Robotics",
            "Build robots with Acme",
            "carla@acme.test",
            "Carla Clientadmin",
            "hank@acme.test",
            "newhire@acme.test",
            "Nadia Newhire",
            "Acme BI token",
            "Hank Hiringmanager",
            *hiring["hiring_markers"],
        ],
        # What a public page of A (its careers site) shows by design.
        "public_markers": ["Acme Robotics", "Build robots with Acme"],
    }
    return extend_world(world)


def _hiring(acme, recruiter, manager, candidate) -> dict:
    """An engagement, intake, requisitions (open, pending approval) and an application of A.

    The application is at a screening stage: not yet submitted, so even client A's own users
    must not see the candidate.
    """
    from outhire.accounts.models import Notification
    from outhire.engagements.models import Engagement, Intake, IntakeTemplate
    from outhire.pipeline import services as pipeline
    from outhire.pipeline.models import Comment, MessageTemplate
    from outhire.requisitions import services as requisitions
    from outhire.requisitions.models import (
        ApprovalRule,
        DispositionReason,
        PipelineTemplate,
        TemplateStage,
    )

    engagement = Engagement.objects.create(
        client=acme,
        name="Engagement marker 2290",
        functions=["sourcing", "screening"],
        starts_on="2026-01-01",
        fee_model="per_hire",
        per_hire_fee=5000,
    )
    intake_template = IntakeTemplate.objects.create(
        client=acme, name="Intake template marker 6604", job_family="professional"
    )
    intake = Intake.objects.create(
        client=acme,
        engagement=engagement,
        job_title="Intake marker 8123",
        job_family="professional",
        purpose="Build the robots",
        created_by=recruiter,
    )
    requisition = requisitions.requisition_create(
        client=acme,
        by=recruiter,
        fields={"title": "Requisition marker 4412", "hiring_manager": manager},
    )
    requisitions.requisition_submit(requisition=requisition, by=recruiter)  # no chain: opens
    # Made after the requisition opened, so it kept the default stages.
    pipeline_template = PipelineTemplate.objects.create(
        client=acme, name="Pipeline template marker 3391"
    )
    TemplateStage.objects.create(
        client=acme, template=pipeline_template, position=0, name="Applied", kind="applied"
    )
    rule = ApprovalRule.objects.create(client=acme, position=1, approver=manager)
    pending = requisitions.requisition_create(
        client=acme, by=recruiter, fields={"title": "Pending requisition marker 1178"}
    )
    requisitions.requisition_submit(requisition=pending, by=recruiter)
    requisitions.dispositions_ensure(acme)
    stage = requisition.stages.get(kind="screen")
    application = pipeline.application_create(
        requisition=requisition, candidate=candidate, by=recruiter, stage=stage
    )
    disposition = DispositionReason.objects.create(client=acme, name="Disposition marker 5521")
    message_template = MessageTemplate.objects.create(
        client=acme, name="Message template marker 7040", subject="Hello", body="Hi"
    )
    comment = Comment.objects.create(
        client=acme,
        requisition=requisition,
        application=application,
        author=recruiter,
        body="Internal comment marker 9902",
        internal=True,
    )
    notification = Notification.objects.create(
        user=manager, client=acme, text="Notification marker 3815"
    )
    return {
        "engagement": engagement,
        "intake": intake,
        "intake_template": intake_template,
        "pipeline_template": pipeline_template,
        "requisition": requisition,
        "pending_requisition": pending,
        "approval": pending.approvals.get(),
        "rule": rule,
        "stage": stage,
        "application": application,
        "disposition": disposition,
        "message_template": message_template,
        "comment": comment,
        "notification": notification,
        "hiring_markers": [
            "Engagement marker 2290",
            "Intake template marker 6604",
            "Intake marker 8123",
            "Pipeline template marker 3391",
            "Requisition marker 4412",
            "Pending requisition marker 1178",
            "Disposition marker 5521",
            "Message template marker 7040",
            "Internal comment marker 9902",
            "Notification marker 3815",
        ],
    }


def _talent_network(recruiter) -> dict:
    """A candidate with one of everything, and a likely duplicate of them."""
    zelda = candidate_services.candidate_create(
        by=recruiter,
        first_name="Zelda",
        last_name="Candidatemarker",
        emails=["zelda.marker@talent.test"],
        phones=["+1 555 0199 4471"],
        current_employer="Hyrule Castle Works",
    )
    twin = candidate_services.candidate_create(
        by=recruiter, first_name="Zelda", last_name="Candidatemarker", phones=["+1 555 0199 4471"]
    )
    note = candidate_services.note_add(
        candidate=zelda, body="Provider-only note marker 7731", visibility="provider", by=recruiter
    )
    consent = candidate_services.consent_record(
        candidate=zelda, purpose="talent_pool", method="email", by=recruiter
    )
    pool = candidate_services.pool_save(fields={"name": "Pool marker 5150"}, by=recruiter)
    candidate_services.pool_add(pool=pool, candidate=zelda, by=recruiter)
    entry = candidate_services.profile_entry_add(
        candidate=zelda, fields={"kind": "skill", "name": "Skill marker 9041"}, by=recruiter
    )
    document = candidate_services.document_add(
        candidate=zelda,
        data=b"Zelda Candidatemarker\nzelda.marker@talent.test\n",
        filename="zelda-cv.txt",
        kind="resume",
        by=recruiter,
        max_bytes=1024 * 1024,
    )
    # A draft import (its upload kept, its columns not yet confirmed): the import URLs name it.
    import_job = candidate_imports.import_create(
        by=recruiter,
        data=b"First Name,Last Name,Email\nZelda,Candidatemarker,zelda.marker@talent.test\n",
        file_name="import-marker-3307.csv",
    )
    return {
        "candidate": zelda,
        "other_candidate": twin,
        "import_job": import_job,
        "consent": consent,
        "note": note,
        "pool": pool,
        "entry": entry,
        "document": document,
        # Strings of the talent network that only provider staff may see.
        "talent_markers": [
            "Zelda Candidatemarker",
            "zelda.marker@talent.test",
            "+1 555 0199 4471",
            "Hyrule Castle Works",
            "Provider-only note marker 7731",
            "Pool marker 5150",
            "Skill marker 9041",
            "zelda-cv.txt",
            "import-marker-3307.csv",
        ],
    }


def fill_parameters(name: str, params: list[str], world: dict) -> dict[str, object]:
    acme = world["client"]
    carla = world["client_user"]
    values: dict[str, object] = {
        "slug": acme.slug,
        "membership_id": world["membership"].pk,
        "invitation_id": world["invitation"].pk,
        "token_id": world["token"].pk,
        "user_id": world["staff_user"].pk,
        "candidate_id": world["candidate"].pk,
        "other_id": world["other_candidate"].pk,
        "consent_id": world["consent"].pk,
        "pool_id": world["pool"].pk,
        "entry_id": world["entry"].pk,
        "document_id": world["document"].pk,
        "job_id": world["import_job"].pk,
        "engagement_id": world["engagement"].pk,
        "intake_id": world["intake"].pk,
        "intake_template_id": world["intake_template"].pk,
        "pipeline_template_id": world["pipeline_template"].pk,
        "requisition_id": world["requisition"].pk,
        "approval_id": world["approval"].pk,
        "rule_id": world["rule"].pk,
        "stage_id": world["stage"].pk,
        "application_id": world["application"].pk,
        "disposition_id": world["disposition"].pk,
        "message_template_id": world["message_template"].pk,
        "comment_id": world["comment"].pk,
        "notification_id": world["notification"].pk,
    }
    for module in sweep_extensions():
        for param, key in getattr(module, "PARAMS", {}).items():
            value = world[key]
            values[param] = value if isinstance(value, str | int) else value.pk
    if name == "accounts:invitation_accept":
        values["token"] = forge(invitation_token(world["invitation"]))
    if name == "accounts:password_reset_confirm":
        values["uidb64"] = urlsafe_base64_encode(force_bytes(carla.pk))
        values["token"] = forge(default_token_generator.make_token(carla))
    for module in sweep_extensions():
        forged = module.forge(name, world) if hasattr(module, "forge") else None
        if forged:
            values.update(forged)
    missing = [p for p in params if p not in values]
    if missing:
        pytest.fail(
            f"The isolation sweep cannot fill {missing} in URL {name!r}. Teach "
            "fill_parameters() a real object of client A for it."
        )
    return {p: values[p] for p in params}


def snapshot(acme: Client) -> dict:
    return {
        "client": list(Client.objects.filter(pk=acme.pk).values()),
        "memberships": sorted(Membership.objects.filter(client=acme).values_list("id", "role")),
        "invitations": list(
            Invitation.objects.filter(client=acme).values(
                "id", "accepted_at", "revoked_at", "nonce"
            )
        ),
        "tokens": list(ApiToken.objects.filter(client=acme).values("id", "revoked_at")),
        "audit": AuditEvent.objects.filter(client=acme).count(),
    }


# The tables `snapshot` and `talent_snapshot` read.
SNAPSHOT_MODELS = (Client, Membership, Invitation, ApiToken, AuditEvent)
TALENT_MODELS = (
    Candidate,
    Note,
    Consent,
    TalentPool,
    PoolMembership,
    ProfileEntry,
    Document,
    ImportJob,
)


@contextmanager
def writes_to(models) -> Iterator[list[str]]:
    """The SQL statements run in the block that insert, update or delete rows of `models`.

    A request that wrote none of them cannot have changed a snapshot of them, so the sweep
    compares snapshots only after a request that did (reading them takes a few milliseconds,
    thousands of times).
    """
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    found: list[str] = []

    def watch(execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() in {"INSERT", "UPDATE", "DELETE"} and any(
            table in sql for table in tables
        ):
            found.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield found


def talent_snapshot() -> dict:
    return {
        "candidates": list(Candidate.objects.values().order_by("id")),
        "notes": list(Note.objects.values().order_by("id")),
        "consents": list(Consent.objects.values().order_by("id")),
        "pools": list(TalentPool.objects.values().order_by("id")),
        "memberships": list(PoolMembership.objects.values_list("id", flat=True).order_by("id")),
        "entries": list(ProfileEntry.objects.values().order_by("id")),
        "documents": list(Document.objects.values().order_by("id")),
        "imports": list(ImportJob.objects.values().order_by("id")),
    }


# --- The world, built once per module run ----------------------------------------------------

PATTERNS = list(named_patterns())
# Who must be refused wherever a URL names client A's objects.
OUTSIDERS = ("anonymous", "client-user-of-B", "staff-of-B-only", "token-of-B")
# Who must never reach the talent network (provider staff may, whichever client they serve).
NOT_PROVIDER = ("anonymous", "client-user-of-A", "client-user-of-B", "token-of-A", "token-of-B")
INSIDERS = ("rita", "carla", "hank")


def _callers(route: str, labels: tuple[str, ...]) -> list[str]:
    """The callers of `labels` that apply to `route` (tokens call the API only)."""
    return [label for label in labels if route.startswith("api/") or not label.startswith("token")]


def _methods(route: str) -> tuple[str, ...]:
    return METHODS if route.startswith("api/") else PAGE_METHODS


def _cases(labels: tuple[str, ...]) -> list:
    return [
        pytest.param(name, route, params, label, id=f"{name}-{label}")
        for name, route, params in PATTERNS
        for label in _callers(route, labels)
    ]


def _urls() -> list:
    return [pytest.param(name, route, params, id=name) for name, route, params in PATTERNS]


@pytest.fixture(scope="module")
def sweep_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Client A's world, the outsiders, their API tokens and signed-in sessions, made once.

    Each test runs in a transaction of its own inside the one this world was made in, so what
    a request changes is undone after the test.
    """
    media = tmp_path_factory.mktemp("sweep-media")
    with shared_data(django_db_blocker, media):
        acme, globex = make_client("acme"), make_client("globex")
        people = {
            name: make_persona(name, {"acme": acme, "globex": globex, None: None}[slug])
            for name, slug in (
                ("alice", None),
                ("rita", "acme"),
                ("carla", "acme"),
                ("hank", "acme"),
                ("gina", "globex"),
                ("sam", "globex"),
            )
        }
        world = build_client_a_world(
            acme=acme, carla=people["carla"], rita=people["rita"], hank=people["hank"]
        )
        _, token_a = api_token_create(
            name="Acme token", client=acme, can_write=True, by=people["carla"]
        )
        _, token_b = api_token_create(
            name="Globex token", client=globex, can_write=True, by=people["gina"]
        )
        sessions = {}
        for name, user in people.items():
            signed_in = WebClient()
            signed_in.force_login(user)
            sessions[name] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        world.update(
            people=people,
            media_root=media,
            # As every test starts: each one rolls back to this world.
            snapshot=snapshot(acme),
            talent_snapshot=talent_snapshot(),
            sessions=sessions,
            callers={
                "anonymous": ("", {}),
                "client-user-of-A": ("carla", {}),
                "client-user-of-B": ("gina", {}),
                "staff-of-B-only": ("sam", {}),
                "token-of-A": ("", {"HTTP_AUTHORIZATION": f"Bearer {token_a}"}),
                "token-of-B": ("", {"HTTP_AUTHORIZATION": f"Bearer {token_b}"}),
                **{name: (name, {}) for name in INSIDERS},
            },
        )
        yield world


@pytest.fixture
def world(sweep_world, db, settings):
    """The shared world, for one test: its files where the world wrote them."""
    settings.MEDIA_ROOT = sweep_world["media_root"]
    return sweep_world


def _client(world: dict, caller: str) -> tuple[WebClient, dict]:
    """A test client with fresh cookies, signed in as `caller` (or not, or with a token's
    header). One client serves the module: building a new one loads the middleware again,
    which cost a tenth of the sweep; its cookies start empty each time, as a new one's would."""
    user, headers = world["callers"][caller]
    client = world.setdefault("_web_client", WebClient())
    client.cookies = SimpleCookie()
    if user:
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][user]
    return client, headers


# --- The checks -----------------------------------------------------------------------------


def test_every_url_is_named():
    unnamed = [route for name, route, _ in named_patterns() if not name]
    assert unnamed == [], f"Name these URL patterns so the sweep can reverse them: {unnamed}"


def test_the_sweep_covers_every_url_with_every_caller():
    assert len(PATTERNS) > 20, "the sweep found too few URLs; is the resolver walk broken?"
    assert {name for name, _, _ in PATTERNS} == {name for name, _, _ in named_patterns()}
    assert len(_cases(OUTSIDERS)) * len(PAGE_METHODS) > 200
    assert len(_cases(NOT_PROVIDER)) * len(PAGE_METHODS) > 300
    assert len(PATTERNS) * len(INSIDERS) * 3 > 300


@pytest.mark.parametrize(("name", "route", "params", "caller"), _cases(OUTSIDERS))
def test_it_keeps_client_a_out_of_reach_of_outsiders(world, name, route, params, caller):
    url = reverse(name, kwargs=fill_parameters(name, params, world))
    public = name in public_url_names()
    names_a = bool(params) and not public
    # The talent network is the provider's: its staff may reach it by design.
    expect_refusal = names_a and not (
        is_talent_network(name, route) and caller == "staff-of-B-only"
    )
    with writes_to(SNAPSHOT_MODELS) as writes:
        for method in _methods(route):
            client, headers = _client(world, caller)
            response = _request(client, method, url, **headers)
            _check(response, world, caller, method, url, expect_refusal, public=public)
    if writes:
        assert snapshot(world["client"]) == world["snapshot"], "an outsider changed A's data"


@pytest.mark.parametrize(("name", "route", "params", "caller"), _cases(NOT_PROVIDER))
def test_it_keeps_the_talent_network_from_clients_and_anonymous(world, name, route, params, caller):
    url = reverse(name, kwargs=fill_parameters(name, params, world))
    talent = is_talent_network(name, route)
    with writes_to(TALENT_MODELS) as writes:
        for method in _methods(route):
            client, headers = _client(world, caller)
            response = _request(client, method, url, **headers)
            where = f"{method.upper()} {url} as {caller} -> {response.status_code}"
            body = response.content.decode(errors="replace") if not response.streaming else ""
            assert not response.streaming, f"{where} streamed a file"
            for marker in world["talent_markers"]:
                assert marker not in body, f"{where} leaked {marker!r}"
                assert marker not in response.headers.get("Location", ""), where
            assert response.status_code < 500, where
            if talent:
                assert response.status_code in REFUSALS, f"{where}: expected a refusal"
    if writes:
        assert talent_snapshot() == world["talent_snapshot"], (
            "a client or anonymous request changed the talent network"
        )


def test_the_operator_endpoints_are_known_and_show_no_client_data(world):
    """/healthz, /readyz and /metrics take no parameter, opt out of no scope, and answer a
    signed-in client user of A exactly what they answer anyone: nothing of A's."""
    operations = operations_url_names()
    found = {
        name for name, route, _ in PATTERNS if route.startswith(("healthz", "readyz", "metrics"))
    }
    assert operations and found == operations
    assert not operations & public_url_names()
    for name in operations:
        answers = set()
        for caller in ("anonymous", "client-user-of-A", "rita"):
            client, headers = _client(world, caller)
            response = client.get(reverse(name), **headers)
            _check(response, world, caller, "get", reverse(name), names_a=False)
            answers.add((response.status_code, response["Content-Type"]))
        assert len(answers) == 1, f"{name} answers callers differently: {answers}"


def test_pages_use_get_and_post_only():
    """What lets the sweep send pages GET and POST only: no page's code or template names another
    method (the API's are swept with every method)."""
    root = Path(__file__).resolve().parents[1]
    other_methods = re.compile(r"""["'](?:PUT|PATCH|DELETE)["']|hx-(?:put|patch|delete)\b""")
    # Clients of other servers send those methods, and the metrics name them as labels; none
    # answers a request with them.
    outbound = {"interviews/caldav.py", "ops/metrics.py"}
    found = [
        str(path.relative_to(root))
        for path in [*root.rglob("*.py"), *root.rglob("*.html")]
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name != "api.py"
        and path.relative_to(root).as_posix() not in outbound
        and not str(path.relative_to(root)).startswith(("api/", "lib/api"))
        and other_methods.search(path.read_text(errors="replace"))
    ]
    assert found == [], f"pages handling methods other than GET and POST: {found}"


def test_the_snapshots_are_compared_after_any_write_to_their_tables(world):
    """The sweep skips a snapshot only when no statement wrote to its tables: not vacuously."""
    client, candidate = world["client"], world["candidate"]
    with writes_to(SNAPSHOT_MODELS) as writes:
        Client.objects.filter(pk=client.pk).update(name="Renamed")
        Membership.objects.filter(client=client).delete()
    assert len(writes) >= 2
    assert snapshot(client) != world["snapshot"]
    with writes_to(TALENT_MODELS) as writes:
        Note.objects.filter(candidate=candidate).update(body="Changed")
    assert len(writes) == 1
    assert talent_snapshot() != world["talent_snapshot"]
    with writes_to(SNAPSHOT_MODELS + TALENT_MODELS) as writes:
        list(Candidate.objects.all())
        client.refresh_from_db()
    assert writes == []


def test_provider_staff_of_b_see_the_talent_network(world):
    client, _ = _client(world, "staff-of-B-only")
    body = client.get(reverse("candidates:candidate_detail", args=[world["candidate"].pk]))
    text = body.content.decode()
    assert "Provider-only note marker 7731" in text and "zelda.marker@talent.test" in text


def _request(client, method: str, url: str, **extra):
    if method in {"post", "patch"}:
        body = {} if method == "post" else json.dumps({"name": "Hacked"})
        content_type = None if method == "post" else "application/json"
        if content_type:
            return getattr(client, method)(url, body, content_type=content_type, **extra)
        return client.post(url, body, **extra)
    return getattr(client, method)(url, **extra)


def _check(response, world, label, method, url, names_a: bool, public: bool = False) -> None:
    where = f"{method.upper()} {url} as {label} -> {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode(errors="replace")
    if response.get("Content-Type") == PROMETHEUS_CONTENT_TYPE:
        # Client data could only be in the label values: the samples are numbers (times since
        # 1970 and latency sums among them), which a numeric marker ("42173") can match by chance.
        body = "\n".join(re.sub(r"\s\S+$", "", line) for line in body.splitlines())
    location = response.headers.get("Location", "")
    markers = world["markers"]
    if public:
        markers = [m for m in markers if m not in world["public_markers"]]
    for marker in markers:
        assert marker not in body, f"{where} leaked {marker!r}"
        assert marker not in location, f"{where} leaked {marker!r} in a redirect"
    assert response.status_code < 500, where
    if names_a:
        assert response.status_code in REFUSALS, f"{where}: expected a refusal"
        if response.status_code == 302:
            assert "/login/" in location or url.endswith(("/login/verify/",)), where


@pytest.mark.parametrize(("name", "route", "params"), _urls())
def test_insiders_sending_empty_or_junk_input_never_get_a_server_error(world, name, route, params):
    """Every URL, as client A's own people, with no body and with junk: a clear 4xx, never 500."""
    junk = {"name": "x" * 5000, "version": "abc", "stage": "-1", "candidate": "zz", "page": "é"}
    url = reverse(name, kwargs=fill_parameters(name, params, world))
    for insider in INSIDERS:
        client, _ = _client(world, insider)
        for response in (
            client.get(url, {"page": "nope", "q": "\x00<script>"}),
            client.post(url, {}),
            client.post(url, junk),
        ):
            assert response.status_code < 500, f"{url} as {insider} -> {response.status_code}"
