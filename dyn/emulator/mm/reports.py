"""MM reports, derived from the outbox: ``GET /rest/json/reports/<kind>``,
``/reports/<kind>/count``, and for opens and clicks ``/unique`` and ``/count/unique``.

For every message of the account's outbox and every recipient of it (to, cc and bcc):

* a suppressed recipient gives one ``issues`` item (``"issue": "suppressed"``) and
  nothing else;
* any other recipient is ``sent``; then, by the recipient's address (see
  :data:`~dyn.emulator.mm.model.TEST_DOMAIN`): ``bounce@`` gives a hard ``bounces`` item,
  ``softbounce@`` a soft one; every other address is ``delivered``; ``complaint@`` adds
  a ``complaints`` item, ``open@`` an ``opens`` item, ``click@`` an ``opens`` and a
  ``clicks`` item.

Every item has ``emailaddress``, ``sender``, ``date`` (the send time) and ``xheaders``
(the message's x-headers; ``[]`` when there are none, as the real clicks example shows);
bounces add ``bouncetype``, ``bouncerule`` and ``bouncecode``, opens and clicks add
``ip``, clicks add ``clicklink`` (the first link of the message, else
``http://example.com/``). Only the clicks item shape is documented; the rest is a guess.

Arguments: ``starttime`` and ``endtime`` (required, ISO 8601, ``[starttime, endtime)``),
``sender``, ``emailaddress`` (or ``recipient``), ``domain``, ``X-<header>=<value>``, and
``bouncetype`` for bounces; lists are paged 500 items at a time with ``startindex``.
Unique lists keep the first item per recipient address.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Tuple

from .model import REPORT_PAGE_SIZE, account_data, behaviour_of, date_range, in_range, paginate
from ..router import MMContext, RouteTable

__all__ = ["REPORT_KINDS", "UNIQUE_KINDS", "derive", "matching"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

REPORT_KINDS: Tuple[str, ...] = ("sent", "delivered", "bounces", "complaints", "issues", "opens", "clicks")
"""Every report; each is the ``data`` key of its list."""

UNIQUE_KINDS: Tuple[str, ...] = ("opens", "clicks")
"""Reports that also have unique variants."""

CLICK_IP = "192.0.2.1"
"""The address opens and clicks come from (TEST-NET-1)."""

DEFAULT_LINK = "http://example.com/"
_LINK = re.compile(r"""https?://[^\s"'<>]+""")
_BOUNCES = {"bounce": ("hard", "Undetermined", "550"), "softbounce": ("soft", "Mailbox Full", "452")}
_HEADER = re.compile(r"^X-[A-Za-z0-9-]+$", re.IGNORECASE)


def _link(message: Dict[str, Any]) -> str:
    for body in (message.get("bodyhtml"), message.get("bodytext")):
        found = _LINK.search(body or "")
        if found:
            return found.group(0)
    return DEFAULT_LINK


def derive(data: Dict[str, Any]) -> Dict[str, List[Dict[str, Any]]]:
    """Every report of one account, from its outbox (oldest first)."""
    reports: Dict[str, List[Dict[str, Any]]] = {kind: [] for kind in REPORT_KINDS}
    for message in data["outbox"]:
        suppressed = {address.lower() for address in message["suppressed"]}
        for address in message["recipients"]:
            item = {"emailaddress": address, "sender": message["sender"], "date": message["date"],
                    "xheaders": dict(message["xheaders"]) or []}
            if address.lower() in suppressed:
                reports["issues"].append(dict(item, issue="suppressed"))
                continue
            reports["sent"].append(item)
            behaviour = behaviour_of(address)
            if behaviour in _BOUNCES:
                kind, rule, code = _BOUNCES[behaviour]
                reports["bounces"].append(dict(item, bouncetype=kind, bouncerule=rule, bouncecode=code))
                continue
            reports["delivered"].append(item)
            if behaviour == "complaint":
                reports["complaints"].append(item)
            if behaviour in ("open", "click"):
                reports["opens"].append(dict(item, ip=CLICK_IP))
            if behaviour == "click":
                reports["clicks"].append(dict(item, ip=CLICK_IP, clicklink=_link(message)))
    return reports


def _unique(items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    seen, result = set(), []
    for item in items:
        key = item["emailaddress"].lower()
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def matching(ctx: MMContext, kind: str, unique: bool = False) -> List[Dict[str, Any]]:
    """The items of report ``kind`` that match the request's filters."""
    first, last = date_range(ctx.args, "starttime", "endtime", required=True)
    args = ctx.args
    filters: List[Callable[[Dict[str, Any]], bool]] = []
    sender = args.get("sender")
    if isinstance(sender, str) and sender:
        filters.append(lambda item: item["sender"].lower() == sender.lower())
    recipient = args.get("emailaddress") or args.get("recipient")
    if isinstance(recipient, str) and recipient:
        filters.append(lambda item: item["emailaddress"].lower() == recipient.lower())
    domain = args.get("domain")
    if isinstance(domain, str) and domain:
        filters.append(lambda item: item["emailaddress"].rpartition("@")[2].lower() == domain.lower())
    wanted = {name.lower(): value for name, value in args.items()
              if _HEADER.match(name) and isinstance(value, str)}
    if wanted:
        filters.append(lambda item: all(
            {key.lower(): text for key, text in dict(item["xheaders"]).items()}.get(name) == value
            for name, value in wanted.items()))
    bouncetype = args.get("bouncetype")
    if kind == "bounces" and isinstance(bouncetype, str) and bouncetype:
        filters.append(lambda item: item["bouncetype"] == bouncetype)
    items = [item for item in derive(account_data(ctx))[kind]
             if in_range(item["date"], first, last) and all(check(item) for check in filters)]
    return _unique(items) if unique else items


def _register(kind: str, unique: bool) -> None:
    suffix = "/unique" if unique else ""

    def listing(ctx: MMContext) -> Dict[str, Any]:
        return {kind: paginate(ctx, matching(ctx, kind, unique), REPORT_PAGE_SIZE)}

    def count(ctx: MMContext) -> Dict[str, int]:
        return {"count": len(matching(ctx, kind, unique))}

    listing.__doc__ = f"``{{{kind!r}: [...]}}``, 500 per page."
    count.__doc__ = f"``{{'count': N}}`` of the {kind} report."
    ROUTES.route(f"reports/{kind}{suffix}", "GET")(listing)
    ROUTES.route(f"reports/{kind}/count{suffix}", "GET")(count)


for _kind in REPORT_KINDS:
    _register(_kind, False)
    if _kind in UNIQUE_KINDS:
        _register(_kind, True)
del _kind
