"""The DNS record types, as one declarative table read by the SDK and the emulator.

Each :class:`RecordType` lists its rdata fields (:class:`RField`) in the classic
constructor order, with the REST key, the classic default and the value check (from
:mod:`dyn.validation`). :mod:`dyn.tm.records` builds the record classes from this table
and checks arguments before sending; the emulator (``dyn.emulator``) validates incoming
rdata with the very same rules, so a value the SDK accepts is one the emulator accepts.

>>> from dyn.tm.record_types import RECORD_TYPES
>>> mx = RECORD_TYPES["MX"]
>>> mx.rest, mx.wrapper, [f.attr for f in mx.fields]
('MXRecord', 'mx_rdata', ['exchange', 'preference'])
>>> mx.check_args({"exchange": "mail.example.com.", "preference": 10})
{'exchange': 'mail.example.com.', 'preference': 10}
"""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from dyn import validation as v
from dyn.validation import Problem

__all__ = ["RField", "RecordType", "RECORD_TYPES", "REST_NAMES", "TYPE_NAMES", "DNSSEC_ALGORITHMS",
           "CSYNC_TYPES", "NO_DEFAULT", "record_type", "Problem"]


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()
"""Marks a field without a default: the caller must give it."""

DNSSEC_ALGORITHMS: Tuple[int, ...] = (1, 2, 3, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16, 253, 254)
"""IANA DNSSEC algorithm numbers (the classic SDK wrongly allowed only 1-5)."""

CSYNC_TYPES: Tuple[str, ...] = (
    "A", "AAAA", "CDS", "CDNSKEY", "CERT", "CNAME", "DHCID", "DNAME", "DNSKEY", "DS", "KEY", "KX",
    "LOC", "IPSECKEY", "MX", "NAPTR", "PTR", "PX", "NSAP", "RP", "NS", "SOA", "SPF", "SRV", "TLSA",
    "TXT", "SSHFP")
"""Record types a CSYNC record may list."""

U8 = v.int_range(0, 255)
U16 = v.int_range(0, 65_535)
U32 = v.int_range(0, 4_294_967_295)
HOST = v.hostname


def _host_or_root(value: Any) -> str:
    return v.hostname(value, allow_root=True)


def _comma_join(value: Any) -> Any:
    return ",".join(value) if isinstance(value, (list, tuple)) else value


