"""Response envelopes of both APIs, the exact message texts, and the error handlers raise.

TM bodies are ``{"status", "data", "job_id", "msgs"}`` with message objects
``{"INFO", "SOURCE", "ERR_CD", "LVL"}``; MM bodies are
``{"response": {"status", "message", "data"}}``. Texts marked *guess* in the comments
are not from a captured response; ``docs/emulator.rst`` lists them.
"""
from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, Union

__all__ = [
    "Message", "MessageLike", "info", "error", "Result", "Response", "APIError", "MMError",
    "tm_body", "mm_body", "json_response", "text_response", "reason_phrase",
    "bad_credentials", "expired_token", "EXPIRY_REASONS", "invalid_field", "not_found",
    "unknown_resource", "unsupported_method", "blocked_task", "session_busy", "rate_limited",
    "internal_error", "incomplete_body", "MM_MESSAGES", "API_VERSION",
]

API_VERSION = "3.7.9"
"""Server version returned at login (as in the recorded live responses)."""


class Message(NamedTuple):
    """One TM message: ``(INFO, ERR_CD, LVL, SOURCE)``."""

    info: str
    err_cd: Optional[str] = None
    lvl: str = "INFO"
    source: str = "BLL"

    def to_dict(self) -> Dict[str, Any]:
        """The wire form, keys in the order of the live API."""
        return {"INFO": self.info, "SOURCE": self.source, "ERR_CD": self.err_cd, "LVL": self.lvl}


MessageLike = Union[Message, str, Tuple[Any, ...]]


def info(text: str, source: str = "BLL") -> Message:
    """An informational message (``LVL: INFO``, no ``ERR_CD``)."""
    return Message(text, None, "INFO", source)


def error(text: str, err_cd: str, source: str = "BLL") -> Message:
    """An error message (``LVL: ERROR``) carrying ``err_cd``."""
    return Message(text, err_cd, "ERROR", source)


def _message(item: MessageLike) -> Message:
    if isinstance(item, Message):
        return item
    if isinstance(item, str):
        return info(item)
    return Message(*item)


def tm_body(status: str, data: Any, job_id: int, msgs: Iterable[MessageLike] = ()) -> Dict[str, Any]:
    """A TM envelope."""
    return {
        "status": status,
        "data": data,
        "job_id": job_id,
        "msgs": [_message(item).to_dict() for item in msgs],
    }


def incomplete_body(job_id: int) -> Dict[str, Any]:
    """The body of a job that is still running (no ``msgs`` key, as captured)."""
    return {"status": "incomplete", "data": None, "job_id": job_id}


class Result:
    """What a TM handler returns on success.

    :param data: the ``data`` member.
    :param msgs: INFO texts or :class:`Message` objects.
    :param status: envelope status (``success`` normally).
    :param http_status: the HTTP status code.
    """

    __slots__ = ("data", "msgs", "status", "http_status", "headers")

    def __init__(self, data: Any = None, msgs: Sequence[MessageLike] = (), status: str = "success",
                 http_status: int = 200, headers: Optional[List[Tuple[str, str]]] = None) -> None:
        self.data = {} if data is None else data
        self.msgs = [_message(item) for item in msgs]
        self.status = status
        self.http_status = http_status
        self.headers = list(headers or [])

    def body(self, job_id: int) -> Dict[str, Any]:
        """The envelope for ``job_id``."""
        return tm_body(self.status, self.data, job_id, self.msgs)


