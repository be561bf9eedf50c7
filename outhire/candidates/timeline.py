"""A timeline summary in the reader's language.

Summaries are written once, in the default language (`services._stored`), and read by people of
every language. The ones the talent network writes are recognised here and said again in the
active language; any other (another app's, or one whose words are not recognised) is shown as
written.
"""

from __future__ import annotations

import functools
import re

from django.utils.translation import get_language, gettext, gettext_noop

from outhire.candidates.models import Candidate, Consent, Document, Note, ProfileEntry

ENGLISH = "en"


@functools.cache
def _english_labels(choices) -> dict[str, object]:
    """English label (as `_stored` wrote it) -> the lazy label; lower-cased keys."""
    from django.utils import translation

    with translation.override(ENGLISH):
        return {str(label).casefold(): label for _value, label in choices.choices}


def _label(choices, stored: str) -> str | None:
    label = _english_labels(choices).get(stored.casefold())
    if label is None:
        return None
    return str(label)


# (pattern of the stored summary, message, the parameters that are choice labels)
SUMMARIES = [
    (
        re.compile(r"^Added to the talent network \((?P<source>[^()]+)\)$"),
        gettext_noop("Added to the talent network (%(source)s)"),
        {"source": Candidate.Source},
    ),
    (re.compile(r"^Profile details edited$"), gettext_noop("Profile details edited"), {}),
    (re.compile(r"^Details added by an import$"), gettext_noop("Details added by an import"), {}),
    (
        re.compile(r"^Note added \((?P<visibility>[^()]+)\)$"),
        gettext_noop("Note added (%(visibility)s)"),
        {"visibility": Note.Visibility},
    ),
    (
        re.compile(r"^Consent given: (?P<purpose>.+)$"),
        gettext_noop("Consent given: %(purpose)s"),
        {"purpose": Consent.Purpose},
    ),
    (
        re.compile(r"^Consent withdrawn: (?P<purpose>.+)$"),
        gettext_noop("Consent withdrawn: %(purpose)s"),
        {"purpose": Consent.Purpose},
    ),
    (
        re.compile(r"^Added to the talent pool “(?P<pool>.+)”$"),
        gettext_noop("Added to the talent pool “%(pool)s”"),
        {},
    ),
    (
        re.compile(r"^Removed from the talent pool “(?P<pool>.+)”$"),
        gettext_noop("Removed from the talent pool “%(pool)s”"),
        {},
    ),
    (
        re.compile(r"^(?P<kind>[^:]+) added: (?P<name>.+)$"),
        gettext_noop("%(kind)s added: %(name)s"),
        {"kind": ProfileEntry.Kind},
    ),
    (
        re.compile(r"^(?P<kind>[^:]+) corrected: (?P<name>.+)$"),
        gettext_noop("%(kind)s corrected: %(name)s"),
        {"kind": ProfileEntry.Kind},
    ),
    (
        re.compile(r"^(?P<kind>[^:]+) removed: (?P<name>.+)$"),
        gettext_noop("%(kind)s removed: %(name)s"),
        {"kind": ProfileEntry.Kind},
    ),
    (
        re.compile(r"^Merged with duplicate record #(?P<id>\d+)$"),
        gettext_noop("Merged with duplicate record #%(id)s"),
        {},
    ),
    (
        re.compile(r"^(?P<kind>.+) uploaded$"),
        gettext_noop("%(kind)s uploaded"),
        {"kind": Document.Kind},
    ),
    (re.compile(r"^(?P<kind>.+) read$"), gettext_noop("%(kind)s read"), {"kind": Document.Kind}),
]


def summary_in_language(summary: str) -> str:
    """`summary` in the active language when it is one the talent network writes."""
    language = get_language() or ENGLISH
    if language.startswith(ENGLISH):
        return summary
    for pattern, message, choices in SUMMARIES:
        found = pattern.match(summary)
        if not found:
            continue
        params = found.groupdict()
        for name, kind in choices.items():
            label = _label(kind, params[name])
            if label is None:
                break
            params[name] = label
        else:
            return gettext(message) % params
    return summary
