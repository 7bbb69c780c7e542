"""Message Management (email): accounts, senders, recipients, suppressions, sending (to
the outbox) and reports. The model is :mod:`.model`."""
from ..router import Family
from . import accounts, recipients, reports, send, senders, suppressions
from .model import EmailPart

__all__ = ["FAMILY"]

FAMILY = Family("mm", routes=[accounts.ROUTES, senders.ROUTES, recipients.ROUTES, suppressions.ROUTES,
                              send.ROUTES, reports.ROUTES],
                state_parts=[(EmailPart.name, EmailPart)])
"""The email family."""
