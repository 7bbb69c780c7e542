"""Configuration knobs, fault rules and the per-customer rate limiter.

A fault rule says "the next ``times`` requests whose ``METHOD /path`` matches ``match``
misbehave this way". Kinds and their parameters are declared in :data:`FAULT_KINDS`.
"""
from __future__ import annotations

import collections
import math
import re
import threading
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable, Deque, Dict, List, Optional

from .request import DEFAULT_MAX_BODY_BYTES

__all__ = ["Config", "FaultRule", "FaultSet", "FAULT_KINDS", "TM_ONLY_KINDS", "RateLimiter",
           "DEFAULT_EXCLUDED_RESOURCES"]


# -- configuration ---------------------------------------------------------------------------

def _non_negative(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return value


def _positive(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"{name} must be a number > 0, got {value!r}")
    return value


def _positive_int_or_none(name: str, value: Any) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer or null, got {value!r}")
    return value


def _positive_int(name: str, value: Any) -> int:
    if _positive_int_or_none(name, value) is None:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


_CHECKS: Dict[str, Callable[[str, Any], Any]] = {
    "token_lifetime": _positive,
    "latency": _non_negative,
    "rate_limit_per_minute": _positive_int_or_none,
    "max_body_bytes": _positive_int,
    "task_duration": _non_negative,
}


@dataclass
class Config:
    """Run-time knobs of the emulator.

    :param token_lifetime: idle seconds after which a token expires (``login: inactivity
        logout``); reset by every authenticated call.
    :param latency: seconds added to every API request.
    :param rate_limit_per_minute: requests per customer per rolling minute; None = off.
    :param max_body_bytes: larger request bodies get HTTP 413.
    :param task_duration: seconds a DNS task (zone provisioning, publish, zone-file
        import) runs; while a blocking one runs, changes to its zone are refused.
    """

    token_lifetime: float = 3600
    latency: float = 0.0
    rate_limit_per_minute: Optional[int] = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    task_duration: float = 0.0

    def __post_init__(self) -> None:
        for item in fields(self):
            _CHECKS[item.name](item.name, getattr(self, item.name))

    def updated(self, **changes: Any) -> "Config":
        """A validated copy with ``changes`` applied (unknown names raise ``TypeError``)."""
        unknown = set(changes) - set(_CHECKS)
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return Config(**{**asdict(self), **changes})

    def to_dict(self) -> Dict[str, Any]:
        """The settings as a dict."""
        return asdict(self)


# -- fault rules -----------------------------------------------------------------------------

def _number(name: str, value: Any, minimum: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ValueError(f"{name} must be a number >= {minimum}, got {value!r}")
    return value


def _choice(*options: str) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if value not in options:
            raise ValueError(f"{name} must be one of {', '.join(options)}, got {value!r}")
        return value
    return check


def _integer(minimum: int) -> Callable[[str, Any], int]:
    def check(name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
        return value
    return check


def _task_id(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ValueError(f"{name} must be a number, got {value!r}")
    return value


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {value!r}")
    return value


FAULT_KINDS: Dict[str, Dict[str, tuple]] = {
    # kind: {param: (default, check)}
    "job": {"polls": (1, _integer(0)), "mode": ("redirect", _choice("redirect", "incomplete"))},
    "rate_limit": {"retry_after": (1, _integer(0))},
    "blocked": {"task_id": (39120953, _task_id), "task_name": ("ProvisionZone", _text)},
    "busy": {},
    "drop": {"when": ("before", _choice("before", "after"))},
    "error": {"status": (503, _integer(500)), "body": (None, _text)},
    "latency": {"seconds": (1.0, lambda name, value: _number(name, value))},
}
"""Fault kinds and their parameters ``{name: (default, validator)}``."""

TM_ONLY_KINDS = frozenset({"job", "rate_limit", "blocked", "busy"})
"""Kinds that answer with a TM envelope, so they never apply to MM requests."""

DEFAULT_EXCLUDED_RESOURCES = frozenset({"session", "job"})
"""TM resources a rule without ``match`` leaves alone (login and job polling)."""


@dataclass
class FaultRule:
    """One fault rule (see :data:`FAULT_KINDS`).

    :param kind: the fault kind.
    :param match: regex searched in ``"METHOD /path"`` (path as sent, without query); None
        matches every TM call except the Session and Job resources.
    :param times: how many matching requests it affects; None = unlimited.
    :param params: kind parameters, defaults filled in.
    """

    kind: str
    match: Optional[str] = None
    times: Optional[int] = 1
    params: Dict[str, Any] = field(default_factory=dict)
    id: int = 0
    hits: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(FAULT_KINDS)}")
        spec = FAULT_KINDS[self.kind]
        unknown = set(self.params) - set(spec)
        if unknown:
            raise ValueError(f"unknown parameter(s) for {self.kind}: {', '.join(sorted(unknown))}")
        params = {}
        for name, (default, check) in spec.items():
            value = self.params.get(name, default)
            params[name] = value if value is None and default is None else check(name, value)
        self.params = params
        if self.times is not None:
            _integer(1)("times", self.times)
        if self.match is not None:
            if not isinstance(self.match, str):
                raise ValueError(f"match must be a regex string, got {self.match!r}")
            try:
                self._pattern: Optional[re.Pattern] = re.compile(self.match)
            except re.error as exc:
                raise ValueError(f"match is not a valid regex: {exc}") from None
        else:
            self._pattern = None

    @property
    def exhausted(self) -> bool:
        """True once the rule has affected ``times`` requests."""
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, path: str, api: str, resource: Optional[str]) -> bool:
        """Whether the rule applies to a request.

        :param method: HTTP method.
        :param path: the path as sent.
        :param api: ``"tm"`` or ``"mm"``.
        :param resource: the lower-case TM resource name (None for MM).
        """
        if self.exhausted or (api != "tm" and self.kind in TM_ONLY_KINDS):
            return False
        if self._pattern is None:
            return api == "tm" and resource not in DEFAULT_EXCLUDED_RESOURCES
        return self._pattern.search(f"{method.upper()} {path}") is not None

    def to_dict(self) -> Dict[str, Any]:
        """JSON form (for the control API)."""
        return {"id": self.id, "kind": self.kind, "match": self.match, "times": self.times,
                "params": dict(self.params), "hits": self.hits}


class FaultSet:
    """The active fault rules, in the order they were added."""

    def __init__(self) -> None:
        self._rules: List[FaultRule] = []
        self._next_id = 1
        self._lock = threading.Lock()

    def add(self, kind: str, match: Optional[str] = None, times: Optional[int] = 1,
            **params: Any) -> FaultRule:
        """Validate and add a rule; return it."""
        with self._lock:
            rule = FaultRule(kind, match, times, params, id=self._next_id)
            self._next_id += 1
            self._rules.append(rule)
            return rule

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    def rules(self) -> List[FaultRule]:
        """The rules that can still fire."""
        with self._lock:
            return [rule for rule in self._rules if not rule.exhausted]

    def take(self, method: str, path: str, api: str, resource: Optional[str]) -> List[FaultRule]:
        """Consume and return the rules that fire for this request.

        Every matching ``latency`` rule fires; of the other kinds only the oldest
        matching rule does. Exhausted rules are dropped.
        """
        fired: List[FaultRule] = []
        with self._lock:
            main_taken = False
            for rule in self._rules:
                if not rule.matches(method, path, api, resource):
                    continue
                if rule.kind != "latency":
                    if main_taken:
                        continue
                    main_taken = True
                rule.hits += 1
                fired.append(rule)
            self._rules = [rule for rule in self._rules if not rule.exhausted]
        return fired


class RateLimiter:
    """Counts requests per key (customer) over a rolling window.

    :param clock: monotonic clock, in seconds.
    :param window: the window length in seconds.
    """

    def __init__(self, clock: Callable[[], float], window: float = 60.0) -> None:
        self._clock = clock
        self._window = window
        self._hits: Dict[str, Deque[float]] = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()

    def hit(self, key: str, limit: Optional[int]) -> Optional[int]:
        """Count one request for ``key``; return None when allowed, else the seconds to wait.

        Rejected requests are not counted.
        """
        if limit is None:
            return None
        now = self._clock()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self._window:
                hits.popleft()
            if len(hits) >= limit:
                return max(1, math.ceil(hits[0] + self._window - now))
            hits.append(now)
            return None

    def clear(self) -> None:
        """Forget every count."""
        with self._lock:
            self._hits.clear()
