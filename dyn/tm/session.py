"""Traffic Management sessions: :class:`DynectSession` and :class:`DynectMultiSession`.

Authenticate once; every TM module then finds the calling thread's session::

    >>> from dyn.tm.session import DynectSession
    >>> DynectSession('customer', 'user', 'password')
    >>> from dyn.tm.zones import get_all_zones
    >>> zones = get_all_zones()

Each thread has its own session. Calling ``DynectSession(...)`` again in the same
thread with the same arguments returns the existing session; with different
credentials (or host, port, ...) the old session is logged out and replaced, so new
credentials are never silently ignored. Sessions are context managers:
``with DynectSession(...) as session:`` logs out at the end.

Expired tokens (``login: Bad or expired credentials``, ``login: inactivity logout``,
IP mismatch) are renewed transparently: the session logs in again once and replays
the call.
"""
import json
import logging
from typing import Any, Dict, List, Optional

from dyn.core import EXPIRED, FAILURE, OK, RATE_LIMITED, BLOCKED, BUSY, UNAVAILABLE, Reply, SessionEngine
from dyn.encrypt import AESCipher, Secret
from dyn.journal import ZoneJournal
from dyn.tm import errors
from dyn.tm.errors import (DynectAuthError, DynectConnectionError, DynectError, DynectNoSessionError,
                           DynectQueryTimeout, DynectResponseError, error_class)
from dyn.transport import Response, TransportError

__all__ = ["DynectSession", "DynectMultiSession"]

log = logging.getLogger(__name__)

#: First INFO texts meaning "your token is no longer valid".
EXPIRED_TOKEN_TEXTS = ("login: Bad or expired credentials", "login: inactivity logout",
                       "login: IP address does not match current session")
BLOCKED_TEXT = "Operation blocked by current task"
BUSY_TEXT = "This session already has a job running"

_CAUSE_BY_CODE = {"NOT_FOUND": errors.DynectNotFoundError, "TARGET_EXISTS": errors.DynectAlreadyExistsError,
                  "RATE_LIMIT_EXCEEDED": errors.DynectRateLimitError}
_CAUSE_BY_KIND = {RATE_LIMITED: errors.DynectRateLimitError, BLOCKED: errors.DynectBlockedError}


def _infos(msgs: List[Dict[str, Any]]) -> List[str]:
    return [str(m.get("INFO") or "") for m in msgs if isinstance(m, dict)]


