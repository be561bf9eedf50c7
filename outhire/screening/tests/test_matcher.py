"""The matcher: taxonomy-aware skills, years, location, weights, determinism, garbage input."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from outhire.screening import matcher
from outhire.screening.matcher import (
    MATCHER_VERSION,
    Matcher,
    Weights,
    candidate_profile,
    job_profile,
    rank,
)

JS_JOB = {
    "id": "j1",
    "title": "Frontend Developer",
    "location": "Berlin, Germany",
    "description": (
        "We build web shops.\nMinimum qualifications:\n5+ years of experience with JavaScript "
        "and Python.\nPreferred qualifications:\nExperience with Kubernetes."
    ),
}


def resume(title: str, skills: str, start: int = 2015, end: str = "2024") -> str:
    return (
        f"Sam Example\n{title}\n\nEXPERIENCE\n{title}\nAcme Corp\n01/{start} - 12/{end}\n"
        f"Built things.\n\nSKILLS\n{skills}\n"
    )


def ranked(job, candidates, weights=None):
    profiles = [candidate_profile(cid, text) for cid, text in candidates]
    return Matcher(profiles, weights).rank(job)


def reason(entry, kind):
    return next(r for r in entry["reasons"] if r["kind"] == kind)


def test_it_matches_skills_through_aliases():
    out = ranked(
        JS_JOB,
        [
            ("cook", resume("Line Cook", "Knife skills, food safety")),
            ("js", resume("Frontend Developer", "JS, Python")),
        ],
    )
    assert out[0]["id"] == "js"
    skills = reason(out[0], "skills")
    assert {"JavaScript", "Python"} <= set(skills["matched"])
    assert skills["missing"] == [] or "JavaScript" not in skills["missing"]


def test_it_gives_partial_credit_for_a_related_skill():
    job = {"id": "p", "title": "Developer", "location": "", "description": "Requires Python."}
    out = ranked(
        job,
        [
            ("none", resume("Developer", "Excel")),
            ("django", resume("Developer", "Django")),
            ("python", resume("Developer", "Python")),
        ],
        Weights(**{k: 0.0 for k in Weights.__dataclass_fields__} | {"required_skills": 1.0}),
    )
    assert [e["id"] for e in out] == ["python", "django", "none"]
    assert reason(out[1], "skills")["related"] == ["Python"]
    assert out[1]["score"] == pytest.approx(50.0)


def test_it_reports_a_missing_required_skill():
    out = ranked(JS_JOB, [("py", resume("Developer", "Python"))])
    skills = reason(out[0], "skills")
    assert "JavaScript" in skills["missing"] and "Python" in skills["matched"]
    preferred = reason(out[0], "preferred_skills")
    assert preferred["missing"] == ["Kubernetes"]


def test_it_reads_the_years_required_and_prefers_the_experienced():
    assert job_profile(JS_JOB).required_years == 5
    out = ranked(
        JS_JOB,
        [
            ("junior", resume("Frontend Developer", "JavaScript", start=2023)),
            ("senior", resume("Frontend Developer", "JavaScript", start=2012)),
        ],
        Weights(**{k: 0.0 for k in Weights.__dataclass_fields__} | {"experience": 1.0}),
    )
    assert out[0]["id"] == "senior"
    years = reason(out[0], "experience")
    assert years["required_years"] == 5 and years["relevant_years"] >= 5
    assert out[0]["score"] == 100.0 and out[1]["score"] < 100.0


def test_a_remote_job_ignores_location():
    job = dict(JS_JOB, location="Remote")
    text = "Sam Example\nDeveloper\nLocation: Lyon, France\n\nSKILLS\nJavaScript\n"
    out = ranked(job, [("far", text)])
    assert "remote" in reason(out[0], "location")["fit"]
    assert reason(out[0], "location")["score"] is None


def test_weights_change_the_order():
    job = {"id": "w", "title": "Chef", "location": "", "description": "Requires SQL."}
    candidates = [
        ("sql", resume("Data Analyst", "SQL")),
        ("chef", resume("Chef", "Cooking")),
    ]
    zero = {k: 0.0 for k in Weights.__dataclass_fields__}
    by_skills = ranked(job, candidates, Weights(**zero | {"required_skills": 1.0}))
    by_title = ranked(job, candidates, Weights(**zero | {"title": 1.0}))
    assert by_skills[0]["id"] == "sql"
    assert by_title[0]["id"] == "chef"


def test_it_is_deterministic_and_breaks_ties_by_input_order():
    candidates = [(str(i), resume("Developer", "JavaScript")) for i in range(5)]
    first = ranked(JS_JOB, candidates)
    assert first == ranked(JS_JOB, candidates)
    assert [e["id"] for e in first] == ["0", "1", "2", "3", "4"]


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "\x00\xff\ufffd" * 500, "%%%% ---- 1999 - 2040 ////", "a" * 20000]
)
def test_it_never_crashes_on_garbage(text):
    job = {"id": "g", "title": "", "description": "", "location": ""}
    for j in (job, JS_JOB):
        out = rank(j, [{"id": "x", "text": text}, {"id": "y", "text": "Developer, JS"}])
        assert {e["id"] for e in out} == {"x", "y"}
        assert all(0 <= e["score"] <= 100 for e in out)


def test_it_ranks_an_empty_pool_and_honours_top():
    assert Matcher([]).rank(JS_JOB) == []
    cands = [{"id": str(i), "text": resume("Developer", "JavaScript")} for i in range(4)]
    assert len(rank(JS_JOB, cands, top=2)) == 2
    assert MATCHER_VERSION == "2.2"


def test_the_matcher_imports_no_django():
    # the `outhire` package itself loads Celery (and so Django), so read the imports instead
    source = Path(matcher.__file__).read_text()
    modules = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert modules and not [m for m in modules if m and m.split(".")[0] == "django"]
