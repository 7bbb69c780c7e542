"""Traffic Director (DSF): services, rulesets, response pools, failover chains, record
sets, records, monitors, notifiers and nodes.

A Traffic Director service is a tree::

    TrafficDirector                      /DSF/{service_id}/
      DSFRuleset            (ordered)    /DSFRuleset/{service_id}/{dsf_ruleset_id}/
        DSFResponsePool     (failover)   /DSFResponsePool/{service_id}/{dsf_response_pool_id}/
          DSFFailoverChain               /DSFRecordSetFailoverChain/{service_id}/{chain_id}/
            DSFRecordSet                 /DSFRecordSet/{service_id}/{dsf_record_set_id}/
              DSF<Type>Record            /DSFRecord/{service_id}/{dsf_record_id}/

plus account-wide :class:`DSFMonitor` and :class:`DSFNotifier` objects and the
:class:`DSFNode` attachments (zone, fqdn) that make a service answer for a name.

Build a service from local *prototypes* (constructing them sends nothing) and create it
in one call::

    >>> from dyn.tm.services.dsf import *
    >>> web = DSFRecordSet('A', label='web', ttl=60,
    ...                    records=[DSFARecord('192.0.2.1', weight=2), DSFARecord('192.0.2.2')])
    >>> pool = DSFResponsePool('pool', rs_chains=[DSFFailoverChain('chain', record_sets=[web])])
    >>> eu = DSFRuleset('europe', 'geoip', [pool], criteria={'geoip': {'region': [13]}})
    >>> td = TrafficDirector.create('www', ttl=60, rulesets=[eu],
    ...                             nodes=[DSFNode('example.com', 'www.example.com.')])

Explicit constructors: :meth:`TrafficDirector.get`, :meth:`TrafficDirector.create`,
:meth:`DSFMonitor.get`, :meth:`DSFMonitor.create`, :meth:`DSFNotifier.get`,
:meth:`DSFNotifier.create`, and ``get(id, service)`` on every tree level. The classic
forms still work: ``TrafficDirector(service_id)`` (one positional argument) is a GET,
``TrafficDirector(label, ...)`` with more arguments a POST; ``TrafficDirector(label=...)``
alone creates (the classic SDK read it as an id).

Publishing: every tree object has ``implicit_publish`` (default True). Updates send
``publish: 'Y'`` only when it is on; otherwise the change stays pending until
:meth:`~TrafficDirector.publish` (which always publishes the whole service).

Every value is checked before anything is sent; a wrong one raises
:class:`~dyn.tm.errors.DynectInvalidArgumentError` naming the field.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Callable, ClassVar, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type

from dyn import validation as v
from dyn.tm import records as _records
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.record_types import NO_DEFAULT, RECORD_TYPES, Problem, RecordType, RField
from dyn.tm.services import dsf_rules as rules
from dyn.tm.session import DynectSession
from dyn.tm.utils import Active, APIList

__all__ = [
    "get_all_dsf_services", "get_all_record_sets", "get_all_failover_chains", "get_all_response_pools",
    "get_all_rulesets", "get_all_dsf_monitors", "get_all_records", "get_all_notifiers", "get_record",
    "get_record_set", "get_failover_chain", "get_response_pool", "get_ruleset", "get_dsf_monitor",
    "DSFNotifier",
    "DSFARecord", "DSFAAAARecord", "DSFALIASRecord", "DSFCERTRecord", "DSFCNAMERecord", "DSFDHCIDRecord",
    "DSFDNAMERecord", "DSFDNSKEYRecord", "DSFDSRecord", "DSFKEYRecord", "DSFKXRecord", "DSFLOCRecord",
    "DSFIPSECKEYRecord", "DSFMXRecord", "DSFNAPTRRecord", "DSFPTRRecord", "DSFPXRecord", "DSFNSAPRecord",
    "DSFRPRecord", "DSFNSRecord", "DSFSPFRecord", "DSFSRVRecord", "DSFSSHFPRecord", "DSFTXTRecord",
    "DSFRecordSet", "DSFFailoverChain", "DSFResponsePool", "DSFRuleset", "DSFMonitorEndpoint", "DSFMonitor",
    "DSFNode", "TrafficDirector",
]

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------
# accepted values
# ---------------------------------------------------------------------------------------
VALID_AUTOMATION = rules.AUTOMATION
VALID_CRITERIA_TYPES = rules.CRITERIA_TYPES
VALID_GEOIP_KEYS = rules.GEOIP_KEYS
VALID_PROTOCOLS = rules.PROTOCOLS
VALID_PROBE_INTERVALS = rules.PROBE_INTERVALS
RETRIES_RANGE = rules.RETRIES_RANGE
COUNT_MAX = rules.COUNT_MAX
WEIGHT_RANGE = rules.WEIGHT_RANGE
DSF_RECORD_TYPES = rules.DSF_RECORD_TYPES
MONITOR_OPTIONS = rules.MONITOR_OPTIONS

_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_COUNTRY = re.compile(r"[A-Za-z0-9]{2}")


def _session() -> DynectSession:
    return DynectSession.resolve()


def _execute(uri: str, method: str, args: Dict[str, Any]) -> Any:
    """One call through the calling thread's session; returns the response's ``data``."""
    response = _session().execute(uri, method, args)
    return response.get("data") if isinstance(response, dict) else None


# ---------------------------------------------------------------------------------------
# checks: each returns the clean value or raises ValueError (optionally with .valid)
# ---------------------------------------------------------------------------------------
def _invalid(field: str, value: Any, problem: str, valid: Any = None) -> DynectInvalidArgumentError:
    return DynectInvalidArgumentError(field, value, valid, problem=problem)


def _checked(field: str, value: Any, check: Callable[[Any], Any]) -> Any:
    """Run ``check``; a problem raises DynectInvalidArgumentError naming ``field``."""
    try:
        return check(value)
    except Problem as problem:
        raise _invalid(field, value, problem.problem, problem.valid) from None
    except (ValueError, TypeError) as err:
        raise _invalid(field, value, str(err), getattr(check, "valid", None)) from None


def _with_valid(check: Callable[[Any], Any], valid: Any) -> Callable[[Any], Any]:
    check.valid = valid  # type: ignore[attr-defined]
    return check


def _optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def optional(value: Any) -> Any:
        return None if value is None else check(value)
    optional.valid = getattr(check, "valid", None)  # type: ignore[attr-defined]
    return optional


_label = rules.label
_soft_label = rules.soft_label


def _identifier(value: Any) -> str:
    """An API id: letters, digits, ``-`` and ``_`` (a label with spaces is not an id)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    raise ValueError("An id expected (letters, digits, '-' and '_'); labels are not ids")


