"""The base of every error the API can answer with, shared by TM and MM.

:class:`APIError` carries what the server said (``msgs``, ``ERR_CD``, ``job_id``, the
HTTP status) and what was asked (``method``, ``uri``); it never carries request
arguments, so secrets cannot leak through an exception. Traffic Management errors
(:mod:`dyn.tm.errors`) and Message Management errors (:mod:`dyn.mm.errors`) derive
from it, so ``except dyn.errors.APIError`` catches both.
"""
from typing import Any, Dict, List, Optional

__all__ = ["APIError", "InvalidArgumentError", "combined_error"]


class APIError(Exception):
    """An error raised for an API call.

    :ivar message: the readable message (also ``str(error)``).
    :ivar msgs: the server's message objects (``INFO``, ``ERR_CD``, ``LVL``, ``SOURCE``).
    :ivar ERR_CD: the first error code the server gave, or None.
    :ivar job_id: the job id of the failed call, or None.
    :ivar http_status: the HTTP status of the answer, or None (no answer).
    :ivar method: the HTTP method of the call, or None.
    :ivar uri: the URI of the call, or None.
    """

    def __init__(self, message: Any = "", *, msgs: Optional[List[Dict[str, Any]]] = None,
                 job_id: Optional[int] = None, http_status: Optional[int] = None,
                 method: Optional[str] = None, uri: Optional[str] = None):
        self.message = message
        self.msgs = list(msgs or [])
        self.job_id = job_id
        self.http_status = http_status
        self.method = method
        self.uri = uri
        super().__init__(self._text())

    @property
    def ERR_CD(self) -> Optional[str]:  # noqa: N802 (the API's own name)
        """First non-empty ``ERR_CD`` among :attr:`msgs`."""
        for msg in self.msgs:
            if isinstance(msg, dict) and msg.get("ERR_CD"):
                return msg["ERR_CD"]
        return None

    def _text(self) -> str:
        message = self.message
        if isinstance(message, str):
            return message
        if not message:
            return "An unknown error occurred."
        return repr(message)

    def __str__(self) -> str:
        return self._text()

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self._text())

    def __reduce__(self):
        state = dict(self.__dict__)
        return (_rebuild, (type(self), state))


class InvalidArgumentError(APIError):
    """An argument was rejected before any request was sent (shared by TM and MM).

    :param arg: the argument (field) name.
    :param value: the rejected value.
    :param valid_args: optional description of what is accepted.
    :param problem: optional short text saying what is wrong (``"IP address expected"``).
    """

    def __init__(self, arg: str, value: Any, valid_args: Any = None, problem: Optional[str] = None):
        self.arg = arg
        self.value = value
        self.valid_args = valid_args
        self.problem = problem
        message = "Invalid argument (%s, %r)" % (arg, value)
        if problem:
            message += ": %s" % problem
        if valid_args is not None:
            message += " :: valid values are: %s" % (valid_args,)
        super().__init__(message)


def _rebuild(cls, state):
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


def combined_error(module_globals: Dict[str, Any], name: str, *bases: type, doc: str = "") -> type:
    """Create (once) an error class deriving from *bases*, stored in *module_globals*.

    Used to build the cause x action classes (e.g. a class that is both
    ``DynectGetError`` and ``DynectNotFoundError``) from tables instead of by hand, and
    to keep them importable and picklable by name.
    """
    cls = module_globals.get(name)
    if cls is None:
        cls = type(name, bases, {"__doc__": doc or " and ".join(b.__name__ for b in bases) + ".",
                                 "__module__": module_globals["__name__"]})
        module_globals[name] = cls
    return cls
