"""The control endpoints under ``/__emulator__/`` (plain JSON, never authenticated).

Each endpoint maps onto the app's Python control API; see :data:`ENDPOINTS`.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, Dict

from .envelope import Response, json_response
from .request import BodyError, Request

if TYPE_CHECKING:  # pragma: no cover
    from .app import EmulatorApp

__all__ = ["dispatch", "ENDPOINTS", "ControlError"]

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


def dispatch(app: "EmulatorApp", request: Request, path: str) -> Response:
    """Serve one control request."""
    try:
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
