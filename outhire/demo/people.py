"""Made-up people and their resumes for the demo talent network.

Plain Python, no Django. `people(count, today=...)` is deterministic, and the first `n` people of
a longer list are the `n` people of a shorter one, so a seed can add people later without
repeating anyone. Each person has a role family, a career of one to five jobs, education, skills
from the skills taxonomy, languages and certificates; e-mail addresses use the reserved `example`
domains (RFC 2606) and phone numbers the ranges regulators keep for fiction where there are some
(see `demo.words`). Only the deliberate duplicates (one in eighty) share a name, e-mail address,
phone number or LinkedIn profile with someone else.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

import phonenumbers

from outhire.demo.words import (
    COUNTRIES,
    COUNTRY_WEIGHTS,
    CULTURE_LANGUAGE,
    FAMILIES,
    FAMILY_WEIGHTS,
    GENERAL_TAGS,
    ICU_TITLES,
    LEVEL_WEIGHTS,
    LEVEL_YEARS,
    LEVELS,
    NAMES,
    NICKNAMES,
    SOURCES,
    UNIVERSITIES,
    Country,
    Family,
)

SEED = 2026
DUPLICATE_EVERY = 80  # person 7, 87, 167... is a second record of someone earlier


@dataclass(frozen=True)
class Job:
    title: str
    employer: str
    city: str
    start: date
    end: date | None  # None: the current job
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class Study:
    degree: str
    field: str
    institution: str
    start_year: int
    end_year: int


@dataclass(frozen=True)
class Resume:
    first_name: str
    last_name: str
    headline: str
    email: str
    phone: str  # as written on the resume
    phone_e164: str
    city: str  # "Berlin", "Chicago, IL"
    country: Country
    summary: str
    jobs: tuple[Job, ...]  # newest first
    education: tuple[Study, ...]
    skills: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]  # (language, level)
    certificates: tuple[tuple[str, int], ...]  # (name, year)
    linkedin: str = ""
    github: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def place(self) -> str:
        """How the resume says where the person lives: "Berlin, Germany", "Chicago, IL"."""
        if self.country.code in {"US", "CA", "SG"}:
            return self.city
        return f"{self.city}, {self.country.short}"


@dataclass(frozen=True)
class Person:
    """One record of the talent network: a resume and how the person came to the provider."""

    index: int
    resume: Resume
    family: Family
    level: str  # junior, mid, senior, lead
    specialism: str
    file_type: str  # "pdf" or "docx"
    layout: int  # 0, 1 or 2: which of the file type's layouts
    source: str  # a Candidate.Source value
    source_detail: str
    owner_role: str  # "recruiter", "sourcer", "coordinator", or "" for nobody yet
    tags: tuple[str, ...]
    days_ago: int  # when the person entered the talent network
    duplicate_of: int | None = None
    duplicate_reason: str = ""

    @property
    def filename(self) -> str:
        r = self.resume
        stem = ascii_fold(f"{r.first_name}_{r.last_name}").replace(" ", "_").replace(".", "")
        pattern = ("{stem}_CV", "CV_{stem}", "{stem}_Resume_{year}", "{lower}", "Resume - {name}")
        return (
            pattern[self.index % 5].format(
                stem=stem, lower=stem.lower(), name=ascii_fold(r.name), year=2025 + self.index % 2
            )
            + f".{self.file_type}"
        )


def people(count: int, *, today: date, seed: int = SEED) -> list[Person]:
    """The first `count` demo people, as of `today`."""
    out: list[Person] = []
    taken: set[str] = set()
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")  # noqa: S311 - made-up people, not secrets
        if index % DUPLICATE_EVERY == 7:
            p = _duplicate(index, rng, out[_original_of(index)])
        else:
            p = _person(index, rng, today=today, taken=taken)
        taken.update(_keys(p.resume))
        out.append(p)
    return out


def _keys(r: Resume) -> list[str]:
    keys = [f"name:{r.name.casefold()}", f"email:{r.email}", f"phone:{r.phone_e164}"]
    if r.linkedin:
        keys.append(f"linkedin:{r.linkedin.rsplit('/in/', 1)[-1]}")
    return keys


def _original_of(index: int) -> int:
    number = (index // DUPLICATE_EVERY) * 13 % max(1, index - 7)
    while number % DUPLICATE_EVERY == 7:
        number -= 1
    return number


def family_tag(family: Family) -> str:
    """The tag each person of a role family carries: "nursing", "human resources"."""
    return family.label.split(" and ")[0].lower()


def ascii_fold(text: str) -> str:
    """ "Jürgen Müller" -> "Jurgen Muller": how people type names into web forms."""
    special = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"}
    text = "".join(special.get(ch, ch) for ch in text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    keys = [k for k, w in weights.items() if w > 0]
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _last_names(text: str) -> list[str]:
    """The last names of a culture, keeping "de Jong" and "van den Berg" whole."""
    return re.findall(r"(?:(?:de|van|van den) )?\S+", text)


# --- One person ----------------------------------------------------------------------------------


def _person(index: int, rng: random.Random, *, today: date, taken: set[str]) -> Person:
    family = FAMILIES[_pick(rng, FAMILY_WEIGHTS)]
    weights = {k: w + family.countries.get(k, 0) for k, w in COUNTRY_WEIGHTS.items()}
    country = COUNTRIES[_pick(rng, weights)]
    culture = _pick(rng, country.cultures)
    female, male, last_names = NAMES[culture]
    firsts = (female if rng.random() < 0.5 else male).split()
    for _ in range(20):
        first, last = rng.choice(firsts), rng.choice(_last_names(last_names))
        if f"name:{first} {last}".casefold() not in taken:
            break
    city = rng.choice(country.cities)
    level = rng.choices(range(4), weights=LEVEL_WEIGHTS)[0]
    years = rng.randint(*LEVEL_YEARS[level])
    spec = rng.randrange(len(family.skills))
    if family.key == "nursing" and country.code == "DE" and rng.random() < 0.5:
        city, spec = "Berlin", 0  # the intensive care nurses the demo's hospital client wants
    common = [s for s in family.common if s not in family.skills[spec]]
    skills = (*family.skills[spec], *rng.sample(common, k=min(len(common), rng.randrange(2, 6))))
    jobs = _career(rng, family, level, spec, country, city, years, skills, today)
    education = _education(rng, family, level, country, graduated=jobs[-1].start.year)
    phone, e164 = _phone(rng, country)
    while f"phone:{e164}" in taken:
        phone, e164 = _phone(rng, country)
    email = _email(rng, first, last, jobs[-1].start.year - 21)
    while f"email:{email}" in taken:
        email = _email(rng, first, last, rng.randrange(1960, 2004))
    linkedin = _linkedin(rng, first, last) if rng.random() < 0.55 else ""
    while linkedin and f"linkedin:{linkedin.rsplit('/in/', 1)[-1]}" in taken:
        linkedin = _linkedin(rng, first, last, suffix=True)
    github = ""
    if family.key in {"software", "data"} and rng.random() < 0.5:
        github = f"https://github.com/{ascii_fold(first + last).lower().replace(' ', '')}{index}"
    current = jobs[0].end is None
    headline = jobs[0].title if current or rng.random() < 0.7 else family.titles[level][0]
    resume = Resume(
        first_name=first,
        last_name=last,
        headline=headline,
        email=email,
        phone=phone,
        phone_e164=e164,
        city=city,
        country=country,
        summary=_summary(rng, family, LEVELS[level], years, family.specialisms[spec], headline),
        jobs=jobs,
        education=education,
        skills=skills,
        languages=_languages(rng, culture, country),
        certificates=tuple(
            (name, min(today.year, jobs[-1].start.year + rng.randrange(1, max(2, years + 1))))
            for name in rng.sample(family.certificates, k=rng.choice((0, 1, 1, 2)))
        ),
        linkedin=linkedin,
        github=github,
    )
    return _network(index, rng, resume, family, LEVELS[level], family.specialisms[spec], today)


def _phone(rng: random.Random, country: Country) -> tuple[str, str]:
    """(as written, E.164) of a valid number in one of the country's patterns."""
    for _ in range(50):
        pattern = rng.choice(country.phones)
        national = "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)
        number = phonenumbers.parse(national, country.code)
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            style = rng.random()
            if style < 0.45:
                return national, e164
            if style < 0.9:
                international = phonenumbers.PhoneNumberFormat.INTERNATIONAL
                return phonenumbers.format_number(number, international), e164
            return e164, e164
    raise ValueError(f"no valid phone number in the patterns of {country.code}")


