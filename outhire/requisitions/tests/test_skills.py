"""Must-have and nice-to-have skills: proposed from the description when left empty, confirmed
by a person on the requisition page or filled into the form; shown the same on the match page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from outhire.accounts.models import AuditEvent
from outhire.requisitions import services, skills
from outhire.requisitions.models import Requisition
from outhire.screening import ranking
from outhire.testing import login

DESCRIPTION = (
    "About the role\nYou will build the services behind our robots.\n\n"
    "Requirements\nFive years of Python and Django, and PostgreSQL in production.\n\n"
    "Nice to have\nDocker and Kubernetes."
)


@pytest.fixture
def backend(make_requisition, acme, hank):
    return make_requisition(acme, "Backend Engineer", hiring_manager=hank, description=DESCRIPTION)


def _detail(requisition) -> str:
    return reverse("requisitions:requisition_detail", args=[requisition.pk])


def _confirm(requisition) -> str:
    return reverse("requisitions:requisition_skills_confirm", args=[requisition.pk])


def _edit(requisition) -> str:
    return reverse("requisitions:requisition_edit", args=[requisition.pk])


def _skills_block(html: str) -> str:
    start = html.index('<section class="card skills"')
    return html[start : html.index("</section>", start)]


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_it_proposes_skills_from_the_description_when_none_are_chosen():
    must, nice = skills.propose(title="Backend Engineer", description=DESCRIPTION)
    assert {"Python", "Django", "PostgreSQL"} <= set(must)
    assert {"Docker", "Kubernetes"} <= set(nice)
    assert not set(must) & set(nice)
    assert len(must) <= skills.MAX_MUST_HAVE
    chosen = skills.proposal_for(
        title="x", description=DESCRIPTION, must_have=["Go"], nice_to_have=["Rust"]
    )
    assert not chosen
    half = skills.proposal_for(
        title="x", description=DESCRIPTION, must_have=["Go"], nice_to_have=[]
    )
    assert half.must_have == () and "Docker" in half.nice_to_have


def test_the_page_shows_the_proposal_and_confirming_saves_it_once(client, rita, backend):
    html = login(client, rita).get(_detail(backend)).content.decode()
    block = _skills_block(html)
    assert "Proposed from the description:" in block
    assert "Python, Django" in block and ">Confirm<" in block
    assert _edit(backend) in block
    posted = {
        "must_have_skills": _hidden(block, "must_have_skills"),
        "nice_to_have_skills": _hidden(block, "nice_to_have_skills"),
    }
    response = client.post(_confirm(backend), posted, follow=True)
    assert response.redirect_chain[-1][0] == _detail(backend) + "#skills"
    assert "The proposed skills are saved" in response.content.decode()
    backend.refresh_from_db()
    assert backend.must_have_skills[:2] == ["Python", "Django"]
    assert "Docker" in backend.nice_to_have_skills
    event = AuditEvent.objects.get(action="requisition.updated", object_id=str(backend.pk))
    assert event.actor == rita
    assert "must_have_skills" in event.changes and "nice_to_have_skills" in event.changes
    after = _skills_block(client.get(_detail(backend)).content.decode())
    assert "Proposed from the description" not in after
    assert '<span class="badge">Python</span>' in after

    # A double click: nothing changes, no second audit event, a plain message.
    response = client.post(_confirm(backend), {"must_have_skills": "Cobol"}, follow=True)
    assert "already chosen: nothing was changed" in response.content.decode()
    backend.refresh_from_db()
    assert "Cobol" not in backend.must_have_skills
    assert AuditEvent.objects.filter(action="requisition.updated").count() == 1


def test_confirming_fills_only_the_empty_list_and_goes_back_to_the_match_page(
    client, rita, backend
):
    services.requisition_update(
        requisition=backend, fields={"nice_to_have_skills": ["Rust"]}, by=rita
    )
    matches = reverse("screening:requisition_matches", args=[backend.pk])
    login(client, rita)
    response = client.post(
        _confirm(backend),
        {"must_have_skills": "Python, Django", "nice_to_have_skills": "Go", "next": matches},
    )
    assert response.status_code == 302 and response["Location"] == matches
    backend.refresh_from_db()
    assert backend.must_have_skills == ["Python", "Django"]
    assert backend.nice_to_have_skills == ["Rust"]


def test_bad_input_gets_a_message_not_an_error_page(client, rita, backend):
    login(client, rita)
    many = ", ".join(f"Skill {n}" for n in range(skills.MAX_SKILLS + 1))
    response = client.post(_confirm(backend), {"must_have_skills": many}, follow=True)
    assert response.status_code == 200
    assert f"At most {skills.MAX_SKILLS} skills" in response.content.decode()
    response = client.post(_confirm(backend), {"must_have_skills": "x" * 101}, follow=True)
    assert "at most 100 characters" in response.content.decode()
    response = client.post(_confirm(backend), {"must_have_skills": " , "}, follow=True)
    assert "No skills were sent to save." in response.content.decode()
    backend.refresh_from_db()
    assert backend.must_have_skills == []


def test_who_may_not_edit_sees_the_proposal_but_cannot_confirm(client, rita, ivy, hank, backend):
    login(client, ivy)  # an interviewer of the client
    block = _skills_block(client.get(_detail(backend)).content.decode())
    assert "Proposed from the description:" in block and ">Confirm<" not in block
    assert client.post(_confirm(backend), {"must_have_skills": "Python"}).status_code == 403
    # The client's own people shape a draft only; once submitted it is the provider's.
    services.requisition_submit(requisition=backend, by=rita)
    login(client, hank)
    assert client.post(_confirm(backend), {"must_have_skills": "Python"}).status_code == 403
    assert client.get(_confirm(backend)).status_code == 405
    backend.refresh_from_db()
    assert backend.must_have_skills == []


def test_outsiders_get_404(client, gina, sam, backend):
    for user in (gina, sam):
        login(client, user)
        assert client.post(_confirm(backend), {"must_have_skills": "Python"}).status_code == 404
    backend.refresh_from_db()
    assert backend.must_have_skills == []


def test_the_edit_form_fills_in_the_proposal_without_saving(client, rita, backend):
    login(client, rita)
    html = client.get(_edit(backend)).content.decode()
    assert "Proposed from the description:" in html and "Fill them in" in html
    data = {
        "title": backend.title,
        "description": backend.description,
        "remote_policy": backend.remote_policy,
        "employment_type": backend.employment_type,
        "salary_currency": backend.salary_currency,
        "openings": backend.openings,
        "priority": backend.priority,
        "version": backend.version,
        "must_have_skills": "",
        "nice_to_have_skills": "Rust",
        "propose": "1",
    }
    response = client.post(_edit(backend), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "They are filled in below: check them" in html
    form = response.context["form"]
    assert form["must_have_skills"].value().splitlines()[:2] == ["Python", "Django"]
    assert form["nice_to_have_skills"].value() == "Rust"  # typed by the person: kept
    assert 'class="errorlist' not in html
    backend.refresh_from_db()
    assert backend.must_have_skills == [] and backend.nice_to_have_skills == []

    # Then saving what was filled in (changed a little) keeps it.
    data.pop("propose")
    data["must_have_skills"] = "Python\nDjango\nCelery"
    assert client.post(_edit(backend), data).status_code == 302
    backend.refresh_from_db()
    assert backend.must_have_skills == ["Python", "Django", "Celery"]


def test_the_new_form_proposes_from_what_was_typed_and_saves_nothing(client, rita, acme):
    login(client, rita)
    url = reverse("requisitions:requisition_create")
    html = client.get(url).content.decode()
    assert "Propose skills from the title and description" in html
    response = client.post(
        url, {"client": acme.pk, "title": "", "description": DESCRIPTION, "propose": "1"}
    )
    assert response.status_code == 200
    assert "Python" in response.context["form"]["must_have_skills"].value()
    assert 'class="errorlist' not in response.content.decode()  # the title is not asked yet
    response = client.post(url, {"client": acme.pk, "description": "Friendly team.", "propose": 1})
    assert "name no skills the taxonomy knows" in response.content.decode()
    assert not Requisition.objects.exists()


def test_the_matcher_gets_the_chosen_skills_as_they_are(backend, rita):
    job = ranking.job_for(backend)
    assert "required_skills" not in job and "preferred_skills" not in job
    services.requisition_update(
        requisition=backend,
        fields={"must_have_skills": ["Python", "ROS"], "nice_to_have_skills": ["Docker"]},
        by=rita,
    )
    backend.refresh_from_db()
    job = ranking.job_for(backend)
    assert job["required_skills"] == ["Python", "ROS"]
    assert job["preferred_skills"] == ["Docker"]
    assert job["description"] == DESCRIPTION  # not appended to the text any more


def test_a_capped_score_is_said_in_words():
    """The matcher's own reasons, for a person without the must-haves and one with them."""
    from outhire.screening import matcher

    job = {
        "id": "1",
        "title": "Robotics Engineer",
        "description": "Build the software of our picking robots.",
        "required_skills": ["Python", "ROS", "C++"],
        "preferred_skills": ["Java"],
    }
    # The right words and the wrong skills: the text alone would score far above 40.
    no_skills = {
        "id": "n",
        "text": "Robotics Engineer\nRobotics Engineer at Picking Robots Ltd, 2018 - present\n"
        "Built the software of picking robots: motion planning for robot arms.\nSkills: Java",
    }
    engineer = {
        "id": "e",
        "text": "Robotics Engineer\nSkills: Python, ROS, C++. Built robot arms for six years.",
    }
    ranked = {r["id"]: r for r in matcher.rank(job, [no_skills, engineer])}
    lines = ranking.reasons_in_words(ranked["n"]["reasons"])
    assert "Has 0 of 3 must-have skills; missing Python, ROS, C++" in lines
    assert "Has 1 of 1 nice-to-have skills (Java)" in lines
    assert "Score capped at 40: has 0 of 3 must-have skills" in lines
    fit = ranking.must_have_fit(ranked["n"]["reasons"])
    assert fit.capped == "Score capped at 40: has 0 of 3 must-have skills"
    assert fit.missing == ["Python", "ROS", "C++"]
    assert ranked["n"]["score"] <= 40 < ranked["e"]["score"]
    assert ranking.must_have_fit(ranked["e"]["reasons"]).capped == ""
    assert not any("capped" in line for line in ranking.reasons_in_words(ranked["e"]["reasons"]))
