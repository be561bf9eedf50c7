"""The operator's endpoints in the isolation sweep (see outhire/tests/test_isolation_sweep.py).

They hold no tenant data: no parameter names a client's object, no view reads a client's rows
(so they need no `@public_page` opt-out: a client-owned query there would raise), and what they
answer is the same for every caller. The sweep requests them as every caller like any other URL
and checks, through `OPERATIONS`, that they are exactly these and show no marker of client A.
"""

from __future__ import annotations

OPERATIONS = {"ops:healthz", "ops:readyz", "ops:metrics"}
