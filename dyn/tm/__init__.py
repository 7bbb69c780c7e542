"""Traffic Management (DynECT DNS): sessions, zones, records, tasks, bulk changes and
services (``dyn.tm.services``)."""
