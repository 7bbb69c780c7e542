"""The DNS part as rows, for row backends of ``--state`` (see :mod:`dyn.emulator.persist`).

One row per zone (its settings and notes, no records), per node with published records,
per task and per customer's TSIG keys, plus one ``meta`` row of counters; so a publish
writes the zone, the nodes it changed, its task and ``meta`` whatever the zone size.
Keys are strings of fields joined by ``"\\x1f"``.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, Optional, Tuple

__all__ = ["zone_key", "node_key", "task_key", "tsig_key", "META", "all_rows", "row", "restore_rows"]

SEP = "\x1f"
META = "meta"


def zone_key(customer: str, name: str) -> str:
    """The row key of a zone (customer lower-case)."""
    return SEP.join(("zone", customer.lower(), name))


def node_key(customer: str, name: str, fqdn: str) -> str:
    """The row key of the published records at one node of a zone."""
    return SEP.join(("node", customer.lower(), name, fqdn))


def task_key(task_id: int) -> str:
    """The row key of a task."""
    return SEP.join(("task", str(task_id)))


def tsig_key(customer: str) -> str:
    """The row key of a customer's TSIG keys."""
    return SEP.join(("tsig", customer.lower()))


def _meta(part: Any) -> Dict[str, int]:
    return {"next_record_id": part.next_record_id, "next_task_id": part.next_task_id}


def _zone_row(zone: Any) -> Dict[str, Any]:
    return zone.to_json(records=False)


def _node_row(types: Dict[str, list]) -> Optional[list]:
    return [record.to_json() for records in types.values() for record in records] or None


def all_rows(part: Any) -> Dict[str, Any]:
    """Every row of the DNS part."""
    out: Dict[str, Any] = {META: _meta(part)}
    for zone in part.zones.values():
        out[zone_key(zone.customer, zone.name)] = _zone_row(zone)
        for fqdn, types in zone.nodes.items():
            value = _node_row(types)
            if value is not None:
                out[node_key(zone.customer, zone.name, fqdn)] = value
    for task in part.tasks.values():
        out[task_key(task.task_id)] = task.to_json()
    for customer, keys in part.tsig.items():
        if keys:
            out[tsig_key(customer)] = [dict(key) for key in keys.values()]
    return out


def row(part: Any, key: str) -> Any:
    """The current value of one row, None when it is gone."""
    kind, *fields = key.split(SEP)
    if kind == META:
        return _meta(part)
    if kind == "task":
        task = part.tasks.get(int(fields[0]))
        return task.to_json() if task is not None else None
    if kind == "tsig":
        keys = part.tsig.get(fields[0])
        return [dict(item) for item in keys.values()] if keys else None
    zone = part.zones.get((fields[0], fields[1]))
    if zone is None:
        return None
    if kind == "zone":
        return _zone_row(zone)
    types = zone.nodes.get(fields[2])
    return _node_row(types) if types else None


def _split(rows: Dict[str, Any]) -> Iterator[Tuple[str, list, Any]]:
    for key, value in rows.items():
        kind, *fields = key.split(SEP)
        yield kind, fields, value


def restore_rows(part: Any, rows: Dict[str, Any], zone_cls: Any, task_cls: Any, record_cls: Any) -> None:
    """Replace the DNS part's content with stored rows."""
    part.reset()
    meta = rows.get(META) or {}
    part.next_record_id = int(meta.get("next_record_id", part.next_record_id))
    part.next_task_id = int(meta.get("next_task_id", part.next_task_id))
    items = list(_split(rows))
    for kind, fields, value in items:
        if kind == "zone":
            zone = zone_cls.from_json(value)
            part.zones[zone.key] = zone
        elif kind == "task":
            task = task_cls.from_json(value)
            part.tasks[task.task_id] = task
        elif kind == "tsig":
            part.tsig[fields[0]] = {item["name"].lower(): dict(item) for item in value}
    part.tasks = type(part.tasks)(sorted(part.tasks.items()))
    for kind, fields, value in items:
        if kind == "node":
            zone = part.zones.get((fields[0], fields[1]))
            if zone is not None:
                _add_records(zone, (record_cls.from_json(item) for item in value))


def _add_records(zone: Any, records: Iterable[Any]) -> None:
    for record in records:
        zone.nodes.setdefault(record.fqdn, {}).setdefault(record.rtype, []).append(record)
