"""DNS records: :class:`DNSRecord` and one class per record type (``ARecord``,
``MXRecord``, ... ``UNKNOWNRecord``).

The classes are generated from the declarative table in :mod:`dyn.tm.record_types`
(REST type, rdata fields, classic defaults, value checks), so every type behaves the
same way and the emulator validates with the same rules.

Classic use, unchanged::

    >>> from dyn.tm.records import ARecord, MXRecord
    >>> ARecord('example.com', 'www.example.com.', '192.0.2.10', ttl=300)   # POST
    >>> MXRecord('example.com', 'example.com.', 'mail.example.com.', 10)    # POST
    >>> rec = ARecord('example.com', 'www.example.com.', record_id=1234)    # GET
    >>> rec.address = '192.0.2.11'                                          # PUT

Constructor protocol (the classic one, minus its surprises):

- ``create=...`` in the keywords builds the object from the given data, no request;
- ``record_id=...`` fetches that record (GET);
- otherwise any rdata value (positional, in the classic argument order, or by keyword)
  or ``ttl`` creates the record (POST). A single positional value creates the record
  when the type needs only one value (``TXTRecord(zone, fqdn, 'v=spf1 -all')``: the
  classic silently did nothing); for the types the classic read it as a record id
  (DS, DNSKEY, KEY, KX, CDS, CDNSKEY, CERT, SSHFP, TLSA, CAA, and DHCID given an
  ``int``), it is still a record id;
- no value at all makes a local object and sends nothing.

Explicit alternatives: :meth:`DNSRecord.get` (always a GET) and :meth:`DNSRecord.new`
(always a POST); :meth:`DNSRecord.update` changes several values with one PUT (needed
when fields are checked together, e.g. a DS digest and its digest type). Every value
is checked before sending: a bad one raises
:class:`~dyn.tm.errors.DynectInvalidArgumentError` naming the field, and nothing is
sent. Changes are pending until :meth:`dyn.tm.zones.Zone.publish`.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple, Type

from dyn import validation
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.record_types import NO_DEFAULT, RECORD_TYPES, Problem, RecordType, RField, record_type
from dyn.tm.session import DynectSession
from dyn.tm.utils import quiet_readonly

__all__ = ["DNSRecord", "RECS", "record_from_api", "record_class"] + [t.rest for t in RECORD_TYPES.values()]

log = logging.getLogger(__name__)

#: Fields always sent with an update, as the classic did (NS nsdname, SOA rname).
ANCHOR_FIELDS = {"NS": "nsdname", "SOA": "rname"}


def _invalid(problem: Problem) -> DynectInvalidArgumentError:
    return DynectInvalidArgumentError(problem.field, problem.value, problem.valid, problem=problem.problem)


def _check_ttl(value: Any) -> None:
    try:
        validation.ttl(value)
    except ValueError as err:
        raise DynectInvalidArgumentError("ttl", value, problem=str(err)) from None


def _session() -> DynectSession:
    return DynectSession.resolve()


class DNSRecord:
    """The base of every record class.

    :param zone: the zone name (``example.com``).
    :param fqdn: the node's fully qualified name (``www.example.com.``).
    :param create: False builds a local object that never refreshes itself (list
        helpers use it); True (default) lets the object talk to the API.
    """

    #: The table entry of the class (None on the base class).
    _type: Optional[RecordType] = None

    def __init__(self, zone: Optional[str], fqdn: Optional[str], create: bool = True) -> None:
        self._zone = zone
        # The apex is '' or None, as in Zone.add_record (a zone without a node name).
        self._fqdn = zone.rstrip(".") + "." if fqdn in ("", None) and isinstance(zone, str) and zone else fqdn
        self._ttl: Optional[int] = None
        self._record_type: Optional[str] = self._type.rest if self._type else None
        self._record_id: Optional[int] = None
        self._note: Optional[str] = None
        self.create = create
        self.api_args: Dict[str, Any] = {"rdata": {}}
        self._implicitPublish = True

    # -- explicit constructors ----------------------------------------------------------

    @classmethod
    def get(cls, zone: str, fqdn: str, record_id: int) -> "DNSRecord":
        """Fetch an existing record by id (``GET``), whatever the argument count rules."""
        return cls(zone, fqdn, record_id=record_id)

    @classmethod
    def new(cls, zone: str, fqdn: str, *args: Any, **kwargs: Any) -> "DNSRecord":
        """Create a record (``POST``) from rdata given positionally (classic order) or by
        keyword, plus ``ttl``; never reads one argument as a record id."""
        record = cls(zone, fqdn, create=True)
        values, ttl = record._arguments(args, kwargs)
        record._post(values, ttl)
        return record

    # -- URIs and requests --------------------------------------------------------------

    def _rest_type(self) -> str:
        if self._record_type and not self._record_type.endswith("Record"):
            self._record_type += "Record"
        return self._record_type or "UNKNOWNRecord"

    def _base_uri(self) -> str:
        if self._fqdn is not None and not self._fqdn.endswith("."):
            self._fqdn += "."
        return "/%s/%s/%s/" % (self._rest_type(), self._zone, self._fqdn)

    def _uri(self, record_id: Any = None) -> str:
        record_id = self._record_id if record_id is None else record_id
        base = self._base_uri()
        return base if record_id is None else "%s%s/" % (base, record_id)

    def _create_record(self, api_args: Dict[str, Any]) -> None:
        """POST the record (only when :attr:`create` is set), then build from the answer."""
        if self.create:
            response = _session().execute(self._base_uri(), "POST", api_args)
            self._build(response["data"])

    def _get_record(self, record_id: Any) -> None:
        """GET the record (only when :attr:`create` is set), then build from the answer."""
        if self.create:
            self._record_id = record_id
            response = _session().execute(self._uri(record_id), "GET", {})
            self._build(response["data"])

    def _update_record(self, api_args: Dict[str, Any]) -> None:
        """PUT ``api_args`` to the record, then build from the answer."""
        response = _session().execute(self._uri(), "PUT", api_args)
        self._build(response["data"])

    def _pull(self) -> None:
        """Refresh from the API (a GET) when the record has an id and may talk to the API."""
        if self._record_id is not None:
            self._get_record(self._record_id)

    def _build(self, data: Dict[str, Any]) -> None:
        """Store an API record object (or keyword data): rdata values by field, the rest
        as ``_<key>``."""
        if not isinstance(data, dict):
            return
        spec = self._type
        for key, value in data.items():
            if key == "rdata" and isinstance(value, dict):
                self._build_rdata(value)
            elif key == "record_type":
                self._record_type = value if str(value).endswith("Record") else "%sRecord" % value
            elif spec is not None and key in spec.by_key and spec.by_key[key].top_level:
                setattr(self, "_" + spec.by_key[key].attr, value)
            else:
                field = spec.by_key.get(key) if spec is not None else None
                if field is not None:
                    setattr(self, "_" + field.attr, field.decode(value))
                else:
                    setattr(self, "_" + key, value)

    def _build_rdata(self, rdata: Dict[str, Any]) -> None:
        spec = self._type
        for key, value in rdata.items():
            field = spec.by_key.get(key) if spec is not None else None
            if field is not None:
                setattr(self, "_" + field.attr, field.decode(value))
            else:
                setattr(self, "_" + key, value)

    # -- classic public members --------------------------------------------------------

    zone = quiet_readonly("_zone", "The zone name (read-only).")
    fqdn = quiet_readonly("_fqdn", "The node's fully qualified name (read-only).")
    record_id = quiet_readonly("_record_id", "The record id (0 until the zone is published; read-only).")

    @property
    def ttl(self) -> Optional[int]:
        """The TTL (0 = the zone default). Reading sends nothing; setting sends a PUT."""
        return self._ttl

    @ttl.setter
    def ttl(self, value: int) -> None:
        _check_ttl(value)
        self._ttl = value
        self.api_args["ttl"] = value
        self._anchor()
        self._update_record(self.api_args)
        self._ttl = value

    @property
    def rec_name(self) -> str:
        """The lower-case type (``a``), as in ``a_rdata``."""
        return (self._record_type or "").replace("Record", "").lower()

    @property
    def geo_node(self) -> Dict[str, Any]:
        """``{'zone': ..., 'fqdn': ...}`` (used by the Geo service)."""
        return {"zone": self._zone, "fqdn": self._fqdn}

    def _rdata_values(self) -> Dict[str, Any]:
        """The rdata by REST key from the cached values (encoded as sent)."""
        values: Dict[str, Any] = {}
        for spec in (self._type.fields if self._type else ()):
            if spec.top_level or spec.readonly:
                continue
            value = spec.fixed if spec.fixed is not NO_DEFAULT else getattr(self, "_" + spec.attr, None)
            values[spec.key] = spec.encode(value) if value is not None else None
        return values

    def rdata(self) -> Dict[str, Any]:
        """The rdata wrapped in its type key, e.g. ``{'a_rdata': {'address': ..., 'note': None}}``
        (None values kept, as in the classic SDK)."""
        values = self._rdata_values()
        values["note"] = self._note
        wrapper = self._type.wrapper if self._type else ""
        return {wrapper: values} if wrapper else values

    @property
    def geo_rdata(self) -> Dict[str, Any]:
        """The rdata without its wrapper and without None values (used by the services)."""
        values = self._rdata_values()
        values["note"] = self._note
        return {key: value for key, value in values.items() if value is not None}

    def update(self, **values: Any) -> None:
        """Change several rdata values (and ``ttl``) with a single PUT, e.g.
        ``ds.update(digest=new_sha256, digtype=2)``: fields checked together (the DS
        digest length follows the new digest type) cannot be changed one property at a
        time. Values are checked before sending."""
        spec = self._type
        if spec is None or not values:
            return
        try:
            clean = spec.check_args(values, partial=True)
            if spec.cross is not None:
                current = {f.attr: getattr(self, "_" + f.attr, None) for f in spec.fields}
                current.update(clean)
                spec.cross({k: v for k, v in current.items() if v is not None})
        except Problem as problem:
            raise _invalid(problem) from None
        fields = [spec.by_attr[attr] for attr in values if attr != "ttl"]
        if spec.name == "SOA":
            rname = values.get("rname", getattr(self, "_rname", None))
            payload: Dict[str, Any] = {"rdata": {"rname": rname}}
            self.api_args = {"rdata": {"rname": rname}}
        else:
            payload = self.api_args
        for field in fields:
            value = values[field.attr]
            (payload if field.top_level else payload.setdefault("rdata", {}))[field.key] = field.encode(value)
        if "ttl" in values:
            payload["ttl"] = values["ttl"]
        self._anchor()
        self._update_record(payload)
        for field in fields:
            setattr(self, "_" + field.attr, field.decode(field.encode(values[field.attr])))
        if "ttl" in values:
            self._ttl = values["ttl"]

    def delete(self) -> None:
        """Delete this record (pending until publish). Without a record id this deletes
        **every record of this type at the node**, as the classic SDK did."""
        _session().execute(self._uri(), "DELETE", {})

    # -- representation -----------------------------------------------------------------

    def _display(self) -> str:
        spec = self._type
        if spec is None or spec.display is None:
            return str(self._fqdn)
        return spec.display.format(**{f.attr: getattr(self, "_" + f.attr, None) for f in spec.fields})

    def __str__(self) -> str:
        return "<%s>: %s" % (self._rest_type(), self._display())

    def __repr__(self) -> str:
        return "<%s>: %s (fqdn=%s, ttl=%s, record_id=%s)" % (
            self._rest_type(), self._display(), self._fqdn, self._ttl, self._record_id)

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) - {name for name in vars(self) if name.startswith("_")})

    # -- helpers for subclasses ---------------------------------------------------------

    def _setter_payload(self, field: RField, value: Any) -> Dict[str, Any]:
        """The PUT body of a property setter: the classic accumulated :attr:`api_args`
        with the new value (and the anchor field)."""
        if field.top_level:
            self.api_args[field.key] = value
        else:
            self.api_args.setdefault("rdata", {})[field.key] = field.encode(value)
        self._anchor()
        if field.top_level and self._type is not None and self._type.name == "NS":
            # classic: {rdata: {nsdname}, service_class}; api_args keeps the new value so
            # a later update does not send the old one back
            return {"rdata": {"nsdname": getattr(self, "_nsdname", None)}, field.key: value}
        return self.api_args

    def _anchor(self) -> None:
        """Add the field the API needs with every update (NS nsdname, SOA rname)."""
        name = ANCHOR_FIELDS.get(self._type.name) if self._type else None
        if name is not None:
            value = getattr(self, "_" + name, None)
            if value is not None:
                self.api_args.setdefault("rdata", {}).setdefault(name, value)

    def _arguments(self, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Tuple[Dict[str, Any], Any]:
        """Map positional and keyword constructor arguments to ``(rdata values, ttl)``."""
        return self._type.bind(args, kwargs)

    def _post(self, values: Dict[str, Any], ttl: Any = 0) -> None:
        """Check and create the record (POST)."""
        try:
            api_args, full = self._type.create_body(values, ttl)
        except Problem as problem:
            raise _invalid(problem) from None
        self._check_node()
        for attr, value in full.items():
            setattr(self, "_" + attr, value)
        self._ttl = ttl
        self.api_args = api_args
        self._create_record(api_args)

    def _check_node(self) -> None:
        """The zone and node names are valid, and the node is in the zone."""
        for name, value in (("zone", self._zone), ("fqdn", self._fqdn)):
            try:
                validation.fqdn(value) if name == "fqdn" else validation.zone_name(value)
            except ValueError as err:
                raise DynectInvalidArgumentError(name, value, problem=str(err)) from None
        node = self._fqdn.rstrip(".").lower()
        zone = self._zone.rstrip(".").lower()
        if node != zone and not node.endswith("." + zone):
            raise DynectInvalidArgumentError("fqdn", self._fqdn, problem="not a name in zone %s" % self._zone)


def _rdata_property(field: RField) -> property:
    """A classic rdata property: reading refreshes (GET) a live record, writing PUTs."""
    private = "_" + field.attr

    def getter(self: DNSRecord) -> Any:
        if self.create:
            self._pull()
        return getattr(self, private, None)

    def setter(self: DNSRecord, value: Any) -> None:
        try:
            clean = field.clean(value)
            if self._type.cross is not None:
                current = {f.attr: getattr(self, "_" + f.attr, None) for f in self._type.fields}
                current[field.attr] = clean
                self._type.cross({k: v for k, v in current.items() if v is not None})
        except Problem as problem:
            raise _invalid(problem) from None
        self._update_record(self._setter_payload(field, value))
        setattr(self, private, field.decode(field.encode(value)))  # CSYNC: lists stay lists

    getter.__name__ = field.attr
    doc = "The %s value. Reading refreshes a live record (GET); setting sends a PUT." % field.key
    if field.readonly or field.fixed is not NO_DEFAULT:
        return property(getter, doc=doc.replace("; setting sends a PUT", " (read-only)"))
    return property(getter, setter, doc=doc)


class _TableRecord(DNSRecord):
    """A record class generated from a :class:`~dyn.tm.record_types.RecordType`."""

    def __init__(self, zone: Optional[str], fqdn: Optional[str], *args: Any, **kwargs: Any) -> None:
        if "create" in kwargs:
            super().__init__(zone, fqdn, kwargs.pop("create"))
            self._build(kwargs)
            self._after_build()
            return
        super().__init__(zone, fqdn)
        if "record_id" in kwargs:
            record_id = kwargs.pop("record_id")
            if args or kwargs:
                raise TypeError("record_id= cannot be combined with rdata arguments")
            self._get_record(record_id)
            self._after_build()
            return
        spec = self._type
        if len(args) == 1 and not kwargs and spec.single_arg_is_id and (
                len(spec.required) > 1 or isinstance(args[0], int)):
            self._get_record(args[0])  # the classic read a lone value as a record id
            self._after_build()
            return
        values, ttl = self._arguments(args, kwargs)
        if values or args or "ttl" in kwargs:
            self._post(values, ttl)

    def _after_build(self) -> None:
        """Hook run after building from data (SOA keeps its anchor)."""


class _SOABase(_TableRecord):
    """SOA records are created with the zone; they can only be fetched and updated."""

    def __init__(self, zone: Optional[str], fqdn: Optional[str], *args: Any, **kwargs: Any) -> None:
        if "create" in kwargs or "record_id" in kwargs:
            super().__init__(zone, fqdn, **kwargs)
            return
        if len(args) > 1 or kwargs:
            raise TypeError("SOARecord(zone, fqdn[, record_id]): SOA records cannot be created")
        DNSRecord.__init__(self, zone, fqdn)
        if args:
            self._get_record(args[0])
            self._after_build()

    def _after_build(self) -> None:
        self.api_args = {"rdata": {"rname": getattr(self, "_rname", None)}}

    def _setter_payload(self, field: RField, value: Any) -> Dict[str, Any]:
        """Classic SOA bodies: ``{rdata: {rname}}`` plus only the changed field (rname,
        minimum inside rdata; serial_style, ttl beside it); nothing accumulates."""
        rname = value if field.attr == "rname" else getattr(self, "_rname", None)
        self.api_args = {"rdata": {"rname": rname}}
        payload: Dict[str, Any] = {"rdata": {"rname": rname}}
        if field.attr != "rname":
            (payload if field.top_level else payload["rdata"])[field.key] = value
        return payload

    @property
    def ttl(self) -> Optional[int]:
        """The SOA TTL; reading refreshes a live record (GET), setting sends a PUT."""
        if self.create:
            self._pull()
        return self._ttl

    @ttl.setter
    def ttl(self, value: int) -> None:
        _check_ttl(value)
        self._update_record({"rdata": {"rname": getattr(self, "_rname", None)}, "ttl": value})
        self._ttl = value

    def delete(self) -> None:
        """SOA records cannot be deleted: nothing is sent (as in the classic SDK)."""


class _UnknownBase(DNSRecord):
    """A record of a type this SDK does not model: only built from API data."""

    def __init__(self, zone: Optional[str], fqdn: Optional[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(zone, fqdn, kwargs.pop("create", True))
        self._build(kwargs)

    def rdata(self) -> Dict[str, Any]:
        """The record's data fields (unwrapped)."""
        skip = {"_record_type", "_record_id", "_implicitPublish", "_zone", "_fqdn", "_ttl"}
        return {key[1:]: value for key, value in vars(self).items()
                if key.startswith("_") and key not in skip and not callable(value)}

    def __str__(self) -> str:
        return "<UNKNOWNRecord>: %s" % (self._fqdn,)

    def __repr__(self) -> str:
        return "<UNKNOWNRecord>: %s (record_type=%s, ttl=%s, record_id=%s)" % (
            self._fqdn, self._rest_type(), self._ttl, self._record_id)


