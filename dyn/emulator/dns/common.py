"""Path helpers shared by the DNS family's handlers."""
from __future__ import annotations

from ..envelope import invalid_field
from ..router import Context
from .model import Zone

__all__ = ["zone_segment", "node_segment"]


def zone_segment(ctx: Context, operation: str, summary: str) -> str:
    """The normalised zone name from the path (HTTP 400 ``zone: This field is required``)."""
    if not ctx.names or not ctx.names[0]:
        raise invalid_field("zone", "This field is required", operation, summary)
    return ctx.names[0]


def node_segment(ctx: Context, zone: Zone) -> str:
    """The normalised node name (second path segment), the apex when absent."""
    return ctx.names[1] if len(ctx.names) > 1 and ctx.names[1] else zone.name
