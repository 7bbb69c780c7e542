"""Traffic Director services (:class:`TrafficDirector`), node attachments
(:class:`DSFNode`) and the module functions."""
from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type

from dyn import validation as v
from dyn.tm import records as _records
from dyn.tm.session import DynectSession
from dyn.tm.utils import Active, APIList

from ._base import (
    _checked, _dedupe, _DSFTree, _execute, _Field, _id_of, _identifier, _invalid, _label, _notes, _optional,
    _service_id_of, _ttl, _yes_no)
from .records import (
    _DSFRecord)
from .levels import (
    DSFFailoverChain, DSFRecordSet, DSFResponsePool, DSFRuleset)
from .monitors import (
    DSFMonitor, DSFNotifier)

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------
# nodes
# ---------------------------------------------------------------------------------------
class DSFNode:
    """A node (zone, fqdn) a service answers for. A local value: creating one sends
    nothing; attach it with :meth:`TrafficDirector.add_node`.

    :param zone: the zone name.
    :param fqdn: the node's name (default: the zone apex, ``zone + '.'``).
    """

    def __init__(self, zone: str, fqdn: Optional[str] = None) -> None:
        _checked("zone", zone, v.hostname)
        if fqdn is not None:
            _checked("fqdn", fqdn, v.fqdn)
        self.zone = zone
        self.fqdn = fqdn if fqdn is not None else zone + "."
        self.records: Dict[str, Any] = {}
        self.recs: Dict[str, type] = dict(_records.RECS)

    def add_record(self, record_type: str = "A", *args: Any, **kwargs: Any) -> Any:
        """Create a standard record at the node (``POST /<Type>Record/{zone}/{fqdn}/``)."""
        record = _records.record_class(record_type)(self.zone, self.fqdn, *args, **kwargs)
        self.records[record_type] = record
        return record

    def get_all_records(self) -> Dict[str, List[Any]]:
        """The node's records (``GET /AllRecord/{zone}/{fqdn}/``), by response key
        (``a_records``); also stored in :attr:`records`."""
        data = _execute("/AllRecord/%s/%s/" % (self.zone, self.fqdn), "GET", {"detail": "Y"})
        self.records = self._by_key(data)
        return self.records

    def get_all_records_by_type(self, record_type: str) -> List[Any]:
        """The node's records of one type (``GET /<Type>Record/{zone}/{fqdn}/``)."""
        cls = _records.record_class(record_type)
        if cls is _records.RECS["UNKNOWN"]:
            raise _invalid("record_type", record_type, "Unknown record type", tuple(_records.RECS))
        data = _execute("/%s/%s/%s/" % (cls._type.rest, self.zone, self.fqdn), "GET", {"detail": "Y"})
        return [_records.record_from_api(item, self.zone, self.fqdn) for item in data or []]

    def get_any_records(self) -> Dict[str, List[Any]]:
        """The node's records (``GET /ANYRecord/{zone}/{fqdn}/``), merged into :attr:`records`."""
        data = _execute("/ANYRecord/%s/%s/" % (self.zone, self.fqdn), "GET", {"detail": "Y"})
        self.records.update(self._by_key(data))
        return self.records

    def _by_key(self, data: Any) -> Dict[str, List[Any]]:
        found: Dict[str, List[Any]] = {}
        for key, items in (data or {}).items() if isinstance(data, dict) else ():
            found[key] = [_records.record_from_api(item, self.zone, self.fqdn) for item in items or []]
        return found

    def delete(self) -> None:
        """Delete the **zone node** and everything under it (``DELETE
        /Node/{zone}/{fqdn}``), as the classic SDK did. To detach the node from a service
        only, use :meth:`TrafficDirector.remove_node`."""
        _execute("/Node/%s/%s" % (self.zone, self.fqdn), "DELETE", {})

    def to_json(self) -> Dict[str, str]:
        """``{zone, fqdn}``."""
        return {"zone": self.zone, "fqdn": self.fqdn}

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, DSFNode):
            return _node_key(self.zone, self.fqdn) == _node_key(other.zone, other.fqdn)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_node_key(self.zone, self.fqdn))

    def __repr__(self) -> str:
        return "<DSFNode %s (zone %s)>" % (self.fqdn, self.zone)

    __str__ = __repr__


