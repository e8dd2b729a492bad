"""Cases in bulk: the lists and work queues with search, sort and keyset pages, the
counts per state, and the export of a list."""
