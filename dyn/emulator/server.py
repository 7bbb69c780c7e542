"""Serve the emulator over HTTP/1.1 (keep-alive, a thread per connection) from a
background thread, with the small server of :mod:`dyn.emulator.httpserver`."""
from __future__ import annotations

import functools
import logging
import threading
from typing import Any, Dict, Optional, Tuple

from .app import CONTROL_NAMES, DropConnection, EmulatorApp
from .httpserver import REQUEST_TIMEOUT, WSGIServer

__all__ = ["Emulator", "DEFAULT_THREADS"]

log = logging.getLogger(__name__)

DEFAULT_THREADS = 16
"""Most requests the server handles at the same time."""


class Emulator:
    """The emulator served over HTTP from a background daemon thread.

    :param host: interface to listen on.
    :param port: TCP port; 0 picks a free one (see :attr:`port` after :meth:`start`).
    :param app: an existing :class:`~dyn.emulator.app.EmulatorApp` (else one is built
        from ``app_options``).
    :param threads: most requests handled at the same time (each open connection has
        its own thread).
    :param request_timeout: seconds a whole request may take from its first byte.
    :param max_connections: most open connections.
    :param app_options: keyword arguments of :class:`~dyn.emulator.app.EmulatorApp`.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`::

        with Emulator() as emu:
            session = DynectSession(*emu.demo_account, **emu.session_kwargs)

    The Python control API of the app (``reset``, ``add_account``, ``add_fault``,
    ``requests``, ...) is available directly on this object.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, app: Optional[EmulatorApp] = None,
                 threads: int = DEFAULT_THREADS, request_timeout: float = REQUEST_TIMEOUT,
                 max_connections: int = 1000, **app_options: Any) -> None:
        self._limits = {"request_timeout": request_timeout, "max_connections": max_connections}
        if app is not None and app_options:
            raise TypeError("pass either app or app options, not both")
        self._app = app if app is not None else EmulatorApp(**app_options)
        self._bind = (host, port)
        self._threads = threads
        self._server: Optional[WSGIServer] = None
        self._thread: Optional[threading.Thread] = None
        self._address: Optional[Tuple[str, int]] = None
        self._lock = threading.Lock()

    # -- life cycle --

    def start(self) -> "Emulator":
        """Bind and serve in a daemon thread; return once connections are accepted."""
        with self._lock:
            if self._server is not None:
                return self
            server = WSGIServer(self._bind, self._app, threads=self._threads, timeout=30,
                                server_name="dyn-emulator", abort=DropConnection, **self._limits)
            self._address = server.prepare()  # binds and listens: connections queue from here
            thread = threading.Thread(target=self._serve, args=(server,),
                                      name=f"dyn-emulator:{self._address[1]}", daemon=True)
            thread.start()
            self._server, self._thread = server, thread
            log.info("dyn emulator listening on %s", self.url)
            return self

    @staticmethod
    def _serve(server: WSGIServer) -> None:
        try:
            server.serve_forever()
        except Exception:  # pragma: no cover - serve_forever() handles its own errors
            log.exception("dyn emulator server stopped with an error")

    def stop(self) -> None:
        """Stop serving, join the thread and free the port (idempotent); the state
        file, if any, is saved."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        server.stop()
        if thread is not None:
            thread.join(timeout=10)
        self._app.state.save_if_dirty()
        log.info("dyn emulator on port %s stopped", self.port)

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._server is not None

    def __enter__(self) -> "Emulator":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self.url if self.running else "stopped"
        return f"<Emulator {state}>"

    # -- where and how to connect --

    @property
    def app(self) -> EmulatorApp:
        """The WSGI application."""
        return self._app

    @property
    def host(self) -> str:
        """The host clients should connect to."""
        host = (self._address or self._bind)[0]
        return "127.0.0.1" if host in ("", "0.0.0.0") else ("::1" if host == "::" else host)

    @property
    def port(self) -> int:
        """The bound port (the requested one before :meth:`start`)."""
        return (self._address or self._bind)[1]

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8080``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def session_kwargs(self) -> Dict[str, Any]:
        """Keyword arguments pointing an SDK session here:
        ``DynectSession(customer, user, password, **emu.session_kwargs)``."""
        return {"host": self.host, "port": self.port, "ssl": False}

    def outbox(self, clear: bool = False) -> "list[dict[str, Any]]":
        """The e-mails sent with ``POST /rest/json/send`` (all accounts, oldest first), as
        ``GET /__emulator__/outbox`` lists them; ``clear=True`` empties the outbox."""
        from .mm.model import outbox
        return outbox(self._app.state, clear)


def _forward(name: str) -> Any:
    """Expose the app's control attribute ``name`` on :class:`Emulator`."""
    target = getattr(EmulatorApp, name)
    if isinstance(target, property):
        return property(lambda self: getattr(self._app, name), doc=target.__doc__)

    @functools.wraps(target)
    def method(self: Emulator, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._app, name)(*args, **kwargs)
    return method


for _name in CONTROL_NAMES:
    setattr(Emulator, _name, _forward(_name))
del _name
