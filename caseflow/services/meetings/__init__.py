"""The ministerraad calendar kept by the secretariat, and moving or cancelling a meeting."""
