"""Tests for dyn.encrypt: generate_key, AESCipher (both AES backends and the hashlib
fallback) and Secret."""
import base64
import copy
import hashlib
import json
import logging
import pickle
import string
import sys

import pytest

from dyn import encrypt
from dyn.encrypt import AESCipher, Secret, generate_key

ALPHABET = set(string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)")
SAMPLES = ["", "p", "password", "x" * 31, "x" * 32, "x" * 33, "päss wörd ✓ 秘密", "a" * 200]


@pytest.fixture(autouse=True)
def _restore_key_and_backend():
    key = generate_key.secret_key
    backend = encrypt._backend_cache
    yield
    generate_key.secret_key = key
    encrypt._backend_cache = backend


@pytest.fixture
def fallback(monkeypatch):
    """Force the hashlib fallback, as when neither AES package is importable."""
    monkeypatch.setattr(encrypt, "_backend_cache", None)


def _aes_backend(name):
    if name == "pycryptodome":
        pytest.importorskip("Crypto.Cipher.AES")
        return encrypt._PyCryptodomeBackend()
    pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    return encrypt._CryptographyBackend()


@pytest.fixture(params=["pycryptodome", "cryptography"])
def aes(request, monkeypatch):
    """Force one real AES backend (skipped when its package is not installed)."""
    backend = _aes_backend(request.param)
    monkeypatch.setattr(encrypt, "_backend_cache", backend)
    return backend


# -- generate_key ---------------------------------------------------------------------


def test_generate_key_shape_and_cache():
    generate_key.secret_key = None
    key = generate_key()
    assert isinstance(key, str)
    assert len(key) == 50
    assert set(key) <= ALPHABET
    assert generate_key.secret_key == key
    assert generate_key() == key
    assert generate_key(False) == key


def test_generate_key_force_makes_a_new_key():
    first = generate_key(force=True)
    second = generate_key(force=True)
    assert first != second
    assert generate_key() == second == generate_key.secret_key


def test_generate_key_uses_system_random(monkeypatch):
    class FakeSystemRandom:
        def choice(self, seq):
            assert set(seq) == ALPHABET
            return "q"

    monkeypatch.setattr(encrypt.random, "SystemRandom", FakeSystemRandom)
    assert generate_key(force=True) == "q" * 50


# -- AESCipher: common ----------------------------------------------------------------


def test_cipher_attributes():
    cipher = AESCipher("my key")
    assert cipher.bs == 32
    assert cipher.key == hashlib.sha256(b"my key").digest()
    assert "my key" not in repr(cipher)


def test_cipher_default_key_is_generate_key():
    generate_key(force=True)
    cipher = AESCipher()
    assert cipher.key == hashlib.sha256(generate_key().encode()).digest()


def test_backend_selection_without_packages(monkeypatch):
    for name in ("Crypto", "Crypto.Cipher", "Crypto.Cipher.AES", "cryptography",
                 "cryptography.hazmat", "cryptography.hazmat.primitives",
                 "cryptography.hazmat.primitives.ciphers"):
        monkeypatch.setitem(sys.modules, name, None)  # makes the import fail
    monkeypatch.setattr(encrypt, "_backend_cache", encrypt._UNSET)
    assert encrypt._get_backend() is None
    cipher = AESCipher("k")
    assert cipher.backend == "hashlib"
    assert cipher.decrypt(cipher.encrypt("secret")) == "secret"


def test_backend_selection_prefers_an_installed_package(monkeypatch):
    monkeypatch.setattr(encrypt, "_backend_cache", encrypt._UNSET)
    try:
        import Crypto.Cipher.AES  # noqa: F401

        expected = "pycryptodome"
    except ImportError:
        pytest.importorskip("cryptography.hazmat.primitives.ciphers")
        expected = "cryptography"
    assert AESCipher("k").backend == expected


def test_backend_selection_is_cached(monkeypatch):
    calls = []

    class Probe:
        name = "probe"

        def __init__(self):
            calls.append(1)

    monkeypatch.setattr(encrypt, "_BACKENDS", (Probe,))
    monkeypatch.setattr(encrypt, "_backend_cache", encrypt._UNSET)
    assert encrypt._get_backend().name == "probe"
    assert encrypt._get_backend().name == "probe"
    assert calls == [1]


# -- AESCipher: real AES --------------------------------------------------------------


