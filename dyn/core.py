"""The session engine: per-thread session registry and the one request pipeline.

* :class:`Singleton` keeps, for every ``__metakey__``, one session per thread.
  Creation is safe under concurrency, and the sessions of a thread that ends are
  dropped from the registry and their connections closed.
* :class:`SessionEngine` is the request pipeline shared by Traffic Management and
  Message Management: :meth:`SessionEngine.execute` builds the request, sends it through
  a :mod:`transport <dyn.transport>`, decodes the envelope and applies the policy (job
  polling, re-login on an expired token, bounded retries, error mapping). Subclasses
  only describe their envelope and encoding through a handful of hooks.
"""
import copy
import datetime
import hashlib
import itertools
import json
import logging
import random
import threading
import time
import weakref
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Tuple

from dyn import __version__
from dyn.transport import Response, Transport, TransportError, build_transport

__all__ = ["Singleton", "SessionEngine", "RetryPolicy", "Reply", "cleared_class_dict", "clean_args",
           "redact", "is_idempotent"]

log = logging.getLogger(__name__)

#: Argument names whose values are secrets: never logged, never kept in history.
SECRET_KEYS = frozenset({"password", "new_password", "old_password", "token", "auth_token", "auth-token",
                         "apikey", "api_key", "secret", "key_secret", "tsig_key", "proxy_pass"})
MASK = "********"
IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})
#: PUT arguments that act (publish, freeze, ...) rather than set a value: a PUT carrying
#: one of them with a true value is not idempotent and is never re-sent blindly.
ACTING_PUT_ARGS = frozenset({"publish", "freeze", "thaw", "activate", "deactivate", "recover", "cancel",
                             "retry", "abort", "reset"})


def is_idempotent(method: str, args: Optional[Mapping[str, Any]] = None) -> bool:
    """Whether sending ``method`` with ``args`` twice has the effect of sending it once.

    GET, DELETE, HEAD and OPTIONS are; POST is not; a PUT is unless one of its arguments
    acts (see :data:`ACTING_PUT_ARGS`).
    """
    method = str(method).upper()
    if method == "PUT":
        return not any(args.get(name) for name in ACTING_PUT_ARGS) if args else True
    return method in IDEMPOTENT_METHODS


# --------------------------------------------------------------------------------------
# Helpers (classic names)
# --------------------------------------------------------------------------------------
def cleared_class_dict(dict_obj: Mapping[str, Any]) -> Dict[str, Any]:
    """Return a copy of *dict_obj* without None or callable values."""
    return {k: v for k, v in dict_obj.items() if v is not None and not callable(v)}


