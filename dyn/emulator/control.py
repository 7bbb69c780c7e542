"""The control endpoints under ``/__emulator__/`` (plain JSON).

Each endpoint maps onto the app's Python control API; see :data:`ENDPOINTS`. Guards
against local web pages (see :func:`guard`): calls that change state need a JSON
content type or the :data:`CONTROL_HEADER` header (a browser cannot send either
cross-origin without a CORS preflight, which the emulator never grants); the ``Host``
header must name the emulator (DNS rebinding); and an optional control token locks
every endpoint but ``health``.
"""
from __future__ import annotations

import hmac
import logging
from typing import TYPE_CHECKING, Any, Callable, Dict

from .envelope import Response, json_response
from .request import BodyError, Request

if TYPE_CHECKING:  # pragma: no cover
    from .app import EmulatorApp

__all__ = ["dispatch", "guard", "ENDPOINTS", "ControlError", "CONTROL_HEADER", "TOKEN_HEADER",
           "LOCAL_HOSTS"]

CONTROL_HEADER = "X-Dyn-Emulator"
"""A custom header (any value) that lets a control call through without a JSON body."""

TOKEN_HEADER = "X-Dyn-Emulator-Token"
"""The header carrying the control token (``Authorization: Bearer <token>`` works too)."""

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names always accepted besides the address the request reached."""

_SAFE_METHODS = frozenset({"GET", "HEAD"})

log = logging.getLogger(__name__)


class ControlError(Exception):
    """A control request that cannot be served: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _text(body: Dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise ControlError(400, f"{name}: a non-empty string is required")
    return value


def _health(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    return {"status": "ok"}


def _reset(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    app.reset()
    return {"status": "ok"}


def _list_accounts(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    with app.state.lock:
        return {"accounts": [{"customer": item["customer"], "username": item["username"]}
                             for item in app.state.accounts.accounts.values()]}


def _add_account(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    customer, username = _text(body, "customer"), _text(body, "username")
    permissions = body.get("permissions")
    if permissions is not None and not (isinstance(permissions, list)
                                        and all(isinstance(item, str) for item in permissions)):
        raise ControlError(400, "permissions: a list of strings is expected")
    app.add_account(customer, username, _text(body, "password"), permissions)
    return {"status": "ok", "customer": customer, "username": username}


def _add_apikey(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    account = app.add_apikey(_text(body, "apikey"))
    return {"status": "ok", "username": account["username"]}


def _get_config(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    return app.config


def _set_config(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    return app.configure(**body)


def _expire_tokens(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    reason = body.get("reason", "expired")
    return {"status": "ok", "expired": app.expire_tokens(reason)}


def _list_faults(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    return {"faults": app.faults}


def _add_fault(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    params = dict(body)
    kind = _text(params, "kind")
    params.pop("kind")
    match = params.pop("match", None)
    times = params.pop("times", 1)
    nested = params.pop("params", None)
    if isinstance(nested, dict):
        params.update(nested)
    return app.add_fault(kind, match, times, **params)


def _clear_faults(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    app.clear_faults()
    return {"status": "ok"}


def _list_requests(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    return {"requests": app.requests}


def _clear_requests(app: "EmulatorApp", body: Dict[str, Any]) -> Any:
    app.clear_requests()
    return {"status": "ok"}


Handler = Callable[["EmulatorApp", Dict[str, Any]], Any]

ENDPOINTS: Dict[str, Dict[str, Handler]] = {
    "health": {"GET": _health},
    "reset": {"POST": _reset},
    "accounts": {"GET": _list_accounts, "POST": _add_account},
    "apikeys": {"POST": _add_apikey},
    "config": {"GET": _get_config, "PUT": _set_config, "PATCH": _set_config, "POST": _set_config},
    "tokens/expire": {"POST": _expire_tokens},
    "faults": {"GET": _list_faults, "POST": _add_fault, "DELETE": _clear_faults},
    "requests": {"GET": _list_requests, "DELETE": _clear_requests},
}
"""Control endpoints: path below ``/__emulator__/`` -> HTTP method -> handler."""


def _host_name(value: str) -> str:
    """The name part of a ``Host`` header (``[::1]:80`` -> ``::1``), lower-case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


def guard(app: "EmulatorApp", request: Request, path: str) -> None:
    """Refuse a control request from a foreign ``Host``, without the control token, or
    changing state without a JSON content type or :data:`CONTROL_HEADER`."""
    host = request.headers.get("host")
    allowed = app.allow_hosts
    if host is not None and "*" not in allowed:
        name = _host_name(host)
        if name not in LOCAL_HOSTS and name not in allowed and name != str(
                request.environ.get("SERVER_NAME", "")).lower():
            raise ControlError(403, f"Host {host!r} is not this emulator's address; "
                                    "start it with --allow-host to accept it")
    token = app.control_token
    if token is not None and path != "health":
        given = request.headers.get(TOKEN_HEADER.lower())
        bearer = request.headers.get("authorization", "")
        if given is None and bearer.lower().startswith("bearer "):
            given = bearer[7:].strip()
        if given is None or not hmac.compare_digest(given.encode("utf-8", "replace"),
                                                    token.encode("utf-8")):
            raise ControlError(401, f"control token required (header {TOKEN_HEADER})")
    if request.method not in _SAFE_METHODS and TOKEN_HEADER.lower() not in request.headers \
            and CONTROL_HEADER.lower() not in request.headers \
            and not (request.content_type == "application/json" or request.content_type.endswith("+json")):
        raise ControlError(415, "control calls that change state need Content-Type: application/json "
                                f"or a {CONTROL_HEADER} header")


def dispatch(app: "EmulatorApp", request: Request, path: str) -> Response:
    """Serve one control request."""
    try:
        guard(app, request, path.strip("/").lower())
        methods = ENDPOINTS.get(path.strip("/").lower())
        if methods is None:
            raise ControlError(404, f"unknown control endpoint /__emulator__/{path}")
        handler = methods.get(request.method)
        if handler is None:
            allowed = ", ".join(sorted(methods))
            raise ControlError(405, f"{request.method} not allowed here; use {allowed}")
        try:
            body = request.json
        except BodyError as problem:
            raise ControlError(problem.status, str(problem)) from None
        return json_response(200, handler(app, body))
    except ControlError as failure:
        return json_response(failure.status, {"error": failure.message})
    except (TypeError, ValueError, KeyError) as problem:
        return json_response(400, {"error": str(problem).strip("'\"")})
    except Exception:
        log.exception("error in control endpoint %s %s", request.method, request.path)
        return json_response(500, {"error": "internal error in the emulator"})