@pytest.mark.parametrize("raw", SAMPLES)
def test_aes_round_trip(aes, raw):
    cipher = AESCipher("key")
    assert cipher.backend == aes.name
    token = cipher.encrypt(raw)
    assert isinstance(token, bytes)
    assert cipher.decrypt(token) == raw
    assert cipher.decrypt(token.decode("ascii")) == raw


def test_aes_format_is_classic(aes):
    """base64(IV16 || AES-256-CBC(PKCS#7-style padding to 32)), checked with the library."""
    cipher = AESCipher("key")
    data = base64.b64decode(cipher.encrypt("password"))
    iv, body = data[:16], data[16:]
    assert len(body) == 32
    padded = aes.decrypt(hashlib.sha256(b"key").digest(), iv, body)
    assert padded == b"password" + bytes([24]) * 24
    full = base64.b64decode(cipher.encrypt("x" * 32))
    assert len(full) == 16 + 64  # a whole block of padding


def test_aes_random_iv(aes):
    cipher = AESCipher("key")
    assert cipher.encrypt("same") != cipher.encrypt("same")


def test_aes_backends_interoperate():
    pycryptodome = _aes_backend("pycryptodome")
    cryptography = _aes_backend("cryptography")
    key, iv, data = b"k" * 32, b"i" * 16, b"d" * 64
    assert pycryptodome.encrypt(key, iv, data) == cryptography.encrypt(key, iv, data)


def test_aes_known_answer(aes):
    # NIST SP 800-38A, F.2.5 CBC-AES256.Encrypt, first block.
    key = bytes.fromhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    iv = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    plain = bytes.fromhex("6bc1bee22e409f96e93d7e117393172a")
    assert aes.encrypt(key, iv, plain).hex() == "f58c4c04d6e5f1ba779eabfb5f7bfbd6"


def test_aes_wrong_key_or_garbage(aes, monkeypatch):
    monkeypatch.setattr(encrypt.os, "urandom", lambda n: b"\x07" * n)
    token = AESCipher("right").encrypt("password")
    with pytest.raises(ValueError):
        AESCipher("wrong").decrypt(token)
    with pytest.raises(ValueError):
        AESCipher("right").decrypt(base64.b64encode(b"short"))
    with pytest.raises(ValueError):
        AESCipher("right").decrypt(b"not base64 !!")


# -- AESCipher: hashlib fallback ------------------------------------------------------


@pytest.mark.parametrize("raw", SAMPLES)
def test_fallback_round_trip(fallback, raw):
    cipher = AESCipher("key")
    assert cipher.backend == "hashlib"
    token = cipher.encrypt(raw)
    assert isinstance(token, bytes)
    assert cipher.decrypt(token) == raw
    assert cipher.decrypt(token.decode("ascii")) == raw


def test_fallback_does_not_store_plain_text(fallback):
    cipher = AESCipher("key")
    token = cipher.encrypt("hunter2hunter2")
    assert token != b"hunter2hunter2"
    assert b"hunter2" not in token
    assert b"hunter2" not in base64.b64decode(token)


def test_fallback_format_and_random_iv(fallback):
    cipher = AESCipher("key")
    data = base64.b64decode(cipher.encrypt("password"))
    assert len(data) == 16 + 32 + 32  # IV, padded text, HMAC-SHA256 tag
    assert cipher.encrypt("same") != cipher.encrypt("same")


def test_fallback_same_key_decrypts_across_instances(fallback):
    assert AESCipher("key").decrypt(AESCipher("key").encrypt("pw")) == "pw"


def test_fallback_wrong_key_is_detected(fallback):
    token = AESCipher("right").encrypt("password")
    with pytest.raises(ValueError, match="authentication failed"):
        AESCipher("wrong").decrypt(token)


@pytest.mark.parametrize("position", [0, 15, 16, 40, -33, -1])
def test_fallback_tampering_is_detected(fallback, position):
    cipher = AESCipher("key")
    data = bytearray(base64.b64decode(cipher.encrypt("password")))
    data[position] ^= 0x01
    with pytest.raises(ValueError, match="authentication failed"):
        cipher.decrypt(base64.b64encode(bytes(data)))


