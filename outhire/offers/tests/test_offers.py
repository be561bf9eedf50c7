"""Offers: the rules of drafting, approving, versions, the candidate's link, letters, expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from outhire.careers.tests.brand_checks import assert_branded
from outhire.offers import letter, pay, services, tokens
from outhire.offers.models import Offer, OfferApprovalRule, OfferSettings
from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer, terms
from outhire.testing import login


@pytest.fixture
def requisition(acme, rita, hank):
    return open_requisition(acme, rita, hank, openings=2)


@pytest.fixture
def application(requisition, rita):
    return at_offer_stage(requisition, rita)


def test_it_drafts_only_at_the_offer_stage(requisition, rita):
    from outhire.candidates.services import candidate_create
    from outhire.pipeline.services import application_create

    early = application_create(
        requisition=requisition,
        candidate=candidate_create(by=rita, first_name="Early", last_name="Bird"),
        by=rita,
    )
    with pytest.raises(ValidationError, match="offer stage"):
        services.offer_create(application=early, fields=terms(), by=rita)


def test_it_keeps_one_open_offer_per_application(application, rita):
    services.offer_create(application=application, fields=terms(), by=rita)
    with pytest.raises(ValidationError, match="already has an open offer"):
        services.offer_create(application=application, fields=terms(), by=rita)


def test_it_refuses_bad_terms(application, rita):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.offer_create(
            application=application,
            fields=terms(expires_on=today - timedelta(days=1), currency="EU"),
            by=rita,
        )
    assert "expires_on" in error.value.message_dict


def test_it_needs_an_above_band_approver_for_pay_above_the_band(application, rita, acme, alice):
    offer = services.offer_create(
        application=application,
        fields=terms(base_salary=Decimal("7000"), pay_period="month"),
        by=rita,
    )  # 84,000 a year > 80,000
    with pytest.raises(ValidationError, match="above-band approver"):
        services.offer_submit(offer=offer, by=rita)
    OfferSettings.objects.create(client=acme, above_band_approver=alice, checkpoint_days=[30])
    services.offer_submit(offer=offer, by=rita)
    offer.refresh_from_db()
    assert offer.status == "pending_approval" and offer.above_band
    assert list(offer.approvals.values_list("approver", flat=True)) == [alice.pk]


def test_within_the_band_without_a_chain_it_is_approved_at_once(application, rita):
    offer = services.offer_create(application=application, fields=terms(), by=rita)
    services.offer_submit(offer=offer, by=rita)
    offer.refresh_from_db()
    assert offer.status == "approved" and not offer.above_band


def test_a_sent_back_offer_returns_to_draft_and_a_new_round_asks_again(
    application, rita, hank, carla, acme
):
    OfferApprovalRule.objects.create(client=acme, position=1, approver=hank)
    OfferApprovalRule.objects.create(client=acme, position=2, approver=carla)
    offer = services.offer_create(application=application, fields=terms(), by=rita)
    services.offer_submit(offer=offer, by=rita)
    with pytest.raises(ValidationError, match="earlier approver"):
        services.offer_decide(offer=offer, by=carla, approve=True)
    with pytest.raises(ValidationError):
        services.offer_decide(offer=offer, by=hank, approve=False, comment="")
    services.offer_decide(offer=offer, by=hank, approve=False, comment="Too early")
    offer.refresh_from_db()
    assert offer.status == "draft"
    services.offer_submit(offer=offer, by=rita)
    assert offer.approvals.filter(round=2).count() == 2
    services.offer_decide(offer=offer, by=hank, approve=True)
    services.offer_decide(offer=offer, by=carla, approve=True)
    offer.refresh_from_db()
    assert offer.status == "approved"


def test_renegotiating_makes_a_new_version_and_keeps_the_history(application, rita):
    first = sent_offer(application, rita)
    second = services.offer_renegotiate(
        offer=first, by=rita, fields={"base_salary": Decimal("72000")}
    )
    first.refresh_from_db()
    assert first.status == "withdrawn" and first.superseded
    assert second.version == 2 and second.previous_id == first.pk and second.status == "draft"
    assert second.base_salary == Decimal("72000")
    with pytest.raises(ValidationError, match="newer version"):
        services.offer_renegotiate(offer=first, by=rita)
    assert [o.version for o in services.offer_versions(second)] == [2, 1]
    assert list(Offer.objects.latest_versions()) == [second]


def test_the_old_versions_link_no_longer_answers(client, application, rita):
    first = sent_offer(application, rita)
    token = tokens.offer_token(first)
    services.offer_renegotiate(offer=first, by=rita)
    page = client.get(f"/offer/{token}/")
    assert "withdrawn or replaced" in page.content.decode()
    response = client.post(f"/offer/{token}/", {"action": "accept", "full_name": "Ada Lovelace"})
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.status == "withdrawn"


def test_the_candidate_declines_with_a_reason(client, application, rita):
    offer = sent_offer(application, rita)
    token = tokens.offer_token(offer)
    assert client.post(f"/offer/{token}/", {"action": "decline", "reason": ""}).status_code == 400
    response = client.post(
        f"/offer/{token}/", {"action": "decline", "reason": "Accepted another job"}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "declined" and offer.decline_reason == "Accepted another job"
    assert offer.resolved_at is not None
    application.refresh_from_db()
    assert application.status == "active"


def test_a_forged_or_unsent_link_is_not_found(client, application, rita):
    offer = services.offer_create(application=application, fields=terms(), by=rita)
    assert client.get(f"/offer/{tokens.offer_token(offer)}/").status_code == 404  # a draft
    offer = sent_offer(at_offer_stage(application.requisition, rita, first="Bo"), rita)
    token = tokens.offer_token(offer)
    assert client.get(f"/offer/{token[:-2]}xx/").status_code == 404
    assert client.get(f"/offer/{token[:-2]}xx/letter.pdf").status_code == 404
    assert client.get(f"/offer/{token}/letter.pdf").content.startswith(b"%PDF")


def test_expired_offers_expire_and_cannot_be_accepted(client, application, rita):
    offer = sent_offer(application, rita)
    token = tokens.offer_token(offer)
    Offer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    response = client.post(f"/offer/{token}/", {"action": "accept", "full_name": "Ada Lovelace"})
    assert response.status_code == 400
    assert services.offers_expire() == 1
    offer.refresh_from_db()
    assert offer.status == "expired" and offer.resolved_at
    assert services.offers_expire() == 0


def test_the_letter_substitutes_merge_fields_and_nothing_else(acme, application, rita):
    assert letter.template_problems("Hello $candidate_name, {{ settings.SECRET_KEY }}") == []
    assert letter.template_problems("Hi ${candidate_name.__class__}") != []
    assert letter.template_problems("Hi $secret_key") == ["Unknown merge fields: $secret_key."]
    text = letter.render_text(
        "Dear $candidate_name, {{ settings.SECRET_KEY }} {% load x %}",
        {"candidate_name": "<b>Ada</b>"},
    )
    assert text == "Dear <b>Ada</b>, {{ settings.SECRET_KEY }} {% load x %}"
    pdf = letter.render_pdf(title="Offer", body="Dear <b>Ada</b> & <font>co</font>")
    assert pdf.startswith(b"%PDF")
    services.offer_settings_save(
        client=acme,
        letter_template="Dear $first_name, $base_salary $currency per $pay_period.",
        above_band_approver=None,
        checkpoint_days=[90, 30],
        by=rita,
    )
    offer = services.offer_create(application=application, fields=terms(), by=rita)
    assert services.letter_pdf(offer).startswith(b"%PDF")
    settings_ = OfferSettings.for_client(acme)
    body = letter.render_text(settings_.letter_template, services.letter_values(offer))
    assert body == "Dear Ada, 70,000.00 EUR per year."
    assert settings_.days == [30, 90]


def test_pay_is_annualised_against_the_band():
    assert pay.annualised(Decimal("40"), "hour") == Decimal("83200")
    band = {"band_max": Decimal("80000"), "band_currency": "EUR"}
    assert not pay.is_above_band(amount=Decimal("80000"), period="year", currency="EUR", **band)
    assert pay.is_above_band(amount=Decimal("6700"), period="month", currency="eur", **band)
    assert pay.is_above_band(amount=Decimal("1"), period="year", currency="USD", **band)
    assert not pay.is_above_band(
        amount=Decimal("1e6"), period="year", currency="USD", band_max=None, band_currency="EUR"
    )


def test_interviewers_see_no_offers(client, application, rita, ivy):
    offer = services.offer_create(application=application, fields=terms(), by=rita)
    login(client, ivy)
    assert client.get(f"/offers/{offer.pk}/").status_code == 404
    assert "Ada Lovelace" not in client.get("/offers/").content.decode()


def test_a_hiring_manager_reads_but_cannot_draft(client, application, rita, hank):
    offer = services.offer_create(application=application, fields=terms(), by=rita)
    login(client, hank)
    assert client.get(f"/offers/{offer.pk}/").status_code == 200
    assert client.post(f"/offers/{offer.pk}/submit/").status_code == 403
    assert client.post(f"/offers/new/{application.pk}/", {}).status_code == 403


def test_the_offer_pages_hold_their_number_of_queries(
    client, requisition, rita, django_assert_max_num_queries
):
    for n in range(6):
        application = at_offer_stage(requisition, rita, first=f"Person{n}")
        offer = services.offer_create(application=application, fields=terms(), by=rita)
        if n % 2:
            services.offer_submit(offer=offer, by=rita)
    at_offer_stage(requisition, rita, first="Waiting")
    login(client, rita)
    with django_assert_max_num_queries(16):
        response = client.get("/offers/")
    assert response.status_code == 200 and "Person5" in response.content.decode()
    assert "Draft an offer" in response.content.decode()
    with django_assert_max_num_queries(16):
        assert client.get(f"/offers/{offer.pk}/").status_code == 200


def test_the_setup_pages(client, acme, carla, rita, hank, alice):
    login(client, carla)
    response = client.post(
        f"/offers/setup/{acme.slug}/",
        {"letter_template": "Hi $nope", "checkpoint_days": "30, x"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/offers/setup/{acme.slug}/",
        {
            "letter_template": "Dear $candidate_name",
            "checkpoint_days": "30, 180",
            "above_band_approver": alice.pk,
        },
    )
    assert response.status_code == 302
    assert OfferSettings.for_client(acme).days == [30, 180]
    assert (
        client.post(f"/offers/approval-chain/{acme.slug}/", {"approver": hank.pk}).status_code
        == 302
    )
    assert (
        client.post(f"/offers/approval-chain/{acme.slug}/", {"approver": carla.pk}).status_code
        == 302
    )
    rule = OfferApprovalRule.objects.get(approver=carla)
    client.post(f"/offers/approval-chain/{acme.slug}/{rule.pk}/move/", {"direction": "up"})
    assert list(OfferApprovalRule.objects.values_list("approver", flat=True)) == [carla.pk, hank.pk]
    login(client, hank)
    assert client.get(f"/offers/approval-chain/{acme.slug}/").status_code == 403
    assert client.get(f"/offers/setup/{acme.slug}/").status_code == 403


def test_the_offer_page_wears_its_clients_brand_and_says_what_is_offered_first(
    client, application, rita, globex
):
    offer = sent_offer(application, rita)
    html = client.get(f"/offer/{tokens.offer_token(offer)}/").content.decode()
    assert_branded(html, offer.client, not_for=globex)
    assert "<title>Your offer · Acme Robotics</title>" in html
    # What is offered (title, pay with its currency, start date, place), then what to do,
    # then the letter in full.
    offered = html.index('id="offered-heading"')
    assert offered < html.index('id="next-steps-heading"') < html.index('id="letter-heading"')
    terms_block = html[offered : html.index('id="next-steps-heading"')]
    for fact in (
        "Robotics Engineer",
        "€70,000.00 per year",
        f"{offer.start_date:%-d %b %Y}",
        "Rotterdam",
        "up to 10% of base pay",
    ):
        assert fact in terms_block, fact
    assert f"accept or decline by <strong>{offer.expires_on:%-d %b %Y}</strong>" in html


def test_each_offer_page_shows_only_its_own_clients_brand(
    client, application, rita, acme, globex, sam, gina
):
    theirs = sent_offer(at_offer_stage(open_requisition(globex, sam, gina), sam), sam)
    ours = sent_offer(application, rita)
    assert_branded(
        client.get(f"/offer/{tokens.offer_token(theirs)}/").content.decode(), globex, not_for=acme
    )
    assert_branded(
        client.get(f"/offer/{tokens.offer_token(ours)}/").content.decode(), acme, not_for=globex
    )
