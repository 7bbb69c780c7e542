"""The request pipeline (dyn.core.SessionEngine) through DynectSession, over a scripted transport."""
import logging
import time

import pytest

from dyn.core import RetryPolicy
from dyn.tm import errors
from dyn.tm.session import DynectSession
from dyn.transport import ConnectError, ReadError, Response
from support import BAD_PASSWORD, BLOCKED, EXPIRED, ScriptedTransport, login_ok, msg, tm

FAST = RetryPolicy(max_retries=3, backoff_base=0.001, backoff_cap=0.002, job_first_poll=0.001,
                   job_poll_cap=0.002, job_timeout=5)


def session(transport, **kw):
    kw.setdefault("policy", FAST)
    DynectSession.close_session()  # several sessions per test: start each from an empty slot
    return DynectSession("acme", "alice", "s3cret-pw", transport=transport, **kw)


def test_login_sends_credentials_and_uses_token_afterwards():
    t = ScriptedTransport(login_ok("TOK"), tm(data=[]))
    s = session(t, api_version="3.7.9")
    assert s.execute("/Zone/", "GET", {"detail": "Y"})["data"] == []
    (m1, p1, b1, h1), (m2, p2, b2, h2) = t.sent
    assert (m1, p1, b1) == ("POST", "/REST/Session/",
                            {"customer_name": "acme", "user_name": "alice", "password": "s3cret-pw"})
    assert "Auth-Token" not in h1
    assert (m2, p2, b2) == ("GET", "/REST/Zone/", {"detail": "Y"})
    assert h2["Auth-Token"] == "TOK" and h2["API-Version"] == "3.7.9"
    assert h2["Content-Type"] == "application/json" and h2["User-Agent"].startswith("dyn-py v")


def test_uri_root_and_leading_slash_added_once():
    t = ScriptedTransport(login_ok(), tm(), tm(), tm())
    s = session(t)
    s.execute("Zone/a.com/", "GET")
    s.execute("/REST/Zone/b.com/", "GET")
    s.execute("/Zone/c.com/", "delete")
    assert [c[:2] for c in t.calls[1:]] == [("GET", "/REST/Zone/a.com/"), ("GET", "/REST/Zone/b.com/"),
                                           ("DELETE", "/REST/Zone/c.com/")]
    assert t.calls[1][2] == {}  # a JSON body on every method


def test_invalid_method_raises_before_sending():
    t = ScriptedTransport(login_ok())
    s = session(t)
    with pytest.raises(ValueError, match="PATCH"):
        s.execute("/Zone/", "PATCH")
    assert len(t.sent) == 1


def test_object_arguments_use_underscored_attributes():
    class Obj:
        def __init__(self):
            self._ttl = 300
            self._note = None
            self.public = "ignored"
            self._nested = type("N", (), {"_json": {"a": 1}})()

    t = ScriptedTransport(login_ok(), tm())
    session(t).execute("/Zone/x/", "PUT", Obj())
    assert t.calls[1][2] == {"ttl": 300, "nested": {"a": 1}}


def test_307_job_is_polled_quickly_until_complete():
    t = ScriptedTransport(login_ok(), Response(307, {"Location": "/REST/Job/77"}, b"/REST/Job/77"),
                          tm("incomplete", job_id=77), tm("incomplete", job_id=77), tm("incomplete", job_id=77),
                          tm(data={"done": True}, job_id=77))
    s = DynectSession("acme", "alice", "pw", transport=t)  # default policy: first poll after 50 ms
    started = time.monotonic()
    result = s.execute("/Zone/a.com/", "PUT", {"publish": True})
    elapsed = time.monotonic() - started
    assert result["data"] == {"done": True} and result["job_id"] == 77
    assert [c[:2] for c in t.calls[2:]] == [("GET", "/REST/Job/77")] * 4
    assert elapsed < 0.6, elapsed


def test_incomplete_on_original_request_polls_job_uri():
    t = ScriptedTransport(login_ok(), tm("incomplete", job_id=9), tm(data={"ok": 1}, job_id=9))
    assert session(t).execute("/Zone/a.com/", "GET")["data"] == {"ok": 1}
    assert t.calls[2][:2] == ("GET", "/REST/Job/9/")


