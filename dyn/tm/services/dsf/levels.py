"""Traffic Director tree levels: record sets, failover chains, response pools and rulesets."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Sequence

from dyn import validation as v

from ._base import (
    _automation, _boolish, _check_criteria, _checked, _count, _criteria_type, DSF_RECORD_TYPES, _DSFTree,
    _execute, _Field, _has_geoip, _host_or_ip, _id_of, _identifier, _invalid, _label, _notes, _optional,
    _service_id_of, _soft_label, _ttl, VALID_CRITERIA_TYPES, VALID_GEOIP_KEYS)
from .records import (
    _DSFRecord, _records_from)

log = logging.getLogger(__name__)

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


# Names of later modules, used at call time only (the package imports the modules in order).
from .monitors import (  # noqa: E402
    DSFMonitor)
from .service import (  # noqa: E402
    get_failover_chain, get_record_set, get_response_pool, get_ruleset)
