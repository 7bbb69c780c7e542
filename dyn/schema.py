"""Resource descriptions: one table per resource family, read by the SDK and the emulator.

A :class:`Resource` describes one REST object (a service, a region, a monitor, a user):
its fields (:class:`Field`: REST key, Python name, check, default, required, read-only,
nullable), the ids that address it, its URIs, its nested children and whether its writes
publish. The SDK classes build their constructors' checks, properties, payloads and
parsing from it; the emulator handlers check incoming bodies and build answers from the
very same description, so both sides refuse the same values with the same field named.
Emulator-only facts (generated ids, serve rules) live beside the emulator's model, never in
a second description.

>>> from dyn import validation as v
>>> monitor = Resource("Monitor", [Field("protocol", v.one_of(["HTTP", "HTTPS", "PING"])),
...                                Field("interval", v.integer, default=1)])
>>> monitor.check({"protocol": "HTTP"}, create=True)
{'protocol': 'HTTP', 'interval': 1}
>>> monitor.to_rest({"protocol": "PING", "interval": 5})
{'protocol': 'PING', 'interval': 5}

Records keep their own, older table (:mod:`dyn.tm.record_types`) with the same ideas.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Iterator, Mapping, Optional, Sequence, Tuple

from dyn.validation import Problem

__all__ = ["NO_DEFAULT", "Field", "Resource", "Problem", "field_property", "argument_error"]


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"

    def __bool__(self) -> bool:
        return False


NO_DEFAULT: Any = _NoDefault()
"""Marks a field without a default (a create must give it unless it is optional)."""

Check = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


class Field:
    """One field of a resource.

    :param name: the Python name (constructor argument, property).
    :param check: the value check from :mod:`dyn.validation` (``check(value) -> clean``,
        raising ``ValueError``); None: any value is sent as given and the server decides.
    :param default: the value a create uses when none is given (:data:`NO_DEFAULT`: none).
    :param rest: the REST key when it differs from *name*.
    :param required: a create must give it.
    :param readonly: set by the server only; never sent.
    :param nullable: ``None`` is a value to send (else ``None`` means "not given").
    :param child: the :class:`Resource` of a nested object (or list of objects).
    :param many: the field holds a list (of *child* objects, or of checked values).
    :param encode: Python value -> wire value (after the check).
    :param decode: wire value -> Python value.
    :param doc: one line for the property's docstring.
    """

    __slots__ = ("name", "check", "default", "rest", "required", "readonly", "nullable", "child", "many",
                 "encode", "decode", "doc")

    def __init__(self, name: str, check: Optional[Check] = None, default: Any = NO_DEFAULT, rest: Optional[str] = None,
                 required: bool = False, readonly: bool = False, nullable: bool = False,
                 child: Optional["Resource"] = None, many: bool = False, encode: Optional[Check] = None,
                 decode: Optional[Check] = None, doc: str = "") -> None:
        self.name = name
        self.check = check
        self.default = default
        self.rest = rest or name
        self.required = required
        self.readonly = readonly
        self.nullable = nullable
        self.child = child
        self.many = many
        self.encode = encode or _same
        self.decode = decode or _same
        self.doc = doc

    def clean(self, value: Any, label: Optional[str] = None, rest: bool = False) -> Any:
        """The checked value of this field.

        :param label: the name a problem carries (default: the Python name).
        :param rest: *value* is in wire form (nested objects keyed by REST key).
        :raises ~dyn.validation.Problem: naming the field.
        """
        label = label or self.name
        if value is None and self.nullable:
            return None
        if self.many:
            if not isinstance(value, (list, tuple)):
                raise Problem(label, value, "List expected")
            return [self._clean_one(item, label, rest) for item in value]
        return self._clean_one(value, label, rest)

    def _clean_one(self, value: Any, label: str, rest: bool) -> Any:
        if self.child is not None:
            return self.child._check(value, True, label + ".", rest, "ignore" if rest else "raise")
        if self.check is None:
            return value
        try:
            return self.check(value)
        except Problem as problem:
            if problem.field == label:
                raise
            raise Problem(label, value, problem.problem, problem.valid) from None
        except ValueError as err:
            raise Problem(label, value, str(err), getattr(self.check, "valid", None)) from None

    def to_rest(self, value: Any) -> Any:
        """The wire form of a (clean) Python value."""
        if value is None:
            return None
        if self.child is not None:
            if self.many:
                return [self.child.to_rest(item) for item in value]
            return self.child.to_rest(value)
        if self.many and isinstance(value, (list, tuple)):
            return [self.encode(item) for item in value]
        return self.encode(value)

    def from_rest(self, value: Any) -> Any:
        """The Python form of a wire value."""
        if value is None:
            return None
        if self.child is not None:
            if self.many:
                return [self.child.from_rest(item) for item in value or ()]
            return self.child.from_rest(value)
        if self.many and isinstance(value, (list, tuple)):
            return [self.decode(item) for item in value]
        return self.decode(value)

    def __repr__(self) -> str:
        return f"<Field {self.name}>"


class Resource:
    """One REST resource: its fields, ids, URIs and children.

    :param name: the resource name as the API writes it (``Failover``, ``GSLBRegion``).
    :param fields: the fields, in classic constructor order.
    :param ids: the fields (by Python name) that address one object, in URI order.
    :param uris: URI templates by kind (``"item"``, ``"collection"``, ...) written with
        ``{id}`` placeholders, without ``/REST`` (``"/Failover/{zone}/{fqdn}/"``).
    :param publishes: the writes of this resource publish at once (services do; zone
        records wait for a zone publish).
    :param description: one line for docs.
    """

    def __init__(self, name: str, fields: Iterable[Field] = (), ids: Sequence[str] = (),
                 uris: Optional[Mapping[str, str]] = None, publishes: bool = False, description: str = "") -> None:
        self.name = name
        self.fields: Tuple[Field, ...] = tuple(fields)
        self.ids: Tuple[str, ...] = tuple(ids)
        self.uris: Dict[str, str] = dict(uris or {})
        self.publishes = publishes
        self.description = description
        self.by_name: Dict[str, Field] = {f.name: f for f in self.fields}
        self.by_rest: Dict[str, Field] = {f.rest: f for f in self.fields}

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def __getitem__(self, name: str) -> Field:
        return self.by_name[name]

    def __repr__(self) -> str:
        return f"<Resource {self.name}>"

    @property
    def writable(self) -> Tuple[Field, ...]:
        """The fields a caller may send."""
        return tuple(f for f in self.fields if not f.readonly)

    # -- checks ----------------------------------------------------------------------------
    def check(self, values: Mapping[str, Any], create: bool = False, label_prefix: str = "",
              allow_unknown: bool = False) -> Dict[str, Any]:
        """Check values given by Python name (the SDK side); return the clean values.

        :param create: apply defaults and require the required fields; else only check
            what is given (an update).
        :param label_prefix: prefix for the field a problem names (nested objects).
        :param allow_unknown: pass unknown names through unchecked (else they raise).
        :raises ~dyn.validation.Problem: naming the first wrong field; a read-only field
            given is refused ("This field can not be changed").
        """
        return self._check(values, create, label_prefix, False, "keep" if allow_unknown else "raise")

    def check_rest(self, body: Mapping[str, Any], create: bool = False, label_prefix: str = "",
                   ignore_unknown: bool = True) -> Dict[str, Any]:
        """Check a REST body by REST key (the emulator side); return the clean values by
        REST key. Read-only fields in a body are ignored, as the API does; problems name
        the REST key (what the API's messages show).

        :param ignore_unknown: drop unknown keys (the API ignores them) instead of raising.
        :raises ~dyn.validation.Problem: naming the first wrong field.
        """
        return self._check(body, create, label_prefix, True, "ignore" if ignore_unknown else "raise")

    def _check(self, values: Any, create: bool, prefix: str, rest: bool, unknown: str) -> Dict[str, Any]:
        """The one check loop: *rest* picks the keys (REST or Python names); *unknown* is
        ``"raise"``, ``"keep"`` or ``"ignore"``."""
        if not isinstance(values, Mapping):
            raise Problem(prefix.rstrip(".") or self.name, values, "Object expected")
        specs = self.by_rest if rest else self.by_name
        clean: Dict[str, Any] = {}
        for key, value in values.items():
            spec = specs.get(key)
            if spec is None:
                if unknown == "raise":
                    raise Problem(prefix + key, value, "Unknown field",
                                  None if rest else [f.name for f in self.writable])
                if unknown == "keep":
                    clean[key] = value
                continue
            if spec.readonly:
                if rest:
                    continue
                raise Problem(prefix + key, value, "This field can not be changed")
            if value is None and not spec.nullable:
                continue
            clean[key] = spec.clean(value, prefix + key, rest)
        if create:
            self._complete(clean, prefix, rest)
        return clean

    def _complete(self, clean: Dict[str, Any], prefix: str, rest: bool) -> None:
        """Fill in defaults and refuse missing required fields (a create)."""
        for spec in self.fields:
            key = spec.rest if rest else spec.name
            if key in clean or spec.readonly:
                continue
            if spec.default is not NO_DEFAULT:
                default = spec.default() if callable(spec.default) else spec.default
                clean[key] = spec.to_rest(default) if rest else default
            elif spec.required:
                raise Problem(prefix + key, None, "This field is required")

    # -- wire forms ------------------------------------------------------------------------
    def to_rest(self, values: Mapping[str, Any], include_none: bool = False) -> Dict[str, Any]:
        """The REST body for values given by Python name (read-only fields left out; ``None``
        left out unless the field is nullable or *include_none*)."""
        body: Dict[str, Any] = {}
        for name, value in values.items():
            spec = self.by_name.get(name)
            if spec is None or spec.readonly:
                continue
            if value is None and not (spec.nullable or include_none):
                continue
            body[spec.rest] = spec.to_rest(value)
        return body

    def from_rest(self, data: Mapping[str, Any]) -> Dict[str, Any]:
        """Python values (by Python name) from a REST answer; unknown keys are kept under
        their REST key so nothing the server sent is lost."""
        values: Dict[str, Any] = {}
        for key, value in (data or {}).items():
            spec = self.by_rest.get(key)
            values[spec.name if spec else key] = spec.from_rest(value) if spec else value
        return values

    def uri(self, kind: str = "item", **ids: Any) -> str:
        """The URI of *kind* with the ids filled in, each percent-encoded as one path segment.

        >>> Resource("X", uris={"item": "/X/{zone}/{fqdn}/"}).uri(zone="a.com", fqdn="w w.a.com")
        '/X/a.com/w%20w.a.com/'
        """
        from urllib.parse import quote

        return self.uris[kind].format(**{k: quote(str(v), safe="") for k, v in ids.items()})


def argument_error(problem: Problem, error: Optional[type] = None) -> Exception:
    """The SDK's typed error for a :class:`~dyn.validation.Problem` (raised before sending).

    :param error: the error class (default :class:`dyn.tm.errors.DynectInvalidArgumentError`;
        MM code passes :class:`dyn.mm.errors.InvalidArgumentError`).
    """
    if error is None:
        from dyn.tm.errors import DynectInvalidArgumentError as error  # type: ignore[no-redef]
    return error(problem.field, problem.value, problem.valid, problem=problem.problem)


def field_property(spec: Field, update: Optional[Callable[[Any, Dict[str, Any]], None]] = None,
                   storage: Optional[str] = None, error: Optional[type] = None) -> property:
    """A property for *spec* on an SDK class.

    Reading returns ``self.<storage>`` (default ``_<name>``). Setting checks the value
    (a wrong one raises :func:`argument_error` naming the field, nothing sent) and, when
    *update* is given, calls ``update(self, {rest_key: wire_value})`` (the classic
    one-field PUT) instead of storing directly; read-only fields get no setter.
    """
    attr = storage or "_" + spec.name

    def getter(self: Any) -> Any:
        return getattr(self, attr, None)

    def setter(self: Any, value: Any) -> None:
        try:
            clean = spec.clean(value)
        except Problem as problem:
            raise argument_error(problem, error) from None
        if update is None:
            setattr(self, attr, clean)
        else:
            update(self, {spec.rest: spec.to_rest(clean)})

    return property(getter, None if spec.readonly else setter, doc=spec.doc or spec.name.replace("_", " "))
