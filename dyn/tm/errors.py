"""Traffic Management errors.

The classic classes stay (``DynectAuthError``, ``DynectCreateError``, ``DynectGetError``,
``DynectUpdateError``, ``DynectDeleteError``, ``DynectInvalidArgumentError``,
``DynectQueryTimeout``): a failed call raises the class of its action, chosen by HTTP
method as before. On top, *cause* classes say why:

- ``DynectNotFoundError``: the server answered ``NOT_FOUND``.
- ``DynectAlreadyExistsError``: the server answered ``TARGET_EXISTS``.
- ``DynectRateLimitError``: rate limited (``RATE_LIMIT_EXCEEDED`` or HTTP 429), retries spent.
- ``DynectBlockedError``: "Operation blocked by current task", retries spent.
- ``DynectConnectionError``: no HTTP answer (also an :class:`OSError`).
- ``DynectResponseError``: an answer that is not the API's JSON envelope (also a :class:`ValueError`).
- ``DynectNoSessionError``: no active session in this thread (also an :class:`AttributeError`).

The error actually raised derives from both, e.g. :class:`DynectNotFoundGetError` is a
``DynectGetError`` and a ``DynectNotFoundError``, so old and new ``except`` clauses
work. Every error carries ``msgs``, ``ERR_CD``, ``job_id`` and ``http_status``.
"""
from typing import Any, Optional

from dyn.errors import APIError, InvalidArgumentError

__all__ = ["DynectAuthError", "DynectInvalidArgumentError", "DynectCreateError",
           "DynectUpdateError", "DynectGetError", "DynectDeleteError", "DynectQueryTimeout"]


def _join_infos(msgs: Any) -> Any:
    if not isinstance(msgs, list):
        return msgs
    text = "".join("%s. " % (m.get("INFO", "") if isinstance(m, dict) else m) for m in msgs).strip()
    return text or "An unknown error occured."


class DynectError(APIError):
    """Base of every Traffic Management error.

    :param json_response_messages: the server's ``msgs`` list (the message joins their
        ``INFO`` texts) or a plain message.
    :param api_type: optional prefix for the message (classic).
    """

    def __init__(self, json_response_messages: Any = None, api_type: Optional[str] = None, **info: Any):
        message = _join_infos(json_response_messages if json_response_messages is not None else [])
        if api_type:
            message = "%s: %s" % (api_type, message)
        if isinstance(json_response_messages, list):
            info.setdefault("msgs", json_response_messages)
        super().__init__(message, **info)


class DynectAuthError(DynectError):
    """Authentication failed (bad credentials, or an expired token that could not be renewed)."""


class DynectCreateError(DynectError):
    """A POST failed."""


class DynectUpdateError(DynectError):
    """A PUT failed."""


class DynectGetError(DynectError):
    """A GET failed."""


class DynectDeleteError(DynectError):
    """A DELETE failed."""


class DynectQueryTimeout(DynectError):
    """A job did not complete before the deadline; ``job_id`` names it."""


class DynectOutcomeUnknownError(DynectQueryTimeout):
    """A write may or may not have been applied, and the SDK could not find out (the job
    could not be read to its end: session expired, repeated 5xx or connection failures,
    or an ambiguous failure of a non-idempotent call). It was not sent again. ``job_id``
    names the job (None when the server never gave one); check the resource before
    retrying."""


class DynectChangesLostError(DynectError):
    """A re-login lost unpublished zone changes and they could not be re-applied.

    ``lost`` lists the ``(uri, method, args)`` writes that are no longer pending; nothing
    else was sent after the re-login."""

    def __init__(self, message: Any = None, lost: Any = (), **info: Any):
        self.lost = list(lost)
        super().__init__(message, **info)


class DynectInvalidArgumentError(InvalidArgumentError, DynectError):
    """An argument was rejected before any request was sent: ``arg`` names the field,
    ``value`` the rejected value, ``valid_args`` (optional) what is accepted."""


class DynectNotFoundError(DynectError):
    """The resource does not exist (``ERR_CD`` ``NOT_FOUND``)."""


class DynectAlreadyExistsError(DynectError):
    """The resource already exists (``ERR_CD`` ``TARGET_EXISTS``)."""


class DynectRateLimitError(DynectError):
    """Rate limited, and the bounded retries did not get through."""


class DynectBlockedError(DynectError):
    """"Operation blocked by current task", and the bounded retries did not get through."""


class DynectConnectionError(DynectError, ConnectionError):
    """The API host could not be reached, or the connection broke before an answer."""


class DynectResponseError(DynectError, ValueError):
    """The answer was not the API's JSON envelope (empty, HTML, truncated...)."""


class DynectNoSessionError(DynectError, AttributeError):
    """No :class:`~dyn.tm.session.DynectSession` is active in the calling thread."""


#: Action classes, keyed by the HTTP method whose failure they report.
ACTION_BY_METHOD = {"POST": DynectCreateError, "GET": DynectGetError,
                    "PUT": DynectUpdateError, "DELETE": DynectDeleteError}

#: Cause classes that combine with every action class.
CAUSES = (DynectNotFoundError, DynectAlreadyExistsError, DynectRateLimitError,
          DynectBlockedError, DynectConnectionError, DynectResponseError)
ACTIONS = (DynectAuthError, DynectCreateError, DynectGetError, DynectUpdateError, DynectDeleteError)


def _combined_name(cause: type, action: type) -> str:
    return "Dynect%s%sError" % (cause.__name__[6:-5], action.__name__[6:-5])


from dyn.tm.error_classes import *  # noqa: E402,F401,F403 (CAUSES x ACTIONS, generated by dyn._gen)


def error_class(action: type, cause: Optional[type] = None) -> type:
    """The class to raise for a failure of *action* (an action class) due to *cause*."""
    if cause is None or cause is action:
        return action
    return globals()[_combined_name(cause, action)]


ACTION_ERRORS = ACTIONS
ALL = ACTION_ERRORS + (DynectQueryTimeout, DynectOutcomeUnknownError, DynectChangesLostError,
                       DynectInvalidArgumentError)