def test_job_that_never_completes_times_out_with_job_id():
    t = ScriptedTransport(login_ok(), Response(307, {"Location": "/REST/Job/5"}, b""))
    t.add(*[tm("incomplete", job_id=5)] * 500)
    policy = RetryPolicy(job_first_poll=0.001, job_poll_cap=0.005, job_timeout=0.1)
    with pytest.raises(errors.DynectQueryTimeout) as info:
        session(t, policy=policy).execute("/Zone/a.com/", "PUT", {"publish": True})
    assert info.value.job_id == 5
    assert "did not complete" in str(info.value)


def test_failed_job_raises_error_of_original_method():
    t = ScriptedTransport(login_ok(), Response(307, {"Location": "/REST/Job/5"}, b""),
                          tm("failure", job_id=5, http=400, msgs=[msg("name: Name already exists",
                                                                      "TARGET_EXISTS", "ERROR")]))
    with pytest.raises(errors.DynectCreateError) as info:
        session(t).execute("/Zone/a.com/", "POST", {"rname": "a@a.com", "ttl": 60})
    assert isinstance(info.value, errors.DynectAlreadyExistsError)
    assert not isinstance(info.value, errors.DynectGetError)


def test_expired_token_relogs_in_once_and_replays():
    t = ScriptedTransport(login_ok("OLD"), tm("failure", msgs=EXPIRED, http=400), login_ok("NEW"),
                          tm(data={"zone": "a.com"}))
    s = session(t)
    assert s.execute("/Zone/a.com/", "POST", {"ttl": 1})["data"] == {"zone": "a.com"}
    assert [c[:2] for c in t.calls] == [("POST", "/REST/Session/"), ("POST", "/REST/Zone/a.com/"),
                                        ("POST", "/REST/Session/"), ("POST", "/REST/Zone/a.com/")]
    assert t.sent[3][3]["Auth-Token"] == "NEW"


@pytest.mark.parametrize("first_info", ["login: inactivity logout",
                                        "login: IP address does not match current session"])
def test_other_expiry_reasons_also_relogin(first_info):
    msgs = [msg(first_info, "INVALID_DATA", "ERROR"), msg("login: There was a problem with your credentials")]
    t = ScriptedTransport(login_ok(), tm("failure", msgs=msgs, http=400), login_ok("T2"), tm())
    session(t).execute("/Zone/", "GET")
    assert len(t.sent) == 4


def test_expired_twice_raises_auth_error_without_looping():
    t = ScriptedTransport(login_ok(), tm("failure", msgs=EXPIRED, http=400), login_ok("T2"),
                          tm("failure", msgs=EXPIRED, http=400))
    with pytest.raises(errors.DynectAuthError) as info:
        session(t).execute("/Zone/", "GET")
    assert info.value.http_status == 400 and "Bad or expired" in str(info.value)
    assert len(t.sent) == 4


def test_failed_relogin_raises_auth_error():
    t = ScriptedTransport(login_ok(), tm("failure", msgs=EXPIRED, http=400),
                          tm("failure", msgs=BAD_PASSWORD, http=400))
    with pytest.raises(errors.DynectAuthError):
        session(t).execute("/Zone/", "GET")


def test_bad_credentials_raise_auth_error_and_register_nothing():
    t = ScriptedTransport(tm("failure", msgs=BAD_PASSWORD, http=400, job_id=12345678))
    with pytest.raises(errors.DynectAuthError) as info:
        session(t)
    err = info.value
    assert err.job_id == 12345678 and err.ERR_CD == "INVALID_DATA" and err.http_status == 400
    assert str(err) == ("login: Credentials you entered did not match those in our database. "
                        "Please try again. login: Login failed.")
    assert DynectSession.get_session() is None


def test_rate_limit_retries_with_retry_after_then_succeeds():
    limited = tm("failure", http=429, headers={"Retry-After": "0.01"},
                 msgs=[msg("rate: limit", "RATE_LIMIT_EXCEEDED", "ERROR")])
    t = ScriptedTransport(login_ok(), limited, limited, tm(data={"ok": 1}))
    s = session(t)
    slept = []
    s._sleep = slept.append
    assert s.execute("/Zone/", "GET")["data"] == {"ok": 1}
    assert len(slept) == 2 and all(d >= 0.01 for d in slept)


