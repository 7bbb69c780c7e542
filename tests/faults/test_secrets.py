"""Secrets scan: password, token, API key, proxy password and TSIG secret never show in
DEBUG logs, call history, reprs, vars(), exceptions or pickles; pickles open only in the
pickling process (and its forks); a missing CA bundle is a typed error on every transport."""
import logging
import pickle

import pytest

from dyn import encrypt
from dyn.mm.session import MMSession
from dyn.tm.errors import DynectError, DynectNoSessionError
from dyn.transport import TRANSPORTS, CABundleNotFoundError

PROXY_PASS = "proxy-pw-4711"
TSIG_SECRET = "c2VjcmV0LXRzaWctMDA5OQ=="


@pytest.fixture
def tm(tm_login):
    return tm_login(history=True)


def _scan(text, secrets):
    found = [s for s in secrets if s and s in text]
    assert not found, "secret(s) in clear: %r" % found


def test_tm_secrets_scan(tm, dyn_emulator, caplog):
    caplog.set_level(logging.DEBUG)
    password, token = dyn_emulator.demo_account[2], tm.token
    tm.execute("/TSIGKey/k1/", "POST", {"algorithm": "hmac-sha256", "secret": TSIG_SECRET})
    try:
        tm.execute("/Zone/nowhere.example/", "GET", {"secret": TSIG_SECRET, "password": password})
    except DynectError as err:
        error_text = str(err) + repr(err) + repr(vars(err))
    secrets = [password, token, TSIG_SECRET]
    blob = pickle.dumps(tm)
    texts = [caplog.text, repr(tm.history), repr(tm), str(tm), repr(vars(tm)), repr(vars(tm.transport)), error_text,
             blob.decode("latin-1")]
    for text in texts:
        _scan(text, secrets)


def test_proxy_password_not_in_vars_or_pickle():
    s = MMSession("key-123456", host="h.invalid", proxy_host="proxy.invalid", proxy_port=3128, proxy_user="u",
                  proxy_pass=PROXY_PASS)
    try:
        for text in (repr(vars(s)), repr(vars(s.transport)), pickle.dumps(s).decode("latin-1")):
            _scan(text, [PROXY_PASS, "key-123456"])
        assert s.transport._proxy_auth_header()  # still usable
    finally:
        MMSession.close_session()


def test_mm_pickle_has_no_api_key_and_works_in_same_process(dyn_emulator):
    s = MMSession(dyn_emulator.demo_apikey, **dyn_emulator.session_kwargs)
    try:
        blob = pickle.dumps(s)
        _scan(blob.decode("latin-1"), [dyn_emulator.demo_apikey])
        clone = pickle.loads(blob)
        assert clone.apikey.reveal() == dyn_emulator.demo_apikey
        clone.execute("/accounts", "GET", {})
    finally:
        MMSession.close_session()


def test_tm_pickle_has_no_cipher_key_and_works_in_same_process(tm):
    blob = pickle.dumps(tm)
    assert b"AESCipher" not in blob
    clone = pickle.loads(blob)
    assert clone.token == tm.token and clone._decrypt(clone.password)
    assert clone.execute("/Session/", "GET", {})["status"] == "success"


def test_pickle_from_another_process_asks_to_log_in(tm, monkeypatch):
    blob = pickle.dumps(tm)
    monkeypatch.setattr(encrypt.generate_key, "secret_key", "another-process-key")
    clone = pickle.loads(blob)
    assert clone.token is None
    with pytest.raises(DynectNoSessionError, match="log in again"):
        clone.execute("/Session/", "GET", {})


@pytest.mark.parametrize("name", sorted(TRANSPORTS))
def test_missing_ca_bundle_is_a_typed_error(name):
    with pytest.raises(CABundleNotFoundError, match="no-such-ca.pem"):
        TRANSPORTS[name]("h.invalid", verify="/nonexistent/no-such-ca.pem")
