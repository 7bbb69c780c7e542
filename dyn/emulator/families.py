"""The API families the emulator serves, in one explicit list.

A family (:class:`~dyn.emulator.router.Family`) is a subpackage with its model, its
handler modules (each with its own :class:`~dyn.emulator.router.RouteTable`) and its state
parts. To add a family: write the subpackage, give it a ``FAMILY``, and list it in
:data:`FAMILIES` below (see ``docs/architecture.rst``).
"""
from __future__ import annotations

import threading
from typing import List, Optional

from .router import MM_METHODS, TM_RESOURCES, Family, MMRegistry, TMRegistry
from .state import register_state_part

__all__ = ["FAMILIES", "load", "install"]

_lock = threading.Lock()
_loaded = False


def _families() -> List[Family]:
    from . import dns, dsf, mm, sessions

    return [sessions.FAMILY, dns.FAMILY, dsf.FAMILY, mm.FAMILY]


FAMILIES: List[Family] = []
"""The installed families, in order (filled by :func:`load`)."""


def install(families: List[Family], tm: Optional[TMRegistry] = None, mm: Optional[MMRegistry] = None) -> None:
    """Add the routes of *families* to the TM and MM tables (default: the package's) and
    register their state parts; run their ``on_load`` hooks."""
    tm = TM_RESOURCES if tm is None else tm
    mm = MM_METHODS if mm is None else mm
    for family in families:
        for table in family.routes:
            table.install(tm, mm)
        for name, factory in family.state_parts:
            register_state_part(name, factory)
        if family.on_load is not None:
            family.on_load()


def load() -> List[Family]:
    """Install the emulator's families into the default tables (once per process) and
    return them."""
    global _loaded
    with _lock:
        if not _loaded:
            FAMILIES[:] = _families()
            install(FAMILIES)
            _loaded = True
    return list(FAMILIES)
