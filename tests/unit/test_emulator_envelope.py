"""Unit tests of the emulator's envelopes and exact message texts."""
import json

from dyn.emulator import envelope
from dyn.emulator.envelope import APIError, Message, MMError, Result


def test_message_wire_form_and_key_order():
    message = envelope.error("zone: No such zone", "NOT_FOUND", "API-B")
    assert list(message.to_dict()) == ["INFO", "SOURCE", "ERR_CD", "LVL"]
    assert message.to_dict() == {"INFO": "zone: No such zone", "SOURCE": "API-B",
                                 "ERR_CD": "NOT_FOUND", "LVL": "ERROR"}
    assert envelope.info("get: x") == Message("get: x", None, "INFO", "BLL")


def test_tm_body_shape():
    body = envelope.tm_body("success", {}, 7, ["logout: Logout successful"])
    assert list(body) == ["status", "data", "job_id", "msgs"]
    assert body == {"status": "success", "data": {}, "job_id": 7, "msgs": [
        {"INFO": "logout: Logout successful", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"}]}


def test_result_accepts_texts_messages_and_tuples():
    result = Result({"a": 1}, ["x: one", envelope.info("y: two", "API-B"), ("z: three", None, "INFO", "DYN")])
    assert [item["SOURCE"] for item in result.body(1)["msgs"]] == ["BLL", "API-B", "DYN"]
    assert Result().body(1)["data"] == {}


def test_bad_credentials_body_is_exact():
    failure = envelope.bad_credentials()
    assert failure.http_status == 400
    assert failure.body(12345678) == {"status": "failure", "data": {}, "job_id": 12345678, "msgs": [
        {"INFO": "login: Credentials you entered did not match those in our database. Please try again",
         "SOURCE": "BLL", "ERR_CD": "INVALID_DATA", "LVL": "ERROR"},
        {"INFO": "login: Login failed", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"}]}


def test_expired_token_bodies_per_reason():
    expected_first = {
        "expired": "login: Bad or expired credentials",
        "inactivity": "login: inactivity logout",
        "ip": "login: IP address does not match current session",
    }
    for reason, first in expected_first.items():
        body = envelope.expired_token(reason).body(1)
        assert body["msgs"] == [
            {"INFO": first, "SOURCE": "BLL", "ERR_CD": "INVALID_DATA", "LVL": "ERROR"},
            {"INFO": "login: There was a problem with your credentials", "SOURCE": "BLL",
             "ERR_CD": None, "LVL": "INFO"}]


def test_blocked_task_body_is_exact():
    body = envelope.blocked_task(39120953).body(275545493)
    assert body == {"status": "failure", "data": {}, "job_id": 275545493, "msgs": [
        {"INFO": "zone: Operation blocked by current task", "SOURCE": "BLL",
         "ERR_CD": "ILLEGAL_OPERATION", "LVL": "ERROR"},
        {"INFO": "task_name: ProvisionZone", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"},
        {"INFO": "task_id: 39120953", "SOURCE": "BLL", "ERR_CD": None, "LVL": "INFO"}]}


def test_session_busy_body():
    failure = envelope.session_busy()
    assert failure.http_status == 400
    assert failure.body(1)["status"] == "failure"
    assert failure.body(1)["msgs"] == [{"INFO": "token: This session already has a job running",
                                        "SOURCE": "API-B", "ERR_CD": "OPERATION_FAILED", "LVL": "ERROR"}]


def test_rate_limited_has_retry_after_and_code():
    failure = envelope.rate_limited(3)
    assert failure.http_status == 429 and failure.headers == [("Retry-After", "3")]
    assert failure.body(1)["msgs"][0]["ERR_CD"] == "RATE_LIMIT_EXCEEDED"


def test_invalid_field_pattern():
    failure = envelope.invalid_field("address", "IP address expected", "add", "Record not added")
    assert failure.err_cd == "INVALID_DATA" and failure.http_status == 400
    assert [item["INFO"] for item in failure.body(1)["msgs"]] == [
        "address: IP address expected", "add: Record not added"]
    assert [item["LVL"] for item in failure.body(1)["msgs"]] == ["ERROR", "INFO"]


def test_routing_failures():
    assert envelope.unknown_resource("Nope").http_status == 404
    unsupported = envelope.unsupported_method("POST", ["GET", "PUT"])
    assert unsupported.http_status == 405
    assert unsupported.headers == [("Allow", "GET, PUT")]
    assert unsupported.body(1)["msgs"][0]["INFO"] == "request: Resource does not support POST requests"
    assert unsupported.body(1)["msgs"][0]["ERR_CD"] == "INVALID_REQUEST"


def test_api_error_str_never_fails():
    assert str(APIError("X", [])) == "X"
    assert "login: Login failed" in str(envelope.bad_credentials())


def test_incomplete_body_has_no_msgs():
    assert envelope.incomplete_body(399831496) == {"status": "incomplete", "data": None, "job_id": 399831496}


def test_mm_bodies():
    assert envelope.mm_body(451) == {"response": {"status": 451, "message": "Missing or Invalid API Key",
                                                  "data": {}}}
    assert envelope.mm_body(200, {"x": 1}) == {"response": {"status": 200, "message": "OK", "data": {"x": 1}}}
    failure = MMError(452, ["username: This field is required"])
    assert failure.body()["response"]["message"] == "Missing or Invalid Required Fields"
    assert failure.body()["response"]["data"] == ["username: This field is required"]


def test_responses():
    response = envelope.json_response(451, envelope.mm_body(451), reason="Missing or Invalid API Key")
    assert response.status_line == "451 Missing or Invalid API Key"
    assert json.loads(response.body) == response.payload
    assert ("Content-Length", str(len(response.body))) in response.wsgi_headers()
    assert ("Content-Type", "application/json") in response.headers
    assert envelope.json_response(307, {}).status_line == "307 Temporary Redirect"
    assert envelope.reason_phrase(599) == "Unknown"
