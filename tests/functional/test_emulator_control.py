"""Functional tests over real HTTP: the /__emulator__/ control endpoints."""
import json

import pytest

from dyn.testing import RawClient


@pytest.fixture
def client(dyn_emulator):
    with RawClient(dyn_emulator.url) as raw:
        yield raw


def control(client, method, path, body=None):
    status, headers, data = client.request(method, "/__emulator__/" + path, body)
    assert headers["content-type"] == "application/json"
    return status, json.loads(data)


def test_health(client):
    assert control(client, "GET", "health") == (200, {"status": "ok"})


def test_unknown_endpoint_and_method(client):
    status, body = control(client, "GET", "nope")
    assert status == 404 and "error" in body
    status, body = control(client, "DELETE", "health")
    assert status == 405 and "GET" in body["error"]
    status, body = control(client, "POST", "accounts", "[1]")
    assert status == 400 and "Expected a JSON object" in body["error"]


def test_add_account_then_login(dyn_emulator, client):
    status, body = control(client, "POST", "accounts", {"customer": "acme", "username": "bob", "password": "pw"})
    assert status == 200 and body == {"status": "ok", "customer": "acme", "username": "bob"}
    client.login("acme", "bob", "pw")
    listed = control(client, "GET", "accounts")[1]["accounts"]
    assert {"customer": "acme", "username": "bob"} in listed
    assert "pw" not in json.dumps(listed)
    assert control(client, "POST", "accounts", {"customer": "acme", "username": "bob"})[0] == 400


def test_add_apikey(client):
    assert control(client, "POST", "apikeys", {"apikey": "k-123"})[0] == 200
    assert client.mm("GET", "accounts", {"apikey": "k-123"})[0] == 200
    assert control(client, "POST", "apikeys", {})[0] == 400


def test_config_get_and_put(dyn_emulator, client):
    status, config = control(client, "GET", "config")
    assert config == {"token_lifetime": 3600, "latency": 0.0, "rate_limit_per_minute": None,
                      "max_body_bytes": 4 * 1024 * 1024, "task_duration": 0.0}
    status, config = control(client, "PUT", "config", {"token_lifetime": 5, "rate_limit_per_minute": 100,
                                                       "task_duration": 2})
    assert status == 200 and config["token_lifetime"] == 5 and config["rate_limit_per_minute"] == 100
    assert config["task_duration"] == 2
    assert dyn_emulator.config["token_lifetime"] == 5
    for bad in ({"token_lifetime": -1}, {"nonsense": 1}, {"latency": "slow"}):
        status, body = control(client, "PUT", "config", bad)
        assert status == 400 and body["error"]
    assert dyn_emulator.config["token_lifetime"] == 5


def test_expire_tokens_endpoint(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    assert control(client, "POST", "tokens/expire", {"reason": "ip"}) == (200, {"status": "ok", "expired": 1})
    status, body = client.tm("GET", "Session/")
    assert body["msgs"][0]["INFO"] == "login: IP address does not match current session"
    assert control(client, "POST", "tokens/expire", {"reason": "bogus"})[0] == 400
    assert control(client, "POST", "tokens/expire")[1]["expired"] == 0


def test_faults_endpoints(dyn_emulator, client):
    status, rule = control(client, "POST", "faults", {"kind": "job", "polls": 2, "times": None})
    assert status == 200 and rule["kind"] == "job" and rule["params"] == {"polls": 2, "mode": "redirect"}
    status, rule = control(client, "POST", "faults", {"kind": "blocked", "match": "Password",
                                                      "params": {"task_id": 7}})
    assert rule["params"]["task_id"] == 7 and rule["match"] == "Password"
    assert [item["kind"] for item in control(client, "GET", "faults")[1]["faults"]] == ["job", "blocked"]
    assert control(client, "POST", "faults", {"kind": "meteor"})[0] == 400
    assert control(client, "POST", "faults", {"kind": "job", "polls": -1})[0] == 400
    assert control(client, "DELETE", "faults") == (200, {"status": "ok"})
    assert control(client, "GET", "faults")[1] == {"faults": []}


def test_requests_endpoints(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    control(client, "GET", "health")  # control calls are not logged
    entries = control(client, "GET", "requests")[1]["requests"]
    assert [(item["method"], item["path"]) for item in entries] == [("POST", "/REST/Session/")]
    assert entries[0]["args"]["password"] == "********"
    assert control(client, "DELETE", "requests")[0] == 200
    assert control(client, "GET", "requests")[1] == {"requests": []}


def test_reset_endpoint(dyn_emulator, client):
    control(client, "POST", "accounts", {"customer": "acme", "username": "bob", "password": "pw"})
    control(client, "POST", "faults", {"kind": "busy", "times": None})
    control(client, "PUT", "config", {"latency": 0.01})
    client.login(*dyn_emulator.demo_account)
    assert control(client, "POST", "reset") == (200, {"status": "ok"})
    assert client.tm("GET", "Session/")[0] == 400  # tokens gone
    assert client.tm("POST", "Session/", {"customer_name": "acme", "user_name": "bob", "password": "pw"})[0] == 400
    assert dyn_emulator.faults == [] and dyn_emulator.config["latency"] == 0.0
    assert dyn_emulator.requests[-1]["path"] == "/REST/Session/"
    assert len(dyn_emulator.requests) == 2


def test_control_is_never_authenticated_or_faulted(dyn_emulator, client):
    dyn_emulator.add_fault("drop", match=".", times=None)
    dyn_emulator.expire_tokens()
    assert control(client, "GET", "health")[0] == 200
    dyn_emulator.clear_faults()
