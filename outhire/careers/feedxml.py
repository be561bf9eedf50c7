"""The Indeed and LinkedIn XML job feeds, built with xml.dom.minidom (no Django here).

Both boards read a `<source>` holding one `<job>` per open job, text in CDATA sections.
Indeed: "XML feed guidelines" (title, date, referencenumber, requisitionid, url, company,
sourcename, city, state, country, description, salary, jobtype, expirationdate, remotetype,
email). LinkedIn: "XML Feeds Development Guide" (partnerJobId, company, companyId, title,
description, applyUrl, location, city, state, country, workplaceTypes, jobtype, salaries,
expirationDate, jobPosterEmail). `referencenumber` / `partnerJobId` is stable per job, so a
board updates a job rather than posting it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.dom.minidom import Document, Element

from outhire.careers.jobdata import EMPLOYMENT, WORKPLACE, Job, xml_text

REMOTE_TYPE = {"remote": "Fully remote", "hybrid": "Hybrid remote"}


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _add(doc: Document, parent: Element, name: str, value: str, *, cdata: bool = True) -> Element:
    """Append <name>value</name>; CDATA split where the text itself holds "]]>"."""
    element = doc.createElement(name)
    text = xml_text(str(value))
    if cdata:
        pieces = text.split("]]>")
        for n, piece in enumerate(pieces):
            # "]]>" is cut between its "]]" and ">", each half in its own section.
            chunk = (">" if n else "") + piece + ("]]" if n < len(pieces) - 1 else "")
            element.appendChild(doc.createCDATASection(chunk))
    else:
        element.appendChild(doc.createTextNode(text))
    parent.appendChild(element)
    return element


def _document(publisher: str, publisher_url: str, built_at: datetime, url_tag: str):
    doc = Document()
    source = doc.createElement("source")
    doc.appendChild(source)
    _add(doc, source, "publisher", publisher, cdata=False)
    _add(doc, source, url_tag, publisher_url, cdata=False)
    _add(doc, source, "lastBuildDate", _http_date(built_at), cdata=False)
    return doc, source


def indeed_xml(
    jobs: Iterable[Job], *, publisher: str, publisher_url: str, built_at: datetime
) -> bytes:
    doc, source = _document(publisher, publisher_url, built_at, "publisherurl")
    for job in jobs:
        city, region, country = job.place
        element = doc.createElement("job")
        source.appendChild(element)
        _add(doc, element, "title", job.title)
        _add(doc, element, "date", _http_date(job.posted_at))
        _add(doc, element, "referencenumber", job.partner_id)
        _add(doc, element, "requisitionid", job.reference or job.partner_id)
        _add(doc, element, "url", job.url)
        _add(doc, element, "company", job.company)
        _add(doc, element, "sourcename", job.company)
        _add(doc, element, "city", city)
        _add(doc, element, "state", region)
        _add(doc, element, "country", country)
        _add(doc, element, "description", job.description_html or job.title)
        _add(doc, element, "salary", job.salary_text)
        _add(doc, element, "jobtype", EMPLOYMENT.get(job.employment_type, ("", "", ""))[1])
        _add(doc, element, "category", job.department)
        if job.is_remote or job.remote_policy == "hybrid":
            _add(doc, element, "remotetype", REMOTE_TYPE[job.remote_policy])
        if job.expires_at is not None:
            _add(doc, element, "expirationdate", _http_date(job.expires_at))
        if job.contact_email:
            _add(doc, element, "email", job.contact_email)
    return doc.toxml(encoding="utf-8")


def linkedin_xml(
    jobs: Iterable[Job], *, publisher: str, publisher_url: str, built_at: datetime
) -> bytes:
    jobs = list(jobs)
    doc, source = _document(publisher, publisher_url, built_at, "publisherUrl")
    _add(doc, source, "expectedJobCount", str(len(jobs)), cdata=False)
    for job in jobs:
        city, region, country = job.place
        element = doc.createElement("job")
        source.appendChild(element)
        _add(doc, element, "partnerJobId", job.partner_id)
        _add(doc, element, "company", job.company)
        if job.linkedin_company_id:
            _add(doc, element, "companyId", job.linkedin_company_id)
        _add(doc, element, "title", job.title)
        _add(doc, element, "description", job.description_html or job.title)
        _add(doc, element, "applyUrl", job.url)
        _add(doc, element, "location", job.location or country or "Remote")
        _add(doc, element, "city", city)
        _add(doc, element, "state", region)
        _add(doc, element, "country", country)
        _add(doc, element, "workplaceTypes", WORKPLACE.get(job.remote_policy, "On-site"))
        _add(doc, element, "jobtype", EMPLOYMENT.get(job.employment_type, ("", "", "OTHER"))[2])
        _add(doc, element, "listDate", job.posted_at.date().isoformat())
        if job.expires_at is not None:
            _add(doc, element, "expirationDate", job.expires_at.date().isoformat())
        if job.contact_email:
            _add(doc, element, "jobPosterEmail", job.contact_email)
        if job.has_salary:
            salaries = doc.createElement("salaries")
            salary = doc.createElement("salary")
            element.appendChild(salaries)
            salaries.appendChild(salary)
            for tag, amount in (("highEnd", job.salary_max), ("lowEnd", job.salary_min)):
                if amount is None:
                    continue
                end = doc.createElement(tag)
                salary.appendChild(end)
                _add(doc, end, "amount", f"{amount:.2f}", cdata=False)
                _add(doc, end, "currencyCode", job.currency, cdata=False)
            _add(doc, salary, "period", "YEARLY", cdata=False)
            _add(doc, salary, "type", "BASE_SALARY", cdata=False)
    return doc.toxml(encoding="utf-8")
