"""Traffic Director value rules, shared by the SDK (:mod:`dyn.tm.services.dsf`) and the
emulator (``dyn.emulator.dsf.model``): one definition of what each field accepts.

Each check returns the clean value or raises :class:`ValueError` with a short problem
text; the SDK turns it into :class:`~dyn.tm.errors.DynectInvalidArgumentError` before
sending, the emulator into the API's ``<field>: <problem>`` failure.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

from dyn import validation as v

__all__ = ["AUTOMATION", "CRITERIA_TYPES", "GEOIP_KEYS", "PROTOCOLS", "PROBE_INTERVALS", "RETRIES_RANGE",
           "COUNT_MAX", "WEIGHT_RANGE", "DSF_RECORD_TYPES", "MONITOR_OPTIONS", "label", "soft_label",
           "count", "weight", "retries", "response_count", "protocol", "probe_interval", "host_or_ip"]

AUTOMATION: Tuple[str, ...] = ("auto", "auto_down", "manual")
"""Automation modes of records, record sets and response pools."""
CRITERIA_TYPES: Tuple[str, ...] = ("always", "geoip")
"""Ruleset criteria types."""
GEOIP_KEYS: Tuple[str, ...] = ("country", "region", "province")
"""Keys of a ``geoip`` criteria dict."""
PROTOCOLS: Tuple[str, ...] = ("HTTP", "HTTPS", "PING", "SMTP", "TCP")
"""Monitor protocols."""
PROBE_INTERVALS: Tuple[int, ...] = (60, 300, 600, 900)
"""Monitor probe intervals, in seconds."""
RETRIES_RANGE: Tuple[int, int] = (0, 10)
"""Monitor ``retries`` before a probe counts as failed."""
COUNT_MAX = 1000
"""Largest serve/fail/trouble/core-set/endpoint-up count."""
WEIGHT_RANGE: Tuple[int, int] = (1, 15)
"""Record weights (relative share of answers within a record set)."""
DSF_RECORD_TYPES: Tuple[str, ...] = (
    "A", "AAAA", "ALIAS", "CERT", "CNAME", "DHCID", "DNAME", "DNSKEY", "DS", "KEY", "KX", "LOC",
    "IPSECKEY", "MX", "NAPTR", "PTR", "PX", "NSAP", "RP", "NS", "SPF", "SRV", "SSHFP", "TXT")
"""The 24 record types a DSF record set can hold."""

MONITOR_OPTIONS: Dict[str, Callable[[Any], Any]] = {
    "timeout": v.int_range(1, 300),
    "port": v.int_range(1, 65_535),
    "path": lambda value: v.text(value, 1024, allow_empty=True),
    "host": lambda value: v.text(value, 255, allow_empty=True),
    "header": lambda value: v.text(value, 4096, allow_empty=True),
    "expected": lambda value: v.text(value, 4096, allow_empty=True),
}
"""Monitor options: name -> check."""

count = v.int_range(0, COUNT_MAX)
"""A serve/fail/trouble/core-set count."""
weight = v.int_range(*WEIGHT_RANGE)
"""A record weight."""
retries = v.int_range(*RETRIES_RANGE)
"""Monitor retries."""
response_count = v.int_range(0, 2)
"""Monitor ``response_count``: how many failing probe regions mark an endpoint down."""
protocol = v.one_of(PROTOCOLS)
"""A monitor protocol."""
probe_interval = v.one_of(PROBE_INTERVALS, v.integer)
"""A monitor probe interval in seconds."""


def label(value: Any) -> str:
    """A required label: 1 to 255 characters, no control characters."""
    return v.text(value, 255)


def soft_label(value: Any) -> str:
    """A label that may be empty (records, record sets, chains)."""
    return v.text(value, 255, allow_empty=True)


def host_or_ip(value: Any) -> str:
    """An IPv4/IPv6 address or a host name (failover targets, monitor endpoints)."""
    for check in (v.ipv4, v.ipv6, v.hostname):
        try:
            return check(value)
        except ValueError:
            pass
    raise ValueError("IP address or host name expected")
