"""Where ``--state`` keeps the emulator's state: backends behind one small interface.

A backend loads a :class:`~dyn.emulator.state.State` at start and saves it after each API
write (:meth:`StateBackend.save` runs once per write, with the state lock held):

- :class:`SqliteStateBackend` (the default): an SQLite database (standard library
  :mod:`sqlite3`, WAL journal). Every part's content is a set of *rows* (key -> JSON
  value) in a dict-like :class:`~dyn.emulator.store.SqliteStore`; a save writes, in one
  transaction, only the rows that changed, so its cost follows what the call touched,
  not the size of the state. A committed save survives ``kill -9``. A file in the JSON
  format below found at the path is imported on first start (kept beside it as
  ``<path>.imported.json``).
- :class:`JsonStateBackend`: the whole snapshot in one JSON file, rewritten atomically
  at every save (readable, but its cost grows with the state).

Other backends plug in by subclassing :class:`RowStateBackend` and providing dict-like
tables (any :class:`~dyn.emulator.store.BaseSessionStore`) and a transaction, as
:class:`MemoryRowBackend` does.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
from typing import Any, Dict, Iterator, Optional, Set, Union

from .store import (BaseSessionStore, MemorySessionStore, SqliteStore, atomic_write_json,
                    connect_sqlite, remove_stale_temps)

__all__ = ["StateBackend", "JsonStateBackend", "RowStateBackend", "MemoryRowBackend",
           "SqliteStateBackend", "open_backend", "BACKENDS", "STATE_TABLE", "is_json_state"]

log = logging.getLogger(__name__)

STATE_TABLE = "_state"
"""The table holding the state's own rows (format, version, job counter)."""

FORMAT = "dyn-emulator-state"


def _encode(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def is_json_state(path: str) -> bool:
    """Whether ``path`` holds a state file in the JSON format (starts with ``{``)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(64).lstrip()[:1] == b"{"
    except OSError:
        return False


class StateBackend:
    """Base of state backends."""

    name = "backend"

    def load(self, state: Any) -> bool:
        """Restore ``state`` from the backend; return whether anything was there."""
        return False

    def save(self, state: Any) -> None:
        """Persist what changed in ``state`` since the last save (lock held)."""

    def close(self) -> None:
        """Release files and connections (idempotent)."""


class JsonStateBackend(StateBackend):
    """The whole snapshot in one JSON file, rewritten atomically at each save.

    :param path: the JSON file.
    """

    name = "json"

    def __init__(self, path: str) -> None:
        self.path = os.fspath(path)
        remove_stale_temps(self.path)

    def load(self, state: Any) -> bool:
        if not os.path.exists(self.path):
            return False
        with open(self.path, encoding="utf-8") as handle:
            state.restore(json.load(handle))
        log.info("restored emulator state from %s", self.path)
        return True

    def save(self, state: Any) -> None:
        atomic_write_json(self.path, state.snapshot())


class RowStateBackend(StateBackend):
    """State as rows in dict-like tables, one table per part; a save writes only the rows
    whose JSON changed since they were last written, in one :meth:`transaction`.

    Parts that keep rows (``ROWS = True``: zones, tokens, e-mail) say which rows they
    touched (:meth:`~dyn.emulator.state.StatePart.touch`); other parts are one row
    (``""``, their snapshot) compared at each save. Subclasses give :meth:`table`,
    :meth:`table_names` and :meth:`transaction`.
    """

    def __init__(self) -> None:
        self._written: Dict[str, Dict[str, int]] = {}

    # -- what a storage provides --

    def table(self, name: str) -> BaseSessionStore:
        """The dict-like table of part ``name`` (created when needed)."""
        raise NotImplementedError

    def table_names(self) -> Set[str]:
        """The names of the tables holding rows."""
        raise NotImplementedError

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make the writes inside atomic (all or none survive a crash)."""
        yield

    # -- load and save --

    def load(self, state: Any) -> bool:
        names = self.table_names()
        if not names:
            return False
        loaded = {name: dict(self.table(name).items()) for name in names}
        meta = loaded.pop(STATE_TABLE, {})
        state.restore_rows(meta, loaded)
        self._written = {name: {key: hash(_encode(value)) for key, value in rows.items()}
                         for name, rows in loaded.items()}
        self._written[STATE_TABLE] = {key: hash(_encode(value)) for key, value in meta.items()}
        for part in state.parts.values():  # what was read is what is stored
            part.take_touched()
        return True

    def import_snapshot(self, state: Any, snapshot: Dict[str, Any]) -> None:
        """Restore ``state`` from a JSON-format snapshot and write it all as rows."""
        state.restore(snapshot)
        for part in state.parts.values():
            part.touch_all()
        self.save(state)

    def save(self, state: Any) -> None:
        changes = {STATE_TABLE: self._diff(STATE_TABLE, {"format": FORMAT, "version": 2,
                                                         "job_counter": state.job_counter}, full=False)}
        for name, part in state.parts.items():
            touched = part.take_touched()
            if part.ROWS:
                full = touched is None
                rows = part.rows() if full else {key: part.row(key) for key in touched}
            else:
                snapshot = part.snapshot()
                if snapshot is None:
                    continue
                full, rows = False, {"": snapshot}
            changes[name] = self._diff(name, rows, full)
        changes = {name: rows for name, rows in changes.items() if rows}
        if not changes:
            return
        with self.transaction():
            for name, rows in changes.items():
                table = self.table(name)
                for key, (value, _digest) in rows.items():
                    if value is None:
                        table.pop(key, None)
                    else:
                        table[key] = value
        for name, rows in changes.items():  # only once committed
            written = self._written.setdefault(name, {})
            for key, (value, digest) in rows.items():
                if value is None:
                    written.pop(key, None)
                else:
                    written[key] = digest

    def _diff(self, name: str, rows: Dict[str, Any], full: bool) -> Dict[str, tuple]:
        """``{key: (value or None to delete, digest)}`` for the rows that differ from
        what was written; ``full``: ``rows`` is everything (other keys are deleted)."""
        written = self._written.get(name, {})
        out: Dict[str, tuple] = {}
        for key, value in rows.items():
            if value is None:
                if key in written:
                    out[key] = (None, 0)
                continue
            digest = hash(_encode(value))
            if written.get(key) != digest:
                out[key] = (value, digest)
        if full:
            out.update((key, (None, 0)) for key in written if key not in rows)
        return out


class _CopyingStore(MemorySessionStore):
    """Keeps a JSON copy of each value (never the live object)."""

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, json.loads(_encode(value)))


