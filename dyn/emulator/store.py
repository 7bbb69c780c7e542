"""Dict-like stores of auth tokens.

Every backend is used like a dict (``token in store``, ``store[token]``,
``store[token] = info``, ``del store[token]``, ``len(store)``, iteration). The metaclass of
:class:`BaseSessionStore` refuses, when the class is created, a backend that does not
define all of the mapping methods, so a broken backend fails at import, not mid-test.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
import threading
from typing import Any, Dict, Iterable, Iterator, Optional

__all__ = ["SessionStoreMeta", "BaseSessionStore", "MemorySessionStore", "FileSessionStore",
           "SqliteStore", "connect_sqlite", "atomic_write_json", "remove_stale_temps"]

log = logging.getLogger(__name__)

REQUIRED_METHODS = ("__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__len__")


class SessionStoreMeta(type):
    """Metaclass that checks, at class creation, that a store defines the mapping methods."""

    def __new__(mcs, name: str, bases: tuple, namespace: dict, **kwargs: Any) -> "SessionStoreMeta":
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        is_root = not any(isinstance(base, SessionStoreMeta) for base in bases)
        if not is_root and not namespace.get("__abstract__", False):
            for method in REQUIRED_METHODS:
                if not callable(getattr(cls, method, None)):
                    raise ValueError(f"{name} must define a method called {method}")
        return cls


class BaseSessionStore(metaclass=SessionStoreMeta):
    """Base of token stores: values are JSON-serialisable dicts describing a session.

    Subclasses must define ``__getitem__``, ``__setitem__``, ``__delitem__``,
    ``__contains__``, ``__iter__`` and ``__len__``; set ``__abstract__ = True`` in an
    intermediate base class to skip the check. The helpers below build on those.
    """

    def get(self, token: str, default: Optional[dict] = None) -> Optional[dict]:
        """The session stored under ``token``, or ``default``."""
        return self[token] if token in self else default

    def pop(self, token: str, default: Optional[dict] = None) -> Optional[dict]:
        """Remove and return the session under ``token`` (``default`` when absent)."""
        if token not in self:
            return default
        value = self[token]
        del self[token]
        return value

    def items(self) -> Iterator[tuple]:
        """Iterate over ``(token, session)`` pairs (a snapshot, safe against changes)."""
        for token in list(self):
            value = self.get(token)
            if value is not None:
                yield token, value

    def clear(self) -> None:
        """Remove every session."""
        for token in list(self):
            del self[token]

    def snapshot(self) -> Dict[str, dict]:
        """A plain dict copy of the whole store."""
        return {token: dict(value) for token, value in self.items()}

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self)} sessions>"


class MemorySessionStore(BaseSessionStore):
    """Tokens in a dict, in memory (the default)."""

    def __init__(self) -> None:
        self._data: Dict[str, dict] = {}
        self._lock = threading.RLock()

    def __getitem__(self, token: str) -> dict:
        with self._lock:
            return self._data[token]

    def __setitem__(self, token: str, value: dict) -> None:
        with self._lock:
            self._data[token] = value

    def __delitem__(self, token: str) -> None:
        with self._lock:
            del self._data[token]

    def __contains__(self, token: object) -> bool:
        with self._lock:
            return token in self._data

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(list(self._data))

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


class FileSessionStore(MemorySessionStore):
    """Tokens kept in memory and written to a JSON file after every change.

    Writes are atomic (a temporary file in the same directory, then :func:`os.replace`),
    so a crash never leaves a half-written file. An existing file is loaded at creation.

    :param path: the JSON file.
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = os.fspath(path)
        remove_stale_temps(self.path)
        if os.path.exists(self.path):
            with open(self.path, encoding="utf-8") as handle:
                loaded = json.load(handle)
            if isinstance(loaded, dict):
                self._data.update({str(k): v for k, v in loaded.items() if isinstance(v, dict)})
            else:
                log.warning("ignoring session file %s: not a JSON object", self.path)

    def __setitem__(self, token: str, value: dict) -> None:
        with self._lock:
            self._data[token] = value
            self._save()

    def __delitem__(self, token: str) -> None:
        with self._lock:
            del self._data[token]
            self._save()

    def clear(self) -> None:
        """Remove every session (one file write)."""
        with self._lock:
            self._data.clear()
            self._save()

    def _save(self) -> None:
        atomic_write_json(self.path, self._data)


SCHEMA = ("CREATE TABLE IF NOT EXISTS rows (part TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
          "PRIMARY KEY (part, key)) WITHOUT ROWID")


