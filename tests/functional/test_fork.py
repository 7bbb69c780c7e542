"""A session inherited through fork() must not share its keep-alive sockets with the
parent: each process would read the other's answers."""
import os
import sys

import pytest

from dyn.tm.session import DynectSession

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork()")


@pytest.mark.parametrize("transport", ["urllib3", "requests", "http.client"])
def test_a_forked_child_opens_its_own_connections(dyn_emulator, transport):
    session = DynectSession(*dyn_emulator.demo_account, transport=transport, **dyn_emulator.session_kwargs)
    session.keep_alive()  # the parent now holds an open keep-alive connection
    before = len(dyn_emulator.requests)
    pid = os.fork()
    if pid == 0:  # child: same session object, inherited registry
        code = 1
        try:
            child = DynectSession.get_session()
            fresh = {"urllib3": lambda t: t._pool is None, "requests": lambda t: t._session is None,
                     "http.client": lambda t: t._idle == []}[transport](child.transport)
            answers = [child.execute("/Session/", "GET", {})["status"] for _ in range(20)]
            code = 0 if fresh and answers == ["success"] * 20 else 2
        finally:
            os._exit(code)
    answers = [session.execute("/Session/", "GET", {})["status"] for _ in range(20)]
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
    assert answers == ["success"] * 20
    assert len(dyn_emulator.requests) == before + 40
