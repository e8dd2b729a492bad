"""Spreading insight: employment figures and their imports, the spreidingstoets,
the /spreiding dashboard, region profiles and matching, the impact of one case."""
