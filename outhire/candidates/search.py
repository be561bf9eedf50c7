"""Full-text search over candidates: one interface, SQLite FTS5 or PostgreSQL full-text search.

The text searched is `Candidate.search_text` (profile, skills, tags and resume text, kept up to
date by `services.candidate_reindex`). SQLite indexes it in an FTS5 table kept in sync by
triggers; PostgreSQL in a stored, generated tsvector column with a GIN index. Both are created
by `ensure_search_schema` after every migrate, idempotently, because a later migration of the
candidates table may rebuild it (on SQLite) and drop its triggers.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils.html import escape

from outhire.candidates.models import Candidate, PoolMembership, ProfileEntry
from outhire.candidates.spelling import default_speller
from outhire.screening import taxonomy

logger = logging.getLogger(__name__)

MARK_START, MARK_END = "\x02", "\x03"
MAX_COUNT = 10_000  # beyond this the total reads "10,000+": counting all matches costs time
# How long "more than MAX_COUNT match" is remembered for the same search (see _capped_count).
CAPPED_COUNT_SECONDS = 300

SQLITE_SCHEMA = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS candidates_fts USING fts5(search_text, "
    "content='candidates_candidate', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS candidates_fts_ai AFTER INSERT ON candidates_candidate BEGIN "
    "INSERT INTO candidates_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS candidates_fts_ad AFTER DELETE ON candidates_candidate BEGIN "
    "INSERT INTO candidates_fts(candidates_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS candidates_fts_au AFTER UPDATE OF search_text "
    "ON candidates_candidate BEGIN "
    "INSERT INTO candidates_fts(candidates_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO candidates_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
POSTGRES_SCHEMA = [
    "ALTER TABLE candidates_candidate ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(search_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS candidates_candidate_search_vector "
    "ON candidates_candidate USING gin (search_vector)",
]


# "Location contains" is LIKE '%...%', which no b-tree helps; a trigram index does. The indexed
# expression is exactly what Django writes for `location__icontains`.
POSTGRES_TRIGRAM_SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS candidates_candidate_location_trgm "
    "ON candidates_candidate USING gin ((UPPER(location::text)) gin_trgm_ops)",
]


def ensure_search_schema(using_connection=None) -> None:
    conn = using_connection or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'candidates_fts_a%'")
            triggers_before = cursor.fetchone()[0]
            for statement in SQLITE_SCHEMA:
                cursor.execute(statement)
            if triggers_before < 3:
                # Triggers were missing, so the index may have missed changes: rebuild it.
                cursor.execute("INSERT INTO candidates_fts(candidates_fts) VALUES ('rebuild')")
        elif conn.vendor == "postgresql":
            for statement in POSTGRES_SCHEMA:
                cursor.execute(statement)
            try:
                with transaction.atomic(using=conn.alias):
                    for statement in POSTGRES_TRIGRAM_SCHEMA:
                        cursor.execute(statement)
            except DatabaseError:
                # pg_trgm is a trusted extension, but a locked-down role may still be refused
                # it; the location filter then works without the index, only slower.
                logger.warning("pg_trgm unavailable: the location filter runs without an index")


@dataclass
class SearchFilters:
    skills: list[str] = field(default_factory=list)
    location: str = ""
    tags: list[str] = field(default_factory=list)
    pool_id: int | None = None
    active_since: date | None = None
    # Candidates with an active application to this client's requisitions (at this stage kind).
    # The caller checks the client is one it may see.
    client_id: int | None = None
    stage_kind: str = ""

    def apply(self, queryset: QuerySet) -> QuerySet:
        # Semi-joins (id IN subquery), not joins: a join could repeat a candidate and would need
        # DISTINCT, which makes the database de-duplicate the whole scope on every search.
        for skill in self.skills:
            # "MS Excel" finds those who wrote "Excel" or "Microsoft Excel": the taxonomy's name
            # for a skill joins its spellings; a skill it does not know is found as written
            known = taxonomy.canonical(skill)
            same_skill = Q(name__iexact=skill) | Q(skill=known) if known else Q(name__iexact=skill)
            queryset = queryset.filter(
                pk__in=ProfileEntry.objects.filter(
                    same_skill, kind=ProfileEntry.Kind.SKILL, hidden=False
                ).values("candidate_id")
            )
        if self.location:
            queryset = queryset.filter(location__icontains=self.location)
        for tag in self.tags:
            queryset = queryset.filter(
                pk__in=Candidate.tags.through.objects.filter(tag__name__iexact=tag).values(
                    "candidate_id"
                )
            )
        if self.pool_id:
            queryset = queryset.filter(
                pk__in=PoolMembership.objects.filter(pool_id=self.pool_id).values("candidate_id")
            )
        if self.active_since:
            queryset = queryset.filter(last_activity_at__date__gte=self.active_since)
        if self.client_id or self.stage_kind:
            from outhire.pipeline.models import Application

            applications = Application.objects.filter(status=Application.Status.ACTIVE)
            if self.client_id:
                applications = applications.filter(client_id=self.client_id)
            if self.stage_kind:
                applications = applications.filter(stage__kind=self.stage_kind)
            queryset = queryset.filter(pk__in=applications.values("candidate_id"))
        return queryset


@dataclass
class Hit:
    candidate: Candidate
    snippet: str  # safe HTML: escaped text with <mark> around the matched words
    rank: float  # higher is better; 0 when the page is not ordered by relevance


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    total_is_capped: bool
    # False when too many candidates match for relevance to mean anything (or there are no
    # words): the page is then ordered by last activity.
    by_relevance: bool = False
    # When nothing matched: the words with a misspelt one corrected ("pyhton" -> "python"),
    # from a fixed vocabulary (spelling.py), never from the candidates' text.
    did_you_mean: str | None = None


def terms(query: str) -> list[str]:
    """The words of a user's query, stripped of any search-engine syntax."""
    return re.findall(r"\w+", query.lower())[:12]


