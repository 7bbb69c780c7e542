"""MM suppressions: ``GET|POST /rest/json/suppressions``, ``GET /suppressions/count`` and
``POST /suppressions/activate``.

Suppressed addresses are not sent to (see :mod:`.mm_send`). Adding an address already
suppressed is 453 and lifting one that is not is 404 (both guesses). Items carry
``reasontype: "manual"`` (a guess; the classic SDK requires the key).
"""
from __future__ import annotations

from typing import Any, Dict, List

from ..envelope import MMError
from .model import REPORT_PAGE_SIZE, account_data, date_range, in_range, now_iso, paginate
from ..router import MMContext, RouteTable
from ..validate import Field, check_mm

__all__ = ["list_suppressions", "count_suppressions", "add_suppression", "lift_suppression", "REASON"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

REASON = "manual"
"""``reasontype`` of the suppressions added through the API."""

ADDRESS = (Field("emailaddress", "email"),)


def _matching(ctx: MMContext) -> List[Dict[str, Any]]:
    first, last = date_range(ctx.args, "startdate", "enddate")
    return [dict(item) for item in account_data(ctx)["suppressions"].values()
            if in_range(item["suppresstime"], first, last)]


@ROUTES.route("suppressions", "GET")
def list_suppressions(ctx: MMContext) -> Dict[str, Any]:
    """Suppressions made in ``[startdate, enddate)`` (either optional), 500 per page."""
    return {"suppressions": paginate(ctx, _matching(ctx), REPORT_PAGE_SIZE)}


@ROUTES.route("suppressions/count", "GET")
def count_suppressions(ctx: MMContext) -> Dict[str, int]:
    """``{"count": N}`` for ``[startdate, enddate)``."""
    return {"count": len(_matching(ctx))}


@ROUTES.route("suppressions", "POST")
def add_suppression(ctx: MMContext) -> Dict[str, Any]:
    """Suppress an address; answers ``{}``."""
    address = check_mm(ctx.args, ADDRESS)["emailaddress"]
    data = account_data(ctx)
    if address.lower() in data["suppressions"]:
        raise MMError(453)
    data["suppressions"][address.lower()] = {
        "emailaddress": address, "suppresstime": now_iso(ctx),
        "suppressionid": str(data["next_suppression"]), "reasontype": REASON}
    data["next_suppression"] += 1
    ctx.state.changed()
    return {}


@ROUTES.route("suppressions/activate", "POST")
def lift_suppression(ctx: MMContext) -> Dict[str, Any]:
    """Lift the suppression of an address (it can be sent to again); answers ``{}``."""
    address = check_mm(ctx.args, ADDRESS)["emailaddress"]
    if account_data(ctx)["suppressions"].pop(address.lower(), None) is None:
        raise MMError(404)
    ctx.state.changed()
    return {}
