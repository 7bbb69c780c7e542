"""Shared fixture of the fault tests: a TM session on the emulator, closed afterwards."""
import pytest

from dyn.tm.session import DynectSession


@pytest.fixture
def tm_login(dyn_emulator):
    """``tm_login(**kwargs)``: a logged-in :class:`DynectSession` on the emulator (extra
    constructor arguments such as ``policy=`` or ``history=``); every session of the
    thread is closed before and after the test."""
    DynectSession.close_session()

    def login(**kwargs):
        return DynectSession(*dyn_emulator.demo_account, **dyn_emulator.session_kwargs, **kwargs)

    yield login
    DynectSession.close_session()
