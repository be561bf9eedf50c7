"""Matcher 2.0: absolute scores, must-have skills that cap them, occupation family, proposals."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from outhire.screening import matcher
from outhire.screening.matcher import (
    CAP_FLOOR,
    Matcher,
    Weights,
    candidate_profile,
    job_profile,
    propose_skills,
    reference,
)


def resume(title: str, skills: str, body: str = "Built things.", start: int = 2015) -> str:
    return (
        f"Sam Example\n{title}\n\nEXPERIENCE\n{title}\nAcme Corp\n01/{start} - 12/2024\n"
        f"{body}\n\nSKILLS\n{skills}\n"
    )


ACCOUNTANT_JOB = {
    "id": "acc",
    "title": "Senior Accountant",
    "location": "",
    "description": (
        "We are looking for a senior accountant to run the monthly close, reconcile the general "
        "ledger, prepare financial statements and work with auditors.\n"
        "Minimum qualifications:\n3 years of experience in accounting, Excel and SAP."
    ),
}

PEOPLE = {
    "accountant": resume(
        "Staff Accountant",
        "Excel, SAP, Accounting",
        "Reconciled the general ledger, prepared financial statements, month-end close.",
    ),
    "auditor": resume(
        "Internal Auditor", "Excel, Accounting", "Audited financial statements and ledgers."
    ),
    "nurse": resume(
        "Registered Nurse",
        "Patient care, Excel",
        "Cared for patients, prepared monthly statements of medication for the ledger.",
    ),
    "cook": resume("Line Cook", "Knife skills", "Prepared food for the monthly menu."),
    "developer": resume("Software Engineer", "Python, SQL", "Built the financial ledger service."),
    "empty": "",
}
NAMES = sorted(PEOPLE)


@cache
def profile(name: str):
    return candidate_profile(name, PEOPLE[name])


def scores(job, names, weights=None) -> dict[str, float]:
    return {e["id"]: e["score"] for e in Matcher([profile(n) for n in names], weights).rank(job)}


def reason(entry, kind):
    return next((r for r in entry["reasons"] if r["kind"] == kind), None)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(NAMES),
    st.lists(st.sampled_from(NAMES), max_size=8),
    st.lists(st.sampled_from(NAMES), max_size=8),
)
def test_a_score_does_not_move_when_others_join_or_leave_the_pool(who, pool, more):
    small = [who, *pool]
    large = [*more, *small, *more]
    alone = scores(ACCOUNTANT_JOB, [who])[who]
    assert abs(scores(ACCOUNTANT_JOB, small)[who] - alone) <= 1
    assert abs(scores(ACCOUNTANT_JOB, large)[who] - alone) <= 1


def test_reasons_do_not_depend_on_the_pool_either():
    def reasons(pool):
        out = Matcher([profile(n) for n in pool]).rank(ACCOUNTANT_JOB)
        return next(e["reasons"] for e in out if e["id"] == "nurse")

    assert reasons(["nurse"]) == reasons(["accountant", "nurse", "cook", "developer"])


def test_scores_are_absolute_not_relative_to_the_best():
    # with a pool of one, the relative score of the old matcher gave 100% text to anyone
    out = Matcher([profile("cook")]).rank(ACCOUNTANT_JOB)[0]
    assert out["score"] < 30
    assert reason(out, "text")["score"] < 0.5


def test_the_related_occupation_ranks_above_the_unrelated_one():
    out = scores(ACCOUNTANT_JOB, NAMES)
    assert out["accountant"] > out["auditor"] > out["nurse"]
    assert out["accountant"] > out["developer"] > out["cook"]
    ranked = Matcher([profile(n) for n in NAMES]).rank(ACCOUNTANT_JOB)
    nurse = next(e for e in ranked if e["id"] == "nurse")
    family = reason(nurse, "family")
    accountant = reason(ranked[0], "family")
    assert family["score"] < accountant["score"] and family["factor"] < accountant["factor"]
    assert accountant["job_occupations"] and accountant["candidate_occupations"]


def test_missing_must_have_skills_cap_the_score_and_the_reasons_say_so():
    job = dict(ACCOUNTANT_JOB, required_skills=["Kubernetes", "Terraform", "Go"])
    out = Matcher([profile("accountant")]).rank(job)[0]
    assert out["score"] <= CAP_FLOOR
    cap = reason(out, "cap")
    assert cap["cap"] == CAP_FLOOR
    assert cap["text"] == "capped at 40: has 0 of 3 must-have skills"
    skills = reason(out, "skills")
    assert skills["matched"] == [] and len(skills["missing"]) == 3


def test_partial_coverage_scales_the_cap():
    weights = Weights(required_skills=0.01, text=1.0, field=1.0, family=0.0)
    job = dict(ACCOUNTANT_JOB, required_skills=["Excel", "Kubernetes"])
    out = Matcher([profile("accountant")], weights).rank(job)[0]
    cap = reason(out, "cap")
    assert cap["cap"] == CAP_FLOOR + (100 - CAP_FLOOR) / 2
    assert "has 1 of 2 must-have skills" in cap["text"]
    assert out["score"] <= cap["cap"]
    full = Matcher([profile("accountant")], weights).rank(dict(job, required_skills=["Excel"]))
    assert reason(full[0], "cap") is None


def test_given_skills_replace_the_ones_read_from_the_description():
    job = dict(
        ACCOUNTANT_JOB,
        required_skills=["ms excel", "Month-end close", " "],
        preferred_skills=["sap", "Excel"],
    )
    profiled = job_profile(job)
    # aliases resolved, unknown names kept, blanks and duplicates dropped
    assert profiled.required_skills == ["Microsoft Excel", "Month-end close"]
    assert profiled.preferred_skills == ["SAP"]
    assert profiled.skills_given
    out = Matcher([profile("accountant"), profile("cook")]).rank(job)
    accountant = next(e for e in out if e["id"] == "accountant")
    cook = next(e for e in out if e["id"] == "cook")
    # "Month-end close" is not in the taxonomy: found by its words in the resume
    assert reason(accountant, "skills")["matched"] == ["Microsoft Excel", "Month-end close"]
    assert reason(cook, "skills")["missing"] == ["Microsoft Excel", "Month-end close"]
    assert "must-have" in reason(cook, "cap")["text"]


def test_without_given_skills_they_are_inferred_and_called_required():
    profiled = job_profile(ACCOUNTANT_JOB)
    assert not profiled.skills_given
    assert "SAP" in profiled.required_skills
    out = Matcher([profile("cook")]).rank(ACCOUNTANT_JOB)[0]
    assert "required skills" in reason(out, "cap")["text"]


def test_propose_skills_splits_required_and_preferred():
    required, preferred = propose_skills(
        "Backend Developer",
        "You will build APIs.\nRequirements:\nPython and PostgreSQL.\n"
        "Nice to have:\nKubernetes, and more Python.",
    )
    assert required == ["Python", "PostgreSQL"]
    assert preferred == ["Kubernetes"]
    assert propose_skills("", "") == ([], [])


def test_soft_skills_are_proposed_as_nice_to_have_and_cap_no_one():
    required, preferred = propose_skills(
        "Payroll Specialist",
        "Requirements:\nPayroll experience, excellent communication skills and leadership.\n"
        "Nice to have:\nSAP.",
    )
    assert required == ["Payroll"]
    assert preferred == ["Communication", "Leadership", "SAP"]
    # a payroll clerk who never wrote "communication" is not capped for it
    clerk = candidate_profile("c", resume("Payroll Clerk", "Payroll, Excel"))
    job = {
        "id": "p",
        "title": "Payroll Specialist",
        "description": "Requirements:\nPayroll, teamwork.",
    }
    ranked = Matcher([clerk]).rank(job)
    assert not [r for r in ranked[0]["reasons"] if r["kind"] == "cap"]
    assert reason(ranked[0], "preferred_skills")["missing"] == ["Teamwork"]


def test_the_reference_is_fixed_and_names_occupation_groups():
    ref = reference()
    assert ref.term_idf("accounta") > ref.term_idf("manage")
    assert ref.term_idf("zzzunseen") == ref.default_idf
    groups = ref.groups({"accounta": 3, "ledger": 2}, ["accountant"])
    best = next(iter(groups))
    assert best.startswith("2411") or best.startswith("3313") or best.startswith("24")


def test_odd_skill_lists_never_crash_and_fall_back_to_the_description():
    for odd in ([1, None, {"a": 1}, "  "], 42, {"Python": True}, ""):
        profiled = job_profile(dict(ACCOUNTANT_JOB, required_skills=odd))
        assert not profiled.skills_given
        assert "SAP" in profiled.required_skills
    profiled = job_profile(dict(ACCOUNTANT_JOB, required_skills="Excel;  SAP\nledger  work"))
    assert profiled.required_skills == ["Microsoft Excel", "SAP", "ledger work"]


def test_the_field_grows_with_how_often_the_job_uses_the_candidates_title_words():
    cand = candidate_profile("c", resume("Recruiter", "Excel"))
    once = job_profile({"id": "a", "title": "Coordinator", "description": "Work with a recruiter."})
    often = job_profile(
        {
            "id": "b",
            "title": "Coordinator",
            "description": "Support each recruiter. Recruiters and the recruiter team hire.",
        }
    )
    never = job_profile({"id": "c", "title": "Coordinator", "description": "Plan events."})
    fits = [Matcher([cand])._field_column(job)[0] for job in (never, once, often)]
    assert fits[0] == 0.0 and 0.5 < fits[1] < fits[2] < 1.0
    # the reasons' field score is the same figure
    assert abs(matcher._field_fit(once, cand) - fits[1]) < 1e-9


def test_it_in_capitals_is_information_technology_not_the_pronoun():
    assert matcher.words("Senior IT Manager") == ["senior", "ict", "manager"]
    assert matcher.words("made it work") == ["made", "work"]
    # so an IT manager is placed among the ICT occupations, not among managers of anything
    it_manager = candidate_profile("it", resume("IT Manager", "Windows Server, Active Directory"))
    job = {"id": "j", "title": "IT Support Manager", "description": "Run the ICT help desk."}
    office = candidate_profile("office", resume("Office Manager", "Scheduling"))
    out = {e["id"]: e["score"] for e in Matcher([it_manager, office]).rank(job)}
    assert out["it"] > out["office"]


def test_level_words_do_not_make_a_field():
    job = job_profile(
        {
            "id": "m",
            "title": "Associate Marketing Manager",
            "description": "Plan marketing campaigns with the senior director of marketing.",
        }
    )
    finance = candidate_profile("f", resume("Senior Finance Manager", "Budgeting"))
    marketer = candidate_profile("k", resume("Marketing Associate", "SEO"))
    only_level = candidate_profile("s", resume("Senior Associate", "Excel"))
    fits = Matcher([finance, marketer, only_level])._field_column(job)
    # "senior" and "manager" are in the job, but say nothing about finance
    assert fits[0] == 0.0 and fits[1] > 0.5 and fits[2] == 0.0
    assert matcher.field_words(matcher.words("Senior Finance Manager")) == ["finance"]
    assert [matcher._field_fit(job, c) for c in (finance, marketer, only_level)] == fits


def test_field_acronyms_in_capitals_read_as_the_words_esco_uses():
    assert matcher.words("HR Generalist") == ["hr", "human", "resource", "generali"]
    # lower case is left alone: "bi" and "pr" are not acronyms there
    assert matcher.words("hr bi pr") == ["hr", "bi", "pr"]
    # an HR generalist is placed among the human resources occupations, so they outrank an
    # office manager for a people operations job that never writes "HR"
    hr = candidate_profile("hr", resume("HR Generalist", "Onboarding, payroll"))
    office = candidate_profile("office", resume("Office Manager", "Scheduling"))
    job = {
        "id": "p",
        "title": "People Partner",
        "description": "Advise managers on human resources policy and employee relations.",
    }
    ranked = Matcher([office, hr]).rank(job)
    assert [e["id"] for e in ranked] == ["hr", "office"]
    family = next(r for r in ranked[0]["reasons"] if r["kind"] == "family")
    assert any("human resources" in name for name in family["candidate_occupations"])
