"""The demo's talent network: 12 candidates seeded once (on 20 November 2026) for this module's
tests, each in a transaction of its own inside the one they were seeded in; and the people
generator, without a database."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import phonenumbers
import pytest
import time_machine as clock
from django.utils import timezone

from outhire.candidates import services
from outhire.candidates.models import (
    Candidate,
    Consent,
    Document,
    Note,
    PoolMembership,
    ProfileEntry,
    TalentPool,
)
from outhire.demo.files import resume_text
from outhire.demo.people import people
from outhire.demo.tests.helpers import seed, talent_network_only
from outhire.demo.words import FAMILIES
from outhire.screening import taxonomy
from outhire.screening.resume_parser import parse_resume
from outhire.testing import shared_data

TODAY = date(2026, 11, 20)
SEEDED_AT = "2026-11-20 10:00Z"


def _in_order() -> list[Candidate]:
    """The candidates in the order the seed added them: person 0, 1, 2..."""
    return list(Candidate.objects.order_by("pk"))


@pytest.fixture(scope="module")
def talent_network(django_db_setup, django_db_blocker, tmp_path_factory):
    """These tests count the talent network's people; the careers, referral and community
    demos add applicants of their own, and are tested in their apps."""
    media = tmp_path_factory.mktemp("demo-candidates")
    with talent_network_only(), shared_data(django_db_blocker, media):
        with clock.travel(SEEDED_AT, tick=False):
            output = seed(candidates=12)
        yield {"output": output, "media_root": media}


@pytest.fixture
def seeded(talent_network, db, settings, time_machine):
    """What the seed printed; the test runs at the moment of the seed, with its files."""
    time_machine.move_to(SEEDED_AT, tick=False)
    settings.MEDIA_ROOT = talent_network["media_root"]
    return talent_network["output"]


def test_it_seeds_candidates_with_real_resume_files(seeded):
    assert "12 candidates, 12 resumes parsed (" in seeded
    assert Candidate.objects.count() == 12
    types = set()
    # Besides the resumes, only the demo hire's pre-boarding uploads (docs/preboarding.md).
    others = Document.objects.exclude(kind=Document.Kind.RESUME)
    assert others.values("candidate").distinct().count() <= 1
    for document in Document.objects.filter(kind=Document.Kind.RESUME):
        data = document.file.read()
        types.add(document.file_type)
        if document.file_type == "pdf":
            import pypdfium2

            assert data.startswith(b"%PDF-")
            assert len(pypdfium2.PdfDocument(data)) >= 1
        else:
            import docx

            assert document.file_type == "docx"
            assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
            assert docx.Document(io.BytesIO(data)).paragraphs
        assert document.original_name.endswith(f".{document.file_type}")
        assert document.parsed_at is not None
        assert len(document.text) > 500
    assert types == {"pdf", "docx"}
    assert (
        Document.objects.filter(kind=Document.Kind.RESUME).values("candidate").distinct().count()
        == 12
    )


def test_the_parsed_profile_matches_the_generated_people(seeded):
    names = phones = 0
    for p, candidate in zip(people(12, today=TODAY), _in_order(), strict=True):
        email = p.resume.email
        assert candidate.email == email
        entries = candidate.profile_entries.filter(origin=ProfileEntry.Origin.PARSED)
        skills = set(entries.filter(kind="skill").values_list("name", flat=True))
        assert len(skills & set(p.resume.skills)) >= len(p.resume.skills) // 2
        assert entries.filter(kind="work").exists()
        # The parser read the name and e-mail from the file itself, not from the form
        basics = parse_resume(candidate.documents.get(kind=Document.Kind.RESUME).text).resume[
            "basics"
        ]
        assert basics["email"] == email
        names += basics["name"] == p.resume.name
        assert candidate.phone == basics["phone"]  # typed by nobody: it came from the file
        phones += basics["phone"] == p.resume.phone_e164
        assert candidate.current_title
    assert names >= 10
    assert phones >= 9


def test_it_makes_a_lived_in_talent_network(seeded):
    assert TalentPool.objects.filter(name="ICU nurses — Berlin", owner__isnull=False).exists()
    assert TalentPool.objects.get(name="Senior Python engineers").tags.exists()
    assert Consent.objects.filter(purpose=Consent.Purpose.APPLICATION).exists()
    assert Consent.objects.filter(purpose=Consent.Purpose.TALENT_POOL).exists()
    assert Note.objects.exists()
    assert Candidate.objects.filter(owner__isnull=False).exists()
    assert Candidate.objects.filter(tags__isnull=False).exists()
    assert len(set(Candidate.objects.values_list("source", flat=True))) >= 3
    now = timezone.now()
    assert Candidate.objects.filter(created_at__lt=now - timedelta(days=30)).exists()
    for candidate in Candidate.objects.prefetch_related("timeline"):
        moments = [event.at for event in candidate.timeline.all()]
        assert candidate.created_at == min(moments)
        assert candidate.last_activity_at == max(moments) <= now


def test_the_deliberate_duplicate_is_found(seeded):
    everyone = people(12, today=TODAY)
    copy = everyone[7]
    assert copy.duplicate_of is not None
    candidates = _in_order()
    found = services.duplicates_of(candidates[7])
    assert [d.candidate for d in found] == [candidates[copy.duplicate_of]]
    assert copy.duplicate_reason in found[0].reasons


def test_it_is_safe_to_rerun_and_adds_only_whom_is_missing(seeded, time_machine):
    counts = (Candidate.objects.count(), Document.objects.count(), Note.objects.count())
    with talent_network_only():
        assert "No new candidates: 12 demo candidates were already there." in seed(candidates=12)
    assert (Candidate.objects.count(), Document.objects.count(), Note.objects.count()) == counts
    time_machine.move_to("2026-11-21 10:00Z", tick=False)  # another day, the same people
    with talent_network_only():
        assert "2 candidates" in seed(candidates=14)
    assert Candidate.objects.count() == 14
    assert PoolMembership.objects.values("pool", "candidate").distinct().count() == (
        PoolMembership.objects.count()
    )


# --- The generator, without a database -------------------------------------------------------


def test_people_are_the_same_every_time_and_a_longer_list_starts_with_a_shorter_one():
    assert people(30, today=TODAY)[:10] == people(10, today=TODAY)
    assert people(10, today=TODAY) == people(10, today=TODAY)


def test_only_the_deliberate_duplicates_share_a_name_or_contact_details():
    seen: dict[str, int] = {}
    everyone = people(400, today=TODAY)
    assert sum(p.duplicate_of is not None for p in everyone) == 5
    for p in everyone:
        r = p.resume
        handle = r.linkedin.rsplit("/in/", 1)[-1] if r.linkedin else ""
        for key in (r.name, r.email, r.phone_e164, handle):
            if key and key in seen:
                assert p.duplicate_of == seen[key], (p.index, key)
            seen.setdefault(key, p.index)


def test_people_vary_like_a_real_talent_network():
    everyone = people(300, today=TODAY)
    assert {p.family.key for p in everyone} == set(FAMILIES)
    assert len({p.resume.country.code for p in everyone}) >= 12
    assert {len(p.resume.jobs) for p in everyone} == {1, 2, 3, 4, 5}
    assert any(p.resume.jobs[0].end is not None for p in everyone)  # between jobs
    assert 0.4 < sum(p.file_type == "pdf" for p in everyone) / 300 < 0.6
    assert any(p.resume.linkedin for p in everyone) and any(p.resume.github for p in everyone)
    headings = {line for p in everyone[:60] for line in resume_text(p).splitlines()}
    assert {"WORK EXPERIENCE", "Employment History", "Career History"} <= headings
    texts = "\n".join(resume_text(p) for p in everyone[:60])
    for date_range in (r"[A-Z][a-z]{2} \d{4} – Present", r"\b\d{4} - \d{4}\b", r"\d\d/\d{4}"):
        assert re.search(date_range, texts), date_range


def test_resumes_use_taxonomy_skills_valid_phones_reserved_domains_and_cp1252():
    for family in FAMILIES.values():
        for skill in {s for group in (*family.skills, family.common) for s in group}:
            assert taxonomy.canonical(skill) == skill, skill
    for p in people(200, today=TODAY):
        r = p.resume
        number = phonenumbers.parse(r.phone, r.country.code)
        assert phonenumbers.is_valid_number(number), r.phone
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == (
            r.phone_e164
        )
        assert r.email.rsplit("@", 1)[1].split(".")[-2:][-1] in {"com", "org", "net", "example"}
        assert "example" in r.email.rsplit("@", 1)[1]
        resume_text(p).encode("cp1252")
        assert set(r.skills) <= {s for group in (*p.family.skills, p.family.common) for s in group}
