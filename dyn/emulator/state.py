"""The emulator's state: accounts, API keys, tokens, jobs, the request log, persistence.

State is split into named *parts* (:class:`StatePart`), each able to reset itself to the
seeded state, snapshot itself as JSON and restore from a snapshot. Resource modules add
their own parts (zones, records, ...) with :func:`register_state_part`; every
:class:`State` created afterwards has them, and ``--state FILE`` persists them.

Everything here is guarded by :attr:`State.lock` (an ``RLock``) held by the app while a
handler runs.
"""
from __future__ import annotations

import base64
import collections
import datetime
import gc
import json
import logging
import os
import re
import secrets
import threading
import time
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

from . import envelope
from .faults import Config
from .persist import StateBackend, open_backend
from .store import BaseSessionStore, MemorySessionStore
from dyn.core import MASK, SECRET_KEYS, redact  # noqa: F401  (one redaction rule for SDK and emulator)

__all__ = [
    "State", "StatePart", "register_state_part", "STATE_PARTS", "AccountsPart", "ApiKeysPart",
    "TokensPart", "JobStore", "Job", "RequestLog", "DEMO_ACCOUNT", "DEMO_APIKEY",
    "DEFAULT_PERMISSIONS", "new_token", "redact", "settle_heap", "GC_THRESHOLDS",
]

log = logging.getLogger(__name__)

DEMO_ACCOUNT: Tuple[str, str, str] = ("demo", "demo_user", "demo_password")
"""The built-in TM account (customer, user name, password)."""

DEMO_APIKEY = "demo-api-key"
"""The built-in MM API key."""

DEFAULT_PERMISSIONS: Tuple[str, ...] = (
    "ZoneGet", "ZoneAdd", "ZoneUpdate", "ZoneDelete", "ZonePublish", "ZoneFreeze", "ZoneThaw",
    "ZoneChangeset", "ZoneAddSecondary", "ZoneGetSecondary", "ZoneUpdateSecondary",
    "RecordAdd", "RecordGet", "RecordUpdate", "RecordDelete", "NodeGet", "NodeDelete",
    "UserGet", "UserCreate", "UserUpdate", "UserDelete", "UserPassword", "GroupGet",
    "PermissionReport", "ReportQPS", "JobGet", "TaskGet", "TaskCancel", "DSFGet", "DSFUpdate",
)
"""Permission names reported for a user unless seeded otherwise (names are a guess)."""

FORMAT = "dyn-emulator-state"
_FIRST_JOB_ID = 4_340_980_000


GC_THRESHOLDS: Tuple[int, int, int] = (50_000, 50, 100)
"""Collector thresholds set by :func:`settle_heap`: young collections every 50,000
allocations instead of 700, so fewer old-generation passes happen inside requests."""


def settle_heap() -> None:
    """Move everything alive now (seeds, loaded state, imported modules) out of the
    collector's reach (:func:`gc.freeze`) and raise the thresholds, so no request pays for
    a full-heap pass over long-lived state that is never garbage."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def new_token() -> str:
    """A fresh token: 172 base64 characters, like the live API's."""
    return base64.b64encode(secrets.token_bytes(129)).decode("ascii")


def _utc_now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


# -- parts ----------------------------------------------------------------------------------