def _node_key(zone: str, fqdn: str) -> Tuple[str, str]:
    return zone.rstrip(".").lower(), fqdn.rstrip(".").lower()


def _node_dict(node: Any, field: str = "node") -> Dict[str, str]:
    """``{zone, fqdn}`` of a DSFNode, a zones Node, or a dict; checked."""
    if isinstance(node, dict):
        zone, fqdn = node.get("zone"), node.get("fqdn")
    elif hasattr(node, "zone") and hasattr(node, "fqdn"):
        zone, fqdn = node.zone, node.fqdn
    else:
        raise _invalid(field, node, "A DSFNode, a Node or a {'zone', 'fqdn'} dict expected")
    _checked("zone", zone, v.hostname)
    _checked("fqdn", fqdn, v.fqdn)
    name, apex = _node_key(zone, fqdn)[1], _node_key(zone, fqdn)[0]
    if name != apex and not name.endswith("." + apex):
        raise _invalid("fqdn", fqdn, "Not a name in zone %s" % zone)
    return {"zone": zone, "fqdn": fqdn}


# ---------------------------------------------------------------------------------------
# the service
# ---------------------------------------------------------------------------------------
class _RulesetList(APIList):
    """``TrafficDirector.rulesets``: a change PUTs ``{rulesets: [...]}`` once, with
    ``publish: 'Y'`` (and the publish note) when :attr:`service` publishes implicitly.
    The classic SDK published through one extra PUT per ruleset instead."""

    #: The owning service (None: a plain APIList).
    service: Optional["TrafficDirector"] = None

    @classmethod
    def of(cls, service: "TrafficDirector", items: Iterable[Any] = ()) -> "_RulesetList":
        uri = service._service_uri() if service._service_id is not None else None
        rulesets = cls(DynectSession.require_session, "rulesets", uri, list(items))
        rulesets.service = service
        return rulesets

    def _payload(self) -> dict:
        payload = super()._payload()
        if self.service is not None:
            payload.update(self.service._publish_args())
        return payload

    def _update_items(self, response: Any) -> None:
        if self.service is not None and self.service._implicitPublish:  # published: the note is used
            self.service._publish_note = None
        super()._update_items(response)