def _email(rng: random.Random, first: str, last: str, year: int) -> str:
    def plain(name: str) -> str:
        return re.sub(r"[^a-z]", "", ascii_fold(name).lower())

    f, last = plain(first), plain(last)
    local = rng.choice(
        (f"{f}.{last}", f"{f}{last}", f"{f[0]}{last}", f"{f}.{last}{year % 100:02d}",
         f"{last}.{f}", f"{f}_{last}", f"{f}{rng.randrange(1, 999)}")
    )  # fmt: skip
    domain = rng.choice(
        ("example.com", "example.org", "example.net", "mail.example", "inbox.example")
    )
    return f"{local}@{domain}"


def _linkedin(rng: random.Random, first: str, last: str, *, suffix: bool = False) -> str:
    handle = re.sub(r"[^a-z]+", "-", ascii_fold(f"{first} {last}").lower()).strip("-")
    if suffix or rng.random() < 0.6:
        handle += "-" + "".join(rng.choice("0123456789abcdef") for _ in range(rng.choice((6, 8))))
    prefix = rng.choice(
        ("https://www.linkedin.com/in/", "linkedin.com/in/", "https://linkedin.com/in/")
    )
    return prefix + handle


def _fill(rng: random.Random, template: str, skills: tuple[str, ...], today: date) -> str:
    low = rng.randrange(20, 50)
    money = rng.choice(("£", "€", "$"))
    return template.format(
        skill=rng.choice(skills[:4]), n=rng.randrange(2, 9), team=rng.randrange(3, 13),
        pct=rng.randrange(10, 46), big=rng.choice(("200k", "1.5m", "3m", "40,000", "12m")),
        low=low, high=low + rng.randrange(25, 45), sla=rng.choice(("99.9", "99.95", "98")),
        icu=rng.choice((1, 2)), beds=rng.choice((18, 24, 28, 32)), days=rng.randrange(3, 6),
        days2=rng.randrange(8, 12), year=today.year, money=f"{money}{rng.randrange(2, 9)}00k",
        money2=f"{money}{rng.randrange(1, 4)}.{rng.randrange(10)}m",
        hires=rng.randrange(40, 160), csat=rng.randrange(88, 98),
    )  # fmt: skip


