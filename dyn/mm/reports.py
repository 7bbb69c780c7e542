"""Message Management reports: sent, delivered, bounces, complaints, issues, opens and
clicks (``GET /rest/json/reports/<kind>``), their counts, and unique opens and clicks.

Three ways to read a report, all built from one table (:data:`REPORT_KINDS`):

* functions per report: ``get_sent(starttime, endtime)`` (every item, all pages),
  ``iter_sent(...)`` (a lazy iterator fetching 500 items at a time) and
  ``get_sent_count(...)``; likewise ``get_delivered``, ``get_bounces``,
  ``get_complaints``, ``get_issues``, ``get_opens``, ``get_clicks``, and
  ``get_unique_opens``/``iter_unique_opens``/``get_unique_opens_count`` (and the same for
  clicks);
* the generic :func:`get_report`, :func:`iter_report` and :func:`get_report_count`, taking
  the report name;
* the classic classes :class:`Sent`, :class:`Delivered`, :class:`Bounce`,
  :class:`Complaint`, :class:`Issue`, :class:`Opens` and :class:`Clicks`, which query at
  construction and keep the items in ``report``.

Every report takes a time range ``[starttime, endtime)``: ``starttime`` is required,
``endtime`` defaults to now (rounded up to the next second). Each may be a datetime, a
date or an ISO 8601 string; a naive datetime is taken to be in UTC. Optional filters:
``sender`` (the from address), ``recipient`` (sent as ``emailaddress``), ``domain`` (the
recipient's domain), ``xheaders`` (``{"X-Campaign": "spring"}``, sent as
``X-Campaign=spring``), and ``bouncetype`` (``hard``, ``soft`` or
``previouslyhardbounced``) for bounces. Everything is checked before anything is sent.

Each item is a dict; its ``date``, when present, is parsed to an aware datetime.

Differences from the classic module (which could not be imported at 1.8.6):
``startindex`` is sent and every page is followed; counts send formatted dates and only
the filters; ``unique`` and ``unique_count`` return their values; ``domain`` and
``recipient`` apply from the first query.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional, Tuple

from .errors import DynInvalidArgumentError
from .session import MMSession
from .utils import check_date_range, check_email, date_to_str, paginate, str_to_date

__all__ = [
    "REPORT_KINDS", "REPORT_PAGE_SIZE", "BOUNCE_TYPES", "ReportKind", "get_report", "iter_report",
    "get_report_count", "Sent", "Delivered", "Bounce", "Complaint", "Issue", "Opens", "Clicks",
]

log = logging.getLogger(__name__)

REPORT_PAGE_SIZE = 500
"""Items per page of a report."""

BOUNCE_TYPES: Tuple[str, ...] = ("hard", "soft", "previouslyhardbounced")
"""Accepted values of the ``bouncetype`` filter of bounces."""


class ReportKind(NamedTuple):
    """One report of the API.

    :ivar name: the report (and URI) name, e.g. ``bounces``.
    :ivar class_name: the classic class, e.g. ``Bounce``.
    :ivar unique: whether ``/unique`` and ``/count/unique`` exist.
    :ivar filters: extra filters of this report (beyond the common ones).
    :ivar title: a short description for the docs.
    """

    name: str
    class_name: str
    unique: bool = False
    filters: Tuple[str, ...] = ()
    title: str = ""

    @property
    def uri(self) -> str:
        """``/reports/<name>``."""
        return "/reports/" + self.name


REPORT_KINDS: Tuple[ReportKind, ...] = (
    ReportKind("sent", "Sent", title="messages sent, one item per recipient"),
    ReportKind("delivered", "Delivered", title="messages delivered"),
    ReportKind("bounces", "Bounce", filters=("bouncetype",), title="bounced messages"),
    ReportKind("complaints", "Complaint", title="spam complaints"),
    ReportKind("issues", "Issue", title="messages that could not be processed"),
    ReportKind("opens", "Opens", unique=True, title="opened messages"),
    ReportKind("clicks", "Clicks", unique=True, title="clicked links"),
)
"""Every report: the functions and classes of this module are generated from it."""

_KINDS: Dict[str, ReportKind] = {kind.name: kind for kind in REPORT_KINDS}
_DOMAIN = re.compile(r"(?=.{1,253}\Z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
_HEADER_NAME = re.compile(r"X-[A-Za-z0-9-]+", re.IGNORECASE)


def _kind(name: Any, unique: bool) -> ReportKind:
    kind = _KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise DynInvalidArgumentError("kind", name, ", ".join(_KINDS))
    if unique and not kind.unique:
        raise DynInvalidArgumentError("unique", unique, "only opens and clicks have unique reports")
    return kind


def _arguments(kind: ReportKind, starttime: Any, endtime: Any, sender: Optional[str],
               xheaders: Optional[Mapping[str, str]], domain: Optional[str], recipient: Optional[str],
               extra: Mapping[str, Any]) -> Dict[str, Any]:
    """The checked query arguments of a report (without ``startindex``)."""
    if starttime is None:
        raise DynInvalidArgumentError("starttime", None, "a datetime, a date or an ISO 8601 string")
    first, last = check_date_range("starttime", starttime, "endtime", endtime)
    args: Dict[str, Any] = {"starttime": date_to_str(first), "endtime": date_to_str(last)}
    if sender is not None:
        args["sender"] = check_email("sender", sender)
    if recipient is not None:
        args["emailaddress"] = check_email("recipient", recipient)
    if domain is not None:
        if not isinstance(domain, str) or not _DOMAIN.fullmatch(domain):
            raise DynInvalidArgumentError("domain", domain, "a domain name")
        args["domain"] = domain
    if xheaders is not None:
        if not isinstance(xheaders, Mapping):
            raise DynInvalidArgumentError("xheaders", xheaders, "a dict of X- header names to values")
        for name, value in xheaders.items():
            if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
                raise DynInvalidArgumentError("xheaders", name, "X- header names (letters, digits, -)")
            if not isinstance(value, str):
                raise DynInvalidArgumentError(name, value, "text")
            args[name] = value
    for name, value in extra.items():
        if name not in kind.filters:
            raise DynInvalidArgumentError(name, value, "not a filter of the %s report" % kind.name)
        if value is None:
            continue
        if name == "bouncetype" and value not in BOUNCE_TYPES:
            raise DynInvalidArgumentError(name, value, ", ".join(BOUNCE_TYPES))
        args[name] = value
    return args


def _items(data: Any) -> List[Dict[str, Any]]:
    """Every item of every list in a report's ``data``, ``date`` parsed when possible."""
    items: List[Dict[str, Any]] = []
    if not isinstance(data, Mapping):
        return items
    for value in data.values():
        if not isinstance(value, list):
            continue
        for item in value:
            if isinstance(item, Mapping):
                item = dict(item)
                if isinstance(item.get("date"), str):
                    try:
                        item["date"] = str_to_date(item["date"])
                    except ValueError:
                        log.debug("unparsed report date %r", item["date"])
                items.append(item)
    return items


