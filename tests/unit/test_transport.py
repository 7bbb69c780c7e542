"""Transports: construction, proxies, TLS options, and the requests transport via `responses`."""
import json

import pytest
import responses

from dyn.tm.errors import DynectConnectionError
from dyn.tm.session import DynectSession
from dyn.transport import (ConnectError, RequestsTransport, Transport, Urllib3Transport, build_transport)


def test_build_transport_accepts_names_classes_and_instances():
    assert isinstance(build_transport(None, host="h"), Urllib3Transport)
    assert isinstance(build_transport("requests", host="h"), RequestsTransport)
    mine = Urllib3Transport("h")
    assert build_transport(mine) is mine
    with pytest.raises(ValueError, match="Unknown transport"):
        build_transport("carrier-pigeon", host="h")


def test_proxy_requires_a_port_and_builds_a_proper_basic_header():
    with pytest.raises(ValueError, match="Proxy missing port"):
        Transport("h", proxy_host="p")
    t = Transport("h", proxy_host="p", proxy_port=8080, proxy_user="user", proxy_pass="pass")
    assert t._proxy_auth_header() == {"Proxy-Authorization": "Basic dXNlcjpwYXNz"}
    assert "pass" not in repr(t)


def test_tls_verification_is_on_by_default_and_configurable(tmp_path):
    assert Urllib3Transport("h")._build_pool().cert_reqs == "CERT_REQUIRED"
    assert Urllib3Transport("h", verify=False)._build_pool().cert_reqs == "CERT_NONE"
    bundle = tmp_path / "ca.pem"
    bundle.write_text("")  # a CA bundle must exist (issue 9: a missing one is a typed error)
    pool = Urllib3Transport("h", verify=str(bundle))._build_pool()
    assert pool.ca_certs == str(bundle)
    s = DynectSession("c", "u", "p", auto_auth=False)
    assert s.verify is True and s.transport.verify is True and s.transport.ssl


def test_unreachable_host_is_a_connect_error():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    t = Urllib3Transport("127.0.0.1", port, ssl=False, timeout=2)
    with pytest.raises(ConnectError) as info:
        t.request("GET", "/", None, {})
    assert info.value.request_sent is False


@responses.activate
def test_requests_transport_works_with_the_responses_library():
    responses.add(responses.POST, "https://api.dynect.net/REST/Session/",
                  json={"status": "success", "data": {"token": "T", "version": "3.7.9"}, "job_id": 1,
                        "msgs": []})
    responses.add(responses.GET, "https://api.dynect.net/REST/Zone/",
                  json={"status": "success", "data": ["/REST/Zone/a.com/"], "job_id": 2, "msgs": []})
    s = DynectSession("c", "u", "p", transport="requests")
    assert s.execute("/Zone/", "GET", {"detail": "N"})["data"] == ["/REST/Zone/a.com/"]
    sent = responses.calls[1].request
    assert sent.headers["Auth-Token"] == "T" and json.loads(sent.body) == {"detail": "N"}


@responses.activate
def test_requests_transport_connection_failure_is_typed():
    s = DynectSession("c", "u", "p", transport="requests", auto_auth=False)
    with pytest.raises(DynectConnectionError):
        s.execute("/Zone/", "POST", {})
