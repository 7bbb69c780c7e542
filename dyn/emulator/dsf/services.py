"""TM resources of Traffic Director: ``DSF`` (services), the five tree levels
(``DSFRuleset``, ``DSFResponsePool``, ``DSFRecordSetFailoverChain``, ``DSFRecordSet``,
``DSFRecord``) and ``DSFNode``.

The tree levels share one set of generic handlers built from
:data:`~dyn.emulator.dsf.model.LEVELS`::

    GET    /<Level>/{sid}/          every object of the level (orphans included);
                                    URIs, or objects with ``detail: Y``
    GET    /<Level>/{sid}/{id}      one object, its subtree nested
    POST   /<Level>/{sid}/[{parent}] create (the parent id from the URI or the body)
    PUT    /<Level>/{sid}/{id}      change fields; a child list replaces the children
    DELETE /<Level>/{sid}/{id}      delete

GETs answer the published version unless ``pending_changes: Y``; changes are pending
unless ``publish: Y`` (see :mod:`dyn.emulator.dsf.model`). Models and texts:
``docs/emulator_dsf.rst``.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional, Tuple

from dyn import validation as v

from .model import (LEVELS, SERVICE_ATTRS, TREE_LEVELS, Level, Problem,
                      clean_attrs)
from ..envelope import Result, invalid_field
from ..router import Context, RouteTable
from .common import answering, arg_flag, arg_notes, customer_part, found

__all__ = ["DSF", "DSF_NODE", "LEVEL_RESOURCES", "PENDING_NOTE"]

log = logging.getLogger(__name__)

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

DSF = ROUTES.resource("DSF")
DSF_NODE = ROUTES.resource("DSFNode")

PENDING_NOTE = "publish: Change pending; publish the service to apply it"
"""INFO added to a change that was not published (guess)."""

_INDEX = v.int_range(0, 1_000_000)


def _segments(ctx: Context, most: int, operation: str, summary: str) -> List[str]:
    if not ctx.segments:
        raise invalid_field("service_id", "This field is required", operation, summary)
    if len(ctx.segments) > most:
        raise invalid_field("uri", f"At most {most} ids expected after the resource name",
                            operation, summary)
    return list(ctx.segments)


def _change_msgs(done: str, published: bool) -> List[str]:
    return [done, "publish: Service published"] if published else [done, PENDING_NOTE]


# -- services ----------------------------------------------------------------------------------------

@DSF.route("GET", operation="get", summary="Service not found")
def get_services(ctx: Context) -> Result:
    """``GET /DSF/`` (list: URIs, or objects with ``detail: Y``) and ``GET /DSF/{sid}/``."""
    part, customer = customer_part(ctx)
    with answering("get", "Service not found"):
        pending = arg_flag(ctx.args, "pending_changes")
        if ctx.segments:
            sid = _segments(ctx, 1, "get", "Service not found")[0]
            data = part.render_service(customer, sid, part.view(customer, sid, pending))
            return Result(data, ["get: Found the service"])
        detail = arg_flag(ctx.args, "detail")
        sids = part.service_ids(customer)
        if detail:
            data = [part.render_service(customer, sid, part.view(customer, sid, pending)) for sid in sids]
        else:
            data = [f"/REST/DSF/{sid}" for sid in sids]
        return Result(data, [found(len(sids), "service", "services", detail)])


@DSF.route("POST", operation="create", summary="Service not created")
def create_service(ctx: Context) -> Result:
    """``POST /DSF/``: a service with its whole tree, nodes and notifier links."""
    part, customer = customer_part(ctx)
    with answering("create", "Service not created"):
        if ctx.segments:
            raise Problem("service_id", ctx.segments[0], "A new service gets its id from the server")
        publish = arg_flag(ctx.args, "publish")
        sid = part.create_service(customer, ctx.args, publish, arg_notes(ctx.args))
    log.info("DSF service %s created for %s (published: %s)", sid, customer, publish)
    data = part.render_service(customer, sid, part.working(customer, sid))
    return Result(data, _change_msgs("create: Service created", publish))


@DSF.route("PUT", operation="update", summary="Service not updated")
def update_service(ctx: Context) -> Result:
    """``PUT /DSF/{sid}/``: label/ttl, ``publish``/``notes``, ``revert``, notifier
    links, ``remove_orphans``, ``rulesets`` (ordering or replacement), ``nodes``."""
    part, customer = customer_part(ctx)
    args = ctx.args
    msgs: List[str] = []
    with answering("update", "Service not updated"):
        sid = _segments(ctx, 1, "update", "Service not updated")[0]
        part.entry(customer, sid)
        publish = arg_flag(args, "publish")
        notes = arg_notes(args)
        revert = arg_flag(args, "revert")
        add_notifier = arg_flag(args, "add_notifier")
        remove_notifier = arg_flag(args, "remove_notifier")
        remove_orphans = arg_flag(args, "remove_orphans")
        if add_notifier:
            if args.get("notifier_id") is None:
                raise Problem("notifier_id", None, "This field is required")
            part.notifier(customer, args["notifier_id"])
        if remove_notifier:
            if args.get("link_id") is None:
                raise Problem("link_id", None, "This field is required")
            part.check_link(customer, sid, args["link_id"])
        changing = remove_orphans or any(args.get(key) is not None
                                         for key in ("label", "ttl", "rulesets", "nodes"))
        tree = None
        if changing:
            tree = part.begin(customer, sid, revert=revert)
            tree.doc.update(clean_attrs(SERVICE_ATTRS, args, partial=True))
            if remove_orphans:
                tree.remove_orphans()
            if args.get("nodes") is not None:
                tree.set_nodes(args["nodes"])
            if args.get("rulesets") is not None:
                tree.order_rulesets(args["rulesets"])
        # every check passed: apply
        if revert:
            part.revert(customer, sid)
            msgs.append("revert: Pending changes discarded")
        if tree is not None:
            part.commit(customer, sid, tree, publish, notes)
        elif publish:
            part.publish(customer, sid, notes)
        if add_notifier:
            part.link_notifier(customer, sid, args["notifier_id"])
            msgs.append("add_notifier: Notifier linked")
        if remove_notifier:
            part.unlink_notifier(customer, sid, args["link_id"])
            msgs.append("remove_notifier: Notifier unlinked")
    if tree is not None:
        msgs = _change_msgs("update: Service updated", publish) + msgs
    elif publish:
        msgs.insert(0, "publish: Service published")
    data = part.render_service(customer, sid, part.working(customer, sid))
    return Result(data, msgs or ["update: Service updated"])


@DSF.route("DELETE", operation="delete", summary="Service not deleted")
def delete_service(ctx: Context) -> Result:
    """``DELETE /DSF/{sid}/``: the service, its tree, nodes and links, at once."""
    part, customer = customer_part(ctx)
    with answering("delete", "Service not deleted"):
        sid = _segments(ctx, 1, "delete", "Service not deleted")[0]
        part.delete_service(customer, sid)
    return Result({}, ["delete: Service deleted"])


# -- the five tree levels (one generic implementation) -----------------------------------------------

def _get_level(level: Level) -> Callable[[Context], Result]:
    def handler(ctx: Context) -> Result:
        part, customer = customer_part(ctx)
        summary = f"{level.title} not found"
        with answering("get", summary):
            segments = _segments(ctx, 2, "get", summary)
            tree = part.view(customer, segments[0], arg_flag(ctx.args, "pending_changes"))
            if len(segments) == 2:
                return Result(tree.render(level.key, segments[1]), [f"get: Found the {level.title.lower()}"])
            detail = arg_flag(ctx.args, "detail")
            ids = tree.ids(level.key)
            if detail:
                data: List[Any] = [tree.render(level.key, oid) for oid in ids]
            else:
                data = [f"/REST/{level.resource}/{tree.service_id}/{oid}" for oid in ids]
            return Result(data, [found(len(ids), level.title.lower(), level.plural, detail)])
    handler.__doc__ = f"``GET /{level.resource}/{{sid}}/[{{id}}]``."
    return handler


def _create(ctx: Context, level: Level, tree: Any, summary: str) -> str:
    """Add a ``level`` object from the request to ``tree``; return its id."""
    segments = _segments(ctx, 2, "create", summary)
    parent = segments[1] if len(segments) == 2 and level.parent_key else None
    if parent is None and level.parent_key:
        parent = ctx.args.get(level.parent_key) or None
    index_key = "ordering" if level.key == "ruleset" else "index"
    index = ctx.args.get(index_key) if level.key in ("ruleset", "pool") else None
    if index is not None:
        try:
            index = _INDEX(index)
        except ValueError as err:
            raise Problem(index_key, index, str(err)) from None
    return tree.add(level.key, ctx.args, str(parent) if parent is not None else None, index)


def _update(ctx: Context, level: Level, tree: Any, summary: str) -> str:
    oid = _object_ids(ctx, level, "update", summary)[1]
    tree.update(level.key, oid, ctx.args)
    return oid


def _delete(ctx: Context, level: Level, tree: Any, summary: str) -> None:
    tree.delete(level.key, _object_ids(ctx, level, "delete", summary)[1])


#: operation -> (change applied to the working tree, past participle for the texts)
_CHANGES: Dict[str, Tuple[Callable[..., Optional[str]], str]] = {
    "create": (_create, "created"), "update": (_update, "updated"), "delete": (_delete, "deleted")}


def _change_level(level: Level, operation: str) -> Callable[[Context], Result]:
    """The POST, PUT or DELETE handler of a tree level: check and apply the change on a
    copy of the service, then commit it (published, or pending)."""
    change, done = _CHANGES[operation]

    def handler(ctx: Context) -> Result:
        part, customer = customer_part(ctx)
        summary = f"{level.title} not {done}"
        with answering(operation, summary):
            sid = _segments(ctx, 2, operation, summary)[0]
            publish = arg_flag(ctx.args, "publish")
            notes = arg_notes(ctx.args)
            tree = part.begin(customer, sid)
            oid = change(ctx, level, tree, summary)
            part.commit(customer, sid, tree, publish, notes)
        data = tree.render(level.key, oid) if oid is not None else {}
        return Result(data, _change_msgs(f"{operation}: {level.title} {done}", publish))
    handler.__doc__ = f"The {operation} handler of ``/{level.resource}/{{sid}}/...``."
    return handler


def _object_ids(ctx: Context, level: Level, operation: str, summary: str) -> Tuple[str, str]:
    segments = _segments(ctx, 2, operation, summary)
    if len(segments) < 2:
        raise Problem(level.id_key, None, "This field is required")
    return segments[0], segments[1]


LEVEL_RESOURCES: Dict[str, Any] = {}
"""The registered :class:`~dyn.emulator.router.TMResource` per level key."""

for _key in TREE_LEVELS:
    _level = LEVELS[_key]
    _resource = ROUTES.resource(_level.resource)
    _resource.route("GET", operation="get", summary=f"{_level.title} not found")(_get_level(_level))
    for _method, _operation in (("POST", "create"), ("PUT", "update"), ("DELETE", "delete")):
        _resource.route(_method, operation=_operation, summary=f"{_level.title} not {_CHANGES[_operation][1]}")(
            _change_level(_level, _operation))
    LEVEL_RESOURCES[_key] = _resource


# -- nodes ----------------------------------------------------------------------------------------

def _node_arg(args: Dict[str, Any]) -> Any:
    if args.get("node") is not None:
        return args["node"]
    if args.get("zone") is not None:
        return {"zone": args["zone"], "fqdn": args.get("fqdn")}
    raise Problem("node", None, "This field is required")


def _node_change(ctx: Context, operation: str, summary: str, done: str,
                 change: Callable[[Any, Dict[str, Any]], Any]) -> Result:
    part, customer = customer_part(ctx)
    with answering(operation, summary):
        sid = _segments(ctx, 1, operation, summary)[0]
        publish = arg_flag(ctx.args, "publish")
        notes = arg_notes(ctx.args)
        tree = part.begin(customer, sid)
        change(tree, ctx.args)
        part.commit(customer, sid, tree, publish, notes)
    return Result([dict(node) for node in tree.doc["nodes"]], _change_msgs(done, publish))


@DSF_NODE.route("GET", operation="get", summary="Nodes not found")
def get_nodes(ctx: Context) -> Result:
    """``GET /DSFNode/{sid}``: the service's nodes ``[{zone, fqdn}]``."""
    part, customer = customer_part(ctx)
    with answering("get", "Nodes not found"):
        sid = _segments(ctx, 1, "get", "Nodes not found")[0]
        nodes = part.view(customer, sid, arg_flag(ctx.args, "pending_changes")).doc["nodes"]
    return Result([dict(node) for node in nodes], [found(len(nodes), "node", "nodes", False)])


@DSF_NODE.route("PUT", operation="update", summary="Nodes not updated")
def replace_nodes(ctx: Context) -> Result:
    """``PUT /DSFNode/{sid} {nodes: [...]}``: replace every node."""
    def change(tree: Any, args: Dict[str, Any]) -> None:
        if args.get("nodes") is None:
            raise Problem("nodes", None, "This field is required")
        tree.set_nodes(args["nodes"])
    return _node_change(ctx, "update", "Nodes not updated", "update: Nodes replaced", change)


@DSF_NODE.route("POST", operation="add", summary="Node not added")
def add_node(ctx: Context) -> Result:
    """``POST /DSFNode/{sid} {node: {zone, fqdn}}``: attach one node."""
    return _node_change(ctx, "add", "Node not added", "add: Node added",
                        lambda tree, args: tree.add_node(_node_arg(args)))


@DSF_NODE.route("DELETE", operation="remove", summary="Node not removed")
def remove_node(ctx: Context) -> Result:
    """``DELETE /DSFNode/{sid} {node: {zone, fqdn}}``: detach one node."""
    return _node_change(ctx, "remove", "Node not removed", "remove: Node removed",
                        lambda tree, args: tree.remove_node(_node_arg(args)))
