"""Message Management session: :class:`MMSession`.

There is no login: every call carries the account's API key. GET arguments go in the
query string, POST arguments in a form-encoded body, and answers come in the
``{"response": {"status", "message", "data"}}`` envelope; a call returns ``data``.
One MM session per thread, found by the :mod:`dyn.mm` modules::

    >>> from dyn.mm.session import MMSession
    >>> MMSession('my-api-key')
"""
import datetime
import json
import logging
from typing import Any, Optional
from urllib.parse import urlencode

from dyn.compat import date_to_str
from dyn.core import FAILURE, OK, UNAVAILABLE, Reply, SessionEngine
from dyn.encrypt import Secret
from dyn.mm.errors import ERROR_BY_STATUS, EmailConnectionError, EmailError, EmailNoSessionError
from dyn.transport import Response

__all__ = ["MMSession"]

log = logging.getLogger(__name__)


class MMSession(SessionEngine):
    """A Message Management session for one API key.

    :param apikey: the account's API key (never logged or shown).
    :param host: API host.
    :param port: API port.
    :param ssl: use HTTPS.
    :param proxy_host: HTTP proxy host.
    :param proxy_port: HTTP proxy port.
    :param proxy_user: proxy user.
    :param proxy_pass: proxy password.
    :param kwargs: ``history``, ``timeout``, ``verify``, ``transport``, ``policy``; see
        :class:`~dyn.core.SessionEngine`.
    """

    __metakey__ = "a577c742-6dce-49ae-9b1f-dce6477fa646"
    _valid_methods = ("GET", "POST")
    uri_root = "/rest/json"
    _connection_error_class = EmailConnectionError
    _no_session_error_class = EmailNoSessionError

    def __init__(self, apikey: str, host: str = "emailapi.dynect.net", port: int = 443, ssl: bool = True,
                 proxy_host: Optional[str] = None, proxy_port: Optional[int] = None,
                 proxy_user: Optional[str] = None, proxy_pass: Optional[str] = None, history: bool = False,
                 **kwargs: Any):
        super().__init__(host, port, ssl, history=history, proxy_host=proxy_host, proxy_port=proxy_port,
                         proxy_user=proxy_user, proxy_pass=proxy_pass, **kwargs)
        self.apikey = apikey if isinstance(apikey, Secret) else Secret(apikey)
        self.content_type = "application/x-www-form-urlencoded"

    def _encode(self, call):
        fields = {key: _form_value(value) for key, value in call.args.items() if value is not None}
        fields.setdefault("apikey", self.apikey.reveal())
        encoded = urlencode(fields, doseq=True)
        headers = self._default_headers()
        if call.method == "GET":
            separator = "&" if "?" in call.uri else "?"
            return call.uri + separator + encoded, None, headers
        return call.uri, encoded.encode("utf-8"), headers

    def _decode(self, response: Response, call) -> Reply:
        try:
            body = json.loads(response.body.decode("utf-8")) if response.body else None
        except ValueError:
            body = None
        envelope = body.get("response") if isinstance(body, dict) else None
        if not isinstance(envelope, dict):
            return Reply("unavailable" if response.status >= 500 else "invalid", body, None, [], None, response)
        status = envelope.get("status")
        return Reply(str(status), body, envelope.get("data"), [], None, response)

    def _classify(self, reply: Reply, call) -> str:
        if reply.status == "200":
            return OK
        if reply.status in ("unavailable", "503"):
            return UNAVAILABLE
        return FAILURE

    def _result(self, reply: Reply) -> Any:
        return reply.data

    def _failure_error(self, reply: Reply, call, kind: str) -> Exception:
        info = {"http_status": reply.http.status, "method": call.method, "uri": call.uri}
        if reply.status in ("invalid", "unavailable"):
            return EmailError(self._unexpected_answer(reply, call), **info)
        envelope = reply.body["response"]
        status = int(envelope.get("status")) if str(envelope.get("status")).isdigit() else None
        cls = ERROR_BY_STATUS.get(status, EmailError)
        return cls(envelope.get("message") or "Unknown error", status=status, data=reply.data, **info)

    def _connection_error(self, err, call) -> Exception:
        return EmailConnectionError(str(err), method=call.method, uri=call.uri)

    def __repr__(self) -> str:
        return "<%s host=%r>" % (self.name, self.host)


def _form_value(value: Any) -> Any:
    """Encode one form value: dates as ISO 8601, booleans as 1/0, lists element-wise."""
    if isinstance(value, (list, tuple)):
        return [_form_value(v) for v in value]
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return date_to_str(value)
    if isinstance(value, dict):
        return json.dumps(value)
    return value
