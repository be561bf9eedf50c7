"""A real local HTTP endpoint for webhook tests: it checks each request's signature.

`Receiver(secret, fail_first=n)` answers 500 to the first n requests, then 200 (or 401 when
the signature does not check out). It runs http.server in a thread on a free loopback port.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from outhire.webhooks.signing import verify


class Receiver:
    def __init__(self, secret: str = "", *, fail_first: int = 0) -> None:
        self.secret = secret
        self.fail_first = fail_first
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                valid = verify(
                    receiver.secret,
                    headers.get("x-outhire-timestamp", ""),
                    body,
                    headers.get("x-outhire-signature", ""),
                )
                receiver.requests.append(
                    {"headers": headers, "body": json.loads(body), "valid": valid}
                )
                if len(receiver.requests) <= receiver.fail_first:
                    status = 500
                else:
                    status = 200 if valid else 401
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"no")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
