"""The opt-in standard-library transport (transport="http.client") over real sockets."""
import socket
import ssl

import pytest

from dyn.tm.errors import DynectConnectionError
from dyn.tm.session import DynectSession
from dyn.transport import ConnectError, HTTPClientTransport, build_transport


def test_built_by_name_and_refuses_proxies():
    assert isinstance(build_transport("http.client", host="h"), HTTPClientTransport)
    with pytest.raises(ValueError, match="proxies"):
        HTTPClientTransport("h", proxy_host="proxy", proxy_port=3128)


def test_tls_verification_is_on_by_default_and_can_be_turned_off():
    assert HTTPClientTransport("h")._ssl_context().verify_mode == ssl.CERT_REQUIRED
    assert HTTPClientTransport("h")._ssl_context().check_hostname
    off = HTTPClientTransport("h", verify=False)._ssl_context()
    assert off.verify_mode == ssl.CERT_NONE and not off.check_hostname


def test_a_session_reuses_one_connection(dyn_emulator):
    session = DynectSession(*dyn_emulator.demo_account, transport="http.client", **dyn_emulator.session_kwargs)
    transport = session.transport
    session.keep_alive()
    (conn,) = transport._idle
    for _ in range(5):
        assert session.execute("/Session/", "GET", {})["status"] == "success"
    assert transport._idle == [conn]  # the same keep-alive connection throughout


def test_a_connection_closed_by_the_server_is_replaced(dyn_emulator):
    session = DynectSession(*dyn_emulator.demo_account, transport="http.client", **dyn_emulator.session_kwargs)
    transport = session.transport
    (conn,) = transport._idle
    conn.sock.shutdown(socket.SHUT_RD)  # the connection now reads EOF, as after a server close
    assert session.execute("/Session/", "GET", {})["status"] == "success"
    assert transport._idle and transport._idle[0] is not conn


def test_nothing_listening_is_a_connect_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free, nothing listens
    transport = HTTPClientTransport("127.0.0.1", port, ssl=False, timeout=2)
    with pytest.raises(ConnectError) as err:
        transport.request("GET", "/REST/Session/", None, {})
    assert err.value.request_sent is False


def test_a_dropped_answer_is_a_connection_error_not_a_retry_of_the_post(dyn_emulator):
    session = DynectSession(*dyn_emulator.demo_account, transport="http.client", **dyn_emulator.session_kwargs)
    dyn_emulator.add_fault("drop", match="POST /REST/Zone/", when="after")
    before = len(dyn_emulator.requests)
    with pytest.raises(DynectConnectionError):
        session.execute("/Zone/drop.test/", "POST", {"rname": "a@drop.test", "ttl": 60})
    assert len(dyn_emulator.requests) == before + 1  # processed once, never re-sent
