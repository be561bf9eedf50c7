"""Which addresses a webhook may reach, and that the one checked is the one connected to.

Every test resolves names through a stand-in for DNS: nothing leaves this machine.
"""

from __future__ import annotations

import socket
import ssl

import pytest

from outhire.webhooks import addresses, services
from outhire.webhooks.models import Delivery
from outhire.webhooks.tests.receiver import Receiver

REFUSED = [
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # carrier-grade NAT
    "0.0.0.0",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.1",
    "198.18.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fec0::1",  # site-local
    "ff02::1",
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8: the translator is on the provider's network
    "64:ff9b:1::a00:1",  # local-use NAT64
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:10.0.0.1",
    "::127.0.0.1",  # IPv4-compatible (deprecated)
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "2001:db8::1",  # documentation
]
ALLOWED = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e"]


def _dns(*answers: str):
    """A getaddrinfo answering `answers` in turn (the last one again after that)."""
    calls: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        answer = answers[min(len(calls), len(answers)) - 1]
        family = socket.AF_INET6 if ":" in answer else socket.AF_INET
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (answer, port))]

    getaddrinfo.calls = calls
    return getaddrinfo


@pytest.mark.parametrize("address", REFUSED)
def test_it_refuses_special_addresses(monkeypatch, address):
    monkeypatch.setattr(socket, "getaddrinfo", _dns(address))
    with pytest.raises(addresses.RefusedAddress, match="private or local"):
        addresses.check_url("https://hooks.example.com/x", allow_private=False)


@pytest.mark.parametrize("address", ALLOWED)
def test_it_allows_public_addresses(monkeypatch, address):
    monkeypatch.setattr(socket, "getaddrinfo", _dns(address))
    target = addresses.resolve_url("https://hooks.example.com/x", allow_private=False)
    assert target.address == address
    assert target.host == "hooks.example.com"


def test_it_refuses_a_name_when_any_of_its_addresses_is_private(monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a00:1", port, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(addresses.RefusedAddress):
        addresses.check_url("https://hooks.example.com/x", allow_private=False)


def test_it_connects_to_the_address_it_checked(acme, carla, settings, monkeypatch):
    """DNS rebinding: the name answers a public address to the check, then 127.0.0.1. The
    delivery must go to the checked address (here routed to a local receiver), with the
    name still in the Host header, and the name must be resolved once."""
    settings.OUTHIRE_WEBHOOK_ALLOW_PRIVATE = True
    with Receiver() as receiver:
        port = receiver.server.server_address[1]
        endpoint, secret = services.endpoint_create(
            client=acme,
            url=f"http://hooks.example.com:{port}/hook",
            events=["hire.created"],
            by=carla,
        )
        receiver.secret = secret
        settings.OUTHIRE_WEBHOOK_ALLOW_PRIVATE = False
        dns = _dns("93.184.216.34", "127.0.0.1")
        monkeypatch.setattr(socket, "getaddrinfo", dns)
        connected: list[tuple] = []

        def create_connection(address, *args, **kwargs):
            connected.append(address)
            # The "public" server is the local receiver; nothing leaves the machine
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.connect(("127.0.0.1", port))
            return sock

        monkeypatch.setattr(socket, "create_connection", create_connection)
        delivery = Delivery.objects.create(
            client=acme, endpoint=endpoint, event="hire.created", body="{}"
        )
        attempt = services.delivery_attempt(delivery=delivery)
    assert attempt.ok, attempt.error
    assert connected == [("93.184.216.34", port)]
    assert dns.calls == ["hooks.example.com"]
    assert receiver.requests[0]["headers"]["host"] == f"hooks.example.com:{port}"
    assert receiver.requests[0]["valid"]


def test_it_sends_the_name_as_tls_server_name(monkeypatch):
    """Over HTTPS the pinned connection still verifies the certificate of the name (SNI)."""
    seen: dict = {}
    context = ssl.create_default_context()

    def wrap_socket(sock, server_hostname=None, **kwargs):
        seen["server_hostname"] = server_hostname
        return sock

    context.wrap_socket = wrap_socket

    def create_connection(address, *args, **kwargs):
        seen["address"] = address
        left, _right = socket.socketpair()
        return left

    monkeypatch.setattr(socket, "create_connection", create_connection)
    target = addresses.Target(host="hooks.example.com", port=443, address="93.184.216.34")
    connection = addresses.PinnedHTTPSConnection(
        "hooks.example.com", 443, target=target, context=context, timeout=5
    )
    connection.connect()
    connection.close()
    assert seen == {"address": ("93.184.216.34", 443), "server_hostname": "hooks.example.com"}
