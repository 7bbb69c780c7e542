"""Traffic Director (DSF): services, rulesets, response pools, failover chains, record
sets, records, monitors, notifiers and nodes.

A package of one module per part (:mod:`~dyn.tm.services.dsf.levels`, ``records``,
``monitors``, ``service`` over the shared ``_base``); every name, classic or private, is
importable from here as it was from the single classic module.

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

from dyn.tm.services.dsf._base import (  # noqa: F401
    _automation, _boolish, _check_criteria, _checked, _count, COUNT_MAX, _COUNTRY, _criteria_type, _dedupe,
    DSF_RECORD_TYPES, _DSFTree, _execute, _Field, _geoip_country, _GEOIP_ITEM, _geoip_region, _has_geoip,
    _host_or_ip, _ID, _id_of, _identifier, _invalid, _label, MONITOR_OPTIONS, _monitor_options, _notes,
    _optional, _Resource, RETRIES_RANGE, _service_id_of, _session, _soft_label, _string_list, _ttl,
    VALID_AUTOMATION, VALID_CRITERIA_TYPES, VALID_GEOIP_KEYS, VALID_PROBE_INTERVALS, VALID_PROTOCOLS, _weight,
    WEIGHT_RANGE, _with_valid, _yes_no)
from dyn.tm.services.dsf.records import (  # noqa: F401
    _arg, _ARG_ORDERS, _ARG_RENAMES, DSF_RECORD_CLASSES, DSFAAAARecord, DSFALIASRecord, DSFARecord,
    DSFCERTRecord, DSFCNAMERecord, DSFDHCIDRecord, DSFDNAMERecord, DSFDNSKEYRecord, DSFDSRecord,
    DSFIPSECKEYRecord, DSFKEYRecord, DSFKXRecord, DSFLOCRecord, DSFMXRecord, DSFNAPTRRecord, DSFNSAPRecord,
    DSFNSRecord, DSFPTRRecord, DSFPXRecord, _DSFRecord, DSFRPRecord, DSFSPFRecord, DSFSRVRecord, DSFSSHFPRecord,
    DSFTXTRecord, _make_record_class, _rdata_block, _rdata_class_of, _rdata_property, _RECORD_TAIL,
    _records_from, _UPDATE_WRAPPERS)
from dyn.tm.services.dsf.levels import (  # noqa: F401
    DSFFailoverChain, DSFRecordSet, DSFResponsePool, DSFRuleset)
from dyn.tm.services.dsf.monitors import (  # noqa: F401
    DSFMonitor, DSFMonitorEndpoint, DSFNotifier)
from dyn.tm.services.dsf.service import (  # noqa: F401
    _check_type, DSFNode, get_all_dsf_monitors, get_all_dsf_services, get_all_failover_chains,
    get_all_notifiers, get_all_record_sets, get_all_records, get_all_response_pools, get_all_rulesets,
    get_dsf_monitor, get_failover_chain, get_record, get_record_set, get_response_pool, get_ruleset, _getter,
    _list, _node_dict, _node_key, _notifier_id, _ordering, _RulesetList, _SERVER_KEYS, TrafficDirector,
    _without_ids)

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
