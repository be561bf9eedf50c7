"""A candidate applies in German, French, Spanish and Dutch, in Chromium with JavaScript off, and
reads the careers page, the apply form, the confirmation e-mail and the portal in that language.

The expected words come from the catalogues themselves (gettext under the language), and each is
checked to differ from the English, so an untranslated message fails here as well as in
`outhire i18n-check`. The browser itself asks for English: the language comes from the URL, the
candidate's choice on the form, and the links the e-mails carry.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from outhire.accounts.tests.test_browser import (  # noqa: F401 (fixtures)
    _allow_sync_orm_under_playwright,
    browser,
    link_page,
)
from outhire.candidates.models import Candidate
from outhire.careers.apply.tests.fixtures import _fresh_rate_limit, resume_pdf  # noqa: F401
from outhire.careers.models import CareerSite, JobPosting
from outhire.requisitions import services as requisitions
from outhire.requisitions.services import dispositions_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTRY = {"de": "DE", "fr": "FR", "es": "ES", "nl": "NL"}


def said(language: str, english: str) -> str:
    """`english` as the catalogue of `language` says it: never the English itself."""
    with translation.override(language):
        words = gettext(english)
    assert words != english, f"{english!r} is not translated into {language}"
    return words


def a_job_in(language: str, acme, rita, hank):
    CareerSite.objects.update_or_create(
        client=acme, defaults={"languages": ["en-gb", "de", "fr", "es", "nl"]}
    )
    requisition = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={
            "title": "Robotics Engineer",
            "openings": 1,
            "hiring_manager": hank,
            "country": COUNTRY[language],
        },
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    dispositions_ensure(acme)
    JobPosting.objects.create(
        client=acme,
        requisition=requisition,
        channel=JobPosting.Channel.CAREERS,
        status=JobPosting.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    return requisition


def link_in(message, path: str) -> str:
    found = re.search(rf"https?://[^\s\"'<>]+{re.escape(path)}[^\s\"'<>]*", message.body)
    assert found, f"no {path} link in: {message.body}"
    return found.group(0).replace("&amp;", "&")


@pytest.mark.parametrize("language", ["de", "fr", "es", "nl"])
def test_a_candidate_applies_and_is_answered_in_their_language(
    link_page,  # noqa: F811
    live_server,
    settings,
    acme,
    rita,
    hank,
    language,
):
    settings.SITE_URL = live_server.url
    requisition = a_job_in(language, acme, rita, hank)
    address = f"jane.{language}@example.com"
    page = link_page()

    # The careers page, in the language its address names.
    page.goto(f"/{language}/careers/{acme.slug}/jobs/{requisition.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("link", name=said(language, "Apply for this job")).first.click()

    # Step 1: the resume; step 2: the form it filled in, the page's language chosen for our
    # messages.
    expect(page.locator("h2#step-heading")).to_have_text(said(language, "Step 1 of 2: your resume"))
    resume = resume_pdf(["Jane Applicant", "Robotics Engineer", f"{address} | +44 20 7946 0958"])
    page.set_input_files(
        'input[name="resume"]',
        files=[{"name": "jane.pdf", "mimeType": "application/pdf", "buffer": resume}],
    )
    page.get_by_role("button", name=said(language, "Upload and continue")).click()
    expect(
        page.get_by_role("heading", name=said(language, "Step 2 of 2: about you"))
    ).to_be_visible()
    expect(page.locator('input[name="email"]')).to_have_value(address)
    expect(page.locator('select[name="language"]')).to_have_value(language)
    page.locator('input[name="consent_processing"]').check()
    page.get_by_role("button", name=said(language, "Send my application")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        said(language, "Thank you for applying")
    )
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert Candidate.objects.get(first_name="Jane").language == language

    # The confirmation e-mail, in the candidate's language.
    confirmation = next(m for m in mail.outbox if m.to == [address])
    with translation.override(language):
        subject = gettext("Your application for %(title)s at %(client)s") % {
            "title": requisition.title,
            "client": acme.name,
        }
    assert confirmation.subject == subject
    assert said(language, "If you did not apply, you can ignore this e-mail.") in confirmation.body

    # The portal it links to speaks it too, before and after signing in.
    page.goto(link_in(confirmation, "/me/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_label(said(language, "Your e-mail address")).fill(address)
    page.get_by_role("button", name=said(language, "E-mail me a sign-in link")).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    sign_in = mail.outbox[-1]
    assert sign_in.to == [address]
    assert said(language, "Here is your link to see your applications:") in sign_in.body
    page.goto(link_in(sign_in, "/me/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("button", name=said(language, "Sign in")).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        said(language, "Hello %(name)s") % {"name": "Jane"}
    )
    expect(page.get_by_text(requisition.title).first).to_be_visible()