def _career(
    rng: random.Random, family: Family, level: int, spec: int, country: Country, city: str,
    years: int, skills: tuple[str, ...], today: date,
) -> tuple[Job, ...]:  # fmt: skip
    """One to five jobs, newest first, over about `years` years, the last one at `level`."""
    now = today.year * 12 + today.month - 1  # months since year 0
    end = now - (rng.randrange(1, 8) if rng.random() < 0.15 else 0)  # some are between jobs
    start = now - years * 12 - rng.randrange(3, 12)
    count = max(1, min(5, 1 + years // 3 + rng.choice((-1, 0, 0, 1)), (end - start) // 9))
    shares = [rng.uniform(0.6, 1.6) for _ in range(count)]
    employers = list(family.employers)
    rng.shuffle(employers)
    jobs: list[Job] = []
    first = start
    for k in range(count):  # oldest first
        share = int((end - start) * shares[k] / sum(shares))
        last = end if k == count - 1 else min(end, first + max(6, share))
        job_level = max(0, level - (count - k) // 2)
        titles = family.titles[job_level]
        title = titles[(spec + k) % len(titles)]
        if family.key == "nursing" and spec == 0 and rng.random() < 0.7:
            title = ICU_TITLES.get(title, title)
        bullets = rng.sample(family.bullets, k=min(len(family.bullets), rng.randrange(2, 5)))
        jobs.append(
            Job(
                title=title,
                employer=employers[k % len(employers)],
                city=city if k >= count - 2 else rng.choice(country.cities),
                start=date(first // 12, first % 12 + 1, 1),
                end=None if last == now else date(last // 12, last % 12 + 1, 1),
                bullets=tuple(_fill(rng, b, skills, today) for b in bullets),
            )
        )
        first = last + (1 if rng.random() < 0.7 else rng.randrange(2, 5))
        if first >= end:
            break
    return tuple(reversed(jobs))


def _education(
    rng: random.Random, family: Family, level: int, country: Country, *, graduated: int
) -> tuple[Study, ...]:
    graduated -= rng.choice((0, 0, 1))
    local = rng.random() < 0.8
    universities = UNIVERSITIES[country.code] if local else rng.choice(list(UNIVERSITIES.values()))
    degree, subject = rng.choice(family.degrees)
    studies = [Study(degree, subject, rng.choice(universities), graduated - 3, graduated)]
    masters = [d for d in family.degrees if d[0].startswith(("M", "PhD")) and d[0] != degree]
    if level >= 2 and masters and not degree.startswith("M") and rng.random() < 0.3:
        degree, subject = rng.choice(masters)
        university = rng.choice(universities)
        studies.insert(0, Study(degree, subject, university, graduated + 1, graduated + 2))
    return tuple(studies)


def _summary(
    rng: random.Random, family: Family, level: str, years: int, specialism: str, title: str
) -> str:
    adjective = {"junior": "Motivated", "mid": "Reliable", "senior": "Experienced",
                 "lead": "Seasoned"}[level]  # fmt: skip
    experience = (
        f"{years} years of experience in {family.domain}"
        if years > 1
        else f"a first year of experience in {family.domain}"
    )
    article = "an" if title[0] in "AEIOU" or title.startswith("HR ") else "a"
    first = rng.choice(
        (
            f"{adjective} {title} with {experience}.",
            f"{title} with {experience}, most recently in {specialism}.",
            f"I am {article} {title} with {experience}.",
        )
    )
    second = rng.choice(
        (
            "Known for calm judgement under pressure and for bringing people with me.",
            "I like measurable goals, clear ownership and teams that say what they think.",
            "Comfortable working across teams, time zones and languages.",
            "Happiest where the work is hands-on and the results are visible.",
        )
    )
    third = rng.choice(
        (
            "Looking for a permanent role with room to grow.",
            "Open to relocation within Europe.",
            "Available at one month's notice.",
            "",
        )
    )
    return " ".join(s for s in (first, second, third) if s)


def _languages(rng: random.Random, culture: str, country: Country) -> tuple[tuple[str, str], ...]:
    out = [(CULTURE_LANGUAGE[culture], "native")]
    for language in (*country.languages, "English"):
        if language not in {lang for lang, _ in out}:
            out.append((language, rng.choice(("fluent", "fluent", "professional", "C1", "B2"))))
    if rng.random() < 0.3:
        extra = rng.choice(("French", "German", "Spanish", "Italian", "Dutch", "Polish"))
        if extra not in {lang for lang, _ in out}:
            out.append((extra, rng.choice(("basic", "intermediate", "B1", "conversational"))))
    return tuple(out)


def _network(
    index: int, rng: random.Random, resume: Resume, family: Family, level: str, specialism: str,
    today: date,
) -> Person:  # fmt: skip
    """How the person came to the provider: source, owner, tags, when."""
    source = _pick(rng, {k: v[0] for k, v in SOURCES.items()})
    _, details, owners = SOURCES[source]
    tags = [family_tag(family), specialism]
    if level in {"senior", "lead"}:
        tags.append("senior")
    if level == "junior" and resume.jobs[-1].start.year >= today.year - 2:
        tags.append("graduate")
    if resume.city == "Berlin":
        tags.append("Berlin")
    for tag, chance in GENERAL_TAGS:
        if rng.random() < (0.2 if tag == "night shifts" and family.key == "nursing" else chance):
            tags.append(tag)
    if any(lang == "German" for lang, _ in resume.languages) and resume.country.code != "DE":
        tags.append("German speaker")
    return Person(
        index=index,
        resume=resume,
        family=family,
        level=level,
        specialism=specialism,
        file_type="pdf" if rng.random() < 0.52 else "docx",
        layout=rng.randrange(3),
        source=source,
        source_detail=rng.choice(details),
        owner_role=rng.choice(owners),
        tags=tuple(dict.fromkeys(tags)),
        # More people joined lately than two years ago: a growing talent network
        days_ago=int(730 * rng.random() ** 1.6),
    )


def _duplicate(index: int, rng: random.Random, original: Person) -> Person:
    """A second record of `original`, as when someone applies again: same e-mail, LinkedIn
    profile or phone, the name written a little differently, another file, a later date."""
    r = original.resume
    reason = rng.choice(("same e-mail", "same LinkedIn profile", "same phone"))
    if reason == "same LinkedIn profile" and not r.linkedin:
        reason = "same e-mail"
    first, last = r.first_name, r.last_name
    if NICKNAMES.get(first, first) != first:
        first = NICKNAMES[first]
    elif ascii_fold(r.name) != r.name:
        first, last = ascii_fold(first), ascii_fold(last)
    else:
        first = f"{first} {rng.choice('ABCDEJKLMRS')}."
    resume = replace(r, first_name=first, last_name=last)
    if reason != "same e-mail":
        employer = re.sub(r"[^a-z]", "", r.jobs[0].employer.split()[0].lower())
        local = re.sub(r"[^a-z.]", "", ascii_fold(f"{r.first_name[0]}.{r.last_name}").lower())
        resume = replace(resume, email=f"{local}@{employer}.example")
    if reason == "same LinkedIn profile":
        phone, e164 = _phone(rng, r.country)  # a new job, a new number
        resume = replace(resume, phone=phone, phone_e164=e164)
    return replace(
        original,
        index=index,
        resume=resume,
        file_type="docx" if original.file_type == "pdf" else "pdf",
        layout=(original.layout + 1) % 3,
        source=rng.choice(("job_board", "careers_site")),
        source_detail=rng.choice(("Indeed", "LinkedIn Jobs", "StepStone")),
        days_ago=max(0, original.days_ago - rng.randrange(20, 200)),
        duplicate_of=original.index,
        duplicate_reason=reason,
    )
