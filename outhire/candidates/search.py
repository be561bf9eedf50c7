"""Full-text search over candidates: one interface, SQLite FTS5 or PostgreSQL full-text search.

The text searched is `Candidate.search_text` (profile, skills, tags and resume text, kept up to
date by `services.candidate_reindex`). SQLite indexes it in an FTS5 table kept in sync by
triggers; PostgreSQL in a stored, generated tsvector column with a GIN index. Both are created
by `ensure_search_schema` after every migrate, idempotently, because a later migration of the
candidates table may rebuild it (on SQLite) and drop its triggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape

from outhire.candidates.models import Candidate

MARK_START, MARK_END = "\x02", "\x03"
MAX_COUNT = 10_000  # beyond this the total reads "10,000+": counting all matches costs time

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


@dataclass
class SearchFilters:
    skills: list[str] = field(default_factory=list)
    location: str = ""
    tags: list[str] = field(default_factory=list)
    pool_id: int | None = None
    active_since: date | None = None

    def apply(self, queryset: QuerySet) -> QuerySet:
        for skill in self.skills:
            queryset = queryset.filter(
                profile_entries__kind="skill",
                profile_entries__hidden=False,
                profile_entries__name__iexact=skill,
            )
        if self.location:
            queryset = queryset.filter(location__icontains=self.location)
        for tag in self.tags:
            queryset = queryset.filter(tags__name__iexact=tag)
        if self.pool_id:
            queryset = queryset.filter(pool_memberships__pool_id=self.pool_id)
        if self.active_since:
            queryset = queryset.filter(last_activity_at__date__gte=self.active_since)
        return queryset


@dataclass
class Hit:
    candidate: Candidate
    snippet: str  # safe HTML: escaped text with <mark> around the matched words
    rank: float


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    total_is_capped: bool


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
) -> SearchPage:
    """Rank the candidates of `base` (already scoped to the caller) that match `query`.

    Without query words, the filtered candidates come by last activity. The snippet shows
    where the words matched; a page costs a fixed number of queries.
    """
    queryset = (filters or SearchFilters()).apply(base.active()).distinct()
    if queryset.query.is_empty():  # a caller who may see no candidates at all
        return SearchPage([], 0, False)
    words = terms(query)
    if not words:
        total = queryset.count()
        page = list(queryset.order_by("-last_activity_at", "-id")[offset : offset + limit])
        return SearchPage([Hit(c, "", 0.0) for c in page], total, False)
    # The scope is Django's own SQL with its parameters kept apart, so it is safe to embed.
    scope_sql, scope_params = queryset.order_by().values("id").query.sql_with_params()
    if connection.vendor == "sqlite":
        rows, total = _sqlite(words, scope_sql, scope_params, limit, offset)
    elif connection.vendor == "postgresql":
        rows, total = _postgres(words, scope_sql, scope_params, limit, offset)
    else:
        raise ImproperlyConfigured(
            f"Full-text search needs SQLite or PostgreSQL, not {connection.vendor}"
        )
    by_id = Candidate.objects.in_bulk([row[0] for row in rows])
    hits = [
        Hit(by_id[pk], _highlight(snippet or ""), float(rank))
        for pk, rank, snippet in rows
        if pk in by_id
    ]
    return SearchPage(hits, min(total, MAX_COUNT), total >= MAX_COUNT)


def _sqlite(words, scope_sql, scope_params, limit, offset):
    match = _fts5_query(words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, rank, snippet(candidates_fts, 0, %s, %s, '…', 16) "  # noqa: S608 (Django-compiled scope)
            "FROM candidates_fts WHERE candidates_fts MATCH %s "
            f"AND rowid IN ({scope_sql}) ORDER BY rank LIMIT %s OFFSET %s",
            [MARK_START, MARK_END, match, *scope_params, limit, offset],
        )
        rows = [(pk, -rank, snippet) for pk, rank, snippet in cursor.fetchall()]
        cursor.execute(
            "SELECT count(*) FROM (SELECT rowid FROM candidates_fts WHERE candidates_fts "  # noqa: S608 (Django-compiled scope)
            f"MATCH %s AND rowid IN ({scope_sql}) LIMIT %s)",
            [match, *scope_params, MAX_COUNT],
        )
        total = cursor.fetchone()[0]
    return rows, total


def _postgres(words, scope_sql, scope_params, limit, offset):
    tsquery = _tsquery(words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, ts_rank(c.search_vector, q) AS rank FROM candidates_candidate c, "  # noqa: S608 (Django-compiled scope)
            "to_tsquery('english', %s) q WHERE c.search_vector @@ q "
            f"AND c.id IN ({scope_sql}) ORDER BY rank DESC, c.id LIMIT %s OFFSET %s",
            [tsquery, *scope_params, limit, offset],
        )
        ranked = cursor.fetchall()
        snippets = {}
        if ranked:
            # ts_headline re-reads the text, so only for the rows on this page.
            cursor.execute(
                "SELECT id, ts_headline('english', search_text, to_tsquery('english', %s), "
                "%s) FROM candidates_candidate WHERE id = ANY(%s)",
                [
                    tsquery,
                    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, "
                    'MinWords=12, MaxFragments=2, FragmentDelimiter=" … "',
                    [pk for pk, _ in ranked],
                ],
            )
            snippets = dict(cursor.fetchall())
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM candidates_candidate c WHERE c.search_vector "  # noqa: S608 (Django-compiled scope)
            f"@@ to_tsquery('english', %s) AND c.id IN ({scope_sql}) LIMIT %s) found",
            [tsquery, *scope_params, MAX_COUNT],
        )
        total = cursor.fetchone()[0]
    return [(pk, rank, snippets.get(pk, "")) for pk, rank in ranked], total
