"""Functional tests over real HTTP: fault injection and the rate limiter."""
import http.client
import json
import time

import pytest

from dyn.testing import RawClient


def password_works(emu, password):
    customer, user, _ = emu.demo_account
    with RawClient(emu.url) as raw:
        status, _ = raw.tm("POST", "Session/", {"customer_name": customer, "user_name": user,
                                                "password": password})
    return status == 200


def test_job_fault_redirect_mode(dyn_emulator, client):
    dyn_emulator.add_fault("job", polls=2)
    status, headers, data = client.request("PUT", "/REST/Password/", {"password": "p2"},
                                           {"Auth-Token": client.token})
    assert status == 307
    location = headers["location"]
    assert location.startswith("/REST/Job/") and data.decode() == location
    job_id = int(location.rsplit("/", 1)[1])
    assert password_works(dyn_emulator, "p2")  # processed before the redirect
    for _ in range(2):
        assert client.tm("GET", location) == (200, {"status": "incomplete", "data": None, "job_id": job_id})
    status, body = client.tm("GET", location)
    assert status == 200 and body["status"] == "success" and body["job_id"] == job_id
    assert body["msgs"][0]["INFO"] == "update: Password updated"
    assert client.tm("GET", location + "/")[1] == body  # stays readable


def test_job_fault_incomplete_mode(dyn_emulator, client):
    dyn_emulator.add_fault("job", polls=1, mode="incomplete")
    status, body = client.tm("POST", "UserPermissionReport/", {})
    assert status == 200 and set(body) == {"status", "data", "job_id"}
    assert body["status"] == "incomplete" and body["data"] is None
    assert client.tm("GET", f"Job/{body['job_id']}/")[1]["status"] == "incomplete"
    status, final = client.tm("GET", f"Job/{body['job_id']}/")
    assert final["status"] == "success" and "allowed" in final["data"]


def test_job_fault_zero_polls_and_times(dyn_emulator, client):
    dyn_emulator.add_fault("job", polls=0, times=2)
    unsupported = client.request("GET", "/REST/UserPermissionReport/", {}, {"Auth-Token": client.token})
    assert unsupported[0] == 307  # any answer is promoted, failures included
    status, body = client.tm("GET", unsupported[1]["location"])
    assert status == 405 and body["msgs"][0]["ERR_CD"] == "INVALID_REQUEST"
    first = client.request("POST", "/REST/UserPermissionReport/", {}, {"Auth-Token": client.token})
    assert first[0] == 307
    assert client.tm("GET", first[1]["location"])[1]["status"] == "success"
    assert client.tm("POST", "UserPermissionReport/", {})[0] == 200  # rule used up


def test_rate_limit_fault(dyn_emulator, client):
    dyn_emulator.add_fault("rate_limit", retry_after=2)
    status, headers, data = client.request("PUT", "/REST/Password/", {"password": "p2"},
                                           {"Auth-Token": client.token})
    body = json.loads(data)
    assert status == 429 and headers["retry-after"] == "2"
    assert body["status"] == "failure" and body["msgs"][0]["ERR_CD"] == "RATE_LIMIT_EXCEEDED"
    assert not password_works(dyn_emulator, "p2")
    assert client.tm("PUT", "Password/", {"password": "p2"})[0] == 200


def test_per_minute_rate_limiter(dyn_emulator, client):
    dyn_emulator.configure(rate_limit_per_minute=3)
    assert [client.tm("GET", "Session/")[0] for _ in range(3)] == [200, 200, 200]
    status, headers, data = client.request("GET", "/REST/Session/", None, {"Auth-Token": client.token})
    assert status == 429 and int(headers["retry-after"]) >= 1
    assert json.loads(data)["msgs"][0]["ERR_CD"] == "RATE_LIMIT_EXCEEDED"
    dyn_emulator.add_account("acme", "alice", "pw")  # another customer is not limited
    with RawClient(dyn_emulator.url) as other:
        other.login("acme", "alice", "pw")
        assert other.tm("GET", "Session/")[0] == 200
    dyn_emulator.configure(rate_limit_per_minute=None)
    assert client.tm("GET", "Session/")[0] == 200


def test_blocked_fault_body_is_exact(dyn_emulator, client):
    dyn_emulator.add_fault("blocked", task_id=39120953)
    status, body = client.tm("PUT", "Password/", {"password": "p2"})
    assert status == 400
    assert body["status"] == "failure" and body["data"] == {}
    assert body["msgs"] == [
        {"INFO": "zone: Operation blocked by current task", "SOURCE": "BLL", "ERR_CD": "ILLEGAL_OPERATION",
         "LVL": "ERROR"},
        {"INFO": "task_name: ProvisionZone", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"},
        {"INFO": "task_id: 39120953", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"}]
    assert not password_works(dyn_emulator, "p2")


def test_busy_fault(dyn_emulator, client):
    dyn_emulator.add_fault("busy", match="Password")
    status, body = client.tm("PUT", "Password/", {"password": "p2"})
    assert status == 400 and body["status"] == "failure"
    assert body["msgs"] == [{"INFO": "token: This session already has a job running", "SOURCE": "API-B",
                             "ERR_CD": "OPERATION_FAILED", "LVL": "ERROR"}]
    assert not password_works(dyn_emulator, "p2")


def test_drop_before_is_not_processed(dyn_emulator, client):
    dyn_emulator.add_fault("drop", when="before")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.tm("PUT", "Password/", {"password": "p2"})
    assert not password_works(dyn_emulator, "p2")
    assert dyn_emulator.requests[-2]["dropped"] is True
    assert client.tm("GET", "Session/")[0] == 200  # reconnects fine afterwards


def test_drop_after_is_processed(dyn_emulator, client):
    dyn_emulator.add_fault("drop", when="after")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.tm("PUT", "Password/", {"password": "p2"})
    assert password_works(dyn_emulator, "p2")


def test_error_fault_is_not_json_and_not_processed(dyn_emulator, client):
    dyn_emulator.add_fault("error", status=502)
    status, headers, data = client.request("PUT", "/REST/Password/", {"password": "p2"},
                                           {"Auth-Token": client.token})
    assert status == 502 and headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError):
        json.loads(data)
    assert not password_works(dyn_emulator, "p2")


def test_error_fault_applies_to_mm_with_a_match(dyn_emulator, client):
    dyn_emulator.add_fault("error", match="/rest/json/", status=503)
    status, _, _ = client.request("GET", "/rest/json/accounts?apikey=demo-api-key")
    assert status == 503


def test_latency_fault_and_config(dyn_emulator, client):
    dyn_emulator.add_fault("latency", seconds=0.3, match="Session")
    started = time.monotonic()
    assert client.tm("GET", "Session/")[0] == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    client.tm("GET", "Session/")
    assert time.monotonic() - started < 0.3
    dyn_emulator.configure(latency=0.2)
    started = time.monotonic()
    client.tm("GET", "Session/")
    assert time.monotonic() - started >= 0.2


def test_faults_do_not_hit_session_and_job_by_default(dyn_emulator, client):
    dyn_emulator.add_fault("error", times=None)
    assert client.tm("GET", "Session/")[0] == 200
    status, body = client.tm("PUT", "Session/")
    assert client.tm("GET", f"Job/{body['job_id']}/")[0] == 200
    assert client.request("POST", "/REST/UserPermissionReport/", {}, {"Auth-Token": client.token})[0] == 503
