"""Running the application in production: health and readiness of a process, the check of
the configuration before start-up, and the request log."""
