"""The journal of unpublished zone changes of a Traffic Management session.

Pending zone changes (record adds, updates and deletes, node deletes) belong to the
server-side session: a new token after a re-login does not have them. The session
notes every successful pending write here, per zone and in order; a successful publish
(``PUT /REST/Zone/<zone>/`` with ``publish``) or discard (``DELETE
/REST/ZoneChanges/<zone>/``) clears the zone. After a transparent re-login the session
re-applies the journal (see :meth:`dyn.tm.session.DynectSession._relogin`) or raises
:class:`~dyn.tm.errors.DynectChangesLostError` naming what was lost.
"""
import re
import threading
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["ZoneJournal", "Entry"]

#: ``(uri, method, args)`` of one pending write, as it was sent.
Entry = Tuple[str, str, Dict[str, Any]]

_PENDING = re.compile(r"^/REST/(?:[A-Za-z0-9]+Record|Node)/([^/]+)", re.I)
_ZONE = re.compile(r"^/REST/Zone/([^/]+)/?$", re.I)
_CHANGES = re.compile(r"^/REST/ZoneChanges/([^/]+)/?$", re.I)
_WRITES = frozenset({"POST", "PUT", "DELETE"})


def _zone_key(name: str) -> str:
    return name.rstrip(".").lower()


class ZoneJournal:
    """Unpublished writes per zone, oldest first (thread-safe)."""

    def __init__(self) -> None:
        self._entries: Dict[str, List[Entry]] = {}
        self._lock = threading.Lock()

    def note(self, uri: str, method: str, args: Dict[str, Any]) -> None:
        """Record the effect of a successful call on the pending changes."""
        method = method.upper()
        if method not in _WRITES:  # reads (most calls) change nothing pending
            return
        zone = _ZONE.match(uri)
        if zone and method == "PUT" and args.get("publish"):
            self.clear(zone.group(1))
            return
        if zone and method == "DELETE":
            self.clear(zone.group(1))
            return
        changes = _CHANGES.match(uri)
        if changes and method == "DELETE":
            self.clear(changes.group(1))
            return
        pending = _PENDING.match(uri)
        if pending:
            with self._lock:
                self._entries.setdefault(_zone_key(pending.group(1)), []).append((uri, method, dict(args)))

    def clear(self, zone: Optional[str] = None) -> None:
        """Forget the entries of *zone* (all zones when None)."""
        with self._lock:
            if zone is None:
                self._entries.clear()
            else:
                self._entries.pop(_zone_key(zone), None)

    def take(self) -> List[Entry]:
        """Remove and return every entry, zone by zone, each zone's in order."""
        with self._lock:
            entries = [entry for items in self._entries.values() for entry in items]
            self._entries.clear()
        return entries

    def pending(self, zone: Optional[str] = None) -> List[Entry]:
        """A copy of the entries of *zone* (all zones when None)."""
        with self._lock:
            if zone is not None:
                return list(self._entries.get(_zone_key(zone), []))
            return [entry for items in self._entries.values() for entry in items]

    def __len__(self) -> int:
        with self._lock:
            return sum(len(items) for items in self._entries.values())

    def __getstate__(self) -> Dict[str, Any]:
        return {"_entries": self.pending_by_zone()}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self._entries = state["_entries"]
        self._lock = threading.Lock()

    def pending_by_zone(self) -> Dict[str, List[Entry]]:
        """A copy of the journal: zone -> entries."""
        with self._lock:
            return {zone: list(items) for zone, items in self._entries.items()}

    def __repr__(self) -> str:
        return "<ZoneJournal %d pending>" % len(self)
