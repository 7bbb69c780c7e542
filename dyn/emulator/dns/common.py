"""Path helpers shared by the DNS family's handlers."""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from dyn import validation as v

from ..envelope import invalid_field
from ..router import Context
from .model import Zone

__all__ = ["zone_segment", "new_zone_segment", "node_segment"]


def zone_segment(ctx: Context, operation: str, summary: str) -> str:
    """The normalised zone name from the path (HTTP 400 ``zone: This field is required``)."""
    if not ctx.names or not ctx.names[0]:
        raise invalid_field("zone", "This field is required", operation, summary)
    return ctx.names[0]


def _raw_zone(ctx: Context) -> str:
    """The zone segment as sent, each segment percent-decoded on its own (so
    ``/REST/Zone/a%2Fb.com/`` gives ``a/b.com``, not ``a``)."""
    target = ctx.request.environ.get("RAW_URI") or ctx.request.environ.get("REQUEST_URI")
    if not target:
        return ctx.segments[0]
    segments = [unquote(part) for part in urlsplit(target).path.split("/") if part]
    if segments and segments[0].lower() == "rest":
        segments = segments[1:]
    return segments[1] if len(segments) > 1 else ctx.segments[0]


def new_zone_segment(ctx: Context, operation: str = "create", summary: str = "Zone not created") -> str:
    """The normalised name of a zone to create, checked with the SDK's rule
    (:func:`dyn.validation.zone_name`): HTTP 400 ``zone: <problem>`` (INVALID_DATA) +
    ``create: Zone not created``, the real failure pair of a create."""
    name = zone_segment(ctx, operation, summary)
    try:
        v.zone_name(_raw_zone(ctx))
    except ValueError as problem:
        raise invalid_field("zone", str(problem), operation, summary) from None
    return name


def node_segment(ctx: Context, zone: Zone) -> str:
    """The normalised node name (second path segment), the apex when absent."""
    return ctx.names[1] if len(ctx.names) > 1 and ctx.names[1] else zone.name
