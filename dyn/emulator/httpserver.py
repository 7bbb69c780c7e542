"""A small threaded HTTP/1.1 server for WSGI applications, made for the emulator.

One thread per connection (keep-alive), requests read with ``readline``, one
``sendall`` per response: about a third of the CPU of a general-purpose server per
request, which is what matters when a test suite or a benchmark sends thousands of
small API calls. It supports what API clients send: ``Content-Length`` and chunked
request bodies, ``Expect: 100-continue``, HTTP/1.0 and 1.1 connection rules, idle
timeouts, and the emulator's :class:`~dyn.emulator.app.DropConnection` (close without an
answer). It is not meant to face the internet: no TLS, no request pipelining limits
beyond sizes, no HTTP/2.
"""
from __future__ import annotations

import email.utils
import io
import logging
import socket
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

__all__ = ["WSGIServer", "MAX_LINE", "MAX_HEADERS"]

log = logging.getLogger(__name__)

MAX_LINE = 65536
"""Longest request line or header line accepted (bytes)."""

MAX_HEADERS = 100
"""Most header lines accepted in one request."""

_DRAIN_LIMIT = 1 << 20  # unread body bytes read away to keep a connection; more: close


class _BadRequest(ValueError):
    def __init__(self, status: str, text: str) -> None:
        super().__init__(text)
        self.status = status


MAX_HEADER_BYTES = 65536
"""Most bytes of request line and headers together."""

REQUEST_TIMEOUT = 10.0
"""Seconds a whole request (line, headers and body) may take once its first byte came."""


class _Reader:
    """Buffered reads from a socket under one deadline for the whole request (a client
    dripping a byte at a time cannot stretch it, unlike a per-read timeout)."""

    def __init__(self, conn: socket.socket) -> None:
        self._conn = conn
        self._buf = bytearray()
        self.deadline = 0.0

    def _fill(self) -> bool:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("request deadline passed")
        self._conn.settimeout(left)
        data = self._conn.recv(65536)
        self._buf += data
        return bool(data)

    def readline(self, limit: int = -1) -> bytes:
        while True:
            end = self._buf.find(b"\n")
            if end >= 0 or (0 <= limit <= len(self._buf)):
                cut = end + 1 if end >= 0 else limit
                if 0 <= limit < cut:
                    cut = limit
                line = bytes(self._buf[:cut])
                del self._buf[:cut]
                return line
            if not self._fill():
                line = bytes(self._buf)
                self._buf.clear()
                return line

    def read(self, size: int) -> bytes:
        while len(self._buf) < size and self._fill():
            pass
        data = bytes(self._buf[:size])
        del self._buf[:size]
        return data

    def pending(self) -> bool:
        """Whether bytes of a next request are already buffered."""
        return bool(self._buf)

    def close(self) -> None:
        self._buf.clear()


