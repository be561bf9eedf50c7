"""The few CalDAV requests (RFC 4791) Outhire makes to an interviewer's own calendar server:
find their calendar, read its events in a window (for busy times), and write, move and remove
the events of their interviews. No Django here.

Every request goes through remote.py (https, public hosts only, bounded answers). Answers are
XML from a server a user named, read with defusedxml (no entities, no external references).
The calendar libraries of PyPI were weighed and not taken: `caldav` 2.x pulls niquests and
urllib3-future, and 1.x the LGPL recurring-ical-events, for the four requests needed here.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urljoin, urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from outhire.interviews import remote
from outhire.interviews.remote import gettext_noop

MAX_BYTES = 2 * 1024 * 1024
NS = {"d": "DAV:", "c": "urn:ietf:params:xml:ns:caldav"}
# The UIDs of Outhire's own interview events (ics.py): read back, they are not other busy time,
# as the interviews themselves are already counted.
OWN_UID = re.compile(rb"^UID:interview-[0-9a-f-]+@outhire\r?$", re.MULTILINE | re.IGNORECASE)

PROPFIND_DISCOVERY = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:resourcetype/><d:current-user-principal/><c:calendar-home-set/>
  <d:displayname/><c:supported-calendar-component-set/></d:prop>
</d:propfind>"""

REPORT_EVENTS = """<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><c:calendar-data/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
    <c:time-range start="{start}" end="{end}"/>
  </c:comp-filter></c:comp-filter></c:filter>
</c:calendar-query>"""


class CalDAVError(remote.RemoteError):
    """What went wrong, in words for the person whose calendar it is (`message` and `params`
    as for RemoteError)."""


@dataclass(frozen=True)
class Account:
    url: str  # the server, principal or calendar address the person gave
    username: str
    password: str

    def headers(self, **more: str) -> dict[str, str]:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return {"Authorization": f"Basic {token}", **more}


def _request(account: Account, method: str, url: str, *, body=None, **headers) -> remote.Answer:
    try:
        answer = remote.call(
            method,
            url,
            name=gettext_noop("calendar server"),
            max_bytes=MAX_BYTES,
            body=body,
            headers=account.headers(**headers),
        )
    except remote.RemoteError as error:
        raise CalDAVError(error.message, **error.params) from None
    if answer.status in (401, 403):
        raise CalDAVError(gettext_noop("The calendar server refused the user name or password."))
    return answer


def _multistatus(answer: remote.Answer) -> list:
    if answer.status != 207:
        raise CalDAVError(
            gettext_noop("The calendar server answered HTTP %(status)s."), status=answer.status
        )
    try:
        root = ElementTree.fromstring(answer.body)
    except (ElementTree.ParseError, DefusedXmlException):
        raise CalDAVError(
            gettext_noop("The calendar server's answer is not readable XML.")
        ) from None
    return root.findall("d:response", NS)


def _props(response) -> tuple[str, object]:
    href = response.findtext("d:href", default="", namespaces=NS).strip()
    for propstat in response.findall("d:propstat", NS):
        if "200" in propstat.findtext("d:status", default="", namespaces=NS):
            return href, propstat.find("d:prop", NS)
    return href, None


def _propfind(account: Account, url: str, depth: str) -> list[tuple[str, object]]:
    answer = _request(
        account,
        "PROPFIND",
        url,
        body=PROPFIND_DISCOVERY,
        Depth=depth,
        **{"Content-Type": "application/xml; charset=utf-8"},
    )
    return [_props(response) for response in _multistatus(answer)]


def _same_server(base: str, href: str) -> str:
    """An href of the answer as an absolute URL, refused if it leads to another server."""
    absolute = urljoin(base, href)
    if urlsplit(absolute)[:2] != urlsplit(base)[:2]:
        raise CalDAVError(gettext_noop("The calendar server points to another server."))
    return absolute


def _is_event_calendar(prop) -> bool:
    if prop is None or prop.find("d:resourcetype/c:calendar", NS) is None:
        return False
    components = prop.findall("c:supported-calendar-component-set/c:comp", NS)
    return not components or any(c.get("name") == "VEVENT" for c in components)


def find_calendar(account: Account) -> tuple[str, str]:
    """(address, name) of the calendar to use: the one given, else the first event calendar of
    the person's calendar home (found through their principal, RFC 5397 and RFC 4791)."""
    url = account.url
    for _step in range(3):
        found = _propfind(account, url, "0")
        if not found:
            break
        _href, prop = found[0]
        if _is_event_calendar(prop):
            return url, (prop.findtext("d:displayname", default="", namespaces=NS) or "Calendar")
        if prop is None:
            break
        home = prop.findtext("c:calendar-home-set/d:href", default="", namespaces=NS).strip()
        principal = prop.findtext(
            "d:current-user-principal/d:href", default="", namespaces=NS
        ).strip()
        if home:
            for href, inner in _propfind(account, _same_server(url, home), "1"):
                if _is_event_calendar(inner):
                    name = inner.findtext("d:displayname", default="", namespaces=NS)
                    return _same_server(url, href), name or "Calendar"
            raise CalDAVError(
                gettext_noop("The calendar server has no calendar for events for this account.")
            )
        if not principal or _same_server(url, principal) == url:
            break
        url = _same_server(url, principal)
    raise CalDAVError(
        "No calendar was found at this address. Give the address of the calendar itself."
    )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def events_between(account: Account, calendar_url: str, start: datetime, end: datetime) -> bytes:
    """The calendar's events in [start, end) as iCalendar data, Outhire's own events left out."""
    body = REPORT_EVENTS.format(start=_stamp(start), end=_stamp(end)).encode()
    answer = _request(
        account,
        "REPORT",
        calendar_url,
        body=body,
        Depth="1",
        **{"Content-Type": "application/xml; charset=utf-8"},
    )
    parts = []
    for response in _multistatus(answer):
        data = response.findtext(".//c:calendar-data", default="", namespaces=NS)
        encoded = data.strip().encode()
        if encoded and not OWN_UID.search(encoded):
            parts.append(encoded)
    return b"\r\n".join(parts)


def _event_url(calendar_url: str, uid: str) -> str:
    return calendar_url.rstrip("/") + "/" + quote(uid, safe="") + ".ics"


def put_event(account: Account, calendar_url: str, uid: str, data: bytes) -> None:
    """Create or replace the event `uid` (the same address every time, so a move replaces it)."""
    answer = _request(
        account,
        "PUT",
        _event_url(calendar_url, uid),
        body=data,
        **{"Content-Type": "text/calendar; charset=utf-8"},
    )
    if answer.status not in (200, 201, 204):
        raise CalDAVError(
            gettext_noop("The calendar server did not save the event (HTTP %(status)s)."),
            status=answer.status,
        )


def delete_event(account: Account, calendar_url: str, uid: str) -> None:
    """Remove the event `uid`; already gone is fine."""
    answer = _request(account, "DELETE", _event_url(calendar_url, uid))
    if answer.status not in (200, 204, 404, 410):
        raise CalDAVError(
            gettext_noop("The calendar server did not remove the event (HTTP %(status)s)."),
            status=answer.status,
        )
