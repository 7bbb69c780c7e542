"""dyn.mm.accounts against the emulator over real HTTP: accounts, x-headers, senders,
recipients, suppressions, pagination, validation and error codes."""
import datetime

import pytest
from support import refused_before_sending

from dyn.mm import accounts
from dyn.mm.accounts import Account, ApprovedSender, Recipient, Suppression
from dyn.mm.errors import (DynInvalidArgumentError, EmailFeatureNotEnabledError, EmailInvalidArgumentError,
                           EmailKeyError, EmailNotFoundError, EmailObjectError, NoSuchAccountError)
from dyn.mm.session import MMSession
from dyn.testing import RawClient

UTC = datetime.timezone.utc


@pytest.fixture
def mm(dyn_emulator):
    return MMSession(dyn_emulator.demo_apikey, **dyn_emulator.session_kwargs)


@pytest.fixture
def raw(dyn_emulator):
    with RawClient(dyn_emulator.url) as client:
        yield client


def mm_paths(emulator):
    """``(method, path)`` of every MM request the emulator received."""
    return [(entry["method"], entry["path"]) for entry in emulator.requests if entry["api"] == "mm"]


def demo_username(emulator):
    return emulator.add_apikey(emulator.demo_apikey)["username"]


# -- accounts -----------------------------------------------------------------------------------

def test_get_all_accounts_lists_without_posting(dyn_emulator, mm):
    dyn_emulator.clear_requests()
    [account] = accounts.get_all_accounts()
    assert account.username == demo_username(dyn_emulator)
    assert account.user_type == "Master" and account.emailcap == "100000"
    assert account.track_opens is False and account.email_sent == "0"
    assert mm_paths(dyn_emulator) == [("GET", "/rest/json/accounts")]  # no POST per account


def test_account_repr_hides_the_api_key(dyn_emulator, mm):
    dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sub@example.com")
    account = Account("sub@example.com")
    assert len(account.apikey) == 32
    assert repr(account) == str(account) == "<MM Account>: sub@example.com"


def test_accounts_pagination_and_lazy_iteration(dyn_emulator, mm):
    for index in range(30):
        dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sub%02d@example.com" % index)
    dyn_emulator.clear_requests()
    iterator = accounts.iter_accounts()
    assert dyn_emulator.requests == []  # lazy: nothing until the first item
    first = [next(iterator) for _ in range(25)]
    assert len(mm_paths(dyn_emulator)) == 1
    rest = list(iterator)
    assert len(mm_paths(dyn_emulator)) == 2
    names = [item.username for item in first + rest]
    assert names[1:] == ["sub%02d@example.com" % i for i in range(30)]
    assert len(accounts.get_all_accounts()) == 31


def test_account_lookup(dyn_emulator, mm):
    dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sales@example.com", companyname="Sales Co")
    account = Account("sales@example.com")
    assert account.company_name == "Sales Co" and account.user_type == "Sub"
    with pytest.raises(NoSuchAccountError):
        Account("nobody@example.com")


def test_create_update_and_delete_a_sub_account(dyn_emulator, mm, raw):
    account = Account("new@example.com", "s3cret", "New Co", "+1 (603) 555-0100", city="Boston", trackopens=True)
    assert account.apikey and account.password == "s3cret"
    listed = {item.username: item for item in accounts.get_all_accounts()}["new@example.com"]
    assert (listed.city, listed.track_opens, listed.user_type) == ("Boston", True, "Sub")
    assert listed.apikey == account.apikey
    # the sub-account's own key works
    assert raw.mm("GET", "accounts", {"apikey": account.apikey})[0] == 200
    # update (create-or-update) keeps the key
    again = Account("new@example.com", "s3cret", "Renamed Co", "555")
    assert again.apikey == account.apikey
    assert Account("new@example.com").company_name == "Renamed Co"
    old_key = account.apikey
    assert account.generate_new_apikey() != old_key
    assert raw.mm("GET", "accounts", {"apikey": old_key})[0] == 451
    account.delete()
    assert [item.username for item in accounts.get_all_accounts()] == [demo_username(dyn_emulator)]
    with pytest.raises(EmailNotFoundError):
        account.delete()


def test_account_error_codes(dyn_emulator, mm):
    other = dyn_emulator.add_apikey("other-key")
    with pytest.raises(EmailObjectError) as err:  # 453: someone else's account
        Account(other["username"], "pw", "Co", "555")
    assert err.value.status == 453
    sub = dyn_emulator.add_mm_subaccount(dyn_emulator.demo_apikey, "sub@example.com")
    MMSession.new_session(sub["apikey"], **dyn_emulator.session_kwargs)
    with pytest.raises(EmailFeatureNotEnabledError) as err:  # 454: a sub-account cannot create accounts
        Account("another@example.com", "pw", "Co", "555")
    assert err.value.status == 454
    MMSession.new_session("wrong-key", **dyn_emulator.session_kwargs)
    with pytest.raises(EmailKeyError) as err:
        accounts.get_all_accounts()
    assert err.value.status == 451 and "wrong-key" not in str(err.value) + repr(err.value)


