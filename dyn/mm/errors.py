"""Message Management errors.

The classic classes stay; the status code of the MM envelope picks the class:

====== =================================== ====================================
status  message                             class
====== =================================== ====================================
451     Missing or Invalid API Key          :class:`EmailKeyError`
452     Missing or Invalid Required Fields  :class:`EmailInvalidArgumentError`
453     Object Already Exists               :class:`EmailObjectError`
454     Feature Not Enabled                 :class:`EmailFeatureNotEnabledError`
404     Not Found                           :class:`EmailNotFoundError`
other   (any non-200)                       :class:`EmailError` (the classic SDK returned None)
====== =================================== ====================================

Every error carries ``status`` (the envelope's code), ``http_status``, ``data`` (the
reasons the server listed, if any) and a readable ``str()``.
"""
from typing import Any, Optional

from dyn.errors import APIError, InvalidArgumentError

__all__ = ["EmailKeyError", "DynInvalidArgumentError", "EmailInvalidArgumentError", "EmailObjectError",
           "NoSuchAccountError"]


class EmailError(APIError):
    """Base of every Message Management error.

    :param reason: the server's message (or a description of the failure).
    """

    def __init__(self, reason: Any = "", *, status: Optional[int] = None, data: Any = None, **info: Any):
        self.reason = reason
        self.status = status
        self.data = data
        super().__init__(reason, **info)

    def _text(self) -> str:
        text = super()._text()
        details = self.data if isinstance(self.data, list) else None
        if details:
            text = "%s: %s" % (text, " ".join(str(d) for d in details))
        if self.status is not None:
            text = "%s (status %s)" % (text, self.status)
        return text


class EmailKeyError(EmailError):
    """The API key is missing or invalid (451)."""


class EmailInvalidArgumentError(EmailError):
    """A required field is missing or invalid (452)."""


class EmailObjectError(EmailError):
    """The object already exists (453)."""


class EmailFeatureNotEnabledError(EmailError):
    """The feature is not enabled for this account (454)."""


class EmailNotFoundError(EmailError):
    """Unknown method or object (404)."""


class EmailConnectionError(EmailError, ConnectionError):
    """The API host could not be reached, or the connection broke before an answer."""


class EmailNoSessionError(EmailError, AttributeError):
    """No :class:`~dyn.mm.session.MMSession` is active in the calling thread."""


class NoSuchAccountError(EmailError):
    """No account matches."""


class DynInvalidArgumentError(InvalidArgumentError, EmailError):
    """An argument was rejected before any request was sent: ``arg`` names the field,
    ``value`` the rejected value, ``valid_args`` (optional) what is accepted."""


#: Error class by envelope status code.
ERROR_BY_STATUS = {451: EmailKeyError, 452: EmailInvalidArgumentError, 453: EmailObjectError,
                   454: EmailFeatureNotEnabledError, 404: EmailNotFoundError}
