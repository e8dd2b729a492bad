"""Who is told what: notifications, the mail outbox and its delivery, the inbox."""
