"""Which webhook URLs may be called: http(s) only and, unless allowed, public addresses only.

A webhook makes the server send requests to an address a client chose; without this check a
client could make it reach services on the provider's own network (server-side request
forgery). The host is resolved once, every address it resolves to is checked, and the request
is then sent to the checked address itself (`PinnedHTTPConnection`): resolving the name again
when connecting would let its DNS answer change in between (DNS rebinding). The Host header and
the TLS server name stay the host name, so virtual hosts and certificates work as usual.

Pure Python, no Django.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.request
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 prefixes (RFC 6052, RFC 8215): the translator sits on the provider's network and
# forwards to the embedded IPv4, whatever it is, so these are refused outright.
NAT64_NETWORKS = (
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
)
# IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291) still route to the IPv4
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class RefusedAddress(ValueError):
    pass


@dataclass(frozen=True)
class Target:
    """Where a webhook request goes: the URL's host name and port, and the checked address
    to connect to (None when private addresses are allowed and nothing was pinned)."""

    host: str
    port: int
    address: str | None


def is_public(address: IPAddress) -> bool:
    """False for every address that is not plainly a public unicast one.

    An IPv6 address that carries an IPv4 one (IPv4-mapped or -compatible, 6to4, Teredo) is
    judged by the IPv4 address too, since that is where its packets end up.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in NAT64_NETWORKS):
            return False
        if address.ipv4_mapped is not None:
            return is_public(address.ipv4_mapped)
        embedded = _embedded_ipv4(address)
        if any(not is_public(ipv4) for ipv4 in embedded):
            return False
        if address.is_site_local:
            return False
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = []
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    if address in IPV4_COMPATIBLE and int(address) > 1:  # not :: or ::1
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _parts(url: str):
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RefusedAddress(_("This is not a valid URL.")) from None
    if parts.scheme not in {"http", "https"}:
        raise RefusedAddress(_("Only http:// and https:// addresses can receive webhooks."))
    if not parts.hostname:
        raise RefusedAddress(_("The URL has no host name."))
    if parts.username or parts.password:
        raise RefusedAddress(_("Put credentials in the secret, not in the URL."))
    return parts, port or (443 if parts.scheme == "https" else 80)


def resolve_url(url: str, *, allow_private: bool) -> Target:
    """The target of `url`, with the address to connect to resolved and checked once.

    Raises RefusedAddress with a reason for people when `url` must not be called: another
    scheme, credentials in the URL, a name that does not resolve, or (unless `allow_private`)
    any of its addresses not public.
    """
    parts, port = _parts(url)
    if allow_private:
        return Target(host=parts.hostname, port=port, address=None)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise RefusedAddress(
            _("The host %(host)s cannot be resolved.") % {"host": parts.hostname}
        ) from None
    found = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not found:
        raise RefusedAddress(_("The host %(host)s cannot be resolved.") % {"host": parts.hostname})
    for address in found:
        if not is_public(address):
            raise RefusedAddress(
                _(
                    "%(host)s resolves to a private or local address (%(address)s); webhooks "
                    "go to public addresses only."
                )
                % {"host": parts.hostname, "address": address}
            )
    return Target(host=parts.hostname, port=port, address=str(found[0]))


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise RefusedAddress with a reason for people when `url` must not be called."""
    resolve_url(url, allow_private=allow_private)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to `target.address`, whatever the host name resolves to now."""

    def __init__(self, *args, target: Target, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._target = target

    def connect(self) -> None:
        if self._target.address is None:
            return super().connect()
        self.sock = socket.create_connection(
            (self._target.address, self.port), self.timeout, self.source_address
        )
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to `target.address`; the certificate is checked for the name."""

    def __init__(self, *args, target: Target, context: ssl.SSLContext, **kwargs) -> None:
        super().__init__(*args, context=context, **kwargs)
        self._target = target
        self._pinned_context = context

    def connect(self) -> None:
        if self._target.address is None:
            return super().connect()
        sock = socket.create_connection(
            (self._target.address, self.port), self.timeout, self.source_address
        )
        self.sock = self._pinned_context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, target: Target) -> None:
        super().__init__()
        self._target = target

    def http_open(self, req):
        return self.do_open(partial(PinnedHTTPConnection, target=self._target), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, target: Target) -> None:
        self._pinned_context = ssl.create_default_context()
        super().__init__(context=self._pinned_context)
        self._target = target

    def https_open(self, req):
        connection = partial(
            PinnedHTTPSConnection, target=self._target, context=self._pinned_context
        )
        return self.do_open(connection, req)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as it is: following it could lead past the address check."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def pinned_opener(target: Target) -> urllib.request.OpenerDirector:
    """A urllib opener sending to `target` only: no redirects, no proxy from the environment
    (a proxy would resolve the name again, past the check)."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _PinnedHTTPHandler(target),
        _PinnedHTTPSHandler(target),
        _NoRedirects,
    )
