"""Fixtures shared by the functional tests (real HTTP to the emulator on loopback)."""
import pytest

from dyn.testing import RawClient


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
