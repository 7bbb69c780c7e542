"""Test helpers: a scripted transport (the HTTP boundary) and envelope builders."""
import json
import threading
from typing import Any, List, Optional

from dyn.transport import Response, Transport


class ScriptedTransport(Transport):
    """Answers each request with the next scripted item (a Response, or an exception to raise)
    and records what was sent as ``(method, path, decoded body, headers)``."""

    def __init__(self, *responses: Any):
        super().__init__("api.example.invalid", 443, True)
        self.responses: List[Any] = list(responses)
        self.sent: List[tuple] = []
        self.closed = 0
        self._lock = threading.Lock()

    def add(self, *responses: Any) -> "ScriptedTransport":
        self.responses.extend(responses)
        return self

    def request(self, method, path, body, headers):
        with self._lock:
            decoded = None
            if body:
                try:
                    decoded = json.loads(body)
                except ValueError:
                    decoded = body.decode()
            self.sent.append((method, path, decoded, dict(headers)))
            if not self.responses:
                raise AssertionError("unexpected request %s %s" % (method, path))
            item = self.responses.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self):
        self.closed += 1

    @property
    def calls(self):
        """``(method, path, body)`` of every request sent."""
        return [(m, p, b) for m, p, b, _ in self.sent]


def tm(status: str = "success", data: Any = None, msgs: Optional[list] = None, job_id: int = 1,
       http: int = 200, headers: Optional[dict] = None) -> Response:
    """A TM envelope response."""
    body = {"status": status, "data": {} if data is None and status != "incomplete" else data,
            "job_id": job_id, "msgs": msgs or []}
    return Response(http, headers or {"Content-Type": "application/json"}, json.dumps(body).encode())


def msg(info: str, err_cd: Optional[str] = None, lvl: str = "INFO", source: str = "BLL") -> dict:
    return {"INFO": info, "ERR_CD": err_cd, "LVL": lvl, "SOURCE": source}


def login_ok(token: str = "TOKEN-1") -> Response:
    return tm(data={"token": token, "version": "3.7.9"}, msgs=[msg("login: Login successful")])


EXPIRED = [msg("login: Bad or expired credentials", "INVALID_DATA", "ERROR"),
           msg("login: There was a problem with your credentials")]
BAD_PASSWORD = [msg("login: Credentials you entered did not match those in our database. Please try again",
                    "INVALID_DATA", "ERROR"), msg("login: Login failed")]
BLOCKED = [msg("zone: Operation blocked by current task", "ILLEGAL_OPERATION", "ERROR"),
           msg("task_name: ProvisionZone"), msg("task_id: 39120953")]


def mm(status: int = 200, message: str = "OK", data: Any = None, http: Optional[int] = None) -> Response:
    """An MM envelope response."""
    body = {"response": {"status": status, "message": message, "data": {} if data is None else data}}
    return Response(http or status, {"Content-Type": "application/json"}, json.dumps(body).encode())


def reply_msg(text: str, err: Optional[str] = None, source: str = "BLL") -> dict:
    """A TM message as the emulator answers it (``LVL`` ERROR when ``err`` is set)."""
    return {"INFO": text, "SOURCE": source, "ERR_CD": err, "LVL": "ERROR" if err else "INFO"}


class Clock:
    """A settable clock to replace the emulator state's ``clock``."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


LOGIN = {"status": "success", "data": {"token": "T", "version": "3.7.9"}, "job_id": 1, "msgs": []}
"""A login answer as ``SessionEngine.execute`` returns it (compat tests)."""


def env(data: Any = None) -> dict:
    """A success envelope around ``data`` as ``SessionEngine.execute`` returns it."""
    return {"status": "success", "data": {} if data is None else data, "job_id": 2, "msgs": []}


def refused_before_sending(emulator: Any, error: type, call: Any) -> BaseException:
    """Run ``call``; assert it raises ``error`` and that no request reached ``emulator``.
    Return the error (for assertions on ``arg``, ``value``...)."""
    import pytest

    emulator.clear_requests()
    with pytest.raises(error) as caught:
        call()
    assert emulator.requests == []
    return caught.value