def _boolish(value: Any) -> Any:
    """True/False, or the API's 'true'/'false'/'Y'/'N' strings (sent as given)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "y", "n"):
        return value
    raise ValueError("True or False expected")


_boolish.valid = (True, False)  # type: ignore[attr-defined]
_automation = v.one_of(VALID_AUTOMATION)
_criteria_type = v.one_of(VALID_CRITERIA_TYPES)
_weight = rules.weight
_count = rules.count


def _ttl(value: Any) -> int:
    return v.ttl(value)


def _string_list(value: Any) -> list:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item for item in value):
        raise ValueError("A list of strings expected")
    return list(value)


_host_or_ip = rules.host_or_ip


def _notes(value: Any) -> Optional[str]:
    return None if value is None else v.text(value, 4000, allow_empty=True)


def _yes_no(field: str, value: Any) -> str:
    """'Y'/'N' from a bool or a 'Y'/'N' string."""
    try:
        return "Y" if Active(value) else "N"
    except ValueError:
        raise _invalid(field, value, "True, False, 'Y' or 'N' expected", ("Y", "N")) from None


def _check_criteria(criteria_type: str, criteria: Any) -> None:
    """The ``criteria`` of a ruleset: None/``{}`` for ``always``; for ``geoip`` a dict
    ``{'geoip': {'country': [...], 'region': [...], 'province': [...]}}`` with at least
    one non-empty list. Raises DynectInvalidArgumentError naming ``criteria``."""
    if criteria is None:
        if criteria_type == "geoip":
            raise _invalid("criteria", criteria, "A geoip ruleset needs {'geoip': {'country'|'region'|'province': "
                                                 "[...]}}")
        return
    if not isinstance(criteria, dict) or set(criteria) - {"geoip"}:
        raise _invalid("criteria", criteria, "A dict with a single 'geoip' key expected", ("geoip",))
    geoip = criteria.get("geoip", {})
    if not isinstance(geoip, dict) or set(geoip) - set(VALID_GEOIP_KEYS):
        raise _invalid("criteria", criteria, "geoip must be a dict of country, region and province lists",
                       VALID_GEOIP_KEYS)
    given = 0
    for key, items in geoip.items():
        if not isinstance(items, (list, tuple)):
            raise _invalid("criteria", criteria, "geoip %s must be a list" % key)
        for item in items:
            _checked("criteria", item, _GEOIP_ITEM[key])
        given += len(items)
    if criteria_type == "geoip" and not given:
        raise _invalid("criteria", criteria, "A geoip ruleset needs at least one country, region or province")
    if criteria_type == "always" and given:
        raise _invalid("criteria", criteria, "criteria_type 'always' takes no geoip criteria")


def _geoip_country(value: Any) -> str:
    if isinstance(value, str) and _COUNTRY.fullmatch(value):
        return value
    raise ValueError("A two-letter country code expected (ISO 3166, e.g. 'US')")


def _geoip_region(value: Any) -> Any:
    v.integer(value)
    return value


_GEOIP_ITEM: Dict[str, Callable[[Any], Any]] = {
    "country": _geoip_country, "region": _geoip_region, "province": lambda value: v.text(value, 64)}


def _has_geoip(criteria: Any) -> bool:
    geoip = criteria.get("geoip") if isinstance(criteria, dict) else None
    return isinstance(geoip, dict) and any(isinstance(items, (list, tuple)) and items for items in geoip.values())


def _monitor_options(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueError("A dict of options expected")
    for key, item in value.items():
        if key not in MONITOR_OPTIONS:
            raise Problem("options", value, "Unknown option %r" % key, tuple(MONITOR_OPTIONS))
        if item is not None:
            _checked(key, item, MONITOR_OPTIONS[key])
    return value


# ---------------------------------------------------------------------------------------
# the declarative part: fields and the generic machinery
# ---------------------------------------------------------------------------------------
class _Field:
    """One property of a DSF object.

    :param name: the property name.
    :param check: the value check (None: anything).
    :param key: the REST key (default ``name``).
    :param private: where the value is kept (default ``_<name>``).
    :param readonly: assigning is ignored (classic: silently), nothing is sent.
    :param doc: the property's docstring.
    """

    __slots__ = ("name", "check", "key", "private", "readonly", "doc")

    def __init__(self, name: str, check: Optional[Callable[[Any], Any]] = None, key: Optional[str] = None,
                 private: Optional[str] = None, readonly: bool = False, doc: str = "") -> None:
        self.name = name
        self.check = check
        self.key = key or name
        self.private = private or "_" + name
        self.readonly = readonly
        self.doc = doc

    def clean(self, value: Any) -> Any:
        return value if self.check is None else _checked(self.name, value, self.check)

    def make_property(self) -> property:
        field = self

        def getter(obj: Any) -> Any:
            return getattr(obj, field.private, None)

        def setter(obj: Any, value: Any) -> None:
            if field.readonly:
                log.debug("%s.%s is read-only; assignment ignored", type(obj).__name__, field.name)
                return
            obj._set_field(field, value)

        getter.__name__ = setter.__name__ = self.name
        doc = self.doc or "The %s." % self.name.replace("_", " ")
        if not self.readonly:
            doc += " Assigning checks the value, then sends a PUT (only locally for an object not yet created)."
        return property(getter, setter, doc=doc)

    def __repr__(self) -> str:
        return "<_Field %s>" % self.name


class _Resource:
    """Shared machinery of the DSF objects: the field table, building from API data,
    PUT-now setters, refresh and representation."""

    #: The id key in API data (``dsf_ruleset_id``).
    _id_key: ClassVar[str] = ""
    #: URI templates: ``get``/``put``/``delete`` (the object), ``find`` (module get).
    _uris: ClassVar[Dict[str, str]] = {}
    #: The properties generated from the table.
    _fields: ClassVar[Tuple[_Field, ...]] = ()
    #: Response keys built by a method instead of being stored as they are.
    _nested: ClassVar[Dict[str, str]] = {}
    _by_key: ClassVar[Dict[str, _Field]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for field in cls.__dict__.get("_fields", ()):
            if field.name not in cls.__dict__:
                setattr(cls, field.name, field.make_property())
        by_key: Dict[str, _Field] = {}
        for klass in reversed(cls.__mro__):
            for field in vars(klass).get("_fields", ()):
                by_key[field.key] = field
        cls._by_key = by_key

    def _init_state(self) -> None:
        self._extra: Dict[str, Any] = {}

    @classmethod
    def _blank(cls) -> Any:
        obj = cls.__new__(cls)
        obj._init_state()
        return obj

    @classmethod
    def _from_api(cls, data: Dict[str, Any], **defaults: Any) -> Any:
        """An object built from API data, without a request or checks; ``defaults`` fill
        ids the data lacks (``service_id=...``)."""
        obj = cls._blank()
        for key, value in defaults.items():  # first, so nested children inherit them
            if value is not None:
                setattr(obj, "_" + key, value)
        obj._build(data)
        return obj

    # -- ids and URIs ---------------------------------------------------------------
    @property
    def _id(self) -> Any:
        return getattr(self, "_" + self._id_key, None)

    def _on_server(self) -> bool:
        return self._id is not None

    def _uri(self, kind: str) -> str:
        return self._uris[kind].format(id=self._id, sid=getattr(self, "_service_id", None))

    # -- building from API data ----------------------------------------------------
    def _build(self, data: Any) -> None:
        """Store API data: nested keys through their builders (after the plain keys, so
        key order never matters), table fields in their private attribute, the rest as
        ``_<key>`` (or in ``_extra`` when that name is taken by the class)."""
        if not isinstance(data, dict):
            return
        later = []
        for key, value in data.items():
            if key in self._nested:
                later.append((self._nested[key], value))
                continue
            field = self._by_key.get(key)
            name = field.private if field is not None else "_" + key
            if field is None and hasattr(type(self), name):
                self._extra[key] = value
            else:
                setattr(self, name, value)
        for builder, value in later:
            getattr(self, builder)(value)

    def _update(self, data: Any) -> None:
        """Rebuild from API data (no request). :class:`~dyn.tm.utils.APIList` calls it
        with each item's data after pushing a list (the classic SDK sent one more PUT
        per item here)."""
        self._build(data)

    # -- requests ------------------------------------------------------------------
    def _get_args(self) -> Dict[str, Any]:
        return {}

    def refresh(self) -> None:
        """Reload this object from the API (a GET).

        :raises DynectInvalidArgumentError: the object is not created yet (no id).
        """
        if not self._on_server():
            raise _invalid(self._id_key, None, "Not created yet: nothing to read")
        self._build(_execute(self._uri("get"), "GET", self._get_args()))

    def _apply(self, local: Optional[Dict[str, Any]]) -> None:
        for name, value in (local or {}).items():
            setattr(self, name, value)

    def _put(self, api_args: Dict[str, Any], local: Optional[Dict[str, Any]] = None, **kwargs: Any) -> Any:
        """PUT ``api_args`` to the object and rebuild from the answer; ``local`` values
        are stored afterwards. An object not created yet only stores ``local``."""
        if not self._on_server():
            self._apply(local)
            return None
        data = _execute(self._uri("put"), "PUT", api_args)
        self._build(data)
        self._apply(local)
        return data

    def _field_args(self, field: _Field, value: Any) -> Dict[str, Any]:
        return {field.key: value}

    def _set_field(self, field: _Field, value: Any) -> None:
        field.clean(value)
        self._put(self._field_args(field, value), local={field.private: value})

    # -- representation ----------------------------------------------------------------
    def _repr_parts(self) -> List[str]:
        parts = []
        label = getattr(self, "_label", None)
        if label is not None:
            parts.append("label=%r" % (label,))
        if self._id is not None:
            parts.append("%s=%r" % (self._id_key, self._id))
        return parts

    def __repr__(self) -> str:
        return "<%s %s>" % (type(self).__name__, " ".join(self._repr_parts()))

    __str__ = __repr__


class _DSFTree(_Resource):
    """What every level of a service shares: the service id, implicit publishing,
    publish notes, ``publish()`` and ``delete()``."""

    def _init_state(self) -> None:
        super()._init_state()
        self._service_id: Optional[str] = None
        self._implicitPublish = True
        self._publish_note: Optional[str] = None

    def _on_server(self) -> bool:
        return self._id is not None and self._service_id is not None

    # -- publish model -------------------------------------------------------------
    @property
    def implicit_publish(self) -> bool:
        """Whether updates publish at once (default True). When False, updates carry no
        ``publish`` flag: they stay pending until :meth:`publish`. Per object, not
        inherited by children.

        :raises DynectInvalidArgumentError: when set to anything but a bool.
        """
        return self._implicitPublish

    @implicit_publish.setter
    def implicit_publish(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise _invalid("implicit_publish", value, "True or False expected", (True, False))
        self._implicitPublish = value

    implicitPublish = implicit_publish

    @property
    def publish_note(self) -> Optional[str]:
        """A note sent (as ``notes``) with the next update or :meth:`publish`; cleared
        once an update publishes."""
        return self._publish_note

    @publish_note.setter
    def publish_note(self, value: Optional[str]) -> None:
        self._publish_note = _checked("publish_note", value, _notes)

    def _publish_args(self, publish: bool = True, notes: Optional[str] = None) -> Dict[str, Any]:
        args: Dict[str, Any] = {}
        if publish and self._implicitPublish:
            args["publish"] = "Y"
        note = notes if notes is not None else self._publish_note
        if note is not None:
            args["notes"] = note
        return args

    def _put(self, api_args: Dict[str, Any], local: Optional[Dict[str, Any]] = None, publish: bool = True,
             notes: Optional[str] = None) -> Any:
        """PUT with ``publish: 'Y'`` when ``publish`` and :attr:`implicit_publish`, plus
        the publish note. Local values are stored only when publishing implicitly (with
        a pending change the object keeps what the server answered)."""
        if not self._on_server():
            self._apply(local)
            return None
        args = dict(api_args)
        args.update(self._publish_args(publish, notes))
        data = _execute(self._uri("put"), "PUT", args)
        self._build(data)
        if args.get("publish") == "Y":
            self._publish_note = None
        if self._implicitPublish:
            self._apply(local)
        return data

    def _service_uri(self) -> str:
        return "/DSF/%s/" % self._service_id

    def publish(self, notes: Optional[str] = None) -> None:
        """Publish the whole service's pending changes (``PUT /DSF/{service_id}/`` with
        ``{publish: 'Y', notes?}``), then refresh this object.

        :param notes: the publish note (default: :attr:`publish_note`, then cleared).
        """
        if self._service_id is None:
            raise _invalid("service_id", None, "Not created yet: nothing to publish")
        args: Dict[str, Any] = {"publish": "Y"}
        note = _checked("notes", notes, _notes) if notes is not None else self._publish_note
        if note is not None:
            args["notes"] = note
        _execute(self._service_uri(), "PUT", args)
        self._publish_note = None
        if self._on_server():
            self.refresh()

    def delete(self, notes: Optional[str] = None, publish: bool = True) -> None:
        """Delete this object (``DELETE`` with ``{publish: 'Y'?, notes?}``; publishes when
        ``publish`` and :attr:`implicit_publish`)."""
        if not self._on_server():
            raise _invalid(self._id_key, None, "Not created yet: nothing to delete")
        args: Dict[str, Any] = {}
        if publish and self._implicitPublish:
            args["publish"] = "Y"
        if notes is not None:
            args["notes"] = _checked("notes", notes, _notes)
        _execute(self._uri("delete"), "DELETE", args)

    @property
    def dsf_id(self) -> Optional[str]:
        """The service id."""
        return self._service_id

    @property
    def service_id(self) -> Optional[str]:
        """The service id (the classic SDK kept it in a public attribute on some levels)."""
        return self._service_id

    @service_id.setter
    def service_id(self, value: Optional[str]) -> None:
        self._service_id = value

    def _set_service(self, service_id: Optional[str]) -> None:
        """Give this object (and its children) the service id after a create."""
        if service_id is not None:
            self._service_id = service_id
        for child in self._children():
            if getattr(child, "_service_id", None) is None:
                child._set_service(service_id)

    def _children(self) -> List[Any]:
        return []


def _service_id_of(service: Any, field: str = "service") -> str:
    """The service id of a :class:`TrafficDirector` or an id string (classic ``_check_type``)."""
    if isinstance(service, TrafficDirector):
        if service.service_id is None:
            raise _invalid(field, service, "The service is not created yet")
        return service.service_id
    if isinstance(service, (str, int)) and not isinstance(service, bool):
        return _checked(field, service, _identifier)
    raise _invalid(field, service, "A TrafficDirector or a service id expected")


def _id_of(value: Any, cls: type, field: str) -> str:
    """The id of an object of ``cls`` or an id string."""
    if isinstance(value, cls):
        if value._id is None:
            raise _invalid(field, value, "Not created yet (no id)")
        return value._id
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return _checked(field, value, _identifier)
    raise _invalid(field, value, "A %s or an id expected" % cls.__name__)


def _dedupe(items: Iterable[Any]) -> List[Any]:
    seen = set()
    result = []
    for item in items:
        key = (type(item).__name__, item._id) if item._id is not None else id(item)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


# ---------------------------------------------------------------------------------------
# records
# ---------------------------------------------------------------------------------------
#: Record-level constructor arguments after the rdata, with their classic defaults.
_RECORD_TAIL: Tuple[Tuple[str, Any], ...] = (
    ("ttl", 0), ("label", None), ("weight", 1), ("automation", "auto"), ("endpoints", None),
    ("endpoint_up_count", None), ("eligible", True))
#: Classic DSF argument names that differ from the table: SRV's rdata weight.
_ARG_RENAMES: Dict[str, Dict[str, str]] = {"SRV": {"weight": "rr_weight"}}
#: Classic DSF argument orders that differ from the table's.
_ARG_ORDERS: Dict[str, Tuple[str, ...]] = {"SSHFP": ("fptype", "algorithm", "fingerprint")}
#: Request rdata keys of updates that differ from creates (classic PX).
_UPDATE_WRAPPERS: Dict[str, str] = {"PX": "px_rdata"}


class _DSFRecord(_DSFTree):
    """What the 24 DSF record classes share. A record is built locally (a prototype,
    nothing is sent) and created with :meth:`add_to_record_set`, or nested in a
    :class:`DSFRecordSet` created with its parent.

    Common keyword arguments after the rdata: ``ttl=0, label=None, weight=1,
    automation='auto', endpoints=None, endpoint_up_count=None, eligible=True``; other
    keywords are server data (``service_id``, ``dsf_record_id``, ...).
    """

    _id_key = "dsf_record_id"
    _uris = {"get": "/DSFRecord/{sid}/{id}/", "put": "DSFRecord/{sid}/{id}", "delete": "/DSFRecord/{sid}/{id}",
             "find": "/DSFRecord/{sid}/{id}"}
    _fields = (
        _Field("label", _optional(_soft_label), doc="The record's label."),
        _Field("weight", _with_valid(_weight, "%d..%d" % WEIGHT_RANGE), private="_dsf_weight",
               doc="The record's weight in its record set (1-15: the share of answers)."),
        _Field("automation", _automation, doc="Automation: 'auto', 'auto_down' or 'manual'."),
        _Field("endpoints", _string_list, doc="The monitor endpoints (addresses) this record follows."),
        _Field("endpoint_up_count", _count, doc="How many endpoints must be up for the record to serve."),
        _Field("eligible", _boolish, doc="Whether the record may be served."),
    )
    #: Accepted automation values (classic public name).
    valid_automation = VALID_AUTOMATION
    #: The standard record class this DSF class extends (set per class).
    _std: ClassVar[type] = type(None)
    #: The rdata constructor arguments in classic order.
    _dsf_args: ClassVar[Tuple[str, ...]] = ()
    #: Classic argument name → table attribute (SRV ``rr_weight`` → ``weight``).
    _arg_attr: ClassVar[Dict[str, str]] = {}
    _type: ClassVar[RecordType]

    def _init_state(self) -> None:
        super()._init_state()
        self._std.__init__(self, None, None, create=False)  # the standard record's state
        self._implicitPublish = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._init_state()
        names = self._dsf_args + tuple(name for name, _ in _RECORD_TAIL)
        if len(args) > len(names):
            raise TypeError("%s takes at most %d positional arguments (%s), %d given"
                            % (type(self).__name__, len(names), ", ".join(names), len(args)))
        values = dict(zip(names, args))
        for name in names:
            if name in kwargs:
                if name in values:
                    raise TypeError("%s got multiple values for argument %r" % (type(self).__name__, name))
                values[name] = kwargs.pop(name)
        server = self._id_key in kwargs
        rdata = {self._arg_attr.get(name, name): values[name] for name in self._dsf_args if name in values}
        for spec in self._type.arguments:
            if spec.attr not in rdata and spec.default is not NO_DEFAULT:
                rdata[spec.attr] = spec.default
        tail = {name: values.get(name, default) for name, default in _RECORD_TAIL}
        if not server:
            self._check_rdata(rdata)
            _checked("ttl", tail["ttl"], _optional(_ttl))
            for field in self._fields:
                if tail[field.name] is not None:
                    field.clean(tail[field.name])
        for attr, value in rdata.items():
            setattr(self, "_" + attr, value)
        self._ttl = tail.pop("ttl")
        for field in self._fields:
            setattr(self, field.private, tail[field.name])
        self._build(kwargs)

    def _check_rdata(self, values: Dict[str, Any], partial: bool = False) -> None:
        try:
            self._type.check_args({attr: value for attr, value in values.items()
                                   if value is not None or not partial}, partial=partial)
        except Problem as problem:
            name = {attr: arg for arg, attr in self._arg_attr.items()}.get(problem.field, problem.field)
            raise _invalid(name, problem.value, problem.problem, problem.valid) from None

    # -- explicit constructors ----------------------------------------------------------
    @classmethod
    def get(cls, record_id: str, service: Any) -> "_DSFRecord":  # type: ignore[override]
        """Fetch one record (``GET /DSFRecord/{service_id}/{record_id}``); the class
        follows the record's ``rdata_class``."""
        found = get_record(record_id, service, always_list=True)
        if not found:
            raise _invalid("record_id", record_id, "The record has no rdata")
        return found[0]

    @classmethod
    def new(cls, *args: Any, **kwargs: Any) -> "_DSFRecord":  # type: ignore[override]
        """A local prototype (same as the constructor): DSF records are created on the
        server with :meth:`add_to_record_set` or with their record set."""
        return cls(*args, **kwargs)

    @staticmethod
    def _from_api_list(data: Dict[str, Any], **defaults: Any) -> List["_DSFRecord"]:
        """Record objects from one API record: one per rdata entry (classic), whatever
        the key order; unknown types are skipped with a warning."""
        if not isinstance(data, dict):
            return []
        entries = data.get("rdata")
        entries = entries if isinstance(entries, list) else [entries] if entries else []
        rdata_class = str(data.get("rdata_class") or _rdata_class_of(entries[0] if entries else None) or "")
        cls = DSF_RECORD_CLASSES.get(rdata_class.upper())
        if cls is None:
            log.warning("DSF record %s: rdata_class %r is not supported; skipped",
                        data.get("dsf_record_id"), rdata_class)
            return []
        found = []
        for index in range(max(1, len(entries))):
            record = cls._blank()
            for key, value in defaults.items():
                if value is not None:
                    setattr(record, "_" + key, value)
            record._build(data, index)
            found.append(record)
        return found

    @classmethod
    def _from_api(cls, data: Dict[str, Any], **defaults: Any) -> "_DSFRecord":
        found = _DSFRecord._from_api_list(data, **defaults)
        if not found:
            raise _invalid("rdata_class", data.get("rdata_class"), "Not a DSF record type", DSF_RECORD_TYPES)
        return found[0]

    def _build(self, data: Any, index: int = 0) -> None:  # type: ignore[override]
        """Store API record data; ``rdata`` is read last (the classic SDK needed
        ``rdata_class`` to come first) and holds ``[{data: {rdata_<type>: {...}}}]``
        (also accepted: the request form ``{<type>_rdata: {...}}``)."""
        if not isinstance(data, dict):
            return
        data = dict(data)
        rdata = data.pop("rdata", None)
        super()._build(data)
        if rdata is not None:
            entries = rdata if isinstance(rdata, list) else [rdata]
            if index < len(entries):
                self._build_rdata_entry(entries[index])

    def _build_rdata_entry(self, entry: Any) -> None:
        spec = self._type
        block = _rdata_block(entry, spec)
        for key, value in block.items():
            field = spec.by_key.get(key)
            if field is not None and not field.top_level:
                setattr(self, "_" + field.attr, field.decode(value))

    # -- rdata --------------------------------------------------------------------------
    def _wire_rdata(self, overrides: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """The rdata fields by REST key (no bookkeeping fields, LOC ``version`` included)."""
        spec = self._type
        wire = {key: value for key, value in self.geo_rdata.items()
                if key in spec.by_key and not spec.by_key[key].top_level}
        for attr, value in (overrides or {}).items():
            field = spec.by_attr[attr]
            wire[field.key] = field.encode(value)
        return wire

    def _set_rdata(self, field: RField, name: str, value: Any) -> None:
        current = {spec.attr: getattr(self, "_" + spec.attr, None) for spec in self._type.arguments}
        current[field.attr] = value
        try:
            field.clean(value)
        except Problem as problem:
            raise _invalid(name, value, problem.problem, problem.valid) from None
        self._check_rdata(current, partial=True)
        wrapper = _UPDATE_WRAPPERS.get(self._type.name, self._type.wrapper)
        self._put({"rdata": {wrapper: self._wire_rdata({field.attr: value})}}, local={"_" + field.attr: value})

    # -- classic members ----------------------------------------------------------------
    @property
    def ttl(self) -> Any:
        """The record's TTL (0: the record set's). Assigning sends ``{ttl: value}`` (the
        classic SDK sent the rdata and dropped the TTL)."""
        return self._ttl

    @ttl.setter
    def ttl(self, value: Any) -> None:
        _checked("ttl", value, _ttl)
        self._put({"ttl": value}, local={"_ttl": value})

    @property
    def rdata_class(self) -> str:
        """The record type (``A``, ``MX``, ...)."""
        return self._type.name

    @property
    def record_id(self) -> Optional[str]:
        """The record id (``dsf_record_id``)."""
        return self._id

    @record_id.setter
    def record_id(self, value: Any) -> None:
        pass

    @property
    def record_set_id(self) -> Optional[str]:
        """The id of the record set holding this record (``dsf_record_set_id``; the
        classic SDK raised AttributeError for records read from the API)."""
        return getattr(self, "_dsf_record_set_id", None)

    @property
    def status(self) -> Any:
        """The record's status; reading refreshes it (GET)."""
        self.refresh()
        return getattr(self, "_status", None)

    def to_json(self, svc_id: Optional[str] = None, skip_svc: bool = False) -> Dict[str, Any]:
        """The record as a request body: ``{label?, weight?, automation?, endpoints?,
        eligible?, endpoint_up_count?, ttl?, rdata: {<type>_rdata: {...}}, service_id?}``;
        keys whose value is None are left out (False and 0 are sent)."""
        body: Dict[str, Any] = {}
        for field in self._fields:
            value = getattr(self, field.private, None)
            if value is not None:
                body[field.key] = value
        if self._ttl is not None:
            body["ttl"] = self._ttl
        body["rdata"] = {self._type.wrapper: self._wire_rdata()}
        service_id = svc_id if svc_id is not None else self._service_id
        if service_id is not None and not skip_svc:
            body["service_id"] = service_id
        return body

    def add_to_record_set(self, record_set: Any, service: Any = None, publish: bool = True,
                          notes: Optional[str] = None) -> None:
        """Create this record in a record set (``POST /DSFRecord/{service_id}/{record_set_id}/``).

        :param record_set: a :class:`DSFRecordSet` or a record set id (then ``service``
            is required).
        :param service: a :class:`TrafficDirector` or a service id.
        :param publish: send ``publish: 'Y'`` (the classic SDK always published).
        :param notes: a publish note.
        """
        if self._id is not None:
            raise _invalid("dsf_record_id", self._id, "This record already exists")
        if isinstance(record_set, DSFRecordSet):
            record_set_id = _id_of(record_set, DSFRecordSet, "record_set")
            service_id = record_set.service_id if service is None else _service_id_of(service)
            if service_id is None:
                raise _invalid("service", service, "The record set has no service id: give service=")
        else:
            record_set_id = _id_of(record_set, DSFRecordSet, "record_set")
            if service is None:
                raise _invalid("service", service, "A service is required with a record set id")
            service_id = _service_id_of(service)
        args = self.to_json(skip_svc=True)
        if publish:
            args["publish"] = "Y"
        if notes is not None:
            args["notes"] = _checked("notes", notes, _notes)
        data = _execute("/DSFRecord/%s/%s/" % (service_id, record_set_id), "POST", args)
        self._service_id = service_id
        self._dsf_record_set_id = record_set_id
        self._build(data)
        log.debug("created %r", self)

    def _repr_parts(self) -> List[str]:
        parts = [self._display()]
        if getattr(self, "_label", None):
            parts.append("label=%r" % (self._label,))
        parts.append("weight=%s" % (getattr(self, "_dsf_weight", None),))
        if self._id is not None:
            parts.append("id=%r" % (self._id,))
        return parts

    def __str__(self) -> str:
        return "<%s>: %s" % (type(self).__name__, self._display())

    __eq__ = object.__eq__
    __hash__ = object.__hash__


def _rdata_class_of(entry: Any) -> Optional[str]:
    """The type named by an rdata entry's key (``rdata_mx`` or ``mx_rdata``)."""
    if not isinstance(entry, dict):
        return None
    block = entry.get("data", entry)
    for key in block if isinstance(block, dict) else ():
        if key.startswith("rdata_"):
            return key[6:].upper()
        if key.endswith("_rdata"):
            name = key[:-6].upper()
            return "PX" if name == "PXR" else name
    return None


def _rdata_block(entry: Any, spec: RecordType) -> Dict[str, Any]:
    """The field dict of one rdata entry, in any of the forms the API uses."""
    if not isinstance(entry, dict):
        return {}
    block = entry.get("data") if isinstance(entry.get("data"), dict) else entry
    lower = spec.name.lower()
    for key in ("rdata_" + lower, spec.wrapper, lower + "_rdata", _UPDATE_WRAPPERS.get(spec.name)):
        if key and isinstance(block.get(key), dict):
            return block[key]
    if any(key in spec.by_key for key in block):
        return block
    return {}


def _rdata_property(field: RField, name: str) -> property:
    private = "_" + field.attr

    def getter(self: _DSFRecord) -> Any:
        return getattr(self, private, None)

    def setter(self: _DSFRecord, value: Any) -> None:
        self._set_rdata(field, name, value)

    getter.__name__ = setter.__name__ = name
    return property(getter, setter, doc="The rdata %s. Assigning sends the record's whole rdata with the new value "
                                        "(PUT)." % field.key)


def _make_record_class(spec: RecordType) -> Type[_DSFRecord]:
    std = _records.RECS[spec.name]
    renames = _ARG_RENAMES.get(spec.name, {})
    order = _ARG_ORDERS.get(spec.name, tuple(f.attr for f in spec.arguments))
    args = tuple(renames.get(attr, attr) for attr in order)
    namespace: Dict[str, Any] = {
        "__module__": __name__, "_std": std, "_type": spec, "_dsf_args": args,
        "_arg_attr": {new: old for old, new in renames.items()},
    }
    for field in spec.fields:
        if field.top_level or field.readonly or field.fixed is not NO_DEFAULT:
            continue
        public = renames.get(field.attr, field.attr)
        namespace[public] = _rdata_property(field, public)
    signature = ", ".join(
        [a if spec.by_attr[_arg(a, renames)].default is NO_DEFAULT else "%s=%r" % (a, spec.by_attr[_arg(a, renames)]
                                                                                  .default) for a in args]
        + ["%s=%r" % item for item in _RECORD_TAIL] + ["**kwargs"])
    name = "DSF%sRecord" % spec.name
    namespace["__doc__"] = (
        "A Traffic Director %s record: ``%s(%s)``.\n\n%s Request rdata key ``%s``; a local prototype until "
        "created with :meth:`add_to_record_set` or with its record set.%s" % (
            spec.name, name, signature, spec.description, spec.wrapper,
            "\n\n``rr_weight`` is the SRV rdata weight; ``weight`` is the DSF record weight (the classic SDK "
            "mixed them up)." if spec.name == "SRV" else ""))
    return type(name, (_DSFRecord, std), namespace)


def _arg(name: str, renames: Dict[str, str]) -> str:
    return {new: old for old, new in renames.items()}.get(name, name)


#: The 24 DSF record classes by type (``'A'`` → :class:`DSFARecord`), built from the
#: record table of :mod:`dyn.tm.record_types`.
DSF_RECORD_CLASSES: Dict[str, Type[_DSFRecord]] = {name: _make_record_class(RECORD_TYPES[name])
                                                   for name in DSF_RECORD_TYPES}

DSFARecord = DSF_RECORD_CLASSES["A"]
DSFAAAARecord = DSF_RECORD_CLASSES["AAAA"]
DSFALIASRecord = DSF_RECORD_CLASSES["ALIAS"]
DSFCERTRecord = DSF_RECORD_CLASSES["CERT"]
DSFCNAMERecord = DSF_RECORD_CLASSES["CNAME"]
DSFDHCIDRecord = DSF_RECORD_CLASSES["DHCID"]
DSFDNAMERecord = DSF_RECORD_CLASSES["DNAME"]
DSFDNSKEYRecord = DSF_RECORD_CLASSES["DNSKEY"]
DSFDSRecord = DSF_RECORD_CLASSES["DS"]
DSFKEYRecord = DSF_RECORD_CLASSES["KEY"]
DSFKXRecord = DSF_RECORD_CLASSES["KX"]
DSFLOCRecord = DSF_RECORD_CLASSES["LOC"]
DSFIPSECKEYRecord = DSF_RECORD_CLASSES["IPSECKEY"]
DSFMXRecord = DSF_RECORD_CLASSES["MX"]
DSFNAPTRRecord = DSF_RECORD_CLASSES["NAPTR"]
DSFPTRRecord = DSF_RECORD_CLASSES["PTR"]
DSFPXRecord = DSF_RECORD_CLASSES["PX"]
DSFNSAPRecord = DSF_RECORD_CLASSES["NSAP"]
DSFRPRecord = DSF_RECORD_CLASSES["RP"]
DSFNSRecord = DSF_RECORD_CLASSES["NS"]
DSFSPFRecord = DSF_RECORD_CLASSES["SPF"]
DSFSRVRecord = DSF_RECORD_CLASSES["SRV"]
DSFSSHFPRecord = DSF_RECORD_CLASSES["SSHFP"]
DSFTXTRecord = DSF_RECORD_CLASSES["TXT"]


def _records_from(items: Optional[Iterable[Any]], **defaults: Any) -> List[_DSFRecord]:
    found: List[_DSFRecord] = []
    for item in items or ():
        if isinstance(item, _DSFRecord):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(_DSFRecord._from_api_list(item, **defaults))
        else:
            raise _invalid("records", item, "DSF record objects expected (DSFARecord, ...)")
    return found


# ---------------------------------------------------------------------------------------
# record sets, failover chains, response pools, rulesets
# ---------------------------------------------------------------------------------------
class DSFRecordSet(_DSFTree):
    """A set of records of one type, served together (``serve_count`` of them at a time).

    ``DSFRecordSet(rdata_class, label=None, ttl=None, automation=None, serve_count=None,
    fail_count=None, trouble_count=None, eligible=None, dsf_monitor_id=None,
    records=None, **kwargs)`` builds a local prototype (no request); ``records`` are DSF
    record objects (or API dicts). Create it with :meth:`add_to_failover_chain` or with
    its parent.
    """

    _id_key = "dsf_record_set_id"
    _uris = {"get": "/DSFRecordSet/{sid}/{id}/", "put": "/DSFRecordSet/{sid}/{id}/",
             "delete": "/DSFRecordSet/{sid}/{id}/", "find": "/DSFRecordSet/{sid}/{id}"}
    _fields = (
        _Field("label", _optional(_soft_label), doc="The record set's label."),
        _Field("ttl", _ttl, doc="The TTL of the answers."),
        _Field("automation", _automation, doc="Automation: 'auto', 'auto_down' or 'manual'."),
        _Field("serve_count", _count, doc="How many records are served at a time."),
        _Field("fail_count", _count, doc="How many failed records make the set fail."),
        _Field("trouble_count", _count, doc="How many troubled records make the set troubled."),
        _Field("eligible", _boolish, doc="Whether the set may be served."),
        _Field("dsf_monitor_id", _optional(_identifier), doc="The id of the DSFMonitor watching the set."),
        _Field("rdata_class", readonly=True, doc="The record type of the set (read-only)."),
    )
    _nested = {"records": "_build_records"}
    _PLAIN_KEYS = ("dsf_monitor_id",)

    def _init_state(self) -> None:
        super()._init_state()
        self._records: List[_DSFRecord] = []

    def __init__(self, rdata_class: str, label: Optional[str] = None, ttl: Optional[int] = None,
                 automation: Optional[str] = None, serve_count: Optional[int] = None,
                 fail_count: Optional[int] = None, trouble_count: Optional[int] = None, eligible: Any = None,
                 dsf_monitor_id: Optional[str] = None, records: Optional[List[Any]] = None, **kwargs: Any) -> None:
        self._init_state()
        values = {"label": label, "ttl": ttl, "automation": automation, "serve_count": serve_count,
                  "fail_count": fail_count, "trouble_count": trouble_count, "eligible": eligible,
                  "dsf_monitor_id": dsf_monitor_id}
        server = self._id_key in kwargs
        if not server:
            rdata_class = _checked("rdata_class", rdata_class, v.one_of(DSF_RECORD_TYPES))
            for field in self._fields:
                if values.get(field.name) is not None:
                    field.clean(values[field.name])
        self._rdata_class = rdata_class
        for name, value in values.items():
            setattr(self, "_" + name, value)
        self._build(kwargs)
        self._records = _records_from(records, service_id=self._service_id, dsf_record_set_id=self._id)
        if not server:
            for record in self._records:
                if record.rdata_class != str(rdata_class).upper():
                    raise _invalid("records", record, "A %s record set holds %s records only"
                                   % (rdata_class, rdata_class))

    @classmethod
    def get(cls, record_set_id: str, service: Any) -> "DSFRecordSet":
        """Fetch a record set (same as :func:`get_record_set`)."""
        return get_record_set(record_set_id, service)

    def _build_records(self, items: Any) -> None:
        if isinstance(items, list):
            self._records = _records_from(items, service_id=self._service_id, dsf_record_set_id=self._id)

    def _children(self) -> List[Any]:
        return list(self._records)

    def _field_args(self, field: _Field, value: Any) -> Dict[str, Any]:
        """Classic bodies: the field plus the cached ``master_line`` (or ``rdata``)."""
        args = {field.key: value}
        if field.key in self._PLAIN_KEYS:
            return args
        master_line = getattr(self, "_master_line", None)
        if master_line is not None:
            args["master_line"] = master_line
        else:
            args["rdata"] = getattr(self, "_rdata", None)
        return args

    @property
    def records(self) -> List[_DSFRecord]:
        """The records (as last read; no request)."""
        return self._records

    @property
    def status(self) -> Any:
        """The record set's status; reading refreshes it (GET)."""
        self.refresh()
        return getattr(self, "_status", None)

    @property
    def record_set_id(self) -> Optional[str]:
        """The record set id (``dsf_record_set_id``)."""
        return self._id

    @property
    def failover_chain_id(self) -> Optional[str]:
        """The id of the failover chain holding the set."""
        return getattr(self, "_dsf_record_set_failover_chain_id", None)

    def set_monitor(self, monitor: Any) -> None:
        """Watch this set with a monitor (a :class:`DSFMonitor` or its id): PUT
        ``{dsf_monitor_id}``."""
        monitor_id = _id_of(monitor, DSFMonitor, "monitor")
        self._put({"dsf_monitor_id": monitor_id}, local={"_dsf_monitor_id": monitor_id})
        self._dsf_monitor_id = monitor_id

    def to_json(self, svc_id: Optional[str] = None, skip_svc: bool = False) -> Dict[str, Any]:
        """The set as a request body: ``{rdata_class, service_id?, label?, ttl?,
        automation?, serve_count?, fail_count?, trouble_count?, eligible?,
        dsf_monitor_id?, records: [...]}`` (None values left out; False and 0 sent)."""
        service_id = svc_id if svc_id is not None else self._service_id
        body: Dict[str, Any] = {"rdata_class": self._rdata_class}
        if service_id is not None and not skip_svc:
            body["service_id"] = service_id
        for field in self._fields:
            value = getattr(self, field.private, None)
            if field.name != "rdata_class" and value is not None:
                body[field.key] = value
        body["records"] = [record.to_json(svc_id=service_id, skip_svc=skip_svc) for record in self._records]
        return body

    def add_to_failover_chain(self, failover_chain: Any, service: Any = None, publish: bool = True,
                              notes: Optional[str] = None) -> None:
        """Create this set, with its records, in a failover chain (``POST
        /DSFRecordSet/{service_id}``).

        :param failover_chain: a :class:`DSFFailoverChain` or a chain id (then
            ``service`` is required).
        """
        if self._id is not None:
            raise _invalid("dsf_record_set_id", self._id, "This record set already exists")
        chain_id = _id_of(failover_chain, DSFFailoverChain, "failover_chain")
        if isinstance(failover_chain, DSFFailoverChain) and service is None:
            service_id = failover_chain.service_id
        elif service is None:
            raise _invalid("service", service, "A service is required with a failover chain id")
        else:
            service_id = _service_id_of(service)
        args = self.to_json(skip_svc=True)
        args["dsf_record_set_failover_chain_id"] = chain_id
        if publish:
            args["publish"] = "Y"
        if notes is not None:
            args["notes"] = _checked("notes", notes, _notes)
        data = _execute("/DSFRecordSet/%s" % service_id, "POST", args)
        self._service_id = service_id
        self._build(data)
        self._set_service(service_id)

    def _repr_parts(self) -> List[str]:
        return [str(self._rdata_class)] + super()._repr_parts() + ["records=%d" % len(self._records)]


class DSFFailoverChain(_DSFTree):
    """An ordered list of record sets: the first eligible one answers (API resource
    ``DSFRecordSetFailoverChain``).

    ``DSFFailoverChain(label=None, core=None, record_sets=None, **kwargs)`` is a local
    prototype; create it with :meth:`add_to_response_pool` or with its parent.
    """

    _id_key = "dsf_record_set_failover_chain_id"
    _uris = {"get": "/DSFRecordSetFailoverChain/{sid}/{id}/", "put": "DSFRecordSetFailoverChain/{sid}/{id}",
             "delete": "/DSFRecordSetFailoverChain/{sid}/{id}/", "find": "/DSFRecordSetFailoverChain/{sid}/{id}"}
    _fields = (
        _Field("label", _optional(_soft_label), doc="The chain's label."),
        _Field("core", _boolish, doc="Whether the chain is a core chain of its pool."),
    )
    _nested = {"record_sets": "_build_record_sets"}

    def _init_state(self) -> None:
        super()._init_state()
        self._record_sets: List[DSFRecordSet] = []

    def __init__(self, label: Optional[str] = None, core: Any = None, record_sets: Optional[List[Any]] = None,
                 **kwargs: Any) -> None:
        self._init_state()
        if self._id_key not in kwargs:
            self._fields[0].clean(label)
            if core is not None:
                self._fields[1].clean(core)
        self._label = label
        self._core = core
        self._build(kwargs)
        self._build_record_sets(record_sets or [])

    @classmethod
    def get(cls, failover_chain_id: str, service: Any) -> "DSFFailoverChain":
        """Fetch a failover chain (same as :func:`get_failover_chain`)."""
        return get_failover_chain(failover_chain_id, service)

    def _build_record_sets(self, items: Any) -> None:
        if not isinstance(items, list):
            return
        sets = []
        for item in items:
            if isinstance(item, DSFRecordSet):
                sets.append(item)
            elif isinstance(item, dict):
                sets.append(DSFRecordSet._from_api(item, service_id=self._service_id,
                                                   dsf_record_set_failover_chain_id=self._id))
            else:
                raise _invalid("record_sets", item, "DSFRecordSet objects expected")
        self._record_sets = sets

    def _children(self) -> List[Any]:
        return list(self._record_sets)

    @property
    def record_sets(self) -> List[DSFRecordSet]:
        """The record sets, in failover order (as last read; no request)."""
        return self._record_sets

    @property
    def failover_chain_id(self) -> Optional[str]:
        """The chain id (``dsf_record_set_failover_chain_id``)."""
        return self._id

    @property
    def response_pool_id(self) -> Optional[str]:
        """The id of the response pool holding the chain."""
        return getattr(self, "_dsf_response_pool_id", None)

    def to_json(self, svc_id: Optional[str] = None, skip_svc: bool = False) -> Dict[str, Any]:
        """The chain as a request body: ``{service_id?, label?,
        dsf_record_set_failover_chain_id?, core?, record_sets: [...]}``."""
        service_id = svc_id if svc_id is not None else self._service_id
        body: Dict[str, Any] = {}
        if service_id is not None and not skip_svc:
            body["service_id"] = service_id
        if self._label is not None:
            body["label"] = self._label
        if self._id is not None:
            body[self._id_key] = self._id
        if self._core is not None:
            body["core"] = self._core
        body["record_sets"] = [rs.to_json(svc_id=service_id, skip_svc=skip_svc) for rs in self._record_sets]
        return body

    def add_to_response_pool(self, response_pool: Any, service: Any = None, publish: bool = True,
                             notes: Optional[str] = None) -> None:
        """Create this chain, with its record sets, in a response pool (``POST
        /DSFRecordSetFailoverChain/{service_id}/{pool_id}/``). Later calls use the chain's
        own URI (the classic SDK kept the pool's)."""
        if self._id is not None:
            raise _invalid(self._id_key, self._id, "This failover chain already exists")
        pool_id = _id_of(response_pool, DSFResponsePool, "response_pool")
        if isinstance(response_pool, DSFResponsePool) and service is None:
            service_id = response_pool.service_id
        elif service is None:
            raise _invalid("service", service, "A service is required with a response pool id")
        else:
            service_id = _service_id_of(service)
        args: Dict[str, Any] = {}
        if self._label is not None:
            args["label"] = self._label
        if self._core is not None:
            args["core"] = self._core
        args["record_sets"] = [rs.to_json(skip_svc=True) for rs in self._record_sets]
        if publish:
            args["publish"] = "Y"
        if notes is not None:
            args["notes"] = _checked("notes", notes, _notes)
        data = _execute("/DSFRecordSetFailoverChain/%s/%s/" % (service_id, pool_id), "POST", args)
        self._service_id = service_id
        self._dsf_response_pool_id = pool_id
        self._build(data)
        self._set_service(service_id)

    def _repr_parts(self) -> List[str]:
        return super()._repr_parts() + ["record_sets=%d" % len(self._record_sets)]


class DSFResponsePool(_DSFTree):
    """A pool of failover chains answering for one or more rulesets.

    ``DSFResponsePool(label, core_set_count=1, eligible=True, automation='auto',
    dsf_ruleset_id=None, index=None, rs_chains=None, **kwargs)`` is a local prototype;
    create it with :meth:`create` or with its ruleset.
    """

    _id_key = "dsf_response_pool_id"
    _uris = {"get": "/DSFResponsePool/{sid}/{id}/", "put": "DSFResponsePool/{sid}/{id}",
             "delete": "/DSFResponsePool/{sid}/{id}/", "find": "/DSFResponsePool/{sid}/{id}"}
    _fields = (
        _Field("label", _label, doc="The pool's label."),
        _Field("core_set_count", _count, doc="How many core record sets must be eligible."),
        _Field("eligible", _boolish, doc="Whether the pool may be served."),
        _Field("automation", _automation, doc="Automation: 'auto', 'auto_down' or 'manual'."),
    )
    _nested = {"rs_chains": "_build_chains"}

    def _init_state(self) -> None:
        super()._init_state()
        self._rs_chains: List[DSFFailoverChain] = []
        self._dsf_ruleset_id: Optional[str] = None
        self._index: Optional[int] = None

    def __init__(self, label: str, core_set_count: int = 1, eligible: Any = True, automation: str = "auto",
                 dsf_ruleset_id: Optional[str] = None, index: Optional[int] = None,
                 rs_chains: Optional[List[Any]] = None, **kwargs: Any) -> None:
        self._init_state()
        values = {"label": label, "core_set_count": core_set_count, "eligible": eligible,
                  "automation": automation}
        if self._id_key not in kwargs:
            for field in self._fields:
                field.clean(values[field.name])
            _checked("dsf_ruleset_id", dsf_ruleset_id, _optional(_identifier))
            _checked("index", index, _optional(_count))
        for name, value in values.items():
            setattr(self, "_" + name, value)
        self._dsf_ruleset_id = dsf_ruleset_id
        self._index = index
        self._build(kwargs)
        self._build_chains(rs_chains or [])

    @classmethod
    def get(cls, response_pool_id: str, service: Any) -> "DSFResponsePool":
        """Fetch a response pool (same as :func:`get_response_pool`)."""
        return get_response_pool(response_pool_id, service)

    def _build_chains(self, items: Any) -> None:
        if not isinstance(items, list):
            return
        chains = []
        for item in items:
            if isinstance(item, DSFFailoverChain):
                chains.append(item)
            elif isinstance(item, dict):
                chains.append(DSFFailoverChain._from_api(item, service_id=self._service_id,
                                                         dsf_response_pool_id=self._id))
            else:
                raise _invalid("rs_chains", item, "DSFFailoverChain objects expected")
        self._rs_chains = chains

    def _children(self) -> List[Any]:
        return list(self._rs_chains)

    @property
    def failover_chains(self) -> List[DSFFailoverChain]:
        """The failover chains (as last read; no request)."""
        return self._rs_chains

    rs_chains = failover_chains

    @property
    def response_pool_id(self) -> Optional[str]:
        """The pool id (``dsf_response_pool_id``)."""
        return self._id

    @property
    def ruleset_ids(self) -> List[str]:
        """The ids of the rulesets using this pool; reading refreshes (GET)."""
        self.refresh()
        return [item.get("dsf_ruleset_id") for item in getattr(self, "_rulesets", None) or []
                if isinstance(item, dict)]

    def to_json(self, svc_id: Optional[str] = None, skip_svc: bool = False) -> Dict[str, Any]:
        """The pool as a request body: ``{label, eligible, core_set_count, automation,
        rs_chains: [...], index?, dsf_ruleset_id?, service_id?}`` (``index=0`` is sent)."""
        service_id = svc_id if svc_id is not None else self._service_id
        body: Dict[str, Any] = {"label": self._label, "eligible": self._eligible,
                                "core_set_count": self._core_set_count, "automation": self._automation,
                                "rs_chains": [chain.to_json(svc_id=service_id, skip_svc=skip_svc)
                                              for chain in self._rs_chains]}
        if self._index is not None:
            body["index"] = self._index
        if self._dsf_ruleset_id is not None:
            body["dsf_ruleset_id"] = self._dsf_ruleset_id
        if service_id is not None and not skip_svc:
            body["service_id"] = service_id
        return body

    def create(self, service: Any, publish: bool = True, notes: Optional[str] = None) -> None:
        """Create this pool, with its chains, in a service (``POST
        /DSFResponsePool/{service_id}/``); with ``dsf_ruleset_id`` (and ``index``) it is
        linked into that ruleset at once.

        :param publish: ``publish: 'Y'``, or ``'N'`` to leave the change pending.
        """
        if self._id is not None:
            raise _invalid(self._id_key, self._id, "This response pool already exists")
        service_id = _service_id_of(service)
        args: Dict[str, Any] = {"publish": "Y" if publish else "N"}
        body = self.to_json(skip_svc=True)
        args.update(body)
        if notes is not None:
            args["notes"] = _checked("notes", notes, _notes)
        data = _execute("/DSFResponsePool/%s/" % service_id, "POST", args)
        self._service_id = service_id
        self._build(data)
        self._set_service(service_id)

    def _repr_parts(self) -> List[str]:
        return super()._repr_parts() + ["rs_chains=%d" % len(self._rs_chains)]


class DSFRuleset(_DSFTree):
    """A rule of a service: which clients (``criteria``) get which response pools (in
    failover order).

    ``DSFRuleset(label, criteria_type, response_pools=None, criteria=None,
    failover=None, **kwargs)`` is a local prototype; create it with :meth:`create` or
    with its service. ``criteria_type`` is ``'always'`` (no criteria) or ``'geoip'``
    with ``criteria={'geoip': {'country': [...], 'region': [...], 'province': [...]}}``.
    ``failover`` is an IP address (or host name) served when every pool fails.
    """

    _id_key = "dsf_ruleset_id"
    _uris = {"get": "/DSFRuleset/{sid}/{id}/", "put": "DSFRuleset/{sid}/{id}",
             "delete": "/DSFRuleset/{sid}/{id}/", "find": "/DSFRuleset/{sid}/{id}"}
    _fields = (
        _Field("label", _label, doc="The ruleset's label."),
        _Field("criteria_type", _criteria_type, doc="'always' or 'geoip'."),
        _Field("ordering", readonly=True, doc="The ruleset's position in its service (read-only)."),
    )
    _nested = {"response_pools": "_build_pools"}
    #: Accepted criteria types (classic public name).
    valid_criteria_types = VALID_CRITERIA_TYPES
    #: Accepted criteria keys per criteria type (classic public name).
    valid_criteria = {"always": (), "geoip": VALID_GEOIP_KEYS}

    def _init_state(self) -> None:
        super()._init_state()
        self._response_pools: List[DSFResponsePool] = []
        self._criteria: Any = None
        self._failover: Optional[str] = None

    def __init__(self, label: str, criteria_type: str, response_pools: Optional[List[Any]] = None,
                 criteria: Any = None, failover: Optional[str] = None, **kwargs: Any) -> None:
        self._init_state()
        if self._id_key not in kwargs:
            self._fields[0].clean(label)
            criteria_type = self._fields[1].clean(criteria_type)
            _check_criteria(criteria_type, criteria)
            _checked("failover", failover, _optional(_host_or_ip))
            if response_pools is not None and not isinstance(response_pools, (list, tuple)):
                raise _invalid("response_pools", response_pools, "A list of DSFResponsePool expected")
        self._label = label
        self._criteria_type = criteria_type
        self._criteria = criteria
        self._failover = failover
        self._build(kwargs)
        self._build_pools(list(response_pools or []))

    @classmethod
    def get(cls, ruleset_id: str, service: Any) -> "DSFRuleset":
        """Fetch a ruleset (same as :func:`get_ruleset`)."""
        return get_ruleset(ruleset_id, service)

    def _build_pools(self, items: Any) -> None:
        if not isinstance(items, list):
            return
        pools = []
        for item in items:
            if isinstance(item, DSFResponsePool):
                pools.append(item)
            elif isinstance(item, dict) and set(item) == {"failover"}:
                self._failover = item["failover"]
            elif isinstance(item, dict):
                pools.append(DSFResponsePool._from_api(item, service_id=self._service_id))
            else:
                raise _invalid("response_pools", item, "DSFResponsePool objects expected")
        self._response_pools = pools

    def _children(self) -> List[Any]:
        return list(self._response_pools)

    @property
    def criteria(self) -> Any:
        """The criteria dict. Assigning PUTs ``{criteria}`` (plus ``criteria_type:
        'geoip'`` when it holds geoip values)."""
        return self._criteria

    @criteria.setter
    def criteria(self, value: Any) -> None:
        geoip = _has_geoip(value)
        _check_criteria("geoip" if geoip else self._criteria_type, value)
        args: Dict[str, Any] = {"criteria": value}
        local: Dict[str, Any] = {"_criteria": value}
        if geoip:
            args["criteria_type"] = "geoip"
            local["_criteria_type"] = "geoip"
        self._put(args, local=local)

    @property
    def response_pools(self) -> List[DSFResponsePool]:
        """The response pools, in failover order (as last read; no request)."""
        return self._response_pools

    @property
    def failover(self) -> Optional[str]:
        """The failover address given at construction (or by :meth:`add_failover_ip`)."""
        return self._failover

    @property
    def ruleset_id(self) -> Optional[str]:
        """The ruleset id (``dsf_ruleset_id``)."""
        return self._id

    def to_json(self, svc_id: Optional[str] = None, skip_svc: bool = False) -> Dict[str, Any]:
        """The ruleset as a request body: ``{label, criteria_type, criteria,
        response_pools: [pool..., {failover}?], dsf_ruleset_id?, service_id?}``."""
        service_id = svc_id if svc_id is not None else self._service_id
        pools: List[Dict[str, Any]] = [pool.to_json(svc_id=service_id, skip_svc=skip_svc)
                                       for pool in self._response_pools]
        if self._failover is not None:
            pools.append({"failover": self._failover})
        body: Dict[str, Any] = {"label": self._label, "criteria_type": self._criteria_type,
                                "criteria": self._criteria, "response_pools": pools}
        if self._id is not None:
            body[self._id_key] = self._id
        if service_id is not None and not skip_svc:
            body["service_id"] = service_id
        return body

    @property
    def _json(self) -> Dict[str, Any]:
        """The ruleset as a request body (used by the service create and by
        ``TrafficDirector.rulesets`` list changes); see :meth:`to_json`."""
        return self.to_json()

    def create(self, service: Any, index: Optional[int] = None, publish: bool = True,
               notes: Optional[str] = None) -> None:
        """Create this ruleset, with its pools, in a service (``POST
        /DSFRuleset/{service_id}/``).

        :param index: its position (``ordering``; 0 is the first); default: last.
        :param publish: send ``publish: 'Y'`` (the classic SDK always published).
        """
        if self._id is not None:
            raise _invalid(self._id_key, self._id, "This ruleset already exists")
        service_id = _service_id_of(service)
        _checked("index", index, _optional(_count))
        args: Dict[str, Any] = {}
        if publish:
            args["publish"] = "Y"
        args.update({"label": self._label, "criteria_type": self._criteria_type, "criteria": self._criteria})
        if index is not None:
            args["ordering"] = index
        pools: List[Dict[str, Any]] = [pool.to_json(skip_svc=True) for pool in self._response_pools]
        if self._failover is not None:
            pools.append({"failover": self._failover})
        args["response_pools"] = pools
        if notes is not None:
            args["notes"] = _checked("notes", notes, _notes)
        data = _execute("/DSFRuleset/%s/" % service_id, "POST", args)
        self._service_id = service_id
        self._build(data)
        self._set_service(service_id)

    def _pool_ids(self) -> List[Dict[str, Any]]:
        return [{"dsf_response_pool_id": pool._id} for pool in self._response_pools if pool._id is not None]

    def add_response_pool(self, response_pool: Any, index: int = 0, publish: bool = True) -> None:
        """Link an existing pool into this ruleset at ``index`` (refreshes first, then
        PUTs the id list ``{response_pools: [{dsf_response_pool_id}...]}``)."""
        pool_id = _id_of(response_pool, DSFResponsePool, "response_pool")
        _checked("index", index, _count)
        self.refresh()
        ids = self._pool_ids()
        ids.insert(min(index, len(ids)), {"dsf_response_pool_id": pool_id})
        self._put({"response_pools": ids}, publish=publish)

    def remove_response_pool(self, response_pool: Any, publish: bool = True) -> None:
        """Unlink a pool from this ruleset (refreshes first, then PUTs the id list
        without it); the pool itself stays in the service."""
        pool_id = _id_of(response_pool, DSFResponsePool, "response_pool")
        self.refresh()
        ids = [item for item in self._pool_ids() if item["dsf_response_pool_id"] != pool_id]
        self._put({"response_pools": ids}, publish=publish)

    def add_failover_ip(self, ip: str, publish: bool = True) -> None:
        """Add a last-resort answer: PUTs the pool id list plus ``{failover: ip}``; the
        server makes a pool, chain, set and record for it."""
        _checked("ip", ip, _host_or_ip)
        self._put({"response_pools": self._pool_ids() + [{"failover": ip}]}, publish=publish)

    def order_response_pools(self, pool_list: Sequence[Any], publish: bool = True) -> None:
        """Set the failover order of the pools (objects or ids)."""
        if not isinstance(pool_list, (list, tuple)):
            raise _invalid("pool_list", pool_list, "A list of response pools or ids expected")
        ids = [{"dsf_response_pool_id": _id_of(pool, DSFResponsePool, "pool_list")} for pool in pool_list]
        self._put({"response_pools": ids}, publish=publish)

    def _repr_parts(self) -> List[str]:
        parts = super()._repr_parts() + ["criteria_type=%s" % (self._criteria_type,)]
        if _has_geoip(self._criteria):
            parts.append("criteria=%s" % ({k: list(v) for k, v in self._criteria["geoip"].items() if v},))
        return parts + ["response_pools=%d" % len(self._response_pools)]


# ---------------------------------------------------------------------------------------
# monitors and notifiers (account-wide, no publish)
# ---------------------------------------------------------------------------------------
class DSFMonitorEndpoint:
    """One address a :class:`DSFMonitor` probes.

    :param address: the IP address or host name.
    :param label: a label.
    :param active: ``'Y'``/``'N'`` or a bool.
    :param site_prefs: preferred probe sites (codes).

    Assigning a property of an endpoint attached to a monitor rewrites the monitor's
    endpoint list (GET, then PUT ``{endpoints: [...]}``); a detached endpoint only
    changes locally.
    """

    def __init__(self, address: str, label: str, active: Any = "Y", site_prefs: Optional[List[str]] = None) -> None:
        _checked("address", address, _host_or_ip)
        _checked("label", label, _soft_label)
        self._active = _checked("active", active, Active)
        _checked("site_prefs", site_prefs, _optional(_string_list))
        self._address = address
        self._label = label
        self._site_prefs = site_prefs
        self._monitor: Optional[DSFMonitor] = None

    @classmethod
    def _from_api(cls, data: Dict[str, Any], monitor: Optional["DSFMonitor"] = None) -> "DSFMonitorEndpoint":
        endpoint = cls.__new__(cls)
        endpoint._address = data.get("address")
        endpoint._label = data.get("label")
        try:
            endpoint._active = Active(data.get("active", "Y"))
        except ValueError:
            endpoint._active = data.get("active")
        endpoint._site_prefs = data.get("site_prefs")
        endpoint._monitor = monitor
        return endpoint

    @property
    def _json(self) -> Dict[str, Any]:
        body: Dict[str, Any] = {"address": self._address, "label": self._label, "active": str(self._active)}
        if self._site_prefs is not None:
            body["site_prefs"] = self._site_prefs
        return body

    def to_json(self) -> Dict[str, Any]:
        """``{address, label, active: 'Y'/'N', site_prefs?}``."""
        return self._json

    def _change(self, name: str, value: Any) -> None:
        monitor = self._monitor
        if monitor is not None and monitor._on_server():
            body = dict(self._json, **{name: value})
            replaced = False
            endpoints = []
            for endpoint in monitor.endpoints:  # a GET
                if not replaced and endpoint._address == self._address:
                    endpoints.append(body)
                    replaced = True
                else:
                    endpoints.append(endpoint._json)
            if not replaced:
                endpoints.append(body)
            monitor._put({"endpoints": endpoints})
        setattr(self, "_" + name, value if name != "active" else Active(value))

    @property
    def address(self) -> str:
        """The probed address."""
        return self._address

    @address.setter
    def address(self, value: str) -> None:
        self._change("address", _checked("address", value, _host_or_ip))

    @property
    def label(self) -> str:
        """The endpoint's label."""
        return self._label

    @label.setter
    def label(self, value: str) -> None:
        self._change("label", _checked("label", value, _soft_label))

    @property
    def active(self) -> Any:
        """Whether the endpoint is probed (an :class:`~dyn.tm.utils.Active`)."""
        return self._active

    @active.setter
    def active(self, value: Any) -> None:
        self._change("active", str(_checked("active", value, Active)))

    @property
    def site_prefs(self) -> Optional[List[str]]:
        """Preferred probe sites."""
        return self._site_prefs

    @site_prefs.setter
    def site_prefs(self, value: List[str]) -> None:
        self._change("site_prefs", _checked("site_prefs", value, _string_list))

    def __repr__(self) -> str:
        return "<DSFMonitorEndpoint %s label=%r active=%s>" % (self._address, self._label, self._active)

    __str__ = __repr__


class DSFMonitor(_Resource):
    """An account-wide health monitor that record sets follow (changes apply at once;
    no publish).

    Classic forms: ``DSFMonitor(monitor_id)`` fetches (GET);
    ``DSFMonitor(label, protocol, response_count, probe_interval, retries, active='Y',
    timeout=None, port=None, path=None, host=None, header=None, expected=None,
    endpoints=None)`` creates (POST). Explicit: :meth:`get` and :meth:`create`.
    """

    _id_key = "dsf_monitor_id"
    _uris = {"get": "/DSFMonitor/{id}/", "put": "/DSFMonitor/{id}/", "delete": "/DSFMonitor/{id}/",
             "find": "/DSFMonitor/{id}"}
    _fields = (
        _Field("label", _label, doc="The monitor's label."),
        _Field("protocol", rules.protocol,
               doc="HTTP, HTTPS, PING, SMTP or TCP."),
        _Field("response_count", rules.response_count,
               doc="How many probe agents must agree before the status changes (0-2)."),
        _Field("probe_interval", rules.probe_interval,
               doc="Seconds between probes (60, 300, 600 or 900)."),
        _Field("retries", rules.retries, doc="Retries before a probe fails (0-10)."),
        _Field("options", _monitor_options, doc="Probe options: timeout, port, path, host, header, expected."),
        _Field("dsf_monitor_id", readonly=True, doc="The monitor id (read-only)."),
    )
    _nested = {"endpoints": "_build_endpoints", "active": "_build_active"}
    _CREATE_ARGS = ("label", "protocol", "response_count", "probe_interval", "retries", "active", "timeout",
                    "port", "path", "host", "header", "expected", "endpoints")

    def _init_state(self) -> None:
        super()._init_state()
        self._endpoints: List[DSFMonitorEndpoint] = []
        self._active: Any = None
        self._options: Dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._init_state()
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)
        elif len(args) + len(kwargs) == 1 and not (set(kwargs) & set(self._CREATE_ARGS)):
            self._get(args[0] if args else next(iter(kwargs.values())))
        else:
            self._post(*args, **kwargs)

    @classmethod
    def get(cls, monitor_id: str) -> "DSFMonitor":
        """Fetch a monitor (``GET /DSFMonitor/{id}/``)."""
        monitor = cls._blank()
        monitor._get(monitor_id)
        return monitor

    @classmethod
    def create(cls, label: str, protocol: str, response_count: int, probe_interval: int, retries: int,
               active: Any = "Y", timeout: Optional[int] = None, port: Optional[int] = None,
               path: Optional[str] = None, host: Optional[str] = None, header: Optional[str] = None,
               expected: Optional[str] = None, endpoints: Optional[List[DSFMonitorEndpoint]] = None) -> "DSFMonitor":
        """Create a monitor (``POST /DSFMonitor/``)."""
        monitor = cls._blank()
        monitor._post(label, protocol, response_count, probe_interval, retries, active, timeout, port, path,
                      host, header, expected, endpoints)
        return monitor

    def _get(self, monitor_id: Any) -> None:
        self._dsf_monitor_id = _checked("monitor_id", monitor_id, _identifier)
        self.refresh()

    def _post(self, label: str, protocol: str, response_count: int, probe_interval: int, retries: int,
              active: Any = "Y", timeout: Optional[int] = None, port: Optional[int] = None,
              path: Optional[str] = None, host: Optional[str] = None, header: Optional[str] = None,
              expected: Optional[str] = None, endpoints: Optional[List[DSFMonitorEndpoint]] = None) -> None:
        values = {"label": label, "protocol": protocol, "response_count": response_count,
                  "probe_interval": probe_interval, "retries": retries}
        for field in self._fields[:5]:
            field.clean(values[field.name])
        options = {name: value for name, value in (("timeout", timeout), ("port", port), ("path", path),
                                                    ("host", host), ("header", header), ("expected", expected))
                   if value is not None}
        _checked("options", options, _monitor_options)
        body: Dict[str, Any] = dict(values)
        body["active"] = _yes_no("active", active)
        body["options"] = options
        if endpoints is not None:
            if not isinstance(endpoints, (list, tuple)) or not all(
                    isinstance(e, DSFMonitorEndpoint) for e in endpoints):
                raise _invalid("endpoints", endpoints, "A list of DSFMonitorEndpoint expected")
            body["endpoints"] = [endpoint._json for endpoint in endpoints]
        self._build(_execute("/DSFMonitor/", "POST", body))
        log.debug("created %r", self)

    def _build_endpoints(self, items: Any) -> None:
        if isinstance(items, list):
            self._endpoints = [DSFMonitorEndpoint._from_api(item, self) if isinstance(item, dict) else item
                               for item in items]

    def _build_active(self, value: Any) -> None:
        try:
            self._active = Active(value)
        except ValueError:
            self._active = value

    @property
    def active(self) -> Any:
        """Whether the monitor probes (an :class:`~dyn.tm.utils.Active`). Assigning
        sends ``{active: 'Y'/'N'}``."""
        return self._active

    @active.setter
    def active(self, value: Any) -> None:
        flag = _yes_no("active", value)
        self._put({"active": flag}, local={"_active": Active(flag)})

    @property
    def endpoints(self) -> List[DSFMonitorEndpoint]:
        """The probed endpoints; reading refreshes (GET). Assigning a list of
        :class:`DSFMonitorEndpoint` replaces them (PUT; the classic setter did nothing)."""
        if self._on_server():
            self.refresh()
        return self._endpoints

    @endpoints.setter
    def endpoints(self, value: List[DSFMonitorEndpoint]) -> None:
        if not isinstance(value, (list, tuple)) or not all(isinstance(e, DSFMonitorEndpoint) for e in value):
            raise _invalid("endpoints", value, "A list of DSFMonitorEndpoint expected")
        for endpoint in value:
            endpoint._monitor = self
        self._put({"endpoints": [endpoint._json for endpoint in value]}, local={"_endpoints": list(value)})

    @property
    def monitor_id(self) -> Optional[str]:
        """The monitor id (same as :attr:`dsf_monitor_id`)."""
        return self._id

    def delete(self) -> None:
        """Delete the monitor (``DELETE /DSFMonitor/{id}/``)."""
        _execute(self._uri("delete"), "DELETE", {})

    def _repr_parts(self) -> List[str]:
        return super()._repr_parts() + ["protocol=%s" % (getattr(self, "_protocol", None),),
                                        "endpoints=%d" % len(self._endpoints)]


