"""Compatibility names kept from the classic SDK's Python 2/3 layer.

The package supports Python 3 only, so the Python 2 branches are gone, but every
classic name is still importable from here (``is_py2``, ``json``,
``HTTPConnection``, ``urlencode``, ``str_to_date``, ...), because user code and the
classic MM modules import them.

The date helpers are stricter about time zones than the classic ones:

* :func:`str_to_date` accepts the API's timestamps with an offset (``+00:00``,
  ``+0000``, ``Z``) and without one, and always returns a timezone-aware
  :class:`~datetime.datetime`; a string without an offset is taken as UTC.
* :func:`date_to_str` writes aware datetimes with a colon in the offset
  (``2016-01-01T10:00:00+00:00``) and naive ones, or plain dates, in the classic form
  without an offset.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from typing import Any, Union
from urllib.parse import urlencode

__all__ = [
    "is_py2",
    "is_py3",
    "json",
    "HTTPConnection",
    "HTTPSConnection",
    "HTTPException",
    "urlencode",
    "pathname2url",
    "string_types",
    "prepare_to_send",
    "prepare_for_loads",
    "force_unicode",
    "API_FMT",
    "str_to_date",
    "date_to_str",
]

#: Always ``False``: Python 2 is not supported.
is_py2 = sys.version_info[0] == 2
#: Always ``True``.
is_py3 = sys.version_info[0] == 3

#: The classic ``basestring`` stand-in.
string_types = (str,)

#: The classic strptime/strftime format of API timestamps (with a ``%z`` offset).
API_FMT = "%Y-%m-%dT%H:%M:%S%z"


def pathname2url(pathname: str) -> str:
    """Quote a path for use in a URL (:func:`urllib.request.pathname2url`).

    ``urllib.request`` is imported on the first call: it is comparatively slow to
    import and only the MM session's GET path needs it.

    :param pathname: the path.
    :return: the quoted path.
    """
    from urllib.request import pathname2url as _pathname2url

    return _pathname2url(pathname)


def prepare_to_send(args: Union[str, bytes]) -> bytes:
    """Encode a request body as UTF-8 bytes.

    :param args: the body; ``bytes`` are returned unchanged.
    :return: the body as ``bytes``.
    """
    if isinstance(args, (bytes, bytearray)):
        return bytes(args)
    return bytes(args, "UTF-8")


def prepare_for_loads(body: Union[str, bytes], encoding: str) -> str:
    """Decode a response body so it can be given to :func:`json.loads`.

    :param body: the raw body; a ``str`` is returned unchanged.
    :param encoding: the encoding of ``body``.
    :return: the body as ``str``.
    """
    if isinstance(body, str):
        return body
    return body.decode(encoding)


def force_unicode(s: Any, encoding: str = "UTF-8") -> str:
    """Return ``s`` as text.

    :param s: any object; ``bytes`` are decoded with ``encoding`` (undecodable bytes
        are replaced), anything else goes through :class:`str`.
    :param encoding: the encoding used for ``bytes``.
    :return: the text.
    """
    if isinstance(s, (bytes, bytearray)):
        return bytes(s).decode(encoding, "replace")
    return str(s)


_DATE_RE = re.compile(
    r"""
    ^\s*
    (?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})
    (?:[Tt\x20]
        (?P<hour>\d{2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
    )?
    \s*
    (?P<offset>[Zz]|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?
    \s*$
    """,
    re.VERBOSE,
)


def _parse_offset(text: str) -> _dt.tzinfo:
    if text in ("Z", "z"):
        return _dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[0:2])
    minutes = int(digits[2:4] or 0)
    seconds = int(digits[4:6] or 0)
    delta = _dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    if delta >= _dt.timedelta(hours=24):
        raise ValueError(f"UTC offset out of range: {text!r}")
    if not delta:
        return _dt.timezone.utc
    return _dt.timezone(sign * delta)


def str_to_date(date_string: Union[str, _dt.date]) -> _dt.datetime:
    """Parse an API timestamp into a timezone-aware :class:`~datetime.datetime`.

    Accepted forms are ``YYYY-MM-DDTHH:MM:SS`` (a space may replace the ``T``;
    fractional seconds are kept to the microsecond; seconds and the time itself may be
    left out) followed by an optional offset: ``+00:00``, ``+0000``, ``-05:00``,
    ``+05`` or ``Z``.

    A string **without** an offset is taken to be in UTC (the API always answers in
    UTC); the classic SDK failed to parse such strings on Python 3. The offset of the
    string is kept on the result (it is not converted to UTC).

    A :class:`~datetime.datetime` is returned as is when aware, or marked as UTC when
    naive; a :class:`~datetime.date` becomes midnight UTC of that day.

    :param date_string: the timestamp.
    :return: an aware datetime.
    :raises ValueError: if the string is not such a timestamp.
    :raises TypeError: if ``date_string`` is neither text nor a date.
    """
    if isinstance(date_string, _dt.datetime):
        if date_string.utcoffset() is None:
            return date_string.replace(tzinfo=_dt.timezone.utc)
        return date_string
    if isinstance(date_string, _dt.date):
        return _dt.datetime(
            date_string.year, date_string.month, date_string.day, tzinfo=_dt.timezone.utc
        )
    if isinstance(date_string, (bytes, bytearray)):
        date_string = bytes(date_string).decode("ascii", "replace")
    if not isinstance(date_string, str):
        raise TypeError(
            f"str_to_date() expects a str, got {type(date_string).__name__}"
        )
    match = _DATE_RE.match(date_string)
    if match is None:
        raise ValueError(f"not an API timestamp: {date_string!r}")
    parts = match.groupdict()
    fraction = parts["fraction"] or ""
    microsecond = int((fraction + "000000")[:6])
    offset = parts["offset"]
    try:
        tzinfo = _parse_offset(offset) if offset else _dt.timezone.utc
        return _dt.datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            microsecond,
            tzinfo=tzinfo,
        )
    except ValueError as exc:
        raise ValueError(f"not an API timestamp: {date_string!r} ({exc})") from None


def _format_offset(delta: _dt.timedelta) -> str:
    sign = "-" if delta < _dt.timedelta(0) else "+"
    total = abs(int(delta.total_seconds()))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    if seconds:
        text += f":{seconds:02d}"
    return text


def date_to_str(date_obj: _dt.date) -> str:
    """Format a date or datetime the way the API expects.

    * aware datetime: ``YYYY-MM-DDTHH:MM:SS+HH:MM`` (the offset of the datetime, with a
      colon; UTC gives ``+00:00``);
    * naive datetime: ``YYYY-MM-DDTHH:MM:SS``, the classic form without an offset;
    * :class:`~datetime.date`: midnight of that day in the naive form,
      ``YYYY-MM-DDT00:00:00``, as the classic SDK produced.

    Microseconds are dropped.

    :param date_obj: the date or datetime.
    :return: the formatted timestamp.
    :raises TypeError: if ``date_obj`` is not a date.
    """
    if not isinstance(date_obj, _dt.date):
        raise TypeError(
            f"date_to_str() expects a datetime or date, got {type(date_obj).__name__}"
        )
    if isinstance(date_obj, _dt.datetime):
        hour, minute, second = date_obj.hour, date_obj.minute, date_obj.second
        offset = date_obj.utcoffset()
    else:
        hour = minute = second = 0
        offset = None
    text = (
        f"{date_obj.year:04d}-{date_obj.month:02d}-{date_obj.day:02d}"
        f"T{hour:02d}:{minute:02d}:{second:02d}"
    )
    if offset is not None:
        text += _format_offset(offset)
    return text
