"""Message Management accounts, approved senders, recipients and suppressions.

Every call goes through the calling thread's :class:`~dyn.mm.session.MMSession`, found
when the call is made; without one, :class:`~dyn.mm.errors.EmailNoSessionError` is raised.

Lists are paged by the API (``startindex``: 25 accounts or senders, 500 suppressions per
page). The ``get_all_*`` functions follow every page and return a list; the ``iter_*``
functions return a lazy iterator that fetches a page only when the previous one is used
up::

    >>> for sender in iter_senders():
    ...     print(sender.emailaddress)

Arguments are checked before anything is sent: a bad e-mail address, flag or date range
raises :class:`~dyn.mm.errors.DynInvalidArgumentError` naming the argument.

Differences from the classic module (which could not be imported at 1.8.6): listing
accounts sends no POST per account; assigning a dict to :attr:`Account.xheaders` saves
it; :attr:`ApprovedSender.seeding` is the seeding flag (not the status); ``startindex``
is sent under its API name (the classic ``start_index`` was ignored by the API);
:class:`Recipient` understands the documented ``recipients`` answer;
``Account.generate_new_apikey()``, mentioned by the classic docs, exists; the
properties are read-only (assigning raises :class:`AttributeError` instead of doing
nothing).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from .errors import DynInvalidArgumentError, NoSuchAccountError
from .session import MMSession
from .utils import (APIDict, check_date_range, check_email, check_flag, check_text, date_to_str, paginate,
                    str_to_date)

__all__ = [
    "get_all_accounts", "iter_accounts", "get_all_senders", "iter_senders", "get_all_suppressions",
    "iter_suppressions", "get_suppression_count", "add_sender", "add_suppression", "activate_suppression",
    "get_recipients_status", "activate_recipient", "get_xheaders", "set_xheaders",
    "Account", "ApprovedSender", "Recipient", "Suppression",
    "ACCOUNTS_PAGE_SIZE", "SENDERS_PAGE_SIZE", "SUPPRESSIONS_PAGE_SIZE", "XHEADER_NAMES",
]

log = logging.getLogger(__name__)

ACCOUNTS_PAGE_SIZE = 25
"""Accounts per page of ``GET /accounts``."""

SENDERS_PAGE_SIZE = 25
"""Senders per page of ``GET /senders``."""

SUPPRESSIONS_PAGE_SIZE = 500
"""Suppressions per page of ``GET /suppressions``."""

XHEADER_NAMES: Tuple[str, ...] = ("xheader1", "xheader2", "xheader3", "xheader4")
"""The four custom x-header slots of an account."""

_XHEADERS_URI = "/accounts/xheaders"
_HEADER_NAME = re.compile(r"X-[A-Za-z0-9-]+", re.IGNORECASE)
_SELECTOR = re.compile(r"[A-Za-z0-9_-]+")
_PHONE = re.compile(r"[0-9 +().-]*[0-9][0-9 +().-]*")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def _execute(uri: str, method: str, args: Optional[Dict[str, Any]] = None) -> Any:
    """One call through the calling thread's MM session; returns the envelope's data."""
    return MMSession.resolve().execute(uri, method, {} if args is None else args)


def _store(obj: object, data: Any, skip: Sequence[str] = ()) -> None:
    """Store each key of ``data`` as the attribute ``_key`` (the classic rule)."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key not in skip and key.isidentifier():
                setattr(obj, "_" + key, value)


def _read_only(keys: Sequence[str], doc: str, convert: Any = None) -> property:
    """A read-only property returning the first non-None ``_key`` among ``keys``."""
    def getter(self: object) -> Any:
        for key in keys:
            value = getattr(self, "_" + key, None)
            if value is not None:
                return convert(value) if convert else value
        return convert(None) if convert else None
    return property(getter, doc=doc)


def _is_on(value: Any) -> bool:
    """The API's flags are ``"0"``/``"1"`` strings (the classic compared with the int 1)."""
    return str(value).strip().lower() in ("1", "true", "y", "yes")


# --------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------

def _account_items(data: Any) -> List[Dict[str, Any]]:
    """The account dicts of one ``GET /accounts`` page, each with the list's ``emailcap``."""
    if not isinstance(data, Mapping):
        return []
    return [dict(item, emailcap=data.get("emailcap")) for item in data.get("accounts") or []]


