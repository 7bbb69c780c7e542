"""MM recipients: ``GET /rest/json/recipients/status`` and ``POST /recipients/activate``.

A recipient is ``active`` until a hard bounce (mail to ``bounce@`` at the test domain)
makes it ``inactive``; activating makes it active again. Its ``suppressionstatus`` is
``suppressed`` while on the suppression list, else ``unsuppressed`` (the emulator has no
pending states).
"""
from __future__ import annotations

from typing import Any, Dict, List

from ..envelope import MMError
from .model import account_data, arg_values
from ..router import MMContext, RouteTable
from ..validate import TYPES, Field, check_mm

__all__ = ["recipient_status", "activate_recipient", "recipient_record"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""


def recipient_record(data: Dict[str, Any], address: str) -> Dict[str, str]:
    """``{"emailaddress", "status", "suppressionstatus"}`` of one address (documented shape)."""
    key = address.lower()
    status = data["recipients"].get(key, {}).get("status", "active")
    suppressed = "suppressed" if key in data["suppressions"] else "unsuppressed"
    return {"emailaddress": address, "status": status, "suppressionstatus": suppressed}


@ROUTES.route("recipients/status", "GET")
def recipient_status(ctx: MMContext) -> Dict[str, List[Dict[str, str]]]:
    """The status of each ``emailaddress`` (repeatable, also as ``emailaddress[]``)."""
    addresses = arg_values(ctx.args, "emailaddress")
    if not addresses:
        raise MMError(452, ["emailaddress: This field is required"])
    reasons, clean = [], []
    for address in addresses:
        try:
            clean.append(TYPES["email"](address))
        except ValueError as problem:
            reasons.append(f"emailaddress: {problem}")
    if reasons:
        raise MMError(452, reasons)
    data = account_data(ctx)
    return {"recipients": [recipient_record(data, address) for address in clean]}


@ROUTES.route("recipients/activate", "POST")
def activate_recipient(ctx: MMContext) -> Dict[str, Any]:
    """Make the recipient active again; answers ``{}``."""
    address = check_mm(ctx.args, (Field("emailaddress", "email"),))["emailaddress"]
    account_data(ctx)["recipients"][address.lower()] = {"status": "active"}
    ctx.state.changed()
    return {}
