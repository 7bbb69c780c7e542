"""Zones and what hangs off them: :class:`Zone`, :class:`SecondaryZone`, :class:`Node`,
:class:`TSIG` keys and :class:`ExternalNameserver` settings.

Classic use, unchanged::

    >>> from dyn.tm.session import DynectSession  # noqa: F401  (classic name of this module)
    >>> from dyn.tm.zones import Zone, get_all_zones
    >>> DynectSession('customer', 'user', 'password')
    >>> zone = Zone('example.com', 'hostmaster@example.com', 3600)  # POST /Zone/example.com/
    >>> zone.add_record('www', 'A', '192.0.2.10')                     # POST /ARecord/...
    <ARecord>: 192.0.2.10
    >>> zone.publish(notes='first records')                           # PUT {publish: true}
    >>> zone.serial
    1
    >>> Zone('example.com').get_all_records()                         # GET /AllRecord/...
    {'a_records': [<ARecord>: 192.0.2.10], 'ns_records': [...], 'soa_records': [...]}

Record changes stay pending (visible only to your session) until :meth:`Zone.publish`;
:meth:`Zone.get_changes` lists them and :meth:`Zone.discard_changes` drops them (both
new). Every argument is checked before anything is sent: a bad zone or node name,
contact, TTL, serial style, IP address, TSIG algorithm or secret raises
:class:`~dyn.tm.errors.DynectInvalidArgumentError` naming the field.

The service objects (:meth:`Zone.add_service` and the ``get_all_*`` service helpers)
come from :mod:`dyn.tm.services`, imported only when used; a service this version does
not provide raises :class:`NotImplementedError` before any request.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import logging
import os
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Union

from dyn import validation as v
from dyn.tm.errors import DynectCreateError, DynectGetError, DynectInvalidArgumentError, DynectQueryTimeout
from dyn.tm._zone_base import (  # noqa: F401  (zones._yes_no and friends stay reachable)
    _MASKED, _check, _checked, _execute, _ip, _ips, _Remote, _ServerObject, _yes_no, _zone_name)
from dyn.tm.record_types import RECORD_TYPES, TYPE_NAMES, record_type
from dyn.tm.session import DynectSession  # noqa: F401  (classic name of this module)
from dyn.tm.task import Task
from dyn.tm.utils import quiet_readonly, unix_date
from dyn.tm.zone_transfer import TSIG, TSIG_ALGORITHMS, ExternalNameserver, ExternalNameserverEntry  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    from dyn.tm.records import DNSRecord

__all__ = ["get_all_zones", "Zone", "SecondaryZone", "Node", "ExternalNameserver", "ExternalNameserverEntry"]

log = logging.getLogger(__name__)

#: Largest zone file the API accepts (1 MB).
MAX_ZONE_FILE_SIZE = 1048576
#: The serial styles a primary zone may use.
VALID_SERIALS = ("increment", "epoch", "day", "minute")
#: TSIG key algorithms the API accepts.
#: Zone-transfer states: still going, failed, done.
TRANSFER_RUNNING = ("running", "waiting")
TRANSFER_FAILED = ("failed", "canceled")
TRANSFER_DONE = ("ready", "unpublished", "ok")
#: How long a zone-file upload waits for the new zone to appear (the classic SDK: 10 x 2 s).
ZONE_FILE_WAIT = 20.0
#: Default zone-transfer wait, in minutes (the classic SDK: 10 polls a minute apart).
TRANSFER_WAIT_MINUTES = 10
#: Polling: the first pause and the longest pause between polls, in seconds.
POLL_FIRST = 0.05
POLL_MAX = 2.0


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------
class DynectUnknownTypeError(DynectInvalidArgumentError, KeyError):
    """An unknown record or service type. Also a :class:`KeyError`, which is what the
    classic SDK raised for it, so old ``except KeyError`` clauses still work."""


def _node_fqdn(zone: str, name: Optional[str]) -> str:
    """``name.zone.`` (``zone.`` for the apex: ``None`` or ``''``, as in the classic SDK),
    checked."""
    if _check("name", v.node_name, name) is None:
        return zone.rstrip(".") + "."
    fqdn = "%s.%s." % (name.rstrip("."), zone.rstrip("."))
    return _check("name", v.fqdn, fqdn)


def _type_name(value: Any) -> str:
    """The API type name (``A``) for ``A``/``a``/``ARecord``; unknown types raise."""
    spec = record_type(value) if isinstance(value, str) else None
    if spec is None or (spec.name == "UNKNOWN" and str(value).upper() != "UNKNOWN"):
        raise DynectUnknownTypeError("record_type", value, ", ".join(TYPE_NAMES), problem="Unknown record type")
    return spec.name


def _records_module() -> Any:
    from dyn.tm import records  # imported on first use: zones stays cheap to import
    return records


def _poll(step: Callable[[], bool], timeout: float, what: str) -> bool:
    """Call ``step`` until it returns True: at once, then with pauses growing from
    :data:`POLL_FIRST` to :data:`POLL_MAX`, for ``timeout`` seconds at most. Returns
    False when the time ran out."""
    deadline = time.monotonic() + timeout
    pause = POLL_FIRST
    while True:
        if step():
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        log.debug("%s: polling again in %.2fs", what, min(pause, remaining))
        time.sleep(min(pause, remaining))
        pause = min(pause * 2, POLL_MAX)


def _unix(value: Union[_dt.date, int, float]) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    return unix_date(value)


# ---------------------------------------------------------------------------------------
# services: one table
# ---------------------------------------------------------------------------------------
#: ``add_service`` type → (module in :mod:`dyn.tm.services`, class name).
SERVICES: Dict[str, Tuple[str, str]] = {
    "ActiveFailover": ("active_failover", "ActiveFailover"),
    "DDNS": ("ddns", "DynamicDNS"),
    "DNSSEC": ("dnssec", "DNSSEC"),
    "DSF": ("dsf", "TrafficDirector"),
    "GSLB": ("gslb", "GSLB"),
    "RDNS": ("reversedns", "ReverseDNS"),
    "RTTM": ("rttm", "RTTM"),
    "HTTPRedirect": ("httpredirect", "HTTPRedirect"),
    "AdvancedRedirect": ("advanced_redirect", "AdvancedRedirect"),
}

#: Zone list helpers: method name → (service type, URI template, payload).
SERVICE_LISTS: Dict[str, Tuple[str, str, Dict[str, str]]] = {
    "get_all_active_failovers": ("ActiveFailover", "/Failover/{zone}/", {"detail": "Y"}),
    "get_all_ddns": ("DDNS", "/DDNS/{zone}/", {"detail": "Y"}),
    "get_all_httpredirect": ("HTTPRedirect", "/HTTPRedirect/{zone}/", {"detail": "Y"}),
    "get_all_advanced_redirect": ("AdvancedRedirect", "/AdvRedirect/{zone}/", {"rules": "Y"}),
    "get_all_gslb": ("GSLB", "/GSLB/{zone}/", {"detail": "Y"}),
    "get_all_rdns": ("RDNS", "/IPTrack/{zone}/", {"detail": "Y"}),
    "get_all_rttm": ("RTTM", "/RTTM/{zone}/", {"detail": "Y"}),
}


def service_class(service_type: str) -> type:
    """The class behind an ``add_service`` type (``'DDNS'`` → ``DynamicDNS``).

    :raises DynectUnknownTypeError: not a service type.
    :raises NotImplementedError: the service is not available in this version of dyn.
    """
    try:
        module_name, class_name = SERVICES[service_type]
    except (KeyError, TypeError):
        raise DynectUnknownTypeError("service_type", service_type, ", ".join(SERVICES),
                                     problem="Unknown service type") from None
    full_name = "dyn.tm.services." + module_name
    try:
        module = importlib.import_module(full_name)
    except ModuleNotFoundError as err:
        if err.name not in (full_name, "dyn.tm.services"):
            raise
        module = None
    cls = getattr(module, class_name, None)
    if cls is None:
        raise NotImplementedError("The %s service (%s.%s) is not available in this version of dyn"
                                  % (service_type, full_name, class_name))
    return cls


def _new_service(service_type: str, zone: str, fqdn: str, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Any:
    cls = service_class(service_type)
    if service_type == "DNSSEC":  # a zone-wide service: no fqdn
        return cls(zone, *args, **kwargs)
    return cls(zone, fqdn, *args, **kwargs)


def _service_lister(method_name: str) -> Callable[["Zone"], List[Any]]:
    service_type, uri, payload = SERVICE_LISTS[method_name]
    module_name, class_name = SERVICES[service_type]

    def lister(self: "Zone") -> List[Any]:
        cls = service_class(service_type)
        data = _execute(uri.format(zone=self._name), "GET", dict(payload))
        services = []
        for item in data or []:
            item = dict(item)
            item.pop("zone", None)
            fqdn = item.pop("fqdn", None) or self._fqdn  # the service's own node (classic: always the apex)
            services.append(cls(self._name, fqdn, api=False, **item))
        return services

    lister.__name__ = method_name
    lister.__qualname__ = "Zone." + method_name
    lister.__doc__ = """The zone's %s services: ``GET %s`` with ``%s``.

        :return: a list of :class:`dyn.tm.services.%s.%s`, each on its own node (the
            classic SDK gave them all the zone apex).
        :raises NotImplementedError: the service is not available in this version of dyn.
        """ % (service_type, uri, payload, module_name, class_name)
    return lister


# ---------------------------------------------------------------------------------------
# module functions
# ---------------------------------------------------------------------------------------
def get_all_zones() -> List["Zone"]:
    """Every primary zone of the account (``GET /Zone/`` with ``{detail: 'Y'}``).

    :return: a list of :class:`Zone`, built from the listing (no further requests).
    """
    data = _execute("/Zone/", "GET", {"detail": "Y"})
    return [Zone(zone["zone"], api=False, **zone) for zone in data or []]


def get_all_secondary_zones() -> List["SecondaryZone"]:
    """Every secondary zone of the account (``GET /Secondary/`` with ``{detail: 'Y'}``).

    :return: a list of :class:`SecondaryZone`, built from the listing.
    """
    zones = []
    for item in _execute("/Secondary/", "GET", {"detail": "Y"}) or []:
        item = dict(item)
        zones.append(SecondaryZone(item.pop("zone"), api=False, **item))
    return zones


def get_apex(node_name: str, full_details: bool = False) -> Union[str, Dict[str, Any]]:
    """The zone a node belongs to (``GET /Apex/{node_name}``, no trailing slash).

    :param node_name: a host name, e.g. ``www.example.com``.
    :param full_details: return the whole answer (``zone``, ``zone_type``,
        ``serial_type``, ``serial``) rather than the zone name.
    :return: the zone name, or the answer's dict.
    """
    _check("node_name", v.fqdn, node_name)
    data = _execute("/Apex/%s" % node_name, "GET", {})
    return data if full_details else data["zone"]


def get_all_tsig() -> List["TSIG"]:
    """Every TSIG key of the account (``GET /TSIGKey/`` with ``{detail: 'Y'}``). New.

    :return: a list of :class:`TSIG`, built from the listing (no further requests).
    """
    keys = []
    for item in _execute("/TSIGKey/", "GET", {"detail": "Y"}) or []:
        item = dict(item)
        keys.append(TSIG(item.pop("name"), api=False, **item))
    return keys


class _RecordHolder:
    """Record and service helpers over the node :meth:`_where` names."""

    def _where(self) -> Tuple[str, str]:  # (zone name, node fqdn)
        raise NotImplementedError

    def _new_record(self, fqdn: str, record_type: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> "DNSRecord":
        type_name = _type_name(record_type)
        record = _records_module().RECS[type_name](self._where()[0], fqdn, *args, **kwargs)
        self.records.setdefault(record_type, []).append(record)  # type: ignore[attr-defined]
        return record

    def _records_dict(self, data: Any, fqdn: Optional[str] = None) -> Dict[str, List["DNSRecord"]]:
        records = _records_module()
        zone = self._where()[0]
        result: Dict[str, List[Any]] = {}
        for key, items in (data or {}).items():
            if not items:
                continue  # classic: empty lists are left out
            type_name = record_type(key).name
            built = []
            for item in items:
                item = dict(item)
                item.setdefault("record_type", type_name)
                built.append(records.record_from_api(item, zone=zone, fqdn=fqdn))
            result[key] = built
        return result

    def get_all_records(self) -> Dict[str, List["DNSRecord"]]:
        """Every record at and below this node, with one request
        (``GET /AllRecord/{zone}/{fqdn}/`` with ``{detail: 'Y'}``).

        :return: a dict ``{'<type>_records': [record, ...]}`` (e.g. ``a_records``);
            types without records are left out. The records are built from the listing
            and never refresh themselves.
        """
        zone, fqdn = self._where()
        data = _execute("/AllRecord/%s/%s/" % (zone, fqdn), "GET", {"detail": "Y"})
        return self._records_dict(data)

    def get_all_records_by_type(self, record_type: str) -> List["DNSRecord"]:
        """The records of one type at this node (``GET /{Type}Record/{zone}/{fqdn}/`` with
        ``{detail: 'Y'}``).

        :param record_type: ``'A'``, ``'MX'``, ... (any of the 30 types, any case).
        :raises DynectUnknownTypeError: not a record type (also a ``KeyError``); nothing
            is sent.
        """
        spec = RECORD_TYPES[_type_name(record_type)]
        if spec.name == "UNKNOWN":
            raise DynectUnknownTypeError("record_type", record_type, ", ".join(TYPE_NAMES),
                                         problem="Unknown record type")
        zone, fqdn = self._where()
        data = _execute("/%s/%s/%s/" % (spec.rest, zone, fqdn), "GET", {"detail": "Y"})
        records = _records_module()
        result = []
        for item in data or []:
            item = dict(item)
            item.setdefault("record_type", spec.name)
            result.append(records.record_from_api(item, zone=zone))
        return result

    def get_any_records(self) -> Dict[str, List["DNSRecord"]]:
        """The records at exactly this node (``GET /ANYRecord/{zone}/{fqdn}/`` with
        ``{detail: 'Y'}``), as a dict like :meth:`get_all_records`."""
        zone, fqdn = self._where()
        data = _execute("/ANYRecord/%s/%s/" % (zone, fqdn), "GET", {"detail": "Y"})
        return self._records_dict(data, fqdn=fqdn)


# ---------------------------------------------------------------------------------------
# Zone
# ---------------------------------------------------------------------------------------
class Zone(_ServerObject, _RecordHolder):
    """A primary zone.

    ``Zone(name)`` fetches an existing zone (``GET /Zone/{name}/``). With more arguments
    it creates one (the zone is created unpublished: add records, then :meth:`publish`):

    - ``Zone(name, contact, ttl=60, serial_style='increment')``: ``POST /Zone/{name}/``
      with ``{zone, rname, ttl, serial_style}``;
    - ``Zone(name, file_name='example.com.zone')``: uploads a BIND zone file (1 MB at
      most) with ``POST /ZoneFile/{name}/``, then waits (briefly, at most
      :data:`ZONE_FILE_WAIT` seconds) until ``GET /Zone/{name}/`` finds the zone;
    - ``Zone(name, master_ip='192.0.2.1', timeout=10)``: transfers the zone from a
      master (``POST /ZoneTransfer/{name}/``), polls ``GET /ZoneTransfer/{name}/`` until
      the transfer ends (at most ``timeout`` minutes; the classic SDK never actually
      waited), then reads the zone.

    ``Zone(name, api=False, **data)`` builds the object from API data, with no request.

    :param name: the zone name, e.g. ``example.com``.
    :param contact: the zone contact's e-mail address (the SOA ``rname``).
    :param ttl: the zone's default TTL, in seconds.
    :param serial_style: ``increment``, ``epoch``, ``day`` or ``minute``.
    :param file_name: path of a zone file to upload.
    :param master_ip: IP address of the master to transfer the zone from.
    :param timeout: zone transfer: minutes to wait at most (default 10).
    :raises DynectInvalidArgumentError: a bad argument; nothing is sent.

    Zones compare equal to a zone of the same name, or to the name as a string, and are
    hashable.
    """

    valid_serials = VALID_SERIALS

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        if "api" not in kwargs:
            _zone_name("name", name)
        self.valid_serials = VALID_SERIALS
        self._name = name
        self._fqdn = name if name.endswith(".") else name + "."
        self._contact = self._ttl = self._serial_style = self._serial = None
        self._zone = self._status = None
        self._task_id: Optional[Task] = None
        #: Records added through :meth:`add_record`, by type.
        self.records: Dict[str, List[Any]] = {}
        #: Services added through :meth:`add_service`, by type.
        self.services: Dict[str, List[Any]] = {}
        self.uri = "/Zone/%s/" % name
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)
            self._name = self._zone or name
            return
        if not args and not kwargs:
            self._get()
        else:
            self._post(*args, **kwargs)
            self._status = "active"

    # -- creation -----------------------------------------------------------------------
    def _post(self, contact: Optional[str] = None, ttl: int = 60, serial_style: str = "increment",
              file_name: Optional[str] = None, master_ip: Optional[str] = None,
              timeout: Optional[float] = None) -> None:
        if contact is None and file_name is None and master_ip is None:
            raise DynectInvalidArgumentError("contact", None, problem="A contact, a file_name or a master_ip "
                                                                      "is required to create a zone")
        if file_name is not None:
            self._post_file(file_name)
        elif master_ip is not None:
            self._post_transfer(master_ip, timeout)
        else:
            if serial_style not in self.valid_serials:
                raise DynectInvalidArgumentError("serial_style", serial_style, self.valid_serials)
            _check("contact", v.mailbox, contact)
            _check("ttl", v.ttl, ttl, "0..%d" % v.TTL_MAX)
            api_args = {"zone": self._name, "rname": contact, "ttl": ttl, "serial_style": serial_style}
            self._build(_execute(self.uri, "POST", api_args))

    def _post_file(self, file_name: str) -> None:
        size = os.path.getsize(file_name)
        if size > MAX_ZONE_FILE_SIZE:
            raise DynectInvalidArgumentError("Zone File Size", size, "Under 1MB")
        with open(file_name, encoding="utf-8") as zone_file:
            contents = zone_file.read()
        created = _execute("/ZoneFile/%s/" % self._name, "POST", {"file": contents})
        zone_data: Dict[str, Any] = {}

        def zone_found() -> bool:
            try:
                zone_data.update(_execute(self.uri, "GET", {}) or {})
            except DynectGetError:
                return False
            return True

        if not _poll(zone_found, ZONE_FILE_WAIT, "zone file %s" % self._name):
            log.warning("zone %s not found %ss after its zone file was uploaded", self._name, ZONE_FILE_WAIT)
        self._build(created)
        self._build(zone_data)

    def _post_transfer(self, master_ip: str, timeout: Optional[float]) -> None:
        _check("master_ip", _ip, master_ip)
        minutes = TRANSFER_WAIT_MINUTES if timeout is None else timeout
        _check("timeout", v.decimal(0, 10_000), minutes)
        uri = "/ZoneTransfer/%s/" % self._name
        self._build(_execute(uri, "POST", {"master_ip": master_ip}))
        last: Dict[str, Any] = {}

        def transferred() -> bool:
            data = _execute(uri, "GET", {}) or {}
            last.update(data)
            status = str(data.get("status") or "").lower()
            if status in TRANSFER_FAILED:
                raise DynectCreateError("Zone transfer of %s %s: %s" % (self._name, status, data.get("message", "")))
            return status not in TRANSFER_RUNNING

        if not _poll(transferred, float(minutes) * 60, "zone transfer %s" % self._name):
            raise DynectQueryTimeout("Zone transfer of %s did not end within %s minutes (status %s)"
                                     % (self._name, minutes, last.get("status")))
        self._get()

    # -- node helpers ---------------------------------------------------------------------
    def _where(self) -> Tuple[str, str]:
        return self._name, self._fqdn

    # -- SOA-backed properties ---------------------------------------------------------------
    def _soa(self) -> Dict[str, Any]:
        data = _execute("/SOARecord/%s/%s/" % (self._name, self._fqdn), "GET", {"detail": "Y"})
        return data[0]

    def _update_soa(self, soa: Dict[str, Any], api_args: Dict[str, Any]) -> None:
        fqdn = str(soa.get("fqdn") or self._fqdn)
        fqdn = fqdn if fqdn.endswith(".") else fqdn + "."
        _execute("/SOARecord/%s/%s/%s/" % (self._name, fqdn, soa.get("record_id")), "PUT", api_args)

    @property
    def contact(self) -> str:
        """The zone contact (the SOA ``rname``). Reading fetches the SOA record; writing
        updates it (``PUT /SOARecord/...`` with ``{rdata: {rname}}``; pending until
        :meth:`publish`)."""
        self._contact = self._soa()["rdata"]["rname"]
        return self._contact

    @contact.setter
    def contact(self, value: str) -> None:
        _check("contact", v.mailbox, value)
        self._update_soa(self._soa(), {"rdata": {"rname": value}})
        self._contact = value

    @property
    def ttl(self) -> int:
        """The zone's default TTL (the SOA record's TTL). Reading fetches the SOA record;
        writing updates it (``{rdata: {rname}, ttl}``)."""
        self._ttl = self._soa()["ttl"]
        return self._ttl

    @ttl.setter
    def ttl(self, value: int) -> None:
        _check("ttl", v.ttl, value, "0..%d" % v.TTL_MAX)
        soa = self._soa()
        self._update_soa(soa, {"rdata": {"rname": soa["rdata"]["rname"]}, "ttl": value})
        self._ttl = value

    @property
    def serial_style(self) -> str:
        """``increment``, ``epoch``, ``day`` or ``minute``. Reading fetches the zone;
        writing updates the SOA record (``{rdata: {rname}, serial_style}``)."""
        self._get()
        return self._serial_style

    @serial_style.setter
    def serial_style(self, value: str) -> None:
        if value not in self.valid_serials:
            raise DynectInvalidArgumentError("serial_style", value, self.valid_serials)
        soa = self._soa()
        self._update_soa(soa, {"rdata": {"rname": soa["rdata"]["rname"]}, "serial_style": value})
        self._serial_style = value

    # -- zone properties ---------------------------------------------------------------------
    name = quiet_readonly("_name", "The zone name (read-only; assigning does nothing, as in the classic SDK).")
    fqdn = quiet_readonly("_fqdn", "The zone name with a trailing dot (read-only).")

    serial = quiet_readonly("_serial", "The zone serial (fetches the zone each time).", refresh="_get")
    status = quiet_readonly(
        "_status", "``'active'`` after create or :meth:`thaw`, ``'frozen'`` after :meth:`freeze`, None for a "
        "fetched zone: the API does not report the frozen state, so this is the locally tracked value "
        "(reading still fetches the zone, as in the classic SDK).", refresh="_get")

    @property
    def task(self) -> Optional[Task]:
        """The :class:`~dyn.tm.task.Task` of the last create/publish, refreshed (a GET), or
        None."""
        if self._task_id is not None:
            self._task_id.refresh()
        return self._task_id

    # -- operations ---------------------------------------------------------------------------
    def freeze(self) -> None:
        """Freeze the zone: no changes until :meth:`thaw` (``PUT /Zone/{name}/`` with
        ``{freeze: true}``)."""
        self._build(_execute(self.uri, "PUT", {"freeze": True}))
        self._status = "frozen"

    def thaw(self) -> None:
        """Thaw a frozen zone (``PUT /Zone/{name}/`` with ``{thaw: true}``)."""
        self._build(_execute(self.uri, "PUT", {"thaw": True}))
        self._status = "active"

    def publish(self, notes: Optional[str] = None) -> None:
        """Publish the pending changes (``PUT /Zone/{name}/`` with ``{publish: true,
        notes?}``): the serial is bumped and :attr:`task` names the publish task.

        :param notes: a note kept in the zone's notes (see :meth:`get_notes`).
        """
        api_args: Dict[str, Any] = {"publish": True}
        if notes:
            api_args["notes"] = notes
        self._build(_execute(self.uri, "PUT", api_args))

    def get_notes(self, offset: Optional[int] = None, limit: Optional[int] = None) -> List[Dict[str, Any]]:
        """The zone's notes, newest first (``POST /ZoneNoteReport/`` with ``{zone,
        offset?, limit?}``).

        :return: a list of dicts (``note``, ``serial``, ``timestamp``, ``user_name``,
            ``type``...).
        """
        api_args: Dict[str, Any] = {"zone": self._name}
        if offset:
            api_args["offset"] = offset
        if limit:
            api_args["limit"] = limit
        return _execute("/ZoneNoteReport/", "POST", api_args)

    def get_changes(self) -> List[Dict[str, Any]]:
        """The pending (unpublished) changes of this session (``GET /ZoneChanges/{name}/``).
        New.

        :return: a list of dicts (``id``, ``fqdn``, ``rdata_type``, ``ttl``, ``rdata``...).
        """
        return _execute("/ZoneChanges/%s/" % self._name, "GET", {}) or []

    def discard_changes(self) -> None:
        """Drop this session's pending changes (``DELETE /ZoneChanges/{name}/``). New."""
        _execute("/ZoneChanges/%s/" % self._name, "DELETE", {})

    def add_record(self, name: Optional[str] = None, record_type: str = "A", *args: Any, **kwargs: Any) -> "DNSRecord":
        """Create a record at ``name.zone`` (the apex when ``name`` is None) through the
        record class's constructor (normally a POST; see :mod:`dyn.tm.records`).

        :param name: the node name relative to the zone (``www``), or None.
        :param record_type: ``'A'``, ``'MX'``, ...
        :param args: the record's rdata, in the record class's order.
        :param kwargs: rdata by name, and ``ttl``.
        :return: the record, also appended to ``self.records[record_type]``.
        """
        return self._new_record(_node_fqdn(self._name, name), record_type, args, kwargs)

    def add_service(self, name: Optional[str] = None, service_type: Optional[str] = None,
                    *args: Any, **kwargs: Any) -> Any:
        """Create a service at ``name.zone`` (the apex when ``name`` is None).

        :param service_type: ``ActiveFailover``, ``DDNS``, ``DNSSEC`` (zone-wide: built
            from ``(zone, *args)``), ``DSF``, ``GSLB``, ``RDNS``, ``RTTM``,
            ``HTTPRedirect`` or ``AdvancedRedirect``.
        :return: the service, also appended to ``self.services[service_type]``.
        :raises DynectUnknownTypeError: not a service type (also a ``KeyError``).
        :raises NotImplementedError: the service is not available in this version.
        """
        fqdn = _node_fqdn(self._name, name)
        service = _new_service(service_type, self._name, fqdn, args, kwargs)  # type: ignore[arg-type]
        self.services.setdefault(service_type, []).append(service)  # type: ignore[arg-type]
        return service

    def get_all_records(self) -> Dict[str, List["DNSRecord"]]:
        """Every record of the zone, with one request (``GET /AllRecord/{zone}/{zone}./``
        with ``{detail: 'Y'}``).

        :return: a dict ``{'<type>_records': [record, ...]}``; types without records are
            left out (``self.records`` is reset to ``{}``, as in the classic SDK).
        """
        self.records = {}
        return super().get_all_records()

    def get_all_nodes(self) -> List["Node"]:
        """The zone's nodes below the apex (``GET /NodeList/{zone}/``)."""
        data = _execute("/NodeList/%s/" % self._name, "GET", {})
        return [Node(self._name, fqdn) for fqdn in data or [] if fqdn != self._name]

    def get_node(self, node: Optional[str] = None) -> "Node":
        """A :class:`Node` for ``node.zone`` (the apex when ``node`` is None); no request."""
        return Node(self._name, _node_fqdn(self._name, node))

    def get_qps(self, start_ts: Union[_dt.datetime, int], end_ts: Union[_dt.datetime, int, None] = None,
                breakdown: Optional[str] = None, hosts: Optional[List[str]] = None,
                rrecs: Optional[List[str]] = None) -> Dict[str, Any]:
        """The zone's queries-per-second report (``POST /QPSReport/``).

        :param start_ts: start, a datetime (naive means UTC) or POSIX seconds.
        :param end_ts: end; default now (the classic SDK used local time as UTC).
        :param breakdown: ``hosts``, ``rrecs`` or ``zones``.
        :param hosts: restrict to these host names.
        :param rrecs: restrict to these record types.
        :return: the answer's data (``{'csv': '...'}``).
        """
        end = _dt.datetime.now(_dt.timezone.utc) if end_ts is None else end_ts
        api_args: Dict[str, Any] = {"start_ts": _unix(start_ts), "end_ts": _unix(end), "zones": [self._name]}
        if breakdown is not None:
            _check("breakdown", v.one_of(("hosts", "rrecs", "zones")), breakdown)
            api_args["breakdown"] = breakdown
        if hosts is not None:
            api_args["hosts"] = hosts
        if rrecs is not None:
            api_args["rrecs"] = rrecs
        return _execute("/QPSReport/", "POST", api_args)

    def delete(self) -> None:
        """Delete the zone at once, with all its records (``DELETE /Zone/{name}/``)."""
        _execute(self.uri, "DELETE", {})

    # -- comparisons and strings ---------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return other == self._name
        if isinstance(other, Zone):
            return other._name == self._name
        return False

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self._name)

    def __str__(self) -> str:
        return "<Zone>: %s" % self._name

    __repr__ = __str__

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


