"""How bytes move between a session and the API.

A :class:`Transport` sends one HTTP request and returns a :class:`Response`; it knows
nothing about envelopes, tokens, jobs or retries (that is the session engine's job, see
:mod:`dyn.core`). Two implementations ship:

* :class:`Urllib3Transport` (the default): one keep-alive connection pool per session,
  timeouts, TLS verification on by default, custom CA bundles, HTTP(S) proxies with
  basic authentication.
* :class:`RequestsTransport`: sends through a :class:`requests.Session`, so the
  ``requests`` ecosystem (``responses``, ``requests-mock``, custom adapters, auth
  plugins, environment proxies) works. ``requests`` is imported only when this
  transport is built.

Failures are reported as :class:`TransportError` subclasses that say whether the
request can have reached the server (:attr:`TransportError.request_sent`), which the
engine uses to decide whether a retry is safe.
"""
import base64
import logging
import os
import re
import threading
import weakref
from typing import Any, Mapping, NamedTuple, Optional, Union

__all__ = [
    "Response",
    "Transport",
    "TransportError",
    "ConnectError",
    "ReadError",
    "CABundleNotFoundError",
    "HTTPClientTransport",
    "Urllib3Transport",
    "RequestsTransport",
    "build_transport",
]

log = logging.getLogger(__name__)

_SECRET_QUERY = re.compile(r"((?:^|[?&\s\"'])(?:apikey|api_key|password|token)=)[^&\s\"']*", re.I)


class RedactQueryFilter(logging.Filter):
    """Masks secrets (``apikey=...``) in the URLs that HTTP libraries log at debug level.

    Installed on the ``urllib3.connectionpool`` logger, which logs full request lines
    (Message Management puts the API key in the query string of GET requests).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask ``apikey=...`` in the record's message and arguments; keep the record."""
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_SECRET_QUERY.sub(r"\1********", a) if isinstance(a, str) else a for a in args)
        if isinstance(record.msg, str):
            record.msg = _SECRET_QUERY.sub(r"\1********", record.msg)
        return True


logging.getLogger("urllib3.connectionpool").addFilter(RedactQueryFilter())

Verify = Union[bool, str]


class Response(NamedTuple):
    """An HTTP answer: status code, headers (case-insensitive mapping) and raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """Return header *name* (case-insensitively), or *default*."""
        value = self.headers.get(name)
        if value is None:
            lowered = name.lower()
            for key, val in self.headers.items():
                if key.lower() == lowered:
                    return val
            return default
        return value


class TransportError(IOError):
    """The request did not produce an HTTP response.

    :attr:`request_sent` is False when the request certainly did not reach the server
    (the connection could not be opened), so even a POST may be retried safely.
    """

    request_sent = True

    def __init__(self, message: str, cause: Optional[BaseException] = None):
        super().__init__(message)
        self.cause = cause


class ConnectError(TransportError):
    """The connection could not be established; nothing was sent."""

    request_sent = False


class CABundleNotFoundError(FileNotFoundError, ValueError):
    """``verify=`` names a CA bundle file that does not exist (raised by every transport)."""


class ReadError(TransportError):
    """The request may have been sent, but no complete response came back."""


class Transport:
    """Interface of a transport. Subclasses implement :meth:`request` and :meth:`close`.

    :param host: API host name.
    :param port: TCP port.
    :param ssl: use HTTPS when true.
    :param timeout: seconds to wait for connect and for each read.
    :param verify: True (system CAs), False (no verification) or a CA bundle path.
    :param proxy_host: optional HTTP proxy host (``proxy_port`` required with it).
    """

    def __init__(
        self,
        host: str,
        port: int = 443,
        ssl: bool = True,
        timeout: float = 300.0,
        verify: Verify = True,
        proxy_host: Optional[str] = None,
        proxy_port: Optional[int] = None,
        proxy_user: Optional[str] = None,
        proxy_pass: Any = None,
    ):
        if proxy_host and not proxy_port:
            raise ValueError("Proxy missing port, please specify a port")
        self.host = host
        self.port = int(port)
        self.ssl = bool(ssl)
        self.timeout = timeout
        if isinstance(verify, str) and not os.path.exists(verify):
            raise CABundleNotFoundError("CA bundle %r (verify=) does not exist" % verify)
        self.verify = verify
        self.proxy_host = proxy_host
        self.proxy_port = proxy_port
        self.proxy_user = proxy_user
        if proxy_pass is not None and not hasattr(proxy_pass, "reveal"):
            from dyn.encrypt import Secret

            proxy_pass = Secret(proxy_pass)
        self._proxy_pass = proxy_pass
        _LIVE.add(self)

    @property
    def base_url(self) -> str:
        """``scheme://host[:port]`` of the API (the port is left out when it is the default)."""
        scheme = "https" if self.ssl else "http"
        if self.port == (443 if self.ssl else 80):
            return "%s://%s" % (scheme, self.host)
        return "%s://%s:%d" % (scheme, self.host, self.port)

    @property
    def proxy_url(self) -> Optional[str]:
        """URL of the configured proxy, or None."""
        if not self.proxy_host:
            return None
        return "http://%s:%s" % (self.proxy_host, self.proxy_port)

    def _proxy_auth_header(self) -> dict:
        if not (self.proxy_user and self._proxy_pass is not None):
            return {}
        password = getattr(self._proxy_pass, "reveal", lambda: self._proxy_pass)()
        token = base64.b64encode(("%s:%s" % (self.proxy_user, password)).encode("utf-8"))
        return {"Proxy-Authorization": "Basic " + token.decode("ascii")}

    def request(self, method: str, path: str, body: Optional[bytes], headers: Mapping[str, str]) -> Response:
        """Send one request for *path* (starting with ``/``) and return the response."""
        raise NotImplementedError

    def close(self) -> None:
        """Release connections. The transport may be used again afterwards."""

    def _forget_connections(self) -> None:
        """Drop the connections without closing them (after ``fork()``, in the child: the
        sockets belong to the parent, which keeps using them). New ones open on demand."""

    def __repr__(self) -> str:
        return "<%s %s>" % (type(self).__name__, self.base_url)