def iter_accounts() -> Iterator["Account"]:
    """Lazily iterate over the accounts the API key can see (``GET /accounts``, 25 per page).

    :return: an iterator of :class:`Account`; a page is fetched when needed.
    """
    for item in paginate("/accounts", {}, ACCOUNTS_PAGE_SIZE, _account_items, send_first_index=False):
        yield Account(item.pop("username"), api=False, **item)


def get_all_accounts() -> List["Account"]:
    """Every account the API key can see: its own and, for a master account, its
    sub-accounts (``GET /accounts``, all pages). Nothing else is sent (the classic code
    POSTed each account back).

    :return: a list of :class:`Account`.
    """
    return list(iter_accounts())


def get_xheaders() -> Dict[str, str]:
    """The session account's custom x-header slots (``GET /accounts/xheaders``).

    :return: ``{"xheader1": "X-...", ..., "xheader4": ...}``.
    """
    data = _execute(_XHEADERS_URI, "GET")
    return dict(data) if isinstance(data, Mapping) else {}


def _check_xheaders(value: Any) -> Dict[str, str]:
    """Validate account x-header slots: keys ``xheader1``..``xheader4``, values an
    ``X-`` header name or ``""``."""
    if not isinstance(value, Mapping):
        raise DynInvalidArgumentError("xheaders", value, "a dict of xheader1..xheader4")
    for key, name in value.items():
        if key not in XHEADER_NAMES:
            raise DynInvalidArgumentError("xheaders", key, ", ".join(XHEADER_NAMES))
        if not isinstance(name, str) or (name and not _HEADER_NAME.fullmatch(name)):
            raise DynInvalidArgumentError(key, name, "an X- header name (letters, digits, -) or ''")
    return dict(value)


def set_xheaders(xheaders: Mapping[str, str]) -> Dict[str, str]:
    """Save the session account's x-header slots (``POST /accounts/xheaders``).

    :param xheaders: e.g. ``{"xheader1": "X-Campaign"}``; ``""`` clears a slot.
    :return: the given slots.
    :raises DynInvalidArgumentError: an unknown slot, or a value that is not an ``X-``
        header name.
    """
    payload = _check_xheaders(xheaders)
    _execute(_XHEADERS_URI, "POST", payload)
    return payload


class _XHeaders(APIDict):
    """An :class:`~dyn.mm.utils.APIDict` of x-header slots that validates before saving
    (an invalid change is undone and nothing is sent)."""

    def _update(self) -> Any:
        _check_xheaders(self._payload())
        return super()._update()


_ACCOUNT_TABLE: Tuple[Tuple[str, Tuple[str, ...], str], ...] = (
    ("username", ("username",), "The user name (an e-mail address)."),
    ("account_name", ("accountname",), "The account name."),
    ("address", ("address",), "Street address."),
    ("apikey", ("apikey",), "The account's API key (a secret: never shown by str or repr)."),
    ("city", ("city",), "City."),
    ("company_name", ("companyname",), "Company name."),
    ("contact_name", ("contactname",), "Contact name."),
    ("country", ("country",), "Country."),
    ("created", ("created",), "Creation time, as the API gives it (ISO 8601 text)."),
    ("email_sent", ("emailssent", "emailsent"), "Number of e-mails sent."),
    ("max_sample_count", ("max_sample_count",), "Maximum sample count."),
    ("phone", ("phone",), "Phone number."),
    ("state", ("state",), "State or region."),
    ("timezone", ("timezone",), "Time zone offset, e.g. ``-0400``."),
    ("user_type", ("usertype",), "``Master`` or ``Sub``."),
    ("zipcode", ("zipcode",), "Postal code."),
    ("password", ("password",), "The password, when this object created the account."),
    ("emailcap", ("emailcap",), "The e-mail cap reported with the account list."),
    ("test_mode", ("testmode",), "Test mode flag, as the API gives it."),
)
_ACCOUNT_FLAGS: Tuple[Tuple[str, str, str], ...] = (
    ("track_links", "tracklinks", "Whether links are tracked."),
    ("track_opens", "trackopens", "Whether opens are tracked."),
    ("track_unsubscribes", "trackunsubscribes", "Whether unsubscribes are tracked."),
)