for _method in SERVICE_LISTS:
    setattr(Zone, _method, _service_lister(_method))
del _method


# ---------------------------------------------------------------------------------------
# SecondaryZone
# ---------------------------------------------------------------------------------------
class SecondaryZone(_ServerObject):
    """A secondary zone, transferred from your own masters.

    ``SecondaryZone(zone)`` fetches it (``GET /Secondary/{zone}/``);
    ``SecondaryZone(zone, masters, contact_nickname=None, tsig_key_name=None)`` creates it
    (``POST /Secondary/{zone}/``); ``SecondaryZone(zone, api=False, **data)`` builds it
    from API data.

    :param zone: the zone name.
    :param masters: the masters' IP addresses (a list, or one address).
    :param contact_nickname: the contact to notify.
    :param tsig_key_name: the :class:`TSIG` key signing the transfers.
    """

    def __init__(self, zone: str, *args: Any, **kwargs: Any) -> None:
        self._zone = self._name = zone
        self.uri = "/Secondary/%s/" % zone
        self._masters = self._contact_nickname = self._tsig_key_name = None
        self._active = self._serial = None
        self._task_id: Optional[Task] = None
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)
            return
        _zone_name("zone", zone)
        if not args and not kwargs:
            self._get()
        else:
            self._post(*args, **kwargs)

    def _post(self, masters: Any, contact_nickname: Optional[str] = None, tsig_key_name: Optional[str] = None) -> None:
        _ips("masters", masters)
        if tsig_key_name:
            _check("tsig_key_name", v.hostname, tsig_key_name)
        api_args: Dict[str, Any] = {"masters": masters}
        if contact_nickname:
            api_args["contact_nickname"] = contact_nickname
        if tsig_key_name:
            api_args["tsig_key_name"] = tsig_key_name
        self._build(_execute(self.uri, "POST", api_args))

    def _build(self, data: Dict[str, Any]) -> None:
        super()._build(data)
        self._name = self._zone

    zone = quiet_readonly("_zone", "The zone name (read-only).")

    masters = _Remote("The masters' IP addresses (fetched on read; assigning sends ``PUT`` with ``{masters}``).",
                      check=_ips)
    contact_nickname = _Remote("The contact's nickname (fetched on read; assigning sends ``PUT``).")
    tsig_key_name = _Remote("The TSIG key's name (fetched on read; assigning sends ``PUT``).",
                            check=_checked(v.hostname))
    active = _Remote("``'Y'``, ``'L'`` (activating) or ``'N'`` (fetched on read; read-only: use "
                     ":meth:`activate` and :meth:`deactivate`).", writable=False)

    @property
    def serial(self) -> Any:
        """The zone's serial. As in the classic SDK this sends ``PUT /Zone/{zone}/``
        with an empty payload and reads ``serial`` from the answer."""
        data = _execute("/Zone/%s/" % self._zone, "PUT", {})
        self._serial = (data or {}).get("serial", self._serial)
        return self._serial

    @property
    def task(self) -> Optional[Task]:
        """The zone's last :class:`~dyn.tm.task.Task`, refreshed (a GET), or None."""
        if self._task_id is not None:
            self._task_id.refresh()
        return self._task_id

    def activate(self) -> None:
        """Start serving the zone (``PUT`` with ``{activate: true}``)."""
        self._update({"activate": True})

    def deactivate(self) -> None:
        """Stop serving the zone (``PUT`` with ``{deactivate: true}``)."""
        self._update({"deactivate": True})

    def retransfer(self) -> None:
        """Transfer the zone from the masters again (``PUT`` with ``{retransfer: true}``)."""
        self._update({"retransfer": True})

    def delete(self) -> None:
        """Delete the zone (``DELETE /Zone/{zone}/``: the zone URI, as in the classic SDK)."""
        _execute("/Zone/%s/" % self._zone, "DELETE", {})

    def __str__(self) -> str:
        return "<SecondaryZone>: %s" % self._zone

    __repr__ = __str__

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