def _comma_split(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class RField:
    """One field of a record type.

    :param attr: the Python name (constructor argument and property).
    :param check: the value check (returns the clean value or raises ``ValueError``).
    :param default: the classic constructor default (:data:`NO_DEFAULT`: required).
    :param key: the REST key when it differs from ``attr`` (CSYNC ``types``).
    :param top_level: sent beside ``rdata`` rather than inside it (NS ``service_class``).
    :param fixed: a constant always sent (LOC ``version``); not a constructor argument.
    :param readonly: set by the server only (SOA ``serial``); never sent.
    :param encode: turns the Python value into the wire value (CSYNC lists to commas).
    :param decode: turns the wire value into the Python value.
    """

    __slots__ = ("attr", "check", "default", "key", "top_level", "fixed", "readonly", "encode", "decode")

    def __init__(self, attr: str, check: Callable[[Any], Any], default: Any = NO_DEFAULT,
                 key: Optional[str] = None, top_level: bool = False, fixed: Any = NO_DEFAULT,
                 readonly: bool = False, encode: Callable[[Any], Any] = None,
                 decode: Callable[[Any], Any] = None) -> None:
        self.attr = attr
        self.check = check
        self.default = default
        self.key = key or attr
        self.top_level = top_level
        self.fixed = fixed
        self.readonly = readonly
        self.encode = encode or (lambda value: value)
        self.decode = decode or (lambda value: value)

    @property
    def required(self) -> bool:
        """Whether a create must give this field."""
        return self.default is NO_DEFAULT and self.fixed is NO_DEFAULT and not self.readonly

    @property
    def is_argument(self) -> bool:
        """Whether this field is a constructor argument."""
        return self.fixed is NO_DEFAULT and not self.readonly

    def clean(self, value: Any) -> Any:
        """The checked, canonical value; raises :class:`~dyn.validation.Problem` naming
        :attr:`attr`."""
        try:
            return self.check(value)
        except Problem:
            raise
        except ValueError as err:
            raise Problem(self.attr, value, str(err), getattr(self.check, "valid", None)) from None

    def __repr__(self) -> str:
        return f"<RField {self.attr}>"


Cross = Callable[[Dict[str, Any]], None]


class RecordType:
    """One record type.

    :param name: the type as the API writes it in bodies (``MX``).
    :param fields: the fields, constructor order first.
    :param display: ``str.format`` template of the value shown in ``str()`` (None: the
        record's fqdn).
    :param wrapper: the key :meth:`~dyn.tm.records.DNSRecord.rdata` wraps the rdata in
        (default ``<type>_rdata``).
    :param creatable: whether users may POST it (SOA may only be updated).
    :param single_arg_is_id: the classic treats one positional argument as a record id
        (when it cannot be the only rdata value).
    :param cross: a check over the clean values of several fields (e.g. the DS digest
        length against the digest type); raises :class:`~dyn.validation.Problem`.
    :param description: one line for the class docstring.
    """

    def __init__(self, name: str, fields: Iterable[RField] = (), display: Optional[str] = None,
                 wrapper: Optional[str] = None, creatable: bool = True, single_arg_is_id: bool = False,
                 cross: Optional[Cross] = None, description: str = "") -> None:
        self.name = name
        self.fields: Tuple[RField, ...] = tuple(fields)
        self.display = display
        self.wrapper = wrapper if wrapper is not None else f"{name.lower()}_rdata"
        self.creatable = creatable
        self.single_arg_is_id = single_arg_is_id
        self.cross = cross
        self.description = description
        self.by_attr: Dict[str, RField] = {f.attr: f for f in self.fields}
        self.by_key: Dict[str, RField] = {f.key: f for f in self.fields}

    @property
    def rest(self) -> str:
        """The REST resource name and class name (``MXRecord``)."""
        return f"{self.name}Record"

    @property
    def rec_name(self) -> str:
        """The lower-case type (``mx``), as in ``mx_records`` keys."""
        return self.name.lower()

    @property
    def arguments(self) -> Tuple[RField, ...]:
        """The constructor arguments, in order (``ttl`` follows them)."""
        return tuple(f for f in self.fields if f.is_argument)

    @property
    def required(self) -> Tuple[RField, ...]:
        """The fields a create must give."""
        return tuple(f for f in self.fields if f.required)

    # -- checks -------------------------------------------------------------------------

    def check_args(self, values: Mapping[str, Any], partial: bool = False) -> Dict[str, Any]:
        """Check Python-side values (by attribute name); return the clean values.

        :param values: the values to check; unknown names raise.
        :param partial: only check what is given (an update); else required fields
            must be present.
        :raises ~dyn.validation.Problem: naming the first wrong field.
        """
        clean: Dict[str, Any] = {}
        for attr, value in values.items():
            spec = self.by_attr.get(attr)
            if spec is None:
                if attr == "ttl":
                    clean["ttl"] = _clean_ttl(value)
                    continue
                raise Problem(attr, value, "Unknown field", [f.attr for f in self.arguments])
            if spec.readonly or spec.fixed is not NO_DEFAULT:
                raise Problem(attr, value, "This field can not be changed")
            clean[attr] = spec.clean(value)
        if not partial:
            for spec in self.required:
                if values.get(spec.attr) is None:
                    raise Problem(spec.attr, None, "This field is required")
        if self.cross is not None:
            self.cross(clean)
        return clean

    def bind(self, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Tuple[Dict[str, Any], Any]:
        """Map constructor arguments (rdata values in the classic order, then ``ttl``;
        or keywords) to ``(values by attribute name, ttl)``; ttl defaults to 0.

        :raises TypeError: too many, unknown or repeated arguments (as a call would).
        """
        names = [f.attr for f in self.arguments] + ["ttl"]
        if len(args) > len(names):
            raise TypeError("%s takes at most %d rdata arguments (%s), %d given"
                            % (self.rest, len(names), ", ".join(names), len(args)))
        values = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError("%s got an unexpected keyword argument %r (expected one of %s)"
                                % (self.rest, key, ", ".join(names)))
            if key in values:
                raise TypeError("%s got multiple values for argument %r" % (self.rest, key))
            values[key] = value
        ttl = values.pop("ttl", 0)
        return values, ttl

    def create_body(self, values: Mapping[str, Any], ttl: Any = 0) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """Check constructor values (by attribute name; classic defaults filled in) and build
        the create request body ``{"rdata": {...}, "ttl": ttl[, top-level fields]}``.

        :return: ``(body, values)``: the body and the full values by attribute name.
        :raises ~dyn.validation.Problem: a bad, missing or unknown value, or a type that
            cannot be created (SOA, UNKNOWN).
        """
        if not self.creatable:
            raise Problem("record_type", self.name, f"{self.name} records cannot be created")
        names = {f.attr for f in self.arguments}
        for attr, value in values.items():
            if attr not in names:
                raise Problem(attr, value, "Unknown field", sorted(names))
        # None for a field with a default means the default, as the emulator reads a null.
        given = {attr: value for attr, value in values.items()
                 if value is not None or self.by_attr[attr].default is NO_DEFAULT}
        full = {f.attr: (given[f.attr] if f.attr in given else f.default)
                for f in self.arguments if f.attr in given or f.default is not NO_DEFAULT}
        self.check_args({**full, "ttl": 0 if ttl is None else ttl})
        rdata: Dict[str, Any] = {}
        body: Dict[str, Any] = {"rdata": rdata}
        for spec in self.fields:
            if spec.fixed is not NO_DEFAULT:
                rdata[spec.key] = spec.fixed
            elif spec.attr in full:
                (body if spec.top_level else rdata)[spec.key] = spec.encode(full[spec.attr])
        body["ttl"] = ttl
        return body, full

    def check_wire(self, rdata: Mapping[str, Any], top: Optional[Mapping[str, Any]] = None,
                   partial: bool = False) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """Check a request body's ``rdata`` (by REST key) and top-level fields, as the
        emulator receives them; return ``(clean rdata, clean top-level fields)`` in wire
        form with defaults filled in (unless ``partial``). Unknown keys are ignored.

        :raises ~dyn.validation.Problem: whose ``field`` is the REST key.
        """
        values: Dict[str, Any] = {}
        for spec in self.fields:
            source = (top or {}) if spec.top_level else rdata
            if spec.key in source and source[spec.key] is not None and not spec.readonly:
                values[spec.attr] = spec.decode(source[spec.key])
        if not partial:  # defaults take part in the cross-field rules (DS digtype 1)
            for spec in self.arguments:
                if spec.attr not in values and spec.default is not NO_DEFAULT and spec.default is not None:
                    values[spec.attr] = spec.default
        try:
            clean = self.check_args({attr: value for attr, value in values.items()
                                     if self.by_attr[attr].fixed is NO_DEFAULT}, partial=partial)
        except Problem as problem:
            spec = self.by_attr.get(problem.field)
            if spec is not None:
                problem.field = spec.key
                problem.args = (f"{spec.key}: {problem.problem}",)
            raise
        wire_rdata: Dict[str, Any] = {}
        wire_top: Dict[str, Any] = {}
        for spec in self.fields:
            if spec.readonly:
                continue
            if spec.attr in clean:
                value = clean[spec.attr]
            elif spec.fixed is not NO_DEFAULT:
                value = spec.fixed
            elif not partial and spec.default is not NO_DEFAULT and spec.default is not None:
                value = spec.clean(spec.default)
            else:
                continue
            (wire_top if spec.top_level else wire_rdata)[spec.key] = spec.encode(value)
        return wire_rdata, wire_top

    def __repr__(self) -> str:
        return f"<RecordType {self.name}>"

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        # Pickled by name (its checks are functions): errors holding a type stay picklable.
        return record_type, (self.name,)


def _clean_ttl(value: Any) -> int:
    try:
        return v.ttl(value)
    except ValueError as err:
        raise Problem("ttl", value, str(err), f"0..{v.TTL_MAX}") from None


# -- cross-field rules ---------------------------------------------------------------------

DIGEST_HEX = {1: (40,), 2: (64,), 3: (64,), 4: (96,)}
"""Hex digits of a DS/CDS digest per digest type (SHA-1, SHA-256, GOST, SHA-384)."""
SSHFP_HEX = {1: (40,), 2: (64,)}
"""Hex digits of an SSHFP fingerprint per fingerprint type (SHA-1, SHA-256)."""
TLSA_HEX = {1: (64,), 2: (128,)}
"""Hex digits of TLSA data per matching type (0: the full data, any length)."""


def _length_rule(type_field: str, data_field: str, table: Dict[int, Tuple[int, ...]]) -> Cross:
    def check(clean: Dict[str, Any]) -> None:
        kind, data = clean.get(type_field), clean.get(data_field)
        if kind in table and data is not None:
            try:
                v.hex_string(data, table[kind])
            except ValueError as err:
                raise Problem(data_field, data, str(err)) from None
    return check


def _ipseckey_gateway(clean: Dict[str, Any]) -> None:
    gatetype, gateway = clean.get("gatetype"), clean.get("gateway")
    if gatetype is None or gateway is None:
        return
    checks = {0: lambda g: g if g in (".", "") else _fail("Must be '.' when gatetype is 0"),
              1: v.ipv4, 2: v.ipv6, 3: v.hostname}
    try:
        checks[gatetype](gateway)
    except ValueError as err:
        raise Problem("gateway", gateway, str(err)) from None


def _fail(problem: str) -> Any:
    raise ValueError(problem)


def _latitude(value: Any) -> Any:
    return _coordinate(value, 90, "NS")


def _longitude(value: Any) -> Any:
    return _coordinate(value, 180, "EW")


def _coordinate(value: Any, limit: int, hemispheres: str) -> Any:
    """RFC 1876 ``d [m [s]] H`` text, or a signed decimal number of degrees (a number
    or a numeric string); returns the value as given."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if -limit <= value <= limit:  # False for NaN
            return value
        raise ValueError(f"Must be between -{limit} and {limit} degrees")
    if isinstance(value, str):
        parts = value.split()
        if parts and len(parts[-1]) == 1 and parts[-1].upper() in hemispheres:
            if 2 <= len(parts) <= 4 and all(_UNSIGNED.fullmatch(p) for p in parts[:-1]):
                numbers = [float(p) for p in parts[:-1]]
                minutes_seconds = numbers[1:]
                if numbers[0] <= limit and all(n < 60 for n in minutes_seconds) and \
                        (numbers[0] < limit or not any(minutes_seconds)) and \
                        all(float(p).is_integer() for p in parts[1:-2]) and \
                        (len(parts) == 2 or float(parts[0]).is_integer()):
                    return value
        elif _SIGNED.fullmatch(value.strip()):
            _coordinate(float(value), limit, hemispheres)
            return value
    raise ValueError(f"Coordinate expected (e.g. '42 21 54.000 {hemispheres[0]}')")


_UNSIGNED = re.compile(r"[0-9]+(\.[0-9]+)?")
_SIGNED = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


# -- the table -----------------------------------------------------------------------------

def _dnskey_like(name: str, description: str, protocol: Callable[[Any], Any], order: str) -> RecordType:
    fields = {
        "protocol": RField("protocol", protocol),
        "public_key": RField("public_key", v.base64_data),
        "algorithm": RField("algorithm", v.one_of((0,) + DNSSEC_ALGORITHMS if name.startswith("C")
                                                  else DNSSEC_ALGORITHMS, v.integer), default=5),
        "flags": RField("flags", U16, default=256),
    }
    if order == "key":  # KEY: algorithm, flags, protocol, public_key, all required
        fields["algorithm"] = RField("algorithm", v.one_of(DNSSEC_ALGORITHMS, v.integer))
        fields["flags"] = RField("flags", U16)
        ordered = [fields[k] for k in ("algorithm", "flags", "protocol", "public_key")]
    else:
        ordered = [fields[k] for k in ("protocol", "public_key", "algorithm", "flags")]
    return RecordType(name, ordered, display="{public_key}", single_arg_is_id=True, description=description)


def _ds_like(name: str, description: str) -> RecordType:
    algorithms = (0,) + DNSSEC_ALGORITHMS if name == "CDS" else DNSSEC_ALGORITHMS
    return RecordType(name, [
        RField("digest", v.hex_string),
        RField("keytag", U16),
        RField("algorithm", v.one_of(algorithms, v.integer), default=5),
        RField("digtype", v.one_of((0, 1, 2, 3, 4) if name == "CDS" else (1, 2, 3, 4), v.integer), default=1),
    ], display="{digest}", single_arg_is_id=True, cross=_length_rule("digtype", "digest", DIGEST_HEX),
        description=description)


def _txt_like(name: str, description: str) -> RecordType:
    return RecordType(name, [RField("txtdata", v.txt_data)], display="{txtdata}", description=description)


_TYPES: List[RecordType] = [
    RecordType("A", [RField("address", v.ipv4)], display="{address}", description="An IPv4 address."),
    RecordType("AAAA", [RField("address", v.ipv6)], display="{address}", description="An IPv6 address."),
    RecordType("ALIAS", [RField("alias", HOST)], display="{alias}",
               description="A CNAME-like alias allowed at the zone apex."),
    RecordType("CAA", [
        RField("flags", U8), RField("tag", lambda value: v.word(value, 15)),
        RField("value", lambda value: v.text(value, 4000, allow_empty=True)),
    ], single_arg_is_id=True, description="Certification Authority Authorization."),
    _dnskey_like("CDNSKEY", "Child copy of a DNSKEY record.", U8, "dnskey"),
    _ds_like("CDS", "Child copy of a DS record."),
    RecordType("CERT", [
        RField("format", U16), RField("tag", U16), RField("algorithm", U8),
        RField("certificate", v.base64_data),
    ], display="{certificate}", single_arg_is_id=True, description="A certificate or revocation list."),
    RecordType("CNAME", [RField("cname", HOST)], display="{cname}", description="A canonical name."),
    RecordType("CSYNC", [
        RField("soa_serial", U32), RField("flags", v.string_list(("soaminimum", "immediate")),
                                          encode=_comma_join, decode=_comma_split),
        RField("rectypes", v.string_list(CSYNC_TYPES), key="types", encode=_comma_join, decode=_comma_split),
    ], description="Child-to-parent synchronisation."),
    RecordType("DHCID", [RField("digest", v.base64_data)], display="{digest}", single_arg_is_id=True,
               description="DHCP identifier."),
    RecordType("DNAME", [RField("dname", HOST)], display="{dname}", description="Delegation of a subtree."),
    _dnskey_like("DNSKEY", "A DNSSEC public key.", v.one_of((3,), v.integer), "dnskey"),
    _ds_like("DS", "Delegation signer."),
    _dnskey_like("KEY", "A public key (legacy).", U8, "key"),
    RecordType("KX", [RField("exchange", HOST), RField("preference", U16)], display="{exchange}",
               single_arg_is_id=True, description="Key exchanger."),
    RecordType("LOC", [
        RField("altitude", v.decimal(-100_000, 42_849_672.95)),
        RField("latitude", _latitude), RField("longitude", _longitude),
        RField("horiz_pre", v.decimal(0, 90_000_000), default=10000),
        RField("size", v.decimal(0, 90_000_000), default=1),
        RField("vert_pre", v.decimal(0, 90_000_000), default=10),
        RField("version", v.integer, fixed=0),
    ], display="{latitude} {longitude}", description="Geographical location."),
    RecordType("IPSECKEY", [
        RField("precedence", U8), RField("gatetype", v.int_range(0, 3)),
        RField("algorithm", v.int_range(0, 4)),  # 0 none, 1 DSA, 2 RSA, 3 ECDSA, 4 EdDSA (RFC 9373)
        RField("gateway", lambda value: v.text(value, 255)), RField("public_key", v.base64_data),
    ], display="{public_key}", cross=_ipseckey_gateway, description="An IPsec key."),
    RecordType("MX", [RField("exchange", _host_or_root), RField("preference", U16, default=10)],
               display="{exchange}", description="A mail exchanger."),
    RecordType("NAPTR", [
        RField("order", U16), RField("preference", U16),
        RField("services", lambda value: v.text(value, 255, allow_empty=True)),
        RField("regexp", lambda value: v.text(value, 255, allow_empty=True)),
        RField("replacement", _host_or_root),
        RField("flags", lambda value: v.word(value, 16, allow_empty=True), default="U"),
    ], display="{replacement}", description="Naming authority pointer."),
    RecordType("PTR", [RField("ptrdname", HOST)], display="{ptrdname}", description="A pointer (reverse DNS)."),
    RecordType("PX", [RField("preference", U16), RField("map822", HOST), RField("mapx400", HOST)],
               display="{map822} {mapx400}", wrapper="pxr_rdata", description="X.400 mail mapping."),
    RecordType("NSAP", [RField("nsap", lambda value: _nsap(value))], display="{nsap}",
               description="An OSI network service access point."),
    RecordType("RP", [RField("mbox", v.mailbox), RField("txtdname", HOST)], display="{txtdname}",
               description="Responsible person."),
    RecordType("NS", [RField("nsdname", HOST), RField("service_class", lambda value: v.text(value, 64, True),
                                                      default="", top_level=True)],
               display="{nsdname}", description="A delegation to a name server."),
    RecordType("SOA", [
        RField("rname", v.mailbox), RField("minimum", v.ttl, default=NO_DEFAULT),
        RField("serial_style", v.one_of(("increment", "epoch", "day", "minute")), top_level=True,
               default=NO_DEFAULT),
        RField("mname", HOST, readonly=True), RField("serial", U32, readonly=True),
        RField("refresh", v.ttl, readonly=True), RField("retry", v.ttl, readonly=True),
        RField("expire", v.ttl, readonly=True),
    ], creatable=False, description="Start of authority (created with the zone; update only)."),
    _txt_like("SPF", "Sender policy (a TXT record of type SPF)."),
    RecordType("SRV", [RField("port", U16), RField("priority", U16), RField("target", _host_or_root),
                       RField("weight", U16)], display="{target}", description="A service location."),
    RecordType("SSHFP", [RField("algorithm", v.one_of((1, 2, 3, 4, 6), v.integer)),
                         RField("fptype", v.one_of((1, 2), v.integer)), RField("fingerprint", v.hex_string)],
               display="{fingerprint}", single_arg_is_id=True,
               cross=_length_rule("fptype", "fingerprint", SSHFP_HEX), description="An SSH key fingerprint."),
    RecordType("TLSA", [RField("cert_usage", v.int_range(0, 3)), RField("selector", v.int_range(0, 1)),
                        RField("match_type", v.int_range(0, 2)), RField("certificate", v.hex_string)],
               display="{certificate}", single_arg_is_id=True,
               cross=_length_rule("match_type", "certificate", TLSA_HEX),
               description="A TLS certificate association (DANE)."),
    _txt_like("TXT", "Text."),
    RecordType("UNKNOWN", [], creatable=False, wrapper="", description="A record of a type this SDK does not model."),
]


def _nsap(value: Any) -> str:
    if isinstance(value, str) and value[:2].lower() == "0x":
        digits = value[2:].replace(".", "")
        try:
            return v.hex_string(digits) and value
        except ValueError:
            pass
    raise ValueError("NSAP address expected (0x followed by hexadecimal digits)")


# SOA: minimum and serial_style are optional in an update (only rname is required).
for _spec in _TYPES[[t.name for t in _TYPES].index("SOA")].fields:
    if _spec.attr in ("minimum", "serial_style"):
        _spec.default = None

RECORD_TYPES: Dict[str, RecordType] = {t.name: t for t in _TYPES}
"""Every record type by its API name (``A``, ``MX``, ..., ``UNKNOWN``)."""

REST_NAMES: Dict[str, RecordType] = {t.rest.lower(): t for t in _TYPES if t.name != "UNKNOWN"}
"""Record types by lower-case REST name (``arecord``), for URI routing."""

TYPE_NAMES: Tuple[str, ...] = tuple(t.name for t in _TYPES if t.name != "UNKNOWN")
"""The 30 types with a REST resource, in table order."""


def record_type(name: str) -> RecordType:
    """The :class:`RecordType` for ``A``, ``a``, ``ARecord`` or ``a_records``
    (UNKNOWN for anything else)."""
    key = name.split("_")[0].upper()
    if key.endswith("RECORD") and key != "RECORD":
        key = key[:-6]
    return RECORD_TYPES.get(key, RECORD_TYPES["UNKNOWN"])