class _Body(io.RawIOBase):
    """``wsgi.input``: the request body (``Content-Length`` or chunked), read lazily."""

    def __init__(self, rfile: Any, length: Optional[int], chunked: bool, on_first_read: Callable[[], None]):
        super().__init__()
        self._rfile = rfile
        self._remaining = length or 0
        self._chunked = chunked
        self._chunk_left = 0
        self._done = not chunked and not length
        self._first = on_first_read

    def readable(self) -> bool:
        return True

    def buffer(self, limit: int) -> None:
        """Read the whole body now (up to ``limit`` bytes), so the app never waits on the
        client; a framing error is kept and raised by the app's first read."""
        if self._done or (not self._chunked and self._remaining > limit):
            return
        try:
            data = self.read(limit + 1)
        except _BadRequest as bad:
            self._error: Optional[_BadRequest] = bad
            return
        self._buffered = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        error = self.__dict__.get("_error")
        if error is not None:
            raise error
        buffered = self.__dict__.get("_buffered")
        if buffered is not None:
            return buffered.read(size if size is not None else -1)
        return self._read(size)

    def _read(self, size: int = -1) -> bytes:
        if self._first is not None:
            first, self._first = self._first, None
            first()
        if self._done:
            return b""
        if self._chunked:
            return self._read_chunked(size)
        want = self._remaining if size is None or size < 0 else min(size, self._remaining)
        data = self._rfile.read(want)
        self._remaining -= len(data)
        if not data or self._remaining <= 0:
            self._done = True
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def _read_chunked(self, size: int) -> bytes:
        out = bytearray()
        while not self._done and (size is None or size < 0 or len(out) < size):
            if self._chunk_left == 0:
                line = self._rfile.readline(MAX_LINE)
                try:
                    self._chunk_left = int(line.split(b";")[0].strip() or b"x", 16)
                except ValueError:
                    raise _BadRequest("400 Bad Request", "Bad chunk size") from None
                if self._chunk_left == 0:
                    while self._rfile.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    self._done = True
                    break
            want = self._chunk_left if size is None or size < 0 else min(self._chunk_left, size - len(out))
            data = self._rfile.read(want)
            if not data:
                raise _BadRequest("400 Bad Request", "Truncated chunked body")
            out += data
            self._chunk_left -= len(data)
            if self._chunk_left == 0:
                self._rfile.readline(MAX_LINE)  # the CRLF after the chunk
        return bytes(out)

    def drain(self) -> bool:
        """Read away what the app left unread; False when the connection must close."""
        if "_error" in self.__dict__:
            return False
        if self._done:
            return True
        if self._chunked or self._remaining > _DRAIN_LIMIT:
            return False
        while not self._done:
            if not self.read(65536):
                break
        return self._remaining <= 0