# ---------------------------------------------------------------------------------------
# Node
# ---------------------------------------------------------------------------------------
class Node(_RecordHolder):
    """A node (host name) of a zone. A client-side object: creating one sends nothing.

    :param zone: the zone name.
    :param fqdn: the node's fully qualified name (default: the zone apex).

    :ivar zone: the zone name.
    :ivar fqdn: the node's name.
    :ivar records: records added through :meth:`add_record`, by type (``my_records`` is
        the same dict).
    :ivar services: services added through :meth:`add_service` (a list).
    """

    def __init__(self, zone: str, fqdn: Optional[str] = None) -> None:
        _zone_name("zone", zone)
        if fqdn:  # None or '': the apex
            _check("fqdn", v.fqdn, fqdn)
        self.zone = zone
        self.fqdn = fqdn or zone + "."
        self.records: Dict[str, List[Any]] = {}
        self.my_records = self.records
        self.services: List[Any] = []

    def _where(self) -> Tuple[str, str]:
        return self.zone, self.fqdn  # type: ignore[return-value]

    def add_record(self, record_type: str = "A", *args: Any, **kwargs: Any) -> "DNSRecord":
        """Create a record at this node (see :meth:`Zone.add_record`).

        :return: the record, also appended to ``self.records[record_type]``.
        """
        return self._new_record(self.fqdn, record_type, args, kwargs)

    def add_service(self, service_type: Optional[str] = None, *args: Any, **kwargs: Any) -> Any:
        """Create a service at this node (see :meth:`Zone.add_service`; DNSSEC, being
        zone-wide, gets ``(zone, *args)`` -- the classic SDK passed the fqdn too).

        :return: the service, also appended to :attr:`services`.
        """
        service = _new_service(service_type, self.zone, self.fqdn, args, kwargs)  # type: ignore[arg-type]
        self.services.append(service)
        return service

    def delete(self) -> None:
        """Remove the node, its records and every node below it
        (``DELETE /Node/{zone}/{fqdn}``; pending until the zone is published)."""
        _execute("/Node/%s/%s" % (self.zone, self.fqdn), "DELETE", {})

    def __str__(self) -> str:
        return "<Node>: %s" % self.fqdn

    __repr__ = __str__

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


# ---------------------------------------------------------------------------------------
# lazy attributes: RECS and the service classes, as the classic module exposed them
# ---------------------------------------------------------------------------------------
_LAZY_SERVICE_NAMES = {class_name: service for service, (_module, class_name) in SERVICES.items()}


def __getattr__(name: str) -> Any:
    """``RECS`` (from :mod:`dyn.tm.records`) and the service classes the classic module
    imported (``ActiveFailover``, ``DynamicDNS``, ...), loaded on first use."""
    if name == "RECS":
        return _records_module().RECS
    if name in _LAZY_SERVICE_NAMES:
        try:
            return service_class(_LAZY_SERVICE_NAMES[name])
        except NotImplementedError as err:
            raise AttributeError(str(err)) from None
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
