"""MM sending: ``POST /rest/json/send``, and the outbox control endpoints.

Required: ``from`` (an approved sender of the account, ``Name <address>`` allowed),
``to`` (one or more: repeated ``to``, ``to[]``, or a comma-separated list), ``subject``,
and ``bodytext`` and/or ``bodyhtml``. Optional: ``cc``, ``bcc`` (like ``to``),
``replyto``, ``xheaders`` (a JSON object of ``X-`` headers; ``X-Name=value`` arguments
are taken as x-headers too) and the other documented header fields, which are stored
as given.

The answer is the real ``data`` string ``"250 2.1.5 Ok"``. Every message goes to the
account's outbox, read with ``GET /__emulator__/outbox`` (``DELETE`` empties it) or
:meth:`Emulator.outbox() <dyn.emulator.server.Emulator.outbox>`. Suppressed recipients
are not sent to: the send still answers 200 (the service dropped them silently), the
message lists them under ``suppressed``, and the issues report shows them.
"""
from __future__ import annotations

import json
import re
from email.utils import getaddresses, parseaddr
from typing import TYPE_CHECKING, Any, Dict, List, Tuple

from .. import control
from ..envelope import MMError
from .model import MAX_OUTBOX, account_data, arg_values, behaviour_of, email_part, now_iso, outbox
from ..router import MMContext, RouteTable
from ..validate import TYPES, Field, check

if TYPE_CHECKING:  # pragma: no cover
    from ..app import EmulatorApp

__all__ = ["send", "SEND_REPLY", "EXTRA_FIELDS"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

SEND_REPLY = "250 2.1.5 Ok"
"""The ``data`` of a successful send (real capture)."""

NOT_APPROVED = "from: The sender is not an approved sender"  # guess
NO_BODY = "bodytext: A text or an HTML body is required"  # guess
BAD_XHEADERS = "xheaders: Expected a JSON object of X- headers and text values"  # guess

EXTRA_FIELDS = ("sender", "messageid", "inreplyto", "references", "comments", "keywords", "replyby",
                "importance", "priority", "sensitivity", "content-encoding")
"""Optional documented fields stored with the message as given (``resent-*`` too)."""

SEND_FIELDS = (Field("from", nonempty=True), Field("subject", nonempty=True),
               Field("bodytext", required=False), Field("bodyhtml", required=False),
               Field("replyto", required=False))
_HEADER = re.compile(r"^X-[A-Za-z0-9-]+$", re.IGNORECASE)


def _addresses(args: Dict[str, Any], name: str, reasons: List[str]) -> Tuple[List[str], List[str]]:
    """``(values as sent, bare addresses)`` of a recipient field; problems go to ``reasons``."""
    raw = arg_values(args, name)
    if not all(isinstance(value, str) for value in raw):
        reasons.append(f"{name}: Expected e-mail addresses")
        return [], []
    raw = [value for value in raw if value.strip()]
    bare = []
    for display, address in getaddresses(raw):
        try:
            bare.append(TYPES["email"](address))
        except ValueError:
            reasons.append(f"{name}: Expected a valid e-mail address, got {address or display!r}")
    return raw, bare


def _address(value: str, name: str, reasons: List[str]) -> str:
    """The bare address of a single-address field (``Name <address>`` allowed)."""
    try:
        return TYPES["email"](parseaddr(value)[1])
    except ValueError:
        reasons.append(f"{name}: Expected a valid e-mail address")
        return ""


def _xheaders(args: Dict[str, Any], reasons: List[str]) -> Dict[str, str]:
    headers: Dict[str, str] = {}
    raw = args.get("xheaders")
    if raw not in (None, ""):
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            value = None
        if not isinstance(value, dict) or not all(
                isinstance(key, str) and _HEADER.match(key) and isinstance(item, str)
                for key, item in value.items()):
            reasons.append(BAD_XHEADERS)
        else:
            headers.update(value)
    for key, value in args.items():
        if _HEADER.match(key) and isinstance(value, str):
            headers[key] = value
    return headers


@ROUTES.route("send", "POST")
def send(ctx: MMContext) -> str:
    """Validate, store the message in the outbox, apply the test-domain behaviours."""
    args = ctx.args
    values, problems = check(args, SEND_FIELDS)
    reasons = [str(problem) for problem in problems]
    fields: Dict[str, Tuple[List[str], List[str]]] = {}
    for name in ("to", "cc", "bcc"):
        fields[name] = _addresses(args, name, reasons)
    if not fields["to"][1] and not any(reason.startswith("to:") for reason in reasons):
        reasons.append("to: This field is required")
    sender = _address(values["from"], "from", reasons) if values.get("from") else ""
    if values.get("replyto"):
        _address(values["replyto"], "replyto", reasons)
    if not (values.get("bodytext") or values.get("bodyhtml")):
        reasons.append(NO_BODY)
    headers = _xheaders(args, reasons)
    data = account_data(ctx)
    if sender and sender.lower() not in data["senders"]:
        reasons.append(NOT_APPROVED)
    if reasons:
        raise MMError(452, reasons)
    recipients: List[str] = []
    seen = set()
    for name in ("to", "cc", "bcc"):
        for address in fields[name][1]:
            if address.lower() not in seen:
                seen.add(address.lower())
                recipients.append(address)
    suppressed = [address for address in recipients if address.lower() in data["suppressions"]]
    part = email_part(ctx.state)
    message: Dict[str, Any] = {
        "id": part.next_message, "account": ctx.account["username"], "date": now_iso(ctx),
        "from": values["from"], "sender": sender, "to": fields["to"][0], "cc": fields["cc"][0],
        "bcc": fields["bcc"][0], "replyto": values["replyto"], "subject": values["subject"],
        "bodytext": values["bodytext"], "bodyhtml": values["bodyhtml"], "xheaders": headers,
        "recipients": recipients, "suppressed": suppressed,
    }
    for key, value in args.items():
        if (key in EXTRA_FIELDS or key.startswith("resent-")) and isinstance(value, str):
            message.setdefault("extra", {})[key] = value
    part.next_message += 1
    data["outbox"].append(message)
    del data["outbox"][:-MAX_OUTBOX]
    for address in recipients:
        if address not in suppressed and behaviour_of(address) == "bounce":
            data["recipients"][address.lower()] = {"status": "inactive"}
    sent = len(recipients) - len(suppressed)
    ctx.account["emailssent"] = str(int(ctx.account.get("emailssent") or 0) + sent)
    ctx.state.changed()
    return SEND_REPLY


# -- control: GET/DELETE /__emulator__/outbox ---------------------------------------------------

def _list_outbox(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    return {"messages": outbox(app.state)}


def _clear_outbox(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    return {"status": "ok", "deleted": len(outbox(app.state, clear=True))}


control.ENDPOINTS["outbox"] = {"GET": _list_outbox, "DELETE": _clear_outbox}