def test_rate_limit_retries_are_bounded_and_typed():
    limited = tm("failure", http=429, msgs=[msg("rate: limit", "RATE_LIMIT_EXCEEDED", "ERROR")])
    t = ScriptedTransport(login_ok(), *[limited] * 4)
    s = session(t)
    with pytest.raises(errors.DynectRateLimitError) as info:
        s.execute("/Zone/", "GET")
    assert isinstance(info.value, errors.DynectGetError)
    assert info.value.ERR_CD == "RATE_LIMIT_EXCEEDED"
    assert len(t.sent) == 1 + 1 + FAST.max_retries


def test_retry_delays_back_off_exponentially_with_cap():
    policy = RetryPolicy(backoff_base=1, backoff_cap=4, jitter=0)
    assert [policy.delay(n) for n in range(1, 6)] == [1, 2, 4, 4, 4]
    jittery = RetryPolicy(backoff_base=1, backoff_cap=4, jitter=0.5)
    assert all(0.5 <= jittery.delay(1) <= 1 for _ in range(50))
    assert policy.delay(1, retry_after=3) == 3
    assert RetryPolicy(retry_after_cap=10).delay(1, retry_after=1000) <= 10


def test_blocked_task_is_retried_then_raises_blocked_error():
    blocked = tm("failure", http=400, msgs=BLOCKED)
    t = ScriptedTransport(login_ok(), blocked, tm(data={"ok": 1}))
    assert session(t).execute("/Zone/a.com/", "DELETE")["data"] == {"ok": 1}
    t = ScriptedTransport(login_ok(), *[blocked] * 4)
    with pytest.raises(errors.DynectBlockedError) as info:
        session(t).execute("/Zone/a.com/", "DELETE")
    assert isinstance(info.value, errors.DynectDeleteError)
    assert "task_id: 39120953" in str(info.value)


def test_busy_token_is_retried():
    busy = tm("running", http=400, msgs=[msg("token: This session already has a job running",
                                             "OPERATION_FAILED", "ERROR", "API-B")])
    t = ScriptedTransport(login_ok(), busy, tm())
    session(t).execute("/Zone/", "GET")
    assert len(t.sent) == 3


def test_final_disables_retries():
    limited = tm("failure", http=429, msgs=[msg("rate: limit", "RATE_LIMIT_EXCEEDED", "ERROR")])
    t = ScriptedTransport(login_ok(), limited)
    with pytest.raises(errors.DynectRateLimitError):
        session(t).execute("/Zone/", "GET", final=True)
    assert len(t.sent) == 2


def test_connection_errors_retry_idempotent_calls_only():
    t = ScriptedTransport(login_ok(), ReadError("reset"), tm(data={"ok": 1}))
    assert session(t).execute("/Zone/", "GET")["data"] == {"ok": 1}

    t = ScriptedTransport(login_ok(), ReadError("reset by peer"))
    with pytest.raises(errors.DynectConnectionError) as info:
        session(t).execute("/Zone/a.com/", "POST", {"ttl": 1})
    assert isinstance(info.value, errors.DynectCreateError) and isinstance(info.value, OSError)
    assert len(t.sent) == 2  # the POST may have reached the server: not repeated

    t = ScriptedTransport(login_ok(), ConnectError("refused"), tm(data={"ok": 2}))
    assert session(t).execute("/Zone/a.com/", "POST", {"ttl": 1})["data"] == {"ok": 2}


def test_connection_retries_are_bounded():
    t = ScriptedTransport(login_ok(), *[ReadError("reset")] * 4)
    with pytest.raises(errors.DynectConnectionError):
        session(t).execute("/Zone/", "GET")
    assert len(t.sent) == 1 + 1 + FAST.max_retries


def test_unreachable_host_at_login_is_an_auth_error():
    t = ScriptedTransport(*[ConnectError("refused")] * 4)
    with pytest.raises(errors.DynectAuthError) as info:
        session(t)
    assert isinstance(info.value, errors.DynectConnectionError)
    assert "Unable to access the API host" in str(info.value)