def _fts5_query(words: list[str]) -> str:
    # Every word must match; the last one also as a prefix, for search-as-you-type.
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def _tsquery(words: list[str]) -> str:
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def _highlight(raw: str) -> str:
    text = escape(" ".join(raw.split()))
    return text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def search_candidates(
    base: QuerySet,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = 25,
    offset: int = 0,
    contacts: bool = True,
) -> SearchPage:
    """Rank the candidates of `base` (already scoped to the caller) that match `query`.

    Without query words, the filtered candidates come by last activity. With words, the best
    matches come first, with a snippet showing where the words matched. When more than
    MAX_COUNT candidates match, the words are in most profiles and ranking them all would cost
    more than it tells, so the page comes by last activity (`by_relevance` is False) and the
    user is asked to narrow the search. A page costs a fixed number of queries. `contacts`:
    whether the hits come with their e-mail addresses and phones (decrypted; the list page does
    not show them).
    """
    queryset = (filters or SearchFilters()).apply(base.active())
    if queryset.query.is_empty():  # a caller who may see no candidates at all
        return SearchPage([], 0, False)
    words = terms(query)
    if not words:
        # Capped like a search's: counting every active candidate is a full scan.
        total = _capped_count(queryset)
        ids = queryset.order_by("-last_activity_at", "-id").values_list("id", flat=True)
        ranked = [(pk, 0.0) for pk in ids[offset : offset + limit]]
        return SearchPage(_hits(ranked, [], contacts), total, total >= MAX_COUNT)
    if connection.vendor == "sqlite":
        match = _fts5_query(words)
        matched = queryset.extra(  # noqa: S610 (constant SQL; the words are a parameter)
            # Joined, the full-text query runs once and each match is looked up by key.
            tables=["candidates_fts"],
            where=["candidates_fts.rowid = candidates_candidate.id", "candidates_fts MATCH %s"],
            params=[match],
            # FTS5's rank is bm25 negated (lower is better); turned round to match PostgreSQL.
            select={"relevance": "-candidates_fts.rank"},
        )
    elif connection.vendor == "postgresql":
        match = _tsquery(words)
        matched = queryset.extra(  # noqa: S610 (constant SQL; the words are a parameter)
            where=["candidates_candidate.search_vector @@ to_tsquery('english', %s)"],
            params=[match],
            select={
                "relevance": "ts_rank(candidates_candidate.search_vector, "
                "to_tsquery('english', %s))"
            },
            select_params=[match],
        )
    else:
        raise ImproperlyConfigured(
            f"Full-text search needs SQLite or PostgreSQL, not {connection.vendor}"
        )
    total = _capped_count(matched)
    capped = total >= MAX_COUNT
    if capped:
        ids = _broad_match(queryset, match).order_by("-last_activity_at", "-id")
        ranked = [(pk, 0.0) for pk in ids.values_list("id", flat=True)[offset : offset + limit]]
    else:
        ordered = matched.order_by("-relevance", "id").values_list("id", "relevance")
        ranked = [(pk, float(rank)) for pk, rank in ordered[offset : offset + limit]]
    hits = _hits(ranked, words, contacts)
    did_you_mean = default_speller().suggest(words) if not total else None
    return SearchPage(hits, total, capped, by_relevance=not capped, did_you_mean=did_you_mean)


