"""`outhire`: the one command line entry point, Django's management commands with our settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")
    from django.core.management import execute_from_command_line

    from outhire.lib.scopes import unscoped

    # A command acts for the provider as a whole (imports, reports, the demo, key rotation),
    # so it reads every client's rows; the web server's requests scope themselves.
    with unscoped():
        execute_from_command_line(["outhire", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