class DSFNotifier(_Resource):
    """An account-wide notifier: who is told about service and monitor events.

    Classic forms: ``DSFNotifier(notifier_id)`` fetches (GET);
    ``DSFNotifier(label, dsf_services=None, monitor_services=None, recipients=None)``
    creates (POST). Explicit: :meth:`get` and :meth:`create`.
    """

    _id_key = "notifier_id"
    _uris = {"get": "/Notifier/{id}/", "put": "/Notifier/{id}/", "delete": "/Notifier/{id}/"}
    _fields = (_Field("label", _label, doc="The notifier's label."),)
    _CREATE_ARGS = ("label", "dsf_services", "monitor_services", "recipients")

    def _init_state(self) -> None:
        super()._init_state()
        self._recipients: List[Any] = []
        self._services: List[Any] = []
        self._link_id: Optional[str] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._init_state()
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)
        elif "td" in kwargs:
            kwargs.pop("td")
            self._link_id = kwargs.get("link_id")
            self._build(kwargs.get("notifier") or {})
        elif len(args) + len(kwargs) == 1 and not (set(kwargs) & set(self._CREATE_ARGS)):
            self._get(args[0] if args else next(iter(kwargs.values())))
        else:
            self._post(*args, **kwargs)

    @classmethod
    def get(cls, notifier_id: str) -> "DSFNotifier":
        """Fetch a notifier (``GET /Notifier/{id}/``)."""
        notifier = cls._blank()
        notifier._get(notifier_id)
        return notifier

    @classmethod
    def create(cls, label: str, dsf_services: Optional[List[Any]] = None,
               monitor_services: Optional[List[Any]] = None, recipients: Optional[List[str]] = None) -> "DSFNotifier":
        """Create a notifier (``POST /Notifier/``).

        :param dsf_services: services (:class:`TrafficDirector` or ids) to report on.
        :param monitor_services: monitors (:class:`DSFMonitor` or ids) to report on.
        :param recipients: user names or e-mail addresses.
        """
        notifier = cls._blank()
        notifier._post(label, dsf_services, monitor_services, recipients)
        return notifier

    def _get(self, notifier_id: Any) -> None:
        self._notifier_id = _checked("notifier_id", notifier_id, _identifier)
        self.refresh()

    def _post(self, label: str, dsf_services: Optional[List[Any]] = None,
              monitor_services: Optional[List[Any]] = None, recipients: Optional[List[str]] = None) -> None:
        self._fields[0].clean(label)
        body: Dict[str, Any] = {"label": label}
        if recipients:
            _checked("recipients", recipients, _string_list)
            body["recipients"] = [{"recipient": name, "format": "email"} for name in recipients]
        services = []
        for service in dsf_services or ():
            services.append({"service_class": "DSF", "service_id": _service_id_of(service, "dsf_services")})
        for monitor in monitor_services or ():
            services.append({"service_class": "Monitor",
                             "service_id": _id_of(monitor, DSFMonitor, "monitor_services")})
        if services:
            body["services"] = services
        self._build(_execute("/Notifier/", "POST", body))
        log.debug("created %r", self)

    @property
    def notifier_id(self) -> Optional[str]:
        """The notifier id."""
        return self._id

    dsf_notifier_id = notifier_id

    @property
    def link_id(self) -> Optional[str]:
        """The id of the link to a service, when read from a service (else None)."""
        return self._link_id

    @property
    def recipients(self) -> List[Any]:
        """The recipients as the server lists them (dicts)."""
        return self._recipients

    @property
    def services(self) -> List[Any]:
        """The linked services as the server lists them (dicts)."""
        return self._services

    @property
    def dsf_service_ids(self) -> List[str]:
        """Ids of the Traffic Director services reported on."""
        return [s.get("service_id") for s in self._services if isinstance(s, dict) and s.get("service_class") == "DSF"]

    @property
    def monitor_service_ids(self) -> List[str]:
        """Ids of the monitors reported on."""
        return [s.get("service_id") for s in self._services
                if isinstance(s, dict) and s.get("service_class") == "Monitor"]

    def _recipient_list(self) -> List[Dict[str, Any]]:
        """Copies of the recipient dicts without the server's extra keys (the classic
        SDK edited the cached dicts in place)."""
        return [{k: value for k, value in r.items() if k not in ("details", "features")} if isinstance(r, dict)
                else {"recipient": r, "format": "email"} for r in self._recipients]

    def add_recipient(self, new_recipient: str, format: str = "email") -> None:  # noqa: A002 (classic name)
        """Add a recipient (PUT the whole list)."""
        _checked("new_recipient", new_recipient, _label)
        _checked("format", format, v.one_of(("email",)))
        recipients = self._recipient_list() + [{"recipient": new_recipient, "format": format}]
        self._put({"recipients": recipients})

    def del_recipient(self, recipient: str) -> None:
        """Remove a recipient (PUT the list without it)."""
        _checked("recipient", recipient, _label)
        self._put({"recipients": [r for r in self._recipient_list() if r.get("recipient") != recipient]})

    def to_json(self) -> Dict[str, Any]:
        """``{label?, recipients?: [names], dsf_services?: [ids], monitor_services?: [ids]}``."""
        body: Dict[str, Any] = {}
        if getattr(self, "_label", None) is not None:
            body["label"] = self._label
        names = [r.get("recipient") if isinstance(r, dict) else r for r in self._recipients]
        if names:
            body["recipients"] = names
        if self.dsf_service_ids:
            body["dsf_services"] = self.dsf_service_ids
        if self.monitor_service_ids:
            body["monitor_services"] = self.monitor_service_ids
        return body

    def delete(self) -> None:
        """Delete the notifier (``DELETE /Notifier/{id}/``)."""
        _execute(self._uri("delete"), "DELETE", {})

    def _repr_parts(self) -> List[str]:
        return super()._repr_parts() + ["recipients=%d" % len(self._recipients)]


