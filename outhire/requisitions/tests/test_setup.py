"""Per-client set-up (pipeline templates, disposition reasons) and a requisition's own stages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outhire.candidates.services import candidate_create
from outhire.pipeline.models import StageEvent
from outhire.pipeline.services import application_create, application_move
from outhire.requisitions import services
from outhire.requisitions.models import DispositionReason, PipelineTemplate, Stage
from outhire.testing import login


def _template_post(name: str, rows: list[tuple[str, str]], **extra) -> dict:
    data = {
        "name": name,
        "stages-TOTAL_FORMS": len(rows),
        "stages-INITIAL_FORMS": 0,
        "stages-MIN_NUM_FORMS": 0,
        "stages-MAX_NUM_FORMS": 30,
        **extra,
    }
    for n, (stage, kind) in enumerate(rows):
        data[f"stages-{n}-name"] = stage
        data[f"stages-{n}-kind"] = kind
    return data


LEAN = [("New", "applied"), ("Client review", "submitted"), ("", ""), ("Hired", "hired")]


def test_the_stage_rules():
    check = services.stage_rules_check
    assert check([("New", "applied"), ("Review", "submitted"), ("Hired", "hired")]) == []
    assert "exactly one" in " ".join(check([("New", "applied"), ("Review", "submitted")]))
    assert "last" in " ".join(
        check([("New", "applied"), ("Hired", "hired"), ("Review", "submitted")])
    )
    assert "Submitted to the client" in " ".join(check([("New", "applied"), ("Hired", "hired")]))
    assert "first stage" in " ".join(check([("Review", "submitted"), ("Hired", "hired")]))
    assert "Two stages" in " ".join(
        check([("New", "applied"), ("new", "screen"), ("R", "submitted"), ("H", "hired")])
    )


def test_it_creates_and_edits_a_template(client, rita, acme):
    login(client, rita)
    page = client.get(reverse("requisitions:template_create", args=[acme.slug]))
    assert page.status_code == 200 and "Phone screen" in page.content.decode()
    response = client.post(
        reverse("requisitions:template_create", args=[acme.slug]),
        _template_post("Lean", LEAN, is_default="on"),
    )
    assert response.status_code == 302
    template = PipelineTemplate.objects.get()
    assert template.is_default and template.client == acme
    assert [s.name for s in template.stages.all()] == ["New", "Client review", "Hired"]
    edit = reverse("requisitions:template_edit", args=[template.pk])
    assert "Client review" in client.get(edit).content.decode()
    rows = [("Sourced", "sourced"), *LEAN]
    assert client.post(edit, _template_post("Lean 2", rows)).status_code == 302
    template.refresh_from_db()
    assert template.name == "Lean 2" and not template.is_default
    assert template.stages.count() == 4


def test_one_default_template_per_client(rita, acme):
    first = services.pipeline_template_save(
        client=acme, name="A", is_default=True, stages=LEAN[:2] + LEAN[3:], by=rita
    )
    services.pipeline_template_save(
        client=acme, name="B", is_default=True, stages=LEAN[:2] + LEAN[3:], by=rita
    )
    first.refresh_from_db()
    assert not first.is_default


def test_an_invalid_template_is_refused_with_clear_messages(client, rita, acme):
    login(client, rita)
    response = client.post(
        reverse("requisitions:template_create", args=[acme.slug]),
        _template_post("Broken", [("Hired", "hired"), ("New", "applied"), ("Nameless", "")]),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose the kind of this stage" in body
    response = client.post(
        reverse("requisitions:template_create", args=[acme.slug]),
        _template_post("Broken", [("Hired", "hired"), ("New", "applied")]),
    )
    assert response.status_code == 400 and "must be the last" in response.content.decode()
    assert not PipelineTemplate.objects.exists()


def test_templates_are_for_the_clients_provider_staff(client, carla, gina, sam, acme, rita):
    template = services.pipeline_template_save(
        client=acme, name="A", is_default=True, stages=LEAN[:2] + LEAN[3:], by=rita
    )
    for user, status in ((carla, 403), (gina, 404), (sam, 404)):
        login(client, user)
        assert client.get(reverse("requisitions:template_list", args=[acme.slug])).status_code == (
            status
        )
        edit = reverse("requisitions:template_edit", args=[template.pk])
        assert client.post(edit, _template_post("X", LEAN)).status_code == status
    template.refresh_from_db()
    assert template.name == "A"


# --- A requisition's own stages -----------------------------------------------------------------


@pytest.fixture
def opened(draft, rita):
    services.requisition_submit(requisition=draft, by=rita)
    draft.refresh_from_db()
    return draft


def _stage_url(name, requisition, stage=None):
    args = [requisition.pk] + ([stage.pk] if stage else [])
    return reverse(f"requisitions:{name}", args=args)


def test_it_renames_adds_and_reorders_stages(client, rita, opened):
    login(client, rita)
    assert client.get(_stage_url("stage_list", opened)).status_code == 200
    screen = opened.stages.get(kind="screen")
    client.post(_stage_url("stage_rename", opened, screen), {"name": "Video screen"})
    screen.refresh_from_db()
    assert screen.name == "Video screen"
    response = client.post(
        _stage_url("stage_list", opened),
        {"name": "Reference check", "kind": "offer", "after": screen.pk},
    )
    assert response.status_code == 302
    names = [s.name for s in opened.stages.filter(archived=False)]
    assert names[names.index("Video screen") + 1] == "Reference check"
    added = opened.stages.get(name="Reference check")
    client.post(_stage_url("stage_move", opened, added), {"direction": "down"})
    names = [s.name for s in opened.stages.filter(archived=False)]
    assert names[names.index("Video screen") + 2] == "Reference check"


def test_stage_edits_that_break_the_rules_are_refused(client, rita, opened):
    login(client, rita)
    hired = opened.stages.get(kind="hired")
    response = client.post(_stage_url("stage_move", opened, hired), {"direction": "up"})
    assert response.status_code == 400 and "must be the last" in response.content.decode()
    response = client.post(_stage_url("stage_archive", opened, hired))
    assert response.status_code == 400 and "exactly one" in response.content.decode()
    offer = opened.stages.get(kind="offer")
    response = client.post(_stage_url("stage_rename", opened, offer), {"name": "Interviews"})
    assert response.status_code == 400 and "Two stages" in response.content.decode()
    assert opened.stages.get(pk=offer.pk).name == "Offer"
    assert not opened.stages.filter(archived=True).exists()


def test_archiving_a_stage_with_active_applications_is_refused(client, rita, opened):
    screen = opened.stages.get(kind="screen")
    person = candidate_create(by=rita, first_name="Ada")
    application = application_create(requisition=opened, candidate=person, by=rita, stage=screen)
    login(client, rita)
    response = client.post(_stage_url("stage_archive", opened, screen))
    assert response.status_code == 400
    assert "1 active application is at" in response.content.decode()
    screen.refresh_from_db()
    assert not screen.archived
    # Once the application moves on, the stage can go; its history stays as it was.
    application_move(application=application, to_stage=opened.stages.get(kind="submitted"), by=rita)
    assert client.post(_stage_url("stage_archive", opened, screen)).status_code == 302
    screen.refresh_from_db()
    assert screen.archived
    event = StageEvent.objects.get(kind="moved")
    assert event.from_stage_id == screen.pk and event.from_kind == "screen"
    assert client.post(_stage_url("stage_rename", opened, screen), {"name": "X"}).status_code == 404


def test_stage_pages_are_for_provider_staff(client, carla, gina, opened):
    screen = opened.stages.get(kind="screen")
    for user, status in ((carla, 403), (gina, 404)):
        login(client, user)
        assert client.get(_stage_url("stage_list", opened)).status_code == status
        assert client.post(_stage_url("stage_archive", opened, screen)).status_code == status
    assert not Stage.objects.filter(archived=True).exists()


# --- Disposition reasons --------------------------------------------------------------------------


def test_it_lists_adds_and_deactivates_reasons(client, rita, acme):
    login(client, rita)
    url = reverse("requisitions:disposition_list", args=[acme.slug])
    body = client.get(url).content.decode()
    assert "Accepted another offer" in body  # seeded on first visit
    response = client.post(url, {"name": "Visa not possible", "applies_to": "rejected"})
    assert response.status_code == 302
    reason = DispositionReason.objects.get(name="Visa not possible")
    response = client.post(url, {"name": "visa NOT possible", "applies_to": "rejected"})
    assert response.status_code == 400 and "already a reason" in response.content.decode()
    off = reverse("requisitions:disposition_deactivate", args=[acme.slug, reason.pk])
    client.post(off)
    reason.refresh_from_db()
    assert not reason.is_active
    client.post(off, {"active": "1"})
    reason.refresh_from_db()
    assert reason.is_active


def test_reasons_of_another_client_are_out_of_reach(client, gina, sam, acme, globex):
    reason = DispositionReason.objects.create(client=acme, name="Acme only")
    for user in (gina, sam):
        login(client, user)
        assert (
            client.get(reverse("requisitions:disposition_list", args=[acme.slug])).status_code
            == 404
        )
        slug = globex.slug
        off = reverse("requisitions:disposition_deactivate", args=[slug, reason.pk])
        assert client.post(off).status_code in {403, 404}
    reason.refresh_from_db()
    assert reason.is_active


def test_a_drafts_stages_can_be_shaped_before_it_opens(client, rita, draft, acme):
    template = services.pipeline_template_save(
        client=acme, name="Lean", is_default=False, stages=LEAN[:2] + LEAN[3:], by=rita
    )
    login(client, rita)
    edit = reverse("requisitions:requisition_edit", args=[draft.pk])
    form = client.get(edit).context["form"]
    assert list(form.fields["pipeline_template"].queryset) == [template]
    draft.pipeline_template = template
    draft.save()
    page = client.get(_stage_url("stage_list", draft)).content.decode()
    assert "Copy the template" in page
    client.post(_stage_url("stage_list", draft), {"copy": "1"})
    assert [s.name for s in draft.stages.all()] == ["New", "Client review", "Hired"]
    client.post(_stage_url("stage_list", draft), {"copy": "1"})  # never twice
    assert draft.stages.count() == 3
    services.requisition_submit(requisition=draft, by=rita)
    assert draft.status == "open" and draft.stages.count() == 3
