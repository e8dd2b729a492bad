"""The state's places (issue #12, item 3): the register of government office locations and
rijksontmoetingspleinen (``offices``), their import from CSV/XLSX (``office_import``) and
the meeting places shipped as reference data (``meeting_places``).

Not built yet: the map layer on the spreading dashboard, the use of free capacity in the
region matching of a case, the masterplan pages (item 6) and withdrawing an office import
as a batch (an import's changes are audited per office only through ``source`` and
``updated_at``)."""
