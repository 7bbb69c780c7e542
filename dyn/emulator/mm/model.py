"""Message Management state: per account senders, x-headers, suppressions, recipient
status and the outbox (reports are derived from the outbox, see :mod:`.mm_reports`).

Everything lives in one :class:`~dyn.emulator.state.StatePart` called ``email``, keyed by
account user name; it is empty after a reset and its snapshot is plain JSON.

Reserved test domain
    Mail to an address at :data:`TEST_DOMAIN` (or a sub-domain of it) behaves according
    to its local part, up to an optional ``+tag`` or ``-tag`` (see :data:`BEHAVIOURS`):
    ``bounce@`` hard-bounces (and makes the recipient inactive), ``softbounce@``
    soft-bounces, ``complaint@`` is delivered then complained about, ``open@`` is
    delivered and opened, ``click@`` is delivered, opened and clicked. Any other address
    is simply delivered.
"""
from __future__ import annotations

import copy
import datetime
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..envelope import MMError
from ..router import MMContext
from ..state import StatePart
from ..validate import Field, check_mm

__all__ = ["EmailPart", "TEST_DOMAIN", "BEHAVIOURS", "behaviour_of", "account_data", "email_part",
           "now_iso", "iso", "paginate", "PAGE_SIZE", "REPORT_PAGE_SIZE", "MAX_OUTBOX", "outbox",
           "START_FIELD", "arg_values", "date_range", "in_range"]

TEST_DOMAIN = "test.dyn-emulator.invalid"
"""The reserved domain whose addresses produce report events deterministically."""

BEHAVIOURS: Tuple[str, ...] = ("bounce", "softbounce", "complaint", "open", "click")
"""Local parts (before an optional ``+tag``/``-tag``) with a behaviour at :data:`TEST_DOMAIN`."""

PAGE_SIZE = 25
"""Items per page for senders (and accounts)."""

REPORT_PAGE_SIZE = 500
"""Items per page for suppressions and reports."""

MAX_OUTBOX = 10_000
"""Messages kept per account (the oldest are dropped past this)."""

START_FIELD = Field("startindex", "int", required=False, default=0)
"""The ``startindex`` argument (``start_index``, sent by the classic SDK, is accepted too)."""

_LOCAL = re.compile(r"^([a-z]+)(?:[+-].*)?$")


def behaviour_of(address: str) -> Optional[str]:
    """The test behaviour of ``address`` (a value of :data:`BEHAVIOURS`), or None."""
    local, _, domain = address.lower().rpartition("@")
    if domain != TEST_DOMAIN and not domain.endswith("." + TEST_DOMAIN):
        return None
    match = _LOCAL.match(local)
    if match and match.group(1) in BEHAVIOURS:
        return match.group(1)
    return None


