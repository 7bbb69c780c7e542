"""Helpers shared by the Traffic Management modules: :func:`unix_date`,
:class:`APIList` and :class:`Active`."""
from __future__ import annotations

import calendar
import datetime as _dt
import logging
from collections.abc import Iterable
from typing import Any, Callable, Optional, SupportsIndex, Union

from dyn.validation import flag

__all__ = ["unix_date", "APIList", "Active"]  # classic; quiet_readonly is public too

log = logging.getLogger(__name__)


def unix_date(date: _dt.date) -> int:
    """Return the UNIX timestamp (whole seconds) of ``date``.

    An aware datetime is converted correctly whatever its offset. A **naive**
    datetime is taken to be in **UTC**, as in the classic SDK (so ``datetime.now()``,
    which is local time, is off by the local UTC offset: pass
    ``datetime.now(timezone.utc)`` or an aware datetime instead). A
    :class:`~datetime.date` means midnight UTC of that day.

    :param date: the datetime or date.
    :return: seconds since the epoch.
    """
    if isinstance(date, _dt.datetime) and date.utcoffset() is not None:
        return calendar.timegm(date.utctimetuple())
    return calendar.timegm(date.timetuple())


class APIList(list):
    """A list that pushes itself to the API whenever it changes.

    Used by the services for lists of sub-objects (DNSSEC keys, GSLB and RTTM
    regions, Traffic Director rulesets). Each item must provide ``_json`` (its payload
    form) and ``_update(data)``.

    After ``append``, ``extend``, ``insert``, ``pop``, ``remove``, ``clear``,
    ``lst[i] = x``, ``del lst[i]`` and ``+=``, if both :attr:`session_func` and
    :attr:`uri` are set, the list sends ``PUT uri`` with
    ``{name: [item._json, ...]}`` (``None`` items are left out) through
    ``session_func().execute(...)``, then calls ``item._update(new_data)`` on each
    item with the matching element of ``response['data'][name]``.

    Differences from the classic class: ``lst[i] = x`` and ``clear()`` push too;
    ``lst + other`` returns a plain :class:`list` and pushes nothing; if the PUT
    raises, the local change is undone before the error propagates; copying or
    pickling sends nothing. ``sort()``, ``reverse()`` and ``*=`` do not push (as in the
    classic class): call :meth:`_update` afterwards if needed.

    :param session_func: a callable returning the session, usually
        ``DynectSession.get_session``; ``None`` disables pushing.
    :param name: the payload key.
    :param uri: the URI to PUT to (without the ``/REST`` prefix); ``None`` disables
        pushing.
    :param args: passed to :class:`list` (the initial items); they are not pushed.
    """

    def __init__(
        self,
        session_func: Optional[Callable[[], Any]],
        name: str,
        uri: Optional[str] = None,
        *args: Any,
        **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session_func = session_func
        self.name = name
        self.uri = uri

    # -- pushing -------------------------------------------------------------------

    def _payload(self) -> dict:
        return {self.name: [item._json for item in self if item is not None]}

    def _update(self, api_args: Optional[dict] = None) -> None:
        """PUT the list to :attr:`uri` and update the items from the response.

        Does nothing unless both :attr:`session_func` and :attr:`uri` are set.

        :param api_args: the payload to send; by default ``{name: [item._json, ...]}``.
        """
        if self.session_func is None or self.uri is None:
            return
        if api_args is None:
            api_args = self._payload()
        response = self.session_func().execute(self.uri, "PUT", api_args)
        self._update_items(response)

    def _update_items(self, response: Any) -> None:
        try:
            new_items = response["data"][self.name]
        except (KeyError, IndexError, TypeError):
            log.debug("APIList %s: no %r list in the response; items not updated",
                      self.uri, self.name)
            return
        if not isinstance(new_items, list):
            return
        items = [item for item in self if item is not None]
        for item, new_data in zip(items, new_items):
            item._update(new_data)

    def _mutate(self, operation: Callable[[], Any]) -> Any:
        """Run ``operation``, then push; undo the change if sending fails."""
        if self.session_func is None or self.uri is None:
            return operation()
        before = list(self)
        result = operation()
        try:
            response = self.session_func().execute(self.uri, "PUT", self._payload())
        except BaseException:
            list.__setitem__(self, slice(None), before)
            raise
        self._update_items(response)
        return result

    # -- intercepted list operations ---------------------------------------------

    def append(self, item: Any) -> None:
        """Append ``item`` and push the list."""
        self._mutate(lambda: list.append(self, item))

    def extend(self, iterable: Iterable[Any]) -> None:
        """Extend with ``iterable`` and push the list."""
        items = list(iterable)
        self._mutate(lambda: list.extend(self, items))

    def insert(self, index: SupportsIndex, item: Any) -> None:
        """Insert ``item`` before ``index`` and push the list."""
        self._mutate(lambda: list.insert(self, index, item))

    def pop(self, index: SupportsIndex = -1) -> Any:
        """Remove and return the item at ``index``, then push the list.

        :raises IndexError: on an empty list or a bad index (nothing is sent).
        """
        if not self:
            raise IndexError("pop from empty list")
        list.__getitem__(self, index)  # raise IndexError before sending anything
        return self._mutate(lambda: list.pop(self, index))

    def remove(self, item: Any) -> None:
        """Remove the first occurrence of ``item`` and push the list.

        :raises ValueError: if ``item`` is absent (nothing is sent).
        """
        index = list.index(self, item)
        self._mutate(lambda: list.__delitem__(self, index))

    def clear(self) -> None:
        """Remove every item and push the (empty) list."""
        self._mutate(lambda: list.clear(self))

    def __setitem__(self, index: Union[SupportsIndex, slice], value: Any) -> None:
        """Replace an item or a slice and push the list (the classic class did not)."""
        if isinstance(index, slice):
            value = list(value)
        else:
            list.__getitem__(self, index)  # raise IndexError before sending anything
        self._mutate(lambda: list.__setitem__(self, index, value))

    def __delitem__(self, index: Union[SupportsIndex, slice]) -> None:
        """Delete an item or a slice and push the list."""
        if not isinstance(index, slice):
            list.__getitem__(self, index)
        self._mutate(lambda: list.__delitem__(self, index))

    def __iadd__(self, other: Iterable[Any]) -> APIList:
        """Extend in place and push the list."""
        items = list(other)
        self._mutate(lambda: list.extend(self, items))
        return self

    def __add__(self, other: Iterable[Any]) -> list[Any]:  # type: ignore[override]
        """Return a new plain :class:`list`; nothing is sent."""
        return list(self) + list(other)

    # -- copying and pickling send nothing ----------------------------------------

    def __reduce_ex__(self, protocol: Any) -> Any:
        state = dict(self.__dict__)
        for key in ("session_func", "name", "uri"):
            state.pop(key, None)
        return (
            self.__class__,
            (self.session_func, self.name, self.uri, list(self)),
            state or None,
        )

    def __copy__(self) -> APIList:
        new = self.__class__.__new__(self.__class__)
        list.__init__(new, self)
        new.__dict__.update(self.__dict__)
        return new


_TRUE_STRINGS = ("Y",)
_FALSE_STRINGS = ("N",)  # what Active compares equal to (its str() forms)


class Active:
    """The API's ``'Y'``/``'N'`` flags as an object that is also a boolean.

    ``bool(Active('Y'))`` is ``True``; ``str()`` and ``repr()`` give ``'Y'`` or
    ``'N'``. It compares equal to the matching bool, to ``'Y'``/``'N'`` (any case)
    and to another :class:`Active` of the same value.

    It hashes like its boolean value, so it is interchangeable with ``True``/``False``
    as a dict key (but not with the strings ``'Y'``/``'N'``).

    :param inp: anything :func:`dyn.validation.flag` accepts: ``'Y'``/``'N'`` (any case,
        surrounding spaces ignored), ``yes``/``no``, ``true``/``false``, ``1``/``0``, a
        bool, or another :class:`Active`.
    :raises ValueError: for any other value (the classic class read every string other
        than ``'Y'`` as false and raised :class:`TypeError` on the truth test of others).

    :ivar value: the flag as a bool.
    """

    __slots__ = ("value",)

    def __init__(self, inp: Union[str, bool, Active]) -> None:
        self.value = self._coerce(inp)

    @staticmethod
    def _coerce(inp: Any) -> bool:
        if isinstance(inp, Active):
            return bool(inp.value)
        try:
            return flag(inp)
        except ValueError:
            raise ValueError(f"Active expects 'Y', 'N', True or False, got {inp!r}") from None

    def __bool__(self) -> bool:
        return bool(self.value)

    def __str__(self) -> str:
        return "Y" if self.value else "N"

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Active, bool)):
            return bool(self.value) == bool(other)
        if isinstance(other, str):
            text = other.strip().upper()
            if text in _TRUE_STRINGS + _FALSE_STRINGS:
                return str(self) == text
            return False
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    def __hash__(self) -> int:
        return hash(bool(self.value))


def quiet_readonly(private: str, doc: str, refresh: Optional[str] = None) -> property:
    """A read-only attribute as the classic SDK had them: reading returns ``self.<private>``
    (after calling ``self.<refresh>()`` when given, e.g. a GET), assigning is silently
    ignored (code that assigns them keeps working)."""
    def getter(self: Any) -> Any:
        if refresh is not None:
            getattr(self, refresh)()
        return getattr(self, private)

    def setter(self: Any, value: Any) -> None:
        pass

    return property(getter, setter, doc=doc)
