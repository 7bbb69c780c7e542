"""Value checks shared by the SDK and the emulator.

Each *kind* is a function ``check(value) -> clean value`` raising :class:`ValueError`
with a short problem text (``"IP address expected"``) when the value is wrong. The SDK
turns a problem into :class:`~dyn.errors.InvalidArgumentError` (naming the field)
before sending anything; the emulator turns the same problem into the API's
``<field>: <problem>`` failure. One rule, two readers.

The clean value is the canonical form the server stores (integers as ``int``, names
as given); the SDK still sends what the caller passed, so payloads stay classic.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from typing import Any, Callable, Iterable, Optional, Sequence

__all__ = [
    "Problem", "EMAIL", "YES", "NO", "flag", "yes_no", "integer", "zone_name", "node_name", "ip", "string",
    "int_range", "one_of", "ipv4", "ipv6", "hostname", "fqdn", "text",
    "txt_data", "hex_string", "base64_data", "email", "mailbox", "ttl", "TTL_MAX", "word",
    "decimal", "string_list",
]

TTL_MAX = 2_147_483_647
"""Largest TTL (RFC 2181: 2^31 - 1). 0 means "the zone default" in record calls."""

# Patterns are used with fullmatch (``$`` would accept a trailing newline) and ASCII
# digits only (``\d`` alone matches other scripts' digits).
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_HEX = re.compile(r"[0-9A-Fa-f]+")
EMAIL = re.compile(
    r"(?!\.)(?!.*\.\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}(?<!\.)"
    r"@(?=.{1,253}\Z)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
"""A bare e-mail address ``local@domain.tld`` (use with ``fullmatch``); shared by TM and MM."""
_INT = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


class Problem(ValueError):
    """A field's value is wrong.

    :ivar field: the field (argument) name.
    :ivar value: the rejected value.
    :ivar problem: what is wrong, e.g. ``"IP address expected"``.
    :ivar valid: optional description of what is accepted.
    """

    def __init__(self, field: str, value: Any, problem: str, valid: Any = None) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.value = value
        self.problem = problem
        self.valid = valid


YES = frozenset({"y", "yes", "true", "t", "1", "on"})
"""Strings :func:`flag` reads as true (compared after stripping blanks, any case)."""
NO = frozenset({"n", "no", "false", "f", "0", "off"})
"""Strings :func:`flag` reads as false (compared after stripping blanks, any case)."""
_BLANKS = " \t\r\n"


def flag(value: Any) -> bool:
    """A yes/no value as a bool: the one Y/N parser of the SDK and the emulator.

    Accepts exactly: ``True``/``False``; the integers ``1``/``0``; an object with a
    boolean ``value`` attribute and ``__bool__`` (:class:`dyn.tm.utils.Active`); a string
    whose stripped, lower-cased form is in :data:`YES` (``Y``, ``yes``, ``true``, ``t``,
    ``1``, ``on``) or :data:`NO` (``N``, ``no``, ``false``, ``f``, ``0``, ``off``). This
    covers every form the classic SDK sent or validated (``'Y'``/``'N'`` any case, bools)
    and the ``true``/``false`` strings the API answers.

    :raises ValueError: ``"Must be Y or N"`` for anything else (``None``, ``''``,
        ``'L'``, ``2``, ``1.0``, bytes, lists).
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(getattr(value, "value", None), bool) and hasattr(type(value), "__bool__") \
            and not isinstance(value, (str, bytes, int, float)):
        return bool(value.value)
    if isinstance(value, str):
        text = value.strip(_BLANKS).lower()
        if text in YES:
            return True
        if text in NO:
            return False
    raise ValueError("Must be Y or N")


flag.valid = ("Y", "N")  # type: ignore[attr-defined]


def yes_no(value: Any) -> str:
    """A yes/no value in the API's form: ``'Y'`` or ``'N'``.

    Accepts exactly what :func:`flag` accepts (bools, ``1``/``0``, ``Active``, and the
    strings of :data:`YES`/:data:`NO` in any case with surrounding blanks).

    :raises ValueError: ``"Must be Y or N"`` for anything else.
    """
    return "Y" if flag(value) else "N"


yes_no.valid = ("Y", "N")  # type: ignore[attr-defined]


