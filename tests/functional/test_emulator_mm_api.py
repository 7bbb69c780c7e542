"""Raw-HTTP tests of the emulator's Message Management endpoints (accounts, x-headers,
senders, recipients, suppressions, send, reports) and the outbox control endpoint."""
import json

import pytest

from dyn.emulator.state import State
from dyn.testing import RawClient

TEST = "test.dyn-emulator.invalid"
RANGE = {"starttime": "2000-01-01T00:00:00+00:00", "endtime": "2100-01-01T00:00:00+00:00"}


@pytest.fixture
def client(dyn_emulator):
    with RawClient(dyn_emulator.url) as raw:
        yield raw


@pytest.fixture
def call(dyn_emulator, client):
    """``call(method, path, **params)`` with the demo key: ``(status, data)``; the envelope
    is checked on the way."""
    def run(method, path, params=None, apikey=None):
        params = dict(params or {}, apikey=apikey or dyn_emulator.demo_apikey)
        status, body = client.mm(method, path, params)
        assert set(body) == {"response"} and set(body["response"]) == {"status", "message", "data"}
        assert body["response"]["status"] == status
        return status, body["response"]["data"]
    return run


@pytest.fixture
def sender(call):
    assert call("POST", "senders", {"emailaddress": "news@example.com"}) == (200, {})
    return "news@example.com"


# -- accounts -------------------------------------------------------------------------------------

def test_account_create_update_and_errors(dyn_emulator, call, client):
    status, data = call("POST", "accounts", {"username": "new@example.com", "password": "pw",
                                             "companyname": "New", "phone": "555", "trackopens": "1",
                                             "bounceurl": "https://hooks.example.com/b"})
    assert status == 200 and set(data) == {"apikey"}
    key = data["apikey"]
    [listed] = [a for a in call("GET", "accounts")[1]["accounts"] if a["username"] == "new@example.com"]
    assert (listed["usertype"], listed["trackopens"], listed["apikey"]) == ("Sub", "1", key)
    assert "bounceurl" not in listed and "password" not in listed and "_password" not in listed
    assert call("POST", "accounts", {"username": "new@example.com", "password": "pw", "companyname": "Renamed",
                                     "phone": "555"}) == (200, {"apikey": key})
    status, data = call("POST", "accounts", {"username": "new@example.com", "password": "pw",
                                             "companyname": "Renamed", "phone": "555", "generatenewapikey": "1"})
    assert data["apikey"] != key and client.mm("GET", "accounts", {"apikey": key})[0] == 451
    # 452 with the real texts
    assert call("POST", "accounts", {"username": "x@example.com", "password": "pw"}) == (
        452, ["The company name can not be blank.", "The phone number can not be blank."])
    assert call("POST", "accounts", {"username": "nope", "password": "pw", "companyname": "C",
                                     "phone": "letters"}) == (
        452, ["The username must be a valid e-mail address.",
              "The phone number may contain only digits, spaces and + - ( ) ."])
    # 453: owned by another master; 454: a sub-account key cannot create accounts
    other = dyn_emulator.add_apikey("other-key")
    full = {"password": "pw", "companyname": "C", "phone": "1"}
    assert call("POST", "accounts", dict(full, username=other["username"]))[0] == 453
    assert call("POST", "accounts", dict(full, username="z@example.com"), apikey=data["apikey"]) == (
        454, {})


def test_account_delete(dyn_emulator, call):
    sub = dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sub@example.com")
    call("POST", "senders", {"emailaddress": "s@example.com"}, apikey=sub["apikey"])
    own = call("GET", "accounts")[1]["accounts"][0]["username"]
    assert call("POST", "accounts/delete", {"username": own}) == (452, ["username: An account can not delete itself"])
    assert call("POST", "accounts/delete", {"username": "sub@example.com"}) == (200, {})
    assert call("POST", "accounts/delete", {"username": "sub@example.com"})[0] == 404
    assert call("GET", "accounts", apikey=sub["apikey"])[0] == 451
    assert "sub@example.com" not in dyn_emulator.app.state.part("email").accounts


