"""TM resources of zones and whole-zone views: Zone, ZoneChanges, ZoneFile, ZoneTransfer,
AllRecord, ANYRecord, NodeList, Node and Apex (the model is :mod:`.model`)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from dyn import validation as v
from dyn.tm.record_types import RECORD_TYPES, TYPE_NAMES, Problem

from ..envelope import Result, invalid_field, not_found
from ..router import Context, RouteTable
from ..validate import Field, check_tm, plural, wants_detail
from .model import (SERIAL_STYLES, Record, Zone, ZonesPart, illegal, in_zone, record_dict, record_uri,
                       zones_part)
from .common import new_zone_segment, node_segment, zone_segment
from .zonefile import ZoneFileError, parse_zone_file

__all__ = ["ZONE", "ZONE_CHANGES", "ZONE_FILE", "ZONE_TRANSFER", "ALL_RECORD", "ANY_RECORD", "NODE_LIST",
           "NODE", "APEX"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

ZONE = ROUTES.resource("Zone")
ZONE_CHANGES = ROUTES.resource("ZoneChanges")
ZONE_FILE = ROUTES.resource("ZoneFile")
ZONE_TRANSFER = ROUTES.resource("ZoneTransfer")
ALL_RECORD = ROUTES.resource("AllRecord")
ANY_RECORD = ROUTES.resource("ANYRecord")
NODE_LIST = ROUTES.resource("NodeList")
NODE = ROUTES.resource("Node")
APEX = ROUTES.resource("Apex")

CREATE_FIELDS = (
    Field("rname"), Field("ttl", "int"),
    Field("serial_style", required=False, default="increment", choices=SERIAL_STYLES),
)
PUBLISH_FIELDS = (
    Field("publish", "bool", required=False, default=False), Field("notes", required=False),
    Field("freeze", "bool", required=False, default=False), Field("thaw", "bool", required=False, default=False),
)
FILE_FIELDS = (Field("file"), Field("serial_style", required=False, default="increment", choices=SERIAL_STYLES))
TRANSFER_FIELDS = (Field("master_ip"),)

SETUP_TEXT = ("setup: If you plan to provide your own secondary DNS for the zone, allow notify requests "
              "from these IP addresses on your nameserver: 208.78.68.66, 2600:2003:0:1::66")
"""First INFO of a zone create (real)."""


def _part(ctx: Context) -> ZonesPart:
    return zones_part(ctx.state)


# -- Zone ---------------------------------------------------------------------------------------

@ZONE.route("GET", operation="get", summary="Zone not found")
def get_zones(ctx: Context) -> Result:
    """``GET /REST/Zone/`` (URIs, or zone objects with ``detail``) or one zone."""
    part = _part(ctx)
    if not ctx.names:
        zones = part.zones_of(ctx.customer)
        if wants_detail(ctx):
            data: List[Any] = [part.zone_view(zone, ctx.token) for zone in zones]
        else:
            data = [f"/REST/Zone/{zone.name}/" for zone in zones]
        return Result(data, [f"get: Your {plural(len(zones), 'zone')}"])
    zone = part.require_zone(ctx.customer, ctx.names[0])
    return Result(part.zone_view(zone, ctx.token), [f"get: Your zone, {zone.name}"])


@ZONE.route("POST", operation="create", summary="Zone not created")
def create_zone(ctx: Context) -> Result:
    """Create a primary zone with its SOA and NS records (unpublished, serial 0)."""
    name = new_zone_segment(ctx)
    part = _part(ctx)
    part.check_new_zone_name(ctx.customer, name)
    args = check_tm(ctx.args, CREATE_FIELDS, "create", "Zone not created")
    try:
        rname = v.mailbox(args["rname"].strip())
    except ValueError as problem:
        raise invalid_field("rname", str(problem), "create", "Zone not created") from None
    try:
        ttl = v.ttl(args["ttl"])
    except ValueError as problem:
        raise invalid_field("ttl", str(problem), "create", "Zone not created") from None
    zone, task = part.create_zone(ctx.customer, name, rname, ttl, args["serial_style"])
    data = dict(zone.to_dict(), task_id=str(task.task_id))
    return Result(data, [SETUP_TEXT, f"create: New zone {zone.name} created.  Publish it to put it on our server."])


@ZONE.route("PUT", operation="update", summary="Zone not updated")
def update_zone(ctx: Context) -> Result:
    """Publish, freeze or thaw (exactly one); ``{}`` answers the zone unchanged."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "update", "Zone not updated"))
    args = check_tm(ctx.args, PUBLISH_FIELDS, "update", "Zone not updated")
    actions = [name for name in ("publish", "freeze", "thaw") if args[name]]
    if len(actions) > 1:
        raise invalid_field(actions[1], "Only one of publish, freeze and thaw may be given", "update",
                            "Zone not updated")
    if not actions:
        return Result(part.zone_view(zone, ctx.token), [f"get: Your zone, {zone.name}"])
    if actions == ["publish"]:
        task = part.publish(zone, ctx.token, ctx.user, args["notes"])
        data = dict(part.zone_view(zone, ctx.token), task_id=str(task.task_id))
        return Result(data, [f"publish: {zone.name} published"])
    if actions == ["freeze"]:
        part.set_frozen(zone, True)
        return Result(part.zone_view(zone, ctx.token), ["freeze: Your zone is now frozen"])
    part.set_frozen(zone, False)
    return Result(part.zone_view(zone, ctx.token), ["thaw: Your zone is now thawed, you may edit normally"])


