"""DynectSession and MMSession over real HTTP against the emulator on loopback."""
import logging
import threading
import time

import pytest

from dyn.core import RetryPolicy
from dyn.encrypt import Secret
from dyn.mm import errors as mm_errors
from dyn.mm.session import MMSession
from dyn.tm import errors
from dyn.tm.session import DynectMultiSession, DynectSession

FAST = RetryPolicy(max_retries=3, backoff_base=0.01, backoff_cap=0.02, job_first_poll=0.05)


@pytest.fixture
def emu(dyn_emulator):
    return dyn_emulator


def login(emu, **kw):
    kw.setdefault("policy", FAST)
    return DynectSession(*emu.demo_account, **emu.session_kwargs, **kw)


def api_calls(emu, path_part):
    return [(r["method"], r["status"]) for r in emu.requests if path_part in r["path"]]


def test_login_keep_alive_and_log_out(emu):
    s = login(emu)
    assert DynectSession.get_session() is s and s.token
    assert s.keep_alive()["status"] == "success"
    assert s.is_alive() is True
    token = s.token
    s.log_out()
    assert s.token is None and DynectSession.get_session() is None
    probe = DynectSession(*emu.demo_account, auto_auth=False, **emu.session_kwargs)
    probe._token = Secret(token)
    assert probe.is_alive() is False  # the server forgot the token


def test_bad_password_raises_auth_error_with_server_messages(emu):
    customer, user, _ = emu.demo_account
    with pytest.raises(errors.DynectAuthError) as info:
        DynectSession(customer, user, "wrong", **emu.session_kwargs)
    assert info.value.http_status == 400 and info.value.ERR_CD == "INVALID_DATA"
    assert str(info.value).startswith("login: Credentials you entered did not match")
    assert DynectSession.get_session() is None


def test_permissions_and_update_password(emu):
    s = login(emu)
    assert s.permissions and all(isinstance(p, str) for p in s.permissions)
    s.update_password("brand-new-pw")
    s.log_out()
    customer, user, _ = emu.demo_account
    DynectSession(customer, user, "brand-new-pw", **emu.session_kwargs).log_out()
    with pytest.raises(errors.DynectAuthError):
        DynectSession(*emu.demo_account, **emu.session_kwargs)


def test_context_manager_logs_out(emu):
    with login(emu) as s:
        assert s.is_alive()
    assert ("DELETE", 200) in api_calls(emu, "/REST/Session")
    assert DynectSession.get_session() is None


def test_sixteen_threads_logging_in_fifty_times_lose_no_session(emu):
    lost, failures = [], []
    barrier = threading.Barrier(16)

    def worker(n):
        try:
            barrier.wait()
            for _ in range(50):
                DynectSession.close_session()
                s = login(emu)
                if DynectSession.get_session() is not s or not s.token:
                    lost.append(n)
            DynectSession.get_session().log_out()
        except Exception as err:  # pragma: no cover - reported below
            failures.append(repr(err))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == [] and lost == []
    assert sum(1 for r in emu.requests if r["method"] == "POST" and r["path"].startswith("/REST/Session")) == 800


def test_token_expiry_mid_run_is_recovered_and_the_call_applied_once(emu):
    s = login(emu)
    emu.expire_tokens()
    s.update_password("changed-once")
    puts = api_calls(emu, "/REST/Password")
    assert puts == [("PUT", 400), ("PUT", 200)]  # rejected (nothing applied), then applied once
    logins = [r for r in emu.requests if r["method"] == "POST" and r["path"].startswith("/REST/Session")]
    assert len(logins) == 2
    s.log_out()
    customer, user, _ = emu.demo_account
    DynectSession(customer, user, "changed-once", **emu.session_kwargs).log_out()


@pytest.mark.parametrize("reason", ["inactivity", "ip"])
def test_other_expiry_reasons_are_recovered(emu, reason):
    s = login(emu)
    emu.expire_tokens(reason)
    assert s.keep_alive()["status"] == "success"


def test_idle_expiry_is_recovered(emu):
    emu.configure(token_lifetime=0.2)
    s = login(emu)
    time.sleep(0.3)
    assert s.keep_alive()["status"] == "success"


def test_job_incomplete_for_three_polls_resolves_well_under_a_second(emu):
    s = DynectSession(*emu.demo_account, **emu.session_kwargs)  # default policy
    emu.add_fault("job", match="PUT /REST/Session", polls=3)
    started = time.monotonic()
    result = s.keep_alive()
    elapsed = time.monotonic() - started
    assert result["status"] == "success"
    job_polls = [r for r in emu.requests if r["path"].startswith("/REST/Job/")]
    assert len(job_polls) == 4 and elapsed < 0.8, elapsed