class StatePart:
    """One persisted piece of state. Subclasses override the methods they need.

    :param state: the owning :class:`State` (for the clock, the seeds, other parts).
    """

    name = "part"

    ROWS = False
    """Whether the part keeps its content as rows (:meth:`rows`, :meth:`row`,
    :meth:`restore_rows`) and says which it :meth:`touch`-es, so a row backend writes
    only those; otherwise it is one row, its :meth:`snapshot`, compared at each save."""

    def __init__(self, state: "State") -> None:
        self.state = state
        self._touched: Optional[Set[str]] = None

    def touch(self, *keys: str) -> None:
        """Note that the rows ``keys`` may have changed (written at the next save when
        their JSON differs)."""
        if self._touched is not None:
            self._touched.update(keys)

    def touch_all(self) -> None:
        """Note that any row may have changed (the next save compares them all)."""
        self._touched = None

    def take_touched(self) -> Optional[Set[str]]:
        """The keys touched since the last call (None: all of them) and start afresh."""
        touched, self._touched = self._touched, set()
        return touched

    def rows(self) -> Dict[str, Any]:
        """Every row (key -> JSON value) of a ``ROWS`` part."""
        return {"": self.snapshot()}

    def row(self, key: str) -> Any:
        """The current value of one row, None when it does not exist (any more)."""
        return self.rows().get(key)

    def restore_rows(self, rows: Dict[str, Any]) -> None:
        """Replace the content with stored :meth:`rows`."""
        if "" in rows:
            self.restore(rows[""])

    def initialize(self) -> None:
        """Called once when the state is created; resets to the seeds by default."""
        self.reset()

    def reset(self) -> None:
        """Back to the seeded state."""

    def snapshot(self) -> Any:
        """JSON-serialisable content; None means "not persisted"."""
        return None

    def restore(self, data: Any) -> None:
        """Replace the content with a :meth:`snapshot`."""

    def session_ended(self, token: str, session: dict) -> None:
        """A token was logged out or expired (e.g. drop its pending changes)."""


STATE_PARTS: "collections.OrderedDict[str, Callable[[State], StatePart]]" = collections.OrderedDict()
"""Registered part factories by name, in registration order."""


def register_state_part(name: str, factory: Callable[["State"], StatePart]) -> None:
    """Register a part factory (usually the :class:`StatePart` subclass) under ``name``.

    Registering a name again replaces the factory (handy for reloads in tests).
    """
    STATE_PARTS[name] = factory