class TrafficDirector(_DSFTree):
    """A Traffic Director service.

    Explicit constructors: :meth:`get` (GET by id), :meth:`create` (POST) and
    :meth:`from_api` (wrap API data). Classic forms, kept:

    - ``TrafficDirector(service_id)`` or ``TrafficDirector(service_id=...)``: GET. The
      argument must look like an id; a label with spaces raises
      :class:`~dyn.tm.errors.DynectInvalidArgumentError` instead of asking the API for a
      service named like the label (the classic SDK did).
    - ``TrafficDirector(label, ttl=None, publish='Y', nodes=None, notifiers=None,
      rulesets=None, notes=None)`` with more than one argument, or ``label=`` alone: one
      ``POST /DSF/``.
    - ``TrafficDirector(api=False, **data)``: wrap API data, no request.
    """

    _id_key = "service_id"
    _uris = {"get": "/DSF/{sid}/", "put": "/DSF/{sid}/", "delete": "/DSF/{sid}/", "find": "/DSF/{sid}/"}
    _fields = (
        _Field("label", _label, doc="The service's label."),
        _Field("ttl", _ttl, doc="The default TTL of the answers."),
    )
    _nested = {"rulesets": "_build_rulesets", "notifiers": "_build_notifiers", "nodes": "_build_nodes",
               "active": "_build_active"}

    def _init_state(self) -> None:
        super()._init_state()
        self._rulesets: APIList = _RulesetList.of(self)
        self._notifiers: List[DSFNotifier] = []
        self._nodes: List[DSFNode] = []
        self._label: Optional[str] = None
        self._ttl: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._init_state()
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)
        elif (len(args) == 1 and not kwargs) or (not args and list(kwargs) == ["service_id"]):
            self._get(args[0] if args else kwargs["service_id"])
        else:
            self._post(*args, **kwargs)

    # -- explicit constructors --------------------------------------------------------
    @classmethod
    def get(cls, service_id: str) -> "TrafficDirector":
        """Fetch a service with its whole tree, pending changes included (``GET
        /DSF/{service_id}/`` with ``{pending_changes: 'Y'}``)."""
        service = cls._blank()
        service._get(service_id)
        return service

    @classmethod
    def create(cls, label: str, ttl: Optional[int] = None, publish: Any = True, nodes: Optional[List[Any]] = None,
               notifiers: Optional[List[Any]] = None, rulesets: Optional[List["DSFRuleset"]] = None,
               notes: Optional[str] = None) -> "TrafficDirector":
        """Create a service, with its whole ruleset tree, in one ``POST /DSF/``.

        :param label: the service label.
        :param ttl: the default TTL.
        :param publish: publish at once (True/'Y') or leave it pending (False/'N').
        :param nodes: :class:`DSFNode` objects (or zones ``Node`` objects or
            ``{zone, fqdn}`` dicts) to attach.
        :param notifiers: :class:`DSFNotifier` objects or notifier ids to link.
        :param rulesets: :class:`DSFRuleset` prototypes, in order.
        :param notes: a publish note.
        """
        service = cls._blank()
        service._post(label, ttl, publish, nodes, notifiers, rulesets, notes)
        return service

    @classmethod
    def from_api(cls, data: Dict[str, Any]) -> "TrafficDirector":
        """Wrap API service data (as ``GET /DSF/`` lists it); no request."""
        return cls._from_api(data)

    def _get_args(self) -> Dict[str, Any]:
        return {"pending_changes": "Y"}

    def _get(self, service_id: Any) -> None:
        self._service_id = _checked("service_id", service_id, _identifier)
        self._rulesets.uri = self._service_uri()
        self.refresh()

    def _post(self, label: str, ttl: Optional[int] = None, publish: Any = "Y", nodes: Any = None,
              notifiers: Optional[List[Any]] = None, rulesets: Optional[List[Any]] = None,
              notes: Optional[str] = None) -> None:
        self._fields[0].clean(label)
        _checked("ttl", ttl, _optional(_ttl))
        body: Dict[str, Any] = {"label": label, "publish": _yes_no("publish", publish),
                                "notes": _checked("notes", notes, _notes)}
        if ttl is not None:
            body["ttl"] = ttl
        if nodes is not None:
            if isinstance(nodes, (dict, DSFNode)) or (hasattr(nodes, "zone") and hasattr(nodes, "fqdn")):
                nodes = [nodes]
            body["nodes"] = [_node_dict(node, "nodes") for node in nodes]
        if notifiers is not None:
            body["notifiers"] = [{"notifier_id": _notifier_id(n)} for n in notifiers]
        if rulesets is not None:
            if not isinstance(rulesets, (list, tuple)) or not all(isinstance(r, DSFRuleset) for r in rulesets):
                raise _invalid("rulesets", rulesets, "A list of DSFRuleset expected")
            body["rulesets"] = [ruleset._json for ruleset in rulesets]
        data = _execute("/DSF/", "POST", body)
        self._build(data)
        log.debug("created %r", self)

    # -- building ------------------------------------------------------------------------
    def _build(self, data: Any) -> None:
        super()._build(data)
        self._rulesets.uri = self._service_uri() if self._service_id is not None else None

    def _build_rulesets(self, items: Any) -> None:
        if not isinstance(items, list):
            return
        self._rulesets = _RulesetList.of(self, [
            item if isinstance(item, DSFRuleset) else DSFRuleset._from_api(item, service_id=self._service_id)
            for item in items])

    def _build_notifiers(self, items: Any) -> None:
        if isinstance(items, list):
            self._notifiers = [DSFNotifier(td=True, **item) if isinstance(item, dict) and "notifier" in item
                               else DSFNotifier(api=False, **item) for item in items if isinstance(item, dict)]

    def _build_nodes(self, items: Any) -> None:
        if isinstance(items, list):
            self._nodes = [DSFNode(item["zone"], item.get("fqdn")) for item in items
                           if isinstance(item, dict) and item.get("zone")]

    def _build_active(self, value: Any) -> None:
        try:
            self._active = Active(value)
        except ValueError:
            self._active = value

    def _children(self) -> List[Any]:
        return list(self._rulesets)

    # -- properties ------------------------------------------------------------------------
    @property
    def ttl(self) -> Optional[int]:
        """The default TTL (an int; None when unknown). Assigning sends a PUT."""
        try:
            return int(self._ttl) if self._ttl is not None else None
        except (TypeError, ValueError):
            return self._ttl

    @ttl.setter
    def ttl(self, value: int) -> None:
        self._set_field(self._fields[1], value)

    @property
    def active(self) -> Any:
        """Whether the service is active (an :class:`~dyn.tm.utils.Active`), as last read."""
        return getattr(self, "_active", None)

    @property
    def rulesets(self) -> APIList:
        """The rulesets, in order; reading refreshes the service (GET). Changing the list
        (``append``, ``remove``, ...) PUTs ``{rulesets: [...], publish: 'Y'?}`` once
        (existing rulesets are sent with their ids, so they are kept) and updates the
        rulesets from the answer. Assigning a list replaces the local list only."""
        if self._service_id is not None:
            self.refresh()
        return self._rulesets

    @rulesets.setter
    def rulesets(self, value: Iterable[DSFRuleset]) -> None:
        self._rulesets = _RulesetList.of(self, value)

    def _walk(self) -> Iterator[Tuple[str, Any]]:
        for ruleset in self._rulesets:
            for pool in ruleset.response_pools:
                yield "response_pools", pool
                for chain in pool.failover_chains:
                    yield "failover_chains", chain
                    for record_set in chain.record_sets:
                        yield "record_sets", record_set
                        for record in record_set.records:
                            yield "records", record

    def _level(self, name: str) -> List[Any]:
        if self._service_id is not None:
            self.refresh()
        return _dedupe(obj for kind, obj in self._walk() if kind == name)

    @property
    def response_pools(self) -> List[DSFResponsePool]:
        """Every response pool reachable from the rulesets (refreshes; a pool shared by
        rulesets is listed once)."""
        return self._level("response_pools")

    @property
    def failover_chains(self) -> List[DSFFailoverChain]:
        """Every failover chain reachable from the rulesets (refreshes)."""
        return self._level("failover_chains")

    @property
    def record_sets(self) -> List[DSFRecordSet]:
        """Every record set reachable from the rulesets (refreshes)."""
        return self._level("record_sets")

    @property
    def records(self) -> List[_DSFRecord]:
        """Every record reachable from the rulesets (refreshes)."""
        return self._level("records")

    @property
    def all_response_pools(self) -> List[DSFResponsePool]:
        """Every response pool of the service, orphans included (:func:`get_all_response_pools`)."""
        return get_all_response_pools(self)

    @property
    def all_failover_chains(self) -> List[DSFFailoverChain]:
        """Every failover chain of the service, orphans included."""
        return get_all_failover_chains(self)

    @property
    def all_record_sets(self) -> List[DSFRecordSet]:
        """Every record set of the service, orphans included."""
        return get_all_record_sets(self)

    @property
    def all_records(self) -> List[_DSFRecord]:
        """Every record of the service, orphans included."""
        return get_all_records(self)

    @property
    def all_rulesets(self) -> List[DSFRuleset]:
        """Every ruleset of the service (:func:`get_all_rulesets`)."""
        return get_all_rulesets(self)

    @property
    def notifiers(self) -> List[DSFNotifier]:
        """The linked notifiers (refreshes)."""
        if self._service_id is not None:
            self.refresh()
        return self._notifiers

    # -- nodes -------------------------------------------------------------------------------
    def _node_uri(self) -> str:
        if self._service_id is None:
            raise _invalid("service_id", None, "The service is not created yet")
        return "/DSFNode/%s" % self._service_id

    def _node_publish(self) -> str:
        return "Y" if self._implicitPublish else "N"

    def _nodes_from(self, data: Any) -> None:
        if isinstance(data, list):
            self._build_nodes(data)

    @property
    def nodes(self) -> List[Dict[str, str]]:
        """The attached nodes as ``{zone, fqdn}`` dicts; reading sends ``GET
        /DSFNode/{service_id}``. Assigning a list replaces them all (PUT)."""
        self._nodes_from(_execute(self._node_uri(), "GET", {}))
        return [node.to_json() for node in self._nodes]

    @nodes.setter
    def nodes(self, value: Iterable[Any]) -> None:
        if isinstance(value, (dict, DSFNode)):
            value = [value]
        nodes = [_node_dict(node, "nodes") for node in value]
        self._nodes_from(_execute(self._node_uri(), "PUT", {"nodes": nodes, "publish": self._node_publish()}))

    @property
    def node_objects(self) -> List[DSFNode]:
        """The attached nodes as :class:`DSFNode` objects (GET)."""
        self._nodes_from(_execute(self._node_uri(), "GET", {}))
        return list(self._nodes)

    nodeObjects = node_objects

    def add_node(self, node: Any) -> None:
        """Attach a node (``POST /DSFNode/{service_id}`` with ``{node: {zone, fqdn},
        publish}``; ``publish`` follows :attr:`implicit_publish`)."""
        self._nodes_from(_execute(self._node_uri(), "POST", {"node": _node_dict(node),
                                                              "publish": self._node_publish()}))

    def remove_node(self, node: Any) -> None:
        """Detach a node (``DELETE /DSFNode/{service_id}``); the zone node itself stays."""
        self._nodes_from(_execute(self._node_uri(), "DELETE", {"node": _node_dict(node),
                                                                "publish": self._node_publish()}))

    # -- service-wide operations -----------------------------------------------------------
    def revert_changes(self) -> None:
        """Discard the service's pending changes (PUT ``{revert: true}``)."""
        self._put({"revert": True})

    def add_notifier(self, notifier: Any, notes: Optional[str] = None) -> None:
        """Link a notifier (a :class:`DSFNotifier`, an accounts ``Notifier`` or an id)."""
        self._put({"add_notifier": True, "notifier_id": _notifier_id(notifier)},
                  notes=_checked("notes", notes, _notes))

    def del_notifier(self, notifier: Any, notes: Optional[str] = None) -> None:
        """Unlink a notifier: a :class:`DSFNotifier` read from this service (it carries
        the ``link_id``) or a link id."""
        link_id = getattr(notifier, "link_id", None) if not isinstance(notifier, (str, int)) else notifier
        if link_id is None:
            raise _invalid("notifier", notifier, "A notifier read from this service (with a link_id) or a "
                                                 "link id expected")
        self._put({"remove_notifier": True, "link_id": _checked("link_id", link_id, _identifier)},
                  notes=_checked("notes", notes, _notes))

    def remove_orphans(self) -> None:
        """Drop the pools, chains and sets no ruleset reaches (PUT ``{remove_orphans: 'Y'}``)."""
        self._put({"remove_orphans": "Y"})

    def order_rulesets(self, ruleset_list: Sequence[Any], publish: bool = True) -> None:
        """Put the rulesets in this order (``{rulesets: [{dsf_ruleset_id}...]}``).

        :param ruleset_list: :class:`DSFRuleset` objects or ids.
        """
        if not isinstance(ruleset_list, (list, tuple)):
            raise _invalid("ruleset_list", ruleset_list, "A list of rulesets or ids expected")
        ids = [{"dsf_ruleset_id": _id_of(item, DSFRuleset, "ruleset_list")} for item in ruleset_list]
        self._put({"rulesets": ids}, publish=publish)

    def replace_all_rulesets(self, rulesets: Sequence[DSFRuleset]) -> None:
        """Replace every ruleset: delete the existing ones, then create the given ones
        in order (not atomic: one request each). An empty list deletes them all."""
        if not isinstance(rulesets, (list, tuple)) or not all(isinstance(r, DSFRuleset) for r in rulesets):
            raise _invalid("rulesets", rulesets, "A list of DSFRuleset expected")
        for old in get_all_rulesets(self):
            old.delete()
        for ruleset in rulesets:
            ruleset.create(self)

    def replace_one_ruleset(self, ruleset: DSFRuleset) -> None:
        """Replace the ruleset with the same label by ``ruleset``, at the same position
        (the classic SDK put it one position later); without a match, add it last."""
        if not isinstance(ruleset, DSFRuleset):
            raise _invalid("ruleset", ruleset, "A DSFRuleset expected")
        existing = get_all_rulesets(self)
        existing.sort(key=_ordering)
        for position, old in enumerate(existing):
            if old.label == ruleset.label:
                old.delete()
                ruleset.create(self, index=position)
                return
        ruleset.create(self)

    def delete(self) -> None:  # type: ignore[override]
        """Delete the service (``DELETE /DSF/{service_id}/``)."""
        if self._service_id is None:
            raise _invalid("service_id", None, "The service is not created yet")
        _execute(self._service_uri(), "DELETE", {})

    # -- views --------------------------------------------------------------------------------
    def to_json(self) -> Dict[str, Any]:
        """The service as a create body without server ids (so it can be posted again,
        e.g. to copy a service): ``{label, ttl?, nodes, rulesets}``; monitor ids stay."""
        body: Dict[str, Any] = {"label": self._label}
        if self._ttl is not None:
            body["ttl"] = self.ttl
        body["nodes"] = [node.to_json() for node in self._nodes]
        body["rulesets"] = [_without_ids(ruleset.to_json(skip_svc=True)) for ruleset in self._rulesets]
        return body

    def tree(self) -> str:
        """The service as indented text, as last read (no request)."""
        lines = [repr(self)]
        for node in self._nodes:
            lines.append("  node %s" % node.fqdn)
        for ruleset in self._rulesets:
            lines.append("  %r" % ruleset)
            for pool in ruleset.response_pools:
                lines.append("    %r" % pool)
                for chain in pool.failover_chains:
                    lines.append("      %r" % chain)
                    for record_set in chain.record_sets:
                        lines.append("        %r" % record_set)
                        for record in record_set.records:
                            lines.append("          %r" % record)
        return "\n".join(lines)

    def _repr_parts(self) -> List[str]:
        return super()._repr_parts() + ["ttl=%s" % (self._ttl,), "rulesets=%d" % len(self._rulesets)]


