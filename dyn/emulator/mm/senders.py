"""MM approved senders: ``GET|POST /rest/json/senders``, ``GET /senders/details``,
``GET /senders/status``, ``POST /senders/dkim`` and ``POST /senders/delete``.

A sender is ready (``{"ready": 1}``) as soon as it is added; an unknown sender is 404 on
details, status, dkim and delete (a guess). ``POST /senders`` creates or updates and
answers ``{}`` (a guess: no documented answer).
"""
from __future__ import annotations

import base64
import hashlib
import re
from typing import Any, Dict

from ..envelope import MMError
from .model import PAGE_SIZE, account_data, now_iso, paginate
from ..router import MMContext, RouteTable
from ..validate import Field, check_mm

__all__ = ["list_senders", "save_sender", "sender_details", "sender_status", "set_dkim", "delete_sender"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

ADDRESS = Field("emailaddress", "email")
SAVE_FIELDS = (ADDRESS, Field("seeding", "bool", required=False, default=False))
DKIM_FIELDS = (ADDRESS, Field("dkim", nonempty=True))
_SELECTOR = re.compile(r"^[A-Za-z0-9_-]+$")


def _find(ctx: MMContext) -> Dict[str, Any]:
    """The sender named by ``emailaddress`` (404 when the account has none)."""
    address = check_mm(ctx.args, (ADDRESS,))["emailaddress"]
    sender = account_data(ctx)["senders"].get(address.lower())
    if sender is None:
        raise MMError(404)
    return sender


@ROUTES.route("senders", "GET")
def list_senders(ctx: MMContext) -> Dict[str, Any]:
    """The approved senders, 25 per page from ``startindex``, oldest first."""
    senders = list(account_data(ctx)["senders"].values())
    return {"senders": [{"emailaddress": item["emailaddress"]} for item in paginate(ctx, senders, PAGE_SIZE)]}


@ROUTES.route("senders", "POST")
def save_sender(ctx: MMContext) -> Dict[str, Any]:
    """Add the sender, or update its ``seeding`` (0/1)."""
    values = check_mm(ctx.args, SAVE_FIELDS)
    senders = account_data(ctx)["senders"]
    key = values["emailaddress"].lower()
    sender = senders.get(key)
    if sender is None:
        sender = senders[key] = {"emailaddress": values["emailaddress"], "seeding": 0, "dkim": "",
                                 "created": now_iso(ctx)}
    if "seeding" in ctx.args:
        sender["seeding"] = 1 if values["seeding"] else 0
    ctx.state.changed()
    return {}


def _public_key(address: str, selector: str) -> str:
    """A fake but stable DKIM record for the sender's domain."""
    digest = hashlib.sha256(f"{selector}:{address.lower()}".encode()).digest() * 4
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(digest).decode("ascii")


@ROUTES.route("senders/details", "GET")
def sender_details(ctx: MMContext) -> Dict[str, Any]:
    """``{"emailaddress", "seeding", "spf": 1, "dkim": 0|1, "dkimval": <selector>}`` plus
    ``"<selector>._domainkey.<domain>": "<record>"`` once a DKIM selector is set (the
    real capture shows ``dkim``/``dkimval``/the record; ``dkimval`` holding the selector
    and ``seeding`` are guesses)."""
    sender = _find(ctx)
    selector = sender["dkim"]
    details = {"emailaddress": sender["emailaddress"], "seeding": sender["seeding"], "spf": 1,
               "dkim": 1 if selector else 0, "dkimval": selector}
    if selector:
        domain = sender["emailaddress"].rpartition("@")[2].lower()
        details[f"{selector}._domainkey.{domain}"] = _public_key(sender["emailaddress"], selector)
    return details


@ROUTES.route("senders/status", "GET")
def sender_status(ctx: MMContext) -> Dict[str, int]:
    """``{"ready": 1}``: senders are ready at once in the emulator."""
    _find(ctx)
    return {"ready": 1}


@ROUTES.route("senders/dkim", "POST")
def set_dkim(ctx: MMContext) -> Dict[str, Any]:
    """Set the DKIM selector (letters, digits, ``-`` and ``_``)."""
    values = check_mm(ctx.args, DKIM_FIELDS)
    if not _SELECTOR.match(values["dkim"]):
        raise MMError(452, ["dkim: Expected a selector of letters, digits, - and _"])
    sender = _find(ctx)
    sender["dkim"] = values["dkim"]
    ctx.state.changed()
    return {}


@ROUTES.route("senders/delete", "POST")
def delete_sender(ctx: MMContext) -> Dict[str, Any]:
    """Remove the sender."""
    sender = _find(ctx)
    del account_data(ctx)["senders"][sender["emailaddress"].lower()]
    ctx.state.changed()
    return {}
