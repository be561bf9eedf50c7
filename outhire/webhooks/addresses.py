"""Which webhook URLs may be called: http(s) only and, unless allowed, no private addresses.

A webhook makes the server send requests to an address a client chose; without this check a
client could make it reach services on the provider's own network (server-side request
forgery). The host is resolved and every address it resolves to is checked, at creation and
again before each request (a DNS answer can change). Pure Python, no Django.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class RefusedAddress(ValueError):
    pass


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise RefusedAddress with a reason for people when `url` must not be called."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RefusedAddress("This is not a valid URL.") from None
    if parts.scheme not in {"http", "https"}:
        raise RefusedAddress("Only http:// and https:// addresses can receive webhooks.")
    if not parts.hostname:
        raise RefusedAddress("The URL has no host name.")
    if parts.username or parts.password:
        raise RefusedAddress("Put credentials in the secret, not in the URL.")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise RefusedAddress(f"The host {parts.hostname} cannot be resolved.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise RefusedAddress(
                f"{parts.hostname} resolves to a private or local address ({address}); "
                "webhooks go to public addresses only."
            )