def test_5xx_text_answers_retry_idempotent_then_raise_response_error():
    bad = Response(503, {"Content-Type": "text/plain"}, b"Service Unavailable")
    t = ScriptedTransport(login_ok(), bad, tm(data={"ok": 1}))
    assert session(t).execute("/Zone/", "GET")["data"] == {"ok": 1}
    t = ScriptedTransport(login_ok(), bad)
    with pytest.raises(errors.DynectResponseError) as info:
        session(t).execute("/Zone/a.com/", "POST", {})
    assert isinstance(info.value, ValueError) and isinstance(info.value, errors.DynectCreateError)
    assert info.value.http_status == 503 and "Service Unavailable" in str(info.value)


def test_empty_body_is_a_clear_response_error():
    t = ScriptedTransport(login_ok(), Response(200, {}, b""))
    with pytest.raises(errors.DynectResponseError, match="Received Empty Response"):
        session(t).execute("/Zone/", "GET")


@pytest.mark.parametrize("method,code,action,cause", [
    ("GET", "NOT_FOUND", errors.DynectGetError, errors.DynectNotFoundError),
    ("DELETE", "NOT_FOUND", errors.DynectDeleteError, errors.DynectNotFoundError),
    ("POST", "TARGET_EXISTS", errors.DynectCreateError, errors.DynectAlreadyExistsError),
    ("PUT", "INVALID_DATA", errors.DynectUpdateError, None),
])
def test_failures_map_to_action_and_cause_classes(method, code, action, cause):
    failure = tm("failure", http=404 if code == "NOT_FOUND" else 400, job_id=4349699368,
                 msgs=[msg("zone: No such zone", code, "ERROR", "API-B"), msg("get: failed")])
    t = ScriptedTransport(login_ok(), failure)
    with pytest.raises(action) as info:
        session(t).execute("/Zone/nope.com/", method)
    err = info.value
    if cause is not None:
        assert isinstance(err, cause)
    assert err.ERR_CD == code and err.job_id == 4349699368
    assert err.msgs[0]["INFO"] == "zone: No such zone"
    assert err.method == method and err.uri == "/REST/Zone/nope.com/"
    assert str(err) == "zone: No such zone. get: failed."


def test_history_records_calls_with_secrets_masked():
    t = ScriptedTransport(login_ok(), tm(), tm())
    s = session(t, history=True)
    s.execute("/Password/", "PUT", {"password": "n3w-pw"})
    s.execute("/Zone/", "GET", {"detail": "Y"})
    entries = list(s.history)
    assert [(e[1], e[2], e[4]) for e in entries] == [("/REST/Session/", "POST", "success"),
                                                     ("/REST/Password/", "PUT", "success"),
                                                     ("/REST/Zone/", "GET", "success")]
    assert entries[0][3]["password"] == "********" and entries[1][3]["password"] == "********"
    assert "s3cret-pw" not in repr(entries) and "n3w-pw" not in repr(entries)


def test_debug_logs_never_contain_secrets(caplog):
    caplog.set_level(logging.DEBUG)
    t = ScriptedTransport(login_ok("TOKEN-SECRET-VALUE"), tm("failure", msgs=EXPIRED, http=400),
                          login_ok("TOKEN-SECRET-2"), tm())
    s = session(t)
    s.execute("/Password/", "PUT", {"password": "n3w-pw", "nested": {"apikey": "KEY-123"}})
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "POST /REST/Session/" in caplog.text  # something was logged
    for secret in ("s3cret-pw", "TOKEN-SECRET-VALUE", "TOKEN-SECRET-2", "n3w-pw", "KEY-123"):
        assert secret not in text
        assert secret not in repr(s) and secret not in str(s)


def test_debug_log_formatting_is_lazy(monkeypatch):
    import dyn.core

    calls = []
    monkeypatch.setattr(dyn.core, "redact", lambda v: calls.append(v) or v)
    logging.getLogger("DynectSession").setLevel(logging.INFO)
    try:
        t = ScriptedTransport(login_ok(), tm())
        session(t).execute("/Zone/", "GET", {"detail": "Y"})
    finally:
        logging.getLogger("DynectSession").setLevel(logging.NOTSET)
    assert calls == []
