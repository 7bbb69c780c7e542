"""DNS: zones, records, pending changes and publish, zone files, secondary zones, TSIG
keys, tasks and the QPS/zone-notes reports. The model is :mod:`.model`; each other module
holds the handlers of one group of resources."""
from ..router import Family
from . import records, reports, secondary, tasks, zones
from .model import ZonesPart

__all__ = ["FAMILY"]

FAMILY = Family("dns", routes=[zones.ROUTES, records.ROUTES, secondary.ROUTES, tasks.ROUTES, reports.ROUTES],
                state_parts=[(ZonesPart.name, ZonesPart)])
"""The DNS family."""
