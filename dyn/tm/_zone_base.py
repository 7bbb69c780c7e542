"""Plumbing shared by the zone-side objects (:mod:`dyn.tm.zones`,
:mod:`dyn.tm.zone_transfer`): the call helper, argument checks that raise
:class:`~dyn.tm.errors.DynectInvalidArgumentError` naming the field, the classic
server-backed attribute and the server-object base."""
from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Sequence

from dyn import validation as v
from dyn.tm.errors import DynectInvalidArgumentError
from dyn.tm.session import DynectSession
from dyn.tm.task import Task

_MASKED = "********"


def _execute(uri: str, method: str, args: Dict[str, Any]) -> Any:
    """Send one call through the thread's session and return the response's ``data``."""
    return DynectSession.resolve().execute(uri, method, args)["data"]


def _check(field: str, check: Callable[[Any], Any], value: Any, valid: Any = None, secret: bool = False) -> Any:
    """Run a :mod:`dyn.validation` check; a bad value raises DynectInvalidArgumentError
    naming ``field`` (``secret``: the value is masked in the error)."""
    try:
        return check(value)
    except ValueError as err:
        raise DynectInvalidArgumentError(field, _MASKED if secret else value,
                                         valid if valid is not None else getattr(check, "valid", None),
                                         problem=str(err)) from None


def _zone_name(field: str, value: Any) -> str:
    return _check(field, v.zone_name, value)


_ip = v.ip


def _ips(field: str, value: Any) -> Any:
    """An IP address or a non-empty list of them (returned as given)."""
    if isinstance(value, str):
        _check(field, _ip, value)
        return value
    if not isinstance(value, (list, tuple)) or not value:
        raise DynectInvalidArgumentError(field, value, problem="List of IP addresses expected")
    for item in value:
        _check(field, _ip, item)
    return value


def _yes_no(field: str, value: Any) -> str:
    """``'Y'``/``'N'`` from anything :func:`dyn.validation.yes_no` accepts; the API form."""
    return _check(field, v.yes_no, value)


class _Remote:
    """A classic server-backed attribute: reading fetches the object (``_get``, a GET),
    assigning checks the value and sends ``PUT`` (``_update``) with ``{name: value}``
    plus the current values of ``extra`` (e.g. ``zone``), as the classic SDK did.

    :param doc: the docstring.
    :param check: ``check(field, value) -> wire value``; raises DynectInvalidArgumentError.
    :param extra: names of attributes sent along (``_<name>`` values).
    :param read: turns the stored value into what reading returns.
    :param writable: False makes the attribute read-only (assigning raises AttributeError).
    """

    def __init__(self, doc: str, check: Optional[Callable[[str, Any], Any]] = None, extra: Sequence[str] = (),
                 read: Callable[[Any], Any] = lambda value: value, writable: bool = True) -> None:
        self.__doc__ = doc
        self.check = check
        self.extra = tuple(extra)
        self.read = read
        self.writable = writable
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: Optional[type] = None) -> Any:
        if obj is None:
            return self
        obj._get()
        return self.read(getattr(obj, "_" + self.name, None))

    def __set__(self, obj: Any, value: Any) -> None:
        if not self.writable:
            raise AttributeError("%s is read-only" % self.name)
        wire = self.check(self.name, value) if self.check else value
        api_args = {key: getattr(obj, "_" + key) for key in self.extra}
        api_args[self.name] = wire
        obj._update(api_args)


def _checked(check: Callable[[Any], Any], secret: bool = False) -> Callable[[str, Any], Any]:
    """A :class:`_Remote` check running a :mod:`dyn.validation` check (value sent as given)."""
    def run(field: str, value: Any) -> Any:
        _check(field, check, value, secret=secret)
        return value
    return run


class _ServerObject:
    """Plumbing shared by the objects kept on the server at ``self.uri``: ``_get``
    refreshes (GET with :meth:`_get_args`), ``_update`` sends a PUT, and every answer key
    ``k`` is stored as ``_k`` after :meth:`_convert`."""

    uri: str

    def _get_args(self) -> Dict[str, Any]:
        return {}

    def _get(self) -> None:
        self._build(_execute(self.uri, "GET", self._get_args()))

    def _update(self, api_args: Dict[str, Any]) -> None:
        self._build(_execute(self.uri, "PUT", api_args))

    def _convert(self, key: str, value: Any) -> Any:
        """The stored form of an answer value (``task_id`` -> :class:`Task`, ...)."""
        if key == "task_id":
            return Task(value) if value else None
        return value

    def _build(self, data: Dict[str, Any]) -> None:
        for key, value in (data or {}).items():
            setattr(self, "_" + key, self._convert(key, value))
