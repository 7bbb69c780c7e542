"""Message Management (email): sessions, accounts, senders, recipients, suppressions,
sending and reports."""
