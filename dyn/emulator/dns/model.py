"""The emulator's DNS model: zones, records, pending changes, publishes, tasks, notes,
secondary zones, TSIG keys and external nameservers (no HTTP here).

Everything lives in one :class:`ZonesPart` (state part ``"zones"``). Published records are
indexed zone -> node (FQDN) -> type -> list of :class:`Record`; record changes are
pending per session token in a :class:`Changeset` that replaces whole record lists
(copy on first write) until :meth:`ZonesPart.publish` swaps them in at once. Reads made
for a token see that token's pending changes; other tokens see published data only.

Failures are raised as :class:`~dyn.emulator.envelope.APIError` with the API's texts, and
always before anything changes. Record data is validated only through
:meth:`dyn.tm.record_types.RecordType.check_wire` (one rule for the SDK and the emulator).

Other emulator modules use :func:`zones_part` (``get_zone``, ``node_exists``) and
:func:`register_node_source` (records served by services, merged into ``AllRecord`` and
``ANYRecord`` answers).
"""
from __future__ import annotations

import collections
import ipaddress
import logging
import zlib
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from dyn import validation as v
from dyn.tm.record_types import TYPE_NAMES, Problem, RecordType

from ..envelope import APIError, blocked_task, error, info, invalid_field, not_found
from ..state import StatePart
from . import rows as _rows
from .names import name_key
from .objects import (  # noqa: F401  (re-exported: this module is where the emulator finds them)
    BLOCKING_TASKS, Changeset, FIRST_RECORD_ID, FIRST_TASK_ID, MAX_NOTES, NS_TTL, RRKey, Record, SERIAL_STYLES,
    SOA_TIMERS, TSIG_ALGORITHMS, Task, Zone, _user_id, _utc, illegal, in_zone, next_serial, no_such_zone,
    record_dict, record_uri, tree_key)

__all__ = [
    "Record", "Changeset", "Zone", "Task", "ZonesPart", "zones_part", "register_node_source",
    "NODE_SOURCES", "NodeSource", "SERIAL_STYLES", "BLOCKING_TASKS", "FIRST_RECORD_ID",
    "FIRST_TASK_ID", "TSIG_ALGORITHMS", "in_zone", "tree_key", "next_serial", "record_uri",
    "record_dict", "illegal", "no_such_zone", "clean_masters",
]

log = logging.getLogger(__name__)

# -- services hook ------------------------------------------------------------------------------

NodeSource = Callable[[Any, str, str, str, Optional[str]], List[Dict[str, Any]]]

NODE_SOURCES: List[NodeSource] = []
"""Registered service record sources (see :func:`register_node_source`)."""


def register_node_source(func: NodeSource) -> NodeSource:
    """Register ``func(state, customer, zone, fqdn, token) -> [record dict, ...]``.

    ``func`` returns the records a service (Traffic Director, ...) serves at or below the
    node ``fqdn`` of ``zone`` (normalised names), in the API record form (``zone``,
    ``ttl``, ``fqdn``, ``record_type``, ``rdata``, ``record_id``). ``AllRecord`` answers
    include them all; ``ANYRecord`` keeps those whose ``fqdn`` is the node. Registering
    the same function twice has no effect. Usable as a decorator.
    """
    if func not in NODE_SOURCES:
        NODE_SOURCES.append(func)
    return func


# -- the part -------------------------------------------------------------------------------------

def _clean_ttl(value: Any, operation: str, summary: str) -> int:
    try:
        return v.ttl(value)
    except ValueError as problem:
        raise invalid_field("ttl", str(problem), operation, summary) from None


def _check_rdata(rtype: RecordType, rdata: Any, top: Mapping[str, Any], operation: str,
                 summary: str) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    if rdata is None:
        rdata = {}
    if not isinstance(rdata, dict):
        raise invalid_field("rdata", "Expected an object", operation, summary)
    try:
        return rtype.check_wire(rdata, top, partial=False)
    except Problem as problem:
        raise invalid_field(problem.field, problem.problem, operation, summary) from None


def _normal(name: str) -> str:
    return (name[:-1] if name.endswith(".") else name).lower()


def _dotted(name: str) -> str:
    return name if name.endswith(".") else name + "."


_TYPE_ORDER = {name: index for index, name in enumerate(TYPE_NAMES)}