def _capped_count(queryset: QuerySet) -> int:
    """How many rows `queryset` has, counted up to MAX_COUNT.

    Counting reads every matching row up to the cap (10,000 rows for a common word or the
    plain list: most of a page's database time at 100,000 candidates). Below the cap the
    count is exact and made each time. Reaching it, the answer ("more than 10,000") is kept for
    CAPPED_COUNT_SECONDS under the statement itself, which holds the caller's scope and every
    filter, so two searches share it only when they are the same search over the same rows;
    a word in 10,000 profiles will almost surely still be in as many a few minutes later.
    """
    counted = queryset.order_by().values("id")[:MAX_COUNT]
    sql, params = counted.query.sql_with_params()
    key = (
        "candidates.search.capped:"
        + hashlib.sha256(f"{connection.vendor}\n{sql}\n{params!r}".encode()).hexdigest()
    )
    if cache.get(key):
        return MAX_COUNT
    total = counted.count()
    if total >= MAX_COUNT:
        cache.set(key, True, CAPPED_COUNT_SECONDS)
    return total


def _broad_match(queryset: QuerySet, match: str) -> QuerySet:
    """The candidates matching `match`, for reading in another order than relevance."""
    if connection.vendor == "sqlite":
        # Read into a set once; the newest candidates are then checked against it until the
        # page is full. `+` keeps SQLite from walking the set instead, or, joined, from querying
        # FTS5 once per candidate.
        return queryset.extra(  # noqa: S610 (constant SQL; the words are a parameter)
            where=[
                "+candidates_candidate.id IN "
                "(SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH %s)"
            ],
            params=[match],
        )
    return queryset.extra(  # noqa: S610 (constant SQL; the words are a parameter)
        where=["candidates_candidate.search_vector @@ to_tsquery('english', %s)"], params=[match]
    )


SNIPPET_WORDS = 24
SNIPPET_SCAN = 200  # matches looked at for the best fragment; the rest cannot change much


def _snippets(words: list[str], candidates: list[Candidate]) -> dict[int, str]:
    """Where the words matched, for the rows of one page only, found here in linear time.

    Not SQLite's snippet() nor PostgreSQL's ts_headline(): both re-read the whole text of
    every row, and snippet() grows with the square of the matches (25 resumes of 200,000
    characters that are all the searched words took 143 s). Here each text is scanned once,
    up to SNIPPET_SCAN matches, and the fragment with the most distinct words wins.
    """
    if not candidates or not words:
        return {}
    pattern = _word_pattern(words)
    return {c.pk: _snippet(c.search_text, pattern) for c in candidates}


def _word_pattern(words: list[str]) -> re.Pattern:
    # A word's stem as the full-text engines see it, roughly: its first letters, so
    # "engineer" also marks "engineering". The last word is a prefix anyway.
    stems = sorted({w if len(w) <= 5 else w[: max(5, len(w) - 3)] for w in words}, key=len)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, reversed(stems))) + r")\w*", re.I)


def _snippet(text: str, pattern: re.Pattern) -> str:
    tokens = [(m.start(), m.end()) for m in itertools.islice(pattern.finditer(text), SNIPPET_SCAN)]
    if not tokens:
        return ""
    best, best_score = 0, -1
    for i, (start, _) in enumerate(tokens):
        # The distinct words within the window that starts at this match.
        window_end = _skip_words(text, start, SNIPPET_WORDS)
        found = {text[s:e].lower() for s, e in tokens[i:] if s < window_end}
        if len(found) > best_score:
            best, best_score = i, len(found)
        if i >= 40:  # the best fragment is almost always among the first
            break
    start = _back_words(text, tokens[best][0])
    end = _skip_words(text, start, SNIPPET_WORDS)
    fragment = text[start:end]
    marked = pattern.sub(lambda m: MARK_START + m.group(0) + MARK_END, fragment)
    return ("… " if start > 0 else "") + marked + (" …" if end < len(text) else "")


_WORD_RE = re.compile(r"\S+\s*")


def _skip_words(text: str, start: int, count: int) -> int:
    end = start
    for m in itertools.islice(_WORD_RE.finditer(text, start), count):
        end = m.end()
    return end


def _back_words(text: str, position: int) -> int:
    """Where a fragment starts: a few words before the match, never mid-word."""
    if position <= 40:
        return 0
    space = text.find(" ", position - 40, position)
    return position if space < 0 else space + 1


def _hits(ranked: list[tuple[int, float]], words: list[str], contacts: bool) -> list[Hit]:
    # What a result list shows of each candidate comes with the page, not row by row. The text
    # searched (up to 200,000 characters a row) is read with the row, once, for the snippets,
    # and only when there are words to show. Not read at all: what no list shows and would be
    # decrypted row by row (the address, the owner's 2FA secret) or should not travel (the
    # owner's password hash).
    candidates = Candidate.objects.select_related("owner").defer(
        "address", "owner__password", "owner__totp_secret"
    )
    if not words:
        candidates = candidates.defer("search_text")
    candidates = candidates.prefetch_related("tags", *(["contact_points"] if contacts else []))
    by_id = candidates.in_bulk([pk for pk, _ in ranked])
    snippets = _snippets(words, list(by_id.values()))
    return [
        Hit(by_id[pk], _highlight(snippets.get(pk) or ""), rank)
        for pk, rank in ranked
        if pk in by_id
    ]
