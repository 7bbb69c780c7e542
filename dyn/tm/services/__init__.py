"""Traffic Management services: Active Failover, Dynamic DNS, HTTP Redirect, DNSSEC,
GSLB, Reverse DNS, RTTM, Traffic Director (DSF) and Advanced Redirect.

The classic package re-exported every service class here, so
``from dyn.tm.services import TrafficDirector`` keeps working. The names are loaded
lazily: importing this package (or one service module) imports no other service
module, and a name is imported from its module on first use.

As in the classic package, ``Monitor`` is the RTTM monitor (``dyn.tm.services.rttm``);
the GSLB one is ``dyn.tm.services.gslb.Monitor``. The deprecated Geo service is not
re-exported: import ``dyn.tm.services.geo``. LoadBalance and CDNManager are gone.
"""
from __future__ import annotations

import importlib
import os
from typing import Any, Dict, List, Tuple

#: The service modules and the names each re-exports, in the classic import order
#: (a later module wins a name clash: ``Monitor`` is RTTM's).
_EXPORTS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("active_failover", ("HealthMonitor", "ActiveFailover")),
    ("ddns", ("DynamicDNS",)),
    ("httpredirect", ("HTTPRedirect",)),
    ("dnssec", ("get_all_dnssec", "DNSSECKey", "DNSSEC")),
    ("gslb", ("Monitor", "GSLBRegionPoolEntry", "GSLBRegion", "GSLB")),
    ("reversedns", ("ReverseDNS",)),
    ("rttm", ("Monitor", "PerformanceMonitor", "RegionPoolEntry", "RTTMRegion", "RTTM")),
    ("dsf", (
        "get_all_dsf_services", "get_all_record_sets", "get_all_failover_chains", "get_all_response_pools",
        "get_all_rulesets", "get_all_dsf_monitors", "get_all_records", "get_all_notifiers", "get_record",
        "get_record_set", "get_failover_chain", "get_response_pool", "get_ruleset", "get_dsf_monitor",
        "DSFNotifier", "DSFARecord", "DSFAAAARecord", "DSFALIASRecord", "DSFCERTRecord", "DSFCNAMERecord",
        "DSFDHCIDRecord", "DSFDNAMERecord", "DSFDNSKEYRecord", "DSFDSRecord", "DSFKEYRecord", "DSFKXRecord",
        "DSFLOCRecord", "DSFIPSECKEYRecord", "DSFMXRecord", "DSFNAPTRRecord", "DSFPTRRecord", "DSFPXRecord",
        "DSFNSAPRecord", "DSFRPRecord", "DSFNSRecord", "DSFSPFRecord", "DSFSRVRecord", "DSFSSHFPRecord",
        "DSFTXTRecord", "DSFRecordSet", "DSFFailoverChain", "DSFResponsePool", "DSFRuleset",
        "DSFMonitorEndpoint", "DSFMonitor", "DSFNode", "TrafficDirector")),
    ("advanced_redirect", ("get_all_advanced_redirect_rules", "AdvancedRedirect", "AdvancedRedirectRule")),
)

_HERE = os.path.dirname(os.path.abspath(__file__))


def _available(module: str) -> bool:
    return os.path.exists(os.path.join(_HERE, module + ".py")) or \
        os.path.exists(os.path.join(_HERE, module, "__init__.py"))


#: Name → module, for the modules present in this installation.
_WHERE: Dict[str, str] = {}
for _module, _names in _EXPORTS:
    if _available(_module):
        for _name in _names:
            _WHERE[_name] = _module
del _module, _names

__all__: List[str] = list(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    value = getattr(importlib.import_module("%s.%s" % (__name__, module)), name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
