"""Use cases. The only layer that commits; every function checks authorisation itself."""