#: Keys left out of :meth:`TrafficDirector.to_json`: server ids (the API reads an entry
#: carrying one as a reference to that object) and positions.
_SERVER_KEYS = ("service_id", "dsf_ruleset_id", "dsf_response_pool_id", "dsf_record_set_failover_chain_id",
                "dsf_record_set_id", "dsf_record_id", "index")


def _without_ids(body: Any) -> Any:
    if isinstance(body, list):
        return [_without_ids(item) for item in body]
    if isinstance(body, dict):
        return {key: _without_ids(value) for key, value in body.items() if key not in _SERVER_KEYS}
    return body


def _ordering(ruleset: DSFRuleset) -> int:
    try:
        return int(ruleset.ordering)
    except (TypeError, ValueError):
        return 0


def _notifier_id(notifier: Any) -> str:
    """The id of a DSFNotifier, an accounts Notifier or an id string."""
    if isinstance(notifier, (str, int)) and not isinstance(notifier, bool):
        return _checked("notifier", notifier, _identifier)
    notifier_id = getattr(notifier, "notifier_id", None) or getattr(notifier, "_notifier_id", None)
    if notifier_id is None:
        raise _invalid("notifier", notifier, "A DSFNotifier, a Notifier or a notifier id expected")
    return notifier_id


# ---------------------------------------------------------------------------------------
# module functions
# ---------------------------------------------------------------------------------------
def _list(uri: str) -> List[Any]:
    data = _execute(uri, "GET", {"detail": "Y"})
    return data if isinstance(data, list) else []