def test_incomplete_mode_job_is_polled_too(emu):
    s = login(emu)
    emu.add_fault("job", match="PUT /REST/Session", polls=1, mode="incomplete")
    assert s.keep_alive()["status"] == "success"


def test_job_that_never_ends_times_out_with_its_id(emu):
    s = login(emu, policy=RetryPolicy(job_first_poll=0.01, job_poll_cap=0.02, job_timeout=0.3))
    emu.add_fault("job", match="PUT /REST/Session", polls=10 ** 6)
    with pytest.raises(errors.DynectQueryTimeout) as info:
        s.keep_alive()
    assert isinstance(info.value.job_id, int)


def test_rate_limit_is_retried_then_typed_when_retries_run_out(emu):
    s = login(emu)
    emu.add_fault("rate_limit", match="PUT /REST/Session", times=2, retry_after=0)
    assert s.keep_alive()["status"] == "success"
    emu.add_fault("rate_limit", match="PUT /REST/Session", times=None, retry_after=0)
    with pytest.raises(errors.DynectRateLimitError) as info:
        s.keep_alive()
    assert isinstance(info.value, errors.DynectUpdateError) and info.value.http_status == 429
    assert len([r for r in emu.requests if r["status"] == 429]) == 2 + 1 + FAST.max_retries


def test_blocked_task_and_busy_token_are_retried(emu):
    s = login(emu)
    emu.add_fault("blocked", match="PUT /REST/Session", times=1)
    emu.add_fault("busy", match="PUT /REST/Session", times=1)
    assert s.keep_alive()["status"] == "success"


def test_dropped_connection_retries_get_but_not_a_post_that_was_processed(emu):
    s = login(emu)
    emu.add_fault("drop", match="PUT /REST/Session", times=1, when="before")
    assert s.keep_alive()["status"] == "success"
    emu.clear_requests()
    emu.add_fault("drop", match="POST /REST/UserPermissionReport", times=1, when="after")
    with pytest.raises(errors.DynectConnectionError) as info:
        s.user_permissions_report()
    assert isinstance(info.value, errors.DynectCreateError)
    assert len([r for r in emu.requests if "UserPermissionReport" in r["path"]]) == 1


def test_5xx_answers_are_retried_for_idempotent_calls(emu):
    s = login(emu)
    emu.add_fault("error", match="PUT /REST/Session", times=2, status=503)
    assert s.keep_alive()["status"] == "success"


def test_secrets_never_reach_logs_or_history(emu, caplog):
    caplog.set_level(logging.DEBUG)
    s = login(emu, history=True)
    token = s.token
    s.update_password("n3w-secret-pw")
    s.keep_alive()
    mm = MMSession(emu.demo_apikey, **emu.session_kwargs)
    mm.execute("/accounts", "GET", {})
    text = caplog.text + repr(s.history) + repr(s) + repr(mm) + str(vars(s)) + str(vars(mm))
    assert "/REST/Password/" in caplog.text or "/REST/Password" in caplog.text
    for secret in (emu.demo_account[2], "n3w-secret-pw", token, emu.demo_apikey):
        assert secret not in text


def test_multi_session_switches_users_without_new_logins(emu):
    emu.add_account("acme", "bob", "bob-pw")
    multi = DynectMultiSession("acme", "bob", "bob-pw", **emu.session_kwargs)
    multi.new_user_session(*emu.demo_account)
    assert len(multi.get_open_sessions) == 2
    before = len(emu.requests)
    multi.set_active_session("bob")
    assert multi.keep_alive()["status"] == "success"
    multi.set_active_session(emu.demo_account[1])
    assert multi.keep_alive()["status"] == "success"
    assert len(emu.requests) == before + 2  # no login per switch
    multi.log_out()
    deletes = [r for r in emu.requests if r["method"] == "DELETE" and r["status"] == 200]
    assert len(deletes) == 2


def test_requests_transport_against_the_emulator(emu):
    s = login(emu, transport="requests")
    assert s.keep_alive()["status"] == "success"
    s.log_out()


def test_mm_session_lists_accounts_and_maps_errors(emu):
    mm = MMSession(emu.demo_apikey, **emu.session_kwargs)
    data = mm.execute("/accounts", "GET", {})
    assert data["accounts"] and "emailcap" in data
    with pytest.raises(mm_errors.EmailNotFoundError):
        mm.execute("/no/such/method", "GET", {})
    MMSession.close_session()
    bad = MMSession("not-a-key", **emu.session_kwargs)
    with pytest.raises(mm_errors.EmailKeyError) as info:
        bad.execute("/accounts", "GET", {})
    assert info.value.status == 451 and "Missing or Invalid API Key" in str(info.value)