class AccountsPart(StatePart):
    """TM accounts: (customer, user name, password) triples, each with permission names.

    Customer and user names match case-insensitively; passwords exactly.
    """

    name = "accounts"

    def __init__(self, state: "State") -> None:
        super().__init__(state)
        self.accounts: Dict[Tuple[str, str], dict] = {}

    @staticmethod
    def key(customer: str, username: str) -> Tuple[str, str]:
        """The lookup key of an account."""
        return customer.lower(), username.lower()

    def add(self, customer: str, username: str, password: str,
            permissions: Optional[Iterable[str]] = None) -> dict:
        """Create or replace an account; return it."""
        for label, value in (("customer", customer), ("username", username), ("password", password)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{label} must be a non-empty string")
        account = {"customer": customer, "username": username, "password": password,
                   "permissions": list(DEFAULT_PERMISSIONS if permissions is None else permissions)}
        self.accounts[self.key(customer, username)] = account
        self.state.changed()
        return account

    def find(self, customer: str, username: str) -> Optional[dict]:
        """The account, or None."""
        return self.accounts.get(self.key(customer, username))

    def check(self, customer: str, username: str, password: str) -> Optional[dict]:
        """The account when the password matches, else None."""
        account = self.find(customer, username)
        if account is not None and secrets.compare_digest(account["password"], password):
            return account
        return None

    def reset(self) -> None:
        self.accounts.clear()
        for customer, username, password in self.state.seed_accounts:
            self.add(customer, username, password)

    def snapshot(self) -> List[dict]:
        return [dict(account) for account in self.accounts.values()]

    def restore(self, data: List[dict]) -> None:
        self.accounts.clear()
        for account in data:
            self.add(account["customer"], account["username"], account["password"],
                     account.get("permissions"))


class ApiKeysPart(StatePart):
    """MM API keys and the accounts they belong to.

    Each key maps to one account (a master account, or a sub-account of a master); a
    master's key sees its own account and its sub-accounts.
    """

    name = "apikeys"

    def __init__(self, state: "State") -> None:
        super().__init__(state)
        self.keys: Dict[str, str] = {}
        self.accounts: "collections.OrderedDict[str, dict]" = collections.OrderedDict()

    def add_key(self, apikey: str, **fields: Any) -> dict:
        """Add ``apikey`` with a new master account (``fields`` override the defaults)."""
        if not isinstance(apikey, str) or not apikey.strip():
            raise ValueError("apikey must be a non-empty string")
        if apikey in self.keys:
            return self.accounts[self.keys[apikey]]
        slug = re.sub(r"[^a-z0-9]+", "-", apikey.lower()).strip("-") or "account"
        username = fields.pop("username", None) or f"{slug}@example.com"
        number = 2
        while username in self.accounts:
            username = f"{slug}-{number}@example.com"
            number += 1
        return self._add_account(apikey, username, "Master", None, fields)

    def add_subaccount(self, master_apikey: str, username: str, **fields: Any) -> dict:
        """Add a sub-account under the master account of ``master_apikey`` (new key)."""
        master = self.account_for(master_apikey)
        if master is None:
            raise KeyError(f"unknown API key {master_apikey!r}")
        if username in self.accounts:
            raise ValueError(f"account {username!r} already exists")
        owner = master["username"] if master["usertype"] == "Master" else master["_owner"]
        return self._add_account(secrets.token_hex(16), username, "Sub", owner, fields)

    def _add_account(self, apikey: str, username: str, usertype: str, owner: Optional[str],
                     fields: Dict[str, Any]) -> dict:
        name = username.split("@")[0]
        account = {
            "username": username, "accountname": name, "companyname": "Example Inc.",
            "address": "1 Example Street", "city": "Manchester", "state": "NH",
            "country": "US", "zipcode": "03101", "phone": "6035550100",
            "usertype": usertype, "created": _utc_now_iso(), "apikey": apikey,
            "timezone": "+0000", "tracklinks": "0", "trackopens": "0", "testmode": "0",
            "trackunsubscribes": "0", "max_sample_count": "0", "contactname": name,
            "emailssent": "0",
        }
        account.update({key: value for key, value in fields.items() if key != "_owner"})
        account["_owner"] = owner
        self.accounts[username] = account
        self.keys[apikey] = username
        self.state.changed()
        return account

    def account_for(self, apikey: Optional[str]) -> Optional[dict]:
        """The account an API key belongs to, or None for a missing or unknown key."""
        if not apikey or apikey not in self.keys:
            return None
        return self.accounts.get(self.keys[apikey])

    def visible_accounts(self, apikey: str) -> List[dict]:
        """Accounts a key may see: its own, plus its sub-accounts for a master key."""
        account = self.account_for(apikey)
        if account is None:
            return []
        if account["usertype"] != "Master":
            return [account]
        return [account] + [item for item in self.accounts.values()
                            if item["_owner"] == account["username"]]

    @staticmethod
    def public(account: dict) -> dict:
        """The account as the API shows it (internal keys removed)."""
        return {key: value for key, value in account.items() if not key.startswith("_")}

    def reset(self) -> None:
        self.keys.clear()
        self.accounts.clear()
        for apikey in self.state.seed_apikeys:
            self.add_key(apikey)

    def snapshot(self) -> Dict[str, Any]:
        return {"keys": dict(self.keys), "accounts": [dict(item) for item in self.accounts.values()]}

    def restore(self, data: Dict[str, Any]) -> None:
        self.keys = dict(data.get("keys", {}))
        self.accounts = collections.OrderedDict(
            (item["username"], dict(item)) for item in data.get("accounts", []))


class TokensPart(StatePart):
    """The auth tokens (held in the state's session store)."""

    name = "tokens"
    ROWS = True

    def initialize(self) -> None:
        """Keep what the store holds (a file or shared store may already have tokens)."""

    def reset(self) -> None:
        self.state.tokens.clear()

    def snapshot(self) -> Dict[str, dict]:
        return self.state.tokens.snapshot()

    def restore(self, data: Dict[str, dict]) -> None:
        # A restart does not count as idleness: idle timers start again at load time.
        now = self.state.clock()
        self.state.tokens.clear()
        for token, session in data.items():
            self.state.tokens[token] = dict(session, last_seen=max(session.get("last_seen", 0), now))

    def rows(self) -> Dict[str, dict]:
        return self.state.tokens.snapshot()

    def row(self, key: str) -> Optional[dict]:
        return self.state.tokens.get(key)

    def restore_rows(self, rows: Dict[str, Any]) -> None:
        self.restore(rows)


register_state_part(AccountsPart.name, AccountsPart)
register_state_part(ApiKeysPart.name, ApiKeysPart)
register_state_part(TokensPart.name, TokensPart)


# -- jobs and the request log -------------------------------------------------------------------

class Job:
    """A stored TM response.

    :param job_id: the job number.
    :param owner: the token allowed to read it (None: nobody).
    :param payload: the response body: a TM envelope, or its encoded JSON bytes (kept
        as they are, decoded on demand by :attr:`payload`).
    :param http_status: the HTTP status it was answered with.
    :param polls: how many more ``GET /REST/Job/<id>`` answer ``incomplete``.
    """

    __slots__ = ("job_id", "owner", "_payload", "http_status", "headers", "polls")

    def __init__(self, job_id: int, owner: Optional[str], payload: Any, http_status: int,
                 headers: Sequence[Tuple[str, str]] = (), polls: int = 0) -> None:
        self.job_id = job_id
        self.owner = owner
        self._payload = payload
        self.http_status = http_status
        self.headers = list(headers)
        self.polls = polls

    @property
    def payload(self) -> Any:
        """The response body, decoded."""
        if isinstance(self._payload, (bytes, bytearray)):
            return json.loads(self._payload)
        return self._payload

    @property
    def size(self) -> int:
        """Bytes counted against the store's cap (the encoded body, or an estimate)."""
        if isinstance(self._payload, (bytes, bytearray)):
            return len(self._payload) + 200
        return 1000


class JobStore:
    """Stored TM answers by job id, bounded by bytes and count.

    Answers still "running" (``polls`` left: calls that became jobs) are kept apart and
    always served until a client read them to the end; other answers form a window of
    the most recent ones holding at most ``max_bytes`` encoded bytes and ``limit`` jobs.
    Memory follows live jobs, not traffic.

    :param limit: most jobs in the window (and most running jobs kept).
    :param max_bytes: most encoded bytes in the window.
    """

    def __init__(self, limit: int = 10_000, max_bytes: int = 8 * 1024 * 1024) -> None:
        self.limit = limit
        self.max_bytes = max_bytes
        self._jobs: "collections.OrderedDict[int, Job]" = collections.OrderedDict()
        self._running: "collections.OrderedDict[int, Job]" = collections.OrderedDict()
        self._bytes = 0

    def put(self, job: Job) -> Job:
        """Remember a job, forgetting the oldest finished ones past the caps."""
        old = self._jobs.pop(job.job_id, None)
        if old is not None:
            self._bytes -= old.size
        self._running.pop(job.job_id, None)
        if job.polls > 0:
            self._running[job.job_id] = job
        else:
            self._jobs[job.job_id] = job
            self._bytes += job.size
        self._evict()
        return job

    def _evict(self) -> None:
        while self._jobs and (len(self._jobs) > self.limit or self._bytes > self.max_bytes):
            job_id, job = self._jobs.popitem(last=False)
            self._bytes -= job.size
            if job.polls > 0:  # became a job after it was stored: keep it
                self._running[job_id] = job
        while len(self._running) > self.limit:
            self._running.popitem(last=False)

    def get(self, job_id: int) -> Optional[Job]:
        """The job, or None."""
        job = self._jobs.get(job_id)
        if job is None:
            job = self._running.get(job_id)
        return job

    @property
    def stored_bytes(self) -> int:
        """Bytes counted in the window."""
        return self._bytes

    def clear(self) -> None:
        """Forget every job."""
        self._jobs.clear()
        self._running.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._jobs) + len(self._running)