def test_xheaders(call):
    empty = {"xheader1": "", "xheader2": "", "xheader3": "", "xheader4": ""}
    assert call("GET", "accounts/xheaders") == (200, empty)
    assert call("POST", "accounts/xheaders", {"xheader2": "X-Campaign"}) == (200, dict(empty, xheader2="X-Campaign"))
    assert call("POST", "accounts/xheaders", {"xheader1": "Campaign"}) == (
        452, ["xheader1: Expected an X- header name (letters, digits, -)"])
    assert call("GET", "accounts/xheaders")[1]["xheader2"] == "X-Campaign"


# -- senders --------------------------------------------------------------------------------------

def test_senders(call, sender):
    assert call("GET", "senders") == (200, {"senders": [{"emailaddress": sender}]})
    assert call("GET", "senders/status", {"emailaddress": sender}) == (200, {"ready": 1})
    assert call("POST", "senders", {"emailaddress": sender, "seeding": "1"}) == (200, {})
    assert call("POST", "senders/dkim", {"emailaddress": sender, "dkim": "bad selector!"}) == (
        452, ["dkim: Expected a selector of letters, digits, - and _"])
    assert call("POST", "senders/dkim", {"emailaddress": sender, "dkim": "s1"}) == (200, {})
    status, details = call("GET", "senders/details", {"emailaddress": sender.upper()})
    assert {k: details[k] for k in ("emailaddress", "seeding", "spf", "dkim", "dkimval")} == {
        "emailaddress": sender, "seeding": 1, "spf": 1, "dkim": 1, "dkimval": "s1"}
    assert details["s1._domainkey.example.com"].startswith("v=DKIM1; k=rsa; p=")
    assert call("POST", "senders/delete", {"emailaddress": sender}) == (200, {})
    for method, path in (("GET", "senders/details"), ("GET", "senders/status"), ("POST", "senders/delete")):
        assert call(method, path, {"emailaddress": sender})[0] == 404
    assert call("POST", "senders", {"emailaddress": "not-an-address"}) == (
        452, ["emailaddress: Expected a valid e-mail address"])


def test_sender_paging_accepts_both_index_names(call):
    for index in range(30):
        call("POST", "senders", {"emailaddress": "s%02d@example.com" % index})
    assert len(call("GET", "senders")[1]["senders"]) == 25
    tail = ["s%02d@example.com" % i for i in range(25, 30)]
    for name in ("startindex", "start_index"):
        assert [s["emailaddress"] for s in call("GET", "senders", {name: 25})[1]["senders"]] == tail
    assert call("GET", "senders", {"startindex": "-1"})[0] == 452


def test_senders_are_per_account(dyn_emulator, call, sender):
    sub = dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sub@example.com")
    assert call("GET", "senders", apikey=sub["apikey"]) == (200, {"senders": []})


# -- recipients and suppressions ------------------------------------------------------------------

def test_recipients(dyn_emulator, call, client):
    call("POST", "suppressions", {"emailaddress": "s@example.com"})
    status, _, body = client.request(
        "GET", "/rest/json/recipients/status?apikey=%s&emailaddress[]=a@example.com&emailaddress[]=s@example.com"
        % dyn_emulator.demo_apikey)
    assert json.loads(body)["response"]["data"] == {"recipients": [
        {"emailaddress": "a@example.com", "status": "active", "suppressionstatus": "unsuppressed"},
        {"emailaddress": "s@example.com", "status": "active", "suppressionstatus": "suppressed"}]}
    assert call("GET", "recipients/status") == (452, ["emailaddress: This field is required"])
    assert call("GET", "recipients/status", {"emailaddress": ["ok@example.com", "bad"]}) == (
        452, ["emailaddress: Expected a valid e-mail address"])
    assert call("POST", "recipients/activate", {"emailaddress": "a@example.com"}) == (200, {})


