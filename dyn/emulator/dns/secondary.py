"""TM resources around zone transfers: ``Secondary`` zones, ``TSIGKey`` and
``ExtNameserver`` (data kept in the zones part, :mod:`.model`)."""
from __future__ import annotations

import ipaddress
from typing import Any, Dict, List

from dyn import validation as v

from ..envelope import APIError, Result, error, info, invalid_field, not_found
from ..router import Context, RouteTable
from .common import new_zone_segment, zone_segment
from ..validate import Field, check_tm, plural, wants_detail
from .model import TSIG_ALGORITHMS, Zone, clean_masters, zones_part

__all__ = ["SECONDARY", "TSIG_KEY", "EXT_NAMESERVER"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

SECONDARY = ROUTES.resource("Secondary")
TSIG_KEY = ROUTES.resource("TSIGKey")
EXT_NAMESERVER = ROUTES.resource("ExtNameserver")

SECONDARY_FIELDS = (Field("contact_nickname", required=False), Field("tsig_key_name", required=False))
SECONDARY_ACTIONS = tuple(Field(name, "bool", required=False, default=False)
                          for name in ("activate", "deactivate", "retransfer"))
ACTION_TEXTS = {"activate": "activate: Service activated", "deactivate": "deactivate: Service deactivated",
                "retransfer": "retransfer: Zone transfer requested"}


def _exists(problem: str, operation: str, summary: str, context: str = "name") -> APIError:
    return APIError("TARGET_EXISTS", [error(f"{context}: {problem}", "TARGET_EXISTS"), info(f"{operation}: {summary}")])


# -- Secondary ----------------------------------------------------------------------------------

def _secondary_dict(zone: Zone) -> Dict[str, Any]:
    settings = zone.secondary or {}
    return {"active": settings.get("active", "N"), "masters": list(settings.get("masters", [])),
            "contact_nickname": settings.get("contact_nickname", ""),
            "tsig_key_name": settings.get("tsig_key_name", ""), "zone": zone.name}


def _secondary(ctx: Context, operation: str, summary: str) -> Zone:
    zone = zones_part(ctx.state).require_zone(ctx.customer, zone_segment(ctx, operation, summary))
    if zone.secondary is None:
        raise not_found("zone", "No such zone", operation, summary, source="API-B")
    return zone


@SECONDARY.route("GET", operation="get", summary="Secondary zone not found")
def get_secondary(ctx: Context) -> Result:
    """One secondary zone, or all of them (URIs, or objects with ``detail``)."""
    if ctx.names:
        zone = _secondary(ctx, "get", "Secondary zone not found")
        return Result(_secondary_dict(zone), [f"get: Found the secondary zone {zone.name}"])
    zones = [zone for zone in zones_part(ctx.state).zones_of(ctx.customer) if zone.secondary is not None]
    if wants_detail(ctx):
        data: List[Any] = [_secondary_dict(zone) for zone in zones]
    else:
        data = [f"/REST/Secondary/{zone.name}/" for zone in zones]
    return Result(data, [f"get: Your {plural(len(zones), 'secondary zone')}"])


@SECONDARY.route("POST", operation="create", summary="Zone not created")
def create_secondary(ctx: Context) -> Result:
    """Create a secondary zone from ``masters`` (inactive until activated)."""
    part = zones_part(ctx.state)
    name = new_zone_segment(ctx)
    part.check_new_zone_name(ctx.customer, name)
    masters = clean_masters(ctx.args.get("masters"), "create", "Zone not created")
    args = check_tm(ctx.args, SECONDARY_FIELDS, "create", "Zone not created")
    zone = part.create_secondary(ctx.customer, name, masters, args["contact_nickname"], args["tsig_key_name"])
    return Result(_secondary_dict(zone), [f"create: New secondary zone {zone.name} created"])


@SECONDARY.route("PUT", operation="update", summary="Zone not updated")
def update_secondary(ctx: Context) -> Result:
    """``activate`` / ``deactivate`` / ``retransfer``, and/or new ``masters``,
    ``contact_nickname``, ``tsig_key_name``."""
    zone = _secondary(ctx, "update", "Zone not updated")
    actions = check_tm(ctx.args, SECONDARY_ACTIONS, "update", "Zone not updated")
    if actions["activate"] and actions["deactivate"]:
        raise invalid_field("deactivate", "Only one of activate and deactivate may be given", "update",
                            "Zone not updated")
    fields = check_tm(ctx.args, SECONDARY_FIELDS, "update", "Zone not updated")
    masters = clean_masters(ctx.args["masters"], "update", "Zone not updated") if "masters" in ctx.args else None
    zones_part(ctx.state).check_blocking(zone)
    settings = zone.secondary
    msgs = []
    for name, value in fields.items():
        if value is not None:
            settings[name] = value
    if masters is not None:
        settings["masters"] = masters
    if masters is not None or any(value is not None for value in fields.values()):
        msgs.append("update: Secondary zone updated")
    if actions["activate"]:
        settings["active"] = "L"
    if actions["deactivate"]:
        settings["active"] = "N"
    msgs += [ACTION_TEXTS[name] for name in ("activate", "deactivate", "retransfer") if actions[name]]
    ctx.state.changed()
    return Result(_secondary_dict(zone), msgs or ["update: Secondary zone updated"])


# -- TSIGKey ---------------------------------------------------------------------------------------

def _tsig_values(ctx: Context, operation: str, summary: str, partial: bool) -> Dict[str, str]:
    values: Dict[str, str] = {}
    for name in ("secret", "algorithm"):
        value = ctx.args.get(name)
        if value is None:
            if not partial:
                raise invalid_field(name, "This field is required", operation, summary)
            continue
        if not isinstance(value, str):
            raise invalid_field(name, "Expected a string", operation, summary)
        values[name] = value.strip()
    if "secret" in values:
        try:
            v.base64_data(values["secret"])
        except ValueError as problem:
            raise invalid_field("secret", str(problem), operation, summary) from None
    if "algorithm" in values:
        values["algorithm"] = values["algorithm"].lower()
        if values["algorithm"] not in TSIG_ALGORITHMS:
            raise invalid_field("algorithm", "Must be one of " + ", ".join(TSIG_ALGORITHMS), operation, summary)
    return values


def _key_name(ctx: Context, operation: str, summary: str) -> str:
    if not ctx.segments:
        raise invalid_field("name", "This field is required", operation, summary)
    name = ctx.segments[0]
    try:
        v.hostname(name)
    except ValueError as problem:
        raise invalid_field("name", str(problem), operation, summary) from None
    return name


def _find_key(ctx: Context, operation: str, summary: str) -> dict:
    name = _key_name(ctx, operation, summary)
    key = zones_part(ctx.state).tsig_keys(ctx.customer).get(name.lower())
    if key is None:
        raise not_found("name", "No such TSIG key", operation, summary)
    return key


@TSIG_KEY.route("GET", operation="get", summary="TSIG key not found")
def get_tsig(ctx: Context) -> Result:
    """One TSIG key, or all of them (URIs, or objects with ``detail``)."""
    if ctx.segments:
        return Result(dict(_find_key(ctx, "get", "TSIG key not found")), ["get: Found the TSIG key"])
    keys = sorted(zones_part(ctx.state).tsig_keys(ctx.customer).values(), key=lambda item: item["name"].lower())
    data: List[Any] = [dict(key) for key in keys] if wants_detail(ctx) else \
        [f"/REST/TSIGKey/{key['name']}/" for key in keys]
    return Result(data, [f"get: Found {plural(len(keys), 'TSIG key')}"])


@TSIG_KEY.route("POST", operation="create", summary="TSIG key not created")
def create_tsig(ctx: Context) -> Result:
    """Create a TSIG key (``secret`` in base64, ``algorithm``)."""
    name = _key_name(ctx, "create", "TSIG key not created")
    keys = zones_part(ctx.state).tsig_keys(ctx.customer)
    if name.lower() in keys:
        raise _exists("Name already exists", "create", "TSIG key not created")
    values = _tsig_values(ctx, "create", "TSIG key not created", partial=False)
    keys[name.lower()] = {"name": name, "algorithm": values["algorithm"], "secret": values["secret"]}
    ctx.state.changed()
    return Result(dict(keys[name.lower()]), ["create: TSIG key created"])


@TSIG_KEY.route("PUT", operation="update", summary="TSIG key not updated")
def update_tsig(ctx: Context) -> Result:
    """Change a key's ``secret`` and/or ``algorithm``."""
    key = _find_key(ctx, "update", "TSIG key not updated")
    key.update(_tsig_values(ctx, "update", "TSIG key not updated", partial=True))
    ctx.state.changed()
    return Result(dict(key), ["update: TSIG key updated"])


@TSIG_KEY.route("DELETE", operation="delete", summary="TSIG key not deleted")
def delete_tsig(ctx: Context) -> Result:
    """Delete a TSIG key."""
    key = _find_key(ctx, "delete", "TSIG key not deleted")
    del zones_part(ctx.state).tsig_keys(ctx.customer)[key["name"].lower()]
    ctx.state.changed()
    return Result({}, ["delete: TSIG key deleted"])


# -- ExtNameserver ----------------------------------------------------------------------------------

def _flag(value: Any, field: str, operation: str, summary: str) -> str:
    try:
        return v.yes_no(value)
    except ValueError:
        raise invalid_field(field, "Must be one of Y, N", operation, summary) from None


def _hosts(value: Any, operation: str, summary: str) -> List[Dict[str, str]]:
    if not isinstance(value, list):
        raise invalid_field("hosts", "Expected a list", operation, summary)
    hosts = []
    for item in value:
        if not isinstance(item, dict):
            raise invalid_field("hosts", "Expected a list of objects", operation, summary)
        try:
            address = str(ipaddress.ip_address(str(item.get("address", "")).strip()))
        except ValueError:
            raise invalid_field("address", "IP address expected", operation, summary) from None
        hosts.append({"address": address,
                      "notifies": _flag(item.get("notifies", "N"), "notifies", operation, summary)})
    return hosts


def _ext_values(ctx: Context, operation: str, summary: str) -> Dict[str, Any]:
    values: Dict[str, Any] = {}
    for name in ("deny", "active"):
        if ctx.args.get(name) is not None:
            values[name] = _flag(ctx.args[name], name, operation, summary)
    if ctx.args.get("tsig_key_name") is not None:
        if not isinstance(ctx.args["tsig_key_name"], str):
            raise invalid_field("tsig_key_name", "Expected a string", operation, summary)
        values["tsig_key_name"] = ctx.args["tsig_key_name"]
    if ctx.args.get("hosts") is not None:
        values["hosts"] = _hosts(ctx.args["hosts"], operation, summary)
    return values


def _ext_zone(ctx: Context, operation: str, summary: str, must_exist: bool = True) -> Zone:
    zone = zones_part(ctx.state).require_zone(ctx.customer, zone_segment(ctx, operation, summary))
    if must_exist and zone.ext_ns is None:
        raise not_found("zone", "No external nameservers for this zone", operation, summary)
    return zone


def _ext_dict(zone: Zone) -> Dict[str, Any]:
    data = dict(zone.ext_ns or {})
    data["hosts"] = [dict(host) for host in data.get("hosts", [])]
    return dict(data, zone=zone.name)


@EXT_NAMESERVER.route("GET", operation="get", summary="External nameservers not found")
def get_ext_nameserver(ctx: Context) -> Result:
    """The external nameserver settings of a zone."""
    zone = _ext_zone(ctx, "get", "External nameservers not found")
    return Result(_ext_dict(zone), ["get: Found the external nameservers"])


@EXT_NAMESERVER.route("POST", operation="create", summary="External nameservers not created")
def create_ext_nameserver(ctx: Context) -> Result:
    """Set up external nameservers for a zone (``deny``, ``tsig_key_name``, ``active``,
    ``hosts``)."""
    zone = _ext_zone(ctx, "create", "External nameservers not created", must_exist=False)
    if zone.ext_ns is not None:
        raise _exists("External nameservers already exist for this zone", "create",
                      "External nameservers not created", context="zone")
    values = _ext_values(ctx, "create", "External nameservers not created")
    zone.ext_ns = {"deny": "N", "tsig_key_name": "", "active": "Y", "hosts": [], **values}
    ctx.state.changed()
    return Result(_ext_dict(zone), ["create: External nameservers created"])


@EXT_NAMESERVER.route("PUT", operation="update", summary="External nameservers not updated")
def update_ext_nameserver(ctx: Context) -> Result:
    """Change the given external nameserver settings."""
    zone = _ext_zone(ctx, "update", "External nameservers not updated")
    zone.ext_ns.update(_ext_values(ctx, "update", "External nameservers not updated"))
    ctx.state.changed()
    return Result(_ext_dict(zone), ["update: External nameservers updated"])


@EXT_NAMESERVER.route("DELETE", operation="delete", summary="External nameservers not deleted")
def delete_ext_nameserver(ctx: Context) -> Result:
    """Remove the external nameserver settings of a zone."""
    zone = _ext_zone(ctx, "delete", "External nameservers not deleted")
    zone.ext_ns = None
    ctx.state.changed()
    return Result({}, ["delete: External nameservers deleted"])

