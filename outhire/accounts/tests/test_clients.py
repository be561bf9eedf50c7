from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outhire.accounts.models import AuditEvent, Client, Membership, User
from outhire.testing import login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_admin_creates_a_client(client, alice):
    login(client, alice)
    response = client.post(
        "/clients/new/",
        {"name": "Initech", "slug": "initech", "industry": "finance", "website": ""},
    )
    assert response.status_code == 302
    assert Client.objects.get(slug="initech").name == "Initech"
    assert AuditEvent.objects.filter(action="client.created").exists()


def test_a_duplicate_slug_is_a_form_error(client, alice, acme):
    login(client, alice)
    response = client.post(
        "/clients/new/", {"name": "Acme 2", "slug": "acme", "industry": "finance"}
    )
    assert response.status_code == 400
    assert "Another client has the address “acme”" in response.content.decode()
    assert "such as “acme-2”" in response.content.decode()
    assert Client.objects.count() == 1


def test_the_web_address_is_made_from_the_name_when_left_empty(client, alice, acme):
    """The first save used to fail: the address (slug) was required and had to be typed in
    its own format. Left empty, it is made from the name, free of other clients'."""
    login(client, alice)
    response = client.post("/clients/new/", {"name": "Initech Systems", "industry": "finance"})
    assert response.status_code == 302
    assert response["Location"] == "/onboarding/initech-systems/"
    response = client.post("/clients/new/", {"name": "Acme!", "slug": "", "industry": "other"})
    assert Client.objects.filter(name="Acme!", slug="acme-2").exists()
    # A typed address is put in the format rather than refused.
    client.post(
        "/clients/new/", {"name": "Umbrella", "slug": "Umbrella Corp ", "industry": "other"}
    )
    assert Client.objects.filter(name="Umbrella", slug="umbrella-corp").exists()
    response = client.post("/clients/new/", {"name": "", "slug": "", "industry": "other"})
    assert response.status_code == 400 and Client.objects.count() == 4
    # Only the name is asked for: the address is made from it.
    page = response.content.decode()
    assert page.count('<ul class="errorlist"') == 1 and '<a href="#id_name">' in page


def test_the_form_fills_the_address_as_one_types_when_javascript_runs(client, alice):
    login(client, alice)
    body = client.get("/clients/new/").content.decode()
    assert 'data-slug-source="id_slug"' in body and "/static/accounts/slug.js" in body
    assert "/careers/acme-robotics/" in body  # the help text shows an example address


def test_only_admins_create_clients(client, rita, carla):
    for user in (rita, carla):
        login(client, user)
        assert (
            client.post(
                "/clients/new/", {"name": "X", "slug": "x", "industry": "other"}
            ).status_code
            == 403
        )
    assert not Client.objects.filter(slug="x").exists()


def test_staff_see_only_their_clients(client, rita, acme, globex):
    login(client, rita)
    response = client.get("/clients/")
    assert b"Acme Robotics" in response.content
    assert b"Globex Health" not in response.content
    assert client.get("/clients/globex/").status_code == 404


def test_a_client_user_reads_but_a_hiring_manager_cannot_edit(client, hank):
    login(client, hank)
    assert client.get("/clients/acme/").status_code == 200
    assert client.get("/clients/acme/branding/").status_code == 403
    response = client.post("/clients/acme/branding/", {"name": "Hacked"})
    assert response.status_code == 403
    assert Client.objects.get(slug="acme").name == "Acme Robotics"


def test_a_client_admin_edits_branding(client, carla, acme):
    login(client, carla)
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = client.post(
        "/clients/acme/branding/",
        {
            "name": "Acme Robotics",
            "website": "https://acme.example",
            "primary_colour": "#112233",
            "accent_colour": "#445566",
            "hero_text": "Join us",
            "about": "Robots.",
            "logo": logo,
        },
    )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert acme.primary_colour == "#112233" and acme.logo.name.startswith("logos/")
    event = AuditEvent.objects.get(action="client.updated")
    assert event.changes["hero_text"] == ["Build robots with Acme", "Join us"]


def test_branding_rejects_bad_input_and_keeps_it(client, carla, acme):
    login(client, carla)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(
        "/clients/acme/branding/",
        {
            "name": "Acme Robotics",
            "primary_colour": "red",
            "accent_colour": "#445566",
            "hero_text": "Typed text",
            "logo": fake,
        },
    )
    assert response.status_code == 400
    assert b"Enter a colour as #RRGGBB." in response.content
    assert b"PNG, JPEG or WebP" in response.content
    assert b"Typed text" in response.content
    acme.refresh_from_db()
    assert acme.hero_text == "Build robots with Acme"


