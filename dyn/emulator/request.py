"""A read-only view of one WSGI request.

Environ keys read as lower-case attributes (``req.request_method``, ``req.path_info``,
``req.http_auth_token``); derived values (path segments, query, decoded bodies, headers,
auth token) are computed once on first use with :func:`functools.cached_property`.
"""
from __future__ import annotations

import json
import urllib.parse
from functools import cached_property
from typing import Any, Dict, List, Optional, Union

__all__ = ["Request", "BodyError", "BodyTooLarge", "BodyUnreadable", "DEFAULT_MAX_BODY_BYTES",
           "MAX_JSON_DEPTH"]

DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
"""Largest request body accepted unless configured otherwise (4 MiB)."""

# Bodies a little over the limit are still read (and thrown away) so that the client,
# which sends the whole body before reading, gets the 413 answer instead of a reset.
_DRAIN_LIMIT = 64 * 1024 * 1024
_CHUNK = 64 * 1024

MAX_JSON_DEPTH = 100
"""Deepest nesting of JSON arrays and objects accepted in a body."""

ArgValue = Union[str, List[str]]


class BodyError(ValueError):
    """The request body cannot be used.

    :param field: the name reported to the client (``body`` for the body as a whole).
    :param problem: what is wrong, in a short sentence.
    """

    status = 400

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class BodyTooLarge(BodyError):
    """The request body exceeds the configured size limit (HTTP 413)."""

    status = 413


class BodyUnreadable(BodyError):
    """The body cannot be read or decoded at all (broken chunking, JSON nested too deep):
    HTTP 400 in both APIs' envelopes."""


