"""Languages: which ones Outhire speaks, to whom, and how a request picks one (docs/translating.md).

Candidates read the careers site, the apply form, e-mails, the portal, booking pages, offer
letters and surveys in any language of `settings.LANGUAGES`; staff pages are translated in
`STAFF_LANGUAGES` only (a staff page half in French would be worse than one in English).

How a request's language is chosen (`LanguageMiddleware`):
- a careers page names it in its URL (`/de/careers/acme/`; unprefixed is the default language),
  so each language has its own address for search engines' hreflang and for the page cache;
- a signed-in person reads staff pages in `User.language`, else in their browser's language
  when it is a staff language;
- a page reached by a candidate's link (portal, booking, offer, survey, assessment) switches
  to the candidate's language in the view, with `activate_for_candidate`, once it knows who.
E-mails are written in the reader's language with `translation.override(candidate_language(c))`.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import trans_real

from outhire.lib import pure_i18n

# The languages the staff interface is fully translated into (a test checks the catalogues).
STAFF_LANGUAGES = ("en-gb", "de")

# Templates and Python modules a candidate (or a new hire, a referrer, a talent-community
# member) reads. `outhire i18n-check` fails if one of these templates has text outside a
# translation tag, or if a message they use is untranslated in any language of LANGUAGES.
CANDIDATE_TEMPLATES = (
    "outhire/templates/400.html",
    "outhire/templates/403.html",
    "outhire/templates/404.html",
    "outhire/templates/500.html",
    "outhire/templates/_messages.html",
    "outhire/templates/forms/*",
    "outhire/careers/templates/careers/_*.html",
    "outhire/careers/templates/careers/apply*",
    "outhire/careers/templates/careers/board.html",
    "outhire/careers/templates/careers/candidate_page.html",
    "outhire/careers/templates/careers/job.html",
    "outhire/careers/templates/careers/not_found.html",
    "outhire/careers/templates/careers/site.html",
    "outhire/careers/templates/careers/site_base.html",
    "outhire/portal/templates/portal/*",
    "outhire/community/templates/community/confirm*.html",
    "outhire/community/templates/community/join*.html",
    "outhire/community/templates/community/link_invalid.html",
    "outhire/community/templates/community/unsubscribe*.html",
    "outhire/interviews/templates/interviews/schedule*.html",
    "outhire/interviews/templates/interviews/_slots.html",
    "outhire/interviews/templates/interviews/_zone_picker.html",
    "outhire/interviews/templates/interviews/email/_when.txt",
    "outhire/interviews/templates/interviews/email/_where.txt",
    "outhire/interviews/templates/interviews/email/booking_link.txt",
    "outhire/interviews/templates/interviews/email/candidate_*.txt",
    "outhire/interviews/templates/interviews/email/reminder.txt",
    "outhire/offers/templates/offers/respond.html",
    "outhire/offers/templates/offers/email/offer.txt",
    "outhire/analytics/templates/analytics/survey_answer.html",
    "outhire/analytics/templates/analytics/survey_thanks.html",
    "outhire/analytics/templates/analytics/survey_unsubscribe.html",
    "outhire/analytics/templates/analytics/email/survey.txt",
    "outhire/screening/templates/screening/assessment_take*.html",
    "outhire/screening/templates/screening/email/assessment.txt",
    "outhire/preboarding/templates/preboarding/welcome.html",
    "outhire/preboarding/templates/preboarding/email/welcome.txt",
    "outhire/preboarding/templates/preboarding/email/reminder_new_hire.txt",
    "outhire/pipeline/templates/pipeline/email/message.html",
    # A client's employee referring someone they know.
    "outhire/referrals/templates/referrals/referral_form.html",
)
# Modules that also hold staff messages are left out (the check would ask for staff messages in
# every language); their candidate messages are translated all the same, and the tests of each
# app render its candidate pages and e-mails in another language.
CANDIDATE_MODULES = (
    "outhire/lib/formatting.py",
    "outhire/lib/forms.py",
    "outhire/lib/i18n.py",
    "outhire/careers/views.py",
    "outhire/careers/jobdata.py",
    "outhire/careers/apply/*.py",
    "outhire/portal/*.py",
    "outhire/community/forms.py",
    "outhire/community/views.py",
    "outhire/privacy/self_id.py",
    "outhire/privacy/notices.py",
    "outhire/privacy/export.py",
    "outhire/community/services.py",
    "outhire/analytics/surveys.py",
)


def language_codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def language_name(code: str) -> str:
    """A language's name in itself ("Deutsch"), as a switcher shows it."""
    return dict(settings.LANGUAGES).get(code, code)


