"""Bulk record changes: many record changes fast, with progress reports (opt-in).

The classic methods (``Zone.add_record``, record setters) make one call per change,
one after the other. This module is a new, separate path for large change sets:

- :func:`replace_records` replaces every record of one type at one node with **one**
  call (the API's ``PUT /<Type>Record/<zone>/<fqdn>/`` with ``{"<Type>Records": [...]}``);
- :class:`ChangeSet` collects adds, replacements and deletions, checks them all before
  sending anything, then applies them over several concurrent connections that share
  the session's token (so every change lands in the same pending change list and one
  publish applies them all). Changes at the same node and type keep their order.

::

    from dyn.tm.bulk import ChangeSet

    changes = ChangeSet('example.com')
    for n in range(1000):
        changes.add('host%d' % n, 'A', '192.0.2.%d' % (n % 250 + 1), ttl=300)
    changes.replace('pool', 'A', [{'address': '198.51.100.1'}, {'address': '198.51.100.2'}], ttl=60)
    changes.delete('old', 'CNAME')
    result = changes.apply(workers=8, publish=True, notes='bulk import',
                           progress=lambda done, total: print(done, '/', total))

If a change fails, the changes not yet sent are cancelled, the session's pending
changes of the zone are discarded (``rollback=True``, the default: nothing is
half-applied) and :class:`BulkChangeError` lists every failure.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Any, Callable, Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple, Union

from dyn.errors import APIError
from dyn.tm.errors import DynectError, DynectInvalidArgumentError
from dyn.tm.record_types import Problem, RecordType, record_type
from dyn.tm.records import DNSRecord, record_from_api
from dyn.tm.session import DynectSession
from dyn import validation

__all__ = ["ChangeSet", "Change", "BulkResult", "BulkChangeError", "replace_records", "node_fqdn"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def _zone_name(zone: Any) -> str:
    name = getattr(zone, "name", zone)
    if not isinstance(name, str):
        raise DynectInvalidArgumentError("zone", zone, problem="a zone name or Zone expected")
    try:
        validation.hostname(name)
    except ValueError as err:
        raise DynectInvalidArgumentError("zone", zone, problem=str(err)) from None
    return name.rstrip(".")


def node_fqdn(zone: str, node: Optional[str]) -> str:
    """The FQDN (with a trailing dot) of ``node`` in ``zone``: ``None``/``''`` is the apex,
    a relative name gets the zone appended, a name already in the zone is kept.

    :raises DynectInvalidArgumentError: an invalid name.
    """
    zone = zone.rstrip(".")
    if not node:
        fqdn = zone + "."
    else:
        bare = node.rstrip(".").lower()
        inside = bare == zone.lower() or bare.endswith("." + zone.lower())
        fqdn = (node.rstrip(".") if inside else "%s.%s" % (node.rstrip("."), zone)) + "."
    try:
        validation.fqdn(fqdn)
    except ValueError as err:
        raise DynectInvalidArgumentError("node", node, problem=str(err)) from None
    return fqdn


class Change(NamedTuple):
    """One checked change.

    :ivar action: ``add``, ``replace`` or ``delete``.
    :ivar fqdn: the node (trailing dot).
    :ivar rtype: the record type.
    :ivar payload: the request body (``{}`` for a delete).
    :ivar record_id: for a delete of one record; None deletes every record of the type.
    """

    action: str
    fqdn: str
    rtype: RecordType
    payload: Dict[str, Any]
    record_id: Optional[int] = None

    def uri(self, zone: str) -> str:
        """The record (collection) URI of the change."""
        base = "/%s/%s/%s/" % (self.rtype.rest, zone, self.fqdn)
        return base if self.record_id is None else "%s%s/" % (base, self.record_id)

    @property
    def method(self) -> str:
        """The HTTP method of the change."""
        return {"add": "POST", "replace": "PUT", "delete": "DELETE"}[self.action]


class BulkResult:
    """What :meth:`ChangeSet.apply` did.

    :ivar records: the records created or resulting from replacements, as the server
        answered them (``record_id`` 0 until published, as with single creates). Reading
        their values sends nothing; setting one sends a PUT, as for any record.
    :ivar calls: how many API calls the changes took (the publish not included).
    :ivar elapsed: seconds spent.
    :ivar publish: the zone data answered by the publish (serial, task_id), or None.
    """

    def __init__(self) -> None:
        self.records: List[DNSRecord] = []
        self.calls = 0
        self.elapsed = 0.0
        self.publish: Optional[Dict[str, Any]] = None

    def __repr__(self) -> str:
        return "<BulkResult %d records, %d calls, %.2fs%s>" % (
            len(self.records), self.calls, self.elapsed,
            ", published serial %s" % self.publish.get("serial") if self.publish else "")


class BulkChangeError(DynectError):
    """Some changes of a :class:`ChangeSet` failed.

    :ivar failures: ``(change, error)`` pairs, in the order the changes were added.
    :ivar applied: how many changes had succeeded before the stop.
    :ivar rolled_back: whether the zone's pending changes were discarded.
    """

    def __init__(self, failures: List[Tuple[Change, BaseException]], applied: int, rolled_back: bool) -> None:
        self.failures = failures
        self.applied = applied
        self.rolled_back = rolled_back
        first_change, first_error = failures[0]
        text = "%d change(s) failed (first: %s %s: %s); %d succeeded; pending changes %s" % (
            len(failures), first_change.method, first_change.uri("<zone>"), first_error, applied,
            "discarded" if rolled_back else "kept")
        super().__init__(text, msgs=getattr(first_error, "msgs", None))


def _rdata_payload(rtype: RecordType, values: Mapping[str, Any], ttl: Any) -> Dict[str, Any]:
    """Check one record's values and build its ``{rdata, ttl[, top-level]}`` body."""
    try:
        return rtype.create_body(values, ttl)[0]
    except Problem as problem:
        raise DynectInvalidArgumentError(problem.field, problem.value, problem.valid,
                                         problem=problem.problem) from None


