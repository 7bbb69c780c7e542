"""Sessions and jobs: ``Session`` (login, keep-alive, logout), ``Password``,
``UserPermissionReport`` and ``Job`` (the answers of earlier calls). The accounts, tokens
and jobs themselves are core state (:mod:`dyn.emulator.state`)."""
from ..router import Family
from . import handlers

__all__ = ["FAMILY"]

FAMILY = Family("sessions", routes=[handlers.ROUTES])
"""The sessions family."""
