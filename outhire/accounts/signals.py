"""What the accounts app tells the apps above it, which it may not import (docs/layers.md).

`client_created` is sent inside the transaction that creates a client (by
`services.client_create`, so from the staff page and the API alike), with `client` and `by`:
the pipeline gives the client its standard e-mail templates, the onboarding app its set-up
checklist. A receiver that fails undoes the client.
"""

from __future__ import annotations

from django.dispatch import Signal

client_created = Signal()