def connect_sqlite(path: str, synchronous: str = "NORMAL", wal: bool = True) -> sqlite3.Connection:
    """Open (creating it if needed) an emulator database: the ``rows`` table, WAL journal.

    In WAL mode with ``synchronous=NORMAL`` a committed transaction survives the process
    being killed (``kill -9``); ``FULL`` also survives a power loss (an fsync per commit).
    The connection is in autocommit mode: use :meth:`SqliteStore.transaction` to group writes.
    """
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={synchronous}")
    connection.execute(SCHEMA)
    return connection


class SqliteStore(BaseSessionStore):
    """A dict-like store of JSON values in one ``part`` of an SQLite ``rows`` table.

    Each item is one row, written at once (or at the end of the enclosing
    :meth:`transaction`), so a write costs the same whatever the store holds. Several
    stores can share a connection (one per part); usable as the emulator's token store.

    :param target: a database path, or an open connection (see :func:`connect_sqlite`).
    :param part: the name of the part this store sees.
    """

    def __init__(self, target: "str | sqlite3.Connection", part: str = "tokens") -> None:
        self.connection = target if isinstance(target, sqlite3.Connection) else connect_sqlite(os.fspath(target))
        self.part = part
        self._lock = threading.RLock()
        self._depth = 0

    @contextlib.contextmanager
    def transaction(self) -> Iterator["SqliteStore"]:
        """Group the writes made inside into one transaction (nested: the outer one)."""
        with self._lock:
            if self._depth == 0:
                self.connection.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.connection.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                self.connection.execute("COMMIT")

    def __getitem__(self, key: str) -> Any:
        with self._lock:
            row = self.connection.execute("SELECT value FROM rows WHERE part=? AND key=?",
                                          (self.part, key)).fetchone()
        if row is None:
            raise KeyError(key)
        return json.loads(row[0])

    def __setitem__(self, key: str, value: Any) -> None:
        text = json.dumps(value, separators=(",", ":"))
        with self._lock:
            self.connection.execute("INSERT OR REPLACE INTO rows (part, key, value) VALUES (?, ?, ?)",
                                    (self.part, key, text))

    def __delitem__(self, key: str) -> None:
        with self._lock:
            if self.connection.execute("DELETE FROM rows WHERE part=? AND key=?",
                                       (self.part, key)).rowcount == 0:
                raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return self.connection.execute("SELECT 1 FROM rows WHERE part=? AND key=?",
                                           (self.part, key)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            keys = [row[0] for row in self.connection.execute(
                "SELECT key FROM rows WHERE part=? ORDER BY key", (self.part,))]
        return iter(keys)

    def __len__(self) -> int:
        with self._lock:
            return self.connection.execute("SELECT COUNT(*) FROM rows WHERE part=?", (self.part,)).fetchone()[0]

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, or ``default`` (one query)."""
        try:
            return self[key]
        except KeyError:
            return default

    def pop(self, key: str, default: Any = None) -> Any:
        """Remove and return the value under ``key`` (``default`` when absent)."""
        with self._lock:
            value = self.get(key, default)
            self.connection.execute("DELETE FROM rows WHERE part=? AND key=?", (self.part, key))
            return value

    def items(self) -> Iterator[tuple]:
        """``(key, value)`` pairs in key order (one query)."""
        with self._lock:
            found = self.connection.execute("SELECT key, value FROM rows WHERE part=? ORDER BY key",
                                            (self.part,)).fetchall()
        return ((key, json.loads(text)) for key, text in found)

    def update(self, items: Iterable[tuple]) -> None:
        """Write many ``(key, value)`` pairs (one statement)."""
        rows = [(self.part, key, json.dumps(value, separators=(",", ":"))) for key, value in items]
        with self._lock:
            self.connection.executemany("INSERT OR REPLACE INTO rows (part, key, value) VALUES (?, ?, ?)", rows)

    def clear(self) -> None:
        """Remove every item of the part (one statement)."""
        with self._lock:
            self.connection.execute("DELETE FROM rows WHERE part=?", (self.part,))

    def snapshot(self) -> Dict[str, Any]:
        """A plain dict copy of the whole part."""
        return dict(self.items())


def atomic_write_json(path: str, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically (temporary file + :func:`os.replace`)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".json", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(json.dumps(data, separators=(",", ":")))  # one C-encoder pass, no indent
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _temp_prefix(path: str) -> str:
    return f".tmp-{os.path.basename(path)}-"


def remove_stale_temps(path: str) -> int:
    """Remove temporary files a killed process left beside ``path`` (``kill -9`` between
    the write and the rename); the file itself is always whole. Return how many went."""
    directory = os.path.dirname(os.path.abspath(path))
    prefix = _temp_prefix(path)
    count = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        if name.startswith(prefix) and name.endswith(".json"):
            try:
                os.unlink(os.path.join(directory, name))
                count += 1
            except OSError:
                pass
    if count:
        log.info("removed %d stale temporary file(s) beside %s", count, path)
    return count
