"""The demo talent network: about a thousand candidates whose resumes go through the real pipeline.

Each made-up person (`demo.people`) gets a real PDF or DOCX resume (`demo.files`) and then
travels the path a recruiter's upload takes: `candidate_create` with the name and e-mail a
recruiter types, `document_add` (content sniffing, storage), `document_parse` (text extraction,
the resume parser, the profile). Around them: sources, owners, tags, talent pools, consents (some
expired, some withdrawn), notes, a few deliberate duplicates, and a history spread over the past
two years.

Seeding is idempotent: a person whose e-mail address is already in the talent network is not
added again, so re-running adds nothing and a larger `count` adds only the missing people.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outhire.accounts.models import User
from outhire.candidates import services
from outhire.candidates.models import (
    Candidate,
    Consent,
    ContactPoint,
    Document,
    Note,
    PoolMembership,
    Tag,
    TalentPool,
    TimelineEvent,
)
from outhire.demo.files import DocxWriter, render
from outhire.demo.people import SEED, Person, people

BATCH = 100

# name -> (owner's provider role, description, tags, who belongs)
POOLS = {
    "Senior Python engineers": (
        "recruiter",
        "Backend engineers with five years or more of Python, for Acme Robotics' platform team.",
        ("Python", "senior"),
        lambda p: p.specialism == "Python" and p.level in {"senior", "lead"},
    ),
    "ICU nurses — Berlin": (
        "sourcer",
        "Intensive care nurses in and around Berlin, for Meridian Health's new critical care unit.",
        ("ICU", "Berlin"),
        lambda p: p.specialism == "ICU" and p.resume.city == "Berlin",
    ),
    "ICU nurses — UK and Ireland": (
        "sourcer",
        "Critical care nurses with NMC or NMBI registration.",
        ("ICU",),
        lambda p: p.specialism == "ICU" and p.resume.country.code in {"GB", "IE"},
    ),
    "Finance and risk — Borealis Bank": (
        "sourcer",
        "Accountants, analysts and risk specialists Borealis Bank hires all year round.",
        ("finance",),
        lambda p: p.family.key == "finance" and p.level != "junior",
    ),
    "Warehouse and transport leads": (
        "coordinator",
        "Shift leads, planners and managers for Harbor Logistics' port sites.",
        ("logistics",),
        lambda p: p.family.key == "logistics" and p.level in {"senior", "lead"},
    ),
    "Robotics and controls engineers": (
        "recruiter",
        "Mechanical, electrical and robotics engineers for Acme Robotics.",
        ("engineering", "robotics"),
        lambda p: p.family.key == "engineering" and p.specialism in {"robotics", "electrical"},
    ),
    "Data scientists": (
        "sourcer",
        "Machine learning and analytics people, kept warm for the next data requisitions.",
        ("data", "machine learning"),
        lambda p: p.family.key == "data" and p.specialism in {"machine learning", "deep learning"},
    ),
    "Silver medallists": (
        "recruiter",
        "Finalists we did not hire last time and would gladly call first next time.",
        ("silver medallist",),
        lambda p: "silver medallist" in p.tags,
    ),
}

NOTES = (
    "Phone screen: strong on {skill}, clear communicator. Notice period {notice}. Salary "
    "expectation around {money}.",
    "Not looking right now, happy to hear from us again in {months} months.",
    "Met at the {event}. Interested in {family} roles, prefers {where}.",
    "Reference from a former manager: reliable, calm under pressure, would hire again.",
    "Declined the last offer for family reasons; keen on the next suitable role.",
    "Asked us to contact by e-mail only, not by phone during working hours.",
    "Right to work: {right}.",
    "Strong portfolio of {skill} work; suggested for the {family} shortlist.",
)


@dataclass
class SeedReport:
    candidates: int = 0
    already_there: int = 0
    by_type: Counter = field(default_factory=Counter)
    with_warnings: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        if not self.candidates:
            return f"No new candidates: {self.already_there} demo candidates were already there."
        types = ", ".join(
            f"{self.by_type[kind]} {kind.upper()}"
            for kind in ("pdf", "docx")
            if kind in self.by_type
        )
        parsed = sum(self.by_type.values())
        line = (
            f"{self.candidates} candidates, {parsed} resumes parsed ({types}; "
            f"{self.with_warnings} with parse warnings) in {self.seconds:.1f} s"
        )
        if self.already_there:
            line += f"; {self.already_there} were already there"
        return line + "."


def seed_talent_network(
    *, count: int, staff: dict[str, User], today: date | None = None, seed: int = SEED
) -> SeedReport:
    """Add the first `count` demo people who are not in the talent network yet.

    `staff` maps a provider role ("recruiter", "sourcer", "coordinator", "admin") to the user
    who owns, sources and writes notes on candidates.
    """
    started = time.perf_counter()
    now = timezone.now()
    today = today or timezone.localdate(now)
    everyone = people(count, today=today, seed=seed)
    to_seed = _not_seeded_yet(everyone)
    report = SeedReport(already_there=len(everyone) - len(to_seed))
    if not to_seed:
        report.seconds = time.perf_counter() - started
        return report
    tags = _tags({name for p in to_seed for name in p.tags} | _pool_tag_names())
    pools = _pools(staff, tags)
    writer = DocxWriter()
    max_bytes = settings.OUTHIRE_MAX_UPLOAD_MB * 1024 * 1024
    for start in range(0, len(to_seed), BATCH):
        # Each candidate is reindexed once, when the batch is done, not after each of the
        # services that change its words (create, upload, parse).
        with transaction.atomic(), services.reindex_deferred():
            history = _History()
            for p in to_seed[start : start + BATCH]:
                document = _seed_person(
                    p, staff, tags, pools, writer, max_bytes, history, now=now, seed=seed
                )
                report.candidates += 1
                report.by_type[p.file_type] += 1
                report.with_warnings += bool(document.parse_warnings)
            history.write()
    report.seconds = time.perf_counter() - started
    return report


def _not_seeded_yet(everyone: list[Person]) -> list[Person]:
    """The people whose e-mail address is not in the talent network as often as the list has it.

    Deliberate duplicates share an address with the person they duplicate, so addresses are
    counted rather than looked up.
    """
    index_of = {p.index: ContactPoint.index_of(ContactPoint.Kind.EMAIL, p.resume.email)
                for p in everyone}  # fmt: skip
    existing: Counter = Counter()
    values = sorted(set(index_of.values()))
    for start in range(0, len(values), 500):
        existing.update(
            ContactPoint.objects.filter(
                kind=ContactPoint.Kind.EMAIL, value_index__in=values[start : start + 500]
            ).values_list("value_index", flat=True)
        )
    wanted: Counter = Counter()
    to_seed = []
    for p in everyone:
        wanted[index_of[p.index]] += 1
        if wanted[index_of[p.index]] > existing[index_of[p.index]]:
            to_seed.append(p)
    return to_seed


def _pool_tag_names() -> set[str]:
    return {name for _, _, names, _ in POOLS.values() for name in names}


def _tags(names: set[str]) -> dict[str, Tag]:
    tags = {t.name: t for t in Tag.objects.filter(name__in=names)}
    Tag.objects.bulk_create([Tag(name=n) for n in sorted(names - set(tags))])
    return {t.name: t for t in Tag.objects.filter(name__in=names)}


def _pools(staff: dict[str, User], tags: dict[str, Tag]) -> dict[str, TalentPool]:
    pools = {pool.name: pool for pool in TalentPool.objects.filter(name__in=POOLS)}
    for name, (role, description, tag_names, _) in POOLS.items():
        if name not in pools:
            pools[name] = services.pool_save(
                fields={"name": name, "description": description},
                tags=[tags[t] for t in tag_names],
                by=staff.get(role) or staff.get("admin"),
            )
    return pools


class _History:
    """Spreads what the seed does in a second over the months it would have taken.

    Every service call writes its timeline events at "now"; `at(...)` notes, in call order, the
    moment each event should carry, and `write()` moves events, documents, notes, consents and
    pool memberships to those moments with a few bulk updates.
    """

    def __init__(self) -> None:
        self.moments: dict[int, list[datetime]] = {}
        self.candidates: list[Candidate] = []
        self.changed: dict[type, list] = {Document: [], Note: [], Consent: [], PoolMembership: []}

    def at(self, candidate: Candidate, moment: datetime, events: int = 1) -> None:
        self.moments.setdefault(candidate.pk, []).extend([moment] * events)

    def keep(self, obj, **values) -> None:
        for name, value in values.items():
            setattr(obj, name, value)
        self.changed[type(obj)].append(obj)

    def write(self) -> None:
        events = TimelineEvent.objects.filter(candidate_id__in=self.moments).order_by(
            "candidate_id", "id"
        )
        seen: Counter = Counter()
        moved = []
        for event in events.only("id", "candidate_id", "at"):
            moments = self.moments[event.candidate_id]
            event.at = moments[min(seen[event.candidate_id], len(moments) - 1)]
            seen[event.candidate_id] += 1
            moved.append(event)
        # Timeline events are append-only for people; moving the seed's own events to their
        # story's dates is a bulk update, as a merge does.
        TimelineEvent.objects.bulk_update(moved, ["at"], batch_size=500)
        for candidate in self.candidates:
            moments = self.moments[candidate.pk]
            candidate.created_at, candidate.last_activity_at = moments[0], max(moments)
        Candidate.objects.bulk_update(
            self.candidates, ["created_at", "last_activity_at"], batch_size=500
        )
        fields = {
            Document: ["uploaded_at", "parsed_at"],
            Note: ["created_at"],
            Consent: ["withdrawn_at"],
            PoolMembership: ["added_at"],
        }
        for model, objects in self.changed.items():
            if objects:
                model.objects.bulk_update(objects, fields[model], batch_size=500)


def _seed_person(
    p: Person,
    staff: dict[str, User],
    tags: dict[str, Tag],
    pools: dict[str, TalentPool],
    writer: DocxWriter,
    max_bytes: int,
    history: _History,
    *,
    now: datetime,
    seed: int,
) -> Document:
    """One person through the real pipeline, then their consents, notes and pools."""
    rng = random.Random(f"{seed}:network:{p.index}")  # noqa: S311 - a made-up history
    r = p.resume
    owner = staff.get(p.owner_role)
    # Applicants arrive by themselves; everyone else is added by a member of staff.
    applied = p.source in {"careers_site", "job_board", "social"}
    by = None if applied else owner or staff.get("recruiter")
    added = now - timedelta(days=p.days_ago, seconds=rng.randrange(8 * 3600, 18 * 3600))

    def later(days: int) -> datetime:
        return min(now - timedelta(minutes=5), added + timedelta(days=days, hours=rng.random()))

    candidate = services.candidate_create(
        by=by,
        emails=[r.email],
        first_name=r.first_name,
        last_name=r.last_name,
        source=p.source,
        source_detail=p.source_detail,
        owner=owner,
        tags=[tags[name] for name in p.tags],
    )
    history.candidates.append(candidate)
    history.at(candidate, added)
    document = services.document_add(
        candidate=candidate,
        data=render(p, writer),
        filename=p.filename,
        kind=Document.Kind.RESUME,
        by=by,
        max_bytes=max_bytes,
    )
    history.at(candidate, added)
    services.document_parse(document=document, by=by)
    history.at(candidate, added + timedelta(seconds=40))
    history.keep(document, uploaded_at=added, parsed_at=added + timedelta(seconds=40))
    _consents(p, candidate, by=by, added=added, later=later, history=history, rng=rng)
    if rng.random() < 0.35:
        for _ in range(rng.choice((1, 1, 2))):
            author = owner or staff.get(rng.choice(("recruiter", "sourcer")))
            note = services.note_add(
                candidate=candidate,
                body=_note(p, rng),
                visibility=Note.Visibility.SHARED
                if rng.random() < 0.15
                else Note.Visibility.PROVIDER,
                by=author,
            )
            moment = later(rng.randrange(1, 120))
            history.at(candidate, moment)
            history.keep(note, created_at=moment)
    for name, (role, _, _, belongs) in POOLS.items():
        if belongs(p):
            by_owner = staff.get(role)
            membership = services.pool_add(pool=pools[name], candidate=candidate, by=by_owner)
            moment = later(rng.randrange(0, 60))
            history.at(candidate, moment)
            history.keep(membership, added_at=moment)
    return document


def _consents(
    p: Person,
    candidate: Candidate,
    *,
    by: User | None,
    added: datetime,
    later: Callable[[int], datetime],
    history: _History,
    rng: random.Random,
) -> None:
    """What the person agreed to: applicants to their application's processing, many to a
    talent pool for one or two years (some of which have run out), a few to job alerts (some
    withdrawn since)."""
    applied = p.source in {"careers_site", "job_board", "social", "referral", "agency"}
    web = p.source in {"careers_site", "job_board", "social"}
    method = Consent.Method.WEB_FORM if web else Consent.Method.EMAIL
    if p.source == "import":
        method = Consent.Method.IMPORT
    recorder = None if web else by

    def record(purpose: str, given: datetime, expires: datetime | None, evidence: str) -> Consent:
        consent = services.consent_record(
            candidate=candidate,
            purpose=purpose,
            method=method,
            by=recorder,
            given_at=given,
            expires_at=expires,
            evidence=evidence,
        )
        history.at(candidate, given)
        return consent

    if applied:
        record(Consent.Purpose.APPLICATION, added, None, "Applicant privacy notice v3 (2025-01)")
    # Sourced people are contacted under legitimate interest and asked to join a pool later.
    if rng.random() < (0.6 if applied else 0.4):
        given = added if applied else later(rng.randrange(2, 30))
        months = rng.choice((12, 24, 24))
        record(
            Consent.Purpose.TALENT_POOL,
            given,
            given + timedelta(days=30 * months),
            f"Talent pool consent, kept {months} months (form v2)",
        )
    if web and rng.random() < 0.25:
        consent = record(Consent.Purpose.MARKETING, added, None, "Job alerts opt-in on the form")
        if rng.random() < 0.3:
            services.consent_withdraw(consent=consent, by=None)
            moment = later(rng.randrange(10, 300))
            history.at(candidate, moment)
            history.keep(consent, withdrawn_at=moment)


def _note(p: Person, rng: random.Random) -> str:
    values = {
        "skill": rng.choice(p.resume.skills),
        "notice": rng.choice(("one month", "three months", "six weeks", "immediate")),
        "money": rng.choice(("£45k", "€62k", "$95k", "€48k", "£38k", "€75k")),
        "months": rng.choice((3, 6, 9)),
        "event": p.source_detail if p.source == "event" else "Berlin Nursing Careers Fair 2025",
        "family": p.family.label.lower(),
        "where": rng.choice(("hybrid work", "a site close to home", "fully remote work")),
        "right": rng.choice(
            ("EU citizen", "UK settled status", "needs a Blue Card", "needs a Skilled Worker visa")
        ),  # fmt: skip
    }
    return rng.choice(NOTES).format(**values)
