"""TM record resources: ``/REST/<Type>Record/<zone>/<fqdn>/[<record_id>/]`` for the 30
types of :mod:`dyn.tm.record_types`, registered in one loop.

+----------+-------------------------------------------+--------------------------------------+
| method   | without id                                | with id (0: the only record)         |
+==========+===========================================+======================================+
| GET      | list (URIs, or objects with ``detail``);  | the record                           |
|          | with ``rdata`` in the body: the only one  |                                      |
+----------+-------------------------------------------+--------------------------------------+
| POST     | add a record                              | (id ignored)                         |
+----------+-------------------------------------------+--------------------------------------+
| PUT      | ``{"<Type>Records": [...]}`` replaces all;| update the record                    |
|          | otherwise updates the only record         |                                      |
+----------+-------------------------------------------+--------------------------------------+
| DELETE   | delete every record of the type           | delete the record                    |
+----------+-------------------------------------------+--------------------------------------+

Changes are pending for the session until ``PUT /REST/Zone/<zone>/ {"publish": true}``.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Tuple

from dyn.tm.record_types import RECORD_TYPES, TYPE_NAMES, RecordType

from ..envelope import Result, info, invalid_field
from ..validate import plural, wants_detail
from ..router import Context, RouteTable, TMResource
from .common import zone_segment
from .model import Zone, ZonesPart, record_dict, record_uri, zones_part

__all__ = ["RECORD_RESOURCES", "register_record_resource"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

RECORD_RESOURCES: Dict[str, TMResource] = {}
"""The record resources by API type (``A`` -> the ``ARecord`` resource)."""


def _target(ctx: Context, operation: str, summary: str) -> Tuple[ZonesPart, Zone, str, Optional[int]]:
    """The zones part, the zone, the node and the record id (None when absent) of a
    record request."""
    part = zones_part(ctx.state)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, operation, summary))
    if len(ctx.names) < 2 or not ctx.names[1]:
        raise invalid_field("fqdn", "This field is required", operation, summary)
    record_id = None
    if len(ctx.segments) > 2:
        raw = ctx.segments[2]
        if not raw.isdigit():
            raise invalid_field("id", "Integer expected", operation, summary)
        record_id = int(raw)
    return part, zone, ctx.names[1], record_id


def _handlers(rtype: RecordType) -> Dict[str, Callable[[Context], Result]]:
    """The four handlers of one record type."""
    bulk_key = f"{rtype.name}Records"

    def get(ctx: Context) -> Result:
        detail = wants_detail(ctx)
        single = len(ctx.segments) > 2 or "rdata" in ctx.args
        operation = "get" if single or not detail else "detail"
        part, zone, fqdn, record_id = _target(ctx, operation, "No record found")
        part.check_node(zone, fqdn, operation, must_exist=True, token=ctx.token)
        if single:
            record = part.find_record(zone, ctx.token, rtype.name, fqdn, record_id or 0, "get", "No record found")
            return Result(record_dict(zone.name, record), [info("get: Found the record", "API-B")])
        records = part.visible(zone, ctx.token, fqdn, rtype.name)
        if detail:
            data: Any = [record_dict(zone.name, record) for record in records]
        else:
            data = [record_uri(rtype.name, zone.name, fqdn, record.record_id) for record in records]
        return Result(data, [f"{operation}: Found {plural(len(records), 'record')}"])

    def post(ctx: Context) -> Result:
        part, zone, fqdn, _ = _target(ctx, "add", "Record not added")
        record = part.add_record(zone, ctx.token, ctx.user, rtype, fqdn, ctx.args.get("rdata"), ctx.args,
                                 ctx.args.get("ttl"))
        return Result(record_dict(zone.name, record), ["add: Record added"])

    def put(ctx: Context) -> Result:
        part, zone, fqdn, record_id = _target(ctx, "update", "No record updated")
        if record_id is None and bulk_key in ctx.args:
            records = part.replace_records(zone, ctx.token, ctx.user, rtype, fqdn, ctx.args[bulk_key], bulk_key)
            return Result([record_dict(zone.name, record) for record in records],
                          [f"update: {plural(len(records), 'record')} will replace the old ones on zone publish"])
        record = part.update_record(zone, ctx.token, ctx.user, rtype, fqdn, record_id or 0, ctx.args.get("rdata"),
                                    ctx.args, ctx.args.get("ttl"))
        return Result(record_dict(zone.name, record), ["update: Record updated"])

    def delete(ctx: Context) -> Result:
        part, zone, fqdn, record_id = _target(ctx, "delete", "No record deleted")
        emptied = part.delete_records(zone, ctx.token, ctx.user, rtype, fqdn, record_id)
        msgs = ["delete: Record will be deleted on zone publish"]
        if emptied:
            msgs.append(f"remove_node: {fqdn} removed from tree.")
        return Result({}, msgs)

    return {"GET": get, "POST": post, "PUT": put, "DELETE": delete}


OPERATIONS = {"GET": ("get", "No record found"), "POST": ("add", "Record not added"),
              "PUT": ("update", "No record updated"), "DELETE": ("delete", "No record deleted")}
"""``(operation, summary)`` of each method (used for body problems caught by the app)."""


def register_record_resource(rtype: RecordType) -> TMResource:
    """Register ``/REST/<Type>Record/`` for one record type."""
    resource = ROUTES.resource(rtype.rest)
    for method, func in _handlers(rtype).items():
        operation, summary = OPERATIONS[method]
        func.__name__ = f"{method.lower()}_{rtype.name.lower()}_record"
        func.__doc__ = f"{method} /REST/{rtype.rest}/<zone>/<fqdn>/[<record_id>/]"
        resource.route(method, operation=operation, summary=summary)(func)
    RECORD_RESOURCES[rtype.name] = resource
    return resource


for _name in TYPE_NAMES:
    register_record_resource(RECORD_TYPES[_name])
del _name