class APIError(Exception):
    """Raised by TM handlers to answer with a failure envelope.

    :param err_cd: the main error code (the first ERROR message's ``ERR_CD``).
    :param msgs: the messages, as :class:`Message` objects or ``(INFO, ERR_CD, LVL,
        SOURCE)`` tuples.
    :param http_status: the HTTP status code.
    :param status: envelope status (``failure``).
    :param data: the ``data`` member (``{}``).
    :param headers: extra response headers, e.g. ``Retry-After``.
    """

    def __init__(self, err_cd: Optional[str], msgs: Sequence[MessageLike], http_status: int = 400,
                 status: str = "failure", data: Any = None,
                 headers: Optional[List[Tuple[str, str]]] = None) -> None:
        self.err_cd = err_cd
        self.msgs = [_message(item) for item in msgs]
        self.http_status = http_status
        self.status = status
        self.data = {} if data is None else data
        self.headers = list(headers or [])
        super().__init__("; ".join(message.info for message in self.msgs) or err_cd or "failure")

    def body(self, job_id: int) -> Dict[str, Any]:
        """The envelope for ``job_id``."""
        return tm_body(self.status, self.data, job_id, self.msgs)


# -- exact texts ----------------------------------------------------------------------------

def bad_credentials() -> APIError:
    """Login with a wrong customer, user or password (protocol.md 1.5, real)."""
    return APIError("INVALID_DATA", [
        error("login: Credentials you entered did not match those in our database. Please try again",
              "INVALID_DATA"),
        info("login: Login failed"),
    ])


EXPIRY_REASONS: Dict[str, str] = {
    "expired": "login: Bad or expired credentials",
    "inactivity": "login: inactivity logout",
    "ip": "login: IP address does not match current session",
}
"""First INFO text per reason a token stops working (all real)."""


def expired_token(reason: str = "expired") -> APIError:
    """A bad, unknown, logged-out or expired token (protocol.md 2.2, real)."""
    return APIError("INVALID_DATA", [
        error(EXPIRY_REASONS[reason], "INVALID_DATA"),
        info("login: There was a problem with your credentials"),
    ])


def invalid_field(field: str, problem: str, operation: str, summary: str,
                  http_status: int = 400, source: str = "BLL") -> APIError:
    """Input validation failure: ``<field>: <problem>`` then ``<operation>: <summary>``
    (pattern of the real ``master: IP address expected`` body)."""
    return APIError("INVALID_DATA", [
        error(f"{field}: {problem}", "INVALID_DATA", source),
        info(f"{operation}: {summary}", source),
    ], http_status=http_status)


def not_found(context: str, problem: str, operation: Optional[str] = None,
              summary: Optional[str] = None, source: str = "BLL") -> APIError:
    """HTTP 404, ``NOT_FOUND`` (``zone: No such zone`` style), optionally a second INFO."""
    msgs = [error(f"{context}: {problem}", "NOT_FOUND", source)]
    if operation:
        msgs.append(info(f"{operation}: {summary}", source))
    return APIError("NOT_FOUND", msgs, http_status=404)


def unknown_resource(name: str) -> APIError:
    """No TM resource of that name (guess: HTTP 404, ``INVALID_REQUEST``)."""
    return APIError("INVALID_REQUEST", [
        error(f"request: Unknown resource {name}", "INVALID_REQUEST", "API-B"),
    ], http_status=404)


def unsupported_method(method: str, allowed: Iterable[str] = ()) -> APIError:
    """Known resource, unsupported HTTP method (text from a client, HTTP 405 a guess)."""
    allow = ", ".join(sorted(allowed))
    return APIError("INVALID_REQUEST", [
        error(f"request: Resource does not support {method} requests", "INVALID_REQUEST", "API-B"),
    ], http_status=405, headers=[("Allow", allow)] if allow else None)


def blocked_task(task_id: Union[int, str] = 39120953, task_name: str = "ProvisionZone") -> APIError:
    """Operation blocked by a running task (protocol.md 4.3, real)."""
    return APIError("ILLEGAL_OPERATION", [
        error("zone: Operation blocked by current task", "ILLEGAL_OPERATION"),
        info(f"task_name: {task_name}"),
        info(f"task_id: {task_id}"),
    ])


def session_busy() -> APIError:
    """A token that already runs a job (protocol.md 2.4; status failure + HTTP 400 chosen)."""
    return APIError("OPERATION_FAILED", [
        error("token: This session already has a job running", "OPERATION_FAILED", "API-B"),
    ])