class DynectSession(SessionEngine):
    """A logged-in Traffic Management (DynECT) session.

    :param customer: customer name.
    :param username: user name.
    :param password: password (kept encrypted in memory, never logged or shown).
    :param host: API host.
    :param port: API port.
    :param ssl: use HTTPS.
    :param api_version: sent as the ``API-Version`` header.
    :param auto_auth: log in at once.
    :param key: key for the in-memory password cipher (default: a process key).
    :param history: keep a call history (secrets masked).
    :param proxy_host: HTTP proxy host.
    :param proxy_port: HTTP proxy port.
    :param proxy_user: proxy user.
    :param proxy_pass: proxy password.
    :param kwargs: ``timeout``, ``verify``, ``transport``, ``policy``; see
        :class:`~dyn.core.SessionEngine`.
    """

    __metakey__ = "bf7886ea-c61d-40df-8c7b-4241ebed0544"
    _valid_methods = ("DELETE", "GET", "POST", "PUT")
    uri_root = "/REST"
    _connection_error_class = DynectConnectionError
    _no_session_error_class = DynectNoSessionError

    def __init__(self, customer: str, username: str, password: str, host: str = "api.dynect.net",
                 port: int = 443, ssl: bool = True, api_version: str = "current", auto_auth: bool = True,
                 key: Optional[str] = None, history: bool = False, proxy_host: Optional[str] = None,
                 proxy_port: Optional[int] = None, proxy_user: Optional[str] = None,
                 proxy_pass: Optional[str] = None, **kwargs: Any):
        super().__init__(host, port, ssl, history, proxy_host, proxy_port, proxy_user, proxy_pass, **kwargs)
        self.__cipher = AESCipher(key)
        self.journal = ZoneJournal()
        self.extra_headers = {"API-Version": api_version}
        self.customer = customer
        self.username = username
        self.password = self.__cipher.encrypt(_plain(password))
        self._auto_auth = auto_auth
        if auto_auth:
            self.authenticate()

    # -- authentication -------------------------------------------------------------------
    def _encrypt(self, data: str) -> bytes:
        """Encrypt *data* with this session's cipher (used for stored passwords)."""
        return self.__cipher.encrypt(_plain(data))

    def _decrypt(self, data: bytes) -> str:
        return self.__cipher.decrypt(data)

    def authenticate(self) -> None:
        """Log in (``POST /REST/Session/``) and keep the token for later calls.

        :raises DynectAuthError: bad credentials, or the host could not be reached.
        """
        args = {"customer_name": self.customer, "user_name": self.username,
                "password": self._decrypt(self.password)}
        try:
            self.execute("/Session/", "POST", args)
        except DynectConnectionError as err:
            raise error_class(DynectAuthError, DynectConnectionError)(
                "Unable to access the API host: %s" % err) from None

    def log_out(self) -> None:
        """Log out (``DELETE /REST/Session/``) and remove this session from the thread's
        registry. A token the server already forgot counts as logged out."""
        try:
            self.execute("/Session/", "DELETE", {})
        except DynectError as err:
            if not _is_expired(err.msgs):
                raise
        finally:
            self._token = None
            self.journal.clear()  # the server discards a logged-out session's pending changes
            type(self)._unregister(self.__metakey__, self)
            self._release()

    def keep_alive(self) -> Dict[str, Any]:
        """Extend the session (``PUT /REST/Session/``) and return the envelope."""
        return self.execute("/Session/", "PUT", {})

    def is_alive(self) -> bool:
        """True if the server still knows this session's token (``GET /REST/Session/``).

        Unlike other calls, an expired token is reported here, not renewed."""
        try:
            self.execute("/Session/", "GET", {}, final=True)
        except DynectError as err:
            if _is_expired(err.msgs) or isinstance(err, DynectAuthError):
                return False
            raise
        return True

    def update_password(self, new_password: str) -> None:
        """Change the user's password (``PUT /REST/Password/``) and use it from now on."""
        self.execute("/Password/", "PUT", {"password": _plain(new_password)})
        self.password = self._encrypt(new_password)

    def user_permissions_report(self, user_name: Optional[str] = None) -> List[str]:
        """Names of the permissions *user_name* (default: this user) has
        (``POST /REST/UserPermissionReport/``)."""
        response = self.execute("/UserPermissionReport/", "POST", {"user_name": user_name or self.username})
        return [entry["name"] for entry in (response.get("data") or {}).get("allowed", [])]

    @property
    def permissions(self) -> List[str]:
        """This user's permission names (fetched once, then cached)."""
        if self._permissions is None:
            self._permissions = self.user_permissions_report()
        return self._permissions

    @permissions.setter
    def permissions(self, value: Any) -> None:
        """Read-only in practice (classic): assignments are ignored."""

    @property
    def token(self) -> Optional[str]:
        """The current session token, or None when logged out (kept masked internally, so it
        never shows in ``repr``/``vars``/logs)."""
        return self._token.reveal() if self._token is not None else None

    # -- engine hooks ---------------------------------------------------------------------
    def _reuse(self) -> None:
        if self._token is None and self._auto_auth:
            self.authenticate()

    def _retire(self) -> None:
        try:
            if self._token is not None:
                self.execute("/Session/", "DELETE", {}, final=True)
        except (DynectError, TransportError):
            log.debug("logging out a replaced session failed", exc_info=True)
        self._token = None
        self._release()

    def _encode(self, call):
        path, body, headers = super()._encode(call)
        if self._token is not None:
            headers["Auth-Token"] = self._token.reveal()
        return path, body, headers

    def _decode(self, response: Response, call) -> Reply:
        try:
            body = _json_loads(response.body)
        except ValueError:
            body = None
        if not isinstance(body, dict) or "status" not in body:
            status = "unavailable" if response.status >= 500 or response.status == 429 else "invalid"
            return Reply(status, body, None, [], None, response)
        msgs = body.get("msgs") or []
        return Reply(str(body.get("status")), body, body.get("data"), msgs if isinstance(msgs, list) else [],
                     body.get("job_id"), response)

    def _classify(self, reply: Reply, call) -> str:
        if reply.status == "success":
            return OK
        if reply.status == "unavailable":
            return RATE_LIMITED if reply.http.status == 429 else UNAVAILABLE
        infos = _infos(reply.msgs)
        if reply.http.status == 429 or any(m.get("ERR_CD") == "RATE_LIMIT_EXCEEDED" for m in reply.msgs):
            return RATE_LIMITED
        if _is_expired(reply.msgs):
            return EXPIRED
        if any(BLOCKED_TEXT in text for text in infos):
            return BLOCKED
        if reply.status == "running" or any(BUSY_TEXT in text for text in infos):
            return BUSY
        return FAILURE

    def _meta_update(self, call, reply: Reply) -> None:
        if not call.uri.lower().startswith("/rest/session"):
            journal = getattr(self, "journal", None)
            if journal is not None:
                journal.note(call.uri, call.method, call.args)
            return
        if call.method == "POST":
            token = (reply.data or {}).get("token")
            self._token = Secret(token) if token else None
        elif call.method == "DELETE":
            self._token = None

    def _can_relogin(self, call) -> bool:
        # Logging in or out again makes no sense; keep-alive (PUT) and isalive (GET) may.
        return not (call.uri.lower().startswith("/rest/session") and call.method in ("POST", "DELETE"))

    def _relogin(self, call) -> None:
        """Log in again; then re-apply the unpublished zone changes the old token had, in
        order, before anything else is sent (raises :class:`DynectChangesLostError`
        naming what was lost if that fails)."""
        with self._auth_lock:
            if self._token == call.token:
                self._token = None
                self.authenticate()
                self._replay_journal()

    def _replay_journal(self) -> None:
        journal = getattr(self, "journal", None)
        entries = journal.take() if journal is not None else []
        if entries:
            log.warning("new session token: re-applying %d unpublished zone change(s)", len(entries))
        for index, (uri, method, args) in enumerate(entries):
            try:
                self.execute(uri, method, args)
            except DynectError as err:
                lost = entries[index:]
                raise errors.DynectChangesLostError(
                    "The session expired with %d unpublished zone change(s); re-applying them failed at %s %s (%s). "
                    "Lost: %s" % (len(entries), method, uri, err,
                                  ", ".join("%s %s" % (m, u) for u, m, _ in lost)), lost=lost,
                    method=method, uri=uri) from None

    def _failure_error(self, reply: Reply, call, kind: str) -> Exception:
        info = {"msgs": reply.msgs, "job_id": reply.job_id, "http_status": reply.http.status,
                "method": call.method, "uri": call.uri}
        if reply.status in ("invalid", "unavailable"):
            cls = error_class(errors.ACTION_BY_METHOD[call.method], DynectResponseError)
            return cls(self._unexpected_answer(reply, call), **info)
        is_login = call.uri.lower().startswith("/rest/session") and call.method == "POST"
        if kind == EXPIRED or (is_login and any("login" in t for t in _infos(reply.msgs)[:1])):
            action = DynectAuthError
        else:
            action = errors.ACTION_BY_METHOD[call.method]
        cause = _CAUSE_BY_KIND.get(kind)
        if cause is None:
            cause = next((_CAUSE_BY_CODE[m.get("ERR_CD")] for m in reply.msgs
                          if m.get("ERR_CD") in _CAUSE_BY_CODE), None)
        return error_class(action, cause)(reply.msgs, **info)

    def _connection_error(self, err: TransportError, call) -> Exception:
        cls = error_class(errors.ACTION_BY_METHOD[call.method], DynectConnectionError)
        return cls(str(err), method=call.method, uri=call.uri)

    def _job_unknown(self, reply: Reply) -> bool:
        return reply.status == "failure" and any(
            m.get("ERR_CD") == "NOT_FOUND" and str(m.get("INFO") or "").startswith("job_id:")
            for m in reply.msgs if isinstance(m, dict))

    def _outcome_unknown_error(self, call, job_id, reason: str) -> Exception:
        return errors.DynectOutcomeUnknownError(
            "%s %s: outcome unknown, job %s: %s; it was not sent again, check before retrying"
            % (call.method, call.uri, job_id, reason), job_id=job_id, method=call.method, uri=call.uri)

    def _timeout_error(self, call, job_id) -> Exception:
        return DynectQueryTimeout("Job %s for %s %s did not complete within %ss"
                                  % (job_id, call.method, call.uri, self.policy.job_timeout),
                                  job_id=job_id, method=call.method, uri=call.uri)

    # -- pickling: no cipher key, password and token sealed -------------------------------
    def __getstate__(self) -> Dict[str, Any]:
        from dyn.encrypt import seal

        state = super().__getstate__()
        state.pop("_DynectSession__cipher", None)
        if isinstance(self.password, bytes):
            state["password"] = seal(self._decrypt(self.password))
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        from dyn.encrypt import SealedSecret, UnsealError

        super().__setstate__(state)
        self.__cipher = AESCipher()
        if isinstance(self.password, SealedSecret):
            try:
                self.password = self.__cipher.encrypt(self.password.unseal())
            except UnsealError:
                self.password = None
                self._secrets_lost = True

    # -- string forms ---------------------------------------------------------------------
    def __str__(self) -> str:
        return "<%s>: %s, %s" % (self.name, self.customer, self.username)

    def __repr__(self) -> str:
        state = "logged in" if self._token is not None else "logged out"
        return "<%s customer=%r username=%r host=%r (%s)>" % (self.name, self.customer, self.username,
                                                              self.host, state)

    def __exit__(self, *exc_info: Any) -> None:
        try:
            self.log_out()
        except Exception:
            log.debug("log out at the end of a with block failed", exc_info=True)


