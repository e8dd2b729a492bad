"""The state's places (issue #12, item 3): the register of government office locations and
rijksontmoetingspleinen (``offices``), their import from CSV/XLSX (``office_import``), the
meeting places shipped as reference data (``meeting_places``), the room they offer a
region in the matching of a case and on the spreading dashboard's map (``rooms``), and the
13 masterplans as places with their cases, offices and meeting places (``masterplans``, item 6).

Not built yet: markers at the places themselves (the register has no coordinates, so the
map marks provinces), offices in the matching of early signals (item 2), and withdrawing
an office import as a batch as the figures import can (an import overwrites matching
offices; what it replaced is not kept, only each office's ``source`` and ``updated_at``)."""
