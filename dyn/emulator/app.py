"""The WSGI application: dispatch, faults, latency, rate limits, jobs and the request log.

:class:`EmulatorApp` is a plain WSGI callable, so any WSGI server can host it;
:class:`~dyn.emulator.server.Emulator` serves it over HTTP. Every TM answer is a TM
envelope and every MM answer an MM envelope, even for unexpected errors (logged here).
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from . import control, envelope
from .envelope import APIError, MMError, Response, json_response, text_response
from .faults import Config, FaultRule, FaultSet, RateLimiter
from .request import DEFAULT_MAX_BODY_BYTES, BodyError, BodyTooLarge, BodyUnreadable, Request
from . import families
from .router import MM_METHODS, TM_RESOURCES, Context, MMContext, MMRegistry, Route, TMRegistry, classify
from .state import DEMO_ACCOUNT, DEMO_APIKEY, Job, State, redact
from .store import BaseSessionStore

__all__ = ["EmulatorApp", "DropConnection"]

log = logging.getLogger(__name__)

ERROR_PAGE = ("<html><head><title>{status} {reason}</title></head>"
              "<body><h1>{status} {reason}</h1></body></html>")


class DropConnection(ConnectionAbortedError):
    """Raised out of the app to make the server close the connection without answering.

    :class:`~dyn.emulator.server.Emulator` turns it into a silent close; another WSGI
    server will typically log it and abort the connection.
    """


class EmulatorApp:
    """The emulator as a WSGI application.

    :param accounts: TM accounts ``(customer, user, password)``; default: the demo account.
    :param apikeys: MM API keys; default: the demo key.
    :param state_file: file persisting the state (accounts, keys, tokens, zones, ...)
        across restarts.
    :param state_backend: how ``state_file`` is kept: ``"sqlite"`` (default), ``"json"``
        or a :class:`~dyn.emulator.persist.StateBackend`.
    :param session_store: token store (default: in memory).
    :param token_lifetime: idle seconds before a token expires.
    :param latency: seconds added to every API request.
    :param rate_limit_per_minute: per-customer request limit (None = off).
    :param max_body_bytes: request body limit (HTTP 413 above).
    :param task_duration: seconds a zone task (create, publish, import) runs and blocks
        changes to its zone (0: tasks finish at once).
    :param tm_resources: TM routing table (default: the package's).
    :param mm_methods: MM routing table (default: the package's).
    :param clock: wall clock for token times.
    :param sleep: how to wait (for latency).
    :param control_token: when set, every ``/__emulator__/`` endpoint but ``health``
        needs it (header ``X-Dyn-Emulator-Token`` or ``Authorization: Bearer``).
    :param allow_hosts: extra ``Host`` names the control API accepts (``*``: any).
    """

    def __init__(self, accounts: Optional[Iterable[Sequence[str]]] = None,
                 apikeys: Optional[Iterable[str]] = None, *, state_file: Optional[str] = None,
                 session_store: Optional[BaseSessionStore] = None, token_lifetime: float = 3600,
                 latency: float = 0.0, rate_limit_per_minute: Optional[int] = None,
                 max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, task_duration: float = 0.0,
                 tm_resources: Optional[TMRegistry] = None, mm_methods: Optional[MMRegistry] = None,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep, control_token: Optional[str] = None,
                 allow_hosts: Iterable[str] = (), state_backend: Any = None) -> None:
        families.load()
        self.control_token = control_token or None
        self.allow_hosts = frozenset(name.strip().lower().strip("[]") for name in allow_hosts)
        accounts = [tuple(item) for item in accounts] if accounts else [DEMO_ACCOUNT]
        for item in accounts:
            if len(item) != 3:
                raise ValueError(f"an account is (customer, username, password), got {item!r}")
        config = Config(token_lifetime=token_lifetime, latency=latency,
                        rate_limit_per_minute=rate_limit_per_minute, max_body_bytes=max_body_bytes,
                        task_duration=task_duration)
        self.state = State(accounts, list(apikeys) if apikeys else [DEMO_APIKEY], config,
                           session_store, state_file, clock, state_backend)
        self.fault_set = FaultSet()
        self.limiter = RateLimiter(time.monotonic)
        self.tm = tm_resources if tm_resources is not None else TM_RESOURCES
        self.mm = mm_methods if mm_methods is not None else MM_METHODS
        self._sleep = sleep

    # -- WSGI -------------------------------------------------------------------------------

    def __call__(self, environ: Dict[str, Any], start_response: Callable) -> List[bytes]:
        try:
            response = self.handle(environ)
        except DropConnection:
            raise
        except Exception:  # last resort: handlers' errors are caught closer to them
            log.exception("unexpected error serving %s %s", environ.get("REQUEST_METHOD"),
                          environ.get("PATH_INFO"))
            response = json_response(500, envelope.internal_error().body(self.state.next_job_id()))
        start_response(response.status_line, response.wsgi_headers())
        return [response.body]

    def handle(self, environ: Dict[str, Any]) -> Response:
        """Answer one request (raises :class:`DropConnection` for a ``drop`` fault)."""
        request = Request(environ, self.state.config.max_body_bytes)
        route = classify(request.segments)
        if route.api == "control":
            return control.dispatch(self, request, route.name or "")
        return self._serve_api(request, route)

    # -- API requests ------------------------------------------------------------------------

    def _serve_api(self, request: Request, route: Route) -> Response:
        resource = route.name.lower() if route.api == "tm" and route.name else None
        fired = self.fault_set.take(request.method, request.path, route.api, resource)
        main = next((rule for rule in fired if rule.kind != "latency"), None)
        delay = self.state.config.latency + sum(rule.params["seconds"] for rule in fired
                                                if rule.kind == "latency")
        if delay > 0:
            self._sleep(delay)
        kind = main.kind if main else None
        if kind == "drop" and main.params["when"] == "before":
            self._log(request, route, None, dropped=True)
            raise DropConnection("drop fault (before processing)")
        if kind == "error":
            response = self._error_page(main)
        elif kind in ("rate_limit", "blocked", "busy"):
            response = self._tm_failure(request, self._fault_error(main))
        elif route.api == "mm":
            response = self._serve_mm(request, route)
        else:
            response = self._serve_tm(request, route)
        if kind == "job":
            response = self._promote_to_job(request, response, main)
        if kind == "drop":
            self._log(request, route, response, dropped=True)
            raise DropConnection("drop fault (after processing)")
        self._log(request, route, response)
        return response

    @staticmethod
    def _fault_error(rule: FaultRule) -> APIError:
        if rule.kind == "rate_limit":
            return envelope.rate_limited(rule.params["retry_after"])
        if rule.kind == "blocked":
            return envelope.blocked_task(rule.params["task_id"], rule.params["task_name"])
        return envelope.session_busy()

    @staticmethod
    def _error_page(rule: FaultRule) -> Response:
        status = rule.params["status"]
        body = rule.params["body"]
        if body is None:
            body = ERROR_PAGE.format(status=status, reason=envelope.reason_phrase(status))
        return text_response(status, body, "text/html; charset=utf-8")

    def _tm_failure(self, request: Request, error: APIError, owner: Optional[str] = None) -> Response:
        """Answer a TM failure that never reached a handler, remembered as a job."""
        with self.state.lock:
            job_id = self.state.next_job_id()
            response = json_response(error.http_status, error.body(job_id), error.headers)
            self._store_job(job_id, owner or request.auth_token, response)
        return response

    def _store_job(self, job_id: int, owner: Optional[str], response: Response, polls: int = 0) -> None:
        self.state.jobs.put(Job(job_id, owner, response.body, response.status,
                                [item for item in response.headers if item[0].lower() != "content-type"],
                                polls))

    def _promote_to_job(self, request: Request, response: Response, rule: FaultRule) -> Response:
        """Turn an answer into a job still "running" for ``polls`` polls."""
        payload = response.payload if isinstance(response.payload, dict) else {}
        job_id = payload.get("job_id")
        with self.state.lock:
            job = self.state.jobs.get(job_id) if isinstance(job_id, int) else None
            if job is None:
                job_id = self.state.next_job_id()
                payload = dict(payload, job_id=job_id) if payload else envelope.tm_body(
                    "failure", {}, job_id, [])
                job = Job(job_id, request.auth_token, payload, response.status)
                self.state.jobs.put(job)
            job.polls = rule.params["polls"]
        location = f"/REST/Job/{job_id}"
        if rule.params["mode"] == "redirect":
            return text_response(307, location, headers=[("Location", location)])
        return json_response(200, envelope.incomplete_body(job_id))

    # -- TM ---------------------------------------------------------------------------------

    def _serve_tm(self, request: Request, route: Route) -> Response:
        state = self.state
        job_id = state.next_job_id()
        owner = request.auth_token
        store = True
        try:
            try:
                _ = request.body  # read now: size limit first, before routing
            except BodyError as problem:
                raise envelope.invalid_field(problem.field, problem.problem, "request",
                                             "Request not processed", http_status=problem.status)
            resource = self.tm.get(route.name) if route.name else None
            if resource is None:
                raise envelope.unknown_resource(route.name or request.path)
            handler = resource.handler(request.method)
            if handler is None:
                raise envelope.unsupported_method(request.method, resource.methods)
            store = handler.store_job
            try:
                args = request.args
            except BodyError as problem:
                raise envelope.invalid_field(problem.field, problem.problem, handler.operation,
                                             handler.summary)
            with state.lock:
                try:
                    session = state.check_token(request.auth_token) if handler.auth else None
                    self._check_rate(session, args)
                    ctx = Context(request, args, route.rest, request.auth_token, session, state,
                                  job_id, handler, self)
                    result = handler.func(ctx)
                    owner = ctx.token
                finally:
                    state.save_if_dirty()
        except APIError as failure:
            result = failure
        except Exception:
            log.exception("error in TM handler for %s %s", request.method, request.path)
            result = envelope.internal_error()
        if isinstance(result, Response):
            return result
        response = json_response(result.http_status, result.body(job_id), result.headers)
        if store:
            with state.lock:
                self._store_job(job_id, owner, response)
        return response

    def _check_rate(self, session: Optional[dict], args: Dict[str, Any]) -> None:
        """Apply the per-customer limiter (customer of the token, or the login's)."""
        limit = self.state.config.rate_limit_per_minute
        if limit is None:
            return
        customer = session["customer"] if session else args.get("customer_name")
        if not isinstance(customer, str) or not customer:
            return
        wait = self.limiter.hit(customer.lower(), limit)
        if wait is not None:
            raise envelope.rate_limited(wait)

    # -- MM ---------------------------------------------------------------------------------

    def _serve_mm(self, request: Request, route: Route) -> Response:
        try:
            body_problem: Optional[BodyError] = None
            try:
                args = dict(request.form_args)
            except BodyError as problem:
                if isinstance(problem, (BodyTooLarge, BodyUnreadable)):
                    raise MMError(problem.status, [str(problem)])
                body_problem, args = problem, dict(request.query)
            apikey = args.pop("apikey", None)
            if isinstance(apikey, list):
                apikey = apikey[-1]
            with self.state.lock:
                account = self.state.apikeys.account_for(apikey if isinstance(apikey, str) else None)
                if account is None:
                    raise MMError(451)
                if body_problem is not None:
                    raise MMError(452, [str(body_problem)])
                handler = self.mm.get(route.name or "", request.method)
                if handler is None:
                    raise MMError(404)
                try:
                    data = handler(MMContext(request, args, apikey, account, self.state, route.name, self))
                finally:
                    self.state.save_if_dirty()
            payload = envelope.mm_body(200, data)
        except MMError as failure:
            payload = failure.body()
        except Exception:
            log.exception("error in MM handler for %s %s", request.method, request.path)
            payload = envelope.mm_body(500)
        status = payload["response"]["status"]
        return json_response(status, payload, reason=payload["response"]["message"])

    # -- request log ---------------------------------------------------------------------------

    def _log(self, request: Request, route: Route, response: Optional[Response],
             dropped: bool = False) -> None:
        try:
            args = request.form_args if route.api == "mm" else request.args
        except BodyError:
            args = {}
        payload = response.payload if response is not None else None
        api_status = None
        if isinstance(payload, dict):
            api_status = payload["response"].get("status") if "response" in payload else payload.get("status")
        self.state.log.add({
            "api": route.api, "method": request.method, "path": request.path,
            "query": redact(dict(request.query)), "args": redact(dict(args)),
            "status": response.status if response is not None else None,
            "api_status": api_status, "dropped": dropped, "time": self.state.clock(),
        })

    # -- Python control API (also served under /__emulator__/) ----------------------------------

    def reset(self) -> None:
        """Back to the seeded accounts and keys: no tokens, jobs, faults or log entries,
        default configuration."""
        with self.state.lock:
            self.state.reset()
            self.fault_set.clear()
            self.limiter.clear()
            self.state.save_if_dirty()

    def add_account(self, customer: str, username: str, password: str,
                    permissions: Optional[Iterable[str]] = None) -> None:
        """Create (or replace) a TM account; ``permissions`` are the names reported by
        UserPermissionReport."""
        with self.state.lock:
            self.state.accounts.add(customer, username, password, permissions)
            self.state.save_if_dirty()

    def add_apikey(self, apikey: str, **account_fields: Any) -> Dict[str, Any]:
        """Accept an MM API key, with a new master account; return that account."""
        with self.state.lock:
            account = self.state.apikeys.add_key(apikey, **account_fields)
            self.state.save_if_dirty()
            return self.state.apikeys.public(account)

    def add_mm_subaccount(self, apikey: str, username: str, **fields: Any) -> Dict[str, Any]:
        """Add an MM sub-account under the master account of ``apikey`` (it gets its own
        key); return it."""
        with self.state.lock:
            account = self.state.apikeys.add_subaccount(apikey, username, **fields)
            self.state.save_if_dirty()
            return self.state.apikeys.public(account)

    def configure(self, **settings: Any) -> Dict[str, Any]:
        """Change run-time settings (``token_lifetime``, ``latency``,
        ``rate_limit_per_minute``, ``max_body_bytes``); return them all."""
        with self.state.lock:
            self.state.config = self.state.config.updated(**settings)
            return self.state.config.to_dict()

    @property
    def config(self) -> Dict[str, Any]:
        """The current settings."""
        return self.state.config.to_dict()

    def expire_tokens(self, reason: str = "expired") -> int:
        """Invalidate every token; later use answers the messages of ``reason``
        (``expired``, ``inactivity`` or ``ip``). Return how many were expired."""
        with self.state.lock:
            count = self.state.expire_all(reason)
            self.state.save_if_dirty()
            return count

    def add_fault(self, kind: str, match: Optional[str] = None, times: Optional[int] = 1,
                  **params: Any) -> Dict[str, Any]:
        """Add a fault rule (see :data:`~dyn.emulator.faults.FAULT_KINDS`); return it."""
        return self.fault_set.add(kind, match, times, **params).to_dict()

    def clear_faults(self) -> None:
        """Remove every fault rule."""
        self.fault_set.clear()

    @property
    def faults(self) -> List[Dict[str, Any]]:
        """The fault rules that can still fire."""
        return [rule.to_dict() for rule in self.fault_set.rules()]

    @property
    def requests(self) -> List[Dict[str, Any]]:
        """The API requests received (oldest first, secrets masked)."""
        return self.state.log.entries()

    def clear_requests(self) -> None:
        """Empty the request log."""
        self.state.log.clear()

    def save(self) -> None:
        """Write the state file now (no-op without one)."""
        self.state.save()

    @property
    def demo_account(self) -> Tuple[str, str, str]:
        """The first seeded TM account ``(customer, user, password)``."""
        return tuple(self.state.seed_accounts[0])  # type: ignore[return-value]

    @property
    def demo_apikey(self) -> str:
        """The first seeded MM API key."""
        return self.state.seed_apikeys[0]


CONTROL_NAMES: Tuple[str, ...] = (
    "reset", "add_account", "add_apikey", "add_mm_subaccount", "configure", "config",
    "expire_tokens", "add_fault", "clear_faults", "faults", "requests", "clear_requests",
    "save", "demo_account", "demo_apikey",
)
"""The Python control API, also offered by :class:`~dyn.emulator.server.Emulator`."""