def test_account_452_lists_the_server_reasons(dyn_emulator, mm):
    MMSession.get_session().execute("/senders", "GET", {})  # the session works
    with pytest.raises(EmailInvalidArgumentError) as err:
        MMSession.get_session().execute("/accounts", "POST", {"username": "x@example.com"})
    assert err.value.status == 452
    assert "The company name can not be blank." in err.value.data


def test_xheaders(dyn_emulator, mm):
    account = Account(demo_username(dyn_emulator))
    assert account.xheaders == {"xheader1": "", "xheader2": "", "xheader3": "", "xheader4": ""}
    account.xheaders["xheader1"] = "X-Campaign"  # APIDict: saved at once
    assert accounts.get_xheaders()["xheader1"] == "X-Campaign"
    account.xheaders = {"xheader2": "X-Customer"}  # assigning a dict saves it (classic: nothing sent)
    assert accounts.get_xheaders() == {"xheader1": "X-Campaign", "xheader2": "X-Customer", "xheader3": "",
                                       "xheader4": ""}
    accounts.set_xheaders({"xheader1": ""})
    assert accounts.get_xheaders()["xheader1"] == ""


# -- senders ------------------------------------------------------------------------------------

def test_sender_lifecycle(dyn_emulator, mm):
    sender = accounts.add_sender("news@example.com")
    assert str(sender) == "<MM ApprovedSender>: news@example.com"
    assert sender.status == 1
    sender.seeding = 1
    sender.dkim = "mail-2024"
    fetched = ApprovedSender("news@example.com")
    assert (fetched.seeding, fetched.spf, fetched.dkimval) == (1, 1, "mail-2024")
    assert fetched.details["mail-2024._domainkey.example.com"].startswith("v=DKIM1;")
    fetched.delete()
    assert accounts.get_all_senders() == []
    with pytest.raises(EmailNotFoundError) as err:
        ApprovedSender("news@example.com")
    assert err.value.status == 404


def test_sixty_senders_over_three_pages(dyn_emulator, mm, raw):
    for index in range(60):
        raw.mm("POST", "senders", {"apikey": dyn_emulator.demo_apikey, "emailaddress": "s%02d@example.com" % index})
    dyn_emulator.clear_requests()
    senders = accounts.get_all_senders()
    assert [s.emailaddress for s in senders] == ["s%02d@example.com" % i for i in range(60)]
    assert [entry["query"].get("startindex") for entry in dyn_emulator.requests] == ["0", "25", "50"]
    assert [s.emailaddress for s in accounts.get_all_senders(start_index=55)] == [
        "s%02d@example.com" % i for i in range(55, 60)]
    dyn_emulator.clear_requests()
    iterator = accounts.iter_senders()
    assert dyn_emulator.requests == []
    assert next(iterator).emailaddress == "s00@example.com"
    assert len(dyn_emulator.requests) == 1


# -- recipients and suppressions ---------------------------------------------------------------------

def test_recipient_status_and_activation(dyn_emulator, mm):
    accounts.add_sender("me@example.com")
    from dyn.mm.message import send_message

    send_message("me@example.com", "bounce@test.dyn-emulator.invalid", "Hi", body="x")
    recipient = Recipient("bounce@test.dyn-emulator.invalid")
    assert (recipient.status, recipient.unsuppressed, recipient.suppressed) == ("inactive", True, False)
    recipient.activate()
    recipient.refresh()
    assert recipient.status == "active"
    Recipient("other@example.com", method="POST")  # activation of an unknown address is accepted
    Suppression("other@example.com")
    assert accounts.get_recipients_status(["other@example.com", "bounce@test.dyn-emulator.invalid"]) == [
        {"emailaddress": "other@example.com", "status": "active", "suppressionstatus": "suppressed"},
        {"emailaddress": "bounce@test.dyn-emulator.invalid", "status": "active",
         "suppressionstatus": "unsuppressed"}]


