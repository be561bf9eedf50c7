"""The record of processing activities (GDPR Art. 30): built from the code and the records,
complete against the models, each reader shown their part."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outhire.accounts.models import Client
from outhire.engagements.models import Engagement
from outhire.lib.crypto import EncryptedTextField
from outhire.privacy import register
from outhire.privacy.models import ProcessingAgreement, RetentionPolicy
from outhire.testing import login

pytestmark = pytest.mark.django_db

URL = "/privacy/register/"


def _engagement(client: Client, name: str, **agreement) -> Engagement:
    engagement = Engagement.objects.create(
        client=client,
        name=name,
        functions=["sourcing"],
        starts_on="2026-01-01",
        fee_model="per_hire",
        per_hire_fee=5000,
    )
    if agreement:
        ProcessingAgreement.objects.create(client=client, engagement=engagement, **agreement)
    return engagement


@pytest.fixture
def engagements(acme, globex):
    return {
        "acme": _engagement(
            acme,
            "Acme full cycle",
            provider_role="processor",
            signed_on="2026-01-05",
            sub_processors="Mailer Ltd, sends e-mails, Ireland\nPostbox Inc, SMS, USA",
            transfers="USA: standard contractual clauses",
        ),
        "globex": _engagement(
            globex,
            "Globex sourcing",
            provider_role="joint",
            sub_processors="Globex Cloud, hosting, Germany",
        ),
    }


# --- The declaration cannot drift from the models --------------------------------------------


def _fields_of(label: str) -> set[str]:
    return {f"{label}.{f.name}" for f in apps.get_model(label)._meta.concrete_fields}


def test_every_field_of_candidates_their_contacts_and_documents_is_in_a_category():
    declared = register.declared_fields()
    for label in ("candidates.Candidate", "candidates.ContactPoint", "candidates.Document"):
        missing = sorted(_fields_of(label) - set(declared))
        assert missing == [], f"Place these fields in a category of privacy/register.py: {missing}"


def test_every_encrypted_field_is_in_a_category_or_said_not_to_be_personal_data():
    encrypted = register.encrypted_fields()
    assert "candidates.ContactPoint.value" in encrypted  # the walk finds them
    declared = register.declared_fields()
    missing = [f for f in encrypted if f not in declared and f not in register.NOT_PERSONAL]
    assert missing == [], f"Place these encrypted fields in privacy/register.py: {missing}"
    for name in register.NOT_PERSONAL:
        assert name in encrypted, f"{name} is no longer an encrypted field"


def test_every_declared_field_and_model_exists():
    for name in register.declared_fields():
        label, _, field = name.rpartition(".")
        model = apps.get_model(label)
        assert field in {f.name for f in model._meta.concrete_fields}, name
    categories = {c.key for c in register.DATA_CATEGORIES}
    subjects = {s.name for s in register.DATA_SUBJECTS}
    for activity in register.ACTIVITIES:
        assert set(activity.categories) <= categories, activity.key
        assert set(activity.subjects) <= subjects, activity.key
        for label in activity.models:
            apps.get_model(label)
    for subject in register.DATA_SUBJECTS:
        for label in subject.models:
            apps.get_model(label)


def test_a_field_is_in_one_category_only():
    names = [name for c in register.DATA_CATEGORIES for name in c.fields]
    assert len(names) == len(set(names))


def test_self_identification_is_a_special_category():
    special = [c for c in register.DATA_CATEGORIES if c.special]
    assert [c.key for c in special] == ["self_id"]
    assert set(special[0].fields) == _fields_of("privacy.SelfIdentification") - {
        "privacy.SelfIdentification.id",
        "privacy.SelfIdentification.client",
        "privacy.SelfIdentification.application",
        "privacy.SelfIdentification.created_at",
    }


def test_the_security_measures_state_what_the_code_encrypts():
    measures = " ".join(register.security_measures())
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            name = f"{model._meta.label}.{field.name}"
            if isinstance(field, EncryptedTextField) and name not in register.NOT_PERSONAL:
                assert name in measures
    assert "webhooks.Endpoint.secret" not in measures
    assert "candidates.ContactPoint.value_index" in measures  # the blind index
    assert "MultiFernet" in measures and "Two-factor" in measures


# --- The page, per reader ----------------------------------------------------------------------


def test_the_provider_admin_sees_every_client_with_its_engagement_and_role(
    client, alice, engagements
):
    login(client, alice)
    response = client.get(URL)
    assert response.status_code == 200
    found = response.context["register"]
    clients = [r for r in found.recipients if r.kind == "Client"]
    assert [(r.name, r.role) for r in clients] == [
        ("Acme Robotics", "Processor for the client"),
        (engagements["globex"].client.name, "Joint controller with the client"),
    ]
    body = response.content.decode()
    for text in (
        "Recruitment for Acme Robotics",
        "Recruitment for Globex",
        "Acme full cycle",
        "Globex sourcing",
        "Mailer Ltd",
        "Postbox Inc",
        "Globex Cloud",
        "USA: standard contractual clauses",
        "Talent pool",
        "Bias audit with voluntary self-identification",
        "AI-assisted screening, people decide",
        "Talent communities and campaigns",
        "Analytics and reporting",
    ):
        assert text in body, text
    # No retention policy yet: the built-in defaults, from the model.
    assert found.retention[0].is_default and found.retention[0].rejected_months == 6


def test_each_client_recipient_is_named_with_its_engagement(client, alice, engagements, acme):
    ended = _engagement(acme, "Acme pilot 2024")
    ended.status = Engagement.Status.ENDED
    ended.save()
    login(client, alice)
    found = client.get(URL).context["register"]
    clients = {r.name: r for r in found.recipients if r.kind == "Client"}
    assert set(clients) == set(Client.objects.filter(is_active=True).values_list("name", flat=True))
    assert "Acme full cycle" in clients["Acme Robotics"].detail
    assert "Acme pilot 2024" not in " ".join(r.detail for r in found.recipients)


def test_a_client_admin_sees_only_their_own_part(client, carla, gina, engagements):
    login(client, carla)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Recruitment for Acme Robotics" in body and "Mailer Ltd" in body
    assert "USA: standard contractual clauses" in body
    for other in ("Globex", "Globex Cloud", "Globex sourcing"):
        assert other not in body, other
    # The provider's own activities are not the client's business.
    assert "Talent pool" not in body and "Talent communities" not in body
    client.logout()
    login(client, gina)
    body = client.get(URL).content.decode()
    assert "Globex Cloud" in body and "Acme" not in body and "Mailer Ltd" not in body


def test_provider_staff_see_the_clients_they_serve(client, sam, engagements):
    login(client, sam)
    body = client.get(URL).content.decode()
    assert "Globex Cloud" in body and "Talent pool" in body
    assert "Acme" not in body and "Mailer Ltd" not in body


def test_other_client_users_have_no_register(client, hank, ivy, engagements):
    for user in (hank, ivy):
        login(client, user)
        assert client.get(URL).status_code == 404
        assert client.get(URL + "?format=csv").status_code == 404
        client.logout()
    assert client.get(URL).status_code == 302


def test_it_downloads_as_csv_and_markdown(client, alice, engagements):
    login(client, alice)
    csv = client.get(URL + "?format=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert "attachment" in csv["Content-Disposition"]
    text = csv.content.decode()
    assert text.startswith("Processing activity,Purpose,Lawful basis")
    assert "Recruitment for Acme Robotics" in text and "Mailer Ltd" in text
    md = client.get(URL + "?format=md")
    assert md.status_code == 200 and md["Content-Type"].startswith("text/markdown")
    text = md.content.decode()
    assert text.startswith("# Record of processing activities")
    assert "### Recruitment for Globex" in text and "| Globex Cloud |" in text
    assert "## Technical and organisational security measures" in text


def test_the_page_is_printable(client, alice, engagements):
    login(client, alice)
    body = client.get(URL).content.decode()
    assert "privacy/records.css" in body and 'class="actions no-print"' in body
    from django.contrib.staticfiles import finders

    with open(finders.find("privacy/records.css")) as css:
        assert "@media print" in css.read()


def test_retention_comes_from_the_policies(client, alice, carla, engagements, acme, globex):
    RetentionPolicy.objects.create(client=None, country="", rejected_months=12)
    RetentionPolicy.objects.create(client=acme, country="DE", rejected_months=4)
    RetentionPolicy.objects.create(client=globex, country="", hired_months=1)
    login(client, alice)
    rows = client.get(URL).context["register"].retention
    assert sorted((r.scope, r.country, r.rejected_months, r.hired_months) for r in rows) == [
        ("Acme Robotics", "Germany", 4, 3),
        ("Every client", "Every country", 12, 3),
        (globex.name, "Every country", 6, 1),
    ]
    assert not any(r.is_default for r in rows)
    client.logout()
    login(client, carla)
    rows = client.get(URL).context["register"].retention
    assert {r.scope for r in rows} == {"Every client", "Acme Robotics"}


def test_configured_services_are_sub_processors_without_their_secrets(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.mailer.example"
    settings.CELERY_BROKER_URL = "redis://:hunter2@queue.internal.example:6379/0"
    found = register.configured_sub_processors()
    names = [r.name for r in found]
    assert "E-mail relay smtp.mailer.example" in names
    assert "Task queue queue.internal.example" in names
    assert "hunter2" not in repr(found)
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.CELERY_BROKER_URL = ""
    assert not any("E-mail" in r.name for r in register.configured_sub_processors())


def test_the_page_costs_the_same_queries_for_one_client_or_many(client, alice, engagements):
    login(client, alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        return len(context)

    few = count()
    for n in range(5):
        extra = Client.objects.create(name=f"Client {n}", slug=f"client-{n}")
        _engagement(extra, f"Engagement {n}", sub_processors=f"Vendor {n}, hosting, EU")
        RetentionPolicy.objects.create(client=extra, country="FR")
    assert count() == few
