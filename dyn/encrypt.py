"""Keeping passwords and API keys out of logs, dumps and reprs.

The sessions keep the user's password encrypted with :class:`AESCipher` and hold
secrets in :class:`Secret` objects, so the clear text never shows up in a ``repr``, a
log line, a traceback or a pickled history entry.

.. warning::
   This is **not** protection against anyone who can read the process's memory or
   run code in it: the key lives in the same process, next to the ciphertext. It only
   keeps secrets out of logs, crash dumps of objects, debugger and REPL output, and
   similar accidental disclosure.

:class:`AESCipher` uses real AES-256-CBC when either optional package is importable:
``pycryptodome`` (the ``Crypto`` namespace) or ``cryptography``. Neither is a
dependency of this package. Without them it falls back to a stream cipher built from
:mod:`hashlib` (SHA-256 in counter mode, authenticated with HMAC-SHA256). Unlike the
classic SDK, it never falls back to storing the plain text.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import random
import string
import threading
from typing import Any, Callable, Optional, Union

__all__ = ["generate_key", "AESCipher", "Secret"]  # classic names; seal, SealedSecret, UnsealError also public

_KEY_ALPHABET = string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)"
_KEY_LENGTH = 50
_key_lock = threading.Lock()


def generate_key(force: bool = False) -> str:
    """Return the process-wide random key used by ciphers built without a key.

    The key is 50 characters drawn with :class:`random.SystemRandom` from lowercase
    letters, digits and ``!@#$%^&*(-_=+)``. It is made on the first call and cached on
    the function attribute ``generate_key.secret_key``; later calls return the cached
    key unless ``force`` is true.

    :param force: make (and cache) a new key even if one exists.
    :return: the key.
    """
    with _key_lock:
        if force or generate_key.secret_key is None:
            rng = random.SystemRandom()
            generate_key.secret_key = "".join(
                rng.choice(_KEY_ALPHABET) for _ in range(_KEY_LENGTH)
            )
        return generate_key.secret_key


generate_key.secret_key = None  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------
# AES backends (optional packages, imported on first use)

_IV_SIZE = 16
_TAG_SIZE = 32
_UNSET = object()
_backend_cache: Any = _UNSET


class _PyCryptodomeBackend:
    name = "pycryptodome"

    def __init__(self) -> None:
        from Crypto.Cipher import AES

        self._aes = AES

    def encrypt(self, key: bytes, iv: bytes, data: bytes) -> bytes:
        return self._aes.new(key, self._aes.MODE_CBC, iv).encrypt(data)

    def decrypt(self, key: bytes, iv: bytes, data: bytes) -> bytes:
        return self._aes.new(key, self._aes.MODE_CBC, iv).decrypt(data)


class _CryptographyBackend:
    name = "cryptography"

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        self._cipher_cls = Cipher
        self._algorithms = algorithms
        self._modes = modes

    def _cipher(self, key: bytes, iv: bytes) -> Any:
        algorithm = self._algorithms.AES(key)
        mode = self._modes.CBC(iv)
        try:
            return self._cipher_cls(algorithm, mode)
        except TypeError:  # cryptography < 3.1 wants an explicit backend
            from cryptography.hazmat.backends import default_backend

            return self._cipher_cls(algorithm, mode, backend=default_backend())

    def encrypt(self, key: bytes, iv: bytes, data: bytes) -> bytes:
        encryptor = self._cipher(key, iv).encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def decrypt(self, key: bytes, iv: bytes, data: bytes) -> bytes:
        decryptor = self._cipher(key, iv).decryptor()
        return decryptor.update(data) + decryptor.finalize()


_BACKENDS: tuple[Callable[[], Any], ...] = (_PyCryptodomeBackend, _CryptographyBackend)


def _get_backend() -> Any:
    """Return the first importable AES backend, or ``None``; the answer is cached."""
    global _backend_cache
    if _backend_cache is _UNSET:
        found = None
        for factory in _BACKENDS:
            try:
                found = factory()
            except Exception:  # ImportError, or a broken install of the package
                continue
            break
        _backend_cache = found
    return _backend_cache


def _pad(data: bytes, block_size: int) -> bytes:
    count = block_size - len(data) % block_size
    return data + bytes([count]) * count


def _unpad(data: bytes, block_size: int) -> bytes:
    if not data or len(data) % block_size:
        raise ValueError("decryption failed: bad ciphertext length")
    count = data[-1]
    if not 1 <= count <= block_size or data[-count:] != bytes([count]) * count:
        raise ValueError("decryption failed: bad padding (wrong key or corrupted data)")
    return data[:-count]


def _keystream_xor(key: bytes, iv: bytes, data: bytes) -> bytes:
    """XOR ``data`` with SHA-256(key || iv || counter) blocks."""
    stream = bytearray()
    counter = 0
    while len(stream) < len(data):
        stream += hashlib.sha256(key + iv + counter.to_bytes(8, "big")).digest()
        counter += 1
    size = len(data)
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(bytes(stream[:size]), "big")
    return mixed.to_bytes(size, "big")


def _to_bytes(value: Union[str, bytes, Secret]) -> bytes:
    if isinstance(value, Secret):
        value = value.reveal()
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"expected str or bytes, got {type(value).__name__}")


class AESCipher:
    """Symmetric cipher used to keep a session's password encrypted in memory.

    With ``pycryptodome`` or ``cryptography`` installed this is AES-256-CBC, in the
    classic format: ``base64(IV || ciphertext)``, a random 16-byte IV, and the clear
    text padded PKCS#7-style to a multiple of :attr:`bs` (32) bytes.

    Without either package it is a stream cipher built from :mod:`hashlib`: the
    padded clear text is XORed with SHA-256(key || IV || counter) blocks and an
    HMAC-SHA256 tag over IV and ciphertext is appended (``base64(IV || ciphertext ||
    tag)``); :meth:`decrypt` checks the tag, so a wrong key or altered data raises
    :class:`ValueError`. The two formats cannot be decrypted by each other.

    .. warning::
       Either way this only keeps secrets out of logs, dumps and reprs: the key is in
       the same process as the ciphertext.

    :param key: the key string (or bytes); by default the process-wide
        :func:`generate_key` key.

    :ivar bs: the padding block size, 32.
    :ivar key: the SHA-256 digest of the key string (32 bytes).
    :ivar backend: ``'pycryptodome'``, ``'cryptography'`` or ``'hashlib'`` (the
        fallback).
    """

    def __init__(self, key: Optional[Union[str, bytes]] = None) -> None:
        if key is None:
            key = generate_key()
        self.bs = 32
        self.key = hashlib.sha256(_to_bytes(key)).digest()
        self._aes = _get_backend()
        self.backend = self._aes.name if self._aes is not None else "hashlib"

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_aes", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._aes = _get_backend()

    def __repr__(self) -> str:
        return f"<AESCipher backend={self.backend}>"

    def _mac_key(self) -> bytes:
        return hmac.new(self.key, b"dyn.encrypt/mac", hashlib.sha256).digest()

    def encrypt(self, raw: Union[str, bytes, Secret]) -> bytes:
        """Encrypt ``raw``.

        :param raw: the clear text (a :class:`Secret` is revealed first).
        :return: base64 text, as ``bytes``.
        """
        padded = _pad(_to_bytes(raw), self.bs)
        iv = os.urandom(_IV_SIZE)
        if self._aes is not None:
            return base64.b64encode(iv + self._aes.encrypt(self.key, iv, padded))
        body = iv + _keystream_xor(self.key, iv, padded)
        tag = hmac.new(self._mac_key(), body, hashlib.sha256).digest()
        return base64.b64encode(body + tag)

    def decrypt(self, enc: Union[str, bytes]) -> str:
        """Decrypt what :meth:`encrypt` returned.

        :param enc: the base64 text, as ``bytes`` or ``str``.
        :return: the clear text, decoded as UTF-8.
        :raises ValueError: if ``enc`` is not valid output of this cipher's key (bad
            base64, bad length or padding, or, on the fallback, a failed tag check).
        """
        try:
            data = base64.b64decode(_to_bytes(enc), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("decryption failed: not base64 data") from None
        if self._aes is not None:
            iv, body = data[:_IV_SIZE], data[_IV_SIZE:]
            if len(iv) != _IV_SIZE or not body or len(body) % 16:
                raise ValueError("decryption failed: bad ciphertext length")
            padded = self._aes.decrypt(self.key, iv, body)
        else:
            if len(data) < _IV_SIZE + self.bs + _TAG_SIZE:
                raise ValueError("decryption failed: data too short")
            body, tag = data[:-_TAG_SIZE], data[-_TAG_SIZE:]
            expected = hmac.new(self._mac_key(), body, hashlib.sha256).digest()
            if not hmac.compare_digest(tag, expected):
                raise ValueError(
                    "decryption failed: authentication failed (wrong key or altered data)"
                )
            iv, ciphertext = body[:_IV_SIZE], body[_IV_SIZE:]
            padded = _keystream_xor(self.key, iv, ciphertext)
        try:
            return _unpad(padded, self.bs).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("decryption failed: wrong key or corrupted data") from None


# --------------------------------------------------------------------------------------
# Secret


_MASK = "********"


class Secret:
    """A holder for a password or API key that never shows its value by accident.

    ``str()``, ``repr()``, ``format()`` and f-strings all give ``'********'``, so a
    secret passed to a logger, put in an exception or printed in a REPL stays
    hidden. Only :meth:`reveal` returns the value.

    * Equality compares values in constant time (:func:`hmac.compare_digest`),
      against another :class:`Secret` or a plain ``str``/``bytes``.
    * Secrets are **not hashable**: a value-based hash would leak equality through
      dict and set behaviour, and an identity hash would break ``==``.
    * Secrets are immutable; :func:`copy.copy` and :func:`copy.deepcopy` return the
      same object.
    * Secrets **refuse to be pickled** (:class:`TypeError`), so the clear value never
      lands in a pickle by accident. To persist one, store ``reveal()`` deliberately.
    * :func:`json.dumps` refuses them too; build payloads with ``reveal()``.

    The value is held in a slot (there is no ``__dict__``), in clear in process
    memory: like :class:`AESCipher`, this guards against disclosure, not against code
    running in the same process.

    :param value: the secret value (``str`` or ``bytes``), or another
        :class:`Secret` (its value is taken).
    """

    __slots__ = ("_value",)

    def __init__(self, value: Union[str, bytes, Secret]) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not isinstance(value, (str, bytes)):
            raise TypeError(
                f"Secret() expects str or bytes, got {type(value).__name__}"
            )
        object.__setattr__(self, "_value", value)

    def reveal(self) -> Union[str, bytes]:
        """Return the clear value.

        :return: the value given to the constructor.
        """
        return object.__getattribute__(self, "_value")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Secret objects are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Secret objects are immutable")

    def __repr__(self) -> str:
        return _MASK

    def __str__(self) -> str:
        return _MASK

    def __format__(self, format_spec: str) -> str:
        try:
            return format(_MASK, format_spec)
        except (TypeError, ValueError):
            return _MASK

    def __bool__(self) -> bool:
        return bool(self.reveal())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            other = other.reveal()
        if not isinstance(other, (str, bytes)):
            return NotImplemented
        mine = self.reveal()
        mine_b = mine.encode("utf-8") if isinstance(mine, str) else mine
        other_b = other.encode("utf-8") if isinstance(other, str) else other
        return hmac.compare_digest(mine_b, other_b)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        if result is NotImplemented:
            return result
        return not result

    __hash__ = None  # type: ignore[assignment]

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: Any) -> Secret:
        return self

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError(
            "Secret objects cannot be pickled (that would store the clear value); "
            "pickle secret.reveal() explicitly if you really mean to"
        )

    def __reduce__(self) -> Any:
        return self.__reduce_ex__(None)


# --------------------------------------------------------------------------------------
# Sealing secrets for pickles


class SealedSecret:
    """A secret encrypted with this process's key (:func:`generate_key`), for pickles.

    A forked child inherits the key and can :meth:`unseal` it; any other process cannot
    (:class:`UnsealError`), so a pickle alone never yields the clear value.
    """

    __slots__ = ("key_id", "data")

    def __init__(self, key_id: str, data: bytes) -> None:
        self.key_id = key_id
        self.data = data

    def __reduce__(self) -> Any:
        return (SealedSecret, (self.key_id, self.data))

    def __repr__(self) -> str:
        return "<SealedSecret>"

    def unseal(self) -> Union[str, bytes]:
        """The clear value; raises :class:`UnsealError` in a process without the key."""
        if self.key_id != _process_key_id():
            raise UnsealError("this secret was sealed by another process")
        return AESCipher().decrypt(self.data)


class UnsealError(ValueError):
    """A sealed secret cannot be opened in this process (it was sealed elsewhere)."""


def _process_key_id() -> str:
    return hashlib.sha256(("dyn.encrypt/seal:" + generate_key()).encode("utf-8")).hexdigest()[:16]


def seal(value: Union[str, bytes, Secret]) -> SealedSecret:
    """Encrypt *value* with the process key (see :class:`SealedSecret`)."""
    return SealedSecret(_process_key_id(), AESCipher().encrypt(value))
