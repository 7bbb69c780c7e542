"""Shared fixtures: every test starts and ends with no registered session in its thread."""
import pytest

from dyn.mm.session import MMSession
from dyn.tm.session import DynectSession


@pytest.fixture(autouse=True)
def _no_leftover_sessions():
    DynectSession.close_session()
    MMSession.close_session()
    yield
    DynectSession.close_session()
    MMSession.close_session()
