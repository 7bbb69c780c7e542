"""Hostile input over real HTTP: broken chunking, deep JSON, and the control API's
guards against local web pages (content type, Host, control token)."""
import json
import logging
import socket

import pytest

from dyn.emulator import Emulator
from dyn.testing import RawClient

DEEP = "[" * 100000 + "]" * 100000


@pytest.fixture
def client(dyn_emulator):
    with RawClient(dyn_emulator.url) as raw:
        yield raw


def raw(emu, data):
    with socket.create_connection((emu.host, emu.port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), head, json.loads(body)


@pytest.mark.parametrize("path, api", [("/REST/Session/", "tm"), ("/rest/json/accounts", "mm")])
def test_bad_chunking_is_400_in_the_apis_envelope_without_traceback(dyn_emulator, caplog, path, api):
    caplog.set_level(logging.DEBUG)
    status, head, body = raw(dyn_emulator, b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                             b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
    assert status == 400 and b"Connection: close" in head
    if api == "tm":
        assert body["status"] == "failure" and body["msgs"][0]["ERR_CD"] == "INVALID_DATA"
        assert "Unreadable request body (Bad chunk size)" in body["msgs"][0]["INFO"]
    else:
        assert body["response"]["status"] == 400
        assert "Bad chunk size" in body["response"]["data"][0]
    assert not [record for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]
    entry = dyn_emulator.requests[-1]
    assert entry["path"] == path and entry["status"] == 400 and entry["args"] == {}


def test_deep_json_is_400_in_each_envelope(dyn_emulator, client, caplog):
    caplog.set_level(logging.DEBUG)
    status, _, data = client.request("POST", "/REST/Session/", DEEP)
    body = json.loads(data)
    assert status == 400 and body["status"] == "failure"
    assert body["msgs"][0]["INFO"] == "body: JSON nested deeper than 100 levels"
    status, _, data = client.request("POST", "/rest/json/accounts", '{"a":' * 100000 + "1" + "}" * 100000)
    body = json.loads(data)
    assert status == 400 and body["response"]["status"] == 400 and "nested deeper" in body["response"]["data"][0]
    status, _, data = client.request("POST", "/__emulator__/accounts", DEEP)
    assert status == 400 and "nested deeper" in json.loads(data)["error"]
    status, _, data = client.request("POST", "/REST/Session/", "[" * 101 + "]" * 101)
    assert status == 400 and "nested deeper" in json.loads(data)["msgs"][0]["INFO"]
    assert not [record for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]


def test_text_plain_post_to_control_is_refused(dyn_emulator, client):
    account = json.dumps({"customer": "evil", "username": "x", "password": "y"})
    status, _, data = client.request("POST", "/__emulator__/accounts", account, {"Content-Type": "text/plain"})
    assert status == 415 and "application/json" in json.loads(data)["error"]
    assert client.request("POST", "/__emulator__/reset", None, {"Content-Type": "text/plain"})[0] == 415
    assert "evil" not in [item[0] for item in dyn_emulator.app.state.accounts.accounts]
    status, _, _ = client.request("POST", "/__emulator__/accounts", account,
                                  {"Content-Type": "text/plain", "X-Dyn-Emulator": "1"})
    assert status == 200  # a custom header forces a CORS preflight: accepted


@pytest.mark.parametrize("host, allowed", [
    ("evil.example:8080", False), ("localhost:1", True), ("127.0.0.1", True), ("[::1]:80", True),
    ("attacker.localhost.evil.com", False)])
def test_control_checks_the_host_header(dyn_emulator, client, host, allowed):
    status, _, data = client.request("GET", "/__emulator__/requests", None, {"Host": host})
    assert (status == 200) is allowed
    if not allowed:
        assert status == 403 and "--allow-host" in json.loads(data)["error"]


def test_allow_host_and_control_token():
    with Emulator(control_token="s3cret", allow_hosts=["emu.internal"]) as emu:
        with RawClient(emu.url) as anonymous, RawClient(emu.url, control_token="s3cret") as owner:
            assert anonymous.request("GET", "/__emulator__/health")[0] == 200  # health stays open
            for method, path in (("GET", "requests"), ("POST", "reset"), ("GET", "config")):
                status, _, data = anonymous.request(method, "/__emulator__/" + path)
                assert status == 401 and "X-Dyn-Emulator-Token" in json.loads(data)["error"]
            assert anonymous.request("GET", "/__emulator__/requests", None,
                                     {"X-Dyn-Emulator-Token": "wrong"})[0] == 401
            assert anonymous.request("GET", "/__emulator__/requests", None,
                                     {"Authorization": "Bearer s3cret"})[0] == 200
            assert owner.request("GET", "/__emulator__/requests", None, {"Host": "emu.internal:9"})[0] == 200
            assert owner.request("GET", "/__emulator__/requests", None, {"Host": "other.internal"})[0] == 403
            assert owner.request("POST", "/__emulator__/reset")[0] == 200
        emu.add_fault("busy")  # the Python control API needs no token
        assert len(emu.faults) == 1


def _stall(emu, count, partial):
    socks = []
    for _ in range(count):
        sock = socket.create_connection((emu.host, emu.port), timeout=5)
        sock.sendall(partial)
        socks.append(sock)
    return socks


def _health_latency(emu):
    import time

    with RawClient(emu.url) as client:
        started = time.monotonic()
        assert client.request("GET", "/__emulator__/health")[0] == 200
        return time.monotonic() - started


@pytest.mark.parametrize("partial", [
    b"POST /REST/Session/ HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"customer_name\"",  # mid-body
    b"POST /REST/Session/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc",  # mid-chunk
    b"GET /REST/Sess",  # partial request line
    b"GET /REST/Session/ HTTP/1.1\r\nAuth-To",  # partial headers
])
def test_300_stalled_clients_do_not_delay_a_normal_one(partial):
    with Emulator(threads=4) as emu:
        socks = _stall(emu, 300, partial)
        try:
            import time
            time.sleep(0.5)  # all 300 accepted and stalled
            latency = max(_health_latency(emu) for _ in range(5))
            with RawClient(emu.url) as client:  # a login, which needs a worker slot, too
                client.login(*emu.demo_account)
        finally:
            for sock in socks:
                sock.close()
    assert latency < 0.1, latency


def test_a_dripping_client_is_cut_at_the_whole_request_deadline():
    import time

    with Emulator(request_timeout=0.5) as emu:
        sock = socket.create_connection((emu.host, emu.port), timeout=5)
        started = time.monotonic()
        answer = b""
        for byte in b"GET /REST/Session/ HTTP/1.1\r\nX-Pad: " + b"a" * 100:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.02)
            if time.monotonic() - started > 3:
                break
        sock.settimeout(3)
        try:
            answer = sock.recv(1000)
        except OSError:
            pass
        sock.close()
        assert time.monotonic() - started < 2.5
        assert answer.startswith(b"HTTP/1.1 408")


def test_header_flood_is_431(dyn_emulator):
    header = b"X-Pad: " + b"a" * 1000 + b"\r\n"
    with socket.create_connection((dyn_emulator.host, dyn_emulator.port), timeout=5) as sock:
        sock.sendall(b"GET /REST/Session/ HTTP/1.1\r\n" + header * 90 + b"\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 431")


def test_connection_cap_closes_extra_connections():
    with Emulator(max_connections=5) as emu:
        socks = _stall(emu, 5, b"")
        import time
        time.sleep(0.2)
        extra = socket.create_connection((emu.host, emu.port), timeout=5)
        assert extra.recv(10) == b""  # closed at once
        extra.close()
        for sock in socks:
            sock.close()
        time.sleep(0.3)
        assert _health_latency(emu) < 1


def test_idle_keep_alive_connections_hold_no_worker_slot():
    with Emulator(threads=2) as emu:
        clients = [RawClient(emu.url) for _ in range(20)]
        for client in clients:
            assert client.request("GET", "/__emulator__/health")[0] == 200  # now idle, kept open
        assert _health_latency(emu) < 0.1
        for client in clients:
            client.close()
