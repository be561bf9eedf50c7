"""Where an application came from: campaign tags, channel and referrer. Plain Python.

The careers site's links carry `utm_source`, `utm_medium` and `utm_campaign` (the Google
Analytics convention job boards and social tools use) or a short `?src=`. They map onto the
Candidate.Source vocabulary shared by every app: a job board's link becomes "job_board" with
the board's name as detail, a social network's "social", anything else "careers_site".
Referral links are not decided here: the referrals app listens to `application_submitted`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

JOB_BOARDS = {"indeed", "linkedin", "glassdoor", "monster", "ziprecruiter", "stepstone"}
SOCIAL_NETWORKS = {
    "facebook": "facebook",
    "fb": "facebook",
    "twitter": "x",
    "x": "x",
    "linkedin_share": "linkedin",
    "instagram": "instagram",
    "bluesky": "bluesky",
}
SOCIAL_MEDIUMS = {"social", "social-media", "social_media", "socialmedia"}
# The careers site's own boards: applying through them is the careers site itself.
OWN_BOARDS = {"careers", "careers_site", "provider_board"}
TAG_NAMES = ("utm_source", "utm_medium", "utm_campaign", "src")
TAG_LENGTHS = {"utm_source": 100, "utm_medium": 100, "utm_campaign": 200, "src": 100}
REFERRER_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Attribution:
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    src: str = ""
    referrer: str = ""

    @property
    def channel(self) -> tuple[str, str]:
        """(source, source_detail) of the application, from the tags."""
        return channel_of(self.utm_source or self.src, self.utm_medium)


def clean_tag(value: str, limit: int = 100) -> str:
    """A campaign tag as stored: printable, single-spaced, cut to the column's length."""
    text = "".join(ch for ch in str(value or "") if ch.isprintable())
    return " ".join(text.split())[:limit]


def tags_from(query: dict[str, str]) -> dict[str, str]:
    """The campaign tags of a query string (a mapping of its first values)."""
    return {name: clean_tag(query.get(name, ""), TAG_LENGTHS[name]) for name in TAG_NAMES}


def channel_of(source: str, medium: str = "") -> tuple[str, str]:
    """Map a `utm_source` (or `src`) and `utm_medium` to (Candidate.Source, detail).

    >>> channel_of("Indeed")
    ('job_board', 'indeed')
    >>> channel_of("twitter")
    ('social', 'x')
    >>> channel_of("newsletter", "social")
    ('social', 'newsletter')
    >>> channel_of("")
    ('careers_site', '')
    """
    key = clean_tag(source).casefold().replace(" ", "_").replace("-", "_")
    medium_key = clean_tag(medium).casefold()
    if key in JOB_BOARDS:
        return "job_board", key
    if key in SOCIAL_NETWORKS:
        return "social", SOCIAL_NETWORKS[key]
    if key and medium_key in SOCIAL_MEDIUMS:
        return "social", key[:200]
    if key in OWN_BOARDS:
        return "careers_site", "provider_board" if key == "provider_board" else ""
    return "careers_site", key[:200]


def clean_referrer(url: str, *, own_host: str = "") -> str:
    """The referring page without its query string or fragment (they may hold personal data).

    A referrer on our own site (`own_host`) is not an origin: it is the job page the candidate
    clicked "Apply" on, so it gives "".
    """
    text = clean_tag(url, 2000)
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return ""
    if own_host and parts.netloc.casefold() == own_host.casefold():
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))[:REFERRER_LENGTH]


def tags_of_own_referrer(url: str, *, own_host: str) -> dict[str, str]:
    """Campaign tags carried by our own job page's URL when the candidate clicked "Apply".

    Job boards link to the job page with their tags; the job page's Apply link may not pass
    them on, but the browser's Referer (same origin) still holds them.
    """
    try:
        parts = urlsplit(clean_tag(url, 2000))
    except ValueError:
        return {}
    if not own_host or parts.netloc.casefold() != own_host.casefold():
        return {}
    return tags_from(dict(parse_qsl(parts.query)))
