"""MM accounts: ``GET|POST /rest/json/accounts``, ``POST /accounts/delete`` and
``GET|POST /accounts/xheaders``.

``POST /accounts`` creates or updates: a user name the key can see (its own account, or a
sub-account of its master account) is updated; a new user name becomes a sub-account of
the key's master account (454 for a sub-account key, a guess); a user name owned by
another master is 453 *Object Already Exists*.
"""
from __future__ import annotations

import re
import secrets
from typing import Any, Dict, List

from ..envelope import MMError
from .model import account_data, email_part
from ..router import MMContext, RouteTable
from ..validate import Field, check, check_mm

__all__ = ["list_accounts", "save_account", "delete_account", "get_xheaders", "set_xheaders", "PAGE_SIZE",
           "EMAIL_CAP", "ACCOUNT_PROBLEMS", "XHEADER_NAMES"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

PAGE_SIZE = 25
"""Accounts per page (``startindex`` paging)."""

EMAIL_CAP = "100000"
"""The ``emailcap`` reported with the account list."""

LIST_FIELDS = (
    Field("startindex", "int", required=False, default=0),
    Field("accountname", required=False),
)

_TEXT = ("accountname", "address", "city", "state", "zipcode", "country", "timezone")
_PRIVATE_TEXT = ("bounceurl", "spamurl", "unsubscribeurl")  # kept, not listed (as the real listing)
_FLAGS = ("trackopens", "tracklinks", "trackunsubscribes")

SAVE_FIELDS = (
    Field("username", "email"), Field("password", nonempty=True), Field("companyname", nonempty=True),
    Field("phone", nonempty=True),
    *(Field(name, required=False) for name in _TEXT + _PRIVATE_TEXT),
    *(Field(name, "bool", required=False) for name in _FLAGS + ("generatenewapikey",)),
)

ACCOUNT_PROBLEMS: Dict[str, str] = {
    "companyname": "The company name can not be blank.",  # real
    "phone": "The phone number can not be blank.",  # real
    "username": "The username must be a valid e-mail address.",  # guess
    "password": "The password can not be blank.",  # guess
}
"""The 452 reason per field of ``POST /accounts`` (two real texts, two guesses)."""

PHONE_FORMAT = "The phone number may contain only digits, spaces and + - ( ) ."  # guess
_PHONE = re.compile(r"^[0-9 +().-]*[0-9][0-9 +().-]*$")

XHEADER_NAMES = tuple(f"xheader{n}" for n in range(1, 5))
"""The four custom header slots of an account."""

XHEADER_FIELDS = tuple(Field(name, required=False) for name in XHEADER_NAMES)
_HEADER = re.compile(r"^X-[A-Za-z0-9-]+$", re.IGNORECASE)


@ROUTES.route("accounts", "GET")
def list_accounts(ctx: MMContext) -> Dict[str, Any]:
    """The key's account(s), 25 per page from ``startindex``, optionally only the one
    called ``accountname``."""
    args = check_mm(ctx.args, LIST_FIELDS)
    start = args["startindex"]
    if start < 0:
        raise MMError(452, ["startindex: Must be 0 or more"])
    part = ctx.state.apikeys
    accounts = part.visible_accounts(ctx.apikey)
    if args["accountname"]:
        accounts = [item for item in accounts if item["accountname"] == args["accountname"]]
    page = accounts[start:start + PAGE_SIZE]
    return {"accounts": [part.public(item) for item in page], "emailcap": EMAIL_CAP}


def _account_fields(values: Dict[str, Any]) -> Dict[str, Any]:
    """The stored form of the optional fields that were given (flags as "0"/"1")."""
    fields: Dict[str, Any] = {"companyname": values["companyname"], "phone": values["phone"],
                              "_password": values["password"]}
    for name in _TEXT:
        if values[name] is not None:
            fields[name] = values[name]
    for name in _PRIVATE_TEXT:
        if values[name] is not None:
            fields["_" + name] = values[name]
    for name in _FLAGS:
        if values[name] is not None:
            fields[name] = "1" if values[name] else "0"
    return fields


@ROUTES.route("accounts", "POST")
def save_account(ctx: MMContext) -> Dict[str, Any]:
    """Create or update an account; ``data`` is ``{"apikey": ...}`` (real shape)."""
    values, problems = check(ctx.args, SAVE_FIELDS)
    reasons: List[str] = [ACCOUNT_PROBLEMS.get(problem.field, str(problem)) for problem in problems]
    if values.get("phone") and not _PHONE.match(values["phone"]):
        reasons.append(PHONE_FORMAT)
    if reasons:
        raise MMError(452, reasons)
    part = ctx.state.apikeys
    username = values["username"]
    fields = _account_fields(values)
    account = part.accounts.get(username)
    if account is None:
        if ctx.account["usertype"] != "Master":
            raise MMError(454)
        account = part.add_subaccount(ctx.apikey, username, **fields)
        return {"apikey": account["apikey"]}
    if username not in {item["username"] for item in part.visible_accounts(ctx.apikey)}:
        raise MMError(453)
    account.update(fields)
    if values["generatenewapikey"]:
        part.keys.pop(account["apikey"], None)
        account["apikey"] = secrets.token_hex(16)
        part.keys[account["apikey"]] = username
    ctx.state.changed()
    return {"apikey": account["apikey"]}


@ROUTES.route("accounts/delete", "POST")
def delete_account(ctx: MMContext) -> Dict[str, Any]:
    """Delete a sub-account the key can see (404 otherwise; its own account: 452, a guess)."""
    username = check_mm(ctx.args, (Field("username", "email"),))["username"]
    part = ctx.state.apikeys
    if username not in {item["username"] for item in part.visible_accounts(ctx.apikey)}:
        raise MMError(404)
    if username == ctx.account["username"]:
        raise MMError(452, ["username: An account can not delete itself"])
    account = part.accounts.pop(username)
    part.keys.pop(account["apikey"], None)
    email_part(ctx.state).drop(username)
    ctx.state.changed()
    return {}


@ROUTES.route("accounts/xheaders", "GET")
def get_xheaders(ctx: MMContext) -> Dict[str, str]:
    """The four custom header names, ``{"xheader1": "X-...", ...}`` ("" when unset; the
    shape is a guess: the documented example shows no data)."""
    return dict(account_data(ctx)["xheaders"])


@ROUTES.route("accounts/xheaders", "POST")
def set_xheaders(ctx: MMContext) -> Dict[str, str]:
    """Set the given slots (``xheader1``..``xheader4``) to a header name starting with
    ``X-`` (or "" to clear); answer the four slots (a guess)."""
    values = check_mm(ctx.args, XHEADER_FIELDS)
    given = {name: value.strip() for name, value in values.items() if value is not None}
    reasons = [f"{name}: Expected an X- header name (letters, digits, -)"
               for name, value in given.items() if value and not _HEADER.match(value)]
    if reasons:
        raise MMError(452, reasons)
    data = account_data(ctx)
    data["xheaders"].update(given)
    ctx.state.changed()
    return dict(data["xheaders"])