def language_name_translated(code: str) -> str:
    """A language's name in the reader's language ("Englisch" to a German reader): how staff
    pages name the language of a candidate or of a text (a switcher names each in itself)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def supported(code: str | None, among: tuple[str, ...] | list[str] | None = None) -> str | None:
    """`code` as one of `among` (default: every language), matching "de-AT" to "de" and "en"
    or "en-US" to "en-gb"; None when none fits."""
    if not code:
        return None
    among = list(among) if among is not None else language_codes()
    code = code.lower()
    if code in among:
        return code
    base = code.split("-")[0]
    for candidate in among:
        if candidate == base or candidate.split("-")[0] == base:
            return candidate
    return None


def from_accept_language(header: str, among: tuple[str, ...] | list[str]) -> str | None:
    """The first language of an Accept-Language header that `among` has, by its q order."""
    for code, _quality in translation.trans_real.parse_accept_lang_header(header or ""):
        if code == "*":
            break
        found = supported(code, among)
        if found:
            return found
    return None


def candidate_language(candidate) -> str:
    """The language to write to a candidate in: the one they chose, else the default."""
    return supported(getattr(candidate, "language", "")) or settings.LANGUAGE_CODE


def user_language(user) -> str:
    """The language to write to a staff or client user in (e-mails, notifications)."""
    return supported(getattr(user, "language", ""), STAFF_LANGUAGES) or settings.LANGUAGE_CODE


def activate_for_candidate(request: HttpRequest, candidate) -> str:
    """Switch the rest of this request to the candidate's language (a page reached by their
    link): the one they chose, else the one the link names (`?lang=`), else their browser's,
    else the default. Undone after the
    response by LanguageMiddleware."""
    # Before sign-in the candidate is unknown: a link we sent (or the careers page) names the
    # language with ?lang=, which wins over the browser's.
    named = "" if candidate else request.GET.get("lang") or request.POST.get("lang", "")
    language = (
        supported(getattr(candidate, "language", "") if candidate else "")
        or supported(named)
        or from_accept_language(request.headers.get("Accept-Language", ""), language_codes())
        or settings.LANGUAGE_CODE
    )
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def without_empty_fallbacks(language_translation) -> None:
    """Unlink the catalogues of a language's fallback chain that hold no message, once.

    Python's gettext looks a message up in a chain of catalogues. Django's and its contrib apps'
    English catalogues are empty (their messages are English), yet each is a link of the chain
    for English and for every language that falls back to it: a page's ~450 lookups of words
    not in the active catalogue walked five links each (1 us of the ~3 us a lookup costs). A
    link with no message gives what the link after it gives, so the answers are the same.
    """
    if getattr(language_translation, "_outhire_lean", False):
        return
    link = language_translation
    while link is not None:
        after = link._fallback
        while (
            isinstance(after, gettext_module.GNUTranslations)
            and not isinstance(after, trans_real.DjangoTranslation)
            and not any(after._catalog.keys() - {""})  # only the header
        ):
            after = after._fallback
        link._fallback = after
        link = after
    language_translation._outhire_lean = True


CAREERS_PREFIX = "/careers/"
CAREERS_STAFF_PREFIX = "/careers/manage/"


class LanguageMiddleware:
    """Chooses the request's language (see the module's docstring) before the URL is resolved:
    a language-prefixed careers URL only resolves while its language is active."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        varies = False
        language = translation.get_language_from_path(request.path_info)
        path = request.path_info
        # Unprefixed public careers pages are the default language; their staff pages are
        # staff pages like any other.
        if (
            not language
            and path.startswith(CAREERS_PREFIX)
            and not path.startswith(CAREERS_STAFF_PREFIX)
        ):
            language = settings.LANGUAGE_CODE
        if not language:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.language:
                language = supported(user.language, STAFF_LANGUAGES)
            if not language:
                varies = True
                language = (
                    from_accept_language(
                        request.headers.get("Accept-Language", ""), STAFF_LANGUAGES
                    )
                    or settings.LANGUAGE_CODE
                )
        with translation.override(language):
            without_empty_fallbacks(trans_real.translation(language))
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", translation.get_language())
        if varies:
            patch_vary_headers(response, ("Accept-Language",))
        return response


# The pure domain modules translate through Django's gettext whenever Django runs.
pure_i18n.install(translation.gettext)
