"""Functional tests over real HTTP: the Message Management API."""
import json

import pytest

from dyn.testing import RawClient

ACCOUNT_FIELDS = {"username", "accountname", "companyname", "address", "city", "state", "country", "zipcode",
                  "phone", "usertype", "created", "apikey", "timezone", "tracklinks", "trackopens", "testmode",
                  "trackunsubscribes", "max_sample_count", "contactname", "emailssent"}


@pytest.fixture
def client(dyn_emulator):
    with RawClient(dyn_emulator.url) as raw:
        yield raw


@pytest.mark.parametrize("params", [{}, {"apikey": "wrong"}, {"apikey": ""}])
def test_missing_or_invalid_key_is_451(dyn_emulator, client, params):
    query = "?apikey=" + params["apikey"] if "apikey" in params else ""
    status, headers, data = client.request("GET", "/rest/json/accounts" + query)
    assert status == 451
    assert json.loads(data) == {"response": {"status": 451, "message": "Missing or Invalid API Key", "data": {}}}
    assert headers["content-type"] == "application/json"


def test_key_is_checked_before_the_path(dyn_emulator, client):
    assert client.mm("GET", "no/such/method", {"apikey": "wrong"})[0] == 451
    assert client.mm("GET", "no/such/method", {"apikey": "demo-api-key"}) == (
        404, {"response": {"status": 404, "message": "Not Found", "data": {}}})


def test_status_line_reason_mirrors_the_message(dyn_emulator):
    import http.client

    conn = http.client.HTTPConnection(dyn_emulator.host, dyn_emulator.port, timeout=5)
    conn.request("GET", "/rest/json/accounts")
    response = conn.getresponse()
    assert (response.status, response.reason) == (451, "Missing or Invalid API Key")
    conn.close()


def test_accounts(dyn_emulator, client):
    status, body = client.mm("GET", "accounts", {"apikey": dyn_emulator.demo_apikey})
    assert status == 200
    assert body["response"]["status"] == 200 and body["response"]["message"] == "OK"
    data = body["response"]["data"]
    assert data["emailcap"] == "100000"
    [account] = data["accounts"]
    assert set(account) == ACCOUNT_FIELDS
    assert account["usertype"] == "Master" and account["apikey"] == dyn_emulator.demo_apikey
    assert account["created"][-6:] in ("+00:00",)
    assert all(account[name] in ("0", "1") for name in ("tracklinks", "trackopens", "testmode",
                                                         "trackunsubscribes"))


def test_accounts_trailing_slash_and_classic_get_body(dyn_emulator, client):
    status, _, data = client.request("GET", "/rest/json/accounts/?apikey=demo-api-key", "{}",
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(data)["response"]["data"]["accounts"]


def test_apikey_in_form_or_json_body(dyn_emulator, client):
    status, _, data = client.request("POST", "/rest/json/nothing-here", "apikey=demo-api-key",
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 404  # key accepted, method unknown
    status, _, data = client.request("POST", "/rest/json/nothing-here", '{"apikey": "demo-api-key"}')
    assert status == 404
    status, _, data = client.request("POST", "/rest/json/nothing-here", "other=1",
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 451


def test_accounts_paging(dyn_emulator, client):
    for index in range(30):
        dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, f"sub{index:02d}@example.com")
    first = client.mm("GET", "accounts", {"apikey": dyn_emulator.demo_apikey})[1]["response"]["data"]
    assert len(first["accounts"]) == 25 and first["accounts"][0]["usertype"] == "Master"
    second = client.mm("GET", "accounts", {"apikey": dyn_emulator.demo_apikey, "startindex": 25})[1]
    names = [item["username"] for item in second["response"]["data"]["accounts"]]
    assert names == [f"sub{index:02d}@example.com" for index in range(24, 30)]
    beyond = client.mm("GET", "accounts", {"apikey": dyn_emulator.demo_apikey, "startindex": 100})[1]
    assert beyond["response"]["data"]["accounts"] == []


def test_sub_account_key_sees_only_itself(dyn_emulator, client):
    sub = dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sub@example.com")
    body = client.mm("GET", "accounts", {"apikey": sub["apikey"]})[1]
    assert [item["username"] for item in body["response"]["data"]["accounts"]] == ["sub@example.com"]


def test_accountname_filter(dyn_emulator, client):
    dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sub@example.com", accountname="Sales")
    body = client.mm("GET", "accounts", {"apikey": dyn_emulator.demo_apikey, "accountname": "Sales"})[1]
    assert [item["username"] for item in body["response"]["data"]["accounts"]] == ["sub@example.com"]


def test_bad_startindex_is_452(dyn_emulator, client):
    for value in ("abc", "-1"):
        status, body = client.mm("GET", "accounts", {"apikey": dyn_emulator.demo_apikey, "startindex": value})
        assert status == 452
        assert body["response"]["message"] == "Missing or Invalid Required Fields"
        assert body["response"]["data"][0].startswith("startindex: ")


def test_malformed_json_body_is_452_with_a_valid_key(dyn_emulator, client):
    status, _, data = client.request("GET", "/rest/json/accounts?apikey=demo-api-key", "{oops")
    assert status == 452 and json.loads(data)["response"]["status"] == 452


def test_huge_mm_body_is_413(dyn_emulator, client):
    dyn_emulator.configure(max_body_bytes=100)
    status, _, data = client.request("POST", "/rest/json/accounts", "apikey=demo-api-key&pad=" + "x" * 200,
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413 and json.loads(data)["response"]["status"] == 413


def test_added_key_works(dyn_emulator, client):
    dyn_emulator.add_apikey("second-key")
    assert client.mm("GET", "accounts", {"apikey": "second-key"})[0] == 200
    dyn_emulator.reset()
    assert client.mm("GET", "accounts", {"apikey": "second-key"})[0] == 451