def _count(data: Any) -> int:
    if isinstance(data, Mapping):
        for key in ("count", "unique"):
            if data.get(key) is not None:
                return int(data[key])
    raise ValueError("the count answer has no count: %r" % (data,))


def iter_report(kind: str, starttime: Any, endtime: Any = None, sender: Optional[str] = None,
                xheaders: Optional[Mapping[str, str]] = None, domain: Optional[str] = None,
                recipient: Optional[str] = None, startindex: int = 0, unique: bool = False,
                **filters: Any) -> Iterator[Dict[str, Any]]:
    """Lazily iterate over report ``kind``, fetching 500 items at a time from
    ``startindex``.

    :param kind: a report name of :data:`REPORT_KINDS` (``sent``, ``bounces``, ...).
    :param starttime: start of the range (included); datetime, date or ISO 8601 text.
    :param endtime: end of the range (excluded); defaults to now.
    :param sender: only mail from this address.
    :param xheaders: only mail with these x-header values.
    :param domain: only recipients of this domain.
    :param recipient: only this recipient address.
    :param startindex: the first index (0-based).
    :param unique: the unique variant (opens and clicks only).
    :param filters: report-specific filters (``bouncetype`` for bounces).
    :return: an iterator of dicts.
    :raises DynInvalidArgumentError: a bad argument (nothing is sent).
    """
    report = _kind(kind, unique)
    args = _arguments(report, starttime, endtime, sender, xheaders, domain, recipient, filters)
    if isinstance(startindex, bool) or not isinstance(startindex, int) or startindex < 0:
        raise DynInvalidArgumentError("startindex", startindex, "an integer >= 0")
    uri = report.uri + ("/unique" if unique else "")
    return paginate(uri, args, REPORT_PAGE_SIZE, _items, startindex)


