"""Requests to servers people name: calendar links and CalDAV servers (docs/interviews.md).

An address typed in by a user must not make the server reach its own network: only https, only
public addresses (including the IPv4 address inside a NAT64, 6to4, Teredo or IPv4-mapped IPv6
address), and the address checked is the one connected to, so a second DNS answer cannot point
the request elsewhere (DNS rebinding); TLS still checks the certificate against the host name.
Every answer is read within a fixed time and size, and redirects are not followed. Tests with a
local server relax SCHEMES and PRIVATE_HOSTS.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

SCHEMES = frozenset({"https"})
PRIVATE_HOSTS = False
TIMEOUT = 10  # seconds for each step: connecting, each read
TOTAL_SECONDS = 30  # for the whole request, however slowly the server sends
USER_AGENT = "Outhire calendar"


def gettext_noop(message: str) -> str:
    """Marks `message` for the translation catalogues; the code that shows an error translates
    it (`interviews.calendars.error_text`): this module imports no framework."""
    return message


class RemoteError(Exception):
    """Why the request failed, in words for the person whose address it is: `message` with
    `%(name)s` placeholders filled from `params` (str() is the English text)."""

    def __init__(self, message: str, **params) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


# NAT64 prefixes (RFC 6052, RFC 8215): the IPv4 address inside is the one reached.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def is_public(address: str) -> bool:
    """Is this an address on the public internet, including any IPv4 address embedded in it?"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if any(ip in network for network in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


def _address_of(host: str, port: int, name: str) -> str:
    """The address to connect to: resolved once, checked, and then the only one used."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise RemoteError(
            gettext_noop("The %(name)s's host name could not be found."), name=name
        ) from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise RemoteError(gettext_noop("The %(name)s's host name could not be found."), name=name)
    if not PRIVATE_HOSTS and not all(is_public(a) for a in addresses):
        raise RemoteError(
            gettext_noop("The %(name)s points to a private network address."), name=name
        )
    return addresses[0]


class _Pinned:
    """A connection to the address that was checked, not to whatever the name resolves to a
    moment later; TLS still checks the certificate against the host name."""

    def __init__(self, host: str, port: int, *, address: str, **kwargs) -> None:
        super().__init__(host, port, **kwargs)
        self._create_connection = lambda _, *args: socket.create_connection((address, port), *args)
        self.opened: socket.socket | None = None
        self.aborted = False

    def connect(self) -> None:
        super().connect()
        # Kept: the connection forgets its socket once the response has taken it over.
        self.opened = self.sock

    def abort(self) -> None:
        """Wake a read blocked on a server that sends a byte now and then (called by a timer)."""
        self.aborted = True
        if self.opened is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self.opened, socket.SHUT_RDWR)


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    pass


def call(
    method: str,
    url: str,
    *,
    name: str,
    max_bytes: int,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request to `url`, answered within TIMEOUT per step, TOTAL_SECONDS in all and
    `max_bytes`. `name` ("calendar link", "calendar server") is how errors speak of it."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise RemoteError(gettext_noop("The %(name)s must be an https:// address."), name=name)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RemoteError(
            gettext_noop("The %(name)s has an invalid port number."), name=name
        ) from None
    address = _address_of(parts.hostname, port, name)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname, port, address=address, timeout=TIMEOUT)
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    timer = threading.Timer(TOTAL_SECONDS, connection.abort)
    timer.start()
    data = bytearray()
    try:
        connection.request(
            method, path, body=body, headers={"User-Agent": USER_AGENT, **(headers or {})}
        )
        response = connection.getresponse()
        while chunk := response.read1(64 * 1024):
            data += chunk
            if len(data) > max_bytes:
                raise RemoteError(
                    gettext_noop("The %(name)s sent more than %(size)s MB."),
                    name=name,
                    size=max_bytes // (1024 * 1024),
                )
        answer = Answer(
            status=response.status,
            headers={key.lower(): value for key, value in response.getheaders()},
            body=bytes(data),
        )
    except (http.client.HTTPException, OSError) as error:
        if not connection.aborted:
            raise RemoteError(
                gettext_noop("The %(name)s could not be reached: %(error)s"),
                name=name,
                error=str(error),
            ) from None
    finally:
        timer.cancel()
        connection.close()
    if connection.aborted:
        # Cut off by the timer, in whichever read it was waiting
        raise RemoteError(
            gettext_noop("The %(name)s took longer than %(seconds)s seconds to answer."),
            name=name,
            seconds=TOTAL_SECONDS,
        )
    return answer
