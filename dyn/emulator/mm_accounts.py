"""MM accounts: ``GET /rest/json/accounts``."""
from __future__ import annotations

from typing import Any, Dict

from .envelope import MMError
from .router import MM_METHODS, MMContext
from .validate import Field, check_mm

__all__ = ["list_accounts", "PAGE_SIZE", "EMAIL_CAP"]

PAGE_SIZE = 25
"""Accounts per page (``startindex`` paging)."""

EMAIL_CAP = "100000"
"""The ``emailcap`` reported with the account list."""

LIST_FIELDS = (
    Field("startindex", "int", required=False, default=0),
    Field("accountname", required=False),
)


@MM_METHODS.route("accounts", "GET")
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
