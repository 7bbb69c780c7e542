"""The per-thread singleton registry behind DynectSession and MMSession."""
import gc
import pickle
import threading

import pytest

from dyn.core import Singleton
from dyn.mm.session import MMSession
from dyn.tm.errors import DynectNoSessionError
from dyn.tm.session import DynectMultiSession, DynectSession
from support import ScriptedTransport, login_ok, tm


def make(transport, customer="acme", user="alice", password="pw", **kw):
    return DynectSession(customer, user, password, transport=transport, **kw)


def test_same_arguments_in_same_thread_return_the_same_session():
    t = ScriptedTransport(login_ok())
    first = make(t)
    assert make(t) is first
    assert DynectSession.get_session() is first
    assert len(t.sent) == 1  # no second login


def test_different_credentials_replace_and_log_out_the_old_session():
    t = ScriptedTransport(login_ok("T1"), tm(msgs=[]), login_ok("T2"))
    first = make(t)
    second = make(t, user="bob")
    assert second is not first and DynectSession.get_session() is second
    assert [c[:2] for c in t.calls] == [("POST", "/REST/Session/"), ("DELETE", "/REST/Session/"),
                                        ("POST", "/REST/Session/")]
    assert t.sent[1][3]["Auth-Token"] == "T1"
    assert t.calls[2][2]["user_name"] == "bob"
    assert first.token is None


def test_a_different_password_is_a_different_session():
    t = ScriptedTransport(login_ok("T1"), tm(), login_ok("T2"))
    first = make(t)
    assert make(t, password="other") is not first


def test_each_thread_has_its_own_session():
    t = ScriptedTransport(login_ok("MAIN"), *[login_ok("T%d" % i) for i in range(4)])
    main = make(t)
    seen = {}

    def worker(n):
        assert DynectSession.get_session() is None
        s = make(t, user="user%d" % n)
        seen[n] = (s, DynectSession.get_session())

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(s is got for s, got in seen.values())
    assert len({id(s) for s, _ in seen.values()} | {id(main)}) == 5
    assert DynectSession.get_session() is main


def test_tm_and_mm_sessions_coexist_in_one_thread():
    tm_session = make(ScriptedTransport(login_ok()))
    mm_session = MMSession("key", transport=ScriptedTransport())
    assert DynectSession.get_session() is tm_session
    assert MMSession.get_session() is mm_session


def test_close_session_unregisters_and_closes_connections_without_logout():
    t = ScriptedTransport(login_ok())
    s = make(t)
    assert DynectSession.close_session() is s
    assert DynectSession.get_session() is None
    assert t.closed == 1 and len(t.sent) == 1
    assert DynectSession.close_session() is None


def test_new_session_replaces_the_current_one():
    t = ScriptedTransport(login_ok("T1"), tm(), login_ok("T2"))
    first = make(t)
    second = DynectSession.new_session("acme", "alice", "pw", transport=t)
    assert second is not first and DynectSession.get_session() is second
    assert [c[0] for c in t.calls] == ["POST", "DELETE", "POST"]


def test_log_out_deletes_the_server_session_and_unregisters():
    t = ScriptedTransport(login_ok("T1"), tm())
    s = make(t)
    s.log_out()
    assert t.calls[-1][:2] == ("DELETE", "/REST/Session/")
    assert DynectSession.get_session() is None and s.token is None


def test_context_manager_yields_the_session_and_logs_out():
    t = ScriptedTransport(login_ok(), tm(data=[]), tm())
    with make(t) as s:
        assert isinstance(s, DynectSession)
        s.execute("/Zone/", "GET")
    assert t.calls[-1][:2] == ("DELETE", "/REST/Session/")
    assert DynectSession.get_session() is None


def test_constructor_again_after_logout_logs_in_again():
    t = ScriptedTransport(login_ok("T1"), tm(), login_ok("T2"))
    s = make(t)
    s.log_out()
    again = make(t)
    assert again.token == "T2"


def test_require_session_raises_a_clear_error_when_none():
    with pytest.raises(DynectNoSessionError, match="No active DynectSession") as info:
        DynectSession.require_session()
    assert isinstance(info.value, AttributeError)


def test_activate_shares_a_session_object_with_another_thread():
    s = make(ScriptedTransport(login_ok()))
    result = {}

    def worker():
        result["before"] = DynectSession.get_session()
        s.activate()
        result["after"] = DynectSession.get_session()

    th = threading.Thread(target=worker)
    th.start()
    th.join()
    assert result == {"before": None, "after": s}


def test_multi_session_shares_the_slot():
    t = ScriptedTransport(login_ok("A"))
    multi = DynectMultiSession("acme", "alice", "pw", transport=t)
    assert DynectSession.get_session() is multi


def test_concurrent_creation_loses_no_session():
    results, errors = {}, []
    barrier = threading.Barrier(16)

    def worker(n):
        try:
            barrier.wait()
            for i in range(50):
                DynectSession.close_session()
                s = make(ScriptedTransport(login_ok("T%d-%d" % (n, i))), user="u%d" % n)
                assert DynectSession.get_session() is s
            results[n] = DynectSession.get_session()
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert len(results) == 16 and len({id(s) for s in results.values()}) == 16


def test_finished_threads_leave_nothing_behind():
    gc.collect()
    baseline = Singleton.active_count()
    closed = []

    class Closing(ScriptedTransport):
        def close(self):
            closed.append(1)

    def worker():
        assert make(Closing(), auto_auth=False).transport is not None  # in use: a connection to close
        assert MMSession("k", transport=Closing()).transport is not None

    for _ in range(10):
        batch = [threading.Thread(target=worker) for _ in range(1000)]
        for th in batch:
            th.start()
        for th in batch:
            th.join()
    gc.collect()
    assert Singleton.active_count() == baseline
    assert len(closed) == 20000


def test_pickled_session_keeps_token_and_reconnects_lazily():
    t = ScriptedTransport(login_ok("TOK"))
    s = make(t, auto_auth=True)
    s._transport_spec = None  # the scripted transport itself is not picklable
    s._transport = None
    restored = pickle.loads(pickle.dumps(s))
    assert restored.token == "TOK" and restored.customer == "acme"
    assert restored._transport is None  # rebuilt on first use, no recursion, no logout
    assert restored._decrypt(restored.password) == "pw"