class Account:
    """A Message Management account.

    * ``Account(username)`` finds an existing account among those the key can see
      (``GET /accounts``) and raises :class:`~dyn.mm.errors.NoSuchAccountError` if none
      matches;
    * ``Account(username, password, companyname, phone, ...)`` creates (or updates) one
      with ``POST /accounts``; see :meth:`_post` for the arguments;
    * ``Account(username, api=False, **fields)`` wraps fields already fetched (what
      :func:`get_all_accounts` does); nothing is sent.

    The fields are read-only properties (``company_name``, ``user_type``,
    ``track_opens``, ...). ``str`` and ``repr`` show only the user name.

    :param username: the account's user name, an e-mail address.
    :raises DynInvalidArgumentError: a bad argument when creating (nothing is sent).
    """

    uri = "/accounts"

    def __init__(self, username: str, *args: Any, **kwargs: Any) -> None:
        for _name, keys, _doc in _ACCOUNT_TABLE:
            for key in keys:
                setattr(self, "_" + key, None)
        for _name, key, _doc in _ACCOUNT_FLAGS:
            setattr(self, "_" + key, None)
        self._username = username
        self._xheaders: Optional[_XHeaders] = None
        if "api" in kwargs:
            kwargs.pop("api")
            self._update(kwargs)
        elif not args and not kwargs:
            self._get()
        else:
            self._post(*args, **kwargs)

    def _update(self, data: Mapping[str, Any]) -> None:
        """Store fields (``_key`` attributes); sends nothing."""
        _store(self, data)

    def _get(self) -> None:
        """Find the account by user name among the listed ones (lazily, page by page)."""
        for item in paginate("/accounts", {}, ACCOUNTS_PAGE_SIZE, _account_items, send_first_index=False):
            if item.get("username") == self._username:
                self._update(item)
                return
        raise NoSuchAccountError("No such Account")

    def _post(self, password: str, companyname: str, phone: str, address: Optional[str] = None,
              city: Optional[str] = None, state: Optional[str] = None, zipcode: Optional[str] = None,
              country: Optional[str] = None, timezone: Optional[str] = None, bounceurl: Optional[str] = None,
              spamurl: Optional[str] = None, unsubscribeurl: Optional[str] = None, trackopens: int = 0,
              tracklinks: int = 0, trackunsubscribes: int = 0, generatenewapikey: int = 0) -> None:
        """Create or update the account: ``POST /accounts``.

        :param password: the password (required; never shown in errors).
        :param companyname: company name (required).
        :param phone: phone number (required; digits, spaces and ``+-().``).
        :param address: street address.
        :param city: city.
        :param state: state or region.
        :param zipcode: postal code.
        :param country: country.
        :param timezone: time zone, e.g. ``-0400``.
        :param bounceurl: URL notified of bounces (``http(s)://``).
        :param spamurl: URL notified of complaints.
        :param unsubscribeurl: URL notified of unsubscribes.
        :param trackopens: track opens (0/1 or a bool).
        :param tracklinks: track link clicks.
        :param trackunsubscribes: track unsubscribes.
        :param generatenewapikey: give the account a new API key.
        """
        check_email("username", self._username)
        args: Dict[str, Any] = {"username": self._username, "password": check_text("password", password, True),
                                "companyname": check_text("companyname", companyname),
                                "phone": check_text("phone", phone)}
        if not _PHONE.fullmatch(phone):
            raise DynInvalidArgumentError("phone", phone, "digits, spaces and + - ( ) .")
        for name, value in (("address", address), ("city", city), ("state", state), ("zipcode", zipcode),
                            ("country", country), ("timezone", timezone)):
            if value is not None:
                args[name] = check_text(name, value)
        for name, value in (("bounceurl", bounceurl), ("spamurl", spamurl), ("unsubscribeurl", unsubscribeurl)):
            if value is not None:
                if not isinstance(value, str) or not _URL.fullmatch(value):
                    raise DynInvalidArgumentError(name, value, "an http:// or https:// URL")
                args[name] = value
        for name, value in (("trackopens", trackopens), ("tracklinks", tracklinks),
                            ("trackunsubscribes", trackunsubscribes), ("generatenewapikey", generatenewapikey)):
            args[name] = check_flag(name, value)
        log.debug("saving MM account %s", self._username)
        data = _execute(self.uri, "POST", args)
        self._update({key: value for key, value in args.items() if key != "generatenewapikey"})
        self._update(data)

    @property
    def xheaders(self) -> APIDict:
        """The session account's custom x-header slots (``xheader1``..``xheader4``).

        Read once with ``GET /accounts/xheaders``; the result is an
        :class:`~dyn.mm.utils.APIDict`, so ``account.xheaders['xheader1'] = 'X-Campaign'``
        saves at once. Assigning a dict saves it too (``POST /accounts/xheaders``; the
        classic code sent nothing). Values are checked first.

        Note that x-headers belong to the session's API key, as in the classic SDK.
        """
        if self._xheaders is None:
            data = _execute(_XHEADERS_URI, "GET")
            self._xheaders = _XHeaders(MMSession.require_session, _XHEADERS_URI,
                                       dict(data) if isinstance(data, Mapping) else {})
        return self._xheaders

    @xheaders.setter
    def xheaders(self, value: Mapping[str, str]) -> None:
        payload = set_xheaders(value)
        self._xheaders = _XHeaders(MMSession.require_session, _XHEADERS_URI, payload)

    def generate_new_apikey(self, password: Optional[str] = None) -> str:
        """Give the account a new API key (``POST /accounts`` with ``generatenewapikey=1``).

        The API wants the required account fields with it: the password (given here, or
        known because this object created the account), the company name and the phone.

        :param password: the account's password.
        :return: the new API key (also in :attr:`apikey`).
        :raises DynInvalidArgumentError: the password, company name or phone is unknown.
        """
        password = password if password is not None else self._password
        args = {"username": self._username, "password": check_text("password", password, True),
                "companyname": check_text("companyname", self._companyname),
                "phone": check_text("phone", self._phone), "generatenewapikey": 1}
        data = _execute(self.uri, "POST", args)
        self._password = password
        self._update(data)
        return self._apikey

    def delete(self) -> None:
        """Delete the account: ``POST /accounts/delete``."""
        _execute("/accounts/delete", "POST", {"username": self._username})

    def __str__(self) -> str:
        return "<MM Account>: %s" % self._username

    __repr__ = __str__