class ZonesPart(StatePart):
    """All DNS data of the emulator (state part ``"zones"``); see the module docstring.

    Public read helpers for other modules: :meth:`get_zone`, :meth:`node_exists`,
    :meth:`zones_of`, :meth:`visible`, :meth:`tree`.
    """

    name = "zones"
    ROWS = True

    def __init__(self, state: Any) -> None:
        super().__init__(state)
        self.zones: Dict[Tuple[str, str], Zone] = {}
        self.pending: Dict[str, Dict[Tuple[str, str], Changeset]] = {}
        self.tasks: "collections.OrderedDict[int, Task]" = collections.OrderedDict()
        self.tsig: Dict[str, Dict[str, dict]] = {}
        self.next_record_id = FIRST_RECORD_ID
        self.next_task_id = FIRST_TASK_ID
        self.next_change_id = 1

    # -- StatePart ----------------------------------------------------------------------------

    def reset(self) -> None:
        self.zones.clear()
        self.pending.clear()
        self.tasks.clear()
        self.tsig.clear()
        self.next_record_id = FIRST_RECORD_ID
        self.next_task_id = FIRST_TASK_ID
        self.next_change_id = 1

    def snapshot(self) -> Dict[str, Any]:
        return {"next_record_id": self.next_record_id, "next_task_id": self.next_task_id,
                "zones": [zone.to_json() for zone in self.zones.values()],
                "tasks": [task.to_json() for task in self.tasks.values()],
                "tsig": {customer: [dict(key) for key in keys.values()] for customer, keys in self.tsig.items()}}

    def restore(self, data: Dict[str, Any]) -> None:
        self.reset()
        self.next_record_id = int(data.get("next_record_id", FIRST_RECORD_ID))
        self.next_task_id = int(data.get("next_task_id", FIRST_TASK_ID))
        for item in data.get("zones", []):
            zone = Zone.from_json(item)
            self.zones[zone.key] = zone
        for item in data.get("tasks", []):
            task = Task.from_json(item)
            self.tasks[task.task_id] = task
        for customer, keys in (data.get("tsig") or {}).items():
            self.tsig[customer] = {key["name"].lower(): dict(key) for key in keys}

    def rows(self) -> Dict[str, Any]:
        return _rows.all_rows(self)

    def row(self, key: str) -> Any:
        return _rows.row(self, key)

    def restore_rows(self, rows: Dict[str, Any]) -> None:
        _rows.restore_rows(self, rows, Zone, Task, Record)

    def touch_zone(self, zone: Zone, fqdns: Iterable[str] = ()) -> None:
        """Note that ``zone``, its apex node (the SOA serial) and the nodes ``fqdns`` may
        have changed."""
        self.touch(_rows.META, _rows.zone_key(zone.customer, zone.name),
                   *(_rows.node_key(zone.customer, zone.name, fqdn) for fqdn in (zone.name, *fqdns)))

    def session_ended(self, token: str, session: dict) -> None:
        """Drop the token's pending changes."""
        self.pending.pop(token, None)

    # -- zones ----------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """The state clock."""
        return self.state.clock()

    def get_zone(self, customer: Optional[str], name: str) -> Optional[Zone]:
        """The zone ``name`` of ``customer`` (None when absent); ``name`` may carry a
        trailing dot or capitals."""
        if not customer or not isinstance(name, str):
            return None
        zone = self.zones.get((customer.lower(), _normal(name)))
        if zone is not None:  # callers may change it: compared at the next save
            self.touch(_rows.zone_key(zone.customer, zone.name))
        return zone

    def require_zone(self, customer: Optional[str], name: str, operation: Optional[str] = None,
                     summary: Optional[str] = None, source: str = "API-B") -> Zone:
        """The zone, or the 404 ``zone: No such zone`` failure."""
        zone = self.get_zone(customer, name)
        if zone is None:
            raise no_such_zone(operation, summary, source)
        return zone

    def zones_of(self, customer: Optional[str]) -> List[Zone]:
        """The customer's zones, sorted by name."""
        key = (customer or "").lower()
        return sorted((zone for (owner, _), zone in self.zones.items() if owner == key),
                      key=lambda zone: zone.name)

    def apex(self, customer: Optional[str], fqdn: str) -> Optional[Zone]:
        """The customer's zone with the longest name containing ``fqdn``, or None."""
        labels = fqdn.split(".")
        for index in range(len(labels)):
            zone = self.get_zone(customer, ".".join(labels[index:]))
            if zone is not None:
                return zone
        return None

    def check_new_zone_name(self, customer: str, name: str, operation: str = "create",
                            summary: str = "Zone not created") -> None:
        """Validate a new zone name and refuse an existing one (real texts)."""
        try:
            v.hostname(name)
        except ValueError as problem:
            raise invalid_field("zone", str(problem), operation, summary) from None
        if self.get_zone(customer, name) is not None:
            raise APIError("TARGET_EXISTS", [error("name: Name already exists", "TARGET_EXISTS"),
                                             info("create: You already have this zone.")])

    def _new_zone(self, customer: str, name: str, zone_type: str = "Primary",
                  serial_style: str = "increment") -> Zone:
        zone = Zone(name, customer, zone_type, 0, serial_style, self.now)
        self.zones[zone.key] = zone
        self.touch_zone(zone)
        self.state.changed()
        return zone

    def default_records(self, name: str, rname: str, ttl: int, serial_style: str) -> List[Record]:
        """The SOA and four NS records of a new zone (spec values; ids not yet assigned)."""
        pod = f"p{zlib.crc32(name.encode('utf-8')) % 40 + 1:02d}"
        soa = {"mname": f"ns1.{pod}.dynect.net.", "rname": _dotted(rname), "serial": 0,
               **SOA_TIMERS}
        records = [Record("SOA", name, ttl, soa, {"serial_style": serial_style})]
        for number in range(1, 5):
            records.append(Record("NS", name, NS_TTL, {"nsdname": f"ns{number}.{pod}.dynect.net."},
                                  {"service_class": "Primary"}))
        return records

    def _store(self, zone: Zone, records: Sequence[Record]) -> None:
        """Publish new records as they are (ids assigned), no serial change."""
        for record in records:
            if not record.record_id:
                record.record_id = self._new_record_id()
            zone.nodes.setdefault(record.fqdn, {}).setdefault(record.rtype, []).append(record)
        self.touch_zone(zone, {record.fqdn for record in records})

    def _new_record_id(self) -> int:
        record_id = self.next_record_id
        self.next_record_id += 1
        return record_id

    def create_zone(self, customer: str, name: str, rname: str, ttl: int,
                    serial_style: str = "increment") -> Tuple[Zone, Task]:
        """Create a primary zone with its SOA and NS records (serial 0); return it and its
        ProvisionZone task. Arguments must be clean (see :meth:`check_new_zone_name`)."""
        zone = self._new_zone(customer, name, "Primary", serial_style)
        self._store(zone, self.default_records(name, rname, ttl, serial_style))
        task = self.new_task("ProvisionZone", zone, [{"name": "zone", "value": name}])
        return zone, task

    def create_secondary(self, customer: str, name: str, masters: List[str],
                         contact_nickname: Optional[str], tsig_key_name: Optional[str]) -> Zone:
        """Create a secondary zone (inactive, ``active: "N"``)."""
        zone = self._new_zone(customer, name, "Secondary")
        zone.secondary = {"masters": list(masters), "contact_nickname": contact_nickname or "",
                          "tsig_key_name": tsig_key_name or "", "active": "N"}
        return zone

    def delete_zone(self, zone: Zone) -> None:
        """Remove a zone at once (with every session's pending changes on it)."""
        self.check_blocking(zone)
        del self.zones[zone.key]
        self.touch_zone(zone, list(zone.nodes))
        for changesets in self.pending.values():
            changesets.pop(zone.key, None)
        self.state.changed()

    def zone_view(self, zone: Zone, token: Optional[str]) -> Dict[str, Any]:
        """The zone object as ``token`` sees it (a pending SOA ``serial_style`` shows)."""
        style = None
        if zone.zone_type == "Primary":
            soa = self.visible(zone, token, zone.name, "SOA")
            if soa:
                style = soa[0].top.get("serial_style")
        return zone.to_dict(style)

    # -- guards -----------------------------------------------------------------------------------

    def running_blocking_task(self, zone: Zone) -> Optional[Task]:
        """The blocking task of ``zone`` still running, or None."""
        task = self.tasks.get(zone.blocking_task) if zone.blocking_task is not None else None
        if task is not None and task.status(self.now) == "running":
            return task
        return None

    def check_blocking(self, zone: Zone) -> None:
        """Raise the real blocked-task failure while a blocking task of ``zone`` runs."""
        task = self.running_blocking_task(zone)
        if task is not None:
            raise blocked_task(task.task_id, task.name)

    def check_writable(self, zone: Zone, operation: str, summary: str) -> None:
        """Refuse changes while a blocking task runs, on a frozen zone, or on a secondary
        zone (nothing is changed)."""
        self.check_blocking(zone)
        if zone.frozen:
            raise illegal("Zone is frozen", operation, summary)
        if zone.zone_type != "Primary":
            raise illegal("Operation not allowed on a secondary zone", operation, summary)

    # -- views ------------------------------------------------------------------------------------

    def changeset(self, zone: Zone, token: Optional[str], create: bool = False) -> Optional[Changeset]:
        """The pending changes of ``token`` on ``zone`` (created when asked)."""
        if not token:
            return None
        changesets = self.pending.get(token)
        if changesets is None:
            if not create:
                return None
            changesets = self.pending[token] = {}
        found = changesets.get(zone.key)
        if found is None and create:
            found = changesets[zone.key] = Changeset()
        return found

    def visible(self, zone: Zone, token: Optional[str], fqdn: str, rtype: str) -> List[Record]:
        """The records of one type at one node as ``token`` sees them (do not mutate)."""
        changes = self.changeset(zone, token)
        if changes is not None:
            found = changes.rrsets.get((fqdn, rtype))
            if found is not None:
                return found
        return zone.published(fqdn, rtype)

    def node_types(self, zone: Zone, token: Optional[str], fqdn: str) -> List[str]:
        """The types with at least one record at ``fqdn`` as ``token`` sees it."""
        types = set(zone.nodes.get(fqdn, {}))
        changes = self.changeset(zone, token)
        if changes is not None:
            types |= changes.by_node.get(fqdn, set())
        return sorted(rtype for rtype in types if self.visible(zone, token, fqdn, rtype))

    def iter_rrsets(self, zone: Zone, token: Optional[str]) -> Iterator[Tuple[str, str, List[Record]]]:
        """Every non-empty ``(fqdn, type, records)`` as ``token`` sees the zone."""
        changes = self.changeset(zone, token)
        overlay = changes.rrsets if changes is not None else {}
        for fqdn, types in zone.nodes.items():
            for rtype, records in types.items():
                records = overlay.get((fqdn, rtype), records)
                if records:
                    yield fqdn, rtype, records
        for (fqdn, rtype), records in overlay.items():
            if records and rtype not in zone.nodes.get(fqdn, {}):
                yield fqdn, rtype, records

    def subtree_names(self, zone: Zone, token: Optional[str], base: str) -> List[str]:
        """The node names at or below ``base`` that hold published data or pending changes
        of ``token`` (maybe empty ones), in tree order; O(log N + what is found)."""
        names = zone.nodes.subtree(base)
        changes = self.changeset(zone, token)
        if changes is not None and changes.by_node:
            extra = [name for name in changes.by_node.subtree(base) if name not in zone.nodes]
            if extra:
                names = sorted(names + extra, key=name_key)
        return names

    def tree(self, zone: Zone, token: Optional[str], base: Optional[str] = None) -> List[Record]:
        """Every record at or below ``base`` (default: the apex), in tree order then type
        order."""
        records: List[Record] = []
        for fqdn in self.subtree_names(zone, token, base or zone.name):
            records.extend(self.node_records(zone, token, fqdn))
        return records

    def node_records(self, zone: Zone, token: Optional[str], fqdn: str) -> List[Record]:
        """Every record exactly at ``fqdn``, in type order."""
        records: List[Record] = []
        for rtype in sorted(self.node_types(zone, token, fqdn), key=lambda name: _TYPE_ORDER.get(name, 99)):
            records.extend(self.visible(zone, token, fqdn, rtype))
        return records

    def node_exists(self, customer: Optional[str], zone: str, fqdn: str, token: Optional[str] = None) -> bool:
        """Whether ``fqdn`` is the apex of ``zone`` or has records at or below it (as
        ``token`` sees it; published data without a token)."""
        found = self.get_zone(customer, zone) if isinstance(zone, str) else zone
        fqdn = _normal(fqdn)
        if found is None or not in_zone(fqdn, found.name):
            return False
        if fqdn == found.name:
            return True
        return any(self.node_types(found, token, name) for name in self.subtree_names(found, token, fqdn))

    def node_list(self, zone: Zone, token: Optional[str], base: str) -> List[str]:
        """The nodes with records at or below ``base`` (``base`` itself included), in tree
        order."""
        return [base] + [name for name in self.subtree_names(zone, token, base)
                         if name != base and self.node_types(zone, token, name)]

    def service_records(self, customer: str, zone: Zone, fqdn: str, token: Optional[str]) -> List[dict]:
        """Records the registered node sources serve at or below ``fqdn``."""
        found: List[dict] = []
        for source in NODE_SOURCES:
            try:
                found.extend(source(self.state, customer, zone.name, fqdn, token) or [])
            except Exception:  # a broken service must not break zone reads
                log.exception("node source %r failed", source)
        return found

    # -- record changes -----------------------------------------------------------------------------

    def default_ttl(self, zone: Zone, token: Optional[str]) -> int:
        """The zone default TTL: the TTL of the SOA record (as ``token`` sees it)."""
        soa = self.visible(zone, token, zone.name, "SOA")
        return soa[0].ttl if soa else 3600

    def check_node(self, zone: Zone, fqdn: str, operation: str, must_exist: bool = False,
                   token: Optional[str] = None) -> None:
        """Refuse a node outside the zone (or missing, with ``must_exist``): 404
        ``node: Not in zone`` + ``<op>: Host is not in this zone`` (real)."""
        if not in_zone(fqdn, zone.name) or (must_exist and not self.node_exists(None, zone, fqdn, token)):
            raise not_found("node", "Not in zone", operation, "Host is not in this zone")

    def check_fqdn(self, fqdn: str, operation: str, summary: str) -> None:
        """Validate a node name (a wildcard first label is allowed)."""
        try:
            v.fqdn(fqdn)
        except ValueError as problem:
            raise invalid_field("fqdn", str(problem), operation, summary) from None

    def check_cname(self, zone: Zone, token: Optional[str], fqdn: str, rtype: str, count: int,
                    operation: str, summary: str) -> None:
        """A CNAME may not share its node with any other record (not even a CNAME)."""
        if count == 0:
            return
        others = [name for name in self.node_types(zone, token, fqdn) if name != rtype]
        if (others or count > 1) if rtype == "CNAME" else "CNAME" in others:
            raise illegal("A CNAME record can not share a node with other records", operation,
                          summary, context="node")

    def build_record(self, zone: Zone, token: Optional[str], rtype: RecordType, fqdn: str,
                     rdata: Any, args: Mapping[str, Any], operation: str, summary: str,
                     ttl: Any = None) -> Record:
        """Validate one record's data (``check_wire``) and TTL; return the new pending
        record (id 0). ``ttl`` 0 or absent takes the zone default."""
        clean, top = _check_rdata(rtype, rdata, args, operation, summary)
        number = _clean_ttl(ttl, operation, summary) if ttl is not None else 0
        return Record(rtype.name, fqdn, number or self.default_ttl(zone, token), clean, top)

    def _writable(self, zone: Zone, token: str, fqdn: str, rtype: str) -> Tuple[Changeset, List[Record]]:
        changes = self.changeset(zone, token, create=True)
        key = (fqdn, rtype)
        records = changes.rrsets.get(key)
        if records is None:
            records = changes.rrsets[key] = list(zone.published(fqdn, rtype))
            changes.by_node.setdefault(fqdn, set()).add(rtype)
        return changes, records

    def _log(self, changes: Changeset, zone: Zone, user: Optional[str], record: Record, action: str) -> None:
        changes.log.append({
            "id": self.next_change_id, "user_id": _user_id(user), "zone": zone.name,
            "fqdn": record.fqdn, "serial": zone.serial, "ttl": record.ttl, "rdata_type": record.rtype,
            "rdata": {f"rdata_{record.rtype.lower()}": dict(record.rdata)}, "action": action,
        })
        self.next_change_id += 1

    def add_record(self, zone: Zone, token: str, user: Optional[str], rtype: RecordType, fqdn: str,
                   rdata: Any, args: Mapping[str, Any], ttl: Any = None) -> Record:
        """Add a pending record (``POST /REST/<Type>Record/``); return it (id 0)."""
        operation, summary = "add", "Record not added"
        self.check_writable(zone, operation, summary)
        self.check_node(zone, fqdn, operation)
        self.check_fqdn(fqdn, operation, summary)
        if not rtype.creatable:
            raise illegal(f"{rtype.name} records can not be added or deleted", operation, summary,
                          context="record_type")
        record = self.build_record(zone, token, rtype, fqdn, rdata, args, operation, summary, ttl)
        self.check_cname(zone, token, fqdn, rtype.name, len(self.visible(zone, token, fqdn, rtype.name)) + 1,
                         operation, summary)
        changes, records = self._writable(zone, token, fqdn, rtype.name)
        records.append(record)
        self._log(changes, zone, user, record, "add")
        return record

    def find_record(self, zone: Zone, token: Optional[str], rtype: str, fqdn: str, record_id: int,
                    operation: str, summary: str) -> Record:
        """The record ``record_id`` of a node as ``token`` sees it. Id 0 means the only
        record of that type at the node; several answer the real 404 ``id: You did not
        reference a specific record``."""
        records = self.visible(zone, token, fqdn, rtype)
        if record_id == 0:
            if len(records) == 1:
                return records[0]
            if len(records) > 1:
                raise not_found("id", "You did not reference a specific record", operation, summary)
        else:
            for record in records:
                if record.record_id == record_id:
                    return record
        raise not_found("id", "No such record", operation, summary)

    def update_record(self, zone: Zone, token: str, user: Optional[str], rtype: RecordType, fqdn: str,
                      record_id: int, rdata: Any, args: Mapping[str, Any], ttl: Any = None) -> Record:
        """Update one record (pending): the given rdata is merged over the current values,
        then the whole result is validated; return the new record."""
        operation, summary = "update", "No record updated"
        self.check_writable(zone, operation, summary)
        self.check_node(zone, fqdn, operation, must_exist=True, token=token)
        current = self.find_record(zone, token, rtype.name, fqdn, record_id, operation, summary)
        if rdata is not None and not isinstance(rdata, dict):
            raise invalid_field("rdata", "Expected an object", operation, summary)
        merged = dict(current.rdata)
        merged.update({key: value for key, value in (rdata or {}).items() if value is not None})
        top = dict(current.top)
        top.update({spec.key: args[spec.key] for spec in rtype.fields
                    if spec.top_level and args.get(spec.key) is not None})
        clean, clean_top = _check_rdata(rtype, merged, top, operation, summary)
        if rtype.name == "SOA":
            clean = dict(current.rdata, **clean)
            clean["rname"] = _dotted(clean["rname"])
            clean_top = dict(current.top, **clean_top)
        number = current.ttl
        if ttl is not None:
            number = _clean_ttl(ttl, operation, summary) or self.default_ttl(zone, token)
        changes, records = self._writable(zone, token, fqdn, rtype.name)
        index = next(index for index, item in enumerate(records) if item is current)
        updated = current.copy(rdata=clean, top=clean_top, ttl=number)
        records[index] = updated
        self._log(changes, zone, user, updated, "update")
        return updated

    def replace_records(self, zone: Zone, token: str, user: Optional[str], rtype: RecordType, fqdn: str,
                        items: Any, args_key: str) -> List[Record]:
        """Replace every record of one type at a node (pending) with ``items``
        (``[{rdata, ttl}, ...]``, all validated first); return the new records."""
        operation, summary = "update", "Records not replaced"
        self.check_writable(zone, operation, summary)
        self.check_node(zone, fqdn, operation)
        self.check_fqdn(fqdn, operation, summary)
        if not rtype.creatable:
            raise illegal(f"{rtype.name} records can not be replaced", operation, summary,
                          context="record_type")
        if not isinstance(items, list):
            raise invalid_field(args_key, "Expected a list", operation, summary)
        new: List[Record] = []
        default = self.default_ttl(zone, token)
        for item in items:
            if not isinstance(item, dict):
                raise invalid_field(args_key, "Expected a list of objects", operation, summary)
            clean, top = _check_rdata(rtype, item.get("rdata"), item, operation, summary)
            ttl = item.get("ttl")
            number = _clean_ttl(ttl, operation, summary) if ttl is not None else 0
            new.append(Record(rtype.name, fqdn, number or default, clean, top))
        self.check_cname(zone, token, fqdn, rtype.name, len(new), operation, summary)
        changes, records = self._writable(zone, token, fqdn, rtype.name)
        for record in records:
            self._log(changes, zone, user, record, "delete")
        records[:] = new
        for record in new:
            self._log(changes, zone, user, record, "add")
        return new

    def delete_records(self, zone: Zone, token: str, user: Optional[str], rtype: RecordType, fqdn: str,
                       record_id: Optional[int]) -> bool:
        """Delete one record (``record_id``, 0 = the only one) or, with None, every record
        of that type at the node (pending). Return whether the node became empty."""
        operation, summary = "delete", "No record deleted"
        self.check_writable(zone, operation, summary)
        if not rtype.creatable:
            raise illegal(f"{rtype.name} records can not be added or deleted", operation,
                          "Record not deleted", context="record_type")
        self.check_node(zone, fqdn, operation, must_exist=True, token=token)
        if record_id is not None:
            doomed = [self.find_record(zone, token, rtype.name, fqdn, record_id, operation, summary)]
        else:
            doomed = list(self.visible(zone, token, fqdn, rtype.name))
        had_records = bool(self.node_types(zone, token, fqdn))
        changes, records = self._writable(zone, token, fqdn, rtype.name)
        for record in doomed:
            self._log(changes, zone, user, record, "delete")
        gone = {id(record) for record in doomed}
        records[:] = [record for record in records if id(record) not in gone]
        return had_records and not self.node_types(zone, token, fqdn)

    def delete_node(self, zone: Zone, token: str, user: Optional[str], fqdn: str) -> int:
        """Delete a node, its records and every node below it (pending); return how many
        records go. The apex can not be removed."""
        operation, summary = "remove_node", "Node not removed"
        self.check_writable(zone, operation, summary)
        if fqdn == zone.name:
            raise illegal("The zone apex can not be removed", operation, summary, context="node")
        if not in_zone(fqdn, zone.name) or not self.node_exists(None, zone, fqdn, token):
            raise not_found("node", "Node is not in the zone", operation, "Node name not found within the zone")
        doomed = [(name, rtype) for name in self.subtree_names(zone, token, fqdn)
                  for rtype in self.node_types(zone, token, name)]
        count = 0
        for name, rtype in doomed:
            changes, records = self._writable(zone, token, name, rtype)
            for record in records:
                self._log(changes, zone, user, record, "delete")
            count += len(records)
            records.clear()
        return count

    def changes(self, zone: Zone, token: Optional[str]) -> List[dict]:
        """The pending change items of ``token`` on ``zone``."""
        found = self.changeset(zone, token)
        return [dict(item) for item in found.log] if found is not None else []

    def discard(self, zone: Zone, token: Optional[str]) -> int:
        """Drop the pending changes of ``token`` on ``zone``; return how many items went."""
        changesets = self.pending.get(token or "", {})
        found = changesets.pop(zone.key, None)
        return len(found.log) if found is not None else 0

    # -- publish, freeze, notes -----------------------------------------------------------------

    def publish(self, zone: Zone, token: Optional[str], user: Optional[str], notes: Optional[str] = None) -> Task:
        """Apply the token's pending changes to ``zone`` atomically, assign record ids,
        bump the serial, add a zone note; return the ZonePublish task."""
        self.check_writable(zone, "publish", "Zone not published")
        changes = self.pending.get(token or "", {}).pop(zone.key, None)
        if changes is not None:
            for (fqdn, rtype), records in changes.rrsets.items():
                for record in records:
                    if not record.record_id:
                        record.record_id = self._new_record_id()
                types = zone.nodes.setdefault(fqdn, {})
                if records:
                    types[rtype] = records
                else:
                    types.pop(rtype, None)
                    if not types:
                        del zone.nodes[fqdn]
            self.touch_zone(zone, {fqdn for fqdn, _ in changes.rrsets})
        soa = zone.published(zone.name, "SOA")
        if soa:
            zone.serial_style = soa[0].top.get("serial_style") or zone.serial_style
        zone.serial = next_serial(zone.serial_style, zone.serial, self.now)
        if soa:
            soa[0].rdata["serial"] = zone.serial
            soa[0].top["serial_style"] = zone.serial_style
        self.add_note(zone, user, notes or "", "publish")
        self.touch_zone(zone)
        self.state.changed()
        return self.new_task("ZonePublish", zone, [{"name": "serial", "value": str(zone.serial)},
                                                   {"name": "notes", "value": notes or ""}])

    def add_note(self, zone: Zone, user: Optional[str], note: str, kind: str) -> dict:
        """Record a zone note (``{zone, serial, user_name, timestamp, note, type}``)."""
        item = {"zone": zone.name, "serial": zone.serial, "user_name": user or "",
                "timestamp": int(self.now), "note": note, "type": kind}
        zone.notes.append(item)
        del zone.notes[:-MAX_NOTES]
        return item

    def notes(self, zone: Zone, offset: int = 0, limit: Optional[int] = None) -> List[dict]:
        """Zone notes, newest first."""
        newest = list(reversed(zone.notes))[offset:]
        return [dict(item) for item in (newest[:limit] if limit else newest)]

    def set_frozen(self, zone: Zone, frozen: bool) -> None:
        """Freeze or thaw a zone."""
        self.check_blocking(zone)
        zone.frozen = frozen
        self.state.changed()

    # -- imports (zone files, transfers) ------------------------------------------------------------

    def import_records(self, zone: Zone, records: Sequence[Record], user: Optional[str],
                       note: str = "") -> Task:
        """Publish already validated records into ``zone`` at once (records equal to a
        published one are skipped), bump the serial; return the ZoneImport task."""
        existing = {(record.fqdn, record.rtype, _freeze(record.rdata))
                    for fqdn in {record.fqdn for record in records}
                    for items in zone.nodes.get(fqdn, {}).values() for record in items}
        fresh = []
        for record in records:
            key = (record.fqdn, record.rtype, _freeze(record.rdata))
            if key not in existing:
                existing.add(key)
                fresh.append(record)
        self._store(zone, fresh)
        soa = zone.published(zone.name, "SOA")
        zone.serial = next_serial(zone.serial_style, zone.serial, self.now)
        if soa:
            soa[0].rdata["serial"] = zone.serial
        self.add_note(zone, user, note, "import")
        self.state.changed()
        return self.new_task("ZoneImport", zone, [{"name": "records", "value": str(len(fresh))}])

    def create_from_records(self, customer: str, name: str, records: Sequence[Record],
                            serial_style: str = "increment") -> Tuple[Zone, Task]:
        """Create a published zone from validated records that include the apex SOA
        (its serial becomes the zone's); return it and its ZoneImport task."""
        soa = next(record for record in records if record.rtype == "SOA")
        zone = self._new_zone(customer, name, "Primary", serial_style)
        soa.top = {"serial_style": serial_style}
        soa.rdata["rname"] = _dotted(soa.rdata["rname"])
        zone.serial = int(soa.rdata.get("serial") or 0)
        self._store(zone, records)
        task = self.new_task("ZoneImport", zone, [{"name": "records", "value": str(len(records))}])
        return zone, task

    # -- tasks ------------------------------------------------------------------------------------

    def new_task(self, name: str, zone: Zone, args: Optional[List[dict]] = None) -> Task:
        """Create a task of ``zone`` lasting ``config.task_duration`` seconds; a blocking
        one becomes the zone's blocking task."""
        duration = float(getattr(self.state.config, "task_duration", 0) or 0)
        task = Task(self.next_task_id, name, zone.customer, zone.name, self.now, duration, args)
        self.next_task_id += 1
        self.tasks[task.task_id] = task
        if task.blocking:
            zone.blocking_task = task.task_id
        self.touch_zone(zone)
        self.touch(_rows.task_key(task.task_id))
        self.state.changed()
        return task

    def tasks_of(self, customer: Optional[str]) -> List[Task]:
        """The customer's tasks, oldest first."""
        key = (customer or "").lower()
        return [task for task in self.tasks.values() if task.customer.lower() == key]

    def get_task(self, customer: Optional[str], task_id: int) -> Optional[Task]:
        """A task of the customer, or None."""
        task = self.tasks.get(task_id)
        if task is None or task.customer.lower() != (customer or "").lower():
            return None
        return task

    def cancel_task(self, task: Task) -> None:
        """Cancel a running task (raises ILLEGAL_OPERATION when it already finished)."""
        if task.done(self.now):
            raise illegal("Task has already finished", "cancel", "Task not canceled", context="task")
        task.canceled = self.now
        self.touch(_rows.task_key(task.task_id))
        self.state.changed()

    # -- TSIG keys ----------------------------------------------------------------------------------

    def tsig_keys(self, customer: Optional[str]) -> Dict[str, dict]:
        """The customer's TSIG keys by lower-case name (mutable)."""
        self.touch(_rows.tsig_key(customer or ""))
        return self.tsig.setdefault((customer or "").lower(), {})


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((key, _freeze(item)) for key, item in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(item) for item in value)
    return value


def clean_masters(value: Any, operation: str, summary: str) -> List[str]:
    """A list of master IP addresses (a comma string is split); the real failure is
    ``master: IP address expected`` (SOURCE ``DYN``)."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise invalid_field("masters", "This field is required", operation, summary, source="DYN")
    clean = []
    for item in items:
        try:
            clean.append(str(ipaddress.ip_address(item.strip() if isinstance(item, str) else item)))
        except ValueError:
            raise invalid_field("master", "IP address expected", operation, summary, source="DYN") from None
    return clean


def zones_part(state: Any) -> ZonesPart:
    """The :class:`ZonesPart` of ``state`` (its lock must be held while using it)."""
    return state.part(ZonesPart.name)

