"""Traffic Director (DSF) model of the emulator: services and their trees, monitors,
notifiers, the publish model and the records a service serves at its nodes.

A service is one JSON document (:class:`Tree` wraps it) holding flat tables of its
objects by id, linked by id lists. The five tree levels share one generic code path
driven by :data:`LEVELS` (fields with defaults and checks, id key, parent key, child
list key, and what happens to a child when its parent lets go of it)::

    service ─ rulesets (ordered) ─ response_pools (shared, failover order)
            ─ rs_chains ─ record_sets (failover order) ─ records

Publish model: every service keeps a *published* document and, while there are
unpublished changes, a *pending* one. A change works on a copy of the pending document
(or of the published one when nothing is pending), so a failure anywhere leaves
everything as it was; the copy becomes the pending document, and also the published
one when the change asked to publish (``publish: "Y"``), which publishes the whole
service. Pending changes belong to the service (every session of the customer sees
them), not to a session.

Everything lives in the :class:`DSFPart` state part (``dsf``), per customer; ids are
22-character alphanumeric strings (notifier ids are integers). ``docs/emulator_dsf.rst``
describes the behaviour and lists the guessed texts.
"""
from __future__ import annotations

import copy
import logging
import secrets
import string
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from dyn import validation as v
from dyn.tm.record_types import RECORD_TYPES
from dyn.tm.services.dsf_rules import (AUTOMATION, CRITERIA_TYPES, DSF_RECORD_TYPES,  # noqa: F401 (re-exported)
                                       GEOIP_KEYS, PROBE_INTERVALS, PROTOCOLS)
from dyn.validation import Problem

from ..state import StatePart
from .fields import (  # noqa: F401  (re-exported: the emulator and its tests import them from here)
    NOTIFIER_SERVICE_CLASSES, RECIPIENT_FORMATS, Attr, CHAIN_ATTRS, ENDPOINT_ATTRS, LEVELS, Level, MONITOR_ATTRS,
    NOTIFIER_ATTRS, POOL_ATTRS, RECIPIENT_ATTRS, RECORD_ATTRS, RECORD_SET_ATTRS, RULESET_ATTRS, SERVICE_ATTRS,
    SERVICE_LINK_ATTRS, TREE_LEVELS, _COUNT, _OPTION_CHECKS, _REQUIRED, _address, _criteria, _endpoint, _endpoints,
    _label, _monitor_id, _name, _optional_label, _options, _recipient, _recipients, _services, _str_list,
    clean_attrs, clean_node, flag, yes_no)

__all__ = [
    "DSFPart", "Tree", "TreeEnv", "Level", "Attr", "LEVELS", "TREE_LEVELS", "Missing", "Conflict",
    "Problem", "DSF_RECORD_TYPES", "AUTOMATION", "CRITERIA_TYPES", "PROTOCOLS", "PROBE_INTERVALS",
    "MONITOR_ATTRS", "NOTIFIER_ATTRS", "new_id", "flag", "yes_no", "clean_attrs", "clean_node",
    "dsf_part", "served_records", "ID_LENGTH",
]

log = logging.getLogger(__name__)

ID_LENGTH = 22
_ALPHABET = string.ascii_letters + string.digits



def new_id(taken: Iterable[str] = ()) -> str:
    """A fresh opaque id: 22 letters and digits, not in ``taken``."""
    taken = set(taken)
    while True:
        value = "".join(secrets.choice(_ALPHABET) for _ in range(ID_LENGTH))
        if value not in taken:
            return value


# -- errors ------------------------------------------------------------------------------------

class Missing(LookupError):
    """A referenced object does not exist: ``<context>: <problem>`` (answered as 404
    NOT_FOUND)."""

    def __init__(self, context: str, problem: str, source: str = "BLL") -> None:
        super().__init__(f"{context}: {problem}")
        self.context = context
        self.problem = problem
        self.source = source


