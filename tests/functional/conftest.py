"""Fixtures shared by the functional tests (real HTTP to the emulator on loopback)."""
import pytest

from dyn.testing import RawClient
from dyn.tm.session import DynectSession


@pytest.fixture
def client(dyn_emulator):
    """A raw HTTP client logged in to the demo account (tests may override it)."""
    with RawClient(dyn_emulator.url) as raw:
        raw.login(*dyn_emulator.demo_account)
        yield raw


@pytest.fixture
def other(dyn_emulator):
    """A second raw client with its own token (another session of the same user)."""
    with RawClient(dyn_emulator.url) as raw:
        raw.login(*dyn_emulator.demo_account)
        yield raw


@pytest.fixture
def session(dyn_emulator):
    """The SDK logged in to the demo account (the thread's DynectSession; tests may
    override it)."""
    s = DynectSession(*dyn_emulator.demo_account, **dyn_emulator.session_kwargs)
    yield s
    DynectSession.close_session()