for _name, _keys, _doc in _ACCOUNT_TABLE:
    setattr(Account, _name, _read_only(_keys, _doc))
for _name, _key, _doc in _ACCOUNT_FLAGS:
    setattr(Account, _name, _read_only((_key,), _doc + " (a bool)", _is_on))
del _name, _keys, _key, _doc


# --------------------------------------------------------------------------------------
# Approved senders
# --------------------------------------------------------------------------------------

def _sender_items(data: Any) -> List[Dict[str, Any]]:
    return list(data.get("senders") or []) if isinstance(data, Mapping) else []


def iter_senders(start_index: int = 0) -> Iterator["ApprovedSender"]:
    """Lazily iterate over the approved senders (``GET /senders``, 25 per page).

    :param start_index: the first index (0-based), sent as ``startindex``.
    :return: an iterator of :class:`ApprovedSender`.
    """
    start = _check_index("start_index", start_index)

    def generate() -> Iterator[ApprovedSender]:
        for item in paginate("/senders", {}, SENDERS_PAGE_SIZE, _sender_items, start):
            item = dict(item)
            yield ApprovedSender(item.pop("emailaddress"), api=False, **item)
    return generate()


def get_all_senders(start_index: int = 0) -> List["ApprovedSender"]:
    """Every approved sender from ``start_index`` on (``GET /senders``, all pages).

    :param start_index: the first index (0-based), sent as ``startindex``.
    :return: a list of :class:`ApprovedSender`.
    """
    return list(iter_senders(start_index))