class RequestLog:
    """The last ``limit`` API requests, secrets masked."""

    def __init__(self, limit: int = 10_000) -> None:
        self._entries: collections.deque = collections.deque(maxlen=limit)
        self._lock = threading.Lock()

    def add(self, entry: dict) -> None:
        """Append an entry (already redacted)."""
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> List[dict]:
        """A copy of the entries, oldest first."""
        with self._lock:
            return [dict(entry) for entry in self._entries]

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __iter__(self) -> Iterator[dict]:
        return iter(self.entries())

    def __len__(self) -> int:
        return len(self._entries)


# -- the state -----------------------------------------------------------------------------------

class State:
    """All emulator state.

    :param seed_accounts: TM accounts restored by :meth:`reset`.
    :param seed_apikeys: MM API keys restored by :meth:`reset`.
    :param config: the default :class:`~dyn.emulator.faults.Config` (restored by reset).
    :param session_store: the token store (a :class:`MemorySessionStore` by default).
    :param state_file: file to restore from at start and save to after changes.
    :param state_backend: how ``state_file`` is kept: ``"sqlite"`` (default),
        ``"json"``, or a :class:`~dyn.emulator.persist.StateBackend` (which may need no file).
    :param clock: wall clock in seconds (token times are persisted, so not monotonic).
    """

    def __init__(self, seed_accounts: Sequence[Tuple[str, str, str]] = (DEMO_ACCOUNT,),
                 seed_apikeys: Sequence[str] = (DEMO_APIKEY,), config: Optional[Config] = None,
                 session_store: Optional[BaseSessionStore] = None,
                 state_file: Optional[str] = None, clock: Callable[[], float] = time.time,
                 state_backend: Union[str, StateBackend, None] = None) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.seed_accounts = [tuple(item) for item in seed_accounts]
        self.seed_apikeys = list(seed_apikeys)
        self.default_config = config or Config()
        self.config = self.default_config
        self.tokens: BaseSessionStore = session_store if session_store is not None else MemorySessionStore()
        self.jobs = JobStore()
        self.log = RequestLog()
        self.state_file = os.fspath(state_file) if state_file else None
        self.dirty = False
        self._job_counter = _FIRST_JOB_ID
        self._last_sweep = float("-inf")
        self.parts: Dict[str, StatePart] = {name: factory(self) for name, factory in STATE_PARTS.items()}
        self.backend: Optional[StateBackend] = None
        if self.state_file:
            self.backend = open_backend(self.state_file, state_backend)
        elif isinstance(state_backend, StateBackend):
            self.backend = state_backend
        with self.lock:
            for part in self.parts.values():
                part.initialize()
            if self.backend is not None:
                self.load()
            self.dirty = False

    # -- parts and ids --

    def part(self, name: str) -> StatePart:
        """The part registered under ``name`` (KeyError when absent)."""
        return self.parts[name]

    @property
    def accounts(self) -> AccountsPart:
        """The TM accounts part."""
        return self.parts["accounts"]  # type: ignore[return-value]

    @property
    def apikeys(self) -> ApiKeysPart:
        """The MM API keys part."""
        return self.parts["apikeys"]  # type: ignore[return-value]

    @property
    def job_counter(self) -> int:
        """The last job id handed out."""
        return self._job_counter

    def next_job_id(self) -> int:
        """A fresh, ever increasing job id."""
        with self.lock:
            self._job_counter += 1
            return self._job_counter

    def changed(self) -> None:
        """Note that persisted state changed (saved after the current request)."""
        self.dirty = True

    # -- sessions --

    def open_session(self, account: dict, ip: str = "") -> str:
        """Create a token for ``account``; return it."""
        token = new_token()
        now = self.clock()
        self._touch_token(token)
        self.tokens[token] = {"customer": account["customer"], "user": account["username"],
                              "created": now, "last_seen": now, "ip": ip, "expired": None}
        self.changed()
        return token

    def check_token(self, token: Optional[str]) -> dict:
        """The live session of ``token``, its idle timer reset.

        :raises ~dyn.emulator.envelope.APIError: the expired-token failure (with the
            reason's first message) for a missing, unknown, logged-out, forcibly expired
            or idle token.
        """
        session = self.tokens.get(token) if token else None
        if session is None:
            raise envelope.expired_token("expired")
        if session.get("expired"):
            raise envelope.expired_token(session["expired"])
        now = self.clock()
        if now - session["last_seen"] > self.config.token_lifetime:
            self.expire_session(token, "inactivity")
            raise envelope.expired_token("inactivity")
        session = dict(session, last_seen=now)
        self.tokens[token] = session
        self._touch_token(token)
        return session

    def _touch_token(self, token: str) -> None:
        self.parts["tokens"].touch(token)

    def close_session(self, token: str) -> None:
        """Log a token out (it becomes unknown)."""
        session = self.tokens.pop(token)
        self._touch_token(token)
        if session is not None:
            self._session_ended(token, session)
            self.changed()

    def expire_session(self, token: str, reason: str) -> None:
        """Mark a token invalid for ``reason`` (a key of ``EXPIRY_REASONS``)."""
        session = self.tokens.get(token)
        if session is not None and not session.get("expired"):
            self.tokens[token] = dict(session, expired=reason)
            self._touch_token(token)
            self._session_ended(token, session)
            self.changed()

    def expire_all(self, reason: str = "expired") -> int:
        """Expire every live token for ``reason``; return how many."""
        if reason not in envelope.EXPIRY_REASONS:
            raise ValueError(f"reason must be one of {', '.join(envelope.EXPIRY_REASONS)}")
        count = 0
        for token, session in list(self.tokens.items()):
            if not session.get("expired"):
                self.expire_session(token, reason)
                count += 1
        return count

    def sweep_tokens(self, grace: float = 86400.0) -> int:
        """Forget tokens idle for longer than the token lifetime plus ``grace`` seconds
        (at most once a minute); return how many were removed."""
        now = self.clock()
        if now - self._last_sweep < 60:
            return 0
        self._last_sweep = now
        limit = self.config.token_lifetime + grace
        stale = [token for token, session in self.tokens.items() if now - session["last_seen"] > limit]
        for token in stale:
            session = self.tokens.pop(token)
            self._touch_token(token)
            if session is not None and not session.get("expired"):
                self._session_ended(token, session)
        if stale:
            self.changed()
        return len(stale)

    def _session_ended(self, token: str, session: dict) -> None:
        for part in self.parts.values():
            part.session_ended(token, session)

    # -- reset and persistence --

    def _reset_parts(self) -> None:
        for part in self.parts.values():
            part.reset()
            part.touch_all()

    def reset(self) -> None:
        """Back to the seeds: no tokens, jobs or log entries, default configuration."""
        with self.lock:
            self._reset_parts()
            self.jobs.clear()
            self.log.clear()
            self.config = self.default_config
            self.changed()

    def snapshot(self) -> Dict[str, Any]:
        """Everything persisted, as one JSON-serialisable dict."""
        with self.lock:
            parts = {}
            for name, part in self.parts.items():
                data = part.snapshot()
                if data is not None:
                    parts[name] = data
            return {"format": FORMAT, "version": 1, "job_counter": self._job_counter, "parts": parts}

    def restore(self, snapshot: Dict[str, Any]) -> None:
        """Load a :meth:`snapshot`; parts it lacks keep their seeded state, seed accounts
        and keys missing from it are added back."""
        if snapshot.get("format") != FORMAT:
            raise ValueError("not a dyn emulator state file")
        self._restore(snapshot, snapshot.get("parts", {}), "restore")

    def restore_rows(self, meta: Dict[str, Any], tables: Dict[str, Dict[str, Any]]) -> None:
        """Load the rows of a row backend: ``meta`` (the state's own rows, e.g.
        ``job_counter``) and each part's rows by part name."""
        self._restore(meta, tables, "restore_rows")

    def _restore(self, meta: Dict[str, Any], parts: Dict[str, Any], method: str) -> None:
        with self.lock:
            self._job_counter = max(self._job_counter, int(meta.get("job_counter", 0)))
            for name, data in parts.items():
                if name in self.parts:
                    getattr(self.parts[name], method)(data)
                else:
                    log.warning("state file has an unknown part %r; ignored", name)
            for customer, username, password in self.seed_accounts:
                if self.accounts.find(customer, username) is None:
                    self.accounts.add(customer, username, password)
            for apikey in self.seed_apikeys:
                self.apikeys.add_key(apikey)

    def load(self) -> None:
        """Restore from the backend (``state_file``)."""
        with self.lock:
            if self.backend is not None:
                self.backend.load(self)

    def save(self) -> None:
        """Persist what changed through the backend (one transaction), if there is one."""
        with self.lock:
            if self.backend is not None:
                self.backend.save(self)
            self.dirty = False

    def save_if_dirty(self) -> None:
        """:meth:`save` when something persisted changed since the last save."""
        if self.dirty and self.backend is not None:
            self.save()

    def close(self) -> None:
        """Save what is left and release the backend's files (the state stays usable in
        memory)."""
        with self.lock:
            self.save_if_dirty()
            if self.backend is not None:
                self.backend.close()
                self.backend = None