def redact(value: Any) -> Any:
    """Return a deep copy of *value* with every secret (see :data:`SECRET_KEYS`) masked."""
    if isinstance(value, dict):
        return {k: (MASK if str(k).lower() in SECRET_KEYS and v is not None else redact(v))
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    return value


def clean_args(dict_obj: Mapping[str, Any]) -> Dict[str, Any]:
    """Classic name: a copy of *dict_obj* safe to log (secrets masked, at any depth)."""
    return redact(copy.deepcopy(dict(dict_obj)))


class _LazyJSON:
    """Formats its redacted value only if a log record is actually emitted."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __str__(self) -> str:
        try:
            return json.dumps(redact(self.value), default=str, sort_keys=True)
        except (TypeError, ValueError):
            return "<unprintable>"


# --------------------------------------------------------------------------------------
# Per-thread singleton registry
# --------------------------------------------------------------------------------------
class _ThreadSlot:
    """Lives in a thread-local; its finalizer runs when the thread's locals are freed."""

    __slots__ = ("key", "__weakref__")


_registry_lock = threading.RLock()
_thread_local = threading.local()
_slot_counter = itertools.count(1)


def _thread_key() -> int:
    slot = getattr(_thread_local, "slot", None)
    if slot is None:
        slot = _ThreadSlot()
        slot.key = next(_slot_counter)
        _thread_local.slot = slot
        finalizer = weakref.finalize(slot, _thread_finished, slot.key)
        finalizer.atexit = False
    return slot.key


def _thread_finished(key: int) -> None:
    """Drop the registry entries of a finished thread and close their connections."""
    orphans = []
    with _registry_lock:
        for metakey in list(_Singleton._instances):
            per_thread = _Singleton._instances[metakey]
            instance = per_thread.pop(key, None)
            if instance is not None:
                orphans.append(instance)
            if not per_thread:
                del _Singleton._instances[metakey]
    for instance in orphans:
        try:
            instance._release()
        except Exception:  # pragma: no cover - best effort at thread exit
            log.debug("closing the session of a finished thread failed", exc_info=True)


class _Singleton(type):
    """Metaclass: one instance per (``__metakey__``, thread).

    Calling the class again in the same thread with the same arguments returns the
    thread's instance (classic behaviour). With different arguments (other credentials,
    host, ...) the old instance is retired (see :meth:`SessionEngine._retire`: TM logs
    it out) and a new one is built, so new credentials are never silently ignored.
    """

    #: metakey -> {thread key -> instance}
    _instances: Dict[str, Dict[int, Any]] = {}

    def __call__(cls, *args: Any, **kwargs: Any):
        metakey = getattr(cls, "__metakey__", None)
        if metakey is None:
            return super().__call__(*args, **kwargs)
        fingerprint = cls._fingerprint(args, kwargs)
        existing = cls._registered(metakey)
        if existing is not None:
            if type(existing) is cls and getattr(existing, "_singleton_fingerprint", None) == fingerprint:
                existing._reuse()
                return existing
            cls._unregister(metakey, existing)
            existing._retire()
        instance = super().__call__(*args, **kwargs)
        instance._singleton_fingerprint = fingerprint
        cls._register(metakey, instance)
        return instance

    def _fingerprint(cls, args: tuple, kwargs: dict) -> str:
        """A digest of the constructor arguments (secrets included, never stored in clear)."""
        import inspect  # only when a session is built: keeps `import dyn.tm.session` light

        try:
            bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
            bound.apply_defaults()
            items = list(bound.arguments.items())[1:]
        except TypeError:
            items = [("args", args), ("kwargs", sorted(kwargs.items()))]
        text = repr([(k, _revealed(v)) for k, v in items])
        return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()

    def _registered(cls, metakey: str):
        key = _thread_key()
        with _registry_lock:
            return cls._instances.get(metakey, {}).get(key)

    def _register(cls, metakey: str, instance: Any) -> None:
        key = _thread_key()
        with _registry_lock:
            cls._instances.setdefault(metakey, {})[key] = instance

    def _unregister(cls, metakey: str, instance: Any = None):
        key = _thread_key()
        with _registry_lock:
            per_thread = cls._instances.get(metakey)
            if not per_thread:
                return None
            current = per_thread.get(key)
            if instance is not None and current is not instance:
                return None
            per_thread.pop(key, None)
            if not per_thread:
                del cls._instances[metakey]
            return current


def _revealed(value: Any) -> Any:
    """A comparable stand-in for a constructor argument (secrets revealed, objects by identity)."""
    reveal = getattr(value, "reveal", None)
    if callable(reveal):
        return reveal()
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return tuple(_revealed(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _revealed(v)) for k, v in value.items()))
    return "%s@%x" % (type(value).__qualname__, id(value))


class Singleton(metaclass=_Singleton):
    """Base class of the per-thread singleton sessions (see :class:`_Singleton`)."""

    @staticmethod
    def active_count() -> int:
        """Number of registered sessions over all threads and keys (for diagnostics)."""
        with _registry_lock:
            return sum(len(v) for v in _Singleton._instances.values())


