"""The public careers pages and job feeds: no login, cached, constant queries.

Pages are rendered without the request (see cache.py): they show the same thing to everyone
and carry nothing personal. Absolute links use SITE_URL, never the request's Host header.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import timezone, translation
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from outhire.accounts.forms import LOGO_TYPES, MAX_LOGO_BYTES
from outhire.accounts.tenancy import public_page
from outhire.careers import feedxml, selectors
from outhire.careers.cache import BOARD, Rendered, cached_public
from outhire.careers.forms import JobSearchForm
from outhire.careers.jobdata import json_for_script, json_ld, readable_ink, xml_text
from outhire.careers.models import JobPosting
from outhire.lib.i18n import language_codes, language_name

PER_PAGE = 20
SEARCH_PARAMS = ("q", "location", "department", "remote", "page")
# Where a visitor came from, carried on to the apply form (source attribution).
TRACKING_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "src")
Channel = JobPosting.Channel


def _client_scope(slug: str, **kwargs) -> str:
    return slug


def _board_scope(**kwargs) -> str:
    return BOARD


def bcp47(code: str) -> str:
    """A language code as BCP 47 writes it ("en-gb" -> "en-GB"), for hreflang and JSON-LD."""
    base, _sep, region = code.partition("-")
    return f"{base}-{region.upper()}" if region else base


def site_languages(client) -> list[str]:
    """The languages a client's careers pages are offered in, the default first."""
    site = selectors.site_of(client) if client is not None else None
    return site.language_codes if site is not None else [settings.LANGUAGE_CODE]


def other_language(request: HttpRequest, codes: list[str]) -> HttpResponse | None:
    """A redirect (302) to this page in the site's default language when the URL's language
    is not one the site offers; None when it is."""
    if translation.get_language() in codes:
        return None
    return HttpResponseRedirect(translate_url(request.get_full_path(), codes[0]))


def language_links(request: HttpRequest, codes: list[str]) -> dict:
    """This page's address in each of `codes` (absolute, on SITE_URL): the head's hreflang
    links, the x-default (the first language's) and, when there are several, the switcher."""
    current = translation.get_language()
    alternates = [
        {
            "code": code,
            "hreflang": bcp47(code),
            "name": language_name(code),
            "url": selectors.absolute(translate_url(request.path, code)),
            "current": code == current,
        }
        for code in codes
    ]
    return {
        "alternates": alternates,
        "x_default": alternates[0]["url"] if alternates else "",
        "switcher": alternates if len(alternates) > 1 else [],
    }


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    body = render_to_string(
        "careers/not_found.html",
        {"message": message, "provider_name": settings.OUTHIRE_PROVIDER_NAME},
    )
    response = HttpResponse(body, status=404)
    response["Cache-Control"] = "no-cache"
    return response


def _tracking(request: HttpRequest) -> dict[str, str]:
    return {
        name: request.GET[name][:100]
        for name in TRACKING_PARAMS
        if request.GET.get(name, "").strip()
    }


def _job_list(request: HttpRequest, postings, *, board: bool) -> dict:
    """The search form, one page of jobs and the links to the other pages (5 queries)."""
    form = JobSearchForm(
        request.GET,
        locations=selectors.facet_values(postings, "location"),
        departments=[] if board else selectors.facet_values(postings, "department"),
    )
    filters = form.filters()
    found = selectors.filter_jobs(postings, **filters)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in filters.items() if v}

    def link(number: int) -> str:
        return "?" + urlencode({**query, "page": number})

    return {
        "form": form,
        "filtered": bool(query),
        "page": page,
        "jobs": [selectors.job_record(p) for p in page.object_list],
        "previous_link": link(page.previous_page_number()) if page.has_previous() else "",
        "next_link": link(page.next_page_number()) if page.has_next() else "",
    }


@public_page
@require_safe
@cached_public(_board_scope, params=SEARCH_PARAMS)
def board(request: HttpRequest) -> Rendered:
    """The provider's own job board: every client's jobs with a live provider_board posting."""
    postings = selectors.live_postings(channel=Channel.PROVIDER_BOARD)
    context = _job_list(request, postings, board=True)
    context.update(
        provider_name=settings.OUTHIRE_PROVIDER_NAME,
        site_url=settings.SITE_URL,
        # The provider's board speaks every language; each has its own address.
        languages=language_links(request, language_codes()),
        tracking="?" + urlencode({"utm_source": "provider_board", "utm_medium": "job_board"}),
    )
    until = selectors.next_change()
    return Rendered(render_to_string("careers/board.html", context), until=until)


def _site_context(client) -> dict:
    site = selectors.site_of(client)
    return {
        "client": client,
        "site": site,
        "provider_name": settings.OUTHIRE_PROVIDER_NAME,
        "site_url": settings.SITE_URL,
    }