# ---------------------------------------------------------------------------------------
# nodes
# ---------------------------------------------------------------------------------------
class DSFNode:
    """A node (zone, fqdn) a service answers for. A local value: creating one sends
    nothing; attach it with :meth:`TrafficDirector.add_node`.

    :param zone: the zone name.
    :param fqdn: the node's name (default: the zone apex, ``zone + '.'``).
    """

    def __init__(self, zone: str, fqdn: Optional[str] = None) -> None:
        _checked("zone", zone, v.hostname)
        if fqdn is not None:
            _checked("fqdn", fqdn, v.fqdn)
        self.zone = zone
        self.fqdn = fqdn if fqdn is not None else zone + "."
        self.records: Dict[str, Any] = {}
        self.recs: Dict[str, type] = dict(_records.RECS)

    def add_record(self, record_type: str = "A", *args: Any, **kwargs: Any) -> Any:
        """Create a standard record at the node (``POST /<Type>Record/{zone}/{fqdn}/``)."""
        record = _records.record_class(record_type)(self.zone, self.fqdn, *args, **kwargs)
        self.records[record_type] = record
        return record

    def get_all_records(self) -> Dict[str, List[Any]]:
        """The node's records (``GET /AllRecord/{zone}/{fqdn}/``), by response key
        (``a_records``); also stored in :attr:`records`."""
        data = _execute("/AllRecord/%s/%s/" % (self.zone, self.fqdn), "GET", {"detail": "Y"})
        self.records = self._by_key(data)
        return self.records

    def get_all_records_by_type(self, record_type: str) -> List[Any]:
        """The node's records of one type (``GET /<Type>Record/{zone}/{fqdn}/``)."""
        cls = _records.record_class(record_type)
        if cls is _records.RECS["UNKNOWN"]:
            raise _invalid("record_type", record_type, "Unknown record type", tuple(_records.RECS))
        data = _execute("/%s/%s/%s/" % (cls._type.rest, self.zone, self.fqdn), "GET", {"detail": "Y"})
        return [_records.record_from_api(item, self.zone, self.fqdn) for item in data or []]

    def get_any_records(self) -> Dict[str, List[Any]]:
        """The node's records (``GET /ANYRecord/{zone}/{fqdn}/``), merged into :attr:`records`."""
        data = _execute("/ANYRecord/%s/%s/" % (self.zone, self.fqdn), "GET", {"detail": "Y"})
        self.records.update(self._by_key(data))
        return self.records

    def _by_key(self, data: Any) -> Dict[str, List[Any]]:
        found: Dict[str, List[Any]] = {}
        for key, items in (data or {}).items() if isinstance(data, dict) else ():
            found[key] = [_records.record_from_api(item, self.zone, self.fqdn) for item in items or []]
        return found

    def delete(self) -> None:
        """Delete the **zone node** and everything under it (``DELETE
        /Node/{zone}/{fqdn}``), as the classic SDK did. To detach the node from a service
        only, use :meth:`TrafficDirector.remove_node`."""
        _execute("/Node/%s/%s" % (self.zone, self.fqdn), "DELETE", {})

    def to_json(self) -> Dict[str, str]:
        """``{zone, fqdn}``."""
        return {"zone": self.zone, "fqdn": self.fqdn}

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, DSFNode):
            return _node_key(self.zone, self.fqdn) == _node_key(other.zone, other.fqdn)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_node_key(self.zone, self.fqdn))

    def __repr__(self) -> str:
        return "<DSFNode %s (zone %s)>" % (self.fqdn, self.zone)

    __str__ = __repr__


