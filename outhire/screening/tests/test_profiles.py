"""Stored feature rows: the same scores as profiles built on the fly, refreshed on change."""

from __future__ import annotations

from django.core.management import call_command

from outhire.candidates.models import Consent
from outhire.candidates.services import candidate_create, consent_record, profile_entry_add
from outhire.screening import matcher, profiles, ranking
from outhire.screening.models import ScreeningProfile

JOB = {
    "id": "j1",
    "title": "Python Developer",
    "description": "Requirements\nPython, Django. 3+ years of experience.",
    "location": "Berlin",
}


def _people(rita, count=6):
    people = []
    for n in range(count):
        c = candidate_create(
            by=rita,
            first_name=f"P{n}",
            last_name="Doe",
            current_title="Python Developer" if n % 2 else "Accountant",
            summary="Python and Django web services" if n % 2 else "Payroll and ledgers",
            location="Berlin" if n % 3 else "Paris",
        )
        profile_entry_add(candidate=c, fields={"kind": "skill", "name": "Python"}, by=rita)
        consent_record(
            candidate=c, purpose=Consent.Purpose.TALENT_POOL, method=Consent.Method.VERBAL, by=rita
        )
        people.append(c)
    return people


def test_stored_rows_score_exactly_as_profiles_built_from_words(rita):
    people = _people(rita)
    ids = [c.pk for c in people]
    rows = profiles.rows_for(ids)
    stored = [profiles.matcher_profile(pk, rows[pk][0]) for pk in sorted(ids)]
    fresh = []
    for c in sorted(people, key=lambda c: c.pk):
        c = profiles.with_ranking_data(type(c).objects.filter(pk=c.pk)).get()
        inputs = profiles.profile_inputs(c)
        fresh.append(
            matcher.CandidateProfile(
                id=c.pk,
                words=matcher.words(inputs["text"]),
                title_words=matcher.words(" ".join(inputs["titles"][:4])),
                titles=inputs["titles"],
                skills=frozenset(inputs["skills"]),
                work=inputs["work"],
                position_words=[frozenset(matcher.words(w["position"])) for w in inputs["work"]],
                total_years=inputs["years"],
                location=inputs["location"],
            )
        )
    assert matcher.Matcher(stored).rank(JOB) == matcher.Matcher(fresh).rank(JOB)


def test_a_profile_change_marks_the_row_stale_and_the_next_ranking_rebuilds_it(rita):
    (person,) = _people(rita, 1)
    profiles.rows_for([person.pk])
    row = ScreeningProfile.objects.get(candidate=person)
    assert not row.stale and row.version == profiles.FEATURES_VERSION
    profile_entry_add(candidate=person, fields={"kind": "skill", "name": "Kubernetes"}, by=rita)
    assert ScreeningProfile.objects.get(candidate=person).stale
    features, digest = profiles.rows_for([person.pk])[person.pk]
    assert "Kubernetes" in features and digest != row.input_digest
    assert not ScreeningProfile.objects.get(candidate=person).stale


def test_saving_unrelated_fields_keeps_the_row(rita):
    (person,) = _people(rita, 1)
    profiles.rows_for([person.pk])
    person.save(update_fields=["last_activity_at"])
    assert not ScreeningProfile.objects.get(candidate=person).stale


def test_the_command_builds_missing_and_outdated_rows(rita):
    people = _people(rita, 3)
    ScreeningProfile.objects.all().delete()
    profiles.rows_for([people[0].pk])
    ScreeningProfile.objects.filter(candidate=people[0]).update(version="0.9")
    call_command("screening-profiles")
    assert set(ScreeningProfile.objects.values_list("version", flat=True)) == {
        profiles.FEATURES_VERSION
    }
    assert ScreeningProfile.objects.count() == 3


def test_ranking_is_deterministic_and_versioned(rita):
    people = _people(rita)
    ids = [c.pk for c in people]
    first = ranking.rank_ids(job=JOB, candidate_ids=ids)
    again = ranking.rank_ids(job=JOB, candidate_ids=list(reversed(ids)))
    assert first == again
    assert profiles.FEATURES_VERSION.startswith(matcher.MATCHER_VERSION)
    # Python developers first
    assert [c.current_title for c in people if c.pk == first[0][0]] == ["Python Developer"]
