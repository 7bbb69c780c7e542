"""The compat harness: ``SessionEngine.execute`` patched the way downstream tools do, so
tests assert the exact ``(uri, method, args)`` calls of classic operations."""
from unittest import mock

import pytest

from dyn.core import SessionEngine
from dyn.tm.session import DynectSession
from support import LOGIN, env


class Api:
    """The patched execute: answers queued data and lists the calls made."""

    def __init__(self, patched):
        self.patched = patched

    def answer(self, *items):
        """Queue answers: data (wrapped in a success envelope) or exceptions to raise."""
        self.patched.side_effect = [item if isinstance(item, BaseException) else env(item) for item in items]

    def reset(self):
        """Forget the calls made so far; later calls answer an empty success envelope."""
        self.patched.reset_mock()
        self.patched.side_effect = None
        self.patched.return_value = env()

    @property
    def calls(self):
        return [c.args[1:] + tuple(c.kwargs.values()) for c in self.patched.call_args_list]


@pytest.fixture
def api():
    """A logged-in DynectSession whose execute is patched (the login call forgotten)."""
    with mock.patch.object(SessionEngine, "execute", autospec=True, return_value=LOGIN) as patched:
        DynectSession("acme", "alice", "pw")
        harness = Api(patched)
        harness.reset()
        yield harness
