"""The monthly report as the client reads it: page, PDF and CSV in people's words, numbers with
their units and separators, the client's logo and the provider's name, charts in the PDF, and
no internal key or file name anywhere."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pypdfium2 as pdfium
import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image

from outhire.analytics import aggregates, labels, reports
from outhire.analytics.kpi import SourceStats
from outhire.analytics.tests.factory import hiring_history
from outhire.costs.models import CostEntry
from outhire.engagements.models import Engagement
from outhire.testing import login, make_client, make_persona, shared_data

# Words of the code that must never reach a client's report.
INTERNAL = [
    *(key for key in labels.MEASURES if key != "hires"),
    "careers_site",
    "job_board",
    "share_met",
    "first_shortlist",
    "active:",
    ":applicants",
    ":hires",
    "_pct",
    "docs/",
    ".md",
    "unknown",
]
PERIOD = {"month": "2026-02"}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Acme's hiring history, engagement, costs and logo, made once for the module's tests (it
    took seconds per test); each test rolls back what it changes."""
    media = tmp_path_factory.mktemp("client-report-media")
    with (
        shared_data(django_db_blocker, media),
        override_settings(OUTHIRE_PROVIDER_NAME="Northwind Talent Partners"),
    ):
        acme = make_client("acme")
        alice = make_persona("alice")
        rita = make_persona("rita", acme)
        carla = make_persona("carla", acme)
        Engagement.objects.create(
            client=acme,
            name="Acme RPO",
            starts_on=date(2025, 12, 1),
            fee_model="per_hire",
            per_hire_fee=5000,
            account_lead=alice,
            sla_days_to_first_shortlist=3,
            sla_days_to_fill=10,
            sla_min_offer_acceptance=90,
        )
        hiring_history(acme, rita, seed=3, requisitions_n=5, per_requisition=7)
        CostEntry.objects.create(
            client=acme,
            category="agency_fees",
            amount=Decimal("48250.00"),
            currency="EUR",
            incurred_on=date(2026, 2, 10),
        )
        aggregates.aggregates_rebuild()
        buffer = io.BytesIO()
        Image.new("RGB", (240, 80), "#0b5563").save(buffer, format="PNG")
        acme.logo.save("acme.png", ContentFile(buffer.getvalue()))
        acme.primary_colour = "#0b5563"
        acme.save()
        yield {"acme": acme, "carla": carla, "media_root": media}


@pytest.fixture
def history(built, db, settings):
    """Acme with its history, for one test (its logo where the module's data wrote it)."""
    settings.OUTHIRE_PROVIDER_NAME = "Northwind Talent Partners"
    settings.MEDIA_ROOT = built["media_root"]
    built["acme"].refresh_from_db()
    return built["acme"]


@pytest.fixture
def carla(built):
    return built["carla"]