class Conflict(ValueError):
    """A valid value the current state refuses: ``<field>: <problem>`` with ``err_cd``
    (``TARGET_EXISTS``, ``ILLEGAL_OPERATION``), answered as 400."""

    def __init__(self, err_cd: str, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.err_cd = err_cd
        self.field = field
        self.problem = problem


# -- the service tree ---------------------------------------------------------------------------

class TreeEnv:
    """What a service tree needs to know about the rest of the account.

    :param monitor_exists: ``f(monitor_id) -> bool``.
    :param zone_exists: ``f(zone) -> bool``.
    :param node_owner: ``f(zone, fqdn) -> service id`` of another service serving the
        node, or None.
    """

    def __init__(self, monitor_exists: Callable[[str], bool] = lambda mid: False,
                 zone_exists: Callable[[str], bool] = lambda zone: False,
                 node_owner: Callable[[str, str], Optional[str]] = lambda zone, fqdn: None) -> None:
        self.monitor_exists = monitor_exists
        self.zone_exists = zone_exists
        self.node_owner = node_owner


def new_document(service_id: str, label: str = "", ttl: int = 30) -> Dict[str, Any]:
    """An empty service document."""
    doc: Dict[str, Any] = {"service_id": service_id, "label": label, "ttl": ttl, "active": "Y",
                           "nodes": [], "rulesets": []}
    for key in TREE_LEVELS:
        doc[key] = {}
    return doc


class Tree:
    """One version (published or pending) of a service: a JSON document and the
    operations on it. Every change goes through the generic level code.

    :param doc: the document (changed in place: give a copy when the change may fail).
    :param env: lookups outside the service.
    """

    def __init__(self, doc: Dict[str, Any], env: Optional[TreeEnv] = None) -> None:
        self.doc = doc
        self.env = env or TreeEnv()

    @property
    def service_id(self) -> str:
        """The service id."""
        return self.doc["service_id"]

    # -- lookups --

    def table(self, level: str) -> Dict[str, Dict[str, Any]]:
        """The objects of a level by id (the service level: the document itself)."""
        if level == "service":
            return {self.service_id: self.doc}
        return self.doc[level]

    def get(self, level: str, oid: str) -> Dict[str, Any]:
        """The stored object; raises :class:`Missing`."""
        found = self.table(level).get(oid)
        if found is None:
            meta = LEVELS[level]
            raise Missing(meta.context, f"No such {meta.title.lower()}")
        return found

    def all_ids(self) -> List[str]:
        """Every id used in this document."""
        ids = [self.service_id]
        for key in TREE_LEVELS:
            ids.extend(self.doc[key])
        return ids

    def parents(self, level: str, oid: str) -> List[str]:
        """Ids of the objects whose child list holds ``oid``."""
        meta = LEVELS[level]
        if meta.parent is None:
            return []
        if meta.stored_parent:
            parent = self.get(level, oid)[meta.parent_key]
            return [parent] if parent and parent in self.table(meta.parent) else []
        child_key = LEVELS[meta.parent].child_key
        return [pid for pid, obj in self.table(meta.parent).items() if oid in obj[child_key]]

    def ids(self, level: str) -> List[str]:
        """Every object of a level, orphans included (rulesets in service order)."""
        if level == "ruleset":
            return list(self.doc["rulesets"])
        return list(self.table(level))

    # -- create --

    def add(self, level: str, proto: Any, parent_id: Optional[str] = None,
            index: Optional[int] = None) -> str:
        """Create an object (with the subtree in ``proto``) and insert it in its parent's
        child list at ``index`` (end by default); return its id."""
        meta = LEVELS[level]
        if meta.parent == "service":
            parent_id = self.service_id
        elif parent_id is not None:
            self.get(meta.parent, parent_id)
        elif meta.stored_parent:
            raise Problem(meta.parent_key, None, "This field is required")
        oid = self.create(level, proto, parent_id)
        if parent_id is not None:
            siblings = self.table(meta.parent)[parent_id][LEVELS[meta.parent].child_key]
            position = len(siblings) if index is None else max(0, min(index, len(siblings)))
            siblings.insert(position, oid)
        return oid

    def create(self, level: str, proto: Any, parent_id: Optional[str] = None) -> str:
        """Create an object and its subtree without listing it in the parent (the caller
        does); return its id."""
        meta = LEVELS[level]
        if not isinstance(proto, dict):
            raise Problem(LEVELS[meta.parent].child_key if meta.parent else meta.key, proto,
                          "Expected an object")
        values = clean_attrs(meta.attrs, proto)
        oid = new_id(self.all_ids())
        obj: Dict[str, Any] = {meta.id_key: oid}
        if meta.stored_parent:
            obj[meta.parent_key] = parent_id or ""
        obj.update(values)
        self._extra(level, obj, proto, parent_id, partial=False)
        if meta.child_key:
            obj[meta.child_key] = []
        self.table(level)[oid] = obj
        if meta.child_key:
            children = proto.get(meta.child_key)
            if children is not None:
                if not isinstance(children, list):
                    raise Problem(meta.child_key, children, "Expected a list")
                obj[meta.child_key] = _unique(self.child_item(meta.child, item, oid) for item in children)
        self._post_check(level, obj)
        return oid

    def child_item(self, level: str, item: Any, parent_id: str) -> str:
        """The id for one entry of a child list: an existing object named by its id (moved
        here when it belongs to one parent), a failover pool (``{"failover": ip}``), or a
        new object built from the entry."""
        meta = LEVELS[level]
        if isinstance(item, dict) and item.get(meta.id_key):
            oid = str(item[meta.id_key])
            obj = self.get(level, oid)
            if level == "record":
                wanted = self.get("record_set", parent_id)["rdata_class"]
                if obj["rdata_class"] != wanted:
                    raise Conflict("ILLEGAL_OPERATION", "rdata_class",
                                   f"A record of class {obj['rdata_class']} can not join a record set "
                                   f"of class {wanted}")
            if meta.stored_parent:
                old = obj[meta.parent_key]
                if old and old != parent_id and old in self.table(meta.parent):
                    self.table(meta.parent)[old][LEVELS[meta.parent].child_key].remove(oid)
                obj[meta.parent_key] = parent_id
            return oid
        if level == "pool" and isinstance(item, dict) and "failover" in item:
            return self.failover_pool(item["failover"])
        return self.create(level, item, parent_id)

    def failover_pool(self, address: Any) -> str:
        """Materialise a ruleset's ``{failover: ip}`` entry: a pool, chain, record set
        and record labelled with the address (A, AAAA, or CNAME for a host name)."""
        if isinstance(address, str) and address.endswith(".") and len(address) > 1:
            address = address[:-1]
        rdata_class, key = _failover_kind(address)
        record = {"label": address, "rdata": {f"{rdata_class.lower()}_rdata": {key: address}}}
        proto = {"label": address, "rs_chains": [{"label": address, "record_sets": [
            {"rdata_class": rdata_class, "label": address, "records": [record]}]}]}
        return self.create("pool", proto)

    # -- update --

    def update(self, level: str, oid: str, changes: Dict[str, Any]) -> Dict[str, Any]:
        """Change the given fields of an object; a child list in ``changes`` replaces
        the object's children (see :meth:`set_children`)."""
        meta = LEVELS[level]
        obj = self.get(level, oid)
        values = clean_attrs(meta.attrs, changes, partial=True)
        if level == "record_set" and "rdata_class" in values and values["rdata_class"] != obj["rdata_class"] \
                and obj["records"]:
            raise Conflict("ILLEGAL_OPERATION", "rdata_class",
                           "The class of a record set that holds records can not change")
        self._extra(level, values, changes, obj.get(meta.parent_key), partial=True, current=obj)
        merged = dict(obj, **values)
        self._post_check(level, merged)
        if level == "ruleset" and changes.get("ordering") is not None:
            order = self.doc["rulesets"]
            try:
                position = v.int_range(0, len(order) - 1)(changes["ordering"])
            except ValueError as err:
                raise Problem("ordering", changes["ordering"], str(err)) from None
            order.remove(oid)
            order.insert(position, oid)
        obj.update(values)
        if meta.child_key and changes.get(meta.child_key) is not None:
            self.set_children(level, oid, changes[meta.child_key])
        return obj

    def set_children(self, level: str, oid: str, items: Any) -> List[str]:
        """Replace the child list of an object: entries are references (by id), new
        objects or, for rulesets, failover addresses; children left out are dropped
        according to their level's ``on_drop``."""
        meta = LEVELS[level]
        if not isinstance(items, list):
            raise Problem(meta.child_key, items, "Expected a list")
        obj = self.get(level, oid)
        new = _unique(self.child_item(meta.child, item, oid) for item in items)
        old = obj[meta.child_key]
        obj[meta.child_key] = new
        for cid in old:
            if cid not in new:
                self.drop(meta.child, cid, oid)
        return new

    def order_rulesets(self, items: Any) -> List[str]:
        """``PUT /DSF/{sid}/ {rulesets: [...]}``: when every entry names an existing
        ruleset, reorder (rulesets left out keep their relative order after the listed
        ones); otherwise replace the list (see :meth:`set_children`)."""
        if not isinstance(items, list):
            raise Problem("rulesets", items, "Expected a list")
        id_key = LEVELS["ruleset"].id_key
        if items and all(isinstance(item, dict) and item.get(id_key) for item in items):
            listed = _unique(str(item[id_key]) for item in items)
            for rid in listed:
                self.get("ruleset", rid)
            current = self.doc["rulesets"]
            self.doc["rulesets"] = listed + [rid for rid in current if rid not in listed]
            return self.doc["rulesets"]
        return self.set_children("service", self.service_id, items)

    # -- delete --

    def delete(self, level: str, oid: str) -> None:
        """Delete an object: it leaves its parents' lists, and its children are dropped
        according to their level's ``on_drop`` (pools stay, chains become orphans,
        record sets and records are deleted)."""
        meta = LEVELS[level]
        obj = self.get(level, oid)
        for pid in self.parents(level, oid):
            siblings = self.table(meta.parent)[pid][LEVELS[meta.parent].child_key]
            if oid in siblings:
                siblings.remove(oid)
        if meta.child_key:
            for cid in list(obj[meta.child_key]):
                self.drop(meta.child, cid, oid)
        del self.table(level)[oid]

    def drop(self, level: str, oid: str, parent_id: str) -> None:
        """A parent let go of ``oid``: apply the level's ``on_drop``."""
        meta = LEVELS[level]
        obj = self.table(level).get(oid)
        if obj is None:
            return
        if meta.on_drop == "delete":
            self.delete(level, oid)
        elif meta.on_drop == "orphan" and obj.get(meta.parent_key) == parent_id:
            obj[meta.parent_key] = ""

    def remove_orphans(self) -> List[str]:
        """Delete the failover chains no response pool lists (with their record sets and
        records); return their ids."""
        orphans = [cid for cid in self.ids("chain") if not self.parents("chain", cid)]
        for cid in orphans:
            self.delete("chain", cid)
        return orphans

    # -- nodes --

    def check_node(self, node: Any) -> Dict[str, str]:
        """A clean node that may be attached: its zone exists, no other service serves it."""
        node = clean_node(node)
        if not self.env.zone_exists(node["zone"]):
            raise Missing("zone", "No such zone", source="API-B")
        owner = self.env.node_owner(node["zone"], node["fqdn"])
        if owner is not None and owner != self.service_id:
            raise Conflict("TARGET_EXISTS", "node",
                           f"{node['fqdn']} is already attached to service {owner}")
        return node

    def set_nodes(self, nodes: Any) -> List[Dict[str, str]]:
        """Replace the nodes."""
        if isinstance(nodes, dict):
            nodes = [nodes]
        if not isinstance(nodes, list):
            raise Problem("nodes", nodes, "Expected a list")
        clean: List[Dict[str, str]] = []
        for node in nodes:
            node = self.check_node(node)
            if node not in clean:
                clean.append(node)
        self.doc["nodes"] = clean
        return clean

    def add_node(self, node: Any) -> List[Dict[str, str]]:
        """Attach one node (no change when already attached)."""
        node = self.check_node(node)
        if node not in self.doc["nodes"]:
            self.doc["nodes"].append(node)
        return self.doc["nodes"]

    def remove_node(self, node: Any) -> List[Dict[str, str]]:
        """Detach one node."""
        node = clean_node(node)
        if node not in self.doc["nodes"]:
            raise Missing("node", "Node is not attached to this service")
        self.doc["nodes"].remove(node)
        return self.doc["nodes"]

    # -- level specifics --

    def _extra(self, level: str, values: Dict[str, Any], source: Dict[str, Any], parent_id: Optional[str],
               partial: bool, current: Optional[Dict[str, Any]] = None) -> None:
        """Fields that need more than a per-field check: record rdata, monitor refs."""
        if level == "record":
            if parent_id:
                rdata_class = self.get("record_set", parent_id)["rdata_class"]
            else:
                rdata_class = (current or {}).get("rdata_class")
            if rdata_class is None:
                raise Problem("dsf_record_set_id", None, "This field is required")
            values["rdata_class"] = rdata_class
            if source.get("rdata") is None:
                if not partial:
                    raise Problem("rdata", None, "This field is required")
                values.pop("rdata_class")
                return
            values["rdata"] = clean_rdata(rdata_class, source["rdata"],
                                          (current or {}).get("rdata") if partial else None)
        elif level == "record_set":
            monitor = values.get("dsf_monitor_id")
            if monitor and not self.env.monitor_exists(monitor):
                raise Missing("dsf_monitor_id", "No such monitor")

    def _post_check(self, level: str, obj: Dict[str, Any]) -> None:
        if level == "ruleset" and obj["criteria_type"] == "geoip":
            geo = (obj.get("criteria") or {}).get("geoip") or {}
            if not any(geo.get(key) for key in GEOIP_KEYS):
                raise Problem("criteria", obj.get("criteria"),
                              "A geoip ruleset needs at least one country, region or province")

    # -- rendering --

    def render(self, level: str, oid: str, index: Optional[int] = None) -> Dict[str, Any]:
        """The API object of ``oid`` with its subtree nested, as the API answers it."""
        meta = LEVELS[level]
        obj = self.get(level, oid)
        if level == "service":
            return self.render_service()
        out: Dict[str, Any] = {meta.id_key: oid}
        if meta.stored_parent:
            out[meta.parent_key] = obj[meta.parent_key]
        out["service_id"] = self.service_id
        for attr in meta.attrs:
            out[attr.name] = copy.deepcopy(obj[attr.name])
        out.update(meta.fixed)
        if level == "ruleset":
            out["ordering"] = self.doc["rulesets"].index(oid)
        elif level == "pool":
            if index is not None:
                out["index"] = index
            out["rulesets"] = [{"dsf_ruleset_id": rid, "label": self.doc["ruleset"][rid]["label"]}
                               for rid in self.parents("pool", oid)]
        elif level == "record":
            out["rdata_class"] = obj["rdata_class"]
            out["rdata"] = [{"data": {f"rdata_{obj['rdata_class'].lower()}": dict(obj["rdata"])}}]
        if meta.child_key:
            out[meta.child_key] = [self.render(meta.child, cid, position)
                                   for position, cid in enumerate(obj[meta.child_key])]
        return out

    def render_service(self) -> Dict[str, Any]:
        """The service fields, nodes and nested rulesets (notifier links are added by
        :class:`DSFPart`)."""
        return {
            "service_id": self.service_id,
            "label": self.doc["label"],
            "ttl": self.doc["ttl"],
            "active": self.doc["active"],
            "nodes": [dict(node) for node in self.doc["nodes"]],
            "rulesets": [self.render("ruleset", rid) for rid in self.doc["rulesets"]],
        }

    # -- serving --

    def served(self) -> List[Tuple[Dict[str, Any], Dict[str, Any]]]:
        """``(record set, record)`` pairs a resolver gets at the service's nodes.

        The emulator has no resolver location, so geoip rulesets never match: the first
        ``always`` ruleset decides (none: nothing is served). Its pools are tried in
        failover order; the first eligible pool with something to serve wins. In that
        pool each failover chain contributes its first eligible record set holding
        eligible records: ``serve_count`` of them (0: all), highest weight first, ties
        in list order.
        """
        for rid in self.doc["rulesets"]:
            ruleset = self.doc["ruleset"][rid]
            if ruleset["criteria_type"] != "always":
                continue
            for pid in ruleset["response_pools"]:
                pool = self.doc["pool"][pid]
                if not pool["eligible"]:
                    continue
                answer = []
                for cid in pool["rs_chains"]:
                    for sid in self.doc["chain"][cid]["record_sets"]:
                        record_set = self.doc["record_set"][sid]
                        records = [self.doc["record"][r] for r in record_set["records"]]
                        records = [record for record in records if record["eligible"]]
                        if not record_set["eligible"] or not records:
                            continue
                        records.sort(key=lambda record: -record["weight"])
                        count = record_set["serve_count"] or len(records)
                        answer.extend((record_set, record) for record in records[:count])
                        break
                if answer:
                    return answer
            return []
        return []


def clean_rdata(rdata_class: str, rdata: Any, current: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """Check a request's record ``rdata`` (``{<type>_rdata: {...}}``; PX also as
    ``pxr_rdata``; a bare field dict is accepted too) against the record set's class with
    the shared record table; ``current`` (an update) is merged under the new values."""
    rtype = RECORD_TYPES[rdata_class]
    if not isinstance(rdata, dict):
        raise Problem("rdata", rdata, "Expected an object")
    keys = (f"{rdata_class.lower()}_rdata", rtype.wrapper)
    inner: Any = None
    for key in keys:
        if key in rdata:
            inner = rdata[key]
            break
    else:
        wrapped = [key for key in rdata if key.endswith("_rdata")]
        if wrapped:
            raise Problem("rdata", rdata, f"Expected {keys[0]} for a record set of class {rdata_class}")
        inner = rdata
    if not isinstance(inner, dict):
        raise Problem(keys[0], inner, "Expected an object")
    merged = dict(current or {})
    merged.update({key: value for key, value in inner.items() if value is not None})
    wire, top = rtype.check_wire(merged, merged, partial=False)
    wire.update(top)
    return wire


_FAILOVER_KINDS: Tuple[Tuple[str, str, Callable[[Any], Any]], ...] = (
    ("A", "address", v.ipv4), ("AAAA", "address", v.ipv6), ("CNAME", "cname", v.hostname))


def _failover_kind(address: Any) -> Tuple[str, str]:
    """``(record class, rdata field)`` of a failover address."""
    for rdata_class, key, check in _FAILOVER_KINDS:
        try:
            check(address)
        except ValueError:
            continue
        return rdata_class, key
    raise Problem("failover", address, "IP address or host name expected")


def _unique(items: Iterable[str]) -> List[str]:
    result: List[str] = []
    for item in items:
        if item not in result:
            result.append(item)
    return result


# -- the state part --------------------------------------------------------------------------

class DSFPart(StatePart):
    """Traffic Director state, per customer (lower-case name)::

        {"services": {service_id: {"published": doc, "pending": doc | None,
                                    "links": [{"link_id", "notifier_id"}], "notes": str}},
         "monitors": {dsf_monitor_id: monitor},
         "notifiers": {"<id>": notifier}, "next_notifier": int}

    Empty after a reset; the snapshot is plain JSON.

    :ivar zone_lookup: ``f(customer, zone) -> bool`` used to check node zones; None
        (default) asks the emulator's zone model (``dyn.emulator.dns.model``), and answers "no such
        zone" while that model is missing.
    """

    name = "dsf"

    def __init__(self, state: Any) -> None:
        super().__init__(state)
        self.customers: Dict[str, Dict[str, Any]] = {}
        self.zone_lookup: Optional[Callable[[str, str], bool]] = None

    # -- StatePart --

    def reset(self) -> None:
        self.customers = {}

    def snapshot(self) -> Dict[str, Any]:
        return copy.deepcopy(self.customers)

    def restore(self, data: Any) -> None:
        self.customers = copy.deepcopy(data or {})

    def _changed(self) -> None:
        changed = getattr(self.state, "changed", None)
        if changed is not None:
            changed()

    # -- accounts --

    def account(self, customer: str) -> Dict[str, Any]:
        """The customer's data (created empty on first use)."""
        key = (customer or "").lower()
        found = self.customers.get(key)
        if found is None:
            found = self.customers[key] = {"services": {}, "monitors": {}, "notifiers": {},
                                           "next_notifier": 1}
        return found

    def zone_exists(self, customer: str, zone: str) -> bool:
        """Whether the customer has the zone (see :attr:`zone_lookup`)."""
        if self.zone_lookup is not None:
            return bool(self.zone_lookup(customer, zone))
        from ..dns.model import zones_part  # at call time: the DNS family loads the DSF one's records

        return zones_part(self.state).get_zone(customer, zone) is not None

    def env(self, customer: str, service_id: Optional[str] = None) -> TreeEnv:
        """The :class:`TreeEnv` of a service of ``customer``."""
        account = self.account(customer)

        def node_owner(zone: str, fqdn: str) -> Optional[str]:
            node = {"zone": zone, "fqdn": fqdn}
            for sid, entry in account["services"].items():
                if sid == service_id:
                    continue
                for doc in (entry["published"], entry["pending"]):
                    if doc is not None and node in doc["nodes"]:
                        return sid
            return None

        return TreeEnv(monitor_exists=lambda mid: mid in account["monitors"],
                       zone_exists=lambda zone: self.zone_exists(customer, zone),
                       node_owner=node_owner)

    # -- services --

    def entry(self, customer: str, service_id: str) -> Dict[str, Any]:
        """The stored service entry; raises :class:`Missing`."""
        found = self.account(customer)["services"].get(service_id)
        if found is None:
            raise Missing("service", "No such service")
        return found

    def service_ids(self, customer: str) -> List[str]:
        """The customer's service ids, oldest first."""
        return list(self.account(customer)["services"])

    def view(self, customer: str, service_id: str, pending: bool = False) -> Tree:
        """A read-only view: the pending version when asked and present, else the
        published one."""
        entry = self.entry(customer, service_id)
        doc = entry["pending"] if pending and entry["pending"] is not None else entry["published"]
        return Tree(doc, self.env(customer, service_id))

    def working(self, customer: str, service_id: str) -> Tree:
        """The newest version (pending if any), read-only."""
        return self.view(customer, service_id, pending=True)

    def begin(self, customer: str, service_id: str, revert: bool = False) -> Tree:
        """A copy of the newest version (the published one with ``revert``) to change;
        hand it to :meth:`commit`, or drop it to change nothing."""
        entry = self.entry(customer, service_id)
        base = entry["published"] if revert or entry["pending"] is None else entry["pending"]
        return Tree(copy.deepcopy(base), self.env(customer, service_id))

    def commit(self, customer: str, service_id: str, tree: Tree, publish: bool,
               notes: Optional[str] = None) -> None:
        """Keep a changed copy from :meth:`begin` as the pending version, and publish the
        service when ``publish``."""
        entry = self.entry(customer, service_id)
        entry["pending"] = tree.doc
        if notes:
            entry["pending_notes"] = notes
        if publish:
            self.publish(customer, service_id, notes)
        self._changed()

    def publish(self, customer: str, service_id: str, notes: Optional[str] = None) -> None:
        """Make the pending version the published one (no-op without pending changes
        except for the notes)."""
        entry = self.entry(customer, service_id)
        notes = notes or entry.pop("pending_notes", None)
        if entry["pending"] is not None:
            entry["published"] = entry["pending"]
            entry["pending"] = None
        entry.pop("pending_notes", None)
        if notes:
            entry["notes"] = notes
        self._changed()
        log.debug("published DSF service %s", service_id)

    def revert(self, customer: str, service_id: str) -> None:
        """Discard the pending changes."""
        entry = self.entry(customer, service_id)
        entry["pending"] = None
        entry.pop("pending_notes", None)
        self._changed()

    def create_service(self, customer: str, proto: Dict[str, Any], publish: bool,
                       notes: Optional[str] = None) -> str:
        """Create a service with its nodes, notifier links and ruleset tree (all checked
        before anything is stored); return its id. Unpublished, the published version
        has the label and TTL only."""
        account = self.account(customer)
        values = clean_attrs(SERVICE_ATTRS, proto)
        taken = set(account["services"])
        for entry in account["services"].values():
            taken.update(Tree(entry["published"]).all_ids())
        service_id = new_id(taken)
        tree = Tree(new_document(service_id, values["label"], values["ttl"]), self.env(customer, service_id))
        skeleton = copy.deepcopy(tree.doc)
        if proto.get("nodes") is not None:
            tree.set_nodes(proto["nodes"])
        if proto.get("rulesets") is not None:
            tree.set_children("service", service_id, proto["rulesets"])
        notifier_ids = self._notifier_refs(customer, proto.get("notifiers"))
        account["services"][service_id] = {"published": skeleton, "pending": None, "links": [], "notes": ""}
        for nid in notifier_ids:
            self.link_notifier(customer, service_id, nid)
        self.commit(customer, service_id, tree, publish, notes)
        return service_id

    def _notifier_refs(self, customer: str, items: Any) -> List[str]:
        if items is None:
            return []
        if not isinstance(items, list):
            items = [items]
        ids = []
        for item in items:
            nid = item.get("notifier_id") if isinstance(item, dict) else item
            if nid is None:
                raise Problem("notifier_id", None, "This field is required")
            self.notifier(customer, nid)
            ids.append(str(nid))
        return ids

    def delete_service(self, customer: str, service_id: str) -> None:
        """Delete a service: its whole tree, nodes and notifier links."""
        self.entry(customer, service_id)
        del self.account(customer)["services"][service_id]
        self._changed()

    def render_service(self, customer: str, service_id: str, tree: Tree) -> Dict[str, Any]:
        """The API object of a service version, with notifier links and pending flag."""
        entry = self.entry(customer, service_id)
        out = tree.render_service()
        rulesets = out.pop("rulesets")
        out["notifiers"] = [{"link_id": link["link_id"],
                             "notifier": self.render_notifier(customer, link["notifier_id"])}
                            for link in entry["links"]]
        out["pending_change"] = "Y" if entry["pending"] is not None else ""
        out["notes"] = entry.get("notes", "")
        out["rulesets"] = rulesets
        return out

    # -- notifier links --

    def link_notifier(self, customer: str, service_id: str, notifier_id: Any) -> Dict[str, str]:
        """Link a notifier to a service (immediate); return the link (an existing one
        when already linked)."""
        entry = self.entry(customer, service_id)
        nid = str(self.notifier(customer, notifier_id)["notifier_id"])
        for link in entry["links"]:
            if link["notifier_id"] == nid:
                return link
        link = {"link_id": new_id(), "notifier_id": nid}
        entry["links"].append(link)
        self._changed()
        return link

    def check_link(self, customer: str, service_id: str, link_id: Any) -> Dict[str, str]:
        """The link ``link_id`` of a service; raises :class:`Missing`."""
        for link in self.entry(customer, service_id)["links"]:
            if link["link_id"] == str(link_id):
                return link
        raise Missing("link_id", "No such notifier link")

    def unlink_notifier(self, customer: str, service_id: str, link_id: Any) -> None:
        """Remove a notifier link (immediate)."""
        link = self.check_link(customer, service_id, link_id)
        self.entry(customer, service_id)["links"].remove(link)
        self._changed()

    # -- monitors --

    def monitor(self, customer: str, monitor_id: Any) -> Dict[str, Any]:
        """A stored monitor; raises :class:`Missing`."""
        found = self.account(customer)["monitors"].get(str(monitor_id))
        if found is None:
            raise Missing("monitor", "No such monitor")
        return found

    def create_monitor(self, customer: str, args: Dict[str, Any]) -> Dict[str, Any]:
        """Create a monitor; return it."""
        values = clean_attrs(MONITOR_ATTRS, args)
        monitors = self.account(customer)["monitors"]
        monitor = {"dsf_monitor_id": new_id(monitors)}
        monitor.update(values)
        monitors[monitor["dsf_monitor_id"]] = monitor
        self._changed()
        return monitor

    def update_monitor(self, customer: str, monitor_id: str, args: Dict[str, Any]) -> Dict[str, Any]:
        """Change the given fields of a monitor (``options`` and ``endpoints`` are
        replaced as a whole)."""
        monitor = self.monitor(customer, monitor_id)
        monitor.update(clean_attrs(MONITOR_ATTRS, args, partial=True))
        self._changed()
        return monitor

    def monitor_users(self, customer: str, monitor_id: str) -> List[Tuple[str, str]]:
        """``(service id, record set id)`` of every record set (published or pending)
        using the monitor."""
        users = []
        for sid, entry in self.account(customer)["services"].items():
            for doc in (entry["published"], entry["pending"]):
                if doc is None:
                    continue
                for rsid, record_set in doc["record_set"].items():
                    if record_set.get("dsf_monitor_id") == monitor_id and (sid, rsid) not in users:
                        users.append((sid, rsid))
        return users

    def delete_monitor(self, customer: str, monitor_id: str) -> None:
        """Delete a monitor; refused (ILLEGAL_OPERATION) while a record set uses it.
        Notifiers linked to it lose the link."""
        self.monitor(customer, monitor_id)
        users = self.monitor_users(customer, monitor_id)
        if users:
            raise Conflict("ILLEGAL_OPERATION", "dsf_monitor_id",
                           f"Monitor is in use by record set {users[0][1]} of service {users[0][0]}")
        account = self.account(customer)
        del account["monitors"][monitor_id]
        for notifier in account["notifiers"].values():
            if monitor_id in notifier["monitors"]:
                notifier["monitors"].remove(monitor_id)
        self._changed()

    # -- notifiers --

    def notifier(self, customer: str, notifier_id: Any) -> Dict[str, Any]:
        """A stored notifier; raises :class:`Missing`."""
        found = self.account(customer)["notifiers"].get(str(notifier_id).strip())
        if found is None:
            raise Missing("notifier", "No such notifier")
        return found

    def _notifier_services(self, customer: str, services: List[Dict[str, str]]) -> Tuple[List[str], List[str]]:
        dsf, monitors = [], []
        for item in services:
            if item["service_class"] == "DSF":
                self.entry(customer, item["service_id"])
                dsf.append(item["service_id"])
            else:
                self.monitor(customer, item["service_id"])
                monitors.append(item["service_id"])
        return _unique(dsf), _unique(monitors)

    def create_notifier(self, customer: str, args: Dict[str, Any]) -> Dict[str, Any]:
        """Create a notifier, linking it to the DSF services and monitors it names."""
        values = clean_attrs(NOTIFIER_ATTRS, args)
        dsf, monitors = self._notifier_services(customer, values.pop("services"))
        account = self.account(customer)
        number = account["next_notifier"]
        account["next_notifier"] = number + 1
        notifier = {"notifier_id": number, **values, "monitors": monitors}
        account["notifiers"][str(number)] = notifier
        for sid in dsf:
            self.link_notifier(customer, sid, number)
        self._changed()
        return notifier

    def update_notifier(self, customer: str, notifier_id: Any, args: Dict[str, Any]) -> Dict[str, Any]:
        """Change a notifier; ``services`` replaces its service links."""
        notifier = self.notifier(customer, notifier_id)
        values = clean_attrs(NOTIFIER_ATTRS, args, partial=True)
        services = values.pop("services", None)
        if services is not None:
            dsf, monitors = self._notifier_services(customer, services)
            nid = str(notifier["notifier_id"])
            for sid, entry in self.account(customer)["services"].items():
                entry["links"] = [link for link in entry["links"] if link["notifier_id"] != nid or sid in dsf]
            for sid in dsf:
                self.link_notifier(customer, sid, nid)
            notifier["monitors"] = monitors
        notifier.update(values)
        self._changed()
        return notifier

    def delete_notifier(self, customer: str, notifier_id: Any) -> None:
        """Delete a notifier and its service links."""
        notifier = self.notifier(customer, notifier_id)
        nid = str(notifier["notifier_id"])
        account = self.account(customer)
        for entry in account["services"].values():
            entry["links"] = [link for link in entry["links"] if link["notifier_id"] != nid]
        del account["notifiers"][nid]
        self._changed()

    def render_notifier(self, customer: str, notifier_id: Any) -> Dict[str, Any]:
        """The API object of a notifier."""
        notifier = self.notifier(customer, notifier_id)
        nid = str(notifier["notifier_id"])
        services = [{"service_class": "DSF", "service_id": sid}
                    for sid, entry in self.account(customer)["services"].items()
                    if any(link["notifier_id"] == nid for link in entry["links"])]
        services += [{"service_class": "Monitor", "service_id": mid} for mid in notifier["monitors"]]
        return {
            "notifier_id": notifier["notifier_id"],
            "label": notifier["label"],
            "active": notifier["active"],
            "recipients": [dict(item, details={}, features=[]) for item in notifier["recipients"]],
            "services": services,
        }

    # -- serving --

    def served_records(self, customer: str, zone: str, fqdn: str) -> List[Dict[str, Any]]:
        """The records the customer's published services serve at or below the node
        ``fqdn`` of ``zone``, in the TM record shape (see :meth:`Tree.served`); the
        ``record_id`` is the DSF record id."""
        zone, base = zone.rstrip(".").lower(), fqdn.rstrip(".").lower()
        key = (customer or "").lower()
        if key not in self.customers:
            return []
        records: List[Dict[str, Any]] = []
        for entry in self.customers[key]["services"].values():
            doc = entry["published"]
            nodes = [node for node in doc["nodes"] if node["zone"] == zone
                     and (node["fqdn"] == base or node["fqdn"].endswith("." + base))]
            if not nodes:
                continue
            served = Tree(doc).served()
            for node in nodes:
                for record_set, record in served:
                    records.append(_record_dict(node, doc, record_set, record))
        return records


def _record_dict(node: Dict[str, str], doc: Dict[str, Any], record_set: Dict[str, Any],
                 record: Dict[str, Any]) -> Dict[str, Any]:
    """A served DSF record in the TM record shape (top-level rdata fields such as NS
    ``service_class`` last)."""
    rtype = RECORD_TYPES[record["rdata_class"]]
    top = {key for key, spec in rtype.by_key.items() if spec.top_level}
    item = {"zone": node["zone"], "ttl": record["ttl"] or record_set["ttl"] or doc["ttl"],
            "fqdn": node["fqdn"], "record_type": record["rdata_class"],
            "rdata": {key: value for key, value in record["rdata"].items() if key not in top},
            "record_id": record["dsf_record_id"]}
    item.update({key: value for key, value in record["rdata"].items() if key in top})
    return item


def dsf_part(state: Any) -> DSFPart:
    """The :class:`DSFPart` of an emulator state."""
    return state.part(DSFPart.name)


def served_records(state: Any, customer: str, zone: str, fqdn: str,
                   token: Optional[str] = None) -> List[Dict[str, Any]]:
    """Node source for the zone model: records served by the customer's published DSF
    services at or below ``fqdn`` (``token`` is not used: only published services
    serve)."""
    if DSFPart.name not in getattr(state, "parts", {}):
        return []
    return dsf_part(state).served_records(customer, zone, fqdn)
