"""`outhire rank`: the command-line contract evaluation tools depend on."""

from __future__ import annotations

import json

import pytest

from outhire.testing import Ran, run_cli


def run(*args: str) -> Ran:
    return run_cli("rank", *args)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


@pytest.fixture
def files(tmp_path):
    jobs = write_jsonl(
        tmp_path / "jobs.jsonl",
        [
            {
                "id": "dev",
                "title": "Python Developer",
                "location": "Remote",
                "description": "3+ years of experience with Python and SQL.",
            },
            {
                "id": "cook",
                "title": "Chef",
                "location": "Paris, France",
                "description": "Cook French food in a busy kitchen.",
            },
        ],
    )
    candidates = write_jsonl(
        tmp_path / "candidates.jsonl",
        [
            {"id": "c1", "text": "Jo Cook\nChef\nEXPERIENCE\nChef, Bistro\n2015 - 2024\nCooking"},
            {"id": "c2", "text": "Al Dev\nPython Developer\nSKILLS\nPython, SQL, Django"},
            {"id": "c3", "text": ""},
        ],
    )
    return jobs, candidates


def test_it_prints_one_ranking_per_job_best_first(files):
    jobs, candidates = files
    proc = run("--format", "jsonl", "--jobs", jobs, "--candidates", candidates)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["job"] for line in lines] == ["dev", "cook"]
    dev, cook = lines
    assert dev["matcher_version"] == "2.2"
    assert [e["id"] for e in dev["ranking"]][0] == "c2"
    assert [e["id"] for e in cook["ranking"]][0] == "c1"
    for line in lines:
        assert len(line["ranking"]) == 3
        scores = [e["score"] for e in line["ranking"]]
        assert scores == sorted(scores, reverse=True)
        assert all(isinstance(e["reasons"], list) and e["reasons"] for e in line["ranking"])


def test_it_keeps_the_top_n(files):
    jobs, candidates = files
    proc = run("--top", "1", "--jobs", jobs, "--candidates", candidates)
    assert proc.returncode == 0, proc.stderr
    assert all(len(json.loads(line)["ranking"]) == 1 for line in proc.stdout.splitlines())


def test_a_missing_file_exits_2(files, tmp_path):
    jobs, _ = files
    proc = run("--jobs", jobs, "--candidates", str(tmp_path / "nope.jsonl"))
    assert proc.returncode == 2
    assert "not found" in proc.stderr and proc.stdout == ""


def test_a_bad_json_line_exits_2_and_names_the_line(files, tmp_path):
    _, candidates = files
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "title": "x"}\n{not json\n')
    proc = run("--jobs", str(bad), "--candidates", candidates)
    assert proc.returncode == 2
    assert "line 2" in proc.stderr


def test_a_missing_argument_exits_2(files):
    jobs, _ = files
    proc = run("--jobs", jobs)
    assert proc.returncode == 2
    assert "--candidates" in proc.stderr


def test_parallel_workers_give_the_same_output_as_one(tmp_path):
    titles = ["Python Developer", "Chef", "Accountant", "Nurse", "Data Analyst"]
    skills = ["Python, SQL", "Cooking, Menus", "Excel, Payroll", "Patient care", "SQL, Tableau"]
    candidates = write_jsonl(
        tmp_path / "many.jsonl",
        [
            {
                "id": f"c{n}",
                "text": f"Person {n}\n{titles[n % 5]}\n{n % 9 + 1} years of work\n"
                f"Skills: {skills[(n * 7) % 5]}",
            }
            for n in range(230)  # over the size that starts worker processes
        ],
    )
    jobs = write_jsonl(
        tmp_path / "jobs3.jsonl",
        [
            {"id": f"j{n}", "title": t, "location": "", "description": f"{t}. {s}"}
            for n, (t, s) in enumerate(zip(titles, skills, strict=True))
        ],
    )
    serial = run("--workers", "1", "--top", "20", "--jobs", jobs, "--candidates", candidates)
    parallel = run("--workers", "3", "--top", "20", "--jobs", jobs, "--candidates", candidates)
    assert serial.returncode == 0 == parallel.returncode, parallel.stderr
    assert parallel.stdout == serial.stdout
    lines = [json.loads(line) for line in serial.stdout.splitlines()]
    assert [line["job"] for line in lines] == ["j0", "j1", "j2", "j3", "j4"]
    assert all(len(line["ranking"]) == 20 for line in lines)
    assert run("--workers", "0", "--jobs", jobs, "--candidates", candidates).returncode == 2


def test_a_job_line_can_carry_must_have_skills_that_cap_the_score(tmp_path, files):
    _, candidates = files
    jobs = write_jsonl(
        tmp_path / "must.jsonl",
        [
            {
                "id": "dev",
                "title": "Python Developer",
                "location": "",
                "description": "Build our services.",
                "required_skills": ["Python", "Kubernetes", "Terraform"],
                "preferred_skills": "SQL, Django",
            }
        ],
    )
    proc = run("--jobs", jobs, "--candidates", candidates)
    assert proc.returncode == 0, proc.stderr
    ranking = json.loads(proc.stdout.splitlines()[0])["ranking"]
    dev = next(e for e in ranking if e["id"] == "c2")
    cap = next(r for r in dev["reasons"] if r["kind"] == "cap")
    assert cap["text"] == "capped at 60: has 1 of 3 must-have skills"
    assert dev["score"] <= 60
    preferred = next(r for r in dev["reasons"] if r["kind"] == "preferred_skills")
    assert preferred["matched"] == ["SQL", "Django"]