def iso(moment: datetime.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS+00:00`` (UTC, whole seconds)."""
    return moment.astimezone(datetime.timezone.utc).replace(microsecond=0).isoformat()


def now_iso(ctx: MMContext) -> str:
    """The emulator clock's current time, formatted by :func:`iso`."""
    return iso(datetime.datetime.fromtimestamp(ctx.state.clock(), datetime.timezone.utc))


def arg_values(args: Dict[str, Any], name: str) -> List[str]:
    """Every value of a repeatable argument, sent as ``name=a&name=b`` or ``name[]=a``."""
    values: List[str] = []
    for key in (name, name + "[]"):
        value = args.get(key)
        if value is None:
            continue
        values.extend(value if isinstance(value, list) else [value])
    return values


def paginate(ctx: MMContext, items: Sequence[Any], size: int) -> List[Any]:
    """The page of ``items`` starting at the ``startindex`` (or ``start_index``) argument."""
    args = dict(ctx.args)
    if "startindex" not in args and "start_index" in args:
        args["startindex"] = args["start_index"]
    start = check_mm(args, (START_FIELD,))["startindex"]
    if start < 0:
        raise MMError(452, ["startindex: Must be 0 or more"])
    return list(items[start:start + size])


def date_range(args: Dict[str, Any], start: str, end: str,
               required: bool = False) -> Tuple[Optional[datetime.datetime], Optional[datetime.datetime]]:
    """The ``[start, end)`` range given by two ISO 8601 arguments (452 when malformed, when
    ``required`` and missing, or when the end is not after the start)."""
    values = check_mm(args, (Field(start, "datetime", required=required),
                             Field(end, "datetime", required=required)))
    first, last = values[start], values[end]
    if first is not None and last is not None and last <= first:
        raise MMError(452, [f"{end}: Must be after {start}"])
    return first, last


def in_range(stamp: str, first: Optional[datetime.datetime], last: Optional[datetime.datetime]) -> bool:
    """Whether the ISO timestamp ``stamp`` is ``>= first`` and ``< last`` (None: open)."""
    moment = datetime.datetime.fromisoformat(stamp)
    return (first is None or moment >= first) and (last is None or moment < last)


def _empty_account() -> Dict[str, Any]:
    return {"senders": {}, "xheaders": {f"xheader{n}": "" for n in range(1, 5)}, "suppressions": {},
            "recipients": {}, "outbox": [], "next_suppression": 1}


class EmailPart(StatePart):
    """Per-account MM data, keyed by account user name::

        {"senders": {address: {...}}, "xheaders": {"xheader1": ...},
         "suppressions": {address: {...}}, "recipients": {address: {"status": ...}},
         "outbox": [message, ...], "next_suppression": 1}

    plus a global message counter. Addresses are keyed in lower case.
    """

    name = "email"

    def __init__(self, state: Any) -> None:
        super().__init__(state)
        self.accounts: Dict[str, Dict[str, Any]] = {}
        self.next_message = 1

    def account(self, username: str) -> Dict[str, Any]:
        """The data of ``username`` (created empty on first use)."""
        data = self.accounts.get(username)
        if data is None:
            data = self.accounts[username] = _empty_account()
        return data

    def drop(self, username: str) -> None:
        """Forget an account's data (the account was deleted)."""
        if self.accounts.pop(username, None) is not None:
            self.state.changed()

    def messages(self) -> List[Dict[str, Any]]:
        """Every outbox message of every account, by message id."""
        found = [message for data in self.accounts.values() for message in data["outbox"]]
        return [copy.deepcopy(message) for message in sorted(found, key=lambda item: item["id"])]

    def clear_outbox(self) -> int:
        """Empty every outbox (reports derived from them become empty); return how many
        messages were removed."""
        count = 0
        for data in self.accounts.values():
            count += len(data["outbox"])
            data["outbox"] = []
        if count:
            self.state.changed()
        return count

    def reset(self) -> None:
        self.accounts = {}
        self.next_message = 1

    def snapshot(self) -> Dict[str, Any]:
        return {"next_message": self.next_message, "accounts": copy.deepcopy(self.accounts)}

    def restore(self, data: Dict[str, Any]) -> None:
        self.next_message = int(data.get("next_message", 1))
        self.accounts = {}
        for username, content in data.get("accounts", {}).items():
            merged = _empty_account()
            merged.update(copy.deepcopy(content))
            self.accounts[username] = merged




def email_part(state: Any) -> EmailPart:
    """The ``email`` part of ``state``."""
    return state.part(EmailPart.name)


def account_data(ctx: MMContext) -> Dict[str, Any]:
    """The MM data of the calling key's account."""
    return email_part(ctx.state).account(ctx.account["username"])


def outbox(state: Any, clear: bool = False) -> List[Dict[str, Any]]:
    """Every message sent (all accounts, oldest first); ``clear`` empties the outboxes."""
    with state.lock:
        part = email_part(state)
        messages = part.messages()
        if clear:
            part.clear_outbox()
            state.save_if_dirty()
        return messages