class Urllib3Transport(Transport):
    """Default transport: a urllib3 keep-alive pool (or proxy manager) per session.

    Extra keyword ``maxsize`` sets how many connections the pool keeps (default 10),
    useful when one session object is shared by several threads.
    """

    def __init__(self, *args: Any, maxsize: int = 10, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.maxsize = maxsize
        self._pool = None
        self._pool_lock = threading.Lock()

    def _build_pool(self):
        import urllib3

        self._no_retries = urllib3.Retry(total=False, redirect=False)  # built once, not per call
        options = {"maxsize": self.maxsize, "block": False, "retries": self._no_retries,
                   "timeout": urllib3.Timeout(connect=self.timeout, read=self.timeout)}
        if self.ssl:
            if self.verify is False:
                options["cert_reqs"] = "CERT_NONE"
            else:
                options["cert_reqs"] = "CERT_REQUIRED"
                if isinstance(self.verify, str):
                    options["ca_certs"] = self.verify
        if self.proxy_host:
            manager = urllib3.ProxyManager(self.proxy_url, proxy_headers=self._proxy_auth_header(),
                                           num_pools=1, **options)
            return manager.connection_from_host(self.host, self.port, "https" if self.ssl else "http")
        cls = urllib3.HTTPSConnectionPool if self.ssl else urllib3.HTTPConnectionPool
        return cls(self.host, self.port, **options)

    def request(self, method: str, path: str, body: Optional[bytes], headers: Mapping[str, str]) -> Response:
        """Send through the pool; map urllib3 failures to :class:`TransportError`."""
        from urllib3 import exceptions as exc

        pool = self._pool
        if pool is None:
            with self._pool_lock:  # threads sharing a session share one pool
                if self._pool is None:
                    self._pool = self._build_pool()
                pool = self._pool
        try:
            resp = pool.urlopen(method, path, body=body, headers=headers, redirect=False,
                                      retries=self._no_retries, preload_content=True, assert_same_host=False)
        except _connect_errors(exc) as err:
            raise ConnectError("Unable to connect to %s: %s" % (self.base_url, err), err) from None
        except exc.ProxyError as err:
            raise ConnectError("Proxy error for %s: %s" % (self.base_url, err), err) from None
        except exc.SSLError as err:
            raise ConnectError("TLS error talking to %s: %s" % (self.base_url, err), err) from None
        except exc.HTTPError as err:
            raise ReadError("No complete response from %s: %s" % (self.base_url, err), err) from None
        return Response(resp.status, resp.headers, resp.data or b"")

    def close(self) -> None:
        """Close every pooled connection."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def _forget_connections(self) -> None:
        self._pool = None
        self._pool_lock = threading.Lock()


def _connect_errors(exc_module) -> tuple:
    """urllib3 exception classes meaning "nothing was sent" (names vary by version)."""
    names = ("NewConnectionError", "ConnectTimeoutError", "NameResolutionError")
    return tuple(getattr(exc_module, name) for name in names if hasattr(exc_module, name))


class RequestsTransport(Transport):
    """Transport over a :class:`requests.Session` (``session=`` to bring your own)."""

    def __init__(self, *args: Any, session: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._session = session
        self._own_session = session is None

    @property
    def session(self):
        """The underlying :class:`requests.Session` (built on first use)."""
        if self._session is None:
            import requests

            self._session = requests.Session()
        return self._session

    def request(self, method: str, path: str, body: Optional[bytes], headers: Mapping[str, str]) -> Response:
        """Send through requests; map its failures to :class:`TransportError`."""
        import requests

        extra = {}
        if self.proxy_host:
            extra["proxies"] = {"http": self.proxy_url, "https": self.proxy_url}
            headers = dict(headers, **self._proxy_auth_header())
        try:
            resp = self.session.request(method, self.base_url + path, data=body, headers=dict(headers),
                                        timeout=self.timeout, verify=self.verify, allow_redirects=False,
                                        **extra)
        except (requests.exceptions.ConnectTimeout, requests.exceptions.ProxyError,
                requests.exceptions.SSLError) as err:
            raise ConnectError("Unable to connect to %s: %s" % (self.base_url, err), err) from None
        except requests.exceptions.ConnectionError as err:
            # requests does not say whether bytes left: a refused connection did not.
            refused = isinstance(getattr(err.args[0], "reason", None), OSError) if err.args else False
            cls = ConnectError if refused else ReadError
            raise cls("Connection to %s failed: %s" % (self.base_url, err), err) from None
        except requests.exceptions.RequestException as err:
            raise ReadError("No complete response from %s: %s" % (self.base_url, err), err) from None
        return Response(resp.status_code, resp.headers, resp.content or b"")

    def close(self) -> None:
        """Close the requests session's adapters."""
        if self._session is not None:
            self._session.close()

    def _forget_connections(self) -> None:
        if self._own_session:  # a session passed in by the caller is the caller's to manage
            self._session = None


_LIVE: "weakref.WeakSet[Transport]" = weakref.WeakSet()
"""Every transport alive in this process."""


def _after_fork_in_child() -> None:
    # A forked child inherits its parent's keep-alive sockets; two processes reading one
    # socket would get each other's answers. The child starts with fresh connections.
    for transport in list(_LIVE):
        transport._forget_connections()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class HTTPClientTransport(Transport):
    """Transport on the standard library's :mod:`http.client`: a small keep-alive pool
    and the least CPU per call (about 200 us less than urllib3 on a loopback call).
    Opt in with ``transport="http.client"``. No proxy support: use the urllib3 or
    requests transport behind a proxy.

    Extra keyword ``maxsize`` sets how many idle connections are kept (default 10).
    """

    def __init__(self, *args: Any, maxsize: int = 10, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.proxy_host:
            raise ValueError("the http.client transport does not support proxies; use 'urllib3' or 'requests'")
        self.maxsize = maxsize
        self._idle: list = []
        self._lock = threading.Lock()
        self._context: Any = None

    def _ssl_context(self) -> Any:
        if self._context is None:
            import ssl

            if self.verify is False:
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            else:
                context = ssl.create_default_context(cafile=self.verify if isinstance(self.verify, str) else None)
            self._context = context
        return self._context

    def _checkout(self) -> Any:
        """An idle connection still open, or a new (unconnected) one."""
        import http.client
        import select

        with self._lock:
            while self._idle:
                conn = self._idle.pop()
                sock = conn.sock
                if sock is not None and not select.select([sock], [], [], 0)[0]:
                    return conn
                conn.close()  # closed by the server (readable = EOF) or unusable
        if self.ssl:
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                               context=self._ssl_context())
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def _checkin(self, conn: Any) -> None:
        with self._lock:
            if len(self._idle) < self.maxsize:
                self._idle.append(conn)
                return
        conn.close()

    def request(self, method: str, path: str, body: Optional[bytes], headers: Mapping[str, str]) -> Response:
        """Send on a pooled connection; map failures to :class:`TransportError`."""
        import http.client

        conn = self._checkout()
        if conn.sock is None:
            try:
                conn.connect()
            except OSError as err:
                conn.close()
                raise ConnectError("Unable to connect to %s: %s" % (self.base_url, err), err) from None
        try:
            conn.request(method, path, body=body, headers=dict(headers))
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            raise ReadError("No complete response from %s: %s" % (self.base_url, err), err) from None
        if resp.will_close:
            conn.close()
        else:
            self._checkin(conn)
        return Response(resp.status, resp.headers, data)

    def close(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def _forget_connections(self) -> None:
        self._idle = []
        self._lock = threading.Lock()


TRANSPORTS = {"urllib3": Urllib3Transport, "requests": RequestsTransport, "http.client": HTTPClientTransport}


def build_transport(spec: Any, **options: Any) -> Transport:
    """Build the transport a session asked for.

    *spec* is None (default urllib3), a name (``'urllib3'``, ``'requests'`` or
    ``'http.client'``), a
    :class:`Transport` subclass (instantiated with *options*), or a ready instance
    (returned as is).
    """
    if spec is None:
        spec = "urllib3"
    if isinstance(spec, str):
        try:
            spec = TRANSPORTS[spec]
        except KeyError:
            raise ValueError("Unknown transport %r, expected one of %s" % (spec, sorted(TRANSPORTS))) from None
    if isinstance(spec, type):
        return spec(**options)
    if not hasattr(spec, "request"):
        raise TypeError("transport must be a name, a Transport class or instance, got %r" % (spec,))
    return spec
