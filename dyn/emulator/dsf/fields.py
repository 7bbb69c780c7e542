"""Traffic Director fields in the emulator: the value checks, the per-level field tables
(:class:`Attr`, :class:`Level`, :data:`LEVELS`) and node names. :mod:`dyn.emulator.dsf.model`
re-exports every name here."""
from __future__ import annotations

import copy
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from dyn import validation as v
from dyn.tm.services import dsf_rules as rules
from dyn.tm.services.dsf_rules import (AUTOMATION, CRITERIA_TYPES, DSF_RECORD_TYPES,  # noqa: F401 (re-exported)
                                       GEOIP_KEYS, PROBE_INTERVALS, PROTOCOLS)
from dyn.validation import Problem



RECIPIENT_FORMATS: Tuple[str, ...] = ("email", "sms")
NOTIFIER_SERVICE_CLASSES: Tuple[str, ...] = ("DSF", "Monitor")


# -- value checks ----------------------------------------------------------------------------------

def flag(value: Any) -> bool:
    """A Traffic Director Y/N value: :func:`dyn.validation.flag` (the one Y/N parser), with
    this API's problem text ``Expected Y or N``."""
    try:
        return v.flag(value)
    except ValueError:
        raise ValueError("Expected Y or N") from None


def yes_no(value: Any) -> str:
    """:func:`flag` as the ``"Y"``/``"N"`` string the API answers."""
    return "Y" if flag(value) else "N"


_label = rules.label
_optional_label = rules.soft_label
_COUNT = rules.count