class DynectMultiSession(DynectSession):
    """Several users (or customers) logged in at once in one thread; one is active.

    Switching users re-uses each user's token (no new login per switch, unlike the
    classic SDK); an expired token is renewed transparently on the next call.
    """

    def __init__(self, customer: str, username: str, password: str, *args: Any, **kwargs: Any):
        self._open_sessions: List[Dict[str, Any]] = []
        super().__init__(customer, username, password, *args, **kwargs)
        self._remember_current()

    def _remember_current(self) -> None:
        entry = {"user_name": self.username, "password": self.password,
                 "customer_name": self.customer, "token": self._token}
        self._open_sessions = [s for s in self._open_sessions
                               if (s["user_name"], s["customer_name"]) != (self.username, self.customer)]
        self._open_sessions.append(entry)

    def authenticate(self) -> None:
        """Log the active user in and record the login among the open sessions."""
        super().authenticate()
        self._remember_current()

    @property
    def get_open_sessions(self) -> List[Dict[str, Any]]:
        """The open sessions: dicts with ``user_name``, ``customer_name``, ``password``
        (encrypted) and ``token``. (A property, as in the classic SDK.)"""
        return self._open_sessions

    @property
    def current_open_session(self) -> Dict[str, Any]:
        """The active user: ``customer``, ``username``, ``password`` (encrypted), ``token``."""
        return {"customer": self.customer, "username": self.username,
                "password": self.password, "token": self._token}

    def set_active_session(self, username: str, customer: Optional[str] = None) -> None:
        """Make the open session of *username* (and *customer*) the active one.

        :raises ValueError: no such open session.
        :raises Exception: several open sessions match (give the customer).
        """
        matches = [s for s in self._open_sessions
                   if s["user_name"] == username and (customer is None or s["customer_name"] == customer)]
        if len(matches) > 1:
            raise Exception("More than one open session for user %s: specify the customer" % username)
        if not matches:
            who = username if customer is None else "%s (customer %s)" % (username, customer)
            raise ValueError("No open session for user %s" % who)
        entry = matches[0]
        self.username = entry["user_name"]
        self.customer = entry["customer_name"]
        self.password = entry["password"]
        self._token = entry["token"]
        self._permissions = None

    def new_user_session(self, customer: str, username: str, password: str) -> None:
        """Log another user in and make it the active one. On failure the previous user
        stays active and the error is raised."""
        if not self._open_sessions:
            raise Exception("There is no open session to add a user session to")
        previous = (self.username, self.customer)
        self.customer, self.username = customer, username
        self.password = self._encrypt(password)
        self._token = None
        try:
            self.authenticate()
        except DynectAuthError:
            self.set_active_session(*previous)
            raise

    def log_out_active_session(self) -> None:
        """Log the active user out; another open session (if exactly one) becomes active."""
        if len(self._open_sessions) <= 1:
            self.log_out()
            return
        try:
            self.execute("/Session/", "DELETE", {})
        except DynectError as err:
            if not _is_expired(err.msgs):
                raise
        self._open_sessions = [s for s in self._open_sessions
                               if (s["user_name"], s["customer_name"]) != (self.username, self.customer)]
        if len(self._open_sessions) == 1:
            remaining = self._open_sessions[0]
            self.set_active_session(remaining["user_name"], remaining["customer_name"])
        else:
            import warnings

            warnings.warn("Several sessions remain open: call set_active_session() to choose one",
                          RuntimeWarning, stacklevel=2)
            self.username = self.password = self.customer = self._token = None

    def log_out(self) -> None:
        """Log every open session out and unregister this session."""
        for entry in list(self._open_sessions):
            self.set_active_session(entry["user_name"], entry["customer_name"])
            try:
                self.execute("/Session/", "DELETE", {}, final=True)
            except DynectError as err:
                if not _is_expired(err.msgs):
                    log.warning("logging out %s failed: %s", entry["user_name"], err)
        self._open_sessions = []
        self.username = self.password = self.customer = None
        super().log_out()


def _is_expired(msgs: Any) -> bool:
    if not isinstance(msgs, list):
        return False
    return any(text.startswith(EXPIRED_TOKEN_TEXTS) for text in _infos(msgs))


def _plain(value: Any) -> str:
    reveal = getattr(value, "reveal", None)
    return reveal() if callable(reveal) else value


def _json_loads(raw: bytes) -> Any:
    if not raw:
        raise ValueError("Received Empty Response")
    return json.loads(raw.decode("utf-8"))
