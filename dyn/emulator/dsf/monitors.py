"""TM resources of the account-global Traffic Director helpers: ``DSFMonitor`` and
``Notifier``. Changes apply at once (no publish).

::

    GET    /DSFMonitor/            URIs, or objects with ``detail: Y``
    POST   /DSFMonitor/            create
    GET    /DSFMonitor/{mid}       one monitor
    PUT    /DSFMonitor/{mid}       change fields (options and endpoints as a whole)
    DELETE /DSFMonitor/{mid}       refused while a record set uses the monitor

    GET / POST /Notifier/, GET / PUT / DELETE /Notifier/{nid}/   the same for notifiers;
    ``services: [{service_class: DSF|Monitor, service_id}]`` links a notifier to DSF
    services (each link gets a ``link_id``) and monitors.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Dict, List, Tuple

from .model import DSFPart
from ..envelope import Result, invalid_field
from ..router import Context, RouteTable
from .common import answering, arg_flag, customer_part, found

__all__ = ["DSF_MONITOR", "NOTIFIER", "KINDS"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

DSF_MONITOR = ROUTES.resource("DSFMonitor")
NOTIFIER = ROUTES.resource("Notifier")


class _Kind:
    """One account-global resource: its names and the part's methods for it."""

    def __init__(self, resource: str, title: str, ids: Callable[[DSFPart, str], List[str]],
                 render: Callable[[DSFPart, str, str], Dict[str, Any]],
                 create: Callable[[DSFPart, str, Dict[str, Any]], Dict[str, Any]],
                 update: Callable[[DSFPart, str, str, Dict[str, Any]], Dict[str, Any]],
                 delete: Callable[[DSFPart, str, str], None], id_key: str) -> None:
        self.resource = resource
        self.title = title
        self.ids = ids
        self.render = render
        self.create = create
        self.update = update
        self.delete = delete
        self.id_key = id_key


KINDS: Dict[str, _Kind] = {
    "DSFMonitor": _Kind(
        "DSFMonitor", "Monitor",
        ids=lambda part, customer: list(part.account(customer)["monitors"]),
        render=lambda part, customer, mid: copy.deepcopy(part.monitor(customer, mid)),
        create=lambda part, customer, args: part.create_monitor(customer, args),
        update=lambda part, customer, mid, args: part.update_monitor(customer, mid, args),
        delete=lambda part, customer, mid: part.delete_monitor(customer, mid),
        id_key="dsf_monitor_id"),
    "Notifier": _Kind(
        "Notifier", "Notifier",
        ids=lambda part, customer: list(part.account(customer)["notifiers"]),
        render=lambda part, customer, nid: part.render_notifier(customer, nid),
        create=lambda part, customer, args: part.create_notifier(customer, args),
        update=lambda part, customer, nid, args: part.update_notifier(customer, nid, args),
        delete=lambda part, customer, nid: part.delete_notifier(customer, nid),
        id_key="notifier_id"),
}
"""The two resources, by REST name."""


def _one_id(ctx: Context, kind: _Kind, operation: str, summary: str) -> str:
    if not ctx.segments:
        raise invalid_field(kind.id_key, "This field is required", operation, summary)
    if len(ctx.segments) > 1:
        raise invalid_field("uri", "At most 1 id expected after the resource name", operation, summary)
    return ctx.segments[0]


def _get(kind: _Kind) -> Callable[[Context], Result]:
    def handler(ctx: Context) -> Result:
        part, customer = customer_part(ctx)
        summary = f"{kind.title} not found"
        with answering("get", summary):
            if ctx.segments:
                oid = _one_id(ctx, kind, "get", summary)
                return Result(kind.render(part, customer, oid), [f"get: Found the {kind.title.lower()}"])
            detail = arg_flag(ctx.args, "detail")
            ids = kind.ids(part, customer)
            if detail:
                data: List[Any] = [kind.render(part, customer, oid) for oid in ids]
            else:
                data = [f"/REST/{kind.resource}/{oid}" for oid in ids]
            noun = kind.title.lower()
            return Result(data, [found(len(ids), noun, noun + "s", detail)])
    handler.__doc__ = f"``GET /{kind.resource}/[{{id}}]``."
    return handler


def _create(ctx: Context, kind: _Kind, part: Any, customer: str, summary: str) -> Any:
    if ctx.segments:
        raise invalid_field(kind.id_key, "A new object gets its id from the server", "create", summary)
    created = kind.create(part, customer, ctx.args)
    return kind.render(part, customer, created[kind.id_key])


def _update(ctx: Context, kind: _Kind, part: Any, customer: str, summary: str) -> Any:
    oid = _one_id(ctx, kind, "update", summary)
    kind.update(part, customer, oid, ctx.args)
    return kind.render(part, customer, oid)


def _delete(ctx: Context, kind: _Kind, part: Any, customer: str, summary: str) -> Any:
    kind.delete(part, customer, _one_id(ctx, kind, "delete", summary))
    return {}


#: operation -> (HTTP method, the change, past participle for the texts)
_CHANGES: Dict[str, Tuple[str, Callable[..., Any], str]] = {
    "create": ("POST", _create, "created"), "update": ("PUT", _update, "updated"),
    "delete": ("DELETE", _delete, "deleted")}


def _change(kind: _Kind, operation: str) -> Callable[[Context], Result]:
    """The POST, PUT or DELETE handler of a monitor or notifier (changes are immediate)."""
    method, change, done = _CHANGES[operation]

    def handler(ctx: Context) -> Result:
        part, customer = customer_part(ctx)
        summary = f"{kind.title} not {done}"
        with answering(operation, summary):
            data = change(ctx, kind, part, customer, summary)
        return Result(data, [f"{operation}: {kind.title} {done}"])
    handler.__doc__ = f"``{method} /{kind.resource}/...``."
    return handler


for _kind in KINDS.values():
    _resource = ROUTES.resource(_kind.resource)
    _resource.route("GET", operation="get", summary=f"{_kind.title} not found")(_get(_kind))
    for _operation, (_method, _, _done) in _CHANGES.items():
        _resource.route(_method, operation=_operation, summary=f"{_kind.title} not {_done}")(_change(_kind, _operation))
