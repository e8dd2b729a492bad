"""Setting up an installation: seeding reference and demo data, database roles."""
