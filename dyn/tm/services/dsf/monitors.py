"""Traffic Director monitors (with their endpoints) and notifiers: account-wide objects, no publish."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from dyn import validation as v
from dyn.tm.services import dsf_rules as rules
from dyn.tm.utils import Active

from ._base import (
    _checked, _execute, _Field, _host_or_ip, _id_of, _identifier, _invalid, _label, _monitor_options, _optional,
    _Resource, _service_id_of, _soft_label, _string_list, _yes_no)

log = logging.getLogger(__name__)

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
