"""A name index for zone data: node names kept in reversed-label order.

:class:`NameIndex` is a dict (node name -> anything) that also keeps its keys sorted by
:func:`name_key` (labels reversed, joined by ``"\\0"``), so the names at or below a node
form one contiguous run found with :mod:`bisect`: a subtree costs O(log N + its size)
instead of a walk over the whole zone. The sort order is the tree order of the API
(a node right before the nodes below it, siblings by label).
"""
from __future__ import annotations

import bisect
from typing import Any, Dict, Iterable, Iterator, List

__all__ = ["NameIndex", "name_key"]

_SEP = "\0"
_AFTER = "\1"


def name_key(fqdn: str) -> str:
    """The sort key of a normalised node name: its labels reversed, joined by ``"\\0"``
    (sorts like the tuple of reversed labels, since ``"\\0"`` is below every label
    character)."""
    return _SEP.join(reversed(fqdn.split(".")))


class NameIndex(dict):
    """A dict keyed by node name that keeps its keys in tree order.

    Every dict mutation (item set and delete, ``setdefault``, ``pop``, ``popitem``,
    ``update``, ``clear``) keeps the order; :meth:`subtree` lists the names at or below a
    node in O(log N + k).
    """

    __slots__ = ("_keys", "_names")

    def __init__(self, items: Iterable = ()) -> None:
        super().__init__()
        self._keys: List[str] = []
        self._names: Dict[str, str] = {}
        self.update(items)

    # -- the order --

    def _add(self, name: str) -> None:
        if name not in self._names:
            key = name_key(name)
            self._names[key] = name
            bisect.insort(self._keys, key)

    def _remove(self, name: str) -> None:
        key = name_key(name)
        if self._names.pop(key, None) is not None:
            index = bisect.bisect_left(self._keys, key)
            del self._keys[index]

    def subtree(self, base: str) -> List[str]:
        """The names equal to ``base`` or below it, in tree order."""
        key = name_key(base)
        start = bisect.bisect_left(self._keys, key)
        end = bisect.bisect_left(self._keys, key + _AFTER, start)
        return [self._names[item] for item in self._keys[start:end]]

    def has_below(self, base: str) -> bool:
        """Whether some name is ``base`` or below it (O(log N))."""
        key = name_key(base)
        start = bisect.bisect_left(self._keys, key)
        return start < len(self._keys) and self._keys[start] < key + _AFTER

    def ordered(self) -> Iterator[str]:
        """Every name in tree order."""
        return (self._names[key] for key in list(self._keys))

    # -- dict mutations --

    def __setitem__(self, name: str, value: Any) -> None:
        self._add(name)
        super().__setitem__(name, value)

    def __delitem__(self, name: str) -> None:
        super().__delitem__(name)
        self._remove(name)

    def setdefault(self, name: str, default: Any = None) -> Any:
        if name not in self:
            self[name] = default
        return super().__getitem__(name)

    _MISSING = object()

    def pop(self, name: str, default: Any = _MISSING) -> Any:
        if name in self:
            value = super().pop(name)
            self._remove(name)
            return value
        if default is NameIndex._MISSING:
            raise KeyError(name)
        return default

    def popitem(self) -> tuple:
        name, value = super().popitem()
        self._remove(name)
        return name, value

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, value in dict(*args, **kwargs).items():
            self[name] = value

    def clear(self) -> None:
        super().clear()
        self._keys.clear()
        self._names.clear()

    def copy(self) -> "NameIndex":
        return NameIndex(self.items())

    def __reduce__(self) -> tuple:
        return (NameIndex, (list(self.items()),))