def _equality_on(attr: str) -> Dict[str, Any]:
    """``__eq__``/``__hash__`` comparing one field with a str or a record of the same class."""
    private = "_" + attr

    def __eq__(self: DNSRecord, other: Any) -> bool:
        if isinstance(other, str):
            return getattr(self, private, None) == other
        if isinstance(other, type(self)):
            return getattr(self, private, None) == getattr(other, private, None)
        return NotImplemented

    def __hash__(self: DNSRecord) -> int:
        return hash(getattr(self, private, None))

    return {"__eq__": __eq__, "__hash__": __hash__}


_BASES: Dict[str, type] = {"SOA": _SOABase, "UNKNOWN": _UnknownBase}
_EQUALITY = {"ALIAS": "alias", "CNAME": "cname"}


from dyn.tm import record_classes as _generated  # noqa: E402 (the classes, generated by dyn._gen)

RECS: Dict[str, Type[DNSRecord]] = {name: getattr(_generated, spec.rest) for name, spec in RECORD_TYPES.items()}
"""Record classes by type (``'A'`` → :class:`ARecord`, ..., ``'UNKNOWN'``)."""

def record_class(name: str) -> Type[DNSRecord]:
    """The record class for ``A``, ``ARecord`` or ``a_records`` (UNKNOWNRecord otherwise)."""
    return RECS[record_type(name).name]