def add_sender(emailaddress: str, seeding: int = 0) -> "ApprovedSender":
    """Add (or update) an approved sender: ``POST /senders``.

    :param emailaddress: the sender's address.
    :param seeding: 0/1 (or a bool).
    :return: the :class:`ApprovedSender`.
    """
    return ApprovedSender(emailaddress, seeding=seeding)


_SENDER_FIELDS = ("seeding", "status", "dkim", "spf", "dkimval")


class ApprovedSender:
    """An approved sender: an address the account may send from.

    * ``ApprovedSender(address)`` reads its details (``GET /senders/details``);
    * ``ApprovedSender(address, seeding)`` or ``ApprovedSender(address, seeding=1)``
      creates or updates it (``POST /senders``);
    * ``ApprovedSender(address, api=False, **fields)`` wraps fields already fetched.

    :param emailaddress: the sender's e-mail address.
    :raises DynInvalidArgumentError: a bad address or seeding value (nothing is sent).
    """

    uri = "/senders"

    def __init__(self, emailaddress: str, *args: Any, **kwargs: Any) -> None:
        self._emailaddress = emailaddress
        for key in _SENDER_FIELDS:
            setattr(self, "_" + key, None)
        self._details: Dict[str, Any] = {}
        if "api" in kwargs:
            kwargs.pop("api")
            self._update(kwargs)
            return
        check_email("emailaddress", emailaddress)
        if args or kwargs:
            self._post(*args, **kwargs)
        else:
            self._get()

    def _update(self, data: Any) -> None:
        if isinstance(data, Mapping):
            self._details.update(data)
        _store(self, data, skip=("emailaddress",))

    def _post(self, seeding: int = 0) -> None:
        seeding = check_flag("seeding", seeding)
        data = _execute(self.uri, "POST", {"emailaddress": self._emailaddress, "seeding": seeding})
        self._seeding = seeding
        self._update(data)

    def _get(self) -> None:
        self._update(_execute("/senders/details", "GET", {"emailaddress": self._emailaddress}))

    def refresh(self) -> None:
        """Read the details again (``GET /senders/details``)."""
        self._get()

    @property
    def emailaddress(self) -> str:
        """The sender's address."""
        return self._emailaddress

    @property
    def details(self) -> Dict[str, Any]:
        """Every field the API gave for this sender, including the DKIM records
        (``<selector>._domainkey.<domain>``)."""
        return dict(self._details)

    @property
    def seeding(self) -> Optional[int]:
        """The seeding flag (0/1), read from the details when unknown. Assigning 0, 1 or a
        bool saves it (``POST /senders``); any other value raises
        :class:`~dyn.mm.errors.DynInvalidArgumentError` (the classic code ignored it)."""
        if self._seeding is None:
            self._get()
        return self._seeding

    @seeding.setter
    def seeding(self, value: int) -> None:
        value = check_flag("seeding", value)
        _execute(self.uri, "POST", {"emailaddress": self._emailaddress, "seeding": value})
        self._seeding = value

    @property
    def status(self) -> Any:
        """Whether the sender is ready: ``GET /senders/status`` on every read; the value of
        the answer (``1`` ready, ``0`` not yet)."""
        data = _execute("/senders/status", "GET", {"emailaddress": self._emailaddress})
        values = list(data.values()) if isinstance(data, Mapping) else []
        self._status = values[-1] if values else None
        return self._status

    @property
    def dkim(self) -> Any:
        """The DKIM value known locally. Assigning a selector (letters, digits, ``-``,
        ``_``) saves it: ``POST /senders/dkim``."""
        return self._dkim

    @dkim.setter
    def dkim(self, value: str) -> None:
        if not isinstance(value, str) or not _SELECTOR.fullmatch(value):
            raise DynInvalidArgumentError("dkim", value, "a selector of letters, digits, - and _")
        _execute("/senders/dkim", "POST", {"emailaddress": self._emailaddress, "dkim": value})
        self._dkim = value

    spf = _read_only(("spf",), "The SPF flag from the details (read-only).")
    dkimval = _read_only(("dkimval",), "The DKIM value from the details (read-only).")

    def delete(self) -> None:
        """Remove the sender: ``POST /senders/delete``."""
        _execute("/senders/delete", "POST", {"emailaddress": self._emailaddress})

    def __str__(self) -> str:
        return "<MM ApprovedSender>: %s" % self._emailaddress

    __repr__ = __str__


