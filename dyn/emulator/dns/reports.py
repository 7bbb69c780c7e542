"""TM report resources of the DNS side: ``QPSReport`` (synthetic, deterministic CSV) and
``ZoneNoteReport`` (the notes written by publishes and imports)."""
from __future__ import annotations

import math
import zlib
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..envelope import Result, invalid_field
from ..router import Context, RouteTable
from ..validate import Field, check_tm, plural
from .model import zones_part

__all__ = ["QPS_REPORT", "ZONE_NOTE_REPORT", "qps_csv", "QPS_INTERVAL", "QPS_MAX_ROWS"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

QPS_REPORT = ROUTES.resource("QPSReport")
ZONE_NOTE_REPORT = ROUTES.resource("ZoneNoteReport")

QPS_INTERVAL = 300
"""Seconds per CSV row (widened when the range would give more than :data:`QPS_MAX_ROWS`)."""

QPS_MAX_ROWS = 2000
"""Largest number of time steps in one report."""

DEFAULT_RRECS = ("A", "AAAA", "CNAME", "MX", "TXT")
"""Record types of an ``rrecs`` breakdown when none are asked for."""

QPS_FIELDS = (
    Field("start_ts", "int"), Field("end_ts", "int"),
    Field("breakdown", required=False, choices=("hosts", "rrecs", "zones")),
    Field("hosts", "list", required=False, default=[]), Field("rrecs", "list", required=False, default=[]),
    Field("zones", "list", required=False, default=[]),
)
NOTE_FIELDS = (Field("zone"), Field("offset", "int", required=False, default=0),
               Field("limit", "int", required=False))

COLUMNS = {None: None, "zones": "Zone", "hosts": "Hostname", "rrecs": "Record Type"}


def _queries(key: str, timestamp: int) -> int:
    return zlib.crc32(f"{key}|{timestamp}".encode("utf-8")) % 500


def qps_csv(start: int, end: int, breakdown: Optional[str], keys: Sequence[str]) -> str:
    """The report CSV: ``Timestamp,Queries`` rows (or ``Timestamp,<column>,Queries`` with
    a breakdown), one row per interval (and key), values derived from a hash: the same
    request always gives the same report."""
    first = start - start % QPS_INTERVAL
    steps = max(1, (end - first) // QPS_INTERVAL + 1)
    step = QPS_INTERVAL * max(1, math.ceil(steps / QPS_MAX_ROWS))
    column = COLUMNS[breakdown]
    lines = ["Timestamp,Queries" if column is None else f"Timestamp,{column},Queries"]
    for timestamp in range(first, end + 1 if end >= first else first + 1, step):
        if column is None:
            lines.append(f"{timestamp},{sum(_queries(key, timestamp) for key in keys)}")
        else:
            lines.extend(f"{timestamp},{key},{_queries(key, timestamp)}" for key in keys)
    return "\n".join(lines) + "\n"


def _names(values: List[Any], field: str) -> List[str]:
    if not all(isinstance(item, str) and item.strip() for item in values):
        raise invalid_field(field, "Expected a list of strings", "report", "Report not generated")
    return [item.strip().rstrip(".").lower() for item in values]


def _keys(ctx: Context, args: Dict[str, Any]) -> Tuple[Optional[str], List[str]]:
    zones = _names(args["zones"], "zones") or [zone.name for zone in zones_part(ctx.state).zones_of(ctx.customer)]
    breakdown = args["breakdown"]
    if breakdown == "hosts":
        return breakdown, _names(args["hosts"], "hosts") or zones
    if breakdown == "rrecs":
        return breakdown, [item.upper() for item in _names(args["rrecs"], "rrecs")] or list(DEFAULT_RRECS)
    return breakdown, zones


@QPS_REPORT.route("POST", operation="report", summary="Report not generated")
def qps_report(ctx: Context) -> Result:
    """A queries-per-second report between ``start_ts`` and ``end_ts`` (synthetic)."""
    args = check_tm(ctx.args, QPS_FIELDS, "report", "Report not generated")
    if args["end_ts"] < args["start_ts"]:
        raise invalid_field("end_ts", "Must not be before start_ts", "report", "Report not generated")
    breakdown, keys = _keys(ctx, args)
    return Result({"csv": qps_csv(args["start_ts"], args["end_ts"], breakdown, keys)},
                  ["report: QPS report generated"])


@ZONE_NOTE_REPORT.route("POST", operation="report", summary="Report not generated")
def zone_notes(ctx: Context) -> Result:
    """The notes of a zone, newest first (``offset``, ``limit``)."""
    args = check_tm(ctx.args, NOTE_FIELDS, "report", "Report not generated")
    part = zones_part(ctx.state)
    zone = part.require_zone(ctx.customer, args["zone"].strip().rstrip(".").lower(), "report",
                             "Report not generated")
    for name in ("offset", "limit"):
        if args[name] is not None and args[name] < 0:
            raise invalid_field(name, "Must be 0 or more", "report", "Report not generated")
    notes = part.notes(zone, args["offset"] or 0, args["limit"])
    return Result(notes, [f"report: Found {plural(len(notes), 'zone note')}"])