def _node_key(zone: str, fqdn: str) -> Tuple[str, str]:
    return zone.rstrip(".").lower(), fqdn.rstrip(".").lower()


def _node_dict(node: Any, field: str = "node") -> Dict[str, str]:
    """``{zone, fqdn}`` of a DSFNode, a zones Node, or a dict; checked."""
    if isinstance(node, dict):
        zone, fqdn = node.get("zone"), node.get("fqdn")
    elif hasattr(node, "zone") and hasattr(node, "fqdn"):
        zone, fqdn = node.zone, node.fqdn
    else:
        raise _invalid(field, node, "A DSFNode, a Node or a {'zone', 'fqdn'} dict expected")
    _checked("zone", zone, v.hostname)
    _checked("fqdn", fqdn, v.fqdn)
    name, apex = _node_key(zone, fqdn)[1], _node_key(zone, fqdn)[0]
    if name != apex and not name.endswith("." + apex):
        raise _invalid("fqdn", fqdn, "Not a name in zone %s" % zone)
    return {"zone": zone, "fqdn": fqdn}


# ---------------------------------------------------------------------------------------
# the service
# ---------------------------------------------------------------------------------------
class _RulesetList(APIList):
    """``TrafficDirector.rulesets``: a change PUTs ``{rulesets: [...]}`` once, with
    ``publish: 'Y'`` (and the publish note) when :attr:`service` publishes implicitly.
    The classic SDK published through one extra PUT per ruleset instead."""

    #: The owning service (None: a plain APIList).
    service: Optional["TrafficDirector"] = None

    @classmethod
    def of(cls, service: "TrafficDirector", items: Iterable[Any] = ()) -> "_RulesetList":
        uri = service._service_uri() if service._service_id is not None else None
        rulesets = cls(DynectSession.require_session, "rulesets", uri, list(items))
        rulesets.service = service
        return rulesets

    def _payload(self) -> dict:
        payload = super()._payload()
        if self.service is not None:
            payload.update(self.service._publish_args())
        return payload

    def _update_items(self, response: Any) -> None:
        if self.service is not None and self.service._implicitPublish:  # published: the note is used
            self.service._publish_note = None
        super()._update_items(response)