def test_an_admin_assigns_staff(client, alice, acme, sam):
    login(client, alice)
    response = client.post("/clients/acme/staff/", {"user": sam.pk, "role": "sourcer"})
    assert response.status_code == 302
    assert Membership.objects.get(client=acme, user=sam).role == "sourcer"
    assert AuditEvent.objects.filter(action="membership.created", client=acme).exists()


def test_a_client_admin_changes_a_role_and_it_is_audited(client, carla, hank, acme):
    login(client, carla)
    membership = Membership.objects.get(user=hank)
    response = client.post(f"/clients/acme/members/{membership.pk}/role/", {"role": "interviewer"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "interviewer"
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.changes["role"] == ["hiring_manager", "interviewer"]


def test_the_role_change_answers_htmx_with_the_row(client, carla, hank):
    login(client, carla)
    membership = Membership.objects.get(user=hank)
    response = client.post(
        f"/clients/acme/members/{membership.pk}/role/",
        {"role": "interviewer"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="membership-{membership.pk}"'.encode() in response.content
    assert b'hx-swap-oob="true"' in response.content
    assert b"Hank Hiringmanager is now Interviewer." in response.content


def test_a_client_admin_cannot_give_provider_roles_or_touch_provider_staff(
    client, carla, hank, rita
):
    login(client, carla)
    hank_m = Membership.objects.get(user=hank)
    client.post(f"/clients/acme/members/{hank_m.pk}/role/", {"role": "admin"})
    hank_m.refresh_from_db()
    assert hank_m.role == "hiring_manager"
    rita_m = Membership.objects.get(user=rita)
    assert client.post(f"/clients/acme/members/{rita_m.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=rita_m.pk).exists()


def test_a_client_admin_removes_a_user(client, carla, hank):
    login(client, carla)
    membership = Membership.objects.get(user=hank)
    assert client.post(f"/clients/acme/members/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed").exists()


def test_nobody_removes_themselves(client, carla):
    login(client, carla)
    membership = Membership.objects.get(user=carla)
    client.post(f"/clients/acme/members/{membership.pk}/remove/")
    assert Membership.objects.filter(pk=membership.pk).exists()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _add_rows(acme, start: int, count: int) -> None:
    from outhire.accounts.services import api_token_create

    for n in range(start, start + count):
        other = Client.objects.create(name=f"Client {n}", slug=f"client-{n}")
        person = User.objects.create_user(f"u{n}@acme.test", "x", full_name=f"U {n}")
        Membership.objects.create(user=person, client=acme, role="interviewer")
        staff = User.objects.create_user(
            f"s{n}@p.test", "x", full_name=f"S {n}", provider_role="recruiter"
        )
        Membership.objects.create(user=staff, client=other, role="recruiter")
        AuditEvent.objects.create(action="test.event", actor_label="x")
        api_token_create(name=f"t{n}", client=acme, can_write=False, by=staff)


def test_pages_use_a_constant_number_of_queries(client, alice, acme):
    login(client, alice)
    _add_rows(acme, 0, 2)
    paths = ["/", "/clients/", "/clients/acme/", "/staff/", "/audit/", "/api-tokens/"]
    few = {p: _queries(client, p) for p in paths}
    _add_rows(acme, 2, 25)
    many = {p: _queries(client, p) for p in paths}
    assert many == few


def test_an_address_taken_in_a_race_is_a_form_error(client, alice, acme, monkeypatch):
    from outhire.accounts.forms import ClientForm

    # Two admins saving the same address at once: both pass the checks, the database decides.
    monkeypatch.setattr(ClientForm, "clean_slug", lambda self: "acme")
    monkeypatch.setattr(Client, "full_clean", lambda self, *a, **kw: None)
    monkeypatch.setattr(Client, "validate_unique", lambda self, *a, **kw: None)
    login(client, alice)
    response = client.post("/clients/new/", {"name": "Acme 2", "slug": "acme", "industry": "other"})
    assert response.status_code == 400
    assert "Another client has just taken this web address." in response.content.decode()
    assert Client.objects.count() == 1
