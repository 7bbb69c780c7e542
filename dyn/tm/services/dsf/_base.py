"""Traffic Director plumbing: accepted values, checks, and the generic field, resource
and tree machinery every level uses."""
from __future__ import annotations

import logging
import re
from typing import Any, Callable, ClassVar, Dict, Iterable, List, Optional, Tuple

from dyn import validation as v
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.record_types import Problem
from dyn.tm.services import dsf_rules as rules
from dyn.tm.session import DynectSession
from dyn.tm.utils import Active

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
    from dyn.tm.services.dsf.service import TrafficDirector  # the top of the tree, defined last

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