# --------------------------------------------------------------------------------------
# Policy and replies
# --------------------------------------------------------------------------------------
class RetryPolicy:
    """How patient a session is. Every wait is bounded.

    :param max_retries: retries of one call for rate limits, blocked tasks, busy tokens,
        HTTP 5xx and (idempotent or unsent) connection failures.
    :param backoff_base: first retry delay in seconds; doubles per retry.
    :param backoff_cap: largest retry delay in seconds.
    :param jitter: fraction of each delay that is randomised (0 to 1).
    :param retry_after_cap: largest ``Retry-After`` honoured, in seconds.
    :param job_first_poll: seconds before the first poll of a job.
    :param job_poll_cap: largest delay between two polls of a job.
    :param job_timeout: overall deadline for a job, after which
        :class:`~dyn.tm.errors.DynectQueryTimeout` is raised.
    """

    __slots__ = ("max_retries", "backoff_base", "backoff_cap", "jitter", "retry_after_cap", "job_first_poll",
                 "job_poll_cap", "job_timeout")

    def __init__(self, max_retries: int = 5, backoff_base: float = 1.0, backoff_cap: float = 30.0,
                 jitter: float = 0.5, retry_after_cap: float = 60.0, job_first_poll: float = 0.05,
                 job_poll_cap: float = 2.0, job_timeout: float = 300.0):
        if max_retries < 0 or job_timeout <= 0 or not 0 <= jitter <= 1:
            raise ValueError("RetryPolicy: max_retries >= 0, job_timeout > 0 and 0 <= jitter <= 1 are required")
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.jitter = jitter
        self.retry_after_cap = retry_after_cap
        self.job_first_poll = job_first_poll
        self.job_poll_cap = job_poll_cap
        self.job_timeout = job_timeout

    def __repr__(self) -> str:
        return "RetryPolicy(%s)" % ", ".join("%s=%r" % (k, getattr(self, k)) for k in self.__slots__)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, RetryPolicy) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Delay before retry number *attempt* (1-based)."""
        base = min(self.backoff_cap, self.backoff_base * (2 ** (attempt - 1)))
        base *= 1 - self.jitter * random.random()
        if retry_after is not None:
            base = max(base, min(retry_after, self.retry_after_cap))
        return max(0.0, base)


class Reply(NamedTuple):
    """A decoded answer.

    :ivar status: the envelope status (``success``, ``failure``, ``incomplete``, ...).
    :ivar body: the decoded envelope (what TM callers get back).
    :ivar data: the envelope's data.
    :ivar msgs: the envelope's messages.
    :ivar job_id: the envelope's job id.
    :ivar http: the raw :class:`~dyn.transport.Response`.
    """

    status: str
    body: Any
    data: Any
    msgs: List[Dict[str, Any]]
    job_id: Optional[int]
    http: Response


class _Call:
    """One logical call as it goes through the pipeline."""

    __slots__ = ("uri", "method", "args", "final", "token")

    def __init__(self, uri: str, method: str, args: Dict[str, Any], final: bool):
        self.uri = uri
        self.method = method
        self.args = args
        self.final = final
        self.token = None


def _secret_or_none(value: Any) -> Any:
    """*value* as a :class:`~dyn.encrypt.Secret` (None stays None)."""
    if value is None:
        return None
    from dyn.encrypt import Secret

    return value if isinstance(value, Secret) else Secret(value)


def _job_id_of(location: str) -> Optional[int]:
    """The job number at the end of a job location (``/REST/Job/123/``), or None."""
    tail = location.rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


class _History(list):
    """Classic call history: ``(timestamp, uri, method, args, status)`` tuples, secrets masked."""

    def append(self, item: Tuple[Any, ...]) -> None:
        super().append((datetime.datetime.now().isoformat(),) + tuple(item))


# Failure kinds the engine understands (see SessionEngine._classify).
OK, FAILURE, EXPIRED, RATE_LIMITED, BLOCKED, BUSY, UNAVAILABLE = (
    "ok", "failure", "expired", "rate_limited", "blocked", "busy", "unavailable")
_RETRYABLE = frozenset({RATE_LIMITED, BLOCKED, BUSY})


# --------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------
class SessionEngine(Singleton):
    """Prepares, sends and polls API calls; base of the TM and MM sessions.

    :param host: API host.
    :param port: API port.
    :param ssl: use HTTPS.
    :param history: keep a history of calls (secrets masked) in :attr:`history`.
    :param proxy_host: HTTP proxy host.
    :param proxy_port: HTTP proxy port (required with ``proxy_host``).
    :param proxy_user: proxy user for basic authentication.
    :param proxy_pass: proxy password for basic authentication.
    :param timeout: seconds for connecting and for each read (default 300).
    :param verify: TLS verification: True (default), False, or a CA bundle path.
    :param transport: ``'urllib3'`` (default), ``'requests'``, a
        :class:`~dyn.transport.Transport` subclass or instance.
    :param policy: a :class:`RetryPolicy`.
    """

    _valid_methods: Tuple[str, ...] = ()
    uri_root = "/"
    #: error hooks, set by subclasses
    _connection_error_class: type = ConnectionError
    _no_session_error_class: type = RuntimeError

    def __init__(self, host: Optional[str] = None, port: int = 443, ssl: bool = True, history: bool = False,
                 proxy_host: Optional[str] = None, proxy_port: Optional[int] = None,
                 proxy_user: Optional[str] = None, proxy_pass: Any = None, *, timeout: float = 300.0,
                 verify: Any = True, transport: Any = None, policy: Optional[RetryPolicy] = None):
        if proxy_host and not proxy_port:
            raise ValueError("Proxy missing port, please specify a port")
        self.__call_cache = _History() if history else None
        self.extra_headers: Dict[str, str] = {}
        self.logger = logging.getLogger(self.name)
        self.host = host
        self.port = port
        self.ssl = ssl
        self.proxy_host = proxy_host
        self.proxy_port = proxy_port
        self.proxy_user = proxy_user
        self._proxy_pass = _secret_or_none(proxy_pass)
        self.timeout = timeout
        self.verify = verify
        self.policy = policy or RetryPolicy()
        self.poll_incomplete = True
        self.content_type = "application/json"
        self._encoding = "UTF-8"
        self._token: Optional[str] = None
        self._permissions = None
        self._transport_spec = transport
        self._transport: Optional[Transport] = None
        self._auth_lock = threading.RLock()
        self._sleep = time.sleep

    # -- classmethods: the per-thread registry ------------------------------------------
    @classmethod
    def get_session(cls):
        """The calling thread's session for this class's ``__metakey__``, or None."""
        return cls._registered(cls.__metakey__)

    @classmethod
    def require_session(cls):
        """The calling thread's session; raises a clear error when there is none."""
        session = cls.get_session()
        if session is None:
            raise cls._no_session_error_class(
                "No active %s in this thread: create one first (e.g. %s(...)), or call "
                "activate() on a session object built in another thread." % (cls.__name__, cls.__name__))
        return session

    @classmethod
    def resolve(cls, session: Any = None):
        """The session a call should use: *session* when given (explicit client), else the
        calling thread's session (:meth:`require_session`). Every module reaches its session
        through this one helper.

        :param session: an explicit session object, or None.
        :raises TypeError: *session* is not a session of this kind.
        """
        if session is None:
            return cls.require_session()
        if not isinstance(session, cls):
            raise TypeError("session must be a %s, got %r" % (cls.__name__, session))
        return session

    @classmethod
    def new_session(cls, *args: Any, **kwargs: Any):
        """Replace the calling thread's session by a new one built from the arguments.

        The previous session is retired first (a TM session is logged out).
        """
        existing = cls.get_session()
        if existing is not None:
            cls._unregister(cls.__metakey__, existing)
            existing._retire()
        return cls(*args, **kwargs)

    @classmethod
    def close_session(cls):
        """Remove the calling thread's session from the registry, close its connections and
        return it (None if there was none). It is not logged out: use ``log_out()`` for that."""
        instance = cls._unregister(cls.__metakey__)
        if instance is not None:
            instance._release()
        return instance

    def activate(self):
        """Make this session object the calling thread's active session and return it.

        Useful with thread pools: build a session once, then ``session.activate()`` in
        each worker. Note that the API runs one job per token at a time.
        """
        previous = type(self)._registered(self.__metakey__)
        if previous is not None and previous is not self:
            type(self)._unregister(self.__metakey__, previous)
        type(self)._register(self.__metakey__, self)
        return self

    # -- lifecycle hooks ------------------------------------------------------------------
    def _reuse(self) -> None:
        """Called when the constructor returns this existing instance again."""

    def _retire(self) -> None:
        """Called when this instance is replaced in its thread's registry slot."""
        self._release()

    def _release(self) -> None:
        """Close the connections (no API call)."""
        transport = self._transport
        if transport is not None:
            transport.close()

    # -- properties ----------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The bare class name."""
        return type(self).__name__

    @property
    def history(self) -> Optional[List[tuple]]:
        """The call history (``(timestamp, uri, method, args, status)``), or None when off."""
        return self.__call_cache

    @property
    def transport(self) -> Transport:
        """The session's transport (built on first use)."""
        if self._transport is None:
            self._transport = build_transport(
                self._transport_spec, host=self.host, port=self.port, ssl=self.ssl, timeout=self.timeout,
                verify=self.verify, proxy_host=self.proxy_host, proxy_port=self.proxy_port,
                proxy_user=self.proxy_user, proxy_pass=self._proxy_pass)
        return self._transport

    def connect(self) -> None:
        """Drop the current connections; the next call opens fresh ones."""
        if self.proxy_host and not self.proxy_port:
            raise ValueError("Proxy missing port, please specify a port")
        self._release()
        self._transport = None

    def close(self) -> None:
        """Close the session's connections (it stays usable; they reopen on demand)."""
        self._release()

    # -- the pipeline ----------------------------------------------------------------------
    def execute(self, uri: str, method: str, args: Any = None, final: bool = False) -> Any:
        """Send one API call and return its result.

        :param uri: resource URI, without the root (``/Zone/example.com/``); the root
            (``/REST`` or ``/rest/json``) is added.
        :param method: HTTP method.
        :param args: payload: a dict, or an object whose ``_attributes`` become the fields.
        :param final: no retries and no re-login for this call.
        :returns: TM: the whole envelope dict; MM: the envelope's data.
        """
        self._check_secrets()
        method = self._validate_method(method)
        uri = self._validate_uri(uri)
        raw_args = self._prepare_arguments(args)
        call = _Call(uri, method, raw_args, final)
        self.logger.debug("%s %s %s", method, uri, _LazyJSON(raw_args))
        try:
            reply = self._perform(call)
        except Exception as error:
            self._remember(call, getattr(error, "http_status", None) and "failure" or "error")
            raise
        self._remember(call, reply.status)
        return self._result(reply)

    def _validate_uri(self, uri: str) -> str:
        if not uri.startswith("/"):
            uri = "/" + uri
        root = self.uri_root.rstrip("/")
        if root and not uri.startswith(root + "/") and uri != root:
            uri = root + uri
        return uri

    def _validate_method(self, method: str) -> str:
        upper = str(method).upper()
        if upper not in self._valid_methods:
            raise ValueError("Invalid method %r for %s, valid methods are %s"
                             % (method, self.name, ", ".join(self._valid_methods)))
        return upper

    @staticmethod
    def _prepare_arguments(args: Any) -> Dict[str, Any]:
        """Turn *args* into a fresh dict (objects: their ``_attributes``, classic rule)."""
        if args is None:
            return {}
        if isinstance(args, Mapping):
            return dict(args)
        result = {}
        for key, value in vars(args).items():
            if not key.startswith("_") or value is None or callable(value):
                continue
            result[key[1:]] = getattr(value, "_json", value)
        return result

    def _perform(self, call: _Call) -> Reply:
        """Run *call* through transport, job polling and the retry/re-login policy."""
        policy = self.policy
        attempt = 0
        relogged = False
        while True:
            try:
                reply = self._roundtrip(call)
            except TransportError as err:
                safe = not err.request_sent or is_idempotent(call.method, call.args)
                if safe and not call.final and attempt < policy.max_retries:
                    attempt += 1
                    delay = policy.delay(attempt)
                    self.logger.info("%s %s: %s; retry %d in %.2fs", call.method, call.uri, err, attempt, delay)
                    self._sleep(delay)
                    continue
                if err.request_sent and call.method == "PUT" and not is_idempotent(call.method, call.args):
                    raise self._outcome_unknown_error(call, None, "no answer (%s)" % err) from None
                raise self._connection_error(err, call) from None
            kind = self._classify(reply, call)
            if kind == OK:
                self._meta_update(call, reply)
                return reply
            if kind == EXPIRED and not relogged and not call.final and self._can_relogin(call):
                relogged = True
                self.logger.info("%s %s: token no longer valid, logging in again", call.method, call.uri)
                self._relogin(call)
                continue
            retryable = kind in _RETRYABLE or (kind == UNAVAILABLE and is_idempotent(call.method, call.args))
            if retryable and not call.final and attempt < policy.max_retries:
                attempt += 1
                delay = policy.delay(attempt, self._retry_after(reply))
                self.logger.info("%s %s: %s; retry %d in %.2fs", call.method, call.uri, kind, attempt, delay)
                self._sleep(delay)
                continue
            raise self._failure_error(reply, call, kind)

    def _roundtrip(self, call: _Call) -> Reply:
        """Send *call* once, following a job (307 or ``incomplete``) to its end."""
        path, body, headers = self._encode(call)
        call.token = self._token
        response = self.transport.request(call.method, path, body, headers)
        if response.status == 307:
            return self._poll_job(call, self._job_location(response))
        reply = self._decode(response, call)
        if reply.status == "incomplete" and self.poll_incomplete and reply.job_id is not None:
            return self._poll_job(call, self._job_uri(reply.job_id), job_id=reply.job_id)
        return reply

    def _poll_job(self, call: _Call, location: str, job_id: Optional[int] = None) -> Reply:
        """Poll a job location with exponential backoff until it completes or times out.

        The write that started the job is never sent again: an expired token is renewed
        and the same job polled with the new one; 5xx answers and connection failures
        are retried until the job deadline. When the job's outcome cannot be learned,
        :meth:`_outcome_unknown_error` is raised (it carries the job id).
        """
        policy = self.policy
        deadline = time.monotonic() + policy.job_timeout
        delay = policy.job_first_poll
        job_call = _Call(location, "GET", {}, call.final)
        if job_id is None:
            job_id = _job_id_of(location)
        relogged = False
        problem = None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if problem is not None:
                    raise self._outcome_unknown_error(call, job_id, problem)
                raise self._timeout_error(call, job_id)
            self._sleep(min(delay, remaining))
            delay = min(delay * 1.5, policy.job_poll_cap)
            job_call.uri = location
            _, _, headers = self._encode(job_call)
            job_call.token = self._token
            try:
                response = self.transport.request("GET", location, None, headers)
            except TransportError as err:
                problem = str(err)
                self.logger.warning("polling job %s: %s; polling again", job_id, err)
                continue
            if response.status == 307:
                location = self._job_location(response)
                continue
            reply = self._decode(response, call)
            kind = self._classify(reply, job_call)
            if kind == EXPIRED:
                if relogged or call.final or not self._can_relogin(call):
                    raise self._outcome_unknown_error(call, job_id, "the session expired while the job ran")
                relogged = True
                self.logger.warning("polling job %s: token no longer valid; logging in again and polling the "
                                    "same job (the request is not sent again)", job_id)
                self._relogin(job_call)
                continue
            if kind in (UNAVAILABLE, RATE_LIMITED, BUSY):
                if kind == UNAVAILABLE:
                    problem = "HTTP %d from the job poll" % reply.http.status
                self.logger.warning("polling job %s: %s; polling again", job_id, kind)
                continue
            if relogged and self._job_unknown(reply):
                raise self._outcome_unknown_error(
                    call, job_id, "the session expired while the job ran and the new session cannot read the job")
            job_id = reply.job_id if reply.job_id is not None else job_id
            if reply.status not in ("incomplete", "running"):
                return reply

    def _job_unknown(self, reply: Reply) -> bool:
        """Whether a job poll answered "no such job" (hook; TM knows the envelope)."""
        return False

    def _remember(self, call: _Call, status: str) -> None:
        if self.__call_cache is not None:
            self.__call_cache.append((call.uri, call.method, clean_args(call.args), status))

    @staticmethod
    def _retry_after(reply: Reply) -> Optional[float]:
        value = reply.http.header("Retry-After")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None

    def _job_location(self, response: Response) -> str:
        location = response.header("Location")
        if not location:
            location = response.body.decode("utf-8", "replace").strip()
        if "://" in location:
            location = "/" + location.split("://", 1)[1].split("/", 1)[-1]
        return location

    def _default_headers(self) -> Dict[str, str]:
        headers = {"Content-Type": self.content_type, "User-Agent": "dyn-py v%s" % __version__,
                   "Accept": "application/json"}
        headers.update(self.extra_headers)
        return headers

    # -- hooks for subclasses ------------------------------------------------------------
    def _encode(self, call: _Call) -> Tuple[str, Optional[bytes], Dict[str, str]]:
        """Return ``(path, body, headers)`` for *call*."""
        body = json.dumps(call.args).encode("utf-8")
        return call.uri, body, self._default_headers()

    def _decode(self, response: Response, call: _Call) -> Reply:
        """Decode an HTTP response into a :class:`Reply`."""
        raise NotImplementedError

    def _classify(self, reply: Reply, call: _Call) -> str:
        """Say what a reply means for the policy: one of ``ok``, ``failure``, ``expired``,
        ``rate_limited``, ``blocked``, ``busy``, ``unavailable``."""
        return OK if reply.status == "success" else FAILURE

    def _job_uri(self, job_id: int) -> str:
        return self._validate_uri("/Job/%s/" % job_id)

    def _meta_update(self, call: _Call, reply: Reply) -> None:
        """Track state carried by successful replies (tokens)."""

    def _can_relogin(self, call: _Call) -> bool:
        return False

    def _relogin(self, call: _Call) -> None:
        raise NotImplementedError

    def _result(self, reply: Reply) -> Any:
        return reply.body

    def _failure_error(self, reply: Reply, call: _Call, kind: str) -> Exception:
        raise NotImplementedError

    @staticmethod
    def _unexpected_answer(reply: Reply, call: _Call) -> str:
        """Readable text for an answer that is not the API's envelope (HTML, empty, ...)."""
        text = reply.http.body[:200].decode("utf-8", "replace").strip() or "Received Empty Response"
        return "Unexpected answer (HTTP %d) from %s %s: %s" % (reply.http.status, call.method, call.uri, text)

    def _connection_error(self, err: TransportError, call: _Call) -> Exception:
        return self._connection_error_class(str(err))

    def _timeout_error(self, call: _Call, job_id: Optional[int]) -> Exception:
        return TimeoutError("Job %s did not complete within %ss" % (job_id, self.policy.job_timeout))

    def _outcome_unknown_error(self, call: _Call, job_id: Optional[int], reason: str) -> Exception:
        return TimeoutError("Job %s for %s %s: outcome unknown (%s)" % (job_id, call.method, call.uri, reason))

    # -- string forms and pickling ---------------------------------------------------------
    def __str__(self) -> str:
        return "<%s>" % self.name

    __repr__ = __str__

    def __getstate__(self) -> Dict[str, Any]:
        """Pickle state: no connections, and every secret sealed with this process's key
        (:func:`dyn.encrypt.seal`): a forked worker can open it, no other process can."""
        from dyn.encrypt import Secret, seal

        state = dict(self.__dict__)
        state["_transport"] = None
        state["_secret_attributes"] = [k for k, v in state.items() if isinstance(v, Secret)]
        for key in state["_secret_attributes"]:
            state[key] = seal(state[key])
        state.pop("_auth_lock", None)
        state.pop("_sleep", None)
        state.pop("logger", None)
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        from dyn.encrypt import Secret, UnsealError

        state = dict(state)
        self._secrets_lost = False
        for key in state.pop("_secret_attributes", ()):
            try:
                state[key] = Secret(state[key].unseal())
            except UnsealError:
                state[key] = None
                self._secrets_lost = True
        self.__dict__.update(state)
        self._auth_lock = threading.RLock()
        self._sleep = time.sleep
        self.logger = logging.getLogger(self.name)

    def _check_secrets(self) -> None:
        """Refuse to send when this object was unpickled where its secrets cannot be opened."""
        if getattr(self, "_secrets_lost", False):
            raise self._no_session_error_class(
                "This %s was unpickled in a process that cannot decrypt its secrets (they are sealed "
                "with the key of the process that pickled it, or its forked children): log in again "
                "by creating a new %s." % (self.name, self.name))

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