def integer(value: Any) -> int:
    """An integer: an ``int`` (not a ``bool``), or a string of ASCII digits ``0-9`` with an
    optional ``+``/``-`` sign and surrounding blanks (``" 42"``, ``"-1"``).

    Refused: floats (``1.0``), bools, ``None``, ``""``, ``"1_000"``, ``"1e3"``, ``"0x10"``
    and digits of other scripts (the Arabic-Indic ``"\u0663"``, full-width ``"\uff13"``),
    which Python's ``int()`` would otherwise read.

    :raises ValueError: ``"Integer expected"``.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip(_BLANKS)
        if _INT.fullmatch(text):
            return int(text)
    raise ValueError("Integer expected")


def int_range(low: int, high: int) -> Callable[[Any], int]:
    """An integer between ``low`` and ``high`` inclusive."""
    def check(value: Any) -> int:
        number = integer(value)
        if not low <= number <= high:
            raise ValueError(f"Must be between {low} and {high}")
        return number
    check.valid = f"{low}..{high}"  # type: ignore[attr-defined]
    return check


def one_of(choices: Sequence[Any], convert: Optional[Callable[[Any], Any]] = None) -> Callable[[Any], Any]:
    """One of ``choices`` (after ``convert``, e.g. :func:`integer`; strings match
    case-insensitively)."""
    lowered = {str(choice).lower(): choice for choice in choices}

    def check(value: Any) -> Any:
        clean = convert(value) if convert else value
        if clean in choices:
            return clean
        if isinstance(clean, str) and clean.lower() in lowered:
            return lowered[clean.lower()]
        raise ValueError("Must be one of " + ", ".join(str(choice) for choice in choices))
    check.valid = tuple(choices)  # type: ignore[attr-defined]
    return check


def ttl(value: Any) -> int:
    """A TTL in seconds: 0 (zone default) to :data:`TTL_MAX`."""
    number = integer(value)
    if not 0 <= number <= TTL_MAX:
        raise ValueError(f"Must be between 0 and {TTL_MAX}")
    return number


def ipv4(value: Any) -> str:
    """A dotted-quad IPv4 address (kept as given)."""
    if isinstance(value, str):
        try:
            ipaddress.IPv4Address(value)
            return value
        except ValueError:
            pass
    raise ValueError("IP address expected")


def ipv6(value: Any) -> str:
    """An IPv6 address (kept as given)."""
    if isinstance(value, str) and "%" not in value:  # no scope (zone index) in DNS data
        try:
            ipaddress.IPv6Address(value)
            return value
        except ValueError:
            pass
    raise ValueError("IPv6 address expected")


def hostname(value: Any, allow_root: bool = False, allow_wildcard: bool = False) -> str:
    """A domain name: labels of letters, digits, ``-`` and ``_`` (1-63 characters, no
    leading or trailing hyphen), 253 characters at most, one optional trailing dot.
    ``"."`` only with ``allow_root``; ``*`` as the first label only with ``allow_wildcard``.
    """
    if not isinstance(value, str):
        raise ValueError("Host name expected")
    if value == "." and allow_root:
        return value
    name = value[:-1] if value.endswith(".") else value
    if not name or len(name) > 253:
        raise ValueError("Host name expected")
    labels = name.split(".")
    for index, label in enumerate(labels):
        if label == "*" and index == 0 and allow_wildcard:
            continue
        if not _LABEL.fullmatch(label):
            raise ValueError("Host name expected")
    return value


def fqdn(value: Any) -> str:
    """A node name (wildcard first label allowed)."""
    return hostname(value, allow_wildcard=True)


ZONE_NAME_PROBLEM = "Host name expected"
"""The problem text of a bad zone name (the emulator answers ``zone: Host name expected``)."""


def zone_name(value: Any) -> str:
    """A zone name, the one rule of the SDK and the emulator: a :func:`hostname` of two or
    more labels, with at most one trailing dot (``example.com``, ``example.com.``).

    Refused: a single label (``com``), an empty label (``a..com``, ``a.com..``), a ``/`` or
    any character other than letters, digits, ``-`` and ``_`` (``a/b.com``), a wildcard,
    the root ``.``, non-strings.

    :raises ValueError: :data:`ZONE_NAME_PROBLEM`.
    """
    try:
        hostname(value)
    except ValueError:
        raise ValueError(ZONE_NAME_PROBLEM) from None
    if "." not in value.rstrip("."):
        raise ValueError(ZONE_NAME_PROBLEM)
    return value


def node_name(value: Any) -> Optional[str]:
    """A node name relative to a zone (``www``, ``_sip._tcp``, ``*``), or the apex:
    ``None`` or ``''`` (returned as ``None``). Otherwise the labels rule of :func:`fqdn`.

    :raises ValueError: ``"Host name expected"``.
    """
    if value is None or value == "":
        return None
    return fqdn(value)


def ip(value: Any) -> str:
    """An IPv4 or IPv6 address (kept as given).

    :raises ValueError: ``"IP address expected"`` (the real API's text for ``master``).
    """
    for check in (ipv4, ipv6):
        try:
            return check(value)
        except ValueError:
            pass
    raise ValueError("IP address expected")


def string(value: Any) -> str:
    """Any string, empty included (a value the server decides on).

    :raises ValueError: ``"String expected"`` for non-strings.
    """
    if isinstance(value, str):
        return value
    raise ValueError("String expected")


def text(value: Any, max_length: int = 65_535, allow_empty: bool = False) -> str:
    """A string without control characters other than tab, at most ``max_length``."""
    if not isinstance(value, str):
        raise ValueError("String expected")
    if not value and not allow_empty:
        raise ValueError("This field can not be blank")
    if len(value) > max_length:
        raise ValueError(f"At most {max_length} characters")
    if any(ord(char) < 32 and char != "\t" or ord(char) == 127 for char in value):
        raise ValueError("Control characters are not allowed")
    return value


def word(value: Any, max_length: int = 255, allow_empty: bool = False) -> str:
    """Letters and digits only (CAA tags, NAPTR flags)."""
    clean = text(value, max_length, allow_empty)
    if clean and not (clean.isascii() and clean.isalnum()):
        raise ValueError("Letters and digits only")
    return clean


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def txt_data(value: Any) -> str:
    """TXT/SPF data: 1 to 4,000 characters; when written as quoted strings, each string
    holds at most 255 characters (an unquoted value is split by the server)."""
    clean = text(value, 4000)
    quoted = _QUOTED.findall(clean)
    if quoted and clean.strip().startswith('"'):
        for piece in quoted:
            if len(re.sub(r"\\(.)", r"\1", piece)) > 255:
                raise ValueError("Each quoted string must be 255 characters or fewer")
    return clean


def hex_string(value: Any, lengths: Optional[Iterable[int]] = None) -> str:
    """Hexadecimal digits (spaces ignored); ``lengths`` restricts the digit count."""
    if not isinstance(value, str):
        raise ValueError("Hexadecimal string expected")
    digits = value.replace(" ", "")
    if not digits or not _HEX.fullmatch(digits) or len(digits) % 2:
        raise ValueError("Hexadecimal string expected")
    if lengths is not None and len(digits) not in tuple(lengths):
        raise ValueError("Wrong length: expected " + " or ".join(str(n) for n in lengths) + " hex digits")
    return value


def base64_data(value: Any) -> str:
    """Base64 data (spaces and line breaks ignored)."""
    if isinstance(value, str):
        packed = re.sub(r"\s+", "", value)
        if packed:
            try:
                base64.b64decode(packed, validate=True)
                return value
            except (binascii.Error, ValueError):
                pass
    raise ValueError("Base64 data expected")


def email(value: Any) -> str:
    """A bare e-mail address ``local@domain.tld`` (no display name), kept as given."""
    if isinstance(value, str) and EMAIL.fullmatch(value):
        return value
    raise ValueError("E-mail address expected")


def mailbox(value: Any) -> str:
    """A responsible mailbox: an e-mail address (a trailing dot allowed, as the API
    stores SOA contacts) or a domain name (``admin.example.com.``)."""
    try:
        email(value[:-1] if isinstance(value, str) and value.endswith(".") else value)
        return value
    except ValueError:
        try:
            return hostname(value)
        except ValueError:
            raise ValueError("E-mail address or domain name expected") from None


def decimal(low: float, high: float) -> Callable[[Any], float]:
    """A number (int, float or numeric string) between ``low`` and ``high``."""
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("Number expected")
        if isinstance(value, (int, float)):
            number = value
        elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            number = float(value)
            number = int(number) if number.is_integer() and "." not in value else number
        else:
            raise ValueError("Number expected")
        if not low <= number <= high:
            raise ValueError(f"Must be between {low:g} and {high:g}")
        return number
    return check


def string_list(choices: Sequence[str]) -> Callable[[Any], list]:
    """A list (or comma-separated string) whose items are all in ``choices``."""
    allowed = {choice.lower(): choice for choice in choices}

    def check(value: Any) -> list:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not items:
            raise ValueError("List expected")
        clean = []
        for item in items:
            key = item.strip().lower() if isinstance(item, str) else None
            if key not in allowed:
                raise ValueError(f"{item!r} is not one of " + ", ".join(choices))
            clean.append(allowed[key])
        return clean
    check.valid = tuple(choices)  # type: ignore[attr-defined]
    return check
