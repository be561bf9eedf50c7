"""Translation for the pure domain modules (billing.amounts, analytics.forecast...), which import
no framework: they mark their words with `_` from here, and outhire.lib.i18n installs Django's
gettext when Django runs. Without Django (a script, the command line) the words stay English.
`makemessages` finds the `_("...")` calls as in any module."""

from __future__ import annotations

from collections.abc import Callable


def _identity(message: str) -> str:
    return message


_translate: Callable[[str], str] = _identity


def install(translate: Callable[[str], str]) -> None:
    global _translate
    _translate = translate


def gettext(message: str) -> str:
    """`message` in the active language."""
    return _translate(message)


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogues and leaves it in English: for words fixed at import
    time, which the page translates when it shows them."""
    return message
