from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outhire.accounts.tenancy import Access
from outhire.candidates.models import Candidate, ProfileEntry, Tag, TalentPool
from outhire.candidates.search import SearchFilters, search_candidates, terms
from outhire.candidates.services import (
    candidate_create,
    candidate_reindex,
    pool_add,
    profile_entry_correct,
    reindex_deferred,
)


def _person(first, last, title="", *, skills=(), location="", summary="", tags=(), by=None):
    candidate = candidate_create(
        by=by,
        first_name=first,
        last_name=last,
        current_title=title,
        location=location,
        summary=summary,
    )
    entries = [
        ProfileEntry(candidate=candidate, kind="skill", name=s, origin="parsed") for s in skills
    ]
    for entry in entries:
        entry.set_skill()  # as the resume import does before its bulk_create
    ProfileEntry.objects.bulk_create(entries)
    if tags:
        candidate.tags.set([Tag.objects.get_or_create(name=t)[0] for t in tags])
    candidate_reindex(candidate)
    return candidate


@pytest.fixture
def people(rita):
    return {
        "ada": _person(
            "Ada",
            "Lovelace",
            "Data Engineer",
            skills=["Python", "PostgreSQL"],
            location="London",
            summary="Built pipelines for analytics",
            by=rita,
            tags=["silver-medallist"],
        ),
        "grace": _person(
            "Grace",
            "Hopper",
            "Compiler Engineer",
            skills=["COBOL"],
            location="New York",
            summary="Programming languages",
            by=rita,
        ),
        "linus": _person(
            "Linus",
            "Torvalds",
            "Kernel Developer",
            skills=["C", "Python"],
            location="Portland",
            summary="Operating systems engineering",
            by=rita,
        ),
    }


def _names(page):
    return [hit.candidate.first_name for hit in page.hits]


def _base(user):
    return Candidate.objects.visible_to(Access(user))


def test_it_finds_words_anywhere_in_the_profile(people, rita):
    assert _names(search_candidates(_base(rita), "pipelines")) == ["Ada"]
    assert set(_names(search_candidates(_base(rita), "python"))) == {"Ada", "Linus"}


def test_it_stems_and_completes_the_last_word(people, rita):
    assert _names(search_candidates(_base(rita), "engineering")) != []
    assert _names(search_candidates(_base(rita), "lovel")) == ["Ada"]


def test_every_word_must_match(people, rita):
    assert _names(search_candidates(_base(rita), "python kernel")) == ["Linus"]


def test_it_highlights_matches_safely(people, rita):
    grace = people["grace"]
    grace.summary = "Languages <script>alert(1)</script>"
    grace.save()
    candidate_reindex(grace)
    hit = search_candidates(_base(rita), "languages").hits[0]
    assert "<mark>" in hit.snippet
    assert "<script>" not in hit.snippet


def test_search_syntax_is_not_injectable(people, rita):
    for query in ['"', "python OR", "NEAR(", "a:*", "') --", "*", "&|!"]:
        search_candidates(_base(rita), query)  # no error
    assert terms("C++ & Python!") == ["c", "python"]


def test_filters(people, rita):
    pool = TalentPool.objects.create(name="Data")
    pool_add(pool=pool, candidate=people["linus"], by=rita)
    base = _base(rita)
    assert _names(
        search_candidates(base, "", SearchFilters(skills=["python"], location="lond"))
    ) == ["Ada"]
    assert _names(search_candidates(base, "python", SearchFilters(pool_id=pool.pk))) == ["Linus"]
    assert _names(search_candidates(base, "", SearchFilters(tags=["silver-medallist"]))) == ["Ada"]
    Candidate.objects.filter(pk=people["grace"].pk).update(
        last_activity_at=timezone.now() - timedelta(days=400)
    )
    recent = search_candidates(
        base, "", SearchFilters(active_since=(timezone.now() - timedelta(days=30)).date())
    )
    assert "Grace" not in _names(recent)


def test_a_skill_filter_finds_every_spelling_of_the_skill(rita):
    # the profile keeps the words the resume used; the filter reads the taxonomy's name
    _person("Kai", "Ito", skills=["k8s", "MS Excel"], by=rita)
    _person("Lou", "Reed", skills=["Kubernetes", "Zorblax Studio"], by=rita)
    base = _base(rita)

    def found(skill):
        return sorted(_names(search_candidates(base, "", SearchFilters(skills=[skill]))))

    assert found("kubernetes") == ["Kai", "Lou"]
    assert found("K8S") == ["Kai", "Lou"]
    assert found("Microsoft Excel") == ["Kai"]
    assert found("zorblax studio") == ["Lou"]  # unknown to the taxonomy: found as written
    assert found("Zorblax") == []


def test_full_text_search_finds_a_skill_by_the_taxonomys_name(rita):
    _person("Kai", "Ito", skills=["k8s"], by=rita)
    base = _base(rita)
    assert _names(search_candidates(base, "kubernetes")) == ["Kai"]
    assert _names(search_candidates(base, "k8s")) == ["Kai"]