class MemoryRowBackend(RowStateBackend):
    """Rows in :class:`~dyn.emulator.store.MemorySessionStore` tables (for tests, and as
    the smallest example of a backend)."""

    name = "memory"

    def __init__(self) -> None:
        super().__init__()
        self.tables: Dict[str, MemorySessionStore] = {}

    def table(self, name: str) -> BaseSessionStore:
        return self.tables.setdefault(name, _CopyingStore())

    def table_names(self) -> Set[str]:
        return {name for name, table in self.tables.items() if len(table)}


class SqliteStateBackend(RowStateBackend):
    """State rows in an SQLite database (WAL journal), one transaction per save.

    :param path: the database file; a JSON-format state file there is imported first.
    :param synchronous: SQLite's ``synchronous`` setting: ``NORMAL`` (default) keeps
        every committed save through ``kill -9``; ``FULL`` also through a power loss.
    """

    name = "sqlite"

    def __init__(self, path: str, synchronous: str = "NORMAL") -> None:
        super().__init__()
        self.path = os.fspath(path)
        self.synchronous = synchronous
        self._pending_import: Optional[Dict[str, Any]] = None
        if is_json_state(self.path):
            with open(self.path, encoding="utf-8") as handle:
                self._pending_import = json.load(handle)
            self._move_json_aside()
        self.connection = connect_sqlite(self.path, synchronous)
        self._tables: Dict[str, SqliteStore] = {}

    def _move_json_aside(self) -> None:
        """Keep the JSON file as ``<path>.imported.json`` and free the path for the
        database (the JSON is imported by :meth:`load`, in one transaction)."""
        backup = self.path + ".imported.json"
        os.replace(self.path, backup)
        log.warning("importing the JSON state file %s into an SQLite database (the JSON file "
                    "is kept as %s)", self.path, backup)

    def table(self, name: str) -> BaseSessionStore:
        store = self._tables.get(name)
        if store is None:
            store = self._tables[name] = SqliteStore(self.connection, name)
        return store

    def table_names(self) -> Set[str]:
        return {row[0] for row in self.connection.execute("SELECT DISTINCT part FROM rows")}

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def load(self, state: Any) -> bool:
        backup = self.path + ".imported.json"
        if self._pending_import is None and not self.table_names() and is_json_state(backup):
            with open(backup, encoding="utf-8") as handle:  # killed between move and import
                self._pending_import = json.load(handle)
        if self._pending_import is not None:
            snapshot, self._pending_import = self._pending_import, None
            self.import_snapshot(state, snapshot)
            log.info("imported the JSON state into %s", self.path)
            return True
        loaded = super().load(state)
        if loaded:
            log.info("restored emulator state from %s", self.path)
        return loaded

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # pragma: no cover - already closed
            pass


BACKENDS = {"sqlite": SqliteStateBackend, "json": JsonStateBackend}
"""Backend classes by the name ``--state-format`` takes."""


def open_backend(path: str, kind: Union[str, StateBackend, None] = None) -> StateBackend:
    """The backend for ``path``: ``kind`` is a name of :data:`BACKENDS` (default
    ``sqlite``) or a ready backend."""
    if isinstance(kind, StateBackend):
        return kind
    try:
        factory = BACKENDS[kind or "sqlite"]
    except KeyError:
        raise ValueError(f"state format must be one of {', '.join(BACKENDS)}, not {kind!r}") from None
    return factory(path)
