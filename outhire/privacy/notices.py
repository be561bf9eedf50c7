"""The privacy notice an applicant reads on the apply form, chosen by the job's place.

Plain Python and gettext (the words come out in the active language, the page's): no models,
no requests, so the choice is tested on its own.

- EU and EEA countries: GDPR (Regulation (EU) 2016/679). The client is the controller, the
  provider its processor (Art. 28); the notice names the rights of Art. 15-21 and the right to
  complain to a supervisory authority (Art. 77), and how long the data is kept (Art. 13(2)(a)).
- GB: UK GDPR with the Data Protection Act 2018; complaints go to the ICO.
- US, California: the CCPA as amended by the CPRA, "notice at collection" (Cal. Civ. Code
  1798.100(a), 11 CCR 7012): the categories collected, why, how long they are kept, that they
  are not sold or shared, and the rights to know, delete, correct and limit. A job is in
  California when its country is "US" and its location names California (or "US-CA", the
  ISO 3166-2 code, is given as the country).
- Elsewhere (other US states included): a general notice.

Short and plain on purpose: the full privacy policy stays the client's and the provider's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

EU = frozenset((
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
))  # fmt: skip
# The EEA adds Iceland, Liechtenstein and Norway, where the GDPR applies too.
EEA = EU | {"IS", "LI", "NO"}

GDPR = "gdpr"
UK_GDPR = "uk_gdpr"
CCPA = "ccpa"
GENERAL = "general"

JURISDICTIONS = {
    GDPR: pgettext_lazy("privacy notice", "European Union and EEA (GDPR)"),
    UK_GDPR: pgettext_lazy(
        "privacy notice", "United Kingdom (UK GDPR and Data Protection Act 2018)"
    ),
    CCPA: pgettext_lazy("privacy notice", "California, United States (CCPA/CPRA)"),
    GENERAL: gettext_lazy("Other countries and US states"),
}

# "San Francisco, CA", "Los Angeles, California, US": the location names California.
_CALIFORNIA = re.compile(r"\bcalifornia\b|(?:^|,)\s*ca\s*(?:,|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Notice:
    jurisdiction: str  # GDPR, UK_GDPR, CCPA or GENERAL
    name: str  # the jurisdiction, as the applicant reads it
    title: str
    sections: tuple[tuple[str, str], ...]  # (heading, paragraph)


def jurisdiction(country: str, location: str = "") -> str:
    """Which notice applies to a job in `country` (ISO 3166-1 alpha-2, or "US-CA")."""
    code = (country or "").strip().upper()
    if code in {"US-CA"}:
        return CCPA
    if code in EEA:
        return GDPR
    if code in {"GB", "UK"}:
        return UK_GDPR
    if code == "US" and _CALIFORNIA.search(location or ""):
        return CCPA
    return GENERAL


def _contact(contact: str) -> str:
    if contact:
        return _("To use these rights, write to %(contact)s.") % {"contact": contact}
    return _("To use these rights, reply to the confirmation e-mail you receive after applying.")


def notice_for(
    country: str,
    *,
    location: str = "",
    client: str,
    provider: str,
    contact: str = "",
    months: int = 12,
) -> Notice:
    """The notice for a job of `client` in `country`, in the active language."""
    kind = jurisdiction(country, location)
    names = {"client": client, "provider": provider}
    who = (
        _(
            "%(client)s decides how the personal data in your application is used (the "
            "controller). %(provider)s runs recruitment for %(client)s and processes the data on "
            "its behalf (the processor)."
        )
        % names
    )
    if kind in (GDPR, UK_GDPR):
        law = _("the GDPR") if kind == GDPR else _("the UK GDPR and the Data Protection Act 2018")
        sections = (
            (_("Who is responsible"), who),
            (
                _("What we use and why"),
                _(
                    "We use what you send us (contact details, CV, answers) only to consider you "
                    "for this job and to contact you about it, as a step you ask for before a "
                    "possible employment contract, and with your consent where we ask for it "
                    "(%(law)s)."
                )
                % {"law": law},
            ),
            (
                _("How long we keep it"),
                _(
                    "We keep your application while this recruitment lasts and for as long as "
                    "the law requires afterwards, then delete it. With your consent we keep "
                    "your details for %(months)s months to tell you about other jobs."
                )
                % {"months": months},
            ),
            (
                _("Your rights"),
                _(
                    "You have the right to access your data, to have it rectified or erased, "
                    "to restrict or object to its processing, and to receive it in a portable "
                    "format. You may withdraw your consent at any time; this does not affect "
                    "what was done before."
                )
                + " "
                + _contact(contact),
            ),
            (
                _("Complaints"),
                _(
                    "You may complain to a data protection supervisory authority, in particular "
                    "in the country where you live or work."
                )
                if kind == GDPR
                else _(
                    "You may complain to the Information Commissioner's Office (ICO): ico.org.uk."
                ),
            ),
        )
        title = _("Privacy notice")
    elif kind == CCPA:
        sections = (
            (_("Who is responsible"), who),
            (
                _("What we collect"),
                _(
                    "Identifiers and contact details (name, e-mail, phone, where you live); "
                    "professional and employment information (your resume, your answers to our "
                    "questions); and, only if you choose to answer, voluntary "
                    "self-identification (sex, race or ethnicity), which is sensitive personal "
                    "information."
                ),
            ),
            (
                _("Why"),
                _(
                    "To consider you for this job, to contact you about it, to meet our legal "
                    "obligations (such as equal employment opportunity records) and to check "
                    "that our hiring is fair. We use sensitive personal information for nothing "
                    "else."
                ),
            ),
            (
                _("How long we keep it"),
                _(
                    "For this recruitment and then for as long as employment law requires (in "
                    "California, at least four years), then we delete it. With your consent we "
                    "keep your details for %(months)s months to tell you about other jobs."
                )
                % {"months": months},
            ),
            (
                _("No sale or sharing"),
                _(
                    "We do not sell your personal information, and we do not share it for "
                    "cross-context behavioral advertising."
                ),
            ),
            (
                _("Your rights"),
                _(
                    "You have the right to know what personal information we hold about you and "
                    "how we use it, to have it deleted or corrected, and to limit the use of "
                    "sensitive personal information. We will not treat you differently for "
                    "using these rights."
                )
                + " "
                + _contact(contact),
            ),
        )
        title = _("Notice at collection")
    else:
        sections = (
            (_("Who is responsible"), who),
            (
                _("How we use your information"),
                _(
                    "We use the information in your application only to consider you for this "
                    "job and to contact you about it. We do not sell it. We keep it while this "
                    "recruitment lasts and as long as the law requires, then delete it."
                ),
            ),
            (
                _("Your rights"),
                _(
                    "You may ask to see, correct or delete your information at any time, and "
                    "withdraw your consent."
                )
                + " "
                + _contact(contact),
            ),
        )
        title = _("Privacy notice")
    return Notice(kind, str(JURISDICTIONS[kind]), title, tuple(sections))
