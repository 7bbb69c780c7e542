"""Unit tests of the emulator's WSGI app, called directly (no server, no sockets)."""
import io
import json
import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyn.emulator import EmulatorApp, Result
from dyn.emulator.router import TMRegistry
from dyn.emulator.state import DEMO_ACCOUNT, State, StatePart, register_state_part, STATE_PARTS


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


def call(app, method, path, body=None, token=None, query="", content_type="application/json"):
    raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else b"")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(raw)),
               "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(raw)}
    if token:
        environ["HTTP_AUTH_TOKEN"] = token
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    chunks = app(environ, start_response)
    data = b"".join(chunks)
    assert seen["headers"]["Content-Length"] == str(len(data))
    return int(seen["status"][:3]), seen["headers"], data


def call_json(app, *args, **kwargs):
    status, headers, data = call(app, *args, **kwargs)
    assert headers["Content-Type"] == "application/json"
    return status, json.loads(data)


def login(app, account=DEMO_ACCOUNT):
    customer, user, password = account
    status, body = call_json(app, "POST", "/REST/Session/",
                             {"customer_name": customer, "user_name": user, "password": password})
    assert status == 200, body
    return body["data"]["token"]


def test_login_then_isalive_with_query_and_body_args():
    app = EmulatorApp()
    token = login(app)
    assert len(token) == 172
    status, body = call_json(app, "GET", "/rest/session", token=token, query="detail=Y")
    assert status == 200 and body["msgs"][0]["INFO"] == "isalive: User session is still active"


def test_job_ids_increase():
    app = EmulatorApp()
    ids = [call_json(app, "GET", "/REST/Session/")[1]["job_id"] for _ in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3 and ids[0] > 1_000_000_000


def test_idle_expiry_uses_the_clock():
    clock = Clock()
    app = EmulatorApp(token_lifetime=60, clock=clock)
    token = login(app)
    clock.now += 59
    assert call_json(app, "PUT", "/REST/Session/", token=token)[0] == 200  # resets the timer
    clock.now += 59
    assert call_json(app, "GET", "/REST/Session/", token=token)[0] == 200
    clock.now += 61
    status, body = call_json(app, "GET", "/REST/Session/", token=token)
    assert status == 400 and body["msgs"][0]["INFO"] == "login: inactivity logout"


def test_handler_exception_becomes_internal_error(caplog):
    registry = TMRegistry()
    registry.resource("Boom", auth=False).route("GET")(lambda ctx: 1 / 0)
    app = EmulatorApp(tm_resources=registry)
    with caplog.at_level(logging.ERROR, logger="dyn.emulator.app"):
        status, body = call_json(app, "GET", "/REST/Boom/")
    assert status == 500
    assert body["status"] == "failure" and body["msgs"][0]["ERR_CD"] == "INTERNAL_ERROR"
    assert "ZeroDivisionError" in caplog.text


def test_mm_handler_exception_becomes_mm_500():
    from dyn.emulator.router import MMRegistry
    registry = MMRegistry()
    registry.route("boom", "GET")(lambda ctx: 1 / 0)
    app = EmulatorApp(mm_methods=registry)
    status, body = call_json(app, "GET", "/rest/json/boom", query="apikey=demo-api-key")
    assert status == 500 and body["response"]["status"] == 500


def test_handlers_see_names_normalised():
    registry = TMRegistry()
    seen = {}

    def handler(ctx):
        seen.update(segments=ctx.segments, names=ctx.names, args=ctx.args)
        return Result({"ok": True}, ["get: fine"])

    registry.resource("ARecord", auth=False).route("GET")(handler)
    app = EmulatorApp(tm_resources=registry)
    status, _ = call_json(app, "GET", "/REST/arecord/Example.COM./WWW.example.com./", {"detail": "Y"},
                          query="detail=N&x=1")
    assert status == 200
    assert seen == {"segments": ["Example.COM.", "WWW.example.com."],
                    "names": ["example.com", "www.example.com"], "args": {"detail": "Y", "x": "1"}}


def test_state_file_round_trip(tmp_path):
    path = str(tmp_path / "state.json")
    app = EmulatorApp(state_file=path, state_backend="json")
    app.add_account("acme", "alice", "secret")
    app.add_apikey("key-2")
    token = login(app, ("acme", "alice", "secret"))
    data = json.loads(open(path).read())
    assert set(data["parts"]) >= {"accounts", "apikeys", "tokens"}
    again = EmulatorApp(state_file=path, state_backend="json")
    assert call_json(again, "GET", "/REST/Session/", token=token)[0] == 200
    assert again.state.apikeys.account_for("key-2") is not None
    assert again.state.next_job_id() > app.state.next_job_id() - 1


def test_file_session_store_keeps_tokens(tmp_path):
    from dyn.emulator import FileSessionStore

    path = str(tmp_path / "tokens.json")
    token = login(EmulatorApp(session_store=FileSessionStore(path)))
    again = EmulatorApp(session_store=FileSessionStore(path))
    assert call_json(again, "GET", "/REST/Session/", token=token)[0] == 200
    assert call_json(again, "DELETE", "/REST/Session/", token=token)[0] == 200
    assert token not in FileSessionStore(path)


def test_state_parts_can_be_registered(tmp_path):
    class Counter(StatePart):
        name = "counter"

        def reset(self):
            self.value = 0

        def snapshot(self):
            return {"value": self.value}

        def restore(self, data):
            self.value = data["value"]

    register_state_part("counter", Counter)
    try:
        path = str(tmp_path / "state.json")
        state = State(state_file=path)
        state.part("counter").value = 5
        state.save()
        assert State(state_file=path).part("counter").value == 5
        state.reset()
        assert state.part("counter").value == 0
    finally:
        STATE_PARTS.pop("counter")


def test_secrets_never_reach_the_request_log():
    app = EmulatorApp()
    token = login(app)
    call_json(app, "PUT", "/REST/Password/", {"password": "n3w-secret"}, token=token)
    call_json(app, "GET", "/rest/json/accounts", query="apikey=demo-api-key")
    dump = json.dumps(app.requests)
    for secret in ("demo_password", "n3w-secret", "demo-api-key", token):
        assert secret not in dump


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
       resource=st.sampled_from(["Session", "Password", "UserPermissionReport", "Job", "Job/12", "Nope"]),
       body=JSONISH | st.binary(max_size=30))
def test_any_input_gets_a_tm_envelope_and_no_state_change(method, resource, body):
    app = EmulatorApp()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    before = app.state.snapshot()["parts"]["accounts"]
    status, headers, data = call(app, method, f"/REST/{resource}/", raw)
    payload = json.loads(data)
    assert set(payload) >= {"status", "data", "job_id"}
    assert status < 500
    if resource == "Session" and method == "POST":
        assert status in (200, 400)
    assert app.state.snapshot()["parts"]["accounts"] == before