def _str_list(value: Any) -> List[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("Expected a list of strings")
    return list(value)


def _criteria(value: Any) -> Dict[str, Any]:
    if value in ("", {}):
        return {}
    if not isinstance(value, dict):
        raise ValueError("Expected an object")
    result: Dict[str, Any] = {}
    for key, sub in value.items():
        if key != "geoip":
            raise ValueError(f"Unknown criteria {key!r} (expected geoip)")
        if sub is None:
            continue
        if not isinstance(sub, dict):
            raise ValueError("geoip: Expected an object")
        geo: Dict[str, list] = {}
        for part, codes in sub.items():
            if part not in GEOIP_KEYS:
                raise ValueError(f"Unknown geoip key {part!r} (expected country, region or province)")
            if codes is None:
                continue
            if not isinstance(codes, list) or not all(
                    isinstance(code, (str, int)) and not isinstance(code, bool) for code in codes):
                raise ValueError(f"geoip {part}: Expected a list of codes")
            geo[part] = list(codes)
        result["geoip"] = geo
    return result


def _monitor_id(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("Expected a string")


_OPTION_CHECKS = rules.MONITOR_OPTIONS


def _options(value: Any) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("Expected an object")
    result = {}
    for key, item in value.items():
        check = _OPTION_CHECKS.get(key)
        if check is None:
            raise ValueError(f"Unknown option {key!r} (expected {', '.join(_OPTION_CHECKS)})")
        if item is None:
            continue
        try:
            result[key] = check(item)
        except ValueError as err:
            raise Problem(key, item, str(err)) from None
    return result


_address = rules.host_or_ip


# -- declarative field tables ----------------------------------------------------------------

_REQUIRED: Any = object()


class Attr:
    """One field of an object.

    :param name: the wire key (request and response).
    :param check: returns the clean value or raises ``ValueError`` (or
        :class:`~dyn.validation.Problem`).
    :param default: value of an absent field on create (deep-copied); omitted: required.
    :param nullable: an explicit ``null`` in an update resets the field to its default.
    """

    __slots__ = ("name", "check", "default", "nullable")

    def __init__(self, name: str, check: Callable[[Any], Any], default: Any = _REQUIRED,
                 nullable: bool = False) -> None:
        self.name = name
        self.check = check
        self.default = default
        self.nullable = nullable

    @property
    def required(self) -> bool:
        """Whether a create must give this field."""
        return self.default is _REQUIRED

    def clean(self, value: Any) -> Any:
        """The checked value; raises :class:`~dyn.validation.Problem` naming the field."""
        try:
            return self.check(value)
        except Problem:
            raise
        except ValueError as err:
            raise Problem(self.name, value, str(err)) from None

    def __repr__(self) -> str:
        return f"<Attr {self.name}>"


def clean_attrs(attrs: Sequence[Attr], source: Dict[str, Any], partial: bool = False) -> Dict[str, Any]:
    """Check the fields ``attrs`` of ``source``; unknown keys are ignored.

    :param partial: an update: only the given fields are returned; else absent fields
        get their defaults and required ones must be present.
    :raises ~dyn.validation.Problem: for the first wrong field.
    """
    result: Dict[str, Any] = {}
    for attr in attrs:
        value = source.get(attr.name)
        if value is None:
            if partial:
                if attr.nullable and attr.name in source:
                    result[attr.name] = copy.deepcopy(attr.default)
                continue
            if attr.required:
                raise Problem(attr.name, None, "This field is required")
            result[attr.name] = copy.deepcopy(attr.default)
            continue
        result[attr.name] = attr.clean(value)
    return result


def _endpoint(value: Any) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("Expected an object")
    return clean_attrs(ENDPOINT_ATTRS, value)


def _endpoints(value: Any) -> List[Dict[str, Any]]:
    if not isinstance(value, list):
        raise ValueError("Expected a list")
    return [_endpoint(item) for item in value]


SERVICE_ATTRS: Tuple[Attr, ...] = (
    Attr("label", _label),
    Attr("ttl", v.ttl, default=30),
)
RULESET_ATTRS: Tuple[Attr, ...] = (
    Attr("label", _label),
    Attr("criteria_type", v.one_of(CRITERIA_TYPES)),
    Attr("criteria", _criteria, default={}, nullable=True),
)
POOL_ATTRS: Tuple[Attr, ...] = (
    Attr("label", _label),
    Attr("core_set_count", _COUNT, default=1),
    Attr("eligible", flag, default=True),
    Attr("automation", v.one_of(AUTOMATION), default="auto"),
)
CHAIN_ATTRS: Tuple[Attr, ...] = (
    Attr("label", _optional_label, default=""),
    Attr("core", flag, default=False),
)
RECORD_SET_ATTRS: Tuple[Attr, ...] = (
    Attr("rdata_class", v.one_of(DSF_RECORD_TYPES)),
    Attr("label", _optional_label, default=""),
    Attr("ttl", v.ttl, default=0),
    Attr("automation", v.one_of(AUTOMATION), default="auto"),
    Attr("serve_count", _COUNT, default=1),
    Attr("fail_count", _COUNT, default=0),
    Attr("trouble_count", _COUNT, default=0),
    Attr("eligible", flag, default=True),
    Attr("dsf_monitor_id", _monitor_id, default=None, nullable=True),
)
RECORD_ATTRS: Tuple[Attr, ...] = (
    Attr("label", _optional_label, default=""),
    Attr("weight", rules.weight, default=1),
    Attr("automation", v.one_of(AUTOMATION), default="auto"),
    Attr("endpoints", _str_list, default=[]),
    Attr("endpoint_up_count", _COUNT, default=0),
    Attr("eligible", flag, default=True),
    Attr("ttl", v.ttl, default=0),
)
ENDPOINT_ATTRS: Tuple[Attr, ...] = (
    Attr("address", _address),
    Attr("label", _optional_label, default=""),
    Attr("active", yes_no, default="Y"),
    Attr("site_prefs", _str_list, default=[]),
)
MONITOR_ATTRS: Tuple[Attr, ...] = (
    Attr("label", _label),
    Attr("protocol", rules.protocol),
    Attr("response_count", rules.response_count),
    Attr("probe_interval", rules.probe_interval),
    Attr("retries", rules.retries),
    Attr("active", yes_no, default="Y"),
    Attr("options", _options, default={}),
    Attr("endpoints", _endpoints, default=[]),
)
"""Fields of a DSF monitor."""


def _recipient(value: Any) -> Dict[str, str]:
    if isinstance(value, str):
        value = {"recipient": value}
    if not isinstance(value, dict):
        raise ValueError("Expected an object or a string")
    return clean_attrs(RECIPIENT_ATTRS, value)


def _recipients(value: Any) -> List[Dict[str, str]]:
    if not isinstance(value, list):
        raise ValueError("Expected a list")
    return [_recipient(item) for item in value]


def _services(value: Any) -> List[Dict[str, str]]:
    if not isinstance(value, list):
        raise ValueError("Expected a list")
    result = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("Expected a list of objects")
        result.append(clean_attrs(SERVICE_LINK_ATTRS, item))
    return result


RECIPIENT_ATTRS: Tuple[Attr, ...] = (
    Attr("recipient", lambda value: v.text(value, 255)),
    Attr("format", v.one_of(RECIPIENT_FORMATS), default="email"),
)
SERVICE_LINK_ATTRS: Tuple[Attr, ...] = (
    Attr("service_class", v.one_of(NOTIFIER_SERVICE_CLASSES)),
    Attr("service_id", lambda value: v.text(str(value) if isinstance(value, int) else value, 64)),
)
NOTIFIER_ATTRS: Tuple[Attr, ...] = (
    Attr("label", _label),
    Attr("recipients", _recipients, default=[]),
    Attr("services", _services, default=[]),
    Attr("active", yes_no, default="Y"),
)
"""Fields of a notifier."""


class Level:
    """One level of the service tree.

    :param key: the table name in the service document (``pool``).
    :param context: the word starting error texts (``response_pool``).
    :param title: the capitalised noun of summaries (``Response pool``).
    :param resource: the REST resource (``DSFResponsePool``).
    :param id_key: the id field (``dsf_response_pool_id``).
    :param attrs: the fields (:class:`Attr`).
    :param parent: the parent level key (None for the service).
    :param parent_key: the body field naming the parent on create (None: the service).
    :param stored_parent: the object stores its one parent under ``parent_key``; False
        for rulesets (the service) and response pools (shared by rulesets).
    :param child: the child level key, or None.
    :param child_key: the field listing the children, in order.
    :param on_drop: what happens to this object when its parent lets go of it (parent
        deleted, or left out of the parent's new child list): ``delete`` it (with its
        subtree), ``orphan`` it (kept, parent cleared), or ``unlink`` it (kept; shared).
    :param fixed: constant fields added to every answer.
    """

    def __init__(self, key: str, context: str, title: str, resource: str, id_key: str,
                 attrs: Sequence[Attr], parent: Optional[str], parent_key: Optional[str],
                 stored_parent: bool, child: Optional[str], child_key: Optional[str], on_drop: str,
                 fixed: Optional[Dict[str, Any]] = None) -> None:
        self.key = key
        self.context = context
        self.title = title
        self.resource = resource
        self.id_key = id_key
        self.attrs = tuple(attrs)
        self.parent = parent
        self.parent_key = parent_key
        self.stored_parent = stored_parent
        self.child = child
        self.child_key = child_key
        self.on_drop = on_drop
        self.fixed = dict(fixed or {})

    @property
    def plural(self) -> str:
        """Lower-case plural noun for list messages (``response pools``)."""
        return self.title.lower() + "s"

    def __repr__(self) -> str:
        return f"<Level {self.key}>"


LEVELS: Dict[str, Level] = {level.key: level for level in (
    Level("service", "service", "Service", "DSF", "service_id", SERVICE_ATTRS, None, None, False,
          "ruleset", "rulesets", "delete"),
    Level("ruleset", "ruleset", "Ruleset", "DSFRuleset", "dsf_ruleset_id", RULESET_ATTRS,
          "service", None, False, "pool", "response_pools", "delete"),
    Level("pool", "response_pool", "Response pool", "DSFResponsePool", "dsf_response_pool_id",
          POOL_ATTRS, "ruleset", "dsf_ruleset_id", False, "chain", "rs_chains", "unlink",
          {"status": "ok"}),
    Level("chain", "failover_chain", "Failover chain", "DSFRecordSetFailoverChain",
          "dsf_record_set_failover_chain_id", CHAIN_ATTRS, "pool", "dsf_response_pool_id", True,
          "record_set", "record_sets", "orphan"),
    Level("record_set", "record_set", "Record set", "DSFRecordSet", "dsf_record_set_id",
          RECORD_SET_ATTRS, "chain", "dsf_record_set_failover_chain_id", True, "record", "records",
          "delete", {"status": "ok", "torpidity": 0}),
    Level("record", "record", "Record", "DSFRecord", "dsf_record_id", RECORD_ATTRS, "record_set",
          "dsf_record_set_id", True, None, None, "delete", {"status": "ok", "torpidity": 0}),
)}
"""The service and its five tree levels, top to bottom."""

TREE_LEVELS: Tuple[str, ...] = ("ruleset", "pool", "chain", "record_set", "record")
"""Keys of the levels below the service."""


# -- nodes -------------------------------------------------------------------------------------

def _name(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise Problem(field, value, "Host name expected")
    name = value[:-1] if value.endswith(".") else value
    try:
        v.hostname(name)
    except ValueError as err:
        raise Problem(field, value, str(err)) from None
    return name.lower()


def clean_node(value: Any) -> Dict[str, str]:
    """A node ``{zone, fqdn}`` (``fqdn`` defaults to the zone), names lower-case without
    the trailing dot; the fqdn must be the zone or below it."""
    if not isinstance(value, dict):
        raise Problem("node", value, "Expected an object with zone and fqdn")
    if value.get("zone") is None:
        raise Problem("zone", None, "This field is required")
    zone = _name(value["zone"], "zone")
    fqdn = zone if value.get("fqdn") in (None, "") else _name(value["fqdn"], "fqdn")
    if fqdn != zone and not fqdn.endswith("." + zone):
        raise Problem("fqdn", value.get("fqdn"), f"Node is not in the zone {zone}")
    return {"zone": zone, "fqdn": fqdn}