def rate_limited(retry_after: int) -> APIError:
    """Too many requests (HTTP 429 + ``Retry-After``; texts are guesses)."""
    return APIError("RATE_LIMIT_EXCEEDED", [
        error("rate_limit: API rate limit exceeded", "RATE_LIMIT_EXCEEDED"),
        info(f"request: Too many requests, retry in {retry_after} seconds"),
    ], http_status=429, headers=[("Retry-After", str(retry_after))])


def internal_error() -> APIError:
    """An unexpected exception in the emulator (guess: HTTP 500, ``INTERNAL_ERROR``)."""
    return APIError("INTERNAL_ERROR", [
        error("request: Internal error in the emulator", "INTERNAL_ERROR", "API-B"),
        info("request: Request not processed", "API-B"),
    ], http_status=500)


# -- MM ------------------------------------------------------------------------------------

MM_MESSAGES: Dict[int, str] = {
    200: "OK",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Request Entity Too Large",
    451: "Missing or Invalid API Key",
    452: "Missing or Invalid Required Fields",
    453: "Object Already Exists",
    454: "Feature Not Enabled",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
"""The ``message`` text per MM status code (454's exact text is unknown)."""


def mm_body(status: int, data: Any = None, message: Optional[str] = None) -> Dict[str, Any]:
    """An MM envelope; ``message`` defaults to the standard text of ``status``."""
    return {"response": {
        "status": status,
        "message": message if message is not None else MM_MESSAGES.get(status, reason_phrase(status)),
        "data": {} if data is None else data,
    }}


class MMError(Exception):
    """Raised by MM handlers to answer with a non-200 MM envelope.

    :param status: the MM status (also the HTTP status), e.g. 452.
    :param data: the ``data`` member (e.g. a list of reasons for 452).
    :param message: overrides the standard message text.
    """

    def __init__(self, status: int, data: Any = None, message: Optional[str] = None) -> None:
        self.status = status
        self.data = data
        self.message = message if message is not None else MM_MESSAGES.get(status, reason_phrase(status))
        super().__init__(f"{status} {self.message}")

    def body(self) -> Dict[str, Any]:
        """The envelope."""
        return mm_body(self.status, self.data, self.message)


# -- HTTP responses ---------------------------------------------------------------------------

def reason_phrase(status: int) -> str:
    """The standard reason phrase of an HTTP status (``Unknown`` for odd codes)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return MM_MESSAGES.get(status, "Unknown")


class Response:
    """A complete HTTP answer, ready for WSGI.

    :param status: HTTP status code.
    :param body: the body bytes.
    :param headers: ``(name, value)`` pairs (Content-Length is added).
    :param reason: the reason phrase (standard phrase by default).
    :param payload: the decoded JSON body, kept for the request log and the job store.
    """

    __slots__ = ("status", "body", "headers", "reason", "payload")

    def __init__(self, status: int, body: bytes, headers: Sequence[Tuple[str, str]] = (),
                 reason: Optional[str] = None, payload: Any = None) -> None:
        self.status = status
        self.body = body
        self.headers = list(headers)
        self.reason = reason or reason_phrase(status)
        self.payload = payload

    @property
    def status_line(self) -> str:
        """``"200 OK"`` style WSGI status."""
        return f"{self.status} {self.reason}"

    def wsgi_headers(self) -> List[Tuple[str, str]]:
        """Headers including ``Content-Length``."""
        return self.headers + [("Content-Length", str(len(self.body)))]


def json_response(status: int, payload: Any, headers: Sequence[Tuple[str, str]] = (),
                  reason: Optional[str] = None) -> Response:
    """A JSON answer."""
    body = json.dumps(payload).encode("utf-8")
    return Response(status, body, [("Content-Type", "application/json")] + list(headers), reason, payload)


def text_response(status: int, text: str, content_type: str = "text/plain; charset=utf-8",
                  headers: Sequence[Tuple[str, str]] = ()) -> Response:
    """A plain-text (or other non-JSON) answer."""
    return Response(status, text.encode("utf-8"), [("Content-Type", content_type)] + list(headers))
