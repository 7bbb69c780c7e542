"""A local emulator of the Dyn Traffic Management (DynECT) and Message Management REST APIs.

:class:`EmulatorApp` is the WSGI application; :class:`Emulator` serves it over HTTP/1.1
(:mod:`dyn.emulator.httpserver`) from a background thread (``python -m dyn.emulator``
from a shell). See ``docs/emulator.rst``.

``Emulator`` is imported on first use; the zone-file support needs dnspython (the
``emulator`` extra), imported only when a zone file is parsed.
"""
from typing import Any

from .app import DropConnection, EmulatorApp
from .envelope import APIError, MMError, Result
from .faults import FAULT_KINDS, Config
from .request import Request
from .router import MM_METHODS, TM_RESOURCES, Context, MMContext
from .state import DEMO_ACCOUNT, DEMO_APIKEY, State, StatePart, register_state_part
from .store import BaseSessionStore, FileSessionStore, MemorySessionStore

__all__ = [
    "Emulator", "EmulatorApp", "DropConnection", "APIError", "MMError", "Result", "Config",
    "FAULT_KINDS", "Request", "TM_RESOURCES", "MM_METHODS", "Context", "MMContext",
    "DEMO_ACCOUNT", "DEMO_APIKEY", "State", "StatePart", "register_state_part",
    "BaseSessionStore", "MemorySessionStore", "FileSessionStore",
]


def __getattr__(name: str) -> Any:
    if name == "Emulator":
        from .server import Emulator
        return Emulator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
