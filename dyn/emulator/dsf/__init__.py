"""Traffic Director (DSF): services and their trees, nodes, monitors and notifiers; a
published service serves its records at its nodes (through the DNS family's node
sources). The model is :mod:`.model`."""
from ..dns.model import register_node_source
from ..router import Family
from . import monitors, services
from .model import DSFPart, served_records

__all__ = ["FAMILY"]


def _serve_at_nodes() -> None:
    register_node_source(served_records)


FAMILY = Family("dsf", routes=[services.ROUTES, monitors.ROUTES], state_parts=[(DSFPart.name, DSFPart)],
                on_load=_serve_at_nodes)
"""The Traffic Director family."""
