"""pytest plugin: a local Dyn API emulator for tests.

Installed with the ``dyn`` package (entry point ``pytest11: dyn_emulator``), so the
fixtures below are available in any test suite once ``dyn`` is installed (with the
``emulator`` extra for zone files)::

    from dyn.tm.session import DynectSession

    def test_login(dyn_emulator):
        session = DynectSession(*dyn_emulator.demo_account, **dyn_emulator.session_kwargs)
        ...

    def test_send(dyn_emulator):
        from dyn.mm.session import MMSession
        MMSession(dyn_emulator.demo_apikey, **dyn_emulator.session_kwargs)

The emulator module is imported only when a fixture is used, so merely installing the
plugin costs nothing.
"""
from __future__ import annotations

import http.client
import json
import typing
import urllib.parse

import pytest

if typing.TYPE_CHECKING:  # pragma: no cover
    from dyn.emulator import Emulator

__all__ = ["dyn_emulator", "dyn_emulator_server", "dyn_emulator_options", "RawClient"]


@pytest.fixture(scope="session")
def dyn_emulator_options() -> typing.Dict[str, typing.Any]:
    """Keyword arguments of the session's :class:`~dyn.emulator.Emulator` (none by
    default). Override it in a ``conftest.py`` to configure the server, e.g.
    ``return {"control_token": "s3cret"}``."""
    return {}


@pytest.fixture(scope="session")
def dyn_emulator_server(dyn_emulator_options: typing.Dict[str, typing.Any]) -> typing.Iterator["Emulator"]:
    """One emulator server for the whole test session (HTTP on 127.0.0.1, free port).

    Prefer :func:`dyn_emulator`, which resets the state before each test. Use this one
    directly only when a test deliberately shares state with others.
    """
    from dyn.emulator import Emulator

    emulator = Emulator(port=0, **dyn_emulator_options)
    emulator.start()
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def dyn_emulator(dyn_emulator_server: "Emulator") -> "Emulator":
    """The session's emulator, reset to its seeded state (demo account and API key, no
    tokens, no faults, default configuration, empty request log) before the test.

    Connect the SDK to it with::

        DynectSession(*dyn_emulator.demo_account, **dyn_emulator.session_kwargs)
        MMSession(dyn_emulator.demo_apikey, **dyn_emulator.session_kwargs)

    and steer it with its control methods, e.g. ``dyn_emulator.add_fault("job", polls=2)``,
    ``dyn_emulator.configure(token_lifetime=1)`` or ``dyn_emulator.expire_tokens()``;
    ``dyn_emulator.requests`` lists the wire calls made (secrets masked).
    """
    dyn_emulator_server.reset()
    return dyn_emulator_server


class RawClient:
    """A tiny wire-level client (one keep-alive :mod:`http.client` connection) for tests
    that assert exact bodies, status codes and headers without going through the SDK.

    :param url: base URL of the emulator, e.g. ``emulator.url``.
    :param control_token: sent (header ``X-Dyn-Emulator-Token``) with ``/__emulator__/``
        requests, for an emulator started with a control token.
    """

    def __init__(self, url: str, timeout: float = 10.0, control_token: typing.Optional[str] = None) -> None:
        self.control_token = control_token
        parts = urllib.parse.urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.token: typing.Optional[str] = None
        self._conn: typing.Optional[http.client.HTTPConnection] = None

    @property
    def connection(self) -> http.client.HTTPConnection:
        """The persistent connection, opened on first use."""
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        """Close the connection."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "RawClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        body: typing.Union[None, bytes, str, dict, list] = None,
        headers: typing.Optional[dict] = None,
    ) -> typing.Tuple[int, typing.Dict[str, str], bytes]:
        """Send one request; return ``(status, headers with lower-case names, body)``.

        A dict or list body is sent as JSON. The connection is reopened after the server
        closed it.
        """
        all_headers = {"Content-Type": "application/json"}
        if self.control_token is not None and path.startswith("/__emulator__/"):
            all_headers["X-Dyn-Emulator-Token"] = self.control_token
        all_headers.update(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            response = self.connection.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.close()
            raise
        result_headers = {name.lower(): value for name, value in response.getheaders()}
        if response.will_close:
            self.close()
        return response.status, result_headers, data

    def tm(
        self,
        method: str,
        path: str,
        args: typing.Union[None, dict, list, str, bytes] = None,
        token: typing.Optional[str] = None,
        headers: typing.Optional[dict] = None,
    ) -> typing.Tuple[int, typing.Any]:
        """Call the TM API (``path`` relative to ``/REST``, e.g. ``"Session/"``) with the
        held or given token; return ``(HTTP status, decoded JSON body)``."""
        all_headers = dict(headers or {})
        token = token if token is not None else self.token
        if token is not None:
            all_headers["Auth-Token"] = token
        full = path if path.startswith("/") else "/REST/" + path
        status, _headers, data = self.request(method, full, args, all_headers)
        return status, json.loads(data) if data else None

    def login(self, customer: str, user: str, password: str) -> str:
        """Log in, keep and return the token (raises AssertionError on failure)."""
        status, body = self.tm(
            "POST", "Session/", {"customer_name": customer, "user_name": user, "password": password}
        )
        assert status == 200 and body["status"] == "success", body
        self.token = body["data"]["token"]
        return self.token

    def mm(
        self, method: str, path: str, params: typing.Optional[dict] = None
    ) -> typing.Tuple[int, typing.Any]:
        """Call the MM API (``path`` relative to ``/rest/json/``); GET sends ``params`` in
        the query string, POST as a form body. Returns ``(HTTP status, decoded JSON)``."""
        query = urllib.parse.urlencode(params or {}, doseq=True)
        full = "/rest/json/" + path.lstrip("/")
        if method.upper() == "GET":
            status, _headers, data = self.request(method, full + ("?" + query if query else ""))
        else:
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            status, _headers, data = self.request(method, full, query, form)
        return status, json.loads(data)