# --------------------------------------------------------------------------------------
# Recipients
# --------------------------------------------------------------------------------------

def get_recipients_status(emailaddresses: Sequence[str]) -> List[Dict[str, Any]]:
    """The status of one or more recipients: ``GET /recipients/status`` (the address is
    repeated for several).

    :param emailaddresses: an address or a list of addresses.
    :return: ``[{"emailaddress", "status": "active"|"inactive", "suppressionstatus":
        "unsuppressed"|"suppressed"|"pending removal"}, ...]``.
    """
    addresses = [emailaddresses] if isinstance(emailaddresses, str) else list(emailaddresses)
    if not addresses:
        raise DynInvalidArgumentError("emailaddress", emailaddresses, "one or more e-mail addresses")
    for address in addresses:
        check_email("emailaddress", address)
    value = addresses[0] if len(addresses) == 1 else addresses
    data = _execute("/recipients/status", "GET", {"emailaddress": value})
    if isinstance(data, Mapping) and isinstance(data.get("recipients"), list):
        return [dict(item) for item in data["recipients"]]
    return [dict(data)] if isinstance(data, Mapping) and data else []


def activate_recipient(emailaddress: str) -> None:
    """Make an inactive recipient active again: ``POST /recipients/activate``."""
    _execute("/recipients/activate", "POST", {"emailaddress": check_email("emailaddress", emailaddress)})


class Recipient:
    """A recipient's status.

    ``Recipient(address)`` reads it (``GET /recipients/status``);
    ``Recipient(address, method='POST')`` activates it instead.

    :ivar emailaddress: the address.
    :ivar status: ``"active"`` or ``"inactive"``.
    :ivar suppressionstatus: ``"unsuppressed"``, ``"suppressed"`` or ``"pending removal"``.
    :ivar unsuppressed: True when not suppressed (from ``suppressionstatus``).
    :ivar suppressed: True when suppressed.
    :ivar pending_removal: True while a suppression is being lifted.
    :ivar pending_addition: True while a suppression is being added.
    :param emailaddress: the address.
    :param method: ``"GET"`` to read the status, anything else to activate.
    """

    uri = "/recipients"

    def __init__(self, emailaddress: str, method: str = "GET") -> None:
        check_email("emailaddress", emailaddress)
        self.emailaddress = emailaddress
        self.status: Optional[str] = None
        self.suppressionstatus: Optional[str] = None
        self.unsuppressed: Optional[bool] = None
        self.pending_addition: Optional[bool] = None
        self.suppressed: Optional[bool] = None
        self.pending_removal: Optional[bool] = None
        if method == "GET":
            self.refresh()
        else:
            self.activate()

    def refresh(self) -> None:
        """Read the status again."""
        found = get_recipients_status([self.emailaddress])
        record = found[0] if found else {}
        for key, value in record.items():
            if key != "emailaddress" and key.isidentifier():
                setattr(self, key, value)
        status = record.get("suppressionstatus")
        if isinstance(status, str):
            status = status.strip().lower()
            self.unsuppressed = status == "unsuppressed"
            self.suppressed = status == "suppressed"
            self.pending_removal = status == "pending removal"
            self.pending_addition = status == "pending addition"

    def activate(self) -> None:
        """Make the recipient active again: ``POST /recipients/activate``."""
        activate_recipient(self.emailaddress)

    def __str__(self) -> str:
        return "<MM Recipient>: %s" % self.emailaddress

    __repr__ = __str__


# --------------------------------------------------------------------------------------
# Suppressions
# --------------------------------------------------------------------------------------