class WSGIServer:
    """Serve ``app`` on ``bind`` (``(host, port)``; port 0 picks a free one).

    :param bind: the address to listen on.
    :param app: the WSGI application.
    :param threads: most requests handled at the same time (connections themselves
        are unlimited: each has its own thread while it is open).
    :param timeout: seconds an idle keep-alive connection is kept.
    :param server_name: the ``Server`` header.
    :param abort: exception class that, raised by the app, closes the connection
        without an answer.
    :param request_timeout: seconds a whole request may take from its first byte.
    :param max_connections: most open connections; past it new ones are closed at once.
    :param buffer_limit: bodies up to this size are read completely before a worker
        slot is taken (a client stalling mid-body holds no slot).
    """

    def __init__(self, bind: Tuple[str, int], app: Callable, threads: int = 16, timeout: float = 30.0,
                 server_name: str = "dyn-emulator", abort: Optional[type] = None,
                 request_timeout: float = REQUEST_TIMEOUT, max_connections: int = 1000,
                 buffer_limit: int = 8 * 1024 * 1024) -> None:
        self.request_timeout = request_timeout
        self.max_connections = max_connections
        self.buffer_limit = buffer_limit
        self.bind_request = bind
        self.app = app
        self.timeout = timeout
        self.server_name = server_name
        self.abort = abort
        self._slots = threading.BoundedSemaphore(max(1, threads))
        self._listener: Optional[socket.socket] = None
        self._connections: Set[socket.socket] = set()
        self._threads: Set[threading.Thread] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.address: Optional[Tuple[str, int]] = None

    # -- life cycle -------------------------------------------------------------------------

    def prepare(self) -> Tuple[str, int]:
        """Bind and listen (connections queue from here); return the address."""
        host, port = self.bind_request
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(1024)
        listener.settimeout(0.1)  # how fast serve_forever() notices stop()
        self._listener = listener
        self.address = listener.getsockname()[:2]
        return self.address

    def serve_forever(self) -> None:
        """Accept connections until :meth:`stop`."""
        listener = self._listener
        if listener is None:
            raise RuntimeError("call prepare() first")
        while not self._stopping.is_set():
            try:
                conn, peer = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                if self._stopping.is_set():
                    break
                raise
            if len(self._connections) >= self.max_connections:
                log.debug("connection cap (%d) reached: closing a new connection", self.max_connections)
                conn.close()
                continue
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.settimeout(self.timeout)
            thread = threading.Thread(target=self._serve_connection, args=(conn, peer), daemon=True,
                                      name="%s-conn-%s" % (self.server_name, peer[1]))
            with self._lock:
                self._connections.add(conn)
                self._threads.add(thread)
            thread.start()
        listener.close()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop accepting, close open connections, wait for their threads."""
        self._stopping.set()
        with self._lock:
            connections, threads = list(self._connections), list(self._threads)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)  # wakes threads waiting in recv()
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    # -- one connection ------------------------------------------------------------------------

    def _serve_connection(self, conn: socket.socket, peer: Tuple[Any, ...]) -> None:
        rfile = _Reader(conn)
        try:
            while not self._stopping.is_set():
                if not self._serve_request(conn, rfile, peer):
                    break
        except (OSError, ValueError):  # reset, timeout, closed during stop
            pass
        finally:
            try:
                rfile.close()
                conn.close()
            except OSError:
                pass
            with self._lock:
                self._connections.discard(conn)
                self._threads.discard(threading.current_thread())

    def _serve_request(self, conn: socket.socket, rfile: Any, peer: Tuple[Any, ...]) -> bool:
        """Answer one request; return whether the connection stays open."""
        rfile.deadline = time.monotonic() + self.timeout  # idle keep-alive wait
        if not rfile.pending():
            rfile._fill() or None
            if not rfile.pending():
                return False
        rfile.deadline = time.monotonic() + self.request_timeout  # the whole request from here
        try:
            line = rfile.readline(MAX_LINE + 1)
            if not line:
                return False
            if line in (b"\r\n", b"\n"):  # tolerated blank line between requests
                return True
            environ, body, keep_alive = self._environ(line, rfile, conn, peer)
            body.buffer(self.buffer_limit)
        except _BadRequest as bad:
            self._send_plain(conn, bad.status, str(bad))
            return False
        except socket.timeout:
            self._send_plain(conn, "408 Request Timeout", "Request not received in time")
            return False
        status, headers, chunks = self._call_app(environ)
        if status is None:  # the app asked to drop the connection
            return False
        names = {name.lower() for name, _ in headers}
        if "content-length" not in names:
            keep_alive = False
        if not body.drain():
            keep_alive = False
        head = ["HTTP/1.1 %s\r\n" % status]
        head.extend("%s: %s\r\n" % (name, value) for name, value in headers)
        if "date" not in names:
            head.append("Date: %s\r\n" % email.utils.formatdate(usegmt=True))
        if "server" not in names:
            head.append("Server: %s\r\n" % self.server_name)
        if not keep_alive:
            head.append("Connection: close\r\n")
        elif environ["SERVER_PROTOCOL"] == "HTTP/1.0":
            head.append("Connection: keep-alive\r\n")
        head.append("\r\n")
        payload = "".join(head).encode("latin-1")
        if environ["REQUEST_METHOD"] != "HEAD":
            payload += b"".join(chunks)
        conn.sendall(payload)
        return keep_alive

    def _environ(self, line: bytes, rfile: Any, conn: socket.socket,
                 peer: Tuple[Any, ...]) -> Tuple[Dict[str, Any], _Body, bool]:
        if len(line) > MAX_LINE:
            raise _BadRequest("414 Request-URI Too Long", "Request line too long")
        try:
            method, target, version = line.decode("latin-1").rstrip("\r\n").split(" ")
        except ValueError:
            raise _BadRequest("400 Bad Request", "Malformed request line") from None
        if version not in ("HTTP/1.1", "HTTP/1.0"):
            raise _BadRequest("505 HTTP Version Not Supported", "Unsupported HTTP version")
        environ: Dict[str, Any] = {}
        total = len(line)
        for _ in range(MAX_HEADERS + 1):
            header = rfile.readline(MAX_LINE + 1)
            if header in (b"\r\n", b"\n", b""):
                break
            total += len(header)
            if len(header) > MAX_LINE or total > MAX_HEADER_BYTES:
                raise _BadRequest("431 Request Header Fields Too Large", "Header line too long")
            name, sep, value = header.decode("latin-1").partition(":")
            if not sep or not name.strip() or name != name.strip():
                raise _BadRequest("400 Bad Request", "Malformed header line")
            key = name.upper().replace("-", "_")
            key = key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key
            value = value.strip()
            environ[key] = "%s,%s" % (environ[key], value) if key in environ else value
        else:
            raise _BadRequest("431 Request Header Fields Too Large", "Too many header lines")
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        length: Optional[int] = None
        if not chunked and environ.get("CONTENT_LENGTH"):
            try:
                length = int(environ["CONTENT_LENGTH"])
            except ValueError:
                raise _BadRequest("400 Bad Request", "Bad Content-Length") from None
            if length < 0:
                raise _BadRequest("400 Bad Request", "Bad Content-Length")
        connection = environ.get("HTTP_CONNECTION", "").lower()
        keep_alive = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection

        def continue_100() -> None:
            if environ.get("HTTP_EXPECT", "").lower() == "100-continue":
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")

        body = _Body(rfile, length, chunked, continue_100)
        path, _, query = target.partition("?")
        if path.startswith(("http://", "https://")):  # absolute form
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        environ.update({
            "REQUEST_METHOD": method.upper(), "SCRIPT_NAME": "", "PATH_INFO": _unquote(path),
            "QUERY_STRING": query, "REQUEST_URI": target, "RAW_URI": target, "SERVER_PROTOCOL": version,
            "SERVER_NAME": _local_name(conn, self.address), "SERVER_PORT": str(self.address[1])
            if self.address else "", "REMOTE_ADDR": str(peer[0]), "REMOTE_PORT": str(peer[1]),
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": body, "wsgi.errors": sys.stderr,
            "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        })
        environ.setdefault("CONTENT_TYPE", "")
        environ.setdefault("CONTENT_LENGTH", "" if length is None else str(length))
        return environ, body, keep_alive

    def _call_app(self, environ: Dict[str, Any]) -> Tuple[Optional[str], List[Tuple[str, str]], List[bytes]]:
        """Run the app; ``(None, [], [])`` when it raised :attr:`abort`."""
        response: List[Any] = []

        def start_response(status: str, headers: List[Tuple[str, str]], exc_info: Any = None) -> Callable:
            response[:] = [status, list(headers)]
            return lambda data: None  # the legacy write() callable: unused by the emulator

        with self._slots:
            try:
                result = self.app(environ, start_response)
                try:
                    chunks = [bytes(chunk) for chunk in result]
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
            except Exception as err:
                if self.abort is not None and isinstance(err, self.abort):
                    return None, [], []
                log.exception("unexpected error in the WSGI application")
                text = b"Internal Server Error"
                return "500 Internal Server Error", [("Content-Type", "text/plain"),
                                                     ("Content-Length", str(len(text)))], [text]
        return response[0], response[1], chunks

    @staticmethod
    def _send_plain(conn: socket.socket, status: str, text: str) -> None:
        body = text.encode("utf-8")
        try:
            conn.sendall(("HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                          "Connection: close\r\n\r\n" % (status, len(body))).encode("latin-1") + body)
        except OSError:
            pass


def _unquote(path: str) -> str:
    """``PATH_INFO`` per PEP 3333: percent-decoded bytes, as latin-1 text."""
    if "%" not in path:
        return path
    from urllib.parse import unquote_to_bytes

    return unquote_to_bytes(path).decode("latin-1")


def _local_name(conn: socket.socket, address: Optional[Tuple[str, int]]) -> str:
    """``SERVER_NAME``: the local address the connection reached (the bound one as a
    fallback)."""
    try:
        return str(conn.getsockname()[0])
    except OSError:
        return str(address[0]) if address else ""
