"""Traffic Director records: the generic record level and the 24 ``DSF<Type>Record``
classes built from the record table."""
from __future__ import annotations

import logging
from typing import Any, ClassVar, Dict, Iterable, List, Optional, Tuple, Type

from dyn.tm import records as _records
from dyn.tm.record_types import NO_DEFAULT, RECORD_TYPES, Problem, RecordType, RField

from ._base import (
    _automation, _boolish, _checked, _count, DSF_RECORD_TYPES, _DSFTree, _execute, _Field, _id_of, _invalid,
    _notes, _optional, _service_id_of, _soft_label, _string_list, _ttl, VALID_AUTOMATION, _weight, WEIGHT_RANGE,
    _with_valid)

log = logging.getLogger(__name__)

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


# Names of later modules, used at call time only (the package imports the modules in order).
from .levels import (  # noqa: E402
    DSFRecordSet)
from .service import (  # noqa: E402
    get_record)