def get_report(kind: str, starttime: Any, endtime: Any = None, sender: Optional[str] = None,
               xheaders: Optional[Mapping[str, str]] = None, domain: Optional[str] = None,
               recipient: Optional[str] = None, startindex: int = 0, unique: bool = False,
               **filters: Any) -> List[Dict[str, Any]]:
    """Every item of report ``kind`` (all pages); see :func:`iter_report` for the
    arguments.

    :return: a list of dicts.
    """
    return list(iter_report(kind, starttime, endtime, sender, xheaders, domain, recipient, startindex,
                            unique, **filters))


def get_report_count(kind: str, starttime: Any, endtime: Any = None, sender: Optional[str] = None,
                     xheaders: Optional[Mapping[str, str]] = None, domain: Optional[str] = None,
                     recipient: Optional[str] = None, unique: bool = False, **filters: Any) -> int:
    """The number of items of report ``kind`` (``GET /reports/<kind>/count/``, or
    ``/count/unique``); see :func:`iter_report` for the arguments.

    :return: the count.
    """
    report = _kind(kind, unique)
    args = _arguments(report, starttime, endtime, sender, xheaders, domain, recipient, filters)
    uri = report.uri + ("/count/unique" if unique else "/count/")
    return _count(MMSession.resolve().execute(uri, "GET", args))


# --------------------------------------------------------------------------------------
# Functions per report (generated from REPORT_KINDS)
# --------------------------------------------------------------------------------------

def _report_functions(kind: str, unique: bool) -> Dict[str, Callable[..., Any]]:
    label = ("unique_" if unique else "") + kind
    what = ("the unique " if unique else "the ") + kind + " report"

    def get(starttime: Any, endtime: Any = None, sender: Optional[str] = None,
            xheaders: Optional[Mapping[str, str]] = None, domain: Optional[str] = None,
            recipient: Optional[str] = None, startindex: int = 0, **filters: Any) -> List[Dict[str, Any]]:
        return get_report(kind, starttime, endtime, sender, xheaders, domain, recipient, startindex, unique,
                          **filters)

    def iterate(starttime: Any, endtime: Any = None, sender: Optional[str] = None,
                xheaders: Optional[Mapping[str, str]] = None, domain: Optional[str] = None,
                recipient: Optional[str] = None, startindex: int = 0, **filters: Any) -> Iterator[Dict[str, Any]]:
        return iter_report(kind, starttime, endtime, sender, xheaders, domain, recipient, startindex, unique,
                           **filters)

    def count(starttime: Any, endtime: Any = None, sender: Optional[str] = None,
              xheaders: Optional[Mapping[str, str]] = None, domain: Optional[str] = None,
              recipient: Optional[str] = None, **filters: Any) -> int:
        return get_report_count(kind, starttime, endtime, sender, xheaders, domain, recipient, unique, **filters)

    docs = {
        "get_" + label: (get, "Every item of %s (all pages); arguments as :func:`iter_report`." % what),
        "iter_" + label: (iterate, "Lazily iterate over %s, 500 items per request; arguments as "
                                   ":func:`iter_report`." % what),
        "get_%s_count" % label: (count, "The number of items of %s; arguments as :func:`get_report_count`." % what),
    }
    functions = {}
    for name, (function, doc) in docs.items():
        function.__name__ = function.__qualname__ = name
        function.__doc__ = doc
        functions[name] = function
    return functions


_GENERATED: Dict[str, Callable[..., Any]] = {}
for _kind_entry in REPORT_KINDS:
    _GENERATED.update(_report_functions(_kind_entry.name, False))
    if _kind_entry.unique:
        _GENERATED.update(_report_functions(_kind_entry.name, True))
