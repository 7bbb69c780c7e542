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
import copy
import datetime
import ipaddress
import logging
import zlib
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from dyn import validation as v
from dyn.tm.record_types import TYPE_NAMES, Problem, RecordType

from ..envelope import APIError, blocked_task, error, info, invalid_field, not_found
from ..state import StatePart
from .names import NameIndex, name_key

__all__ = [
    "Record", "Changeset", "Zone", "Task", "ZonesPart", "zones_part", "register_node_source",
    "NODE_SOURCES", "NodeSource", "SERIAL_STYLES", "BLOCKING_TASKS", "FIRST_RECORD_ID",
    "FIRST_TASK_ID", "TSIG_ALGORITHMS", "in_zone", "tree_key", "next_serial", "record_uri",
    "record_dict", "illegal", "no_such_zone", "clean_masters",
]

log = logging.getLogger(__name__)

SERIAL_STYLES: Tuple[str, ...] = ("increment", "epoch", "day", "minute")
"""The serial styles a zone may use."""

BLOCKING_TASKS: Tuple[str, ...] = ("ProvisionZone", "ZonePublish", "ZoneImport")
"""Task names that block changes to their zone while they run."""

FIRST_RECORD_ID = 318_905_321
"""Published record ids start here (a real id seen in a captured body) and grow by one."""

FIRST_TASK_ID = 230_378_639
"""Task ids start here (a real id seen in a captured body) and grow by one."""

TSIG_ALGORITHMS: Tuple[str, ...] = ("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256",
                                    "hmac-sha384", "hmac-sha512")
"""TSIG algorithms accepted by ``/REST/TSIGKey/``."""

SOA_TIMERS = {"refresh": 3600, "retry": 600, "expire": 604800, "minimum": 1800}
"""SOA values of a new zone (real)."""

NS_TTL = 86400
"""TTL of the four NS records of a new zone (real)."""

MAX_NOTES = 1000
"""Zone notes kept per zone (oldest dropped)."""


# -- small helpers -----------------------------------------------------------------------------

def in_zone(fqdn: str, zone: str) -> bool:
    """Whether the normalised ``fqdn`` is ``zone`` or below it."""
    return fqdn == zone or fqdn.endswith("." + zone)


def tree_key(fqdn: str) -> Tuple[str, ...]:
    """Sort key putting a node right before the nodes below it (labels reversed)."""
    return tuple(reversed(fqdn.split(".")))


def record_uri(rtype: str, zone: str, fqdn: str, record_id: int) -> str:
    """``/REST/<Type>Record/<zone>/<fqdn>/<id>`` (no trailing slash, as the real API)."""
    return f"/REST/{rtype}Record/{zone}/{fqdn}/{record_id}"


def illegal(problem: str, operation: str, summary: str, context: str = "zone") -> APIError:
    """HTTP 400 ``ILLEGAL_OPERATION``: ``<context>: <problem>`` + ``<operation>: <summary>``."""
    return APIError("ILLEGAL_OPERATION", [
        error(f"{context}: {problem}", "ILLEGAL_OPERATION"), info(f"{operation}: {summary}")])


def no_such_zone(operation: Optional[str] = None, summary: Optional[str] = None,
                 source: str = "API-B") -> APIError:
    """HTTP 404 ``zone: No such zone`` (real), optionally followed by ``<op>: <summary>``."""
    return not_found("zone", "No such zone", operation, summary, source=source)


def _user_id(user: Optional[str]) -> int:
    return zlib.crc32((user or "").lower().encode("utf-8")) % 1_000_000 + 1


