"""Offers in the candidate's language: the letter (per language, else the main one, the default
letter translated), the offer e-mail and the answer page; set-up of the letters per language."""

from __future__ import annotations

import pytest
from django.core import mail

from outhire.accounts.tenancy import Access, scope
from outhire.candidates.models import Candidate
from outhire.offers import services, tasks, tokens
from outhire.offers.models import OfferLetterTranslation, OfferSettings
from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer
from outhire.testing import login


@pytest.fixture
def requisition(acme, rita, hank):
    return open_requisition(acme, rita, hank, openings=2)


def _speaking(application, language: str):
    Candidate.objects.filter(pk=application.candidate_id).update(language=language)
    application.candidate.refresh_from_db()
    return application


def _set_up(acme, rita, main: str, letters: dict[str, str]):
    return services.offer_settings_save(
        client=acme,
        letter_template=main,
        above_band_approver=None,
        checkpoint_days=[30, 90],
        by=rita,
        letters=letters,
    )


def test_a_german_candidate_gets_the_default_letter_email_and_page_in_german(
    client, requisition, rita
):
    offer = sent_offer(_speaking(at_offer_stage(requisition, rita), "de"), rita)
    letter = services.letter_text(offer)
    assert letter.startswith("Guten Tag Ada Lovelace,\n\nwir freuen uns sehr")
    assert "70.000,00\xa0€ pro Jahr" in letter  # money, period and dates in German
    assert "Bonus: up to 10% of base pay" in letter
    mail.outbox.clear()
    tasks.send_offer(offer.pk)
    [message] = mail.outbox
    assert message.subject == "Ihr Angebot von Acme Robotics: Robotics Engineer"
    assert "freut sich, Ihnen die Stelle Robotics Engineer anzubieten" in message.body
    # The page, whatever the browser says: the candidate chose German.
    html = client.get(
        f"/offer/{tokens.offer_token(offer)}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Ihr Angebot von Acme Robotics" in html and "Angebot annehmen" in html
    assert "wir freuen uns sehr" in html and "70.000,00\xa0€ pro Jahr" in html
    assert client.get(f"/offer/{tokens.offer_token(offer)}/letter.pdf").content.startswith(b"%PDF")


def test_the_letter_in_the_candidates_language_else_the_main_one(requisition, rita, acme):
    _set_up(acme, rita, "Dear $candidate_name, welcome.", {"de": "Hallo $first_name, willkommen."})
    german = sent_offer(_speaking(at_offer_stage(requisition, rita), "de"), rita)
    french = sent_offer(
        _speaking(at_offer_stage(requisition, rita, first="Marie", last="Curie"), "fr"), rita
    )
    assert services.letter_text(german) == "Hallo Ada, willkommen."
    # No French text: the client's own main letter (not the default, so not translated).
    assert services.letter_text(french) == "Dear Marie Curie, welcome."
    # A blank text removes the German one: German readers get the main letter again.
    _set_up(acme, rita, "Dear $candidate_name, welcome.", {"de": "  "})
    assert not OfferLetterTranslation.objects.filter(client=acme).exists()
    assert services.letter_text(german) == "Dear Ada Lovelace, welcome."


def test_an_unedited_letter_is_the_default_in_the_candidates_language(requisition, rita, acme):
    # Saved with the default text as the main letter: still read in each candidate's language.
    _set_up(acme, rita, OfferSettings._meta.get_field("letter_template").default, {})
    spanish = sent_offer(_speaking(at_offer_stage(requisition, rita), "es"), rita)
    english = sent_offer(at_offer_stage(requisition, rita, first="Alan", last="Turing"), rita)
    assert services.letter_text(spanish).startswith("Estimado/a Ada Lovelace:")
    assert services.letter_text(english).startswith("Dear Alan Turing,")


def test_the_setup_page_edits_a_letter_per_language(client, acme, carla):
    login(client, carla)
    form = client.get(f"/offers/setup/{acme.slug}/").content.decode()
    assert 'name="letter_de"' in form and 'name="letter_fr"' in form
    response = client.post(
        f"/offers/setup/{acme.slug}/",
        {
            "letter_template": "Dear $candidate_name",
            "letter_de": "Liebe(r) $candidate_name",
            "letter_nl": "Beste $nope",
            "checkpoint_days": "30",
        },
    )
    assert response.status_code == 400  # an unknown merge field in the Dutch letter
    assert "Unknown merge fields: $nope." in response.content.decode()
    response = client.post(
        f"/offers/setup/{acme.slug}/",
        {
            "letter_template": "Dear $candidate_name",
            "letter_de": "Liebe(r) $candidate_name",
            "checkpoint_days": "30",
        },
    )
    assert response.status_code == 302
    [row] = OfferLetterTranslation.objects.filter(client=acme)
    assert (row.language, row.text) == ("de", "Liebe(r) $candidate_name")
    assert "Liebe(r) $candidate_name" in client.get(f"/offers/setup/{acme.slug}/").content.decode()


def test_letters_per_language_stay_with_their_client(client, acme, rita, globex, sam, gina):
    _set_up(acme, rita, "Dear $candidate_name", {"de": "Acme letter marker 5521"})
    with scope(Access(rita)):
        assert OfferLetterTranslation.objects.count() == 1
    with scope(Access(sam)):
        assert OfferLetterTranslation.objects.count() == 0
    # Globex's letters are their own: no Acme text reaches a Globex candidate's letter.
    theirs = sent_offer(
        _speaking(at_offer_stage(open_requisition(globex, sam, gina), sam), "de"), sam
    )
    assert "marker 5521" not in services.letter_text(theirs)
    login(client, gina)
    assert client.get(f"/offers/setup/{acme.slug}/").status_code in (403, 404)


def test_a_german_client_user_reads_the_offer_pages_in_german(client, requisition, rita):
    rita.language = "de"
    rita.save(update_fields=["language"])
    offer = sent_offer(at_offer_stage(requisition, rita), rita)
    login(client, rita)
    html = client.get(f"/offers/{offer.pk}/").content.decode()
    assert "Angebot an Ada Lovelace" in html and "70.000,00\xa0€ pro Jahr" in html
    assert "Angebote" in client.get("/offers/").content.decode()
