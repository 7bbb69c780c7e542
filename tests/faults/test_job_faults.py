"""Faults while a write runs as a job, and non-idempotent PUTs: the write is never re-sent.

One generic driver over a table: each row scripts the server's answers after the write
was accepted as job 77, and states the expected end (the job's result, or a typed error
carrying the job id). Every row also asserts that the write was sent exactly once.
"""
import pytest

from dyn.core import RetryPolicy, is_idempotent
from dyn.tm import errors
from dyn.tm.session import DynectSession
from dyn.transport import ReadError, Response
from support import EXPIRED, ScriptedTransport, login_ok, msg, tm

FAST = RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.002, job_first_poll=0.001,
                   job_poll_cap=0.002, job_timeout=2)
JOB = Response(307, {"Location": "/REST/Job/77"}, b"/REST/Job/77")
DONE = tm(data={"service_id": "S1"}, job_id=77)
INCOMPLETE = tm("incomplete", job_id=77)
POLL_5XX = Response(503, {}, b"<html>503</html>")
EXPIRED_POLL = tm("failure", http=400, msgs=EXPIRED, job_id=78)
NO_SUCH_JOB = tm("failure", http=404, job_id=79, msgs=[msg("job_id: No such job", "NOT_FOUND", "ERROR"),
                                                        msg("get: Job not found")])
WRITES = [("/DSF/", "POST", {"label": "svc"}), ("/ARecord/a.com/w.a.com/", "POST", {"rdata": {"address": "1.2.3.4"}}),
          ("/Zone/a.com/", "PUT", {"publish": True})]

# (name, answers after the 307, expected: None = success with DONE, or an error class)
ROWS = [
    ("incomplete for 3 polls", [INCOMPLETE] * 3 + [DONE], None),
    ("5xx burst on the poll", [POLL_5XX] * 4 + [DONE], None),
    ("connection errors on the poll", [ReadError("reset")] * 3 + [DONE], None),
    ("rate limited poll", [Response(429, {}, b"")] + [DONE], None),
    ("token expires during the job, new token reads it", [EXPIRED_POLL, login_ok("T2"), DONE], None),
    ("token expires during the job, job lost", [EXPIRED_POLL, login_ok("T2"), NO_SUCH_JOB],
     errors.DynectOutcomeUnknownError),
    ("poll keeps failing until the deadline", [POLL_5XX] * 5000, errors.DynectOutcomeUnknownError),
]


def _session(transport, policy=FAST):
    DynectSession.close_session()
    return DynectSession("acme", "alice", "pw", transport=transport, policy=policy)


@pytest.mark.parametrize("uri,method,args", WRITES, ids=[w[0] + w[1] for w in WRITES])
@pytest.mark.parametrize("name,answers,expected", ROWS, ids=[r[0] for r in ROWS])
def test_write_answered_as_job_is_sent_once(uri, method, args, name, answers, expected):
    policy = FAST if "deadline" not in name else RetryPolicy(job_first_poll=0.001, job_poll_cap=0.002,
                                                             job_timeout=0.2)
    t = ScriptedTransport(login_ok("T1"), JOB, *answers)
    s = _session(t, policy)
    if expected is None:
        assert s.execute(uri, method, args)["data"] == {"service_id": "S1"}
    else:
        with pytest.raises(expected) as info:
            s.execute(uri, method, args)
        assert info.value.job_id == 77 and "outcome unknown" in str(info.value)
    writes = [c for c in t.calls if c[1] == "/REST" + uri]
    assert writes == [(method, "/REST" + uri, args)]  # never re-sent
    polls = [h for m, p, b, h in t.sent if p.startswith("/REST/Job/")]
    assert all(p == "/REST/Job/77" for m, p, b, h in t.sent if p.startswith("/REST/Job/"))
    if "new token" in name:
        assert polls[-1]["Auth-Token"] == "T2"


# The idempotency decision, as a table: (method, args, idempotent?)
IDEMPOTENCY = [
    ("GET", {}, True), ("DELETE", {}, True), ("POST", {"rdata": {}}, False),
    ("PUT", {"ttl": 300}, True), ("PUT", {}, True), ("PUT", {"publish": True}, False),
    ("PUT", {"publish": False, "ttl": 60}, True), ("PUT", {"freeze": True}, False), ("PUT", {"thaw": True}, False),
    ("PUT", {"activate": True}, False), ("PUT", {"deactivate": True}, False), ("PUT", {"recover": True}, False),
    ("put", {"publish": 1}, False),
]


@pytest.mark.parametrize("method,args,expected", IDEMPOTENCY)
def test_idempotency_table(method, args, expected):
    assert is_idempotent(method, args) is expected


@pytest.mark.parametrize("action", ["publish", "freeze", "thaw"])
def test_acting_put_not_resent_after_dropped_answer(action):
    t = ScriptedTransport(login_ok(), ReadError("connection reset after send"), tm())
    s = _session(t)
    with pytest.raises(errors.DynectOutcomeUnknownError, match="outcome unknown"):
        s.execute("/Zone/a.com/", "PUT", {action: True})
    assert [c[:2] for c in t.calls] == [("POST", "/REST/Session/"), ("PUT", "/REST/Zone/a.com/")]


def test_acting_put_not_resent_after_5xx():
    t = ScriptedTransport(login_ok(), Response(503, {}, b""), tm())
    s = _session(t)
    with pytest.raises(errors.DynectUpdateError):
        s.execute("/Zone/a.com/", "PUT", {"publish": True})
    assert len(t.calls) == 2


def test_setting_put_still_retried_after_dropped_answer():
    t = ScriptedTransport(login_ok(), ReadError("reset"), tm(data={"ttl": 60}))
    s = _session(t)
    assert s.execute("/Zone/a.com/", "PUT", {"ttl": 60})["data"] == {"ttl": 60}
    assert len(t.calls) == 3
