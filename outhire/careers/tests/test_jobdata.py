"""The pure parts: locations, salaries, HTML from text, colours, CDATA."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from outhire.careers.feedxml import indeed_xml
from outhire.careers.jobdata import (
    Job,
    contrast_ratio,
    readable_ink,
    salary_text,
    split_location,
    text_to_html,
)


@pytest.mark.parametrize(
    ("location", "parts"),
    [
        ("", ("", "", "")),
        ("London", ("London", "", "")),
        ("Berlin, Germany", ("Berlin", "", "Germany")),
        ("Austin, Texas, USA", ("Austin", "Texas", "USA")),
        (" Lyon ,, France ", ("Lyon", "", "France")),
    ],
)
def test_it_splits_locations(location, parts):
    assert split_location(location) == parts


def test_it_writes_salaries():
    assert salary_text(Decimal(50000), Decimal(60000), "EUR") == "€50,000–€60,000 per year"
    assert salary_text(Decimal(50000), None, "GBP") == "from £50,000 per year"
    assert salary_text(None, Decimal(9000), "USD") == "up to US$9,000 per year"
    assert salary_text(Decimal(5), Decimal(5), "EUR") == "€5 per year"
    assert salary_text(None, None, "EUR") == ""


def test_it_escapes_text_into_paragraphs():
    assert text_to_html("a < b\nc\n\n\nd & e") == "<p>a &lt; b<br>c</p><p>d &amp; e</p>"


@pytest.mark.parametrize(
    "colour",
    ["#000000", "#ffffff", "#1f4e79", "#f0b429", "#777777", "#ff0000", "#00ff00", "#f0e68c"],
)
def test_the_text_colour_always_passes_wcag_aa(colour):
    assert contrast_ratio(readable_ink(colour), colour) >= 4.5


def test_cdata_survives_its_own_terminator():
    job = Job(
        requisition_id=1,
        reference="",
        title="a]]>b]]>",
        description="",
        company="C",
        company_url="",
        logo_url="",
        client_slug="c",
        department="",
        location="",
        remote_policy="on_site",
        employment_type="permanent",
        salary_min=None,
        salary_max=None,
        currency="EUR",
        posted_at=datetime(2026, 1, 1, tzinfo=UTC),
        expires_at=None,
        url="http://x/",
    )
    root = ET.fromstring(
        indeed_xml(
            [job],
            publisher="P",
            publisher_url="http://x/",
            built_at=datetime(2026, 1, 2, tzinfo=UTC),
        )
    )
    assert root.findtext("job/title") == "a]]>b]]>"
    assert root.findtext("lastBuildDate") == "Fri, 02 Jan 2026 00:00:00 GMT"
