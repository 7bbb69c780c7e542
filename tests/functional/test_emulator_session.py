"""Functional tests over real HTTP: TM sessions, passwords, permission reports, jobs."""
import time

import pytest

from dyn.testing import RawClient

EXPIRED = [
    {"INFO": "login: Bad or expired credentials", "SOURCE": "BLL", "ERR_CD": "INVALID_DATA", "LVL": "ERROR"},
    {"INFO": "login: There was a problem with your credentials", "SOURCE": "BLL", "ERR_CD": None,
     "LVL": "INFO"},
]


@pytest.fixture
def client(dyn_emulator):
    with RawClient(dyn_emulator.url) as raw:
        yield raw


def login_args(account):
    customer, user, password = account
    return {"customer_name": customer, "user_name": user, "password": password}


def test_login_success_body(dyn_emulator, client):
    status, body = client.tm("POST", "Session/", login_args(dyn_emulator.demo_account))
    assert status == 200
    assert list(body) == ["status", "data", "job_id", "msgs"]
    assert body["status"] == "success"
    assert set(body["data"]) == {"token", "version"} and body["data"]["version"] == "3.7.9"
    assert len(body["data"]["token"]) == 172
    assert isinstance(body["job_id"], int)
    assert body["msgs"] == [{"INFO": "login: Login successful", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"}]


@pytest.mark.parametrize("change", [{"password": "wrong"}, {"user_name": "nobody"}, {"customer_name": "other"}])
def test_login_failure_body_is_exact(dyn_emulator, client, change):
    args = dict(login_args(dyn_emulator.demo_account), **change)
    status, body = client.tm("POST", "Session/", args)
    assert status == 400
    assert body["status"] == "failure" and body["data"] == {}
    assert body["msgs"] == [
        {"INFO": "login: Credentials you entered did not match those in our database. Please try again",
         "SOURCE": "BLL", "ERR_CD": "INVALID_DATA", "LVL": "ERROR"},
        {"INFO": "login: Login failed", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"}]
    assert len(dyn_emulator.app.state.tokens) == 0


def test_customer_and_user_names_are_case_insensitive(dyn_emulator, client):
    status, _ = client.tm("POST", "Session", {"customer_name": "DEMO", "user_name": "Demo_User",
                                              "password": "demo_password"})
    assert status == 200


def test_empty_auth_token_header_on_login_is_tolerated(dyn_emulator, client):
    status, _ = client.tm("POST", "/REST/Session", login_args(dyn_emulator.demo_account),
                          headers={"Auth-Token": ""})
    assert status == 200


def test_isalive_keepalive_logout_then_rejected(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    status, body = client.tm("GET", "Session/")
    assert (status, body["data"]) == (200, {})
    assert body["msgs"][0]["INFO"] == "isalive: User session is still active"
    status, body = client.tm("PUT", "Session/")
    assert status == 200 and body["msgs"][0]["INFO"] == "keepalive: User session extended"
    status, body = client.tm("DELETE", "Session/")
    assert status == 200
    assert body["msgs"] == [{"INFO": "logout: Logout successful", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"}]
    status, body = client.tm("GET", "Session/")
    assert status == 400 and body["status"] == "failure" and body["msgs"] == EXPIRED


@pytest.mark.parametrize("token", [None, "not-a-token", "x" * 172])
def test_missing_or_unknown_token(dyn_emulator, client, token):
    status, body = client.tm("GET", "Session/", token=token or "")
    assert status == 400 and body["data"] == {} and body["msgs"] == EXPIRED


def test_idle_expiry(dyn_emulator, client):
    dyn_emulator.configure(token_lifetime=0.3)
    client.login(*dyn_emulator.demo_account)
    time.sleep(0.2)
    assert client.tm("PUT", "Session/")[0] == 200  # keep-alive resets the timer
    time.sleep(0.2)
    assert client.tm("GET", "Session/")[0] == 200
    time.sleep(0.4)
    status, body = client.tm("GET", "Session/")
    assert status == 400
    assert body["msgs"][0] == {"INFO": "login: inactivity logout", "SOURCE": "BLL",
                               "ERR_CD": "INVALID_DATA", "LVL": "ERROR"}
    assert body["msgs"][1] == EXPIRED[1]


@pytest.mark.parametrize("reason, first", [
    ("expired", "login: Bad or expired credentials"),
    ("inactivity", "login: inactivity logout"),
    ("ip", "login: IP address does not match current session"),
])
def test_forced_expiry_reasons(dyn_emulator, client, reason, first):
    client.login(*dyn_emulator.demo_account)
    assert dyn_emulator.expire_tokens(reason) == 1
    status, body = client.tm("GET", "Session/")
    assert status == 400
    assert [item["INFO"] for item in body["msgs"]] == [first, "login: There was a problem with your credentials"]
    assert body["msgs"][0]["ERR_CD"] == "INVALID_DATA"
    client.login(*dyn_emulator.demo_account)  # a new login works
    assert client.tm("GET", "Session/")[0] == 200


def test_sessions_are_independent(dyn_emulator):
    with RawClient(dyn_emulator.url) as one, RawClient(dyn_emulator.url) as two:
        one.login(*dyn_emulator.demo_account)
        two.login(*dyn_emulator.demo_account)
        assert one.token != two.token
        one.tm("DELETE", "Session/")
        assert two.tm("GET", "Session/")[0] == 200


def test_password_change(dyn_emulator, client):
    customer, user, password = dyn_emulator.demo_account
    client.login(customer, user, password)
    status, body = client.tm("PUT", "Password/", {"password": "n3w"})
    assert status == 200 and body["msgs"][0]["INFO"] == "update: Password updated"
    assert client.tm("POST", "Session/", login_args((customer, user, password)))[0] == 400
    assert client.tm("POST", "Session/", login_args((customer, user, "n3w")))[0] == 200


def test_password_change_needs_a_password(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    status, body = client.tm("PUT", "Password/", {"password": ""})
    assert status == 400
    assert [item["INFO"] for item in body["msgs"]] == ["password: This field can not be blank",
                                                       "update: Password not updated"]


def test_user_permission_report(dyn_emulator, client):
    dyn_emulator.add_account("demo", "limited", "pw", permissions=["ZoneGet", "RecordGet"])
    client.login(*dyn_emulator.demo_account)
    status, body = client.tm("POST", "UserPermissionReport/", {"user_name": "limited"})
    assert status == 200
    assert body["data"] == {"allowed": [{"name": "ZoneGet"}, {"name": "RecordGet"}], "forbidden": []}
    status, body = client.tm("POST", "UserPermissionReport/", {"user_name": "demo_user"})
    names = [item["name"] for item in body["data"]["allowed"]]
    assert "ZoneGet" in names and "RecordAdd" in names
    status, body = client.tm("POST", "UserPermissionReport/", {"user_name": "ghost"})
    assert status == 404 and body["msgs"][0]["ERR_CD"] == "NOT_FOUND"


def test_accounts_are_per_customer(dyn_emulator, client):
    dyn_emulator.add_account("acme", "alice", "pw")
    client.login("acme", "alice", "pw")
    status, body = client.tm("POST", "UserPermissionReport/", {"user_name": "demo_user"})
    assert status == 404  # demo_user belongs to customer demo
    assert client.tm("POST", "Session/", {"customer_name": "demo", "user_name": "alice",
                                          "password": "pw"})[0] == 400


def test_job_returns_the_stored_response_to_its_token_only(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    status, first = client.tm("GET", "Session/")
    status, again = client.tm("GET", f"Job/{first['job_id']}/")
    assert status == 200 and again == first
    status, lower = client.tm("GET", f"/rest/job/{first['job_id']}")
    assert lower == first
    with RawClient(dyn_emulator.url) as other:
        other.login(*dyn_emulator.demo_account)
        status, body = other.tm("GET", f"Job/{first['job_id']}/")
        assert status == 404
        assert [item["INFO"] for item in body["msgs"]] == ["job_id: No such job", "get: Job not found"]


def test_unknown_job(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    assert client.tm("GET", "Job/1/")[0] == 404
    status, body = client.tm("GET", "Job/abc/")
    assert status == 400 and body["msgs"][0]["INFO"] == "job_id: Expected an integer"


def test_failed_login_job_is_readable_by_nobody(dyn_emulator, client):
    status, failed = client.tm("POST", "Session/", {"customer_name": "x", "user_name": "y", "password": "z"})
    client.login(*dyn_emulator.demo_account)
    assert client.tm("GET", f"Job/{failed['job_id']}/")[0] == 404


def test_login_job_belongs_to_the_new_token(dyn_emulator, client):
    status, body = client.tm("POST", "Session/", login_args(dyn_emulator.demo_account))
    client.token = body["data"]["token"]
    assert client.tm("GET", f"Job/{body['job_id']}/")[1] == body


def test_keep_alive_many_requests_one_connection(dyn_emulator, client):
    client.login(*dyn_emulator.demo_account)
    sock = client.connection.sock
    for _ in range(20):
        assert client.tm("GET", "Session/")[0] == 200
    assert client.connection.sock is sock


def test_keep_alive_with_urllib3_pool(dyn_emulator):
    import urllib3

    pool = urllib3.HTTPConnectionPool(dyn_emulator.host, dyn_emulator.port, maxsize=1)
    for _ in range(10):
        response = pool.request("GET", "/__emulator__/health")
        assert response.status == 200
    assert pool.num_connections == 1
    pool.close()