def _json_depth_ok(value: Any, limit: int) -> bool:
    """Whether ``value`` nests at most ``limit`` arrays/objects deep (iterative walk)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return True


def _single_values(pairs: Dict[str, List[str]]) -> Dict[str, ArgValue]:
    """Collapse ``parse_qs`` lists: one value -> the value, several -> the list."""
    return {key: values[0] if len(values) == 1 else values for key, values in pairs.items()}


class Request:
    """Wraps a WSGI ``environ``; all attributes are read-only.

    :param environ: the WSGI environment.
    :param max_body_bytes: bodies longer than this raise :class:`BodyTooLarge` when read.
    """

    def __init__(self, environ: Dict[str, Any], max_body_bytes: int = DEFAULT_MAX_BODY_BYTES):
        object.__setattr__(self, "environ", environ)
        object.__setattr__(self, "max_body_bytes", max_body_bytes)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: map to the environ's upper-case key.
        environ = object.__getattribute__(self, "environ")
        key = name.upper()
        if key in environ:
            return environ[key]
        raise AttributeError(f"request has no attribute {name!r} (no {key} in the environ)")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"request attributes are read-only (tried to set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"request attributes are read-only (tried to delete {name!r})")

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.path}>"

    # -- request line -------------------------------------------------------------------

    @cached_property
    def method(self) -> str:
        """The HTTP method, upper-case."""
        return str(self.environ.get("REQUEST_METHOD", "GET")).upper()

    @cached_property
    def path(self) -> str:
        """The decoded path (``PATH_INFO``), ``/`` when empty."""
        raw = self.environ.get("PATH_INFO", "") or "/"
        # PEP 3333: PATH_INFO is latin-1 decoded bytes; re-decode as UTF-8.
        try:
            return raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return raw

    @cached_property
    def segments(self) -> List[str]:
        """The non-empty path segments, so ``//REST/Zone/x/`` gives ``['REST', 'Zone', 'x']``."""
        return [segment for segment in self.path.split("/") if segment]

    @cached_property
    def query(self) -> Dict[str, ArgValue]:
        """The query string parsed: a string per key, or a list when a key repeats."""
        raw = self.environ.get("QUERY_STRING", "")
        return _single_values(urllib.parse.parse_qs(raw, keep_blank_values=True))

    # -- headers -------------------------------------------------------------------------

    @cached_property
    def headers(self) -> Dict[str, str]:
        """Request headers keyed by lower-case name (``content-type``, ``auth-token``)."""
        result = {}
        for key, value in self.environ.items():
            if key.startswith("HTTP_"):
                result[key[5:].replace("_", "-").lower()] = value
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if self.environ.get(key):
                result[key.replace("_", "-").lower()] = self.environ[key]
        return result

    @cached_property
    def content_type(self) -> str:
        """The media type of the body, lower-case, without parameters."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @cached_property
    def auth_token(self) -> Optional[str]:
        """The ``Auth-Token`` header, or None when absent or empty."""
        return self.headers.get("auth-token", "").strip() or None

    @cached_property
    def client_ip(self) -> str:
        """The peer address (``REMOTE_ADDR``)."""
        return str(self.environ.get("REMOTE_ADDR", ""))

    # -- body ----------------------------------------------------------------------------

    @property
    def body(self) -> bytes:
        """The raw body; raises :class:`BodyTooLarge` past ``max_body_bytes``.

        Read from the stream once: a failure is remembered and raised again, so the body
        is never read a second time (e.g. by the request log)."""
        cache = self.__dict__
        if "_body" not in cache:
            try:
                cache["_body"] = self._read_body()
            except BodyError as problem:
                cache["_body"] = problem
            except (ValueError, OSError) as problem:  # a broken stream (bad chunking, reset)
                cache["_body"] = BodyUnreadable("body", f"Unreadable request body ({problem})")
        result = cache["_body"]
        if isinstance(result, BodyError):
            raise result
        return result

    def _read_body(self) -> bytes:
        stream = self.environ.get("wsgi.input")
        limit = self.max_body_bytes
        try:
            length = int(self.environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BodyError("Content-Length", "Not a number") from None
        if stream is None:
            return b""
        if length > limit:
            remaining = length if length <= _DRAIN_LIMIT else 0
            while remaining > 0:
                chunk = stream.read(min(_CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
            raise BodyTooLarge("body", f"Request body exceeds the limit of {limit} bytes")
        if length:
            return stream.read(length)
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            data = stream.read(limit + 1)
            if len(data) > limit:
                raise BodyTooLarge("body", f"Request body exceeds the limit of {limit} bytes")
            return data
        return b""

    @cached_property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BodyError("body", "Body is not valid UTF-8") from None

    @cached_property
    def json(self) -> Dict[str, Any]:
        """The body parsed as a JSON object (``{}`` when empty).

        Raises :class:`BodyError` for malformed JSON or a JSON value that is not an object.
        """
        text = self.text.strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError as error:
            raise BodyError("body", f"Malformed JSON ({error})") from None
        except RecursionError:
            value = None
        if value is None or not _json_depth_ok(value, MAX_JSON_DEPTH):
            if value is None and text == "null":
                raise BodyError("body", "Expected a JSON object, got NoneType")
            raise BodyUnreadable("body", f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if not isinstance(value, dict):
            raise BodyError("body", f"Expected a JSON object, got {type(value).__name__}")
        return value

    @cached_property
    def form(self) -> Dict[str, ArgValue]:
        """The body parsed as ``application/x-www-form-urlencoded``."""
        return _single_values(urllib.parse.parse_qs(self.text, keep_blank_values=True))

    @cached_property
    def args(self) -> Dict[str, Any]:
        """TM arguments: the query string merged with the JSON body (the body wins)."""
        merged: Dict[str, Any] = dict(self.query)
        merged.update(self.json)
        return merged

    @cached_property
    def form_args(self) -> Dict[str, Any]:
        """MM arguments: the query string merged with the body (the body wins).

        The body is read as a form, or as JSON when it is declared or looks like JSON (the
        classic SDK sends ``{}`` with a form content type on GET).
        """
        merged: Dict[str, Any] = dict(self.query)
        text = self.text.strip()
        if self.content_type == "application/json" or text.startswith("{"):
            merged.update(self.json)
        elif text:
            merged.update(self.form)
        return merged