def record_from_api(data: Dict[str, Any], zone: Optional[str] = None, fqdn: Optional[str] = None,
                    create: bool = False) -> DNSRecord:
    """A record object built from an API record object (``record_type``, ``rdata``,
    ``ttl``, ``record_id``, ...), without a request.

    :param data: the API object.
    :param zone: overrides ``data['zone']``.
    :param fqdn: overrides ``data['fqdn']``.
    :param create: False (default, classic list behaviour): the object never refreshes
        itself; True: property reads refresh it and it can be updated.
    """
    cls = record_class(str(data.get("record_type") or "UNKNOWN"))
    fields = {key: value for key, value in data.items() if key not in ("zone", "fqdn")}
    return cls(zone if zone is not None else data.get("zone"), fqdn if fqdn is not None else data.get("fqdn"),
               create=create, **fields)


# Classic module attributes: the classes by name (``from dyn.tm.records import ARecord``).
from dyn.tm.record_classes import (  # noqa: E402,F401
    AAAARecord, ALIASRecord, ARecord, CAARecord, CDNSKEYRecord, CDSRecord, CERTRecord, CNAMERecord, CSYNCRecord,
    DHCIDRecord, DNAMERecord, DNSKEYRecord, DSRecord, IPSECKEYRecord, KEYRecord, KXRecord, LOCRecord, MXRecord,
    NAPTRRecord, NSAPRecord, NSRecord, PTRRecord, PXRecord, RPRecord, SOARecord, SPFRecord, SRVRecord, SSHFPRecord,
    TLSARecord, TXTRecord, UNKNOWNRecord)