def test_a_corrected_skill_is_searched_under_its_new_name(rita):
    kai = _person("Kai", "Ito", skills=["Excel"], by=rita)
    entry = kai.profile_entries.get()
    assert entry.skill == "Microsoft Excel"
    profile_entry_correct(entry=entry, fields={"name": "Postgres"}, by=rita)
    entry.refresh_from_db()
    assert (entry.name, entry.skill) == ("Postgres", "PostgreSQL")
    base = _base(rita)
    assert _names(search_candidates(base, "", SearchFilters(skills=["PostgreSQL"]))) == ["Kai"]
    assert _names(search_candidates(base, "", SearchFilters(skills=["Excel"]))) == []


def test_it_never_shows_candidates_to_client_users(people, carla, gina):
    assert search_candidates(_base(carla), "python").hits == []
    assert search_candidates(_base(gina), "").total == 0


def test_merged_records_are_not_found(people, rita):
    Candidate.objects.filter(pk=people["grace"].pk).update(merged_into=people["ada"])
    assert _names(search_candidates(_base(rita), "cobol")) == []


def test_the_index_follows_updates_and_deletes(people, rita):
    ada = people["ada"]
    ada.summary = "Now a gardener"
    ada.save()
    candidate_reindex(ada)
    assert _names(search_candidates(_base(rita), "gardener")) == ["Ada"]
    assert _names(search_candidates(_base(rita), "pipelines")) == []
    ada.delete()
    assert _names(search_candidates(_base(rita), "gardener")) == []


def test_a_deferred_reindex_indexes_each_candidate_once_as_the_block_ends(people, rita):
    ada = people["ada"]
    with reindex_deferred():
        made = candidate_create(by=rita, first_name="Barbara", last_name="Liskov")
        Candidate.objects.filter(pk=ada.pk).update(summary="Now a gardener")
        candidate_reindex(ada)
        assert _names(search_candidates(_base(rita), "liskov")) == []
        assert _names(search_candidates(_base(rita), "gardener")) == []
    # Read again from the database, not from the instances the services were given.
    assert _names(search_candidates(_base(rita), "liskov")) == ["Barbara"]
    assert _names(search_candidates(_base(rita), "gardener")) == ["Ada"]
    assert Candidate.objects.get(pk=made.pk).search_text == "Barbara Liskov"
    with pytest.raises(RuntimeError), reindex_deferred():
        Candidate.objects.filter(pk=ada.pk).update(summary="Now a baker")
        candidate_reindex(ada)
        raise RuntimeError("the block fails")
    assert _names(search_candidates(_base(rita), "baker")) == []


def test_paging_and_totals(rita):
    for n in range(7):
        _person(f"P{n}", "Smith", "Welder", by=rita)
    page = search_candidates(_base(rita), "welder", limit=3, offset=3)
    assert page.total == 7 and len(page.hits) == 3 and not page.total_is_capped


def test_a_page_costs_a_fixed_number_of_queries(rita):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            search_candidates(_base(rita), "welder", limit=10)
        return len(ctx.captured_queries)

    for n in range(3):
        _person(f"A{n}", "Jones", "Welder", by=rita)
    few = queries()
    for n in range(20):
        _person(f"B{n}", "Jones", "Welder", by=rita)
    assert queries() == few


def test_a_huge_document_is_searched_through_its_capped_text(rita):
    """A 9-million-character resume once made one SQLite snippet() run for ten minutes: what
    search reads is now capped at MAX_TEXT_CHARS (bench/search.py times the worst case)."""
    from outhire.candidates.files import MAX_TEXT_CHARS
    from outhire.candidates.services import document_add, document_parse

    huge = candidate_create(first_name="Huge", last_name="Resume", by=rita)
    data = ("python developer " * 550_000).encode()  # 9.35 MB, 9.35 million characters
    document = document_add(
        candidate=huge, data=data, filename="cv.txt", kind="resume", by=rita, max_bytes=10 << 20
    )
    document_parse(document=document, by=rita)
    document.refresh_from_db()
    huge.refresh_from_db()
    assert 0 < len(document.text) <= MAX_TEXT_CHARS
    assert len(huge.search_text) <= MAX_TEXT_CHARS
    page = search_candidates(Candidate.objects.visible_to(Access(rita)), "pyth")
    assert [hit.candidate for hit in page.hits] == [huge]
    assert "<mark>" in page.hits[0].snippet


def test_the_search_text_is_capped_whatever_the_documents_hold():
    from outhire.candidates.files import MAX_TEXT_CHARS

    candidate = Candidate(first_name="Many", last_name="Files")
    text = candidate.search_text_from(texts=["resume " * 100_000] * 5)
    assert len(text) == MAX_TEXT_CHARS and text.startswith("Many")
