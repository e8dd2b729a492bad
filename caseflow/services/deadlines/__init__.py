"""Terms that follow a case (start, pause, resume, close), the changes people make
to them, and the reminder scan."""
