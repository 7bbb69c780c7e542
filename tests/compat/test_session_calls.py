"""The exact execute(uri, method, args) calls of the classic session operations.

Downstream tools patch ``dyn.core.SessionEngine.execute`` and assert these calls, so
they are a stable seam.
"""
from unittest import mock

import pytest

from dyn.core import SessionEngine
from dyn.mm.session import MMSession
from dyn.tm.session import DynectMultiSession, DynectSession

LOGIN = {"status": "success", "data": {"token": "T", "version": "3.7.9"}, "job_id": 1, "msgs": []}


@pytest.fixture
def execute():
    with mock.patch.object(SessionEngine, "execute", autospec=True, return_value=LOGIN) as patched:
        yield patched


def calls(patched):
    return [c.args[1:] + tuple(c.kwargs.values()) for c in patched.call_args_list]


def test_constructor_authenticates_with_one_post(execute):
    DynectSession("acme", "alice", "pw")
    assert calls(execute) == [("/Session/", "POST", {"customer_name": "acme", "user_name": "alice",
                                                     "password": "pw"})]


def test_auto_auth_false_sends_nothing(execute):
    DynectSession("acme", "alice", "pw", auto_auth=False)
    assert calls(execute) == []


def test_log_out_update_password_permissions_and_keep_alive(execute):
    s = DynectSession("acme", "alice", "pw")
    execute.reset_mock()
    execute.return_value = {"status": "success", "data": {"allowed": [{"name": "ZoneGet"}, {"name": "ZoneAdd"}],
                                                          "forbidden": []}, "job_id": 2, "msgs": []}
    assert s.user_permissions_report() == ["ZoneGet", "ZoneAdd"]
    assert s.user_permissions_report("bob") == ["ZoneGet", "ZoneAdd"]
    assert s.permissions == ["ZoneGet", "ZoneAdd"]
    assert s.permissions == ["ZoneGet", "ZoneAdd"]  # cached: one more call only
    s.update_password("n3w")
    s.keep_alive()
    s.log_out()
    assert calls(execute) == [
        ("/UserPermissionReport/", "POST", {"user_name": "alice"}),
        ("/UserPermissionReport/", "POST", {"user_name": "bob"}),
        ("/UserPermissionReport/", "POST", {"user_name": "alice"}),
        ("/Password/", "PUT", {"password": "n3w"}),
        ("/Session/", "PUT", {}),
        ("/Session/", "DELETE", {}),
    ]
    assert s._decrypt(s.password) == "n3w"


def test_multi_session_logs_each_user_in_and_out(execute):
    multi = DynectMultiSession("acme", "alice", "pw")
    execute.side_effect = lambda self, uri, method, args=None, final=False: (
        setattr(self, "_token", "T-%s" % self.username) or LOGIN)
    multi.new_user_session("acme", "bob", "pw2")
    assert [s["user_name"] for s in multi.get_open_sessions] == ["alice", "bob"]
    multi.set_active_session("alice")
    assert multi.current_open_session["username"] == "alice"
    execute.reset_mock()
    multi.log_out()
    assert calls(execute) == [("/Session/", "DELETE", {}, True), ("/Session/", "DELETE", {}, True),
                              ("/Session/", "DELETE", {})]


def test_mm_session_makes_no_call_at_construction(execute):
    MMSession("key")
    assert calls(execute) == []
