"""Who each row of an import is about: the evidence a row carries, and the people it points at.

Evidence is a key: `("ref", "bullhorn:12")` (the id in the other system), `("email", blind
index)`, `("phone", blind index)`, `("in", LinkedIn handle)`, or, for a row with none of these,
`("name", name, "location" or "current_employer", place)`. `Evidence.seen` maps each key to
the people it points at: a candidate id, a `Target` of the chunk being written (see
`identity`), an `Earlier` person of a dry run, or `ERASED`.

The rules (docs/import.md, "Matching"):

1. the other system's id decides when it is known;
2. an e-mail address or LinkedIn profile joins the row to its person, unless that person has
   a different id in the same system (two records there are two people);
3. a phone number, or a name with an employer or location, can be shared (a household, a
   switchboard, two John Smiths in London): it joins the row to its person only when the
   names agree and the ids do not differ.

A person set aside by rule 2 or 3 is a possible duplicate: the row makes (or joins) someone
else and the pair is reported for a person to resolve, never merged silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from outhire.candidates.imports.rows import Row
from outhire.candidates.models import Candidate, ContactPoint, ImportJob, linkedin_handle

# A person whose data was erased: never imported again
ERASED = "erased"
# Evidence that is about one person whatever the name on the row says
_STRONG_KEYS = {"ref", "email", "in"}
_KEY_LABELS = {
    "email": "e-mail address",
    "phone": "phone number",
    "in": "LinkedIn profile",
    "name": "name and employer or location",
}


@dataclass(eq=False)
class Earlier:
    """A person an earlier chunk of a dry run would add (nothing is written, so no id)."""

    row: int


@dataclass
class Identity:
    """What tells two people with the same phone apart: their name and their id elsewhere."""

    first: str
    last: str
    ref: str


class Evidence:
    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.seen: dict[tuple, tuple] = {}
        # Name and external ref of each person `seen` points at, kept up to date as rows
        # fill blanks (a ref claimed by one row conflicts with another row's different ref)
        self.identities: dict[object, Identity] = {}
        self.first_names: set[str] = set()

    def keys_of(self, row: Row, ref: str) -> set[tuple]:
        keys: set[tuple] = set()
        if ref:
            keys.add(("ref", ref))
        for email in row.emails:
            keys.add(("email", ContactPoint.index_of(ContactPoint.Kind.EMAIL, email)))
        for phone in row.phones:
            keys.add(("phone", ContactPoint.index_of(ContactPoint.Kind.PHONE, phone)))
        handle = linkedin_handle(row.values.get("linkedin_url", ""))
        if handle:
            keys.add(("in", handle))
        first = row.values.get("first_name", "")
        if not keys and first:
            # No evidence but a name: the same name with the same employer or location.
            name = name_key(first, row.values.get("last_name", ""))
            for kind in ("current_employer", "location"):
                place = row.values.get(kind, "").casefold().strip()
                if place:
                    keys.add(("name", name, kind, place))
                    self.first_names.add(first)
        return keys

    def match(self, row: Row, ref: str, keys: set[tuple]) -> tuple[set, dict]:
        """(the people the row is about, {a person set aside: why}) by the rules above."""
        if ref and self.seen.get(("ref", ref)):
            return set(self.seen[("ref", ref)]), {}  # the other system's id decides
        via: dict[object, set[str]] = {}
        for key in keys:
            for target in self.seen.get(key, ()):
                via.setdefault(target, set()).add(key[0])
        found, aside = set(), {}
        for target, kinds in via.items():
            reason = self.conflict(row, ref, target, kinds)
            if reason:
                aside[target] = reason
            else:
                found.add(target)
        return found, aside

    def conflict(self, row: Row, ref: str, target, kinds: set[str]) -> str:
        """Why the row is not about `target` although they share evidence; "" when it is."""
        identity = self.identities.get(target)
        if identity is None:
            return ""
        differences = []
        system = ref.partition(":")[0]
        if ref and identity.ref and identity.ref != ref and identity.ref.startswith(system + ":"):
            differences.append(f"a different id in {system}")
        if not kinds & _STRONG_KEYS and not same_name(
            row.values.get("first_name", ""),
            row.values.get("last_name", ""),
            identity.first,
            identity.last,
        ):
            differences.append("a different name")
        if not differences:
            return ""
        shared = " and ".join(_KEY_LABELS[k] for k in sorted(kinds) if k in _KEY_LABELS)
        return f"same {shared}, but {' and '.join(differences)}"

    def claim(self, target, row: Row, ref: str) -> None:
        """The row joins `target`: it fills the blanks of their identity, as of their record."""
        identity = self.identities.get(target)
        if identity is None:
            self.identities[target] = Identity(
                row.values.get("first_name", ""), row.values.get("last_name", ""), ref
            )
            return
        identity.first = identity.first or row.values.get("first_name", "")
        identity.last = identity.last or row.values.get("last_name", "")
        identity.ref = identity.ref or ref

    def point(self, keys: set[tuple], target) -> None:
        """These keys now point at `target` too (a shared phone may point at several)."""
        for key in keys:
            pointed = self.seen.get(key, ())
            if key[0] == "ref":
                self.seen[key] = (target,)
            elif not any(t is target for t in pointed):
                self.seen[key] = (*pointed, target)

    def replace(self, keys: set[tuple], target, marker) -> None:
        """A written target is known from now on by its id (`marker`), or not at all (None)."""
        identity = self.identities.pop(target, None)
        if marker is not None and identity is not None:
            self.identities[marker] = identity
        for key in keys:
            pointed = self.seen.get(key, ())
            self.seen[key] = tuple(
                marker if t is target else t
                for t in pointed
                if not (t is target and marker is None)
            )

    def look_up(self, wanted: set[tuple]) -> None:
        """Fill `seen` for these keys from the database: one query per kind of key."""
        found: dict[tuple, set] = {key: set() for key in wanted}
        by_kind: dict[str, list] = {}
        for key in wanted:
            by_kind.setdefault(key[0], []).append(key)
        if refs := [k[1] for k in by_kind.get("ref", [])]:
            # Each look-up is unordered and filters on its indexed column alone; merged and
            # erased records are told apart here. Given "not merged" too, SQLite's planner
            # may read every candidate for it, once per chunk.
            rows = (
                Candidate.objects.filter(external_ref__in=refs)
                .order_by()
                .values_list("external_ref", "pk", "merged_into_id", "anonymised_at")
            )
            for ref, pk, merged_into, anonymised in rows:
                if anonymised:
                    found[("ref", ref)].add(ERASED)
                else:
                    found[("ref", ref)].add(self.survivor(merged_into) if merged_into else pk)
        if indexes := [k[1] for k in by_kind.get("email", []) + by_kind.get("phone", [])]:
            points = (
                ContactPoint.objects.filter(value_index__in=indexes)
                .order_by()
                .values_list(
                    "kind",
                    "value_index",
                    "candidate_id",
                    "candidate__merged_into_id",
                    "candidate__anonymised_at",
                )
            )
            for kind, index, pk, merged_into, anonymised in points:
                if (kind, index) in found and merged_into is None and anonymised is None:
                    found[(kind, index)].add(pk)
        if handles := [k[1] for k in by_kind.get("in", [])]:
            people = (
                Candidate.objects.filter(linkedin__in=handles)
                .order_by()
                .values_list("linkedin", "pk", "merged_into_id", "anonymised_at")
            )
            for handle, pk, merged_into, anonymised in people:
                if merged_into is None and anonymised is None:
                    found[("in", handle)].add(pk)
        if by_kind.get("name"):
            firsts, self.first_names = self.first_names, set()
            people = (
                Candidate.objects.active()
                .filter(first_name__in=_case_variants(firsts))
                .order_by()
                .values_list("pk", "first_name", "last_name", "current_employer", "location")
            )
            for pk, first, last, employer, location in people:
                name = name_key(first, last)
                for kind, place in (("current_employer", employer), ("location", location)):
                    key = ("name", name, kind, place.casefold().strip())
                    if key in found:
                        found[key].add(pk)
        for key, targets in found.items():
            self.seen[key] = tuple(targets)
        unknown = {
            pk
            for targets in found.values()
            for pk in targets
            if isinstance(pk, int) and pk not in self.identities
        }
        if unknown:
            people = Candidate.objects.filter(pk__in=unknown).order_by()
            for pk, first, last, ref in people.values_list(
                "pk", "first_name", "last_name", "external_ref"
            ):
                self.identities[pk] = Identity(first, last, ref)

    def survivor(self, pk: int):
        """The candidate a merged record lives on in (merges chain), or ERASED."""
        for _ in range(20):
            row = Candidate.objects.filter(pk=pk).values_list("merged_into_id", "anonymised_at")
            merged_into, anonymised = row.first() or (None, None)
            if anonymised:
                return ERASED
            if merged_into is None:
                return pk
            pk = merged_into
        return pk


def name_key(first: str, last: str) -> str:
    return " ".join(f"{first} {last}".casefold().split())


def _case_variants(names: set[str]) -> list[str]:
    return sorted({v for n in names for v in (n, n.title(), n.upper(), n.lower())})


def _words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation: "Zoë-Ann O'Neil" -> zoe ann o neil."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return re.findall(r"[^\W_]+", plain)


def _same_word(one: list[str], other: list[str]) -> bool:
    if not one or not other:
        return True  # nothing to compare: no evidence of a different person
    a, b = one[0], other[0]
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def same_name(first: str, last: str, other_first: str, other_last: str) -> bool:
    """Could these be one person's name? The first word of the first names and the last
    word of the last names agree, or one is the other's initial ("G. Hopper", "Ada L.").
    Spellings that differ more ("Jon", "John") are left to a person: a possible duplicate."""
    return _same_word(_words(first)[:1], _words(other_first)[:1]) and _same_word(
        _words(last)[-1:], _words(other_last)[-1:]
    )
