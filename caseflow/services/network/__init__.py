"""The regional opportunity network (issue #12): the register of talks BZK holds with
regional administrators and ministries, their follow-up actions and the yearly overview per
province (``talks``, ``talk_overview``); early signals of a housing need, matched like a case
and converted into one (``signals``).

Not built yet in this room: editing a signal on screen (see ``signals``); reminders of
follow-up actions by notification or e-mail (open and overdue follow-ups are shown on the
talks list instead)."""
