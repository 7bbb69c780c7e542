"""Helpers shared by the Message Management modules.

:class:`APIDict` is a dict that saves itself to the API when it changes.
:func:`str_to_date` and :func:`date_to_str` are re-exported from :mod:`dyn.compat`,
because the classic MM modules import them from here (the classic 1.8 release
dropped them, which broke ``dyn.mm.accounts`` and ``dyn.mm.reports``).

The argument checks (:func:`check_email`, :func:`check_date`, :func:`check_date_range`,
...) run before any request is sent and raise
:class:`~dyn.mm.errors.DynInvalidArgumentError` naming the rejected argument;
:func:`paginate` follows the API's ``startindex`` pages lazily.
"""
from __future__ import annotations

import datetime
import email.utils
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Callable, Optional, Union

from ..compat import date_to_str, str_to_date
from ..validation import EMAIL
from .errors import DynInvalidArgumentError
from .session import MMSession

__all__ = ["APIDict", "str_to_date", "date_to_str"]
# The argument checks, utc_now and paginate (defined after APIDict) serve dyn.mm.accounts,
# .message and .reports; they are importable, but __all__ keeps the classic public names.

log = logging.getLogger(__name__)

_MISSING = object()


class APIDict(dict):
    """A dict that POSTs itself to the API whenever it changes.

    Used for an account's x-headers. After ``d[key] = value``, ``del d[key]`` and the
    other changing methods (``update``, ``pop``, ``popitem``, ``setdefault`` when it
    inserts, ``clear``), if both :attr:`session_func` and :attr:`uri` are set, it sends
    ``POST uri`` with the whole dict, minus any ``'uri'`` key, through
    ``session_func().execute(...)``. One change sends one request.

    Differences from the classic class: the ``'uri'`` key is really left out of the
    payload (the classic check tested the wrong variable); ``update``, ``pop``,
    ``popitem``, ``setdefault`` and ``clear`` push too (the classic class changed the
    dict silently); if the POST raises, the local change is undone before the error
    propagates; copying or pickling sends nothing.

    :param session_func: a callable returning the session, usually
        ``MMSession.get_session``; ``None`` disables pushing.
    :param uri: the URI to POST to (without the ``/rest/json`` prefix); ``None``
        disables pushing.
    :param args: passed to :class:`dict` (the initial content); it is not pushed.
    :param kwargs: passed to :class:`dict`.
    """

    def __init__(
        self,
        session_func: Optional[Callable[[], Any]],
        uri: Optional[str] = None,
        *args: Any,
        **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session_func = session_func
        self.uri = uri

    def _payload(self) -> dict:
        return {key: value for key, value in dict.items(self) if key != "uri"}

    def _update(self) -> Any:
        """POST the dict to :attr:`uri`, if both it and :attr:`session_func` are set.

        :return: what ``execute`` returned, or ``None`` when nothing was sent.
        """
        if self.session_func is None or self.uri is None:
            return None
        return self.session_func().execute(self.uri, "POST", self._payload())

    def _mutate(self, operation: Callable[[], Any]) -> Any:
        """Run ``operation``, then push; undo the change if sending fails."""
        if self.session_func is None or self.uri is None:
            return operation()
        before = dict(self)
        result = operation()
        try:
            self._update()
        except BaseException:
            dict.clear(self)
            dict.update(self, before)
            raise
        return result

    def __setitem__(self, key: Any, value: Any) -> None:
        """Set ``key`` and POST the dict."""
        self._mutate(lambda: dict.__setitem__(self, key, value))

    def __delitem__(self, key: Any) -> None:
        """Delete ``key`` and POST the dict.

        :raises KeyError: if ``key`` is absent (nothing is sent).
        """
        if key not in self:
            raise KeyError(key)
        self._mutate(lambda: dict.__delitem__(self, key))

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Update like :meth:`dict.update`, then POST the dict once."""
        changes = dict(*args, **kwargs)
        self._mutate(lambda: dict.update(self, changes))

    def pop(self, key: Any, default: Any = _MISSING) -> Any:
        """Remove ``key`` and return its value, then POST the dict.

        Nothing is sent when ``key`` is absent (``default`` is returned, or
        :class:`KeyError` raised).
        """
        if key not in self:
            if default is _MISSING:
                raise KeyError(key)
            return default
        return self._mutate(lambda: dict.pop(self, key))

    def popitem(self) -> tuple[Any, Any]:
        """Remove and return the last inserted pair, then POST the dict.

        :raises KeyError: if the dict is empty (nothing is sent).
        """
        if not self:
            raise KeyError("popitem(): dictionary is empty")
        return self._mutate(lambda: dict.popitem(self))

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """Like :meth:`dict.setdefault`; POSTs the dict only if ``key`` was added."""
        if key in self:
            return dict.__getitem__(self, key)
        return self._mutate(lambda: dict.setdefault(self, key, default))

    def clear(self) -> None:
        """Remove every key and POST the (empty) dict."""
        self._mutate(lambda: dict.clear(self))

    def __ior__(self, other: Union[Mapping[Any, Any], Iterable[tuple[Any, Any]]]) -> APIDict:
        """``d |= other``: update in place and POST the dict once."""
        self.update(other)
        return self

    def __reduce_ex__(self, protocol: Any) -> Any:
        state = dict(self.__dict__)
        for key in ("session_func", "uri"):
            state.pop(key, None)
        return (
            self.__class__,
            (self.session_func, self.uri, dict(self)),
            state or None,
        )

    def __copy__(self) -> APIDict:
        new = self.__class__.__new__(self.__class__)
        dict.update(new, self)
        new.__dict__.update(self.__dict__)
        return new


# -- argument checks -----------------------------------------------------------------------

MASKED = "********"
"""Shown instead of a secret (a password) in :class:`~dyn.mm.errors.DynInvalidArgumentError`."""




def is_email(value: Any) -> bool:
    """Whether ``value`` is a bare e-mail address ``local@domain.tld`` (no display name).

    The local part may hold letters, digits and ``.!#$%&'*+/=?^_`{|}~-`` (no leading,
    trailing or doubled dot); the domain needs at least two labels.
    """
    return isinstance(value, str) and EMAIL.fullmatch(value) is not None


def check_email(arg: str, value: Any, display_name: bool = False) -> str:
    """Return ``value`` if it is an e-mail address, else raise.

    :param arg: the argument name, used in the error.
    :param value: the value to check.
    :param display_name: also accept ``"Name <local@domain>"``.
    :raises DynInvalidArgumentError: ``value`` is not an address.
    """
    address = value
    if display_name and isinstance(value, str) and "<" in value:
        address = email.utils.parseaddr(value)[1]
    if not is_email(address):
        raise DynInvalidArgumentError(arg, value, "an e-mail address")
    return value


def check_addresses(arg: str, value: Any, required: bool = False) -> list[str]:
    """One address or a list of addresses (``"Name <address>"`` allowed), as a list.

    A string may hold several comma-separated addresses.

    :raises DynInvalidArgumentError: an address is invalid, or ``required`` and there is none.
    """
    if value is None or value == "" or value == [] or value == ():
        if required:
            raise DynInvalidArgumentError(arg, value, "one or more e-mail addresses")
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
        raise DynInvalidArgumentError(arg, value, "an e-mail address or a list of them")
    pairs = email.utils.getaddresses(list(items))
    if not pairs or not all(is_email(address) for _display, address in pairs):
        raise DynInvalidArgumentError(arg, value, "e-mail addresses")
    return list(items)


def check_text(arg: str, value: Any, secret: bool = False) -> str:
    """Return ``value`` if it is a non-empty string, else raise (a ``secret`` value is
    masked in the error)."""
    if not isinstance(value, str) or not value.strip():
        raise DynInvalidArgumentError(arg, MASKED if secret and value else value, "a non-empty string")
    return value


def check_flag(arg: str, value: Any) -> int:
    """``0`` or ``1`` from ``0``, ``1``, ``False`` or ``True``, else raise."""
    if value in (0, 1) and isinstance(value, (int, bool)):
        return int(value)
    raise DynInvalidArgumentError(arg, value, "0, 1, False or True")


def utc_now() -> datetime.datetime:
    """The current time, aware, in UTC."""
    return datetime.datetime.now(datetime.timezone.utc)


def check_date(arg: str, value: Any) -> datetime.datetime:
    """An aware :class:`~datetime.datetime` from a datetime, a date or an ISO 8601 string.

    A naive datetime (or a string without offset) is taken to be in UTC and a date means
    midnight UTC at its start, the rule of :func:`str_to_date`.

    :raises DynInvalidArgumentError: ``value`` is none of those.
    """
    if isinstance(value, (datetime.date, str)):
        try:
            return str_to_date(value)
        except ValueError:
            pass
    raise DynInvalidArgumentError(arg, value, "a datetime, a date or an ISO 8601 string")


def check_date_range(start_arg: str, start: Any, end_arg: str, end: Any,
                     default_end: bool = True) -> tuple[Optional[datetime.datetime], Optional[datetime.datetime]]:
    """Check a ``[start, end)`` range; return both ends as aware datetimes.

    A missing ``end`` becomes "now" (rounded up to the next whole second, so what happened
    this second is included) when ``start`` is given and ``default_end`` is true.

    :raises DynInvalidArgumentError: a bad date (named ``start_arg`` or ``end_arg``), or an
        end not after the start (named ``end_arg``).
    """
    first = check_date(start_arg, start) if start is not None else None
    last = check_date(end_arg, end) if end is not None else None
    if last is None and first is not None and default_end:
        last = utc_now().replace(microsecond=0) + datetime.timedelta(seconds=1)
    if first is not None and last is not None and last <= first:
        raise DynInvalidArgumentError(end_arg, end if end is not None else date_to_str(last),
                                      "a date after %s (%s)" % (start_arg, date_to_str(first)))
    return first, last


# -- pagination -------------------------------------------------------------------------------

def paginate(uri: str, args: Mapping[str, Any], page_size: int, extract: Callable[[Any], list],
             start: int = 0, send_first_index: bool = True) -> Iterator[Any]:
    """Lazily yield the items of a ``startindex``-paged list, fetching page by page.

    Each page is ``GET uri`` with ``args`` plus ``startindex``; the items are
    ``extract(data)``. A page shorter than ``page_size`` is the last one. Nothing is
    sent until the first item is asked for, and a page is only fetched when the previous
    one is used up. A server that ignores ``startindex`` (the same full page twice) ends
    the iteration instead of looping forever.

    :param uri: the list URI, e.g. ``/senders``.
    :param args: the other arguments (copied for each page).
    :param page_size: items per full page (25 or 500 in the API).
    :param extract: turns a page's ``data`` into its list of items.
    :param start: the first ``startindex``.
    :param send_first_index: send ``startindex`` on the first page even when it is 0.
    """
    index = start
    previous = None
    while True:
        page_args = dict(args)
        if index or send_first_index:
            page_args["startindex"] = index
        data = MMSession.resolve().execute(uri, "GET", page_args)
        items = list(extract(data))
        if items and data == previous:
            log.warning("GET %s ignored startindex=%d (same page twice); stopping", uri, index)
            return
        yield from items
        if len(items) < page_size:
            return
        previous = data
        index += len(items)
