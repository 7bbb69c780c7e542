"""The emulator's small HTTP/1.1 server (dyn.emulator.httpserver), over real sockets
with a tiny echo application."""
import http.client
import json
import socket
import threading
import time

import pytest

from dyn.emulator.httpserver import MAX_LINE, WSGIServer


class Abort(Exception):
    pass


def echo_app(environ, start_response):
    if environ["PATH_INFO"] == "/abort":
        raise Abort()
    if environ["PATH_INFO"] == "/crash":
        raise RuntimeError("boom")
    body = environ["wsgi.input"].read() if environ["PATH_INFO"] != "/ignore-body" else b""
    payload = json.dumps({
        "method": environ["REQUEST_METHOD"], "path": environ["PATH_INFO"], "query": environ["QUERY_STRING"],
        "body": body.decode("utf-8", "replace"), "token": environ.get("HTTP_AUTH_TOKEN"),
        "protocol": environ["SERVER_PROTOCOL"], "remote": environ["REMOTE_ADDR"],
    }).encode()
    headers = [("Content-Type", "application/json")]
    if environ["PATH_INFO"] != "/no-length":
        headers.append(("Content-Length", str(len(payload))))
    start_response("200 OK", headers)
    return [payload]


@pytest.fixture
def server():
    srv = WSGIServer(("127.0.0.1", 0), echo_app, threads=4, timeout=5, abort=Abort)
    host, port = srv.prepare()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.stop()
    thread.join(5)
    assert not thread.is_alive()


def raw(server, data, timeout=5):
    """Send raw bytes; return everything answered until the server closes."""
    with socket.create_connection(server.address, timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def test_keep_alive_requests_on_one_connection(server):
    conn = http.client.HTTPConnection(*server.address, timeout=5)
    for n in range(3):
        conn.request("POST", "/REST/ARecord/x/%%20y/?a=%d" % n, body=b'{"n": %d}' % n,
                     headers={"Auth-Token": "T", "Content-Type": "application/json"})
        response = conn.getresponse()
        data = json.loads(response.read())
        assert response.status == 200 and response.getheader("Server") == "dyn-emulator"
        assert response.getheader("Date")
        assert data == {"method": "POST", "path": "/REST/ARecord/x/ y/", "query": "a=%d" % n,
                        "body": '{"n": %d}' % n, "token": "T", "protocol": "HTTP/1.1", "remote": "127.0.0.1"}
    sock = conn.sock
    conn.request("GET", "/")
    conn.getresponse().read()
    assert conn.sock is sock  # the same connection throughout
    conn.close()


def test_chunked_body_and_expect_continue(server):
    answer = raw(server, b"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n"
                         b"Connection: close\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n")
    assert json.loads(answer.split(b"\r\n\r\n", 2)[2])["body"] == "hello world"


def test_http_1_0_closes_unless_keep_alive(server):
    answer = raw(server, b"GET /one HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 OK") and b"Connection: close" in answer
    with socket.create_connection(server.address, timeout=5) as sock:
        sock.sendall(b"GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        first = sock.recv(65536)
        assert b"Connection: keep-alive" in first
        sock.sendall(b"GET /two HTTP/1.0\r\n\r\n")
        assert b'"/two"' in sock.recv(65536)


@pytest.mark.parametrize("request_bytes, status", [
    (b"NONSENSE\r\n\r\n", b"400"),
    (b"GET / HTTP/2.0\r\n\r\n", b"505"),
    (b"GET / HTTP/1.1\r\nBad header\r\n\r\n", b"400"),
    (b"GET / HTTP/1.1\r\nX: " + b"a" * (MAX_LINE + 10) + b"\r\n\r\n", b"431"),
    (b"GET /" + b"a" * (MAX_LINE + 10) + b" HTTP/1.1\r\n\r\n", b"414"),
    (b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n", b"400"),
    (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n", b"431"),
])
def test_malformed_requests_get_an_error_and_a_close(server, request_bytes, status):
    answer = raw(server, request_bytes)
    assert answer.split(b" ")[1] == status and b"Connection: close" in answer


def test_abort_closes_without_an_answer_and_crash_is_500(server):
    assert raw(server, b"GET /abort HTTP/1.1\r\n\r\n") == b""
    answer = raw(server, b"GET /crash HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 500 Internal Server Error")


def test_answer_without_length_closes_the_connection(server):
    answer = raw(server, b"GET /no-length HTTP/1.1\r\n\r\n")
    assert b"Connection: close" in answer and b'"/no-length"' in answer


def test_unread_body_is_drained_so_the_connection_stays_usable(server):
    conn = http.client.HTTPConnection(*server.address, timeout=5)
    conn.request("POST", "/ignore-body", body=b"x" * 5000)
    assert conn.getresponse().read()
    conn.request("GET", "/after")
    assert json.loads(conn.getresponse().read())["path"] == "/after"
    conn.close()


def test_idle_connections_time_out():
    srv = WSGIServer(("127.0.0.1", 0), echo_app, timeout=0.3)
    srv.prepare()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(srv.address, timeout=5) as sock:
            started = time.monotonic()
            assert sock.recv(10) == b""  # closed by the server
            assert time.monotonic() - started < 3
    finally:
        srv.stop()


def test_stop_closes_open_connections_quickly(server):
    conns = [socket.create_connection(server.address, timeout=5) for _ in range(5)]
    time.sleep(0.2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    for sock in conns:
        assert sock.recv(10) == b""
        sock.close()
