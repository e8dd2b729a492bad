"""The append-only audit trail: the HMAC chain, its keys, checkpoints, verification
and the daily watch."""
