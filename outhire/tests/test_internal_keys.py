"""No internal key reaches a person: the seeded demo's pages, read as each kind of person,
show words ("Careers site", "Share of first shortlists on time"), never the keys the code
stores (`careers_site`, `first_shortlist:share_met`).

The keys looked for are every stored choice key with an underscore (all model fields with
choices), the KPI and SLA keys of the dashboards, the notification kinds, the webhook event
names and the audit actions the seed wrote. Only the text a person reads is searched: not
attributes (URLs, ids, input values), not scripts and styles, not <code>/<kbd>/<samp>/<pre>
(where a technical name is shown on purpose, such as a webhook's event name beside its label).
A page is a link reached from the home page by following links, a few pages per URL shape.
"""

from __future__ import annotations

import re
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone

from outhire.demo.tests.helpers import seed
from outhire.portal.session import SESSION_KEY
from outhire.testing import shared_data

# Which words a page shows comes from the templates and the stored keys, the same on any
# database (that every page answers without a server error on PostgreSQL is the isolation
# sweep's check, which runs on both). So CI reads the pages once, on SQLite (`any_database`).
pytestmark = pytest.mark.any_database

# Tags whose text a person does not read as prose, or reads as a technical name on purpose
# (a textarea's text is an input's value, such as an offer letter's `$merge_fields`).
SKIPPED = {"script", "style", "code", "kbd", "samp", "pre", "template", "noscript", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
# Pages that are not for reading (downloads, feeds, sign-out) or change something on GET.
NOT_PAGES = re.compile(
    r"/(static|media|api)/|/logout/|\.(csv|pdf|ics|xml|json|zip|txt)$|/export|/download"
    r"|/feed|/calendar/|/files?/|/documents?/|/letter|/sign-out"
)
PAGES_PER_SHAPE = 2
MAX_PAGES = 260


class VisibleText(HTMLParser):
    """The text nodes outside SKIPPED elements, and the `<option>` labels (a person reads
    those too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in SKIPPED:
            self.hidden_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in SKIPPED:
                self.hidden_depth -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return parser.text()


class Page(VisibleText):
    """The visible text and the links to this site's pages, in one reading of the HTML (a
    second parser for the links took a tenth of the crawl)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.hrefs.append(href.split("#", 1)[0])
        super().handle_starttag(tag, attrs)


def internal_keys() -> set[str]:
    """The keys code stores and a person must never read."""
    keys: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for key, label in getattr(field, "flatchoices", None) or ():
                if isinstance(key, str) and "_" in key and str(label) != key:
                    keys.add(key)
    from outhire.accounts.models import AuditEvent
    from outhire.accounts.notifications import KINDS
    from outhire.analytics.labels import MEASURES
    from outhire.engagements.models import Engagement
    from outhire.webhooks.models import EVENTS

    keys |= set(KINDS) | set(MEASURES) | set(EVENTS)
    keys |= {f.name for f in Engagement._meta.get_fields() if f.name.startswith("sla_")}
    keys |= set(AuditEvent.objects.values_list("action", flat=True).distinct())
    # The SLA lines' keys of the monthly report's CSV (analytics/reports.py)
    keys |= {"first_shortlist:share_met", "fill:share_met"}
    # A key that is one plain word ("comment", "hires") reads as that word; only the
    # snake_case, dotted and colon keys are unmistakably code.
    return {k for k in keys if re.fullmatch(r"[a-z0-9]+([_.:][a-z0-9]+)+", k)}


def pattern_of(keys: set[str]) -> re.Pattern:
    words = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w.:/@$-])({words})(?![\w:/@-]|\.\w)")


def shape(path: str) -> str:
    """`/candidates/12/` and `/candidates/31/` are one page shape."""
    return re.sub(r"/[0-9a-f-]{6,}/|/\d+/", "/N/", urlsplit(path).path)


def crawl(client: Client, start: str, found: re.Pattern) -> tuple[dict[str, set[str]], int]:
    leaks: dict[str, set[str]] = {}
    seen_shapes: dict[str, int] = {}
    queue, visited = deque([start]), {start}
    read = 0
    while queue and read < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read += 1
        page = Page()
        page.feed(response.content.decode())
        for key in {m.group(1) for m in found.finditer(page.text())}:
            leaks.setdefault(key, set()).add(shape(path))
        for href in page.hrefs:
            if href in visited or NOT_PAGES.search(href):
                continue
            visited.add(href)
            if seen_shapes.get(shape(href), 0) >= PAGES_PER_SHAPE:
                continue
            seen_shapes[shape(href)] = seen_shapes.get(shape(href), 0) + 1
            queue.append(href)
    return leaks, read


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with shared_data(django_db_blocker, media):
        with TestCase.captureOnCommitCallbacks(execute=True):
            seed(candidates=12)
        mail.outbox.clear()
        yield media


def test_visible_text_leaves_out_code_attributes_and_scripts():
    html = (
        '<p title="careers_site">From the <a href="/x/careers_site/">careers site</a></p>'
        "<script>var careers_site = 1;</script><code>application.hired</code>"
        '<input value="careers_site"><select><option value="careers_site">Careers site</option>'
        "</select><p>careers_site</p>"
    )
    assert visible_text(html) == "From the careers site Careers site careers_site"
    found = pattern_of({"careers_site", "application.hired"})
    assert [m.group(1) for m in found.finditer(visible_text(html))] == ["careers_site"]
    # A key inside a longer word, a URL or an e-mail address is not a leak.
    assert not found.search("see /careers_site/ or careers_sites or x@careers_site.test")


# Each kind of person, crawled in turn in one test: the seeded demo is built once for all of
# them (a module's data is built again each time pytest-xdist moves a worker between modules).
PEOPLE = [
    "admin@northwind.demo",
    "recruiter@northwind.demo",
    "coordinator@northwind.demo",
    "client.admin@meridian.demo",
    "hiring.manager@meridian.demo",
]


def test_no_page_shows_an_internal_key(seeded, db, settings):
    """As each kind of person; then the careers sites and job board as anyone sees them, and
    the portal of a candidate with applications, interviews and offers."""
    from outhire.accounts.models import User
    from outhire.pipeline.models import Application

    settings.MEDIA_ROOT = seeded
    keys = internal_keys()
    assert {"careers_site", "first_shortlist:share_met"} <= keys
    found = pattern_of(keys)
    leaks_by_person = {}
    for email in PEOPLE:
        user = User.objects.get(email=email)
        if user.requires_2fa:
            # Past the two-factor set-up the middleware would send a provider admin to first.
            user.totp_confirmed_at = timezone.now()
            user.save(update_fields=["totp_confirmed_at"])
        client = Client()
        client.force_login(user)
        leaks, read = crawl(client, "/", found)
        assert read > 20, f"only {read} pages read as {email}: the crawl did not get far"
        if leaks:
            leaks_by_person[email] = leaks

    public, read_public = crawl(Client(), "/careers/", found)
    candidate = Application.objects.order_by("-stage__position").first().candidate
    client = Client()
    session = client.session
    session[SESSION_KEY] = {"c": candidate.pk, "seen": int(time.time()), "site": ""}
    session.save()
    portal, read_portal = crawl(client, "/me/", found)
    assert read_public > 5 and read_portal > 3, (read_public, read_portal)
    for who, leaks in [("anyone", public), ("a candidate", portal)]:
        if leaks:
            leaks_by_person[who] = leaks
    assert leaks_by_person == {}, "\n".join(
        f"{who}: {key}: {sorted(shapes)}"
        for who, leaks in leaks_by_person.items()
        for key, shapes in sorted(leaks.items())
    )