def test_suppressions(dyn_emulator, mm):
    suppression = accounts.add_suppression("spam@example.com")
    assert suppression.get_count() == 1 and suppression.count == 1
    [listed] = accounts.get_all_suppressions()
    assert listed.emailaddress == "spam@example.com" and listed.reasontype == "manual"
    assert listed.suppresstime.tzinfo is not None
    now = datetime.datetime.now(UTC)
    assert abs((listed.suppresstime - now).total_seconds()) < 60
    assert accounts.get_suppression_count(now - datetime.timedelta(hours=1)) == 1
    assert accounts.get_all_suppressions(now + datetime.timedelta(hours=1),
                                         now + datetime.timedelta(hours=2)) == []
    with pytest.raises(EmailObjectError):
        Suppression("spam@example.com")
    suppression.activate()
    assert accounts.get_suppression_count() == 0
    with pytest.raises(EmailNotFoundError):
        accounts.activate_suppression("spam@example.com")


def test_eleven_hundred_suppressions_over_three_pages(dyn_emulator, mm, raw):
    for index in range(1100):
        raw.mm("POST", "suppressions", {"apikey": dyn_emulator.demo_apikey,
                                        "emailaddress": "x%04d@example.com" % index})
    dyn_emulator.clear_requests()
    listed = accounts.get_all_suppressions()
    assert len(listed) == 1100 and listed[-1].emailaddress == "x1099@example.com"
    assert [entry["query"]["startindex"] for entry in dyn_emulator.requests] == ["0", "500", "1000"]
    assert len(accounts.get_all_suppressions(startindex=1050)) == 50
    assert accounts.get_suppression_count() == 1100


# -- validation: the bad value raises and nothing is sent ----------------------------------------------

def _account(**overrides):
    args = dict(username="ok@example.com", password="pw", companyname="Co", phone="555")
    args.update(overrides)
    return Account(args.pop("username"), **args)


NOW = datetime.datetime(2024, 1, 2, tzinfo=UTC)

VALIDATION = [
    ("username", lambda: _account(username="not-an-address")),
    ("password", lambda: _account(password="")),
    ("companyname", lambda: _account(companyname=" ")),
    ("phone", lambda: _account(phone="")),
    ("phone", lambda: _account(phone="call me")),
    ("city", lambda: _account(city=42)),
    ("bounceurl", lambda: _account(bounceurl="ftp://x")),
    ("trackopens", lambda: _account(trackopens=2)),
    ("xheaders", lambda: accounts.set_xheaders({"xheader9": "X-A"})),
    ("xheader1", lambda: accounts.set_xheaders({"xheader1": "Campaign"})),
    ("emailaddress", lambda: ApprovedSender("nope")),
    ("seeding", lambda: ApprovedSender("a@example.com", seeding=5)),
    ("seeding", lambda: setattr(ApprovedSender("a@example.com", api=False), "seeding", "yes")),
    ("dkim", lambda: setattr(ApprovedSender("a@example.com", api=False), "dkim", "bad selector")),
    ("start_index", lambda: accounts.get_all_senders(-1)),
    ("emailaddress", lambda: Recipient("a@@example.com")),
    ("emailaddress", lambda: accounts.get_recipients_status([])),
    ("emailaddress", lambda: accounts.activate_recipient("x")),
    ("emailaddress", lambda: Suppression("x@example")),
    ("emailaddress", lambda: accounts.activate_suppression("")),
    ("enddate", lambda: accounts.get_all_suppressions(NOW, NOW - datetime.timedelta(days=1))),
    ("enddate", lambda: accounts.get_suppression_count(NOW, NOW)),
    ("startdate", lambda: accounts.get_all_suppressions("yesterday")),
    ("startdate", lambda: accounts.iter_suppressions(12345)),
    ("startindex", lambda: accounts.get_all_suppressions(startindex=-5)),
]


@pytest.mark.parametrize("arg, call", VALIDATION, ids=["%s-%d" % (v[0], i) for i, v in enumerate(VALIDATION)])
def test_validation_sends_nothing(dyn_emulator, mm, arg, call):
    assert refused_before_sending(dyn_emulator, DynInvalidArgumentError, call).arg == arg


def test_password_is_masked_in_errors(dyn_emulator, mm):
    with pytest.raises(DynInvalidArgumentError) as err:
        Account("ok@example.com", ["hunter2"], "Co", "555")
    assert "hunter2" not in str(err.value) + repr(err.value)


def test_invalid_xheader_item_is_undone_and_not_sent(dyn_emulator, mm):
    account = Account(demo_username(dyn_emulator))
    headers = account.xheaders
    dyn_emulator.clear_requests()
    with pytest.raises(DynInvalidArgumentError):
        headers["xheader1"] = "no spaces allowed"
    assert headers["xheader1"] == "" and dyn_emulator.requests == []


def test_no_session_is_a_clear_error(dyn_emulator):
    from dyn.mm.errors import EmailNoSessionError

    with pytest.raises(EmailNoSessionError):
        accounts.get_all_accounts()
