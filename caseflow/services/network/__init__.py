"""The regional opportunity network (issue #12): the register of talks BZK holds with
regional administrators and ministries, their follow-up actions and the yearly overview per
province (``talks``, ``talk_overview``).

Not built yet in this room: early signals (expected housing needs) recorded from a talk and
their conversion into a case; reminders of follow-up actions by notification or e-mail
(open and overdue follow-ups are shown on the talks list instead)."""
