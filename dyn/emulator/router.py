"""Routing tables of both APIs.

TM: a resource name (matched case-insensitively: ``Session``, ``ARecord``, ``Job``) maps
to a :class:`TMResource` holding one :class:`TMHandler` per HTTP method. MM: a method path
(``accounts``, ``accounts/xheaders``, ``reports/sent/count``) maps to handlers per HTTP
method.

Every handler module declares its own :class:`RouteTable`::

    ROUTES = RouteTable()
    ZONE = ROUTES.resource("Zone")

    @ZONE.route("GET", operation="get")
    def get_zone(ctx):
        ...
        return Result(data, ["get: Your zone, example.com"])

    @ROUTES.route("senders", "GET")
    def list_senders(ctx):
        return {"senders": [...]}

An API family (:class:`Family`: sessions and jobs, DNS, Traffic Director, email, ...)
lists the route tables of its modules and its state parts; the families the emulator
serves are listed, explicitly, in :mod:`dyn.emulator.families`.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .request import Request

__all__ = [
    "Context", "MMContext", "TMHandler", "TMResource", "TMRegistry", "MMRegistry", "TM_RESOURCES",
    "MM_METHODS", "Route", "RouteTable", "Family", "classify", "normalize_name", "DEFAULT_OPERATIONS",
]

log = logging.getLogger(__name__)

DEFAULT_OPERATIONS: Dict[str, tuple] = {
    "GET": ("get", "Request failed"),
    "POST": ("create", "Request failed"),
    "PUT": ("update", "Request failed"),
    "DELETE": ("delete", "Request failed"),
}
"""``(operation, summary)`` used in validation failures when a handler declares none."""


def normalize_name(segment: str) -> str:
    """A zone or FQDN path segment normalised: one trailing dot stripped, lower-case."""
    return (segment[:-1] if segment.endswith(".") else segment).lower()


class Context:
    """Everything a TM handler gets.

    :ivar request: the :class:`~dyn.emulator.request.Request`.
    :ivar args: arguments (query string merged with the JSON body, the body wins).
    :ivar segments: path segments after the resource name, as sent.
    :ivar names: the same segments normalised with :func:`normalize_name`.
    :ivar token: the Auth-Token (None on resources that need no auth and got none).
    :ivar session: the token's session dict (``customer``, ``user``, ...), or None.
    :ivar state: the shared :class:`~dyn.emulator.state.State` (its lock is held).
    :ivar job_id: the job id this response will carry.
    :ivar handler: the :class:`TMHandler` being run.
    :ivar app: the :class:`~dyn.emulator.app.EmulatorApp` serving the request.
    """

    __slots__ = ("request", "args", "segments", "names", "token", "session", "state", "job_id",
                 "handler", "app")

    def __init__(self, request: Request, args: Dict[str, Any], segments: List[str], token: Optional[str],
                 session: Optional[dict], state: Any, job_id: int, handler: "TMHandler",
                 app: Any = None) -> None:
        self.request = request
        self.args = args
        self.segments = segments
        self.names = [normalize_name(segment) for segment in segments]
        self.token = token
        self.session = session
        self.state = state
        self.job_id = job_id
        self.handler = handler
        self.app = app

    @property
    def customer(self) -> Optional[str]:
        """The logged-in customer name (None without a session)."""
        return self.session["customer"] if self.session else None

    @property
    def user(self) -> Optional[str]:
        """The logged-in user name (None without a session)."""
        return self.session["user"] if self.session else None


class MMContext:
    """Everything an MM handler gets.

    :ivar request: the request.
    :ivar args: arguments (query string merged with the form or JSON body), ``apikey``
        removed.
    :ivar apikey: the API key.
    :ivar account: the key's account (internal dict of the apikeys part).
    :ivar state: the shared state (its lock is held).
    :ivar path: the method path, e.g. ``accounts``.
    :ivar app: the :class:`~dyn.emulator.app.EmulatorApp` serving the request.
    """

    __slots__ = ("request", "args", "apikey", "account", "state", "path", "app")

    def __init__(self, request: Request, args: Dict[str, Any], apikey: str, account: dict,
                 state: Any, path: str, app: Any = None) -> None:
        self.request = request
        self.args = args
        self.apikey = apikey
        self.account = account
        self.state = state
        self.path = path
        self.app = app


class TMHandler:
    """One HTTP method of a TM resource.

    :param func: ``func(ctx) -> Result`` (or a :class:`~dyn.emulator.envelope.Response`
        passed through as is); raises :class:`~dyn.emulator.envelope.APIError` to fail.
    :param auth: whether a valid Auth-Token is required.
    :param operation: operation word used in failure messages (``login``, ``create``).
    :param summary: summary used in validation failures (``Login failed``).
    :param store_job: whether the response is remembered for ``GET /REST/Job/<id>``.
    """

    __slots__ = ("func", "auth", "operation", "summary", "store_job", "method")

    def __init__(self, func: Callable[[Context], Any], method: str, auth: bool = True,
                 operation: Optional[str] = None, summary: Optional[str] = None,
                 store_job: bool = True) -> None:
        default_operation, default_summary = DEFAULT_OPERATIONS.get(method, ("request", "Request failed"))
        self.func = func
        self.method = method
        self.auth = auth
        self.operation = operation or default_operation
        self.summary = summary or default_summary
        self.store_job = store_job


class TMResource:
    """A TM resource (``/REST/<name>/...``) and its handlers per HTTP method.

    :param name: the canonical name, e.g. ``Session``.
    :param auth: default for the handlers' ``auth``.
    """

    def __init__(self, name: str, auth: bool = True) -> None:
        self.name = name
        self.auth = auth
        self.handlers: Dict[str, TMHandler] = {}

    def route(self, *methods: str, auth: Optional[bool] = None, operation: Optional[str] = None,
              summary: Optional[str] = None, store_job: bool = True) -> Callable:
        """Decorator registering ``func(ctx)`` for the given HTTP methods."""
        def decorate(func: Callable[[Context], Any]) -> Callable[[Context], Any]:
            for method in methods:
                method = method.upper()
                self.handlers[method] = TMHandler(
                    func, method, self.auth if auth is None else auth, operation, summary, store_job)
            return func
        return decorate

    def handler(self, method: str) -> Optional[TMHandler]:
        """The handler of ``method``, or None."""
        return self.handlers.get(method.upper())

    @property
    def methods(self) -> List[str]:
        """The supported HTTP methods."""
        return sorted(self.handlers)

    def __repr__(self) -> str:
        return f"<TMResource {self.name} {'/'.join(self.methods)}>"


class TMRegistry:
    """TM resources by lower-case name."""

    def __init__(self) -> None:
        self._resources: Dict[str, TMResource] = {}

    def register(self, resource: TMResource) -> TMResource:
        """Add (or replace) a resource."""
        self._resources[resource.name.lower()] = resource
        return resource

    def resource(self, name: str, auth: bool = True) -> TMResource:
        """The resource called ``name``, created and registered if new."""
        existing = self.get(name)
        return existing if existing is not None else self.register(TMResource(name, auth))

    def get(self, name: str) -> Optional[TMResource]:
        """The resource, matched case-insensitively, or None."""
        return self._resources.get(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._resources

    def names(self) -> List[str]:
        """Canonical names of every resource."""
        return sorted(resource.name for resource in self._resources.values())

    def merge(self, other: "TMRegistry") -> None:
        """Add every handler of ``other`` (a resource declared in both gets both sets of
        handlers; a method declared twice keeps ``other``'s)."""
        for resource in other._resources.values():
            self.resource(resource.name, resource.auth).handlers.update(resource.handlers)


class MMRegistry:
    """MM handlers by method path and HTTP method.

    A handler is ``func(ctx) -> data`` (sent with status 200 ``OK``) and raises
    :class:`~dyn.emulator.envelope.MMError` to fail.
    """

    def __init__(self) -> None:
        self._methods: Dict[str, Dict[str, Callable[[MMContext], Any]]] = {}

    def route(self, path: str, *methods: str) -> Callable:
        """Decorator registering ``func(ctx)`` for ``path`` (no leading or trailing slash)."""
        def decorate(func: Callable[[MMContext], Any]) -> Callable[[MMContext], Any]:
            table = self._methods.setdefault(path.strip("/"), {})
            for method in methods or ("GET",):
                table[method.upper()] = func
            return func
        return decorate

    def get(self, path: str, method: str) -> Optional[Callable[[MMContext], Any]]:
        """The handler, or None for an unknown path or method."""
        return self._methods.get(path.strip("/"), {}).get(method.upper())

    def paths(self) -> List[str]:
        """Every registered method path."""
        return sorted(self._methods)

    def merge(self, other: "MMRegistry") -> None:
        """Add every handler of ``other`` (``other`` wins for a path and method declared twice)."""
        for path, table in other._methods.items():
            self._methods.setdefault(path, {}).update(table)


class RouteTable:
    """The routes one handler module declares (TM resources and MM method paths).

    :ivar tm: the module's TM resources.
    :ivar mm: the module's MM method paths.
    """

    def __init__(self) -> None:
        self.tm = TMRegistry()
        self.mm = MMRegistry()

    def resource(self, name: str, auth: bool = True) -> TMResource:
        """The TM resource ``name`` of this table (created if new); see :meth:`TMRegistry.resource`."""
        return self.tm.resource(name, auth)

    def route(self, path: str, *methods: str) -> Callable:
        """Decorator registering an MM handler; see :meth:`MMRegistry.route`."""
        return self.mm.route(path, *methods)

    def install(self, tm: TMRegistry, mm: MMRegistry) -> None:
        """Add this table's routes to the app-wide tables."""
        tm.merge(self.tm)
        mm.merge(self.mm)


class Family:
    """One API family of the emulator: its route tables, its state parts and what it
    plugs into other families when loaded.

    :param name: the family's name (``dns``, ``dsf``, ...).
    :param routes: the route tables of its handler modules.
    :param state_parts: ``(name, factory)`` of the state parts it keeps (see
        :func:`~dyn.emulator.state.register_state_part`).
    :param on_load: called once when the family is installed (e.g. to serve its records
        at zone nodes).
    """

    def __init__(self, name: str, routes: Sequence[RouteTable],
                 state_parts: Sequence[Tuple[str, Callable[[Any], Any]]] = (),
                 on_load: Optional[Callable[[], None]] = None) -> None:
        self.name = name
        self.routes = tuple(routes)
        self.state_parts = tuple(state_parts)
        self.on_load = on_load

    def __repr__(self) -> str:
        return f"<Family {self.name}: {len(self.routes)} route tables>"


TM_RESOURCES = TMRegistry()
"""The default TM table, filled from the families (:func:`dyn.emulator.families.load`)."""

MM_METHODS = MMRegistry()
"""The default MM table, filled from the families (:func:`dyn.emulator.families.load`)."""


class Route:
    """Where a request goes.

    :ivar api: ``"tm"``, ``"mm"`` or ``"control"``.
    :ivar name: TM resource name as sent (None when the path has none), MM method path,
        or control path.
    :ivar rest: TM path segments after the resource name.
    """

    __slots__ = ("api", "name", "rest")

    def __init__(self, api: str, name: Optional[str], rest: List[str]) -> None:
        self.api = api
        self.name = name
        self.rest = rest

    def __repr__(self) -> str:
        return f"<Route {self.api} {self.name} {self.rest}>"


CONTROL_PREFIX = "__emulator__"


def classify(segments: List[str]) -> Route:
    """Sort a request by its path segments.

    ``/rest/json/<method>`` is MM; ``/__emulator__/...`` is control; ``/REST/<Resource>/...``
    is TM, and so is ``/<Resource>/...`` without the prefix (lenient).
    """
    lower = [segment.lower() for segment in segments[:2]]
    if lower[:1] == [CONTROL_PREFIX]:
        return Route("control", "/".join(segments[1:]), [])
    if lower == ["rest", "json"]:
        return Route("mm", "/".join(segments[2:]), [])
    if lower[:1] == ["rest"]:
        segments = segments[1:]
    if not segments:
        return Route("tm", None, [])
    return Route("tm", segments[0], list(segments[1:]))
