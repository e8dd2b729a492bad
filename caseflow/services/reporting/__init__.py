"""Reporting to parliament: the annual overview, and total formatting of export cells."""