class TrafficDirector(_DSFTree):
    """A Traffic Director service.

    Explicit constructors: :meth:`get` (GET by id), :meth:`create` (POST) and
    :meth:`from_api` (wrap API data). Classic forms, kept:

    - ``TrafficDirector(service_id)`` or ``TrafficDirector(service_id=...)``: GET. The
      argument must look like an id; a label with spaces raises
      :class:`~dyn.tm.errors.DynectInvalidArgumentError` instead of asking the API for a
      service named like the label (the classic SDK did).
    - ``TrafficDirector(label, ttl=None, publish='Y', nodes=None, notifiers=None,
      rulesets=None, notes=None)`` with more than one argument, or ``label=`` alone: one
      ``POST /DSF/``.
    - ``TrafficDirector(api=False, **data)``: wrap API data, no request.
    """

    _id_key = "service_id"
    _uris = {"get": "/DSF/{sid}/", "put": "/DSF/{sid}/", "delete": "/DSF/{sid}/", "find": "/DSF/{sid}/"}
    _fields = (
        _Field("label", _label, doc="The service's label."),
        _Field("ttl", _ttl, doc="The default TTL of the answers."),
    )
    _nested = {"rulesets": "_build_rulesets", "notifiers": "_build_notifiers", "nodes": "_build_nodes",
               "active": "_build_active"}

    def _init_state(self) -> None:
        super()._init_state()
        self._rulesets: APIList = _RulesetList.of(self)
        self._notifiers: List[DSFNotifier] = []
        self._nodes: List[DSFNode] = []
        self._label: Optional[str] = None
        self._ttl: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._init_state()
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)
        elif (len(args) == 1 and not kwargs) or (not args and list(kwargs) == ["service_id"]):
            self._get(args[0] if args else kwargs["service_id"])
        else:
            self._post(*args, **kwargs)

    # -- explicit constructors --------------------------------------------------------
    @classmethod
    def get(cls, service_id: str) -> "TrafficDirector":
        """Fetch a service with its whole tree, pending changes included (``GET
        /DSF/{service_id}/`` with ``{pending_changes: 'Y'}``)."""
        service = cls._blank()
        service._get(service_id)
        return service

    @classmethod
    def create(cls, label: str, ttl: Optional[int] = None, publish: Any = True, nodes: Optional[List[Any]] = None,
               notifiers: Optional[List[Any]] = None, rulesets: Optional[List["DSFRuleset"]] = None,
               notes: Optional[str] = None) -> "TrafficDirector":
        """Create a service, with its whole ruleset tree, in one ``POST /DSF/``.

        :param label: the service label.
        :param ttl: the default TTL.
        :param publish: publish at once (True/'Y') or leave it pending (False/'N').
        :param nodes: :class:`DSFNode` objects (or zones ``Node`` objects or
            ``{zone, fqdn}`` dicts) to attach.
        :param notifiers: :class:`DSFNotifier` objects or notifier ids to link.
        :param rulesets: :class:`DSFRuleset` prototypes, in order.
        :param notes: a publish note.
        """
        service = cls._blank()
        service._post(label, ttl, publish, nodes, notifiers, rulesets, notes)
        return service

    @classmethod
    def from_api(cls, data: Dict[str, Any]) -> "TrafficDirector":
        """Wrap API service data (as ``GET /DSF/`` lists it); no request."""
        return cls._from_api(data)

    def _get_args(self) -> Dict[str, Any]:
        return {"pending_changes": "Y"}

    def _get(self, service_id: Any) -> None:
        self._service_id = _checked("service_id", service_id, _identifier)
        self._rulesets.uri = self._service_uri()
        self.refresh()

    def _post(self, label: str, ttl: Optional[int] = None, publish: Any = "Y", nodes: Any = None,
              notifiers: Optional[List[Any]] = None, rulesets: Optional[List[Any]] = None,
              notes: Optional[str] = None) -> None:
        self._fields[0].clean(label)
        _checked("ttl", ttl, _optional(_ttl))
        body: Dict[str, Any] = {"label": label, "publish": _yes_no("publish", publish),
                                "notes": _checked("notes", notes, _notes)}
        if ttl is not None:
            body["ttl"] = ttl
        if nodes is not None:
            if isinstance(nodes, (dict, DSFNode)) or (hasattr(nodes, "zone") and hasattr(nodes, "fqdn")):
                nodes = [nodes]
            body["nodes"] = [_node_dict(node, "nodes") for node in nodes]
        if notifiers is not None:
            body["notifiers"] = [{"notifier_id": _notifier_id(n)} for n in notifiers]
        if rulesets is not None:
            if not isinstance(rulesets, (list, tuple)) or not all(isinstance(r, DSFRuleset) for r in rulesets):
                raise _invalid("rulesets", rulesets, "A list of DSFRuleset expected")
            body["rulesets"] = [ruleset._json for ruleset in rulesets]
        data = _execute("/DSF/", "POST", body)
        self._build(data)
        log.debug("created %r", self)

    # -- building ------------------------------------------------------------------------
    def _build(self, data: Any) -> None:
        super()._build(data)
        self._rulesets.uri = self._service_uri() if self._service_id is not None else None

    def _build_rulesets(self, items: Any) -> None:
        if not isinstance(items, list):
            return
        self._rulesets = _RulesetList.of(self, [
            item if isinstance(item, DSFRuleset) else DSFRuleset._from_api(item, service_id=self._service_id)
            for item in items])

    def _build_notifiers(self, items: Any) -> None:
        if isinstance(items, list):
            self._notifiers = [DSFNotifier(td=True, **item) if isinstance(item, dict) and "notifier" in item
                               else DSFNotifier(api=False, **item) for item in items if isinstance(item, dict)]

    def _build_nodes(self, items: Any) -> None:
        if isinstance(items, list):
            self._nodes = [DSFNode(item["zone"], item.get("fqdn")) for item in items
                           if isinstance(item, dict) and item.get("zone")]

    def _build_active(self, value: Any) -> None:
        try:
            self._active = Active(value)
        except ValueError:
            self._active = value

    def _children(self) -> List[Any]:
        return list(self._rulesets)

    # -- properties ------------------------------------------------------------------------
    @property
    def ttl(self) -> Optional[int]:
        """The default TTL (an int; None when unknown). Assigning sends a PUT."""
        try:
            return int(self._ttl) if self._ttl is not None else None
        except (TypeError, ValueError):
            return self._ttl

    @ttl.setter
    def ttl(self, value: int) -> None:
        self._set_field(self._fields[1], value)

    @property
    def active(self) -> Any:
        """Whether the service is active (an :class:`~dyn.tm.utils.Active`), as last read."""
        return getattr(self, "_active", None)

    @property
    def rulesets(self) -> APIList:
        """The rulesets, in order; reading refreshes the service (GET). Changing the list
        (``append``, ``remove``, ...) PUTs ``{rulesets: [...], publish: 'Y'?}`` once
        (existing rulesets are sent with their ids, so they are kept) and updates the
        rulesets from the answer. Assigning a list replaces the local list only."""
        if self._service_id is not None:
            self.refresh()
        return self._rulesets

    @rulesets.setter
    def rulesets(self, value: Iterable[DSFRuleset]) -> None:
        self._rulesets = _RulesetList.of(self, value)

    def _walk(self) -> Iterator[Tuple[str, Any]]:
        for ruleset in self._rulesets:
            for pool in ruleset.response_pools:
                yield "response_pools", pool
                for chain in pool.failover_chains:
                    yield "failover_chains", chain
                    for record_set in chain.record_sets:
                        yield "record_sets", record_set
                        for record in record_set.records:
                            yield "records", record

    def _level(self, name: str) -> List[Any]:
        if self._service_id is not None:
            self.refresh()
        return _dedupe(obj for kind, obj in self._walk() if kind == name)

    @property
    def response_pools(self) -> List[DSFResponsePool]:
        """Every response pool reachable from the rulesets (refreshes; a pool shared by
        rulesets is listed once)."""
        return self._level("response_pools")

    @property
    def failover_chains(self) -> List[DSFFailoverChain]:
        """Every failover chain reachable from the rulesets (refreshes)."""
        return self._level("failover_chains")

    @property
    def record_sets(self) -> List[DSFRecordSet]:
        """Every record set reachable from the rulesets (refreshes)."""
        return self._level("record_sets")

    @property
    def records(self) -> List[_DSFRecord]:
        """Every record reachable from the rulesets (refreshes)."""
        return self._level("records")

    @property
    def all_response_pools(self) -> List[DSFResponsePool]:
        """Every response pool of the service, orphans included (:func:`get_all_response_pools`)."""
        return get_all_response_pools(self)

    @property
    def all_failover_chains(self) -> List[DSFFailoverChain]:
        """Every failover chain of the service, orphans included."""
        return get_all_failover_chains(self)

    @property
    def all_record_sets(self) -> List[DSFRecordSet]:
        """Every record set of the service, orphans included."""
        return get_all_record_sets(self)

    @property
    def all_records(self) -> List[_DSFRecord]:
        """Every record of the service, orphans included."""
        return get_all_records(self)

    @property
    def all_rulesets(self) -> List[DSFRuleset]:
        """Every ruleset of the service (:func:`get_all_rulesets`)."""
        return get_all_rulesets(self)

    @property
    def notifiers(self) -> List[DSFNotifier]:
        """The linked notifiers (refreshes)."""
        if self._service_id is not None:
            self.refresh()
        return self._notifiers

    # -- nodes -------------------------------------------------------------------------------
    def _node_uri(self) -> str:
        if self._service_id is None:
            raise _invalid("service_id", None, "The service is not created yet")
        return "/DSFNode/%s" % self._service_id

    def _node_publish(self) -> str:
        return "Y" if self._implicitPublish else "N"

    def _nodes_from(self, data: Any) -> None:
        if isinstance(data, list):
            self._build_nodes(data)

    @property
    def nodes(self) -> List[Dict[str, str]]:
        """The attached nodes as ``{zone, fqdn}`` dicts; reading sends ``GET
        /DSFNode/{service_id}``. Assigning a list replaces them all (PUT)."""
        self._nodes_from(_execute(self._node_uri(), "GET", {}))
        return [node.to_json() for node in self._nodes]

    @nodes.setter
    def nodes(self, value: Iterable[Any]) -> None:
        if isinstance(value, (dict, DSFNode)):
            value = [value]
        nodes = [_node_dict(node, "nodes") for node in value]
        self._nodes_from(_execute(self._node_uri(), "PUT", {"nodes": nodes, "publish": self._node_publish()}))

    @property
    def node_objects(self) -> List[DSFNode]:
        """The attached nodes as :class:`DSFNode` objects (GET)."""
        self._nodes_from(_execute(self._node_uri(), "GET", {}))
        return list(self._nodes)

    nodeObjects = node_objects

    def add_node(self, node: Any) -> None:
        """Attach a node (``POST /DSFNode/{service_id}`` with ``{node: {zone, fqdn},
        publish}``; ``publish`` follows :attr:`implicit_publish`)."""
        self._nodes_from(_execute(self._node_uri(), "POST", {"node": _node_dict(node),
                                                              "publish": self._node_publish()}))

    def remove_node(self, node: Any) -> None:
        """Detach a node (``DELETE /DSFNode/{service_id}``); the zone node itself stays."""
        self._nodes_from(_execute(self._node_uri(), "DELETE", {"node": _node_dict(node),
                                                                "publish": self._node_publish()}))

    # -- service-wide operations -----------------------------------------------------------
    def revert_changes(self) -> None:
        """Discard the service's pending changes (PUT ``{revert: true}``)."""
        self._put({"revert": True})

    def add_notifier(self, notifier: Any, notes: Optional[str] = None) -> None:
        """Link a notifier (a :class:`DSFNotifier`, an accounts ``Notifier`` or an id)."""
        self._put({"add_notifier": True, "notifier_id": _notifier_id(notifier)},
                  notes=_checked("notes", notes, _notes))

    def del_notifier(self, notifier: Any, notes: Optional[str] = None) -> None:
        """Unlink a notifier: a :class:`DSFNotifier` read from this service (it carries
        the ``link_id``) or a link id."""
        link_id = getattr(notifier, "link_id", None) if not isinstance(notifier, (str, int)) else notifier
        if link_id is None:
            raise _invalid("notifier", notifier, "A notifier read from this service (with a link_id) or a "
                                                 "link id expected")
        self._put({"remove_notifier": True, "link_id": _checked("link_id", link_id, _identifier)},
                  notes=_checked("notes", notes, _notes))

    def remove_orphans(self) -> None:
        """Drop the pools, chains and sets no ruleset reaches (PUT ``{remove_orphans: 'Y'}``)."""
        self._put({"remove_orphans": "Y"})

    def order_rulesets(self, ruleset_list: Sequence[Any], publish: bool = True) -> None:
        """Put the rulesets in this order (``{rulesets: [{dsf_ruleset_id}...]}``).

        :param ruleset_list: :class:`DSFRuleset` objects or ids.
        """
        if not isinstance(ruleset_list, (list, tuple)):
            raise _invalid("ruleset_list", ruleset_list, "A list of rulesets or ids expected")
        ids = [{"dsf_ruleset_id": _id_of(item, DSFRuleset, "ruleset_list")} for item in ruleset_list]
        self._put({"rulesets": ids}, publish=publish)

    def replace_all_rulesets(self, rulesets: Sequence[DSFRuleset]) -> None:
        """Replace every ruleset: delete the existing ones, then create the given ones
        in order (not atomic: one request each). An empty list deletes them all."""
        if not isinstance(rulesets, (list, tuple)) or not all(isinstance(r, DSFRuleset) for r in rulesets):
            raise _invalid("rulesets", rulesets, "A list of DSFRuleset expected")
        for old in get_all_rulesets(self):
            old.delete()
        for ruleset in rulesets:
            ruleset.create(self)

    def replace_one_ruleset(self, ruleset: DSFRuleset) -> None:
        """Replace the ruleset with the same label by ``ruleset``, at the same position
        (the classic SDK put it one position later); without a match, add it last."""
        if not isinstance(ruleset, DSFRuleset):
            raise _invalid("ruleset", ruleset, "A DSFRuleset expected")
        existing = get_all_rulesets(self)
        existing.sort(key=_ordering)
        for position, old in enumerate(existing):
            if old.label == ruleset.label:
                old.delete()
                ruleset.create(self, index=position)
                return
        ruleset.create(self)

    def delete(self) -> None:  # type: ignore[override]
        """Delete the service (``DELETE /DSF/{service_id}/``)."""
        if self._service_id is None:
            raise _invalid("service_id", None, "The service is not created yet")
        _execute(self._service_uri(), "DELETE", {})

    # -- views --------------------------------------------------------------------------------
    def to_json(self) -> Dict[str, Any]:
        """The service as a create body without server ids (so it can be posted again,
        e.g. to copy a service): ``{label, ttl?, nodes, rulesets}``; monitor ids stay."""
        body: Dict[str, Any] = {"label": self._label}
        if self._ttl is not None:
            body["ttl"] = self.ttl
        body["nodes"] = [node.to_json() for node in self._nodes]
        body["rulesets"] = [_without_ids(ruleset.to_json(skip_svc=True)) for ruleset in self._rulesets]
        return body

    def tree(self) -> str:
        """The service as indented text, as last read (no request)."""
        lines = [repr(self)]
        for node in self._nodes:
            lines.append("  node %s" % node.fqdn)
        for ruleset in self._rulesets:
            lines.append("  %r" % ruleset)
            for pool in ruleset.response_pools:
                lines.append("    %r" % pool)
                for chain in pool.failover_chains:
                    lines.append("      %r" % chain)
                    for record_set in chain.record_sets:
                        lines.append("        %r" % record_set)
                        for record in record_set.records:
                            lines.append("          %r" % record)
        return "\n".join(lines)

    def _repr_parts(self) -> List[str]:
        return super()._repr_parts() + ["ttl=%s" % (self._ttl,), "rulesets=%d" % len(self._rulesets)]