def get_all_dsf_services() -> List[TrafficDirector]:
    """Every Traffic Director service (``GET /DSF/`` with ``{detail: 'Y'}``), built from
    the listing (no further requests)."""
    return [TrafficDirector(api=False, **item) for item in _list("/DSF/") if isinstance(item, dict)]


def get_all_notifiers() -> List[DSFNotifier]:
    """Every notifier (``GET /Notifier/``)."""
    return [DSFNotifier(api=False, **item) for item in _list("/Notifier/") if isinstance(item, dict)]


def get_all_dsf_monitors() -> List[DSFMonitor]:
    """Every monitor (``GET /DSFMonitor/``), with endpoint objects and ``Active`` flags."""
    return [DSFMonitor(api=False, **item) for item in _list("/DSFMonitor/") if isinstance(item, dict)]


def get_dsf_monitor(monitor_id: str) -> DSFMonitor:
    """One monitor (``GET /DSFMonitor/{id}`` with ``{detail: 'Y'}``)."""
    monitor_id = _checked("monitor_id", monitor_id, _identifier)
    return DSFMonitor(api=False, **_execute("/DSFMonitor/%s" % monitor_id, "GET", {"detail": "Y"}))


def get_all_records(service: Any) -> List[_DSFRecord]:
    """Every record of a service, orphans included: ``GET /DSFRecord/{service_id}/`` for
    the ids, then one ``GET /DSFRecord/{service_id}/{id}`` per record (classic)."""
    service_id = _service_id_of(service)
    found: List[_DSFRecord] = []
    for item in _list("/DSFRecord/%s/" % service_id):
        record_id = item.get("dsf_record_id") if isinstance(item, dict) else item
        if record_id is not None:
            found.extend(get_record(record_id, service_id, always_list=True))
    return found


