"""Functional tests over real HTTP: bad input, routing leniency, limits."""
import json

import pytest

from dyn.testing import RawClient


@pytest.fixture
def client(dyn_emulator):
    with RawClient(dyn_emulator.url) as raw:
        yield raw


def infos(body):
    return [item["INFO"] for item in body["msgs"]]


def assert_failure_envelope(status, body, http_status, err_cd):
    assert status == http_status
    assert list(body) == ["status", "data", "job_id", "msgs"]
    assert body["status"] == "failure" and body["data"] == {} and isinstance(body["job_id"], int)
    assert body["msgs"][0]["ERR_CD"] == err_cd and body["msgs"][0]["LVL"] == "ERROR"


@pytest.mark.parametrize("raw, first", [
    ("{bad json", "body: Malformed JSON"),
    ("[1, 2, 3]", "body: Expected a JSON object, got list"),
    ('"customer"', "body: Expected a JSON object, got str"),
])
def test_bad_login_bodies(dyn_emulator, client, raw, first):
    status, headers, data = client.request("POST", "/REST/Session/", raw)
    body = json.loads(data)
    assert headers["content-type"] == "application/json"
    assert_failure_envelope(status, body, 400, "INVALID_DATA")
    assert infos(body)[0].startswith(first)
    assert infos(body)[1] == "login: Login failed"
    assert body["msgs"][1]["LVL"] == "INFO" and body["msgs"][1]["ERR_CD"] is None
    assert len(dyn_emulator.app.state.tokens) == 0


@pytest.mark.parametrize("args, first", [
    ({"user_name": "demo_user", "password": "demo_password"}, "customer_name: This field is required"),
    ({"customer_name": "demo", "password": "demo_password"}, "user_name: This field is required"),
    ({"customer_name": "demo", "user_name": "demo_user"}, "password: This field is required"),
    ({"customer_name": 5, "user_name": "demo_user", "password": "demo_password"},
     "customer_name: Expected a string"),
    ({"customer_name": "demo", "user_name": "demo_user", "password": ["demo_password"]},
     "password: Expected a string"),
])
def test_missing_or_ill_typed_login_fields(dyn_emulator, client, args, first):
    status, body = client.tm("POST", "Session/", args)
    assert_failure_envelope(status, body, 400, "INVALID_DATA")
    assert infos(body) == [first, "login: Login failed"]
    assert len(dyn_emulator.app.state.tokens) == 0


def test_login_arguments_from_the_query_string(dyn_emulator, client):
    status, body = client.tm("POST", "/REST/Session/?customer_name=demo&user_name=demo_user&password=demo_password")
    assert status == 200 and body["status"] == "success"


def test_bad_password_body_changes_nothing(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    for raw in ('{"password": 12}', "[]", "{", '{"other": "x"}'):
        status, _, data = client.request("PUT", "/REST/Password/", raw, {"Auth-Token": client.token})
        assert status == 400 and json.loads(data)["msgs"][1]["INFO"] == "update: Password not updated"
    customer, user, password = dyn_emulator.demo_account
    assert dyn_emulator.app.state.accounts.check(customer, user, password) is not None


def test_huge_body_is_refused_with_413(dyn_emulator, client):
    dyn_emulator.configure(max_body_bytes=1000)
    raw = json.dumps({"customer_name": "demo", "pad": "x" * 2000})
    status, headers, data = client.request("POST", "/REST/Session/", raw)
    body = json.loads(data)
    assert_failure_envelope(status, body, 413, "INVALID_DATA")
    assert infos(body) == ["body: Request body exceeds the limit of 1000 bytes", "request: Request not processed"]
    assert len(dyn_emulator.app.state.tokens) == 0


def test_default_limit_is_4_mib(dyn_emulator, client):
    raw = b'{"pad": "' + b"x" * (4 * 1024 * 1024) + b'"}'
    status, _, data = client.request("POST", "/REST/Session/", raw)
    assert status == 413 and json.loads(data)["status"] == "failure"


def test_unknown_resource_is_404(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    for path in ("/REST/NoSuchThing/", "/REST/", "/"):
        status, body = client.tm("GET", path)
        assert_failure_envelope(status, body, 404, "INVALID_REQUEST")
    assert infos(client.tm("GET", "/REST/NoSuchThing/x/")[1]) == ["request: Unknown resource NoSuchThing"]


def test_unsupported_method_is_405(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    status, headers, data = client.request("PATCH", "/REST/Session/", None, {"Auth-Token": client.token})
    body = json.loads(data)
    assert_failure_envelope(status, body, 405, "INVALID_REQUEST")
    assert infos(body) == ["request: Resource does not support PATCH requests"]
    assert headers["allow"] == "DELETE, GET, POST, PUT"


@pytest.mark.parametrize("path", ["/REST/Session/", "/REST/Session", "/REST/SESSION/", "/rest/session",
                                  "/Session/", "/REST//Session//"])
def test_lenient_routing(dyn_emulator, client, path):
    client.login(*dyn_emulator.demo_account)
    status, body = client.tm("GET", path)
    assert status == 200 and body["msgs"][0]["INFO"] == "isalive: User session is still active"


def test_get_with_a_json_body_like_the_classic_sdk(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    status, _, data = client.request("GET", "/REST/Session/", '{"detail": "Y"}', {"Auth-Token": client.token})
    assert status == 200


def test_request_log_records_wire_calls_with_masked_secrets(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    client.tm("GET", "/REST/Session/?detail=Y")
    client.mm("GET", "accounts", {"apikey": "demo-api-key", "startindex": "0"})
    log = dyn_emulator.requests
    assert [(item["method"], item["path"], item["status"], item["api_status"]) for item in log] == [
        ("POST", "/REST/Session/", 200, "success"),
        ("GET", "/REST/Session/", 200, "success"),
        ("GET", "/rest/json/accounts", 200, 200)]
    assert log[0]["args"] == {"customer_name": "demo", "user_name": "demo_user", "password": "********"}
    assert log[1]["query"] == {"detail": "Y"}
    assert log[2]["query"] == {"apikey": "********", "startindex": "0"}
    dump = json.dumps(log)
    assert "demo_password" not in dump and "demo-api-key" not in dump and client.token not in dump
    dyn_emulator.clear_requests()
    assert dyn_emulator.requests == []