def _utc(now: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(now, datetime.timezone.utc)


def next_serial(style: str, serial: int, now: float) -> int:
    """The serial after a publish at ``now`` (Unix time, UTC).

    ``increment`` adds one; ``epoch`` is the publish time; ``day`` is ``YYYYMMDDnn`` with
    ``nn`` counting that day's publishes from 00; ``minute`` is ``YYMMDDHHMM``. A serial
    never goes down: a second publish within the same second (epoch) or minute (minute)
    adds one.
    """
    if style == "increment":
        return serial + 1
    moment = _utc(now)
    if style == "epoch":
        value = int(now)
    elif style == "day":
        value = int(moment.strftime("%Y%m%d")) * 100
    elif style == "minute":
        value = int(moment.strftime("%y%m%d%H%M"))
    else:
        raise ValueError(f"unknown serial style {style!r}")
    return value if value > serial else serial + 1


# -- records, changesets, zones, tasks ------------------------------------------------------------

class Record:
    """One DNS record.

    :ivar rtype: the API type (``A``, ``MX``).
    :ivar fqdn: normalised node name.
    :ivar ttl: TTL in seconds (the zone default already applied).
    :ivar rdata: clean rdata in wire form (REST keys).
    :ivar top: top-level fields beside ``rdata`` (NS ``service_class``, SOA
        ``serial_style``).
    :ivar record_id: the published id; 0 for a pending addition.
    """

    __slots__ = ("rtype", "fqdn", "ttl", "rdata", "top", "record_id")

    def __init__(self, rtype: str, fqdn: str, ttl: int, rdata: Dict[str, Any],
                 top: Optional[Dict[str, Any]] = None, record_id: int = 0) -> None:
        self.rtype = rtype
        self.fqdn = fqdn
        self.ttl = ttl
        self.rdata = rdata
        self.top = top or {}
        self.record_id = record_id

    def copy(self, **changes: Any) -> "Record":
        """A new record with ``changes`` applied (dicts copied)."""
        values = {"rtype": self.rtype, "fqdn": self.fqdn, "ttl": self.ttl, "rdata": dict(self.rdata),
                  "top": dict(self.top), "record_id": self.record_id}
        values.update(changes)
        return Record(**values)

    def same_data(self, other: "Record") -> bool:
        """Whether both have the same type, node and rdata."""
        return (self.rtype, self.fqdn, self.rdata) == (other.rtype, other.fqdn, other.rdata)

    def to_json(self) -> list:
        """Compact snapshot form."""
        return [self.fqdn, self.rtype, self.ttl, dict(self.rdata), dict(self.top), self.record_id]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> "Record":
        """Inverse of :meth:`to_json`."""
        fqdn, rtype, ttl, rdata, top, record_id = data
        return cls(rtype, fqdn, int(ttl), dict(rdata), dict(top or {}), int(record_id))

    def __repr__(self) -> str:
        return f"<Record {self.rtype} {self.fqdn} {self.rdata} id={self.record_id}>"


def record_dict(zone: str, record: Record) -> Dict[str, Any]:
    """The API form of a record (key order of the real bodies, top-level extras last)."""
    data = {"zone": zone, "ttl": record.ttl, "fqdn": record.fqdn, "record_type": record.rtype,
            "rdata": dict(record.rdata), "record_id": record.record_id}
    data.update(record.top)
    return data


RRKey = Tuple[str, str]  # (fqdn, rtype)


class Changeset:
    """The pending changes of one token on one zone.

    :ivar rrsets: replacement record lists by ``(fqdn, type)`` (an empty list deletes).
    :ivar by_node: the types touched per node (index of :attr:`rrsets`, a
        :class:`~dyn.emulator.dns.names.NameIndex`).
    :ivar log: the change items shown by ``GET /REST/ZoneChanges/``.
    """

    __slots__ = ("rrsets", "by_node", "log")

    def __init__(self) -> None:
        self.rrsets: Dict[RRKey, List[Record]] = {}
        self.by_node: NameIndex = NameIndex()
        self.log: List[dict] = []

    def __bool__(self) -> bool:
        return bool(self.rrsets) or bool(self.log)


class Zone:
    """A primary or secondary zone of one customer.

    :ivar name: normalised zone name.
    :ivar customer: the customer name as given at login.
    :ivar zone_type: ``Primary`` or ``Secondary``.
    :ivar serial: the published serial (0 until the first publish).
    :ivar serial_style: ``increment``, ``epoch``, ``day`` or ``minute``.
    :ivar frozen: whether changes are refused.
    :ivar nodes: published records: fqdn -> type -> list of :class:`Record` (a
        :class:`~dyn.emulator.dns.names.NameIndex`: subtrees in O(log N + k)).
    :ivar notes: zone notes, oldest first.
    :ivar blocking_task: id of the last blocking task (it blocks while it runs).
    :ivar secondary: secondary settings (``masters``, ``contact_nickname``,
        ``tsig_key_name``, ``active``), None for a primary zone.
    :ivar transfer: ``{"master_ip": ...}`` for a zone created by a zone transfer.
    :ivar ext_ns: the external nameserver settings, or None.
    """

    def __init__(self, name: str, customer: str, zone_type: str = "Primary", serial: int = 0,
                 serial_style: str = "increment", created: float = 0.0) -> None:
        self.name = name
        self.customer = customer
        self.zone_type = zone_type
        self.serial = serial
        self.serial_style = serial_style
        self.frozen = False
        self.created = created
        self.nodes: NameIndex = NameIndex()
        self.notes: List[dict] = []
        self.blocking_task: Optional[int] = None
        self.secondary: Optional[dict] = None
        self.transfer: Optional[dict] = None
        self.ext_ns: Optional[dict] = None

    @property
    def key(self) -> Tuple[str, str]:
        """The lookup key ``(customer lower-case, name)``."""
        return self.customer.lower(), self.name

    def published(self, fqdn: str, rtype: str) -> List[Record]:
        """The published records of one type at one node (do not mutate)."""
        return self.nodes.get(fqdn, {}).get(rtype, [])

    def record_count(self) -> int:
        """How many records are published."""
        return sum(len(records) for types in self.nodes.values() for records in types.values())

    def to_dict(self, serial_style: Optional[str] = None) -> Dict[str, Any]:
        """The API zone object ``{zone_type, serial_style, serial, zone}``."""
        return {"zone_type": self.zone_type, "serial_style": serial_style or self.serial_style,
                "serial": self.serial, "zone": self.name}

    def to_json(self) -> dict:
        """Snapshot form."""
        records = [record.to_json() for types in self.nodes.values() for records in types.values()
                   for record in records]
        return {"name": self.name, "customer": self.customer, "zone_type": self.zone_type,
                "serial": self.serial, "serial_style": self.serial_style, "frozen": self.frozen,
                "created": self.created, "notes": copy.deepcopy(self.notes), "blocking_task": self.blocking_task,
                "secondary": copy.deepcopy(self.secondary), "transfer": copy.deepcopy(self.transfer),
                "ext_ns": copy.deepcopy(self.ext_ns), "records": records}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Zone":
        """Inverse of :meth:`to_json`."""
        zone = cls(data["name"], data["customer"], data.get("zone_type", "Primary"), int(data.get("serial", 0)),
                   data.get("serial_style", "increment"), float(data.get("created", 0)))
        zone.frozen = bool(data.get("frozen"))
        zone.notes = copy.deepcopy(list(data.get("notes") or []))
        zone.blocking_task = data.get("blocking_task")
        zone.secondary = copy.deepcopy(data.get("secondary"))
        zone.transfer = copy.deepcopy(data.get("transfer"))
        zone.ext_ns = copy.deepcopy(data.get("ext_ns"))
        for item in data.get("records", []):
            record = Record.from_json(item)
            zone.nodes.setdefault(record.fqdn, {}).setdefault(record.rtype, []).append(record)
        return zone

    def __repr__(self) -> str:
        return f"<Zone {self.customer}/{self.name} {self.zone_type} serial={self.serial}>"


class Task:
    """A DNS task (zone provisioning, publish, import).

    It runs for ``duration`` seconds of the state clock after ``created`` (0: complete at
    once) unless canceled.
    """

    __slots__ = ("task_id", "name", "customer", "zone_name", "created", "duration", "canceled",
                 "args", "blocking")

    def __init__(self, task_id: int, name: str, customer: str, zone_name: str, created: float,
                 duration: float = 0.0, args: Optional[List[dict]] = None,
                 blocking: Optional[bool] = None, canceled: Optional[float] = None) -> None:
        self.task_id = task_id
        self.name = name
        self.customer = customer
        self.zone_name = zone_name
        self.created = created
        self.duration = duration
        self.canceled = canceled
        self.args = list(args or [])
        self.blocking = name in BLOCKING_TASKS if blocking is None else blocking

    def status(self, now: float) -> str:
        """``running``, ``complete`` or ``canceled``."""
        if self.canceled is not None:
            return "canceled"
        return "complete" if now >= self.created + self.duration else "running"

    def done(self, now: float) -> bool:
        """Whether the task finished (complete or canceled)."""
        return self.status(now) != "running"

    def to_dict(self, now: float) -> Dict[str, Any]:
        """The API task object (``task_id`` as a string, times as POSIX integers)."""
        status = self.status(now)
        modified = {"running": self.created, "complete": self.created + self.duration,
                    "canceled": self.canceled}[status]
        return {
            "task_id": str(self.task_id), "name": self.name, "customer_name": self.customer,
            "zone_name": self.zone_name, "status": status, "step_count": 1 if status == "complete" else 0,
            "total_steps": 1, "blocking": "Y" if self.blocking else "N",
            "message": {"running": "Task is running", "complete": "Task completed",
                        "canceled": "Task canceled"}[status],
            "debug": "", "created_ts": int(self.created), "modified_ts": int(modified),
            "args": [dict(item) for item in self.args],
        }

    def to_json(self) -> dict:
        """Snapshot form."""
        return {"task_id": self.task_id, "name": self.name, "customer": self.customer,
                "zone_name": self.zone_name, "created": self.created, "duration": self.duration,
                "canceled": self.canceled, "args": [dict(item) for item in self.args], "blocking": self.blocking}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Task":
        """Inverse of :meth:`to_json`."""
        return cls(int(data["task_id"]), data["name"], data["customer"], data["zone_name"],
                   float(data["created"]), float(data.get("duration", 0)), data.get("args"),
                   data.get("blocking"), data.get("canceled"))


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
        return self.zones.get((customer.lower(), _normal(name)))

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

    def _store(self, zone: Zone, records: Iterable[Record]) -> None:
        """Publish new records as they are (ids assigned), no serial change."""
        for record in records:
            if not record.record_id:
                record.record_id = self._new_record_id()
            zone.nodes.setdefault(record.fqdn, {}).setdefault(record.rtype, []).append(record)

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
        soa = zone.published(zone.name, "SOA")
        if soa:
            zone.serial_style = soa[0].top.get("serial_style") or zone.serial_style
        zone.serial = next_serial(zone.serial_style, zone.serial, self.now)
        if soa:
            soa[0].rdata["serial"] = zone.serial
            soa[0].top["serial_style"] = zone.serial_style
        self.add_note(zone, user, notes or "", "publish")
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
        self.state.changed()

    # -- TSIG keys ----------------------------------------------------------------------------------

    def tsig_keys(self, customer: Optional[str]) -> Dict[str, dict]:
        """The customer's TSIG keys by lower-case name (mutable)."""
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