@ZONE.route("DELETE", operation="remove", summary="No such zone in your account")
def delete_zone(ctx: Context) -> Result:
    """Delete a zone (primary or secondary) at once."""
    part = _part(ctx)
    name = zone_segment(ctx, "remove", "No such zone in your account")
    zone = part.require_zone(ctx.customer, name, "remove", "No such zone in your account", source="BLL")
    part.delete_zone(zone)
    return Result({}, ["remove: Zone removed"])


# -- ZoneChanges ------------------------------------------------------------------------------------

@ZONE_CHANGES.route("GET", operation="get", summary="Zone changes not found")
def get_changes(ctx: Context) -> Result:
    """This session's pending changes of a zone."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "get", "Zone changes not found"))
    items = part.changes(zone, ctx.token)
    return Result(items, [f"get: Found {plural(len(items), 'zone change')}"])


@ZONE_CHANGES.route("DELETE", operation="discard", summary="Zone changes not discarded")
def discard_changes(ctx: Context) -> Result:
    """Discard this session's pending changes of a zone."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "discard", "Zone changes not discarded"))
    count = part.discard(zone, ctx.token)
    return Result({}, [f"discard: {count} zone changes discarded"])


# -- whole-zone views ---------------------------------------------------------------------------------

def _records_object(records: List[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    """``{"a_records": [...], ...}`` with every type present (empty lists included)."""
    grouped: Dict[str, List[Dict[str, Any]]] = {f"{name.lower()}_records": [] for name in TYPE_NAMES}
    for item in records:
        grouped.setdefault(f"{str(item.get('record_type', 'unknown')).lower()}_records", []).append(item)
    return grouped


def _uri_of(item: Dict[str, Any]) -> str:
    return record_uri(item.get("record_type", ""), item.get("zone", ""), item.get("fqdn", ""),
                      item.get("record_id", 0))


def _view(ctx: Context, records: List[Record], zone: Zone, extra: List[Dict[str, Any]]) -> Any:
    items = [record_dict(zone.name, record) for record in records] + extra
    if wants_detail(ctx):
        return _records_object(items)
    return [_uri_of(item) for item in items]


@ALL_RECORD.route("GET", operation="get_tree", summary="Node name not found within the zone")
def all_records(ctx: Context) -> Result:
    """Every record at or below a node (URIs, or ``<type>_records`` with ``detail``)."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "get_tree", "Node name not found within the zone"))
    base = node_segment(ctx, zone)
    extra = part.service_records(ctx.customer, zone, base, ctx.token)
    if not in_zone(base, zone.name) or not (part.node_exists(None, zone, base, ctx.token) or extra):
        raise not_found("node", "Node is not in the zone", "get_tree", "Node name not found within the zone")
    records = part.tree(zone, ctx.token, base)
    return Result(_view(ctx, records, zone, extra), ["get_tree: Here is your zone tree"])


@ANY_RECORD.route("GET", operation="get", summary="Host is not in this zone")
def any_records(ctx: Context) -> Result:
    """Every record exactly at a node (URIs, or ``<type>_records`` with ``detail``)."""
    part = _part(ctx)
    detail = wants_detail(ctx)
    operation = "detail" if detail else "get"
    zone = part.require_zone(ctx.customer, zone_segment(ctx, operation, "Host is not in this zone"))
    fqdn = node_segment(ctx, zone)
    extra = [item for item in part.service_records(ctx.customer, zone, fqdn, ctx.token)
             if str(item.get("fqdn", "")).rstrip(".").lower() == fqdn]
    if not extra:
        part.check_node(zone, fqdn, operation, must_exist=True, token=ctx.token)
    records = part.node_records(zone, ctx.token, fqdn)
    count = len(records) + len(extra)
    return Result(_view(ctx, records, zone, extra), [f"{operation}: Found {plural(count, 'record')}"])


@NODE_LIST.route("GET", operation="get_node_list", summary="Node name not found within the zone")
def node_list(ctx: Context) -> Result:
    """The node names at or below a node, the node itself included."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "get_node_list", "Node name not found within the zone"))
    base = node_segment(ctx, zone)
    if not part.node_exists(None, zone, base, ctx.token):
        raise not_found("node", "Node is not in the zone", "get_node_list", "Node name not found within the zone")
    return Result(part.node_list(zone, ctx.token, base), ["get_node_list: Here is your node list"])


@NODE.route("DELETE", operation="remove_node", summary="Node not removed")
def delete_node(ctx: Context) -> Result:
    """Remove a node, its records and the nodes below it (pending until publish)."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "remove_node", "Node not removed"))
    fqdn = node_segment(ctx, zone)
    part.delete_node(zone, ctx.token, ctx.user, fqdn)
    return Result(part.zone_view(zone, ctx.token),
                  [f"remove_node: {fqdn} removed from tree. All records also removed."])


@APEX.route("GET", operation="get", summary="Node is not in any of your zones")
def get_apex(ctx: Context) -> Result:
    """The zone a node belongs to (the longest matching zone name)."""
    if not ctx.names:
        raise invalid_field("node", "This field is required", "get", "Node is not in any of your zones")
    zone = _part(ctx).apex(ctx.customer, ctx.names[0])
    if zone is None:
        raise not_found("node", "Not in zone", "get", "Node is not in any of your zones")
    data = {"zone": zone.name, "zone_type": zone.zone_type, "serial_type": zone.serial_style,
            "serial": zone.serial}
    return Result(data, [f"get: Found the apex, {zone.name}"])


# -- ZoneFile ------------------------------------------------------------------------------------------

def _file_records(part: ZonesPart, zone_name: str, text: Any, operation: str, summary: str,
                  zone: Optional[Zone] = None) -> Tuple[List[Record], Optional[Record]]:
    """Parse and validate every record of a zone file (nothing is stored); return the
    records (the apex SOA apart) and the apex SOA."""
    try:
        parsed = parse_zone_file(text, zone_name, part.default_ttl(zone, None) if zone is not None else None)
    except ZoneFileError as problem:
        raise invalid_field("file", problem.problem, operation, summary) from None
    records: List[Record] = []
    soa: Optional[Record] = None
    types_at: Dict[str, set] = {}
    for item in parsed:
        rtype = RECORD_TYPES[item.rtype]
        label = f"{item.fqdn} {item.rtype}"
        if item.rtype == "SOA":
            if item.fqdn != zone_name:
                raise invalid_field("file", f"{label}: SOA record not at the zone apex", operation, summary)
            try:
                rtype.check_wire(item.rdata, {}, partial=False)
            except Problem as problem:
                raise invalid_field("file", f"{label}: {problem}", operation, summary) from None
            soa = Record("SOA", item.fqdn, item.ttl, dict(item.rdata), {})
            continue
        try:
            v.fqdn(item.fqdn)
            clean, top = rtype.check_wire(item.rdata, item.top, partial=False)
        except Problem as problem:
            raise invalid_field("file", f"{label}: {problem}", operation, summary) from None
        except ValueError as problem:
            raise invalid_field("file", f"{label}: {problem}", operation, summary) from None
        types_at.setdefault(item.fqdn, set()).add(item.rtype)
        records.append(Record(item.rtype, item.fqdn, item.ttl, clean, top))
    if zone is not None:  # adding to a zone: CNAMEs must not meet published data either
        for fqdn, types in types_at.items():
            published = set(zone.nodes.get(fqdn, {}))
            if "CNAME" in types | published and len(types | published) > 1:
                raise illegal("A CNAME record can not share a node with other records", operation, summary,
                              context="node")
    return records, soa


@ZONE_FILE.route("POST", operation="create", summary="Zone not created")
def upload_zone_file(ctx: Context) -> Result:
    """Create a zone from a BIND master file, published at once (ZoneImport task)."""
    part = _part(ctx)
    name = new_zone_segment(ctx)
    part.check_new_zone_name(ctx.customer, name)
    args = check_tm(ctx.args, FILE_FIELDS, "create", "Zone not created")
    records, soa = _file_records(part, name, args["file"], "create", "Zone not created")
    if soa is None:
        raise invalid_field("file", "No SOA record at the zone apex", "create", "Zone not created")
    if not any(record.rtype == "NS" and record.fqdn == name for record in records):
        records = part.default_records(name, soa.rdata["rname"], soa.ttl, args["serial_style"])[1:] + records
    zone, task = part.create_from_records(ctx.customer, name, [soa] + records, args["serial_style"])
    data = dict(zone.to_dict(), task_id=str(task.task_id))
    return Result(data, [f"create: New zone {zone.name} created from the zone file and published"])


@ZONE_FILE.route("PUT", operation="update", summary="Zone not updated")
def add_zone_file(ctx: Context) -> Result:
    """Add a master file's records (its SOA ignored) to an existing zone, published at
    once (ZoneImport task)."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "update", "Zone not updated"))
    part.check_writable(zone, "update", "Zone not updated")
    args = check_tm(ctx.args, FILE_FIELDS[:1], "update", "Zone not updated")
    records, _soa = _file_records(part, zone.name, args["file"], "update", "Zone not updated", zone)
    task = part.import_records(zone, records, ctx.user)
    data = dict(part.zone_view(zone, ctx.token), task_id=str(task.task_id))
    return Result(data, [f"update: Zone file records added to {zone.name} and published"])


# -- ZoneTransfer --------------------------------------------------------------------------------------

@ZONE_TRANSFER.route("POST", operation="create", summary="Zone not created")
def create_by_transfer(ctx: Context) -> Result:
    """Create a zone "transferred" from ``master_ip`` (offline: SOA and NS records only)."""
    part = _part(ctx)
    name = new_zone_segment(ctx)
    part.check_new_zone_name(ctx.customer, name)
    master = check_tm(ctx.args, TRANSFER_FIELDS, "create", "Zone not created")["master_ip"]
    try:
        master = v.ipv4(master.strip())
    except ValueError:
        try:
            master = v.ipv6(master.strip())
        except ValueError:
            raise invalid_field("master_ip", "IP address expected", "create", "Zone not created") from None
    zone, task = part.create_zone(ctx.customer, name, f"hostmaster@{name}", 3600)
    zone.transfer = {"master_ip": master}
    data = dict(zone.to_dict(), task_id=str(task.task_id))
    return Result(data, [f"create: Zone transfer of {zone.name} from {master} started"])


@ZONE_TRANSFER.route("GET", operation="get", summary="No zone transfer")
def transfer_status(ctx: Context) -> Result:
    """The status of a zone transfer (``ok`` once the ProvisionZone task completed)."""
    part = _part(ctx)
    zone = part.require_zone(ctx.customer, zone_segment(ctx, "get", "No zone transfer"))
    if zone.transfer is None:
        raise not_found("zone", "No zone transfer for this zone", "get", "No zone transfer")
    status = "running" if part.running_blocking_task(zone) is not None else "ok"
    data = {"zone": zone.name, "master_ip": zone.transfer["master_ip"], "status": status}
    return Result(data, [f"get: Zone transfer status {status}"])