del _kind_entry
globals().update(_GENERATED)
__all__.extend(_GENERATED)


# --------------------------------------------------------------------------------------
# The classic classes
# --------------------------------------------------------------------------------------

class _Retrieval:
    """A report query, run at construction; the items are in :attr:`report`.

    :param starttime: start of the range (included).
    :param endtime: end of the range (excluded); defaults to now.
    :param startindex: the first index (0-based); every page from there is read.
    :param sender: only mail from this address.
    :param xheaders: only mail with these x-header values.
    :param domain: only recipients of this domain.
    :param recipient: only this recipient.
    :param filters: report-specific filters (``bouncetype`` for :class:`Bounce`).
    :raises DynInvalidArgumentError: a bad argument (nothing is sent).
    """

    uri = ""
    _kind = ""

    def __init__(self, starttime: Any, endtime: Any = None, startindex: int = 0, sender: Optional[str] = None,
                 xheaders: Optional[Mapping[str, str]] = None, domain: Optional[str] = None,
                 recipient: Optional[str] = None, **filters: Any) -> None:
        first, last = check_date_range("starttime", starttime, "endtime", endtime)
        self.starttime = first
        self.endtime = last
        self.startindex = startindex
        self.sender = sender
        self.xheaders = xheaders
        self.domain = domain
        self.recipient = recipient
        self.filters = dict(filters)
        self.report: List[Dict[str, Any]] = []
        self._count: Optional[int] = None
        self.refresh()

    def _query(self) -> Dict[str, Any]:
        return {"starttime": self.starttime, "endtime": self.endtime, "sender": self.sender,
                "xheaders": self.xheaders, "domain": self.domain, "recipient": self.recipient}

    def refresh(self) -> List[Dict[str, Any]]:
        """Run the query again (every page from :attr:`startindex`); forget the cached
        counts.

        :return: :attr:`report`.
        """
        self.report = get_report(self._kind, startindex=self.startindex, **self._query(), **self.filters)
        self._count = None
        return self.report

    @property
    def count(self) -> int:
        """The number of items (``GET <uri>/count/``), read once (until :meth:`refresh`)."""
        if self._count is None:
            self._count = get_report_count(self._kind, **self._query(), **self.filters)
        return self._count

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.report)

    def __len__(self) -> int:
        return len(self.report)

    def __repr__(self) -> str:
        return "<%s %s..%s: %d items>" % (type(self).__name__, date_to_str(self.starttime),
                                          date_to_str(self.endtime), len(self.report))


class _Unique(_Retrieval):
    """A report that also has unique variants (one item per recipient)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._unique: Optional[List[Dict[str, Any]]] = None
        self._unique_count: Optional[int] = None
        super().__init__(*args, **kwargs)

    def refresh(self) -> List[Dict[str, Any]]:
        """Run the query again; forget the cached counts and unique items."""
        self._unique = None
        self._unique_count = None
        return super().refresh()

    @property
    def unique(self) -> List[Dict[str, Any]]:
        """The unique items (``GET <uri>/unique``, every page), read once."""
        if self._unique is None:
            self._unique = get_report(self._kind, startindex=self.startindex, unique=True, **self._query())
        return self._unique

    @property
    def unique_count(self) -> int:
        """The number of unique items (``GET <uri>/count/unique``), read once."""
        if self._unique_count is None:
            self._unique_count = get_report_count(self._kind, unique=True, **self._query())
        return self._unique_count


def _report_class(kind: ReportKind) -> type:
    base = _Unique if kind.unique else _Retrieval
    doc = "The %s report (``GET /rest/json%s``): %s.%s\n\n    %s" % (
        kind.name, kind.uri, kind.title, " Unique variants: :attr:`unique`, :attr:`unique_count`."
        if kind.unique else "", (_Retrieval.__doc__ or "").strip())
    return type(kind.class_name, (base,), {"uri": kind.uri, "_kind": kind.name, "__doc__": doc,
                                           "__module__": __name__})


Sent, Delivered, Bounce, Complaint, Issue, Opens, Clicks = (_report_class(kind) for kind in REPORT_KINDS)
