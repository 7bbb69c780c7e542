"""The objects of zone transfers: :class:`TSIG` keys and :class:`ExternalNameserver`
settings (with :class:`ExternalNameserverEntry` hosts). Also importable from
:mod:`dyn.tm.zones`, as in the classic SDK."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from dyn import validation as v
from dyn.encrypt import Secret
from dyn.tm._zone_base import _check, _checked, _execute, _ip, _Remote, _ServerObject, _yes_no, _zone_name
from dyn.tm.errors import DynectInvalidArgumentError

__all__ = ["TSIG", "ExternalNameserver", "ExternalNameserverEntry", "TSIG_ALGORITHMS"]

TSIG_ALGORITHMS = ("hmac-sha1", "hmac-md5", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512")


# ---------------------------------------------------------------------------------------
# TSIG
# ---------------------------------------------------------------------------------------
class TSIG(_ServerObject):
    """A TSIG key, for signed zone transfers.

    ``TSIG(name)`` fetches it (``GET /TSIGKey/{name}/``);
    ``TSIG(name, secret=..., algorithm=...)`` creates it (``POST /TSIGKey/{name}/``);
    ``TSIG(name, api=False, **data)`` builds it from API data (see :func:`get_all_tsig`).
    The secret never appears in ``str()`` or ``repr()``.

    :param name: the key name.
    :param secret: the shared secret (base64).
    :param algorithm: one of :data:`TSIG_ALGORITHMS`.
    """

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        self._name = name
        self._algorithm: Optional[str] = None
        self._secret: Optional[Secret] = None
        self.uri = "/TSIGKey/%s/" % name
        if "api" in kwargs:
            kwargs.pop("api")
            self._build(kwargs)
            return
        _check("name", v.hostname, name)
        if not args and not kwargs:
            self._get()
        else:
            self._post(*args, **kwargs)

    def _post(self, secret: Optional[str] = None, algorithm: Optional[str] = None) -> None:
        if secret is None:
            raise DynectInvalidArgumentError("secret", None, problem="A secret is required")
        if algorithm is None:
            raise DynectInvalidArgumentError("algorithm", None, TSIG_ALGORITHMS, problem="An algorithm is required")
        self._check_secret(secret)
        self._check_algorithm(algorithm)
        self._build(_execute(self.uri, "POST", {"name": self._name, "secret": secret, "algorithm": algorithm}))

    @staticmethod
    def _check_secret(secret: Any) -> None:
        _check("secret", v.base64_data, secret, secret=True)

    @staticmethod
    def _check_algorithm(algorithm: Any) -> None:
        if algorithm not in TSIG_ALGORITHMS:
            raise DynectInvalidArgumentError("algorithm", algorithm, TSIG_ALGORITHMS)

    def _get_args(self) -> Dict[str, Any]:
        return {"name": self._name}

    def _convert(self, key: str, value: Any) -> Any:
        if key == "secret":  # kept masked
            return Secret(value) if isinstance(value, (str, bytes)) else None
        return value

    @property
    def name(self) -> str:
        """The key name (read-only)."""
        return self._name

    secret = _Remote("The shared secret (fetched on read; assigning sends ``PUT`` with ``{name, secret}``).",
                     check=_checked(v.base64_data, secret=True), extra=("name",),
                     read=lambda value: value.reveal() if value is not None else None)
    algorithm = _Remote("The algorithm (fetched on read; assigning sends ``PUT`` with ``{name, algorithm}``).",
                        check=lambda field, value: TSIG._check_algorithm(value) or value, extra=("name",))

    def delete(self) -> None:
        """Delete the key (``DELETE /TSIGKey/{name}/``)."""
        _execute(self.uri, "DELETE", {})

    def __str__(self) -> str:
        return "<TSIG>: %s (%s)" % (self._name, self._algorithm)

    __repr__ = __str__

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


# ---------------------------------------------------------------------------------------
# External nameservers
# ---------------------------------------------------------------------------------------
class ExternalNameserverEntry:
    """One external nameserver host (client-side only).

    :param address: the host's IP address.
    :param notifies: ``'Y'`` to send it NOTIFY messages, ``'N'`` not to.
    """

    def __init__(self, address: str, *args: Any, **kwargs: Any) -> None:
        self._address = _check("address", _ip, address)
        notifies = kwargs.get("notifies")
        self._notifies = None if notifies is None else _yes_no("notifies", notifies)

    @property
    def _json(self) -> Dict[str, Any]:
        """The payload form: ``{address, notifies}`` without None values."""
        return {key: value for key, value in (("address", self._address), ("notifies", self._notifies))
                if value is not None}

    @property
    def address(self) -> str:
        """The host's IP address."""
        return self._address

    @address.setter
    def address(self, value: str) -> None:
        self._address = _check("address", _ip, value)

    @property
    def notifies(self) -> Optional[str]:
        """``'Y'``/``'N'``: whether the host gets NOTIFY messages."""
        return self._notifies

    @notifies.setter
    def notifies(self, value: Any) -> None:
        self._notifies = None if value is None else _yes_no("notifies", value)

    def __str__(self) -> str:
        return "<ExternalNameserverEntry>: %s, Notifies: %s" % (self._address, self._notifies)

    __repr__ = __str__

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