def get_record(record_id: str, service: Any, always_list: bool = False) -> Any:
    """One record (``GET /DSFRecord/{service_id}/{id}``): an object, or a list when the
    API record holds several rdata entries or ``always_list``."""
    service_id = _service_id_of(service)
    record_id = _checked("record_id", record_id, _identifier)
    data = _execute("/DSFRecord/%s/%s" % (service_id, record_id), "GET", {"detail": "Y"})
    found = _DSFRecord._from_api_list(data, service_id=service_id)
    if always_list or len(found) != 1:
        return found
    return found[0]


def _getter(cls: Type[_DSFTree], uri: str, name: str) -> Tuple[Callable[..., Any], Callable[..., Any]]:
    def get_all(service: Any) -> List[Any]:
        service_id = _service_id_of(service)
        return [cls._from_api(item, service_id=service_id) for item in _list(uri % service_id)
                if isinstance(item, dict)]

    def get_one(object_id: str, service: Any) -> Any:
        service_id = _service_id_of(service)
        object_id = _checked(cls._id_key, object_id, _identifier)
        data = _execute(cls._uris["find"].format(sid=service_id, id=object_id), "GET", {"detail": "Y"})
        return cls._from_api(data, service_id=service_id)

    get_all.__doc__ = "Every %s of a service, orphans included (``GET %s`` with ``{detail: 'Y'}``)." % (
        name, uri % "{service_id}")
    get_one.__doc__ = "One %s (``GET %s`` with ``{detail: 'Y'}``)." % (
        name, cls._uris["find"].replace("{sid}", "{service_id}"))
    return get_all, get_one


get_all_record_sets, get_record_set = _getter(DSFRecordSet, "/DSFRecordSet/%s/", "record set")
get_all_failover_chains, get_failover_chain = _getter(DSFFailoverChain, "/DSFRecordSetFailoverChain/%s/",
                                                      "failover chain")
get_all_response_pools, get_response_pool = _getter(DSFResponsePool, "/DSFResponsePool/%s/", "response pool")
get_all_rulesets, get_ruleset = _getter(DSFRuleset, "/DSFRuleset/%s/", "ruleset")
for _function, _name in ((get_all_record_sets, "get_all_record_sets"), (get_record_set, "get_record_set"),
                         (get_all_failover_chains, "get_all_failover_chains"),
                         (get_failover_chain, "get_failover_chain"),
                         (get_all_response_pools, "get_all_response_pools"),
                         (get_response_pool, "get_response_pool"), (get_all_rulesets, "get_all_rulesets"),
                         (get_ruleset, "get_ruleset")):
    _function.__name__ = _function.__qualname__ = _name
del _function, _name


def _check_type(service: Any) -> str:
    """Classic helper: the service id of a TrafficDirector or an id string."""
    return _service_id_of(service)
