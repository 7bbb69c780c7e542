"""The emulator's DNS objects: records, pending change sets, zones and tasks, with the
API's name helpers and texts (no HTTP, no state). :mod:`dyn.emulator.dns.model` keeps
them in its :class:`~dyn.emulator.dns.model.ZonesPart` and re-exports every name here."""
from __future__ import annotations

import copy
import datetime
import logging
import zlib
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple


from ..envelope import APIError, error, info, not_found
from .names import NameIndex

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

    def to_json(self, records: bool = True) -> dict:
        """Snapshot form (``records=False``: without the records)."""
        found = [record.to_json() for types in self.nodes.values() for items in types.values()
                 for record in items] if records else []
        return {"name": self.name, "customer": self.customer, "zone_type": self.zone_type,
                "serial": self.serial, "serial_style": self.serial_style, "frozen": self.frozen,
                "created": self.created, "notes": copy.deepcopy(self.notes), "blocking_task": self.blocking_task,
                "secondary": copy.deepcopy(self.secondary), "transfer": copy.deepcopy(self.transfer),
                "ext_ns": copy.deepcopy(self.ext_ns), "records": found}

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