#: Keys left out of :meth:`TrafficDirector.to_json`: server ids (the API reads an entry
#: carrying one as a reference to that object) and positions.
_SERVER_KEYS = ("service_id", "dsf_ruleset_id", "dsf_response_pool_id", "dsf_record_set_failover_chain_id",
                "dsf_record_set_id", "dsf_record_id", "index")


def _without_ids(body: Any) -> Any:
    if isinstance(body, list):
        return [_without_ids(item) for item in body]
    if isinstance(body, dict):
        return {key: _without_ids(value) for key, value in body.items() if key not in _SERVER_KEYS}
    return body


def _ordering(ruleset: DSFRuleset) -> int:
    try:
        return int(ruleset.ordering)
    except (TypeError, ValueError):
        return 0


def _notifier_id(notifier: Any) -> str:
    """The id of a DSFNotifier, an accounts Notifier or an id string."""
    if isinstance(notifier, (str, int)) and not isinstance(notifier, bool):
        return _checked("notifier", notifier, _identifier)
    notifier_id = getattr(notifier, "notifier_id", None) or getattr(notifier, "_notifier_id", None)
    if notifier_id is None:
        raise _invalid("notifier", notifier, "A DSFNotifier, a Notifier or a notifier id expected")
    return notifier_id


# ---------------------------------------------------------------------------------------
# module functions
# ---------------------------------------------------------------------------------------
def _list(uri: str) -> List[Any]:
    data = _execute(uri, "GET", {"detail": "Y"})
    return data if isinstance(data, list) else []