def _host_json(host: Any) -> Dict[str, Any]:
    if isinstance(host, ExternalNameserverEntry):
        return host._json
    if isinstance(host, dict):
        _check("address", _ip, host.get("address"))
        if host.get("notifies") is not None:
            _yes_no("notifies", host["notifies"])
        return host
    raise DynectInvalidArgumentError("hosts", host, problem="ExternalNameserverEntry or dict expected")


class ExternalNameserver(_ServerObject):
    """The external (non-Dyn) nameservers allowed to transfer a zone.

    ``ExternalNameserver(zone)`` fetches the settings (``GET /ExtNameserver/{zone}/``);
    with keywords it creates them (``POST``): ``deny``, ``tsig_key_name``, ``active``
    and ``hosts`` (a list of :class:`ExternalNameserverEntry` or dicts).

    :param zone: the zone name.
    :param deny: ``'Y'`` to deny the listed hosts rather than allow them.
    :param active: ``'Y'``/``'N'``.
    """

    def __init__(self, zone: str, *args: Any, **kwargs: Any) -> None:
        _zone_name("zone", zone)
        self._zone = zone
        self._deny = self._tsig_key_name = self._active = None
        self._hosts: List[ExternalNameserverEntry] = []
        self.uri = "/ExtNameserver/%s/" % zone
        if not args and not kwargs:
            self._get()
        else:
            self._post(**kwargs)

    def _post(self, deny: Any = None, tsig_key_name: Optional[str] = None, active: Any = None,
              hosts: Optional[Iterable[Any]] = None) -> None:
        api_args: Dict[str, Any] = {"zone": self._zone}
        if deny:
            api_args["deny"] = _yes_no("deny", deny)
        if tsig_key_name:
            api_args["tsig_key_name"] = _check("tsig_key_name", v.hostname, tsig_key_name)
        if active:
            api_args["active"] = _yes_no("active", active)
        if hosts:
            api_args["hosts"] = [_host_json(host) for host in hosts]
        self._build(_execute(self.uri, "POST", api_args))

    def _get_args(self) -> Dict[str, Any]:
        return {"zone": self._zone}

    def _convert(self, key: str, value: Any) -> Any:
        if key == "hosts":
            return [ExternalNameserverEntry(host["address"], notifies=host.get("notifies")) for host in value or []]
        return value

    @property
    def zone(self) -> str:
        """The zone name (read-only)."""
        return self._zone

    deny = _Remote("``'Y'``/``'N'`` (fetched on read; assigning sends ``PUT`` with ``{zone, deny}``).",
                   check=_yes_no, extra=("zone",))
    tsig_key_name = _Remote("The TSIG key's name (fetched on read; assigning sends ``PUT`` with "
                            "``{zone, tsig_key_name}``).", check=_checked(v.hostname), extra=("zone",))
    active = _Remote("``'Y'``/``'N'`` (fetched on read; assigning sends ``PUT`` with ``{zone, active}``).",
                     check=_yes_no, extra=("zone",))
    hosts = _Remote("The hosts, as :class:`ExternalNameserverEntry` (fetched on read; assigning sends "
                    "``PUT`` with ``{hosts}``).", check=lambda field, value: [_host_json(host) for host in value])

    def delete(self) -> None:
        """Delete the settings (``DELETE /ExtNameserver/{zone}/``)."""
        _execute(self.uri, "DELETE", {})

    def __str__(self) -> str:
        return "<ExternalNameserver>: %s" % self._zone

    __repr__ = __str__

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")
