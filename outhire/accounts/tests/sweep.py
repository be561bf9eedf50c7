"""The accounts app's part of the isolation sweep (outhire/tests/test_isolation_sweep.py)."""

# Signing in is for people without a session: the password form and single sign-on read which
# client's identity provider an address belongs to, so they run unscoped and show no client data.
PUBLIC = {"accounts:login", "accounts:sso_start", "accounts:sso_callback"}
