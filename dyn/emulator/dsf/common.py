"""Helpers shared by the Traffic Director family's handlers: model errors as API
failures, flag and notes arguments, listing texts."""
from __future__ import annotations

import contextlib
from typing import Any, Dict, Iterator, Optional, Tuple

from dyn import validation as v

from ..envelope import APIError, error, info, invalid_field, not_found
from ..router import Context
from .model import Conflict, DSFPart, Missing, Problem, dsf_part, flag

__all__ = ["answering", "arg_flag", "arg_notes", "customer_part", "found"]


@contextlib.contextmanager
def answering(operation: str, summary: str) -> Iterator[None]:
    """Turn model errors into API failures ending with ``<operation>: <summary>``:
    a :class:`~dyn.validation.Problem` is 400 INVALID_DATA, :class:`Missing` 404
    NOT_FOUND, :class:`Conflict` 400 with its own code."""
    try:
        yield
    except Problem as problem:
        raise invalid_field(problem.field, problem.problem, operation, summary) from None
    except Missing as missing:
        raise not_found(missing.context, missing.problem, operation, summary, missing.source) from None
    except Conflict as conflict:
        raise APIError(conflict.err_cd, [error(f"{conflict.field}: {conflict.problem}", conflict.err_cd),
                                         info(f"{operation}: {summary}")]) from None


def arg_flag(args: Dict[str, Any], name: str, default: bool = False) -> bool:
    """A Y/N argument (absent: ``default``)."""
    value = args.get(name)
    if value is None:
        return default
    try:
        return flag(value)
    except ValueError as err:
        raise Problem(name, value, str(err)) from None


def arg_notes(args: Dict[str, Any]) -> Optional[str]:
    """The ``notes`` argument (publish notes)."""
    notes = args.get("notes")
    if notes is None or notes == "":
        return None
    return v.text(notes, 4096) if isinstance(notes, str) else _not_text("notes", notes)


def _not_text(field: str, value: Any) -> str:
    raise Problem(field, value, "Expected a string")


def customer_part(ctx: Context) -> Tuple[DSFPart, str]:
    """The DSF part and the caller's customer."""
    return dsf_part(ctx.state), ctx.customer


def found(count: int, singular: str, plural: str, detail: bool) -> str:
    """``detail: Found 2 services`` style INFO text."""
    return f"{'detail' if detail else 'get'}: Found {count} {singular if count == 1 else plural}"
