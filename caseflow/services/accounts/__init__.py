"""Accounts: who may log in and how. Password rules, two-factor login, sessions and the
security-event log live here; ``services.auth`` and ``services.users`` use them."""