class _Text(HTMLParser):
    """The text a person reads on a page (not attributes, scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def pdf_pages(body: bytes) -> list[pdfium.PdfPage]:
    return list(pdfium.PdfDocument(body))


def pdf_text(body: bytes) -> str:
    text = " ".join(page.get_textpage().get_text_range() for page in pdf_pages(body))
    return " ".join(text.split())


def _assert_no_internal_words(text: str) -> None:
    found = [word for word in INTERNAL if word in text]
    assert found == [], f"internal keys in the report: {found}"


def test_the_csv_is_in_words_with_units_and_separators(client, history, carla):
    login(client, carla)
    body = client.get("/analytics/acme/report.csv", PERIOD).content.decode()
    _assert_no_internal_words(body)
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == labels.COLUMNS
    by_measure = {row[1]: row for row in rows[1:]}
    cost = by_measure["Cost per hire"][2]
    assert re.fullmatch(r"€\d{1,3}(,\d{3})+\.\d\d", cost), cost
    assert by_measure["Time to fill"][2].endswith(" days")
    assert by_measure["Time to first shortlist"][4] == "at most 3 days"
    assert by_measure["Offer acceptance"][4] == "at least 90%"
    shortlisted = by_measure["Requisitions shortlisted within the target"]
    assert shortlisted[0] == "SLA compliance" and shortlisted[2].endswith("%")
    assert shortlisted[4] == "within 3 days" and re.fullmatch(r"\d+ of \d+", shortlisted[5])
    assert {"Job boards: applicants", "Job boards: hires"} <= set(by_measure)
    assert by_measure["Hired"][0] == "Funnel: applications reaching each stage"
    breaches = [row for row in rows if row[0] == "SLA breaches"]
    assert breaches and all(row[5].startswith("Missed by ") for row in breaches)


def test_the_page_is_in_words_with_the_logo_and_the_provider(client, history, carla):
    login(client, carla)
    response = client.get("/analytics/acme/report/", PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    _assert_no_internal_words(text)
    assert "Acme Robotics: recruiting report for February 2026" in text
    assert "prepared by Northwind Talent Partners" in text
    assert "1 Feb 2026 to 28 Feb 2026" in text
    assert 'src="/careers/acme/logo" alt="Acme Robotics logo"' in html
    assert re.search(r"€\d{1,3}(,\d{3})+\.\d\d", text)
    assert "Sources of applicants" in text and "Job boards" in text
    # The logo the page shows is served, as the image it is.
    logo = client.get("/careers/acme/logo")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"


def test_the_pdf_has_branding_charts_and_no_keys(client, history, carla):
    login(client, carla)
    response = client.get("/analytics/acme/report.pdf", PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    _assert_no_internal_words(text)
    assert "Acme Robotics: recruiting report," in text and "February 2026" in text
    assert "Prepared by Northwind Talent Partners" in text
    assert re.search(r"€\d{1,3}(,\d{3})+\.\d\d", text)
    assert "at most 3 days" in text and "How each measure is computed" in text
    pages = pdf_pages(response.content)
    first = pages[0]
    images = list(first.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
    assert len(images) == 1, "the client's logo heads the first page"
    # The charts are drawn: one bar (a path) per stage of the funnel and more.
    paths = sum(
        len(list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH]))) for page in pages
    )
    assert paths > 20
    for chart in ("Funnel", "Where applicants came from", "Time to fill", "Pipeline now"):
        assert chart in text


def test_the_pdf_stays_short_whatever_the_data(history):
    """200 breaches and 40 sources: the PDF lists the 50 largest breaches and charts at most
    a dozen sources, so it renders in bounded time; the CSV keeps every line."""
    data = reports.report_data(history, date(2026, 2, 1), date(2026, 3, 1))
    data["sla"]["breaches"] = [
        {
            "requisition_id": n,
            "title": f"Role {n}",
            "reference": "",
            "measure": "Days to fill (opening 1)",
            "target": 10.0,
            "actual": 10.0 + n,
            "by": float(n),
            "open": False,
        }
        for n in range(200, 0, -1)
    ]
    sources = {
        f"board_{n}": SourceStats(f"board_{n}", n + 1, 0, 0.0, Decimal(0), None) for n in range(40)
    }
    sources["unknown"] = SourceStats("unknown", 1, 1, 1.0, Decimal(0), None)
    data["kpis"] = replace(data["kpis"], sources=sources)
    body = reports.report_pdf(data)
    text = pdf_text(body)
    assert "The 50 largest of 200 breaches; the CSV lists them all." in text
    assert len(pdf_pages(body)) <= 12
    [chart] = [c for c in reports.report_charts(data) if c["key"] == "sources"]
    assert len(chart["rows"]) == reports.SOURCES_SHOWN and chart["rows"][-1][0] == "Other sources"
    assert sum(n for _, n in chart["rows"]) == sum(s.applicants for s in sources.values())
    rows = list(csv.reader(io.StringIO(reports.report_csv(data))))
    assert len([row for row in rows if row[0] == "SLA breaches"]) == 200
    # A source nobody named is still shown in words.
    assert {"Board 7: applicants", "Not recorded: hires"} <= {row[1] for row in rows}


def test_a_light_brand_colour_gets_dark_text(history):
    history.primary_colour = "#f0e68c"
    history.save()
    assert reports._text_on("#f0e68c") == reports.INK
    assert reports._text_on("#0b5563") == "#ffffff"
    data = reports.report_data(history, date(2026, 2, 1), date(2026, 3, 1))
    assert "Acme Robotics: recruiting report, February 2026" in pdf_text(reports.report_pdf(data))
