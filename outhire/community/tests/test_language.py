"""Community e-mails and pages in the member's language (needs the compiled catalogues)."""

from __future__ import annotations

from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from outhire.candidates.models import Candidate
from outhire.candidates.services import candidate_create
from outhire.community import services
from outhire.community.tests.helpers import link_in


def test_the_confirmation_e_mail_and_page_are_in_the_members_language(
    acme, rita, django_capture_on_commit_callbacks
):
    person = candidate_create(by=rita, first_name="Greta", last_name="Gans", emails=["g@x.test"])
    Candidate.objects.filter(pk=person.pk).update(language="de")
    with django_capture_on_commit_callbacks(execute=True):
        services.member_join(
            community=services.community_for(acme),
            first_name="Greta",
            last_name="Gans",
            email="g@x.test",
        )
    (message,) = mail.outbox
    # The community's name is its own (kept as it was created); the words around it German.
    assert message.subject == (
        "Bestätigen Sie, dass Sie Acme Robotics talent community beitreten möchten"
    )
    assert message.body.startswith("Hallo Greta,\n\n")
    assert "Öffnen Sie diesen Link innerhalb von 14 Tagen" in message.body
    # The link opens the confirmation page in German too, whatever the browser says.
    page = HttpClient().get(link_in(message, "confirm"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Ja, Mitgliedschaft bestätigen" in page.content.decode()


def test_the_join_page_follows_the_browser(client, acme):
    page = client.get(
        reverse("community:join_client", args=[acme.slug]), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9"
    ).content.decode()
    # No community yet: its name to come is shown in the visitor's language.
    assert "Rejoindre Communauté de talents Acme Robotics" in page
    assert "Pas encore prêt(e) à postuler ?" in page
