"""Functional tests of ``python -m dyn.emulator`` (run as a subprocess, always stopped)."""
import contextlib
import http.client
import json
import re
import selectors
import signal
import subprocess
import sys
import time

import pytest

from dyn.testing import RawClient


def _die_with_parent():  # pragma: no cover - runs in the child
    """Linux: the emulator gets SIGTERM if the test run dies before stopping it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def emulator_process(*args, timeout=15.0):
    """Start the CLI on a free port; yield ``(process, url, banner lines)``; always stop it."""
    # Unbuffered binary pipe: select() then readline() never waits on data already buffered.
    process = subprocess.Popen([sys.executable, "-m", "dyn.emulator", "--port", "0", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0,
                               preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    try:
        lines = []
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + timeout
            while not any("control:" in line for line in lines):
                if process.poll() is not None or not selector.select(max(0.0, deadline - time.monotonic())):
                    raise AssertionError(f"emulator did not start; output so far: {lines}")
                lines.append(process.stdout.readline().decode())
        url = re.search(r"listening on (http://\S+)", lines[0]).group(1)
        yield process, url, lines
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.stdout.close()


def test_cli_smoke(tmp_path):
    with emulator_process() as (process, url, lines):
        banner = "".join(lines)
        assert "customer=demo user=demo_user password=demo_password" in banner
        assert "MM API key: demo-api-key" in banner
        with RawClient(url) as client:
            status, _, data = client.request("GET", "/__emulator__/health")
            assert (status, json.loads(data)) == (200, {"status": "ok"})
            client.login("demo", "demo_user", "demo_password")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def test_cli_accounts_and_keys_replace_the_demo_ones():
    with emulator_process("--account", "acme:bob:pa:ss", "--apikey", "k1", "--apikey", "k2",
                          "--token-lifetime", "60") as (process, url, lines):
        with RawClient(url) as client:
            client.login("acme", "bob", "pa:ss")
            assert client.tm("POST", "Session/", {"customer_name": "demo", "user_name": "demo_user",
                                                  "password": "demo_password"})[0] == 400
            assert client.mm("GET", "accounts", {"apikey": "k2"})[0] == 200
            assert client.mm("GET", "accounts", {"apikey": "demo-api-key"})[0] == 451
            status, _, data = client.request("GET", "/__emulator__/config")
            assert json.loads(data)["token_lifetime"] == 60


def test_cli_bad_arguments_exit_with_an_error():
    result = subprocess.run([sys.executable, "-m", "dyn.emulator", "--account", "nocolons"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "CUSTOMER:USER:PASSWORD" in result.stderr


def test_cli_state_file_survives_a_restart(tmp_path):
    state = str(tmp_path / "state.json")
    with emulator_process("--state", state, "--state-format", "json") as (process, url, lines):
        with RawClient(url) as client:
            client.request("POST", "/__emulator__/accounts", {"customer": "acme", "username": "bob",
                                                              "password": "pw"})
            client.request("POST", "/__emulator__/apikeys", {"apikey": "kept-key"})
            token = client.login("acme", "bob", "pw")
    with open(state, encoding="utf-8") as handle:
        saved = json.load(handle)
    assert saved["format"] == "dyn-emulator-state"
    with emulator_process("--state", state, "--state-format", "json") as (process, url, lines):
        with RawClient(url) as client:
            client.token = token
            assert client.tm("GET", "Session/")[0] == 200
            assert client.mm("GET", "accounts", {"apikey": "kept-key"})[0] == 200
            client.login("demo", "demo_user", "demo_password")  # seeds are still there


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_cli_stops_on_ctrl_c():
    with emulator_process() as (process, url, lines):
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sqlite_state_keeps_every_acknowledged_write_through_kill_9(tmp_path):
    """Writes run until the emulator is killed with SIGKILL mid-stream; after a restart on
    the same ``--state`` database every write that was answered 200 is there."""
    import threading

    state = str(tmp_path / "state.db")
    acknowledged = []
    with emulator_process("--state", state) as (process, url, lines):
        with RawClient(url, timeout=5) as client:
            client.login("demo", "demo_user", "demo_password")
            client.tm("POST", "Zone/kill.example/", {"rname": "a@kill.example", "ttl": 60})
            killer = threading.Timer(1.0, process.send_signal, (signal.SIGKILL,))
            killer.start()
            try:
                for n in range(100_000):
                    fqdn = f"h{n}.kill.example"
                    try:
                        if client.tm("POST", f"ARecord/kill.example/{fqdn}/",
                                     {"rdata": {"address": "192.0.2.1"}})[0] != 200:
                            break
                        status, body = client.tm("PUT", "Zone/kill.example/", {"publish": True})
                    except (OSError, ValueError, http.client.HTTPException):
                        break
                    if status == 200:
                        acknowledged.append(fqdn)
            finally:
                killer.cancel()
        assert process.wait(timeout=10) == -signal.SIGKILL
    assert len(acknowledged) > 20
    with emulator_process("--state", state) as (process, url, lines):
        with RawClient(url) as client:
            client.login("demo", "demo_user", "demo_password")
            status, body = client.tm("GET", "NodeList/kill.example/")
            assert status == 200
            assert set(acknowledged) <= set(body["data"])
            assert client.tm("GET", "Zone/kill.example/")[1]["data"]["serial"] >= len(acknowledged)