def site_page(
    request: HttpRequest, client, *, preview: bool = False, languages: dict | None = None
) -> Rendered:
    """A client's site page; `preview` marks it so for those editing it."""
    postings = selectors.live_postings(channel=Channel.CAREERS, client=client)
    context = {**_site_context(client), **_job_list(request, postings, board=False)}
    context["preview"] = preview
    context["languages"] = languages or {}
    until = selectors.next_change(client=client)
    return Rendered(render_to_string("careers/site.html", context), until=until)


@public_page
@require_safe
@cached_public(_client_scope, params=SEARCH_PARAMS)
def site(request: HttpRequest, slug: str):
    """A client's careers site: its brand, and its jobs live on the careers channel."""
    client = selectors.public_client(slug)
    if client is None:
        return not_found(request, _("There is no careers site at this address."))
    codes = site_languages(client)
    moved = other_language(request, codes)
    if moved is not None:
        return moved
    return site_page(request, client, languages=language_links(request, codes))


def _share_links(job, title: str) -> list[tuple[str, str, bool]]:
    """(label, address, opens a new tab) of each place to share the job."""

    def tagged(source: str) -> str:
        return job.url + "?" + urlencode({"utm_source": source, "utm_medium": "social"})

    return [
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": tagged("linkedin_share")}),
            True,
        ),
        (
            "X",
            "https://twitter.com/intent/tweet?" + urlencode({"url": tagged("x"), "text": title}),
            True,
        ),
        (
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": tagged("facebook")}),
            True,
        ),
        (
            _("E-mail"),
            f"mailto:?subject={quote(title)}&body={quote(title + chr(10) + tagged('email'))}",
            False,
        ),
    ]


def _apply_url(slug: str, requisition_id: int, tracking: dict[str, str]) -> str:
    """The apply form's address (careers:apply, the apply flow's URL), with the tracking kept."""
    try:
        url = reverse("careers:apply", kwargs={"slug": slug, "requisition_id": requisition_id})
    except NoReverseMatch:
        return ""
    return url + ("?" + urlencode(tracking) if tracking else "")


@public_page
@require_safe
@cached_public(_client_scope, params=TRACKING_PARAMS)
def job(request: HttpRequest, slug: str, requisition_id: int):
    """One job: its description, facts, apply button, share links and JSON-LD."""
    client = selectors.public_client(slug)
    posting = selectors.job_posting_for_page(client, requisition_id) if client else None
    if posting is None:
        return not_found(request, _("This job is not open, or it was never published here."))
    codes = site_languages(client)
    moved = other_language(request, codes)
    if moved is not None:
        return moved
    record = selectors.job_record(posting)
    title = _("%(title)s at %(company)s") % {"title": record.title, "company": client.name}
    language = bcp47(translation.get_language())
    context = {
        **_site_context(client),
        "languages": language_links(request, codes),
        "job": record,
        "requisition": posting.requisition,
        "apply_url": _apply_url(slug, requisition_id, _tracking(request)),
        "share_links": _share_links(record, title),
        "json_ld": mark_safe(json_for_script(json_ld(record, language=language))),  # noqa: S308 (escaped JSON)
    }
    until = selectors.next_change(client=client)
    return Rendered(render_to_string("careers/job.html", context), until=until)


def _colour(value: str, default: str) -> str:
    """Only a #rrggbb colour reaches the stylesheet, whatever was stored."""
    return value if re.fullmatch(r"#[0-9a-fA-F]{6}", value or "") else default


@public_page
@require_safe
@cached_public(_client_scope)
def theme(request: HttpRequest, slug: str):
    """The client's colours as CSS custom properties (inline styles are refused by our CSP)."""
    client = selectors.public_client(slug)
    if client is None:
        return not_found(request, _("There is no careers site at this address."))
    brand = _colour(client.primary_colour, "#1f4e79")
    accent = _colour(client.accent_colour, "#f0b429")
    body = render_to_string(
        "careers/theme.css",
        {
            "brand": brand,
            "brand_ink": readable_ink(brand),
            "accent": accent,
            "accent_ink": readable_ink(accent),
        },
    )
    return Rendered(body, content_type="text/css; charset=utf-8")


@public_page
@require_safe
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    """The client's logo, for its careers pages, job feeds and reports (the image itself is
    public: it is on the careers site). Only the three image types the branding form takes."""
    client = selectors.public_client(slug)
    if client is None or not client.logo:
        return not_found(request, _("There is no logo at this address."))
    try:
        with client.logo.open("rb") as handle:
            body = handle.read(MAX_LOGO_BYTES + 1)
    except OSError:
        return not_found(request, _("There is no logo at this address."))
    kind = next((k for magic, k in LOGO_TYPES.items() if body.startswith(magic)), None)
    if kind is None or len(body) > MAX_LOGO_BYTES or (kind == "webp" and body[8:12] != b"WEBP"):
        return not_found(request, _("There is no logo at this address."))
    response = HttpResponse(body, content_type=f"image/{kind}")
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- Feeds ------------------------------------------------------------------------------------

XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


def _feed_jobs(channel: str, client=None) -> list:
    postings = selectors.live_postings(channel=channel, client=client)
    return [selectors.job_record(p) for p in postings]


def _xml_feed(builder, channel: str, *, client=None, publisher: str, publisher_url: str):
    jobs = _feed_jobs(channel, client)
    tag = {"utm_source": channel, "utm_medium": "job_board"}
    jobs = [_tagged(j, tag) for j in jobs]
    body = builder(jobs, publisher=publisher, publisher_url=publisher_url, built_at=timezone.now())
    return Rendered(body, content_type=XML, until=selectors.next_change(client=client))


def _tagged(job, tag: dict[str, str]):
    return replace(job, url=job.url + "?" + urlencode(tag))


def _client_or_404(request: HttpRequest, slug: str):
    client = selectors.public_client(slug)
    return client, (None if client else not_found(request, _("There is no careers site here.")))


@public_page
@require_safe
@cached_public(_client_scope)
def indeed_feed(request: HttpRequest, slug: str):
    client, missing = _client_or_404(request, slug)
    if missing:
        return missing
    url = selectors.absolute(reverse("careers:site", kwargs={"slug": slug}))
    return _xml_feed(
        feedxml.indeed_xml, Channel.INDEED, client=client, publisher=client.name, publisher_url=url
    )


@public_page
@require_safe
@cached_public(_client_scope)
def linkedin_feed(request: HttpRequest, slug: str):
    client, missing = _client_or_404(request, slug)
    if missing:
        return missing
    url = selectors.absolute(reverse("careers:site", kwargs={"slug": slug}))
    return _xml_feed(
        feedxml.linkedin_xml,
        Channel.LINKEDIN,
        client=client,
        publisher=client.name,
        publisher_url=url,
    )


@public_page
@require_safe
@cached_public(_board_scope)
def board_indeed_feed(request: HttpRequest):
    return _xml_feed(
        feedxml.indeed_xml,
        Channel.INDEED,
        publisher=settings.OUTHIRE_PROVIDER_NAME,
        publisher_url=selectors.absolute(reverse("careers:board")),
    )


@public_page
@require_safe
@cached_public(_board_scope)
def board_linkedin_feed(request: HttpRequest):
    return _xml_feed(
        feedxml.linkedin_xml,
        Channel.LINKEDIN,
        publisher=settings.OUTHIRE_PROVIDER_NAME,
        publisher_url=selectors.absolute(reverse("careers:board")),
    )


def _rss(*, title: str, link: str, description: str, feed_url: str, jobs) -> str:
    feed = Rss201rev2Feed(
        title=xml_text(title),
        link=link,
        description=xml_text(description),
        feed_url=feed_url,
        language=bcp47(translation.get_language() or settings.LANGUAGE_CODE),
    )
    for record in jobs:
        facts = " · ".join(
            v for v in (record.company, record.location, record.department, record.salary_text) if v
        )
        feed.add_item(
            title=xml_text(f"{record.title} ({record.company})"),
            link=record.url,
            description=xml_text(f"<p>{escape(facts)}</p>{record.description_html}"),
            unique_id=record.partner_id,
            unique_id_is_permalink=False,
            pubdate=record.posted_at,
            categories=[xml_text(record.department)] if record.department else None,
        )
    return feed.writeString("utf-8")


@public_page
@require_safe
@cached_public(_client_scope)
def rss_feed(request: HttpRequest, slug: str):
    client, missing = _client_or_404(request, slug)
    if missing:
        return missing
    jobs = [
        _tagged(j, {"utm_source": "rss", "utm_medium": "feed"})
        for j in _feed_jobs(Channel.CAREERS, client)
    ]
    body = _rss(
        title=_("Jobs at %(company)s") % {"company": client.name},
        link=selectors.absolute(reverse("careers:site", kwargs={"slug": slug})),
        description=client.hero_text or _("Open jobs at %(company)s") % {"company": client.name},
        feed_url=selectors.absolute(reverse("careers:rss", kwargs={"slug": slug})),
        jobs=jobs,
    )
    return Rendered(body, content_type=RSS, until=selectors.next_change(client=client))


@public_page
@require_safe
@cached_public(_board_scope)
def board_rss_feed(request: HttpRequest):
    jobs = [
        _tagged(j, {"utm_source": "rss", "utm_medium": "feed"})
        for j in _feed_jobs(Channel.PROVIDER_BOARD)
    ]
    name = settings.OUTHIRE_PROVIDER_NAME
    body = _rss(
        title=_("Jobs on the %(provider)s board") % {"provider": name},
        link=selectors.absolute(reverse("careers:board")),
        description=_("Open jobs at the clients of %(provider)s") % {"provider": name},
        feed_url=selectors.absolute(reverse("careers:board_rss")),
        jobs=jobs,
    )
    return Rendered(body, content_type=RSS, until=selectors.next_change())