def _session(session: Optional[DynectSession]) -> DynectSession:
    return DynectSession.resolve(session)


def replace_records(zone: Any, node: Optional[str], record_type_name: str,
                    rdatas: Iterable[Union[Mapping[str, Any], DNSRecord]], ttl: int = 0,
                    session: Optional[DynectSession] = None) -> List[DNSRecord]:
    """Replace every ``record_type_name`` record at ``node`` with ``rdatas``, in one call.

    :param zone: zone name or :class:`~dyn.tm.zones.Zone`.
    :param node: node name (relative, FQDN, or None for the apex).
    :param record_type_name: ``A``, ``MX``, ...
    :param rdatas: rdata values as dicts by field name (``{'address': ...}``) or record
        objects; an empty list removes every record of the type at the node.
    :param ttl: TTL of the records (0: zone default).
    :param session: the session (default: the calling thread's).
    :return: the resulting records (pending until the zone is published).
    """
    changes = ChangeSet(zone, session=session)
    changes.replace(node, record_type_name, rdatas, ttl=ttl)
    return changes.apply(workers=1).records


class ChangeSet:
    """A list of record changes for one zone, checked as they are added and applied
    fast by :meth:`apply`.

    :param zone: zone name or :class:`~dyn.tm.zones.Zone`.
    :param session: the session to use (default: the calling thread's at
        :meth:`apply` time).
    """

    def __init__(self, zone: Any, session: Optional[DynectSession] = None) -> None:
        self.zone = _zone_name(zone)
        self.session = session
        self.changes: List[Change] = []

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self):
        return iter(self.changes)

    def __repr__(self) -> str:
        counts: Dict[str, int] = {}
        for change in self.changes:
            counts[change.action] = counts.get(change.action, 0) + 1
        summary = ", ".join("%d %s" % (n, action) for action, n in sorted(counts.items())) or "empty"
        return "<ChangeSet %s: %s>" % (self.zone, summary)

    # -- building -----------------------------------------------------------------------

    def add(self, node: Optional[str], record_type_name: str, *args: Any, **kwargs: Any) -> "ChangeSet":
        """Add one record: rdata positionally (classic constructor order, then ``ttl``) or
        by keyword, as the record classes take them.

        :raises DynectInvalidArgumentError: a bad value (nothing is queued).
        """
        rtype = self._type(record_type_name)
        values, ttl = rtype.bind(args, kwargs)
        body = _rdata_payload(rtype, values, ttl)
        self.changes.append(Change("add", node_fqdn(self.zone, node), rtype, body))
        return self

    def add_record(self, record: DNSRecord) -> "ChangeSet":
        """Add a copy of ``record`` (a local record object, e.g. built with ``create=False``)."""
        rtype = record._type
        if rtype is None:
            raise DynectInvalidArgumentError("record", record, problem="a typed record expected")
        values = {f.attr: getattr(record, "_" + f.attr) for f in rtype.arguments
                  if getattr(record, "_" + f.attr, None) is not None}
        body = _rdata_payload(rtype, values, record._ttl or 0)
        self.changes.append(Change("add", node_fqdn(self.zone, record.fqdn), rtype, body))
        return self

    def replace(self, node: Optional[str], record_type_name: str,
                rdatas: Iterable[Union[Mapping[str, Any], DNSRecord]], ttl: int = 0) -> "ChangeSet":
        """Replace every record of a type at a node (one call when applied)."""
        rtype = self._type(record_type_name)
        items = []
        for item in rdatas:
            if isinstance(item, DNSRecord):
                item = {f.attr: getattr(item, "_" + f.attr) for f in rtype.arguments
                        if getattr(item, "_" + f.attr, None) is not None}
            if not isinstance(item, Mapping):
                raise DynectInvalidArgumentError("rdatas", item, problem="a dict of rdata values or a record expected")
            items.append(_rdata_payload(rtype, dict(item), ttl))
        body = {"%ss" % rtype.rest: items}
        self.changes.append(Change("replace", node_fqdn(self.zone, node), rtype, body))
        return self

    def delete(self, node: Optional[str], record_type_name: str, record_id: Optional[int] = None) -> "ChangeSet":
        """Delete one record (by id) or every record of a type at a node."""
        rtype = self._type(record_type_name)
        if record_id is not None:
            try:
                validation.integer(record_id)
            except ValueError as err:
                raise DynectInvalidArgumentError("record_id", record_id, problem=str(err)) from None
        self.changes.append(Change("delete", node_fqdn(self.zone, node), rtype, {}, record_id))
        return self

    @staticmethod
    def _type(name: str) -> RecordType:
        rtype = record_type(str(name))
        if rtype.name == "UNKNOWN":
            raise DynectInvalidArgumentError("record_type", name, problem="unknown record type")
        return rtype

    # -- applying -----------------------------------------------------------------------

    def _groups(self) -> List[List[Tuple[int, Change]]]:
        """Changes grouped by (node, type), each group in insertion order."""
        groups: Dict[Tuple[str, str], List[Tuple[int, Change]]] = {}
        for index, change in enumerate(self.changes):
            groups.setdefault((change.fqdn.lower(), change.rtype.name), []).append((index, change))
        return list(groups.values())

    def apply(self, workers: int = 8, progress: Optional[Progress] = None, publish: bool = False,
              notes: Optional[str] = None, rollback: bool = True, keep_records: bool = True) -> BulkResult:
        """Send every change; optionally publish the zone.

        :param workers: concurrent connections (1 sends one change after the other).
            They share the session's token, so the server sees one change list.
        :param progress: ``progress(done, total)``, called in the calling thread as
            changes complete.
        :param publish: publish the zone afterwards (``notes`` become the zone note).
        :param rollback: on failure, discard the zone's pending changes of this session
            (``DELETE /ZoneChanges/<zone>/``), so nothing is half-applied. Start from a
            clean change list: changes made earlier in the session and not yet
            published are discarded too.
        :param keep_records: build :attr:`BulkResult.records` from the answers; with False
            only counts and failures are kept while changes are sent (client memory
            stays flat however many changes there are).
        :raises BulkChangeError: some changes failed.
        """
        if workers < 1:
            raise DynectInvalidArgumentError("workers", workers, problem="must be 1 or more")
        session = _session(self.session)
        result = BulkResult()
        started = time.perf_counter()
        total = len(self.changes)
        kept: Dict[int, Any] = {}  # index -> answer data (only with keep_records)
        applied = [0]
        failures: Dict[int, BaseException] = {}
        lock = threading.Lock()
        stop = threading.Event()

        def run_group(group: List[Tuple[int, Change]]) -> int:
            done = 0
            for index, change in group:
                if stop.is_set():
                    break
                try:
                    response = session.execute(change.uri(self.zone), change.method, dict(change.payload))
                except (APIError, OSError) as err:
                    with lock:
                        failures[index] = err
                    stop.set()
                    break
                data = (response or {}).get("data") if keep_records and change.action in ("add", "replace") else None
                with lock:
                    if data is not None:
                        kept[index] = data
                    applied[0] += 1
                    result.calls += 1
                done += 1
            return done

        groups = iter(self._groups())
        count = min(workers, len(self.changes)) or 1
        finished: "queue.Queue[Optional[int]]" = queue.Queue()

        def worker() -> None:
            try:
                while not stop.is_set():
                    with lock:
                        group = next(groups, None)
                    if group is None:
                        break
                    finished.put(run_group(group))
            finally:
                finished.put(None)  # this worker is done

        threads = [threading.Thread(target=worker, name="dyn-bulk-%d" % n, daemon=True) for n in range(count)]
        for thread in threads:
            thread.start()
        running = len(threads)
        done = 0
        while running:
            item = finished.get()
            if item is None:
                running -= 1
            elif item:
                done += item
                if progress:
                    progress(done, total)
        for thread in threads:
            thread.join()
        if failures:
            rolled_back = False
            if rollback:
                try:
                    session.execute("/ZoneChanges/%s/" % self.zone, "DELETE", {})
                    rolled_back = True
                except APIError as err:  # reported, not hidden
                    log.warning("could not discard the pending changes of %s: %s", self.zone, err)
            ordered = [(self.changes[i], failures[i]) for i in sorted(failures)]
            raise BulkChangeError(ordered, applied[0], rolled_back)
        for index in sorted(kept):
            change = self.changes[index]
            data = kept.pop(index)
            if change.action == "add" and isinstance(data, dict):
                result.records.append(record_from_api(data))
            elif change.action == "replace" and isinstance(data, list):
                result.records.extend(record_from_api(item) for item in data if isinstance(item, dict))
        if publish:
            args: Dict[str, Any] = {"publish": True}
            if notes:
                args["notes"] = notes
            result.publish = session.execute("/Zone/%s/" % self.zone, "PUT", args).get("data")
        result.elapsed = time.perf_counter() - started
        log.debug("applied %d changes to %s in %d calls, %.3fs", total, self.zone, result.calls, result.elapsed)
        return result
