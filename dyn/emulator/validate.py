"""Declarative argument checks shared by the resource handlers.

A handler lists its fields once::

    LOGIN = (Field("customer_name"), Field("user_name"), Field("password"))
    values = check_tm(ctx.args, LOGIN, "login", "Login failed")

A TM failure is HTTP 400 ``<field>: <problem>`` (INVALID_DATA) + ``<operation>:
<summary>``; an MM failure is status 452 with the list of problems as ``data``. Nothing
is changed before the checks pass.
"""
from __future__ import annotations

import datetime
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from dyn.compat import str_to_date
from dyn import validation as v
from dyn.validation import EMAIL

from . import envelope

__all__ = ["Field", "check", "check_tm", "check_mm", "TYPES", "REQUIRED", "ArgumentProblem", "wants_detail", "plural"]

REQUIRED = "This field is required"


class ArgumentProblem(ValueError):
    """One argument is wrong: ``field: problem``."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _as_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("Expected a string")


def _worded(check: Callable[[Any], Any], problem: str) -> Callable[[Any], Any]:
    """The shared :mod:`dyn.validation` rule ``check``, answering the emulator's text."""
    def run(value: Any) -> Any:
        try:
            return check(value)
        except ValueError:
            raise ValueError(problem) from None
    return run


def _as_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    raise ValueError("Expected a list")


def _as_dict(value: Any) -> dict:
    if isinstance(value, dict):
        return value
    raise ValueError("Expected an object")


def _as_email(value: Any) -> str:
    """A bare e-mail address (``local@domain.tld``), surrounding blanks removed."""
    if isinstance(value, str) and EMAIL.fullmatch(value.strip()):
        return value.strip()
    raise ValueError("Expected a valid e-mail address")


def _as_datetime(value: Any) -> datetime.datetime:
    """An ISO 8601 timestamp; one without an offset is taken as UTC."""
    if isinstance(value, str):
        try:
            return str_to_date(value.strip())
        except ValueError:
            pass
    raise ValueError("Expected an ISO 8601 date and time, e.g. 2016-01-11T17:53:59+00:00")


TYPES: Dict[str, Callable[[Any], Any]] = {
    "str": _as_str, "int": _worded(v.integer, "Expected an integer"),
    "bool": _worded(v.flag, "Expected a boolean"), "list": _as_list, "dict": _as_dict,
    "any": lambda value: value, "email": _as_email, "datetime": _as_datetime,
}
"""Converters by type name: each returns the clean value or raises ``ValueError(problem)``."""


class Field:
    """One argument.

    :param name: the argument name.
    :param type: a key of :data:`TYPES`.
    :param required: a missing (or null) value is a problem.
    :param nonempty: an empty string or list is a problem.
    :param choices: allowed values (after conversion).
    :param default: value used when the argument is absent and not required.
    """

    __slots__ = ("name", "type", "required", "nonempty", "choices", "default")

    def __init__(self, name: str, type: str = "str", required: bool = True, nonempty: bool = False,
                 choices: Optional[Sequence[Any]] = None, default: Any = None) -> None:
        if type not in TYPES:
            raise ValueError(f"unknown field type {type!r}")
        self.name = name
        self.type = type
        self.required = required
        self.nonempty = nonempty
        self.choices = tuple(choices) if choices is not None else None
        self.default = default

    def convert(self, args: Dict[str, Any]) -> Any:
        """The clean value of this field in ``args``; raises :class:`ArgumentProblem`."""
        value = args.get(self.name)
        if value is None:
            if self.required:
                raise ArgumentProblem(self.name, REQUIRED)
            return self.default
        try:
            value = TYPES[self.type](value)
        except ValueError as problem:
            raise ArgumentProblem(self.name, str(problem)) from None
        if self.nonempty and value in ("", []):
            raise ArgumentProblem(self.name, "This field can not be blank")
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(str(choice) for choice in self.choices)
            raise ArgumentProblem(self.name, f"Must be one of {allowed}")
        return value


def check(args: Dict[str, Any], fields: Sequence[Field]) -> Tuple[Dict[str, Any], List[ArgumentProblem]]:
    """Convert every field; return ``(clean values, problems)``."""
    values: Dict[str, Any] = {}
    problems: List[ArgumentProblem] = []
    for item in fields:
        try:
            values[item.name] = item.convert(args)
        except ArgumentProblem as problem:
            problems.append(problem)
    return values, problems


def check_tm(args: Dict[str, Any], fields: Sequence[Field], operation: str,
             summary: str) -> Dict[str, Any]:
    """Clean TM arguments, or raise the INVALID_DATA failure for the first problem."""
    values, problems = check(args, fields)
    if problems:
        raise envelope.invalid_field(problems[0].field, problems[0].problem, operation, summary)
    return values


def check_mm(args: Dict[str, Any], fields: Sequence[Field]) -> Dict[str, Any]:
    """Clean MM arguments, or raise the 452 failure listing every problem."""
    values, problems = check(args, fields)
    if problems:
        raise envelope.MMError(452, [str(problem) for problem in problems])
    return values


# -- small request helpers shared by every family ------------------------------------------

def wants_detail(ctx: Any) -> bool:
    """Whether ``detail`` asks for full objects (a true :func:`dyn.validation.flag`;
    anything else, absent included, means URIs)."""
    try:
        return v.flag(ctx.args.get("detail"))
    except ValueError:
        return False


def plural(count: int, word: str) -> str:
    """``1 zone`` / ``3 zones``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
