"""Helpers shared by the Message Management modules.

:class:`APIDict` is a dict that saves itself to the API when it changes.
:func:`str_to_date` and :func:`date_to_str` are re-exported from :mod:`dyn.compat`,
because the classic MM modules import them from here (the classic 1.8 release
dropped them, which broke ``dyn.mm.accounts`` and ``dyn.mm.reports``).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, Callable, Optional, Union

from ..compat import date_to_str, str_to_date

__all__ = ["APIDict", "str_to_date", "date_to_str"]

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