def test_suppressions(call):
    assert call("POST", "suppressions", {"emailaddress": "s@example.com"}) == (200, {})
    assert call("POST", "suppressions", {"emailaddress": "S@example.com"})[0] == 453
    [item] = call("GET", "suppressions")[1]["suppressions"]
    assert set(item) == {"emailaddress", "suppresstime", "suppressionid", "reasontype"}
    assert item["suppresstime"].endswith("+00:00") and item["reasontype"] == "manual"
    assert call("GET", "suppressions/count") == (200, {"count": 1})
    assert call("GET", "suppressions/count", {"startdate": "2000-01-01T00:00:00"}) == (200, {"count": 1})
    assert call("GET", "suppressions/count", {"enddate": "2000-01-01T00:00:00+01:00"}) == (200, {"count": 0})
    assert call("GET", "suppressions", {"startdate": "yesterday"}) == (
        452, ["startdate: Expected an ISO 8601 date and time, e.g. 2016-01-11T17:53:59+00:00"])
    assert call("GET", "suppressions", {"startdate": "2001-01-01T00:00:00+00:00",
                                        "enddate": "2000-01-01T00:00:00+00:00"}) == (
        452, ["enddate: Must be after startdate"])
    assert call("POST", "suppressions/activate", {"emailaddress": "s@example.com"}) == (200, {})
    assert call("POST", "suppressions/activate", {"emailaddress": "s@example.com"})[0] == 404


def test_suppression_paging(dyn_emulator, call):
    for index in range(501):
        call("POST", "suppressions", {"emailaddress": "x%03d@example.com" % index})
    assert len(call("GET", "suppressions")[1]["suppressions"]) == 500
    assert [s["emailaddress"] for s in call("GET", "suppressions", {"startindex": 500})[1]["suppressions"]] == [
        "x500@example.com"]


# -- send and the outbox ---------------------------------------------------------------------------

def test_send_forms_and_outbox(dyn_emulator, client, call, sender):
    form = ("apikey=%s&from=News+%%3Cnews%%40example.com%%3E&to[]=a%%40example.org&to[]=b%%40example.org"
            "&cc=c%%40example.org%%2C+D+%%3Cd%%40example.org%%3E&subject=Hi&bodytext=x"
            "&xheaders=%%7B%%22X-Campaign%%22%%3A+%%22spring%%22%%7D&X-Customer=42&priority=1"
            % dyn_emulator.demo_apikey)
    status, _, body = client.request("POST", "/rest/json/send", form,
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, json.loads(body)) == (200, {"response": {"status": 200, "message": "OK",
                                                             "data": "250 2.1.5 Ok"}})
    status, _, body = client.request("GET", "/__emulator__/outbox")
    [message] = json.loads(body)["messages"]
    assert message["recipients"] == ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]
    assert message["xheaders"] == {"X-Campaign": "spring", "X-Customer": "42"}
    assert message["extra"] == {"priority": "1"} and message["sender"] == sender
    assert message["account"] == call("GET", "accounts")[1]["accounts"][0]["username"]
    assert dyn_emulator.outbox() == [message]
    status, _, body = client.request("DELETE", "/__emulator__/outbox")
    assert json.loads(body) == {"status": "ok", "deleted": 1}
    assert json.loads(client.request("GET", "/__emulator__/outbox")[2]) == {"messages": []}
    assert client.request("POST", "/__emulator__/outbox")[0] == 405


def test_send_validation(call, sender):
    assert call("POST", "send") == (452, [
        "from: This field is required", "subject: This field is required", "to: This field is required",
        "bodytext: A text or an HTML body is required"])
    base = {"from": sender, "to": "a@example.org", "subject": "S", "bodytext": "b"}
    assert call("POST", "send", dict(base, **{"from": "x@example.com"})) == (
        452, ["from: The sender is not an approved sender"])
    assert call("POST", "send", dict(base, cc="nope", replyto="also nope")) == (
        452, ["cc: Expected a valid e-mail address, got 'nope'", "replyto: Expected a valid e-mail address"])
    assert call("POST", "send", dict(base, xheaders='{"Campaign": "x"}')) == (
        452, ["xheaders: Expected a JSON object of X- headers and text values"])
    assert call("POST", "send", dict(base, xheaders="not json"))[0] == 452
    assert call("POST", "send", base) == (200, "250 2.1.5 Ok")


def test_emails_sent_counter(call, sender):
    call("POST", "send", {"from": sender, "to": ["a@example.org", "b@example.org"], "subject": "S",
                          "bodytext": "b"})
    assert call("GET", "accounts")[1]["accounts"][0]["emailssent"] == "2"


# -- reports ----------------------------------------------------------------------------------------

