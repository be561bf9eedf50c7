"""Runs the test identity provider: `python -m outhire.accounts.tests.oidc_idp.serve PORT`.

Environment: IDP_DB (a SQLite file), IDP_RSA_KEY (PEM), IDP_SETUP (JSON: "client_id",
"client_secret", "redirect_uri", "users": [{"email", "password", "name", "groups"}]).
"""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "outhire.accounts.tests.oidc_idp.settings"


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    setup = settings.IDP_SETUP
    for person in setup["users"]:
        first, _, last = person["name"].partition(" ")
        user = User.objects.create_user(
            username=person["email"],
            email=person["email"],
            password=person["password"],
            first_name=first,
            last_name=last,
        )
        for name in person["groups"]:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    Application.objects.create(
        name="Outhire",
        client_id=setup["client_id"],
        client_secret=setup["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=setup["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