def test_fallback_truncated_and_garbage(fallback):
    cipher = AESCipher("key")
    data = base64.b64decode(cipher.encrypt("password"))
    with pytest.raises(ValueError):
        cipher.decrypt(base64.b64encode(data[:-1]))
    with pytest.raises(ValueError):
        cipher.decrypt(base64.b64encode(data[:40]))
    with pytest.raises(ValueError):
        cipher.decrypt("%%% not base64")


def test_encrypt_accepts_a_secret(fallback):
    cipher = AESCipher("key")
    assert cipher.decrypt(cipher.encrypt(Secret("pw"))) == "pw"


def test_keystream_is_sha256_counter_mode():
    key, iv = b"k" * 32, b"i" * 16
    data = bytes(70)
    stream = b"".join(
        hashlib.sha256(key + iv + n.to_bytes(8, "big")).digest() for n in range(3)
    )
    assert encrypt._keystream_xor(key, iv, data) == stream[:70]


# -- Secret ---------------------------------------------------------------------------


def test_secret_reveal_and_masking():
    secret = Secret("hunter2")
    assert secret.reveal() == "hunter2"
    assert str(secret) == "********"
    assert repr(secret) == "********"
    assert format(secret) == "********"
    assert f"{secret}" == "********"
    assert f"{secret!r}" == "********"
    assert f"{secret!s}" == "********"
    assert f"[{secret:>10}]" == "[  ********]"
    assert f"{secret:d}" == "********"  # a bad spec still does not reveal
    assert "%s %r" % (secret, secret) == "******** ********"  # noqa: UP031
    assert "{0} {0!r}".format(secret) == "******** ********"  # noqa: UP032
    assert "hunter2" not in repr([secret, {"password": secret}])


def test_secret_never_in_logs(caplog):
    logger = logging.getLogger("dyn.test.secret")
    secret = Secret("hunter2")
    with caplog.at_level(logging.DEBUG, logger="dyn.test.secret"):
        logger.debug("password %s", secret)
        logger.debug("args %r", {"password": secret})
        logger.info(secret)
        logger.warning("%(password)s", {"password": secret})
        try:
            raise ValueError("bad login", secret)
        except ValueError:
            logger.exception("failed with %s", secret)
    assert len(caplog.records) == 5
    assert "hunter2" not in caplog.text
    assert "********" in caplog.text


def test_secret_not_in_exceptions():
    error = RuntimeError("login failed for", Secret("hunter2"))
    assert "hunter2" not in str(error)
    assert "hunter2" not in repr(error)


def test_secret_equality_is_constant_time(monkeypatch):
    calls = []
    real = encrypt.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(encrypt.hmac, "compare_digest", spy)
    secret = Secret("hunter2")
    assert secret == "hunter2"
    assert secret == Secret("hunter2")
    assert secret != "hunter3"
    assert not (secret != Secret("hunter2"))
    assert len(calls) == 4


def test_secret_equality_details():
    assert Secret("pw") == b"pw"
    assert Secret(b"pw") == "pw"
    assert Secret("pw") != 42
    assert Secret("pw") != None  # noqa: E711
    assert "pw" == Secret("pw")


def test_secret_is_not_hashable():
    with pytest.raises(TypeError):
        hash(Secret("pw"))
    with pytest.raises(TypeError):
        {Secret("pw")}


def test_secret_construction():
    assert Secret(Secret("pw")).reveal() == "pw"
    assert Secret(b"raw").reveal() == b"raw"
    for bad in (None, 42, ["pw"]):
        with pytest.raises(TypeError):
            Secret(bad)  # type: ignore[arg-type]
    assert bool(Secret("x")) is True
    assert bool(Secret("")) is False


def test_secret_is_immutable_and_has_no_dict():
    secret = Secret("pw")
    with pytest.raises(AttributeError):
        secret._value = "other"
    with pytest.raises(AttributeError):
        secret.anything = 1
    with pytest.raises(TypeError):
        vars(secret)
    assert secret.reveal() == "pw"


def test_secret_refuses_pickle_and_json():
    secret = Secret("hunter2")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(secret, protocol)
    with pytest.raises(TypeError):
        json.dumps({"password": secret})


def test_secret_copies_are_the_same_object():
    secret = Secret("pw")
    assert copy.copy(secret) is secret
    assert copy.deepcopy(secret) is secret
    nested = copy.deepcopy({"args": {"password": secret}})
    assert nested["args"]["password"] is secret


def test_exports():
    assert encrypt.__all__ == ["generate_key", "AESCipher", "Secret"]
