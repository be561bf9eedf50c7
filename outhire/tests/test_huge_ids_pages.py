"""Every page URL with an integer in its path, given one past what the database holds.

Django's int converter takes any number of digits; a lookup with 2^64 raises OverflowError
on SQLite ("Python int too large to convert to SQLite INTEGER") and DataError on PostgreSQL
in queries Django does not guard (`__in`, slicing, inserts). Such an id names nothing: every
page must answer it with a 4xx (or a redirect), never a 500.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from outhire.testing import login
from outhire.tests import test_isolation_sweep as sweep
from outhire.tests.test_isolation_sweep import fill_parameters, named_patterns

# Client A's world of the isolation sweep: one of every object the URLs name
client_a_world = sweep.client_a_world

HUGE = 2**64


def _int_patterns(resolver=None, namespace="", converters=None):
    """(name, [int parameter names]) for every named pattern with an integer parameter."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        found = dict(converters or {})
        found.update(getattr(entry.pattern, "converters", {}) or {})
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _int_patterns(entry, inner, found)
        elif isinstance(entry, URLPattern) and entry.name:
            ints = [name for name, conv in found.items() if isinstance(conv, IntConverter)]
            if ints:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), ints


CASES = sorted((name, param) for name, params in _int_patterns() for param in params if name)


def test_it_finds_the_integer_urls():
    assert len(CASES) > 50


def test_it_never_answers_500_to_an_id_beyond_the_database_range(client, client_a_world, alice):
    from django.urls import reverse

    login(client, alice)
    params_of = {name: params for name, _route, params in named_patterns()}
    failures = []
    for name, param in CASES:
        values = fill_parameters(name, params_of[name], client_a_world)
        values[param] = HUGE
        url = reverse(name, kwargs=values)
        for method in ("get", "post"):
            try:
                status = getattr(client, method)(url).status_code
            except Exception as error:  # noqa: BLE001 (the test client re-raises a 500's error)
                failures.append(f"{method.upper()} {url}: {type(error).__name__}: {error}")
                continue
            if status >= 500:
                failures.append(f"{method.upper()} {url}: {status}")
    assert failures == [], "\n".join(failures)


# Pages that read an id from the query string or a form (filters, pickers, "show this column")
PARAMETER_CASES = [
    ("get", "screening:bias_audit", {"slug": "client"}, {"requisitions": HUGE}),
    ("get", "screening:bias_audit_csv", {"slug": "client"}, {"requisitions": HUGE}),
    ("get", "pipeline:board", {"requisition_id": "requisition"}, {"show": HUGE}),
    ("get", "pipeline:board", {"requisition_id": "requisition"}, {"owner": HUGE}),
    ("get", "candidates:candidate_list", {}, {"pool": HUGE}),
    ("get", "candidates:candidate_list", {}, {"owner": HUGE}),
    ("get", "costs:cost_list", {"slug": "client"}, {"requisition": HUGE}),
    (
        "post",
        "screening:requisition_matches_add",
        {"requisition_id": "requisition"},
        {"candidate": HUGE},
    ),
    ("post", "candidates:import_list", {}, {"ids": HUGE}),
    (
        "post",
        "requisitions:requisition_edit",
        {"requisition_id": "requisition"},
        {"title": "Platform engineer", "recruiters": HUGE},
    ),
]


def test_it_never_answers_500_to_a_parameter_beyond_the_database_range(
    client, client_a_world, alice
):
    from django.urls import NoReverseMatch, reverse

    login(client, alice)
    failures = []
    for method, name, kwargs, data in PARAMETER_CASES:
        values = {k: (v if k == "slug" else client_a_world[v].pk) for k, v in kwargs.items()}
        if "slug" in values:
            values["slug"] = client_a_world["client"].slug
        try:
            url = reverse(name, kwargs=values)
        except NoReverseMatch:
            failures.append(f"no URL {name}")
            continue
        try:
            status = getattr(client, method)(url, data).status_code
        except Exception as error:  # noqa: BLE001 (the test client re-raises a 500's error)
            failures.append(f"{method.upper()} {url} {data}: {type(error).__name__}: {error}")
            continue
        if status >= 500:
            failures.append(f"{method.upper()} {url} {data}: {status}")
    assert failures == [], "\n".join(failures)
