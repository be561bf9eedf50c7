from __future__ import annotations

from outhire.candidates.models import ProfileEntry
from outhire.candidates.services import profile_apply_resume
from outhire.testing import login

RESUME = {
    "basics": {"name": "Ada Lovelace"},
    "skills": [{"name": "Python"}, {"name": "Fortran"}],
    "work": [{"name": "Analytical Engines", "position": "Analist", "startDate": "2019-03"}],
    "education": [{"institution": "University of London", "studyType": "BSc", "area": "Maths"}],
}


def test_the_detail_page_groups_profile_entries(client, rita, ada):
    profile_apply_resume(candidate=ada, resume=RESUME)
    login(client, rita)
    body = client.get(f"/candidates/{ada.pk}/").content.decode()
    for text in ("Work history", "Education", "Skills", "Fortran", "University of London"):
        assert text in body


def test_a_skill_shows_the_resumes_words_and_the_name_it_is_matched_under(client, rita, ada):
    resume = {**RESUME, "skills": [{"name": "MS Excel"}, {"name": "Python"}, {"name": "Zorblax"}]}
    profile_apply_resume(candidate=ada, resume=resume)
    skills = {e.name: e.skill for e in ProfileEntry.objects.filter(kind="skill")}
    assert skills == {"MS Excel": "Microsoft Excel", "Python": "Python", "Zorblax": ""}
    login(client, rita)
    body = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "<strong>MS Excel</strong>" in body
    assert "searched and matched as Microsoft Excel" in body
    assert body.count("searched and matched as") == 1  # not for "Python", nor "Zorblax"


def test_a_jobs_duties_keep_their_lines(client, rita, ada):
    duties = "Beat the annual quota by 26%\nGrew the key accounts <b>fast</b>"
    resume = {**RESUME, "work": [{"name": "Acme", "position": "Sales", "summary": duties}]}
    profile_apply_resume(candidate=ada, resume=resume)
    login(client, rita)
    body = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert "quota by 26%<br>Grew the key accounts &lt;b&gt;fast&lt;/b&gt;" in body


def test_it_adds_an_entry(client, rita, ada):
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/profile/", {"kind": "skill", "name": "Babbage engines"}
    )
    assert response.status_code == 302
    entry = ProfileEntry.objects.get()
    assert entry.origin == "recruiter" and entry.name == "Babbage engines"
    assert entry.skill == ""  # unknown to the taxonomy


def test_an_entry_ending_before_it_starts_is_refused(client, rita, ada):
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/profile/",
        {"kind": "work", "name": "X", "start_date": "2020-01-01", "end_date": "2019-01-01"},
    )
    assert response.status_code == 400
    assert not ProfileEntry.objects.exists()


def test_corrections_survive_a_reparse(client, rita, ada):
    profile_apply_resume(candidate=ada, resume=RESUME)
    job = ProfileEntry.objects.get(kind="work")
    fortran = ProfileEntry.objects.get(name="Fortran")
    login(client, rita)
    response = client.post(
        f"/candidates/{ada.pk}/profile/{job.pk}/",
        {
            "kind": "work",
            "name": "Analytical Engines",
            "title": "Analyst",
            "start_date": "2019-03-01",
        },
    )
    assert response.status_code == 302
    assert client.post(f"/candidates/{ada.pk}/profile/{fortran.pk}/remove/").status_code == 302

    profile_apply_resume(candidate=ada, resume=RESUME)

    visible = ProfileEntry.objects.filter(candidate=ada, hidden=False)
    assert list(visible.filter(kind="work").values_list("title", flat=True)) == ["Analyst"]
    assert list(visible.filter(kind="skill").values_list("name", flat=True)) == ["Python"]
    body = client.get(f"/candidates/{ada.pk}/").content.decode()
    profile = body.split('id="profile"')[1].split('id="documents"')[0]
    assert "Analist" not in profile and "Fortran" not in profile


def test_an_entry_of_another_candidate_is_not_found(client, rita, ada, make_candidate):
    other = make_candidate("Grace", "Hopper")
    profile_apply_resume(candidate=other, resume=RESUME)
    entry = ProfileEntry.objects.filter(candidate=other).first()
    login(client, rita)
    assert client.get(f"/candidates/{ada.pk}/profile/{entry.pk}/").status_code == 404
    assert client.post(f"/candidates/{ada.pk}/profile/{entry.pk}/remove/").status_code == 404


def test_the_migration_names_the_skills_stored_before_it(ada):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("outhire.candidates.migrations.0011_profile_entry_skill")
    profile_apply_resume(candidate=ada, resume={"skills": [{"name": "k8s"}, {"name": "Zorblax"}]})
    ProfileEntry.objects.update(skill="")  # as the rows were before the column existed
    migration.fill_skill(apps, None)
    skills = dict(ProfileEntry.objects.filter(kind="skill").values_list("name", "skill"))
    assert skills == {"k8s": "Kubernetes", "Zorblax": ""}
