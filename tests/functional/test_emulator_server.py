"""Functional tests of the background server: life cycle, ports, concurrency."""
import socket
import threading

import pytest

from dyn.emulator import Emulator, EmulatorApp
from dyn.testing import RawClient


def test_start_stop_frees_the_port():
    emu = Emulator(port=0)
    assert not emu.running
    emu.start()
    assert emu.start() is emu  # idempotent
    port = emu.port
    assert port != 0 and emu.url == f"http://127.0.0.1:{port}"
    assert emu.session_kwargs == {"host": "127.0.0.1", "port": port, "ssl": False}
    with RawClient(emu.url) as client:
        assert client.request("GET", "/__emulator__/health")[0] == 200
    emu.stop()
    emu.stop()  # idempotent
    assert not emu.running
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # free again
    threads = [thread.name for thread in threading.enumerate()]
    assert not [name for name in threads if name == f"dyn-emulator:{port}"]


def test_context_manager_and_existing_app():
    app = EmulatorApp(accounts=[("acme", "bob", "pw")], apikeys=["k"])
    with Emulator(app=app) as emu:
        assert emu.app is app
        assert emu.demo_account == ("acme", "bob", "pw") and emu.demo_apikey == "k"
        with RawClient(emu.url) as client:
            client.login("acme", "bob", "pw")
    assert not emu.running
    with pytest.raises(TypeError):
        Emulator(app=app, latency=1)


def test_control_api_is_forwarded_with_docs():
    assert Emulator.add_fault.__doc__ == EmulatorApp.add_fault.__doc__
    assert "API requests" in Emulator.requests.__doc__


def test_stop_with_open_keep_alive_connections_is_quick():
    import time

    emu = Emulator().start()
    clients = [RawClient(emu.url) for _ in range(4)]
    for client in clients:
        client.request("GET", "/__emulator__/health")
    started = time.monotonic()
    emu.stop()
    assert time.monotonic() - started < 3
    for client in clients:
        client.close()


def test_concurrent_logins_and_calls(dyn_emulator):
    errors, tokens = [], []
    lock = threading.Lock()

    def work():
        try:
            with RawClient(dyn_emulator.url) as client:
                token = client.login(*dyn_emulator.demo_account)
                for _ in range(5):
                    assert client.tm("GET", "Session/")[0] == 200
                with lock:
                    tokens.append(token)
        except Exception as exc:  # collected for the assertion below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(set(tokens)) == 24
    assert len(dyn_emulator.requests) == 24 * 6
