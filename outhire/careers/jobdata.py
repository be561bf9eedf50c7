"""A published job as plain data, and what the careers site derives from it.

Plain Python (no models, no requests; only gettext for the words a job seeker reads, in the
active language): the views build `Job` records from postings, and the JSON-LD, the feeds and
the tests work on these records only. Sources: schema.org JobPosting and Google's
"Job posting structured data" guide (required: title, description, datePosted,
hiringOrganization, jobLocation, or applicantLocationRequirements with jobLocationType
TELECOMMUTE for remote jobs; validThrough when the job expires; baseSalary when known).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from outhire.lib import formatting as fmt

# Our employment types -> schema.org employmentType, Indeed jobtype, LinkedIn jobtype.
EMPLOYMENT = {
    "permanent": ("FULL_TIME", "fulltime", "FULL_TIME"),
    "fixed_term": ("TEMPORARY", "temporary", "TEMPORARY"),
    "contract": ("CONTRACTOR", "contract", "CONTRACT"),
    "part_time": ("PART_TIME", "parttime", "PART_TIME"),
    "internship": ("INTERN", "internship", "INTERNSHIP"),
}
WORKPLACE = {"on_site": "On-site", "hybrid": "Hybrid", "remote": "Remote"}
# Characters XML 1.0 cannot carry at all (C0 controls except tab, newline, carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Job:
    requisition_id: int
    reference: str
    title: str
    description: str
    company: str
    company_url: str
    logo_url: str
    client_slug: str
    department: str
    location: str
    remote_policy: str
    employment_type: str
    salary_min: Decimal | None
    salary_max: Decimal | None
    currency: str
    posted_at: datetime
    expires_at: datetime | None
    url: str
    contact_email: str = ""
    linkedin_company_id: str = ""
    # ISO 3166-1 alpha-2 of the requisition's country; "" when not set.
    country: str = ""

    @property
    def partner_id(self) -> str:
        """The stable identifier every feed uses: it never changes while the job exists."""
        return f"outhire-{self.requisition_id}"

    @property
    def is_remote(self) -> bool:
        return self.remote_policy == "remote"

    @property
    def place(self) -> tuple[str, str, str]:
        return split_location(self.location)

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None or self.salary_max is not None

    @property
    def salary_text(self) -> str:
        return salary_text(self.salary_min, self.salary_max, self.currency)

    @property
    def description_html(self) -> str:
        return text_to_html(self.description)


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot hold, so every feed stays parseable."""
    return _NOT_XML.sub("", value or "")


def split_location(location: str) -> tuple[str, str, str]:
    """("Berlin, Germany") -> ("Berlin", "", "Germany"); three parts give city, region, country.

    Locations are free text typed by recruiters; a single part is taken as the city.
    """
    parts = [p.strip() for p in (location or "").split(",") if p.strip()]
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return parts[0], "", ""
    if len(parts) == 2:
        return parts[0], "", parts[1]
    return parts[0], ", ".join(parts[1:-1]), parts[-1]


def salary_text(low: Decimal | None, high: Decimal | None, currency: str) -> str:
    """ "€50,000–€60,000 per year", "from £50,000 per year", or "" when unknown (in the active
    language)."""
    low_text = fmt.whole_money(low, currency)
    high_text = fmt.whole_money(high, currency)
    if low is not None and high is not None:
        if low == high:
            return _("%(amount)s per year") % {"amount": low_text}
        return _("%(low)s–%(high)s per year") % {"low": low_text, "high": high_text}
    if low is not None:
        return _("from %(amount)s per year") % {"amount": low_text}
    if high is not None:
        return _("up to %(amount)s per year") % {"amount": high_text}
    return ""


def text_to_html(text: str) -> str:
    """Plain text (paragraphs split by blank lines) as escaped HTML paragraphs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def json_ld(job: Job, *, language: str = "") -> dict:
    """The schema.org JobPosting of `job`, with the fields Google requires and recommends;
    `language`: the page's language (BCP 47, "de", "en-GB"), as `inLanguage`."""
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description_html or html.escape(job.title),
        "datePosted": job.posted_at.date().isoformat(),
        "identifier": {"@type": "PropertyValue", "name": job.company, "value": job.partner_id},
        "hiringOrganization": {"@type": "Organization", "name": job.company},
        "employmentType": EMPLOYMENT.get(job.employment_type, ("OTHER",))[0],
        "url": job.url,
        "directApply": True,
    }
    if language:
        data["inLanguage"] = language
    if job.company_url:
        data["hiringOrganization"]["sameAs"] = job.company_url
    if job.logo_url:
        data["hiringOrganization"]["logo"] = job.logo_url
    if job.expires_at is not None:
        data["validThrough"] = job.expires_at.isoformat()
    city, region, country = job.place
    # The requisition's country, when set, is the ISO code schema.org and Google ask for;
    # the last part of the free-text location is only a fallback.
    country = job.country or country
    if job.is_remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {
            "@type": "Country",
            "name": country or job.location or "Worldwide",
        }
    else:
        address = {"@type": "PostalAddress"}
        if city:
            address["addressLocality"] = city
        if region:
            address["addressRegion"] = region
        if country:
            address["addressCountry"] = country
        data["jobLocation"] = {"@type": "Place", "address": address}
    if job.has_salary:
        value: dict = {"@type": "QuantitativeValue", "unitText": "YEAR"}
        if job.salary_min is not None:
            value["minValue"] = _number(job.salary_min)
        if job.salary_max is not None:
            value["maxValue"] = _number(job.salary_max)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": job.currency, "value": value}
    return data


def json_for_script(data: dict) -> str:
    """JSON safe inside <script type="application/ld+json">: no "</script>" can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def readable_ink(background: str) -> str:
    """Black or white text, whichever contrasts more with `background` (#rrggbb).

    One of the two always reaches at least 4.58:1, above WCAG 2.1 AA's 4.5:1 for text.
    """
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", background or ""):
        return "#ffffff"
    white, ink = "#ffffff", "#000000"
    return white if contrast_ratio(white, background) >= contrast_ratio(ink, background) else ink


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (1 to 21)."""

    def luminance(colour: str) -> float:
        hexes = colour.lstrip("#")
        channels = [int(hexes[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