def get_all_dsf_services() -> List[TrafficDirector]:
    """Every Traffic Director service (``GET /DSF/`` with ``{detail: 'Y'}``), built from
    the listing (no further requests)."""
    return [TrafficDirector(api=False, **item) for item in _list("/DSF/") if isinstance(item, dict)]


def get_all_notifiers() -> List[DSFNotifier]:
    """Every notifier (``GET /Notifier/``)."""
    return [DSFNotifier(api=False, **item) for item in _list("/Notifier/") if isinstance(item, dict)]


def get_all_dsf_monitors() -> List[DSFMonitor]:
    """Every monitor (``GET /DSFMonitor/``), with endpoint objects and ``Active`` flags."""
    return [DSFMonitor(api=False, **item) for item in _list("/DSFMonitor/") if isinstance(item, dict)]


def get_dsf_monitor(monitor_id: str) -> DSFMonitor:
    """One monitor (``GET /DSFMonitor/{id}`` with ``{detail: 'Y'}``)."""
    monitor_id = _checked("monitor_id", monitor_id, _identifier)
    return DSFMonitor(api=False, **_execute("/DSFMonitor/%s" % monitor_id, "GET", {"detail": "Y"}))


def get_all_records(service: Any) -> List[_DSFRecord]:
    """Every record of a service, orphans included: ``GET /DSFRecord/{service_id}/`` for
    the ids, then one ``GET /DSFRecord/{service_id}/{id}`` per record (classic)."""
    service_id = _service_id_of(service)
    found: List[_DSFRecord] = []
    for item in _list("/DSFRecord/%s/" % service_id):
        record_id = item.get("dsf_record_id") if isinstance(item, dict) else item
        if record_id is not None:
            found.extend(get_record(record_id, service_id, always_list=True))
    return found


def get_record(record_id: str, service: Any, always_list: bool = False) -> Any:
    """One record (``GET /DSFRecord/{service_id}/{id}``): an object, or a list when the
    API record holds several rdata entries or ``always_list``."""
    service_id = _service_id_of(service)
    record_id = _checked("record_id", record_id, _identifier)
    data = _execute("/DSFRecord/%s/%s" % (service_id, record_id), "GET", {"detail": "Y"})
    found = _DSFRecord._from_api_list(data, service_id=service_id)
    if always_list or len(found) != 1:
        return found
    return found[0]


def _getter(cls: Type[_DSFTree], uri: str, name: str) -> Tuple[Callable[..., Any], Callable[..., Any]]:
    def get_all(service: Any) -> List[Any]:
        service_id = _service_id_of(service)
        return [cls._from_api(item, service_id=service_id) for item in _list(uri % service_id)
                if isinstance(item, dict)]

    def get_one(object_id: str, service: Any) -> Any:
        service_id = _service_id_of(service)
        object_id = _checked(cls._id_key, object_id, _identifier)
        data = _execute(cls._uris["find"].format(sid=service_id, id=object_id), "GET", {"detail": "Y"})
        return cls._from_api(data, service_id=service_id)

    get_all.__doc__ = "Every %s of a service, orphans included (``GET %s`` with ``{detail: 'Y'}``)." % (
        name, uri % "{service_id}")
    get_one.__doc__ = "One %s (``GET %s`` with ``{detail: 'Y'}``)." % (
        name, cls._uris["find"].replace("{sid}", "{service_id}"))
    return get_all, get_one


get_all_record_sets, get_record_set = _getter(DSFRecordSet, "/DSFRecordSet/%s/", "record set")
get_all_failover_chains, get_failover_chain = _getter(DSFFailoverChain, "/DSFRecordSetFailoverChain/%s/",
                                                      "failover chain")
get_all_response_pools, get_response_pool = _getter(DSFResponsePool, "/DSFResponsePool/%s/", "response pool")
get_all_rulesets, get_ruleset = _getter(DSFRuleset, "/DSFRuleset/%s/", "ruleset")
for _function, _name in ((get_all_record_sets, "get_all_record_sets"), (get_record_set, "get_record_set"),
                         (get_all_failover_chains, "get_all_failover_chains"),
                         (get_failover_chain, "get_failover_chain"),
                         (get_all_response_pools, "get_all_response_pools"),
                         (get_response_pool, "get_response_pool"), (get_all_rulesets, "get_all_rulesets"),
                         (get_ruleset, "get_ruleset")):
    _function.__name__ = _function.__qualname__ = _name
del _function, _name


def _check_type(service: Any) -> str:
    """Classic helper: the service id of a TrafficDirector or an id string."""
    return _service_id_of(service)