def test_report_derivation(call, sender):
    to = ["bounce@%s" % TEST, "bounce@example.org", "open-7@%s" % TEST, "click@mx.%s" % TEST,
          "complaint@%s" % TEST, "softbounce+x@%s" % TEST]
    call("POST", "send", {"from": sender, "to": to, "subject": "S", "bodytext": "see http://example.net/x"})
    got = {kind: [i["emailaddress"] for i in call("GET", "reports/" + kind, RANGE)[1][kind]]
           for kind in ("sent", "delivered", "bounces", "complaints", "issues", "opens", "clicks")}
    assert got == {"sent": to, "delivered": to[1:5], "bounces": [to[0], to[5]], "complaints": [to[4]],
                   "issues": [], "opens": [to[2], to[3]], "clicks": [to[3]]}
    [click] = call("GET", "reports/clicks", RANGE)[1]["clicks"]
    assert set(click) == {"emailaddress", "sender", "date", "xheaders", "ip", "clicklink"}
    assert click["clicklink"] == "http://example.net/x" and click["xheaders"] == []
    assert call("GET", "recipients/status", {"emailaddress": to[0]})[1]["recipients"][0]["status"] == "inactive"


def test_report_counts_unique_and_paths(call, sender):
    for _ in range(2):
        call("POST", "send", {"from": sender, "to": "open@%s" % TEST, "subject": "S", "bodytext": "b"})
    assert call("GET", "reports/opens/count/", RANGE) == (200, {"count": 2})
    assert call("GET", "reports/opens/count/unique", RANGE) == (200, {"count": 1})
    assert len(call("GET", "reports/opens/unique", RANGE)[1]["opens"]) == 1
    assert call("GET", "reports/sent/unique", RANGE)[0] == 404
    assert call("GET", "reports/sent") == (452, ["starttime: This field is required",
                                                 "endtime: This field is required"])
    assert call("GET", "reports/sent", {"starttime": RANGE["endtime"], "endtime": RANGE["starttime"]}) == (
        452, ["endtime: Must be after starttime"])


def test_report_filters_and_paging(call, sender):
    call("POST", "senders", {"emailaddress": "b@example.com"})
    call("POST", "send", {"from": sender, "to": ["r%03d@example.org" % i for i in range(501)], "subject": "S",
                          "bodytext": "b", "X-Campaign": "big"})
    call("POST", "send", {"from": "b@example.com", "to": "x@example.net", "subject": "S", "bodytext": "b"})
    assert len(call("GET", "reports/sent", RANGE)[1]["sent"]) == 500
    assert [i["emailaddress"] for i in call("GET", "reports/sent", dict(RANGE, startindex=500))[1]["sent"]] == [
        "r500@example.org", "x@example.net"]
    count = lambda **f: call("GET", "reports/sent/count", dict(RANGE, **f))[1]["count"]  # noqa: E731
    assert count(sender="B@example.com") == 1 and count(domain="example.net") == 1
    assert count(emailaddress="r007@example.org") == 1 and count(recipient="r007@example.org") == 1
    assert count(**{"X-Campaign": "big"}) == 501 and count(**{"x-campaign": "other"}) == 0
    assert count(starttime="2100-01-01T00:00:00+00:00", endtime="2100-01-02T00:00:00+00:00") == 0


# -- state ------------------------------------------------------------------------------------------

def test_state_snapshot_restore_and_reset(dyn_emulator, call, sender):
    call("POST", "suppressions", {"emailaddress": "s@example.com"})
    call("POST", "send", {"from": sender, "to": "a@example.org", "subject": "S", "bodytext": "b"})
    snapshot = json.loads(json.dumps(dyn_emulator.app.state.snapshot()))
    fresh = State()
    fresh.restore(snapshot)
    assert fresh.part("email").messages() == dyn_emulator.outbox()
    username = next(iter(snapshot["parts"]["email"]["accounts"]))
    assert set(fresh.part("email").account(username)["suppressions"]) == {"s@example.com"}
    dyn_emulator.reset()
    assert dyn_emulator.outbox() == [] and dyn_emulator.app.state.part("email").accounts == {}
    assert call("GET", "senders") == (200, {"senders": []})