def _check_index(arg: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DynInvalidArgumentError(arg, value, "an integer >= 0")
    return value


def _date_args(startdate: Any, enddate: Any) -> Dict[str, str]:
    """``startdate``/``enddate`` formatted for the API (enddate defaults to now when only
    startdate is given)."""
    first, last = check_date_range("startdate", startdate, "enddate", enddate)
    args = {}
    if first is not None:
        args["startdate"] = date_to_str(first)
    if last is not None:
        args["enddate"] = date_to_str(last)
    return args


def _suppression_items(data: Any) -> List[Dict[str, Any]]:
    return list(data.get("suppressions") or []) if isinstance(data, Mapping) else []


def iter_suppressions(startdate: Any = None, enddate: Any = None, startindex: int = 0) -> Iterator["Suppression"]:
    """Lazily iterate over the suppressions made in ``[startdate, enddate)``
    (``GET /suppressions``, 500 per page).

    :param startdate: a datetime, date or ISO 8601 string (naive means UTC).
    :param enddate: the same; defaults to now when ``startdate`` is given.
    :param startindex: the first index (0-based).
    :return: an iterator of :class:`Suppression`.
    :raises DynInvalidArgumentError: a bad date, or ``enddate`` not after ``startdate``.
    """
    args = _date_args(startdate, enddate)
    start = _check_index("startindex", startindex)

    def generate() -> Iterator[Suppression]:
        for item in paginate("/suppressions", args, SUPPRESSIONS_PAGE_SIZE, _suppression_items, start):
            item = dict(item)
            yield Suppression(item.pop("emailaddress"), api=False, **item)
    return generate()


def get_all_suppressions(startdate: Any = None, enddate: Any = None, startindex: int = 0) -> List["Suppression"]:
    """Every suppression made in ``[startdate, enddate)`` (``GET /suppressions``, all
    pages); see :func:`iter_suppressions`.

    :return: a list of :class:`Suppression`.
    """
    return list(iter_suppressions(startdate, enddate, startindex))


def get_suppression_count(startdate: Any = None, enddate: Any = None) -> int:
    """The number of suppressions made in ``[startdate, enddate)``
    (``GET /suppressions/count``).

    :return: the count.
    """
    data = _execute("/suppressions/count", "GET", _date_args(startdate, enddate))
    return int(data["count"])


def add_suppression(emailaddress: str) -> "Suppression":
    """Suppress an address (it will not be sent to): ``POST /suppressions``."""
    return Suppression(emailaddress)


def activate_suppression(emailaddress: str) -> None:
    """Lift the suppression of an address: ``POST /suppressions/activate``."""
    _execute("/suppressions/activate", "POST", {"emailaddress": check_email("emailaddress", emailaddress)})


class Suppression:
    """A suppressed address (never sent to).

    * ``Suppression(address)`` suppresses it (``POST /suppressions``);
    * ``Suppression(address, api=False, **fields)`` wraps a listed suppression
      (``suppresstime`` parsed to an aware datetime);
    * other arguments build a local object and send nothing (classic behaviour).

    :ivar emailaddress: the address.
    :param emailaddress: the address.
    """

    uri = "/suppressions"

    def __init__(self, emailaddress: str, *args: Any, **kwargs: Any) -> None:
        self.emailaddress = emailaddress
        self._suppresstime = None
        self._reasontype = None
        self._suppressionid = None
        self._count: Optional[int] = None
        if "api" in kwargs:
            kwargs.pop("api")
            if kwargs.get("suppresstime"):
                kwargs["suppresstime"] = str_to_date(kwargs["suppresstime"])
            _store(self, kwargs)
        elif not args and not kwargs:
            check_email("emailaddress", emailaddress)
            _execute(self.uri, "POST", {"emailaddress": emailaddress})

    suppresstime = _read_only(("suppresstime",), "When the address was suppressed (aware datetime).")
    reasontype = _read_only(("reasontype",), "Why it was suppressed, as the API gives it.")
    suppressionid = _read_only(("suppressionid",), "The API's id of the suppression.")

    def get_count(self, startdate: Any = None, enddate: Any = None) -> int:
        """The number of suppressions of the account in ``[startdate, enddate)``
        (``GET /suppressions/count``); also kept in :attr:`count`."""
        self._count = get_suppression_count(startdate, enddate)
        return self._count

    @property
    def count(self) -> Optional[int]:
        """The last value :meth:`get_count` returned (None before)."""
        return self._count

    def activate(self) -> None:
        """Lift the suppression: ``POST /suppressions/activate``."""
        activate_suppression(self.emailaddress)

    def __str__(self) -> str:
        return "<MM Suppression>: %s" % self.emailaddress

    __repr__ = __str__
