"""The exact execute(uri, method, args) calls of the classic Message Management modules
(dyn.mm.accounts, dyn.mm.message, dyn.mm.reports), with SessionEngine.execute patched.

Where the classic code was broken (spec 15, MM), the fixed call is asserted and the
comment says what the classic code did.
"""
import datetime
from unittest import mock

import pytest

from dyn.core import SessionEngine
from dyn.mm import accounts, message, reports
from dyn.mm.session import MMSession

UTC = datetime.timezone.utc
START = datetime.datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
END = datetime.datetime(2024, 3, 2, 8, 0, tzinfo=UTC)
RANGE = {"starttime": "2024-03-01T08:00:00+00:00", "endtime": "2024-03-02T08:00:00+00:00"}
ACCOUNT = {"username": "ann@example.com", "companyname": "Acme", "phone": "555", "apikey": "K-ANN",
           "usertype": "Sub", "tracklinks": "1", "trackopens": "0", "emailssent": "7"}


@pytest.fixture
def execute():
    with mock.patch.object(SessionEngine, "execute", autospec=True, return_value={}) as patched:
        MMSession("key")
        yield patched


def calls(patched):
    return [c.args[1:] for c in patched.call_args_list]


def answer(patched, *results):
    """Make execute return ``results`` in turn."""
    patched.side_effect = list(results)


# -- accounts -----------------------------------------------------------------------------------

def test_get_all_accounts_is_one_get_and_no_post(execute):
    answer(execute, {"accounts": [ACCOUNT], "emailcap": "100"})
    [account] = accounts.get_all_accounts()
    # classic: one extra POST /accounts per listed account
    assert calls(execute) == [("/accounts", "GET", {})]
    assert (account.username, account.apikey, account.emailcap, account.email_sent) == (
        "ann@example.com", "K-ANN", "100", "7")
    assert account.track_links is True and account.track_opens is False  # classic: always False


def test_account_pages_send_startindex_after_the_first(execute):
    page = [dict(ACCOUNT, username="u%d@example.com" % i) for i in range(25)]
    answer(execute, {"accounts": page, "emailcap": "1"}, {"accounts": page[:3], "emailcap": "1"})
    assert len(accounts.get_all_accounts()) == 28
    assert calls(execute) == [("/accounts", "GET", {}), ("/accounts", "GET", {"startindex": 25})]


def test_account_lookup_by_name(execute):
    answer(execute, {"accounts": [ACCOUNT], "emailcap": "100"})
    account = accounts.Account("ann@example.com")
    assert calls(execute) == [("/accounts", "GET", {})]
    assert account.company_name == "Acme"


def test_account_create(execute):
    answer(execute, {"apikey": "NEW"})
    account = accounts.Account("bob@example.com", "pw", "Acme", "555-1234", city="Paris", trackopens=True)
    assert calls(execute) == [("/accounts", "POST", {
        "username": "bob@example.com", "password": "pw", "companyname": "Acme", "phone": "555-1234",
        "city": "Paris", "trackopens": 1, "tracklinks": 0, "trackunsubscribes": 0, "generatenewapikey": 0})]
    assert account.apikey == "NEW" and account.city == "Paris" and account.password == "pw"


def test_account_xheaders_delete_and_new_key(execute):
    answer(execute, {"xheader1": "X-A", "xheader2": ""}, {}, {}, {}, {"apikey": "K2"})
    account = accounts.Account("ann@example.com", api=False, companyname="Acme", phone="555")
    assert account.xheaders == {"xheader1": "X-A", "xheader2": ""}
    account.xheaders["xheader2"] = "X-B"
    account.xheaders = {"xheader3": "X-C"}  # classic: assigning a dict sent nothing
    account.delete()
    assert account.generate_new_apikey("pw") == "K2"
    assert calls(execute) == [
        ("/accounts/xheaders", "GET", {}),
        ("/accounts/xheaders", "POST", {"xheader1": "X-A", "xheader2": "X-B"}),
        ("/accounts/xheaders", "POST", {"xheader3": "X-C"}),
        ("/accounts/delete", "POST", {"username": "ann@example.com"}),
        ("/accounts", "POST", {"username": "ann@example.com", "password": "pw", "companyname": "Acme",
                               "phone": "555", "generatenewapikey": 1}),
    ]


# -- senders --------------------------------------------------------------------------------------

def test_senders(execute):
    answer(execute, {"emailaddress": "s@example.com", "spf": 1, "dkim": 0, "dkimval": ""},
           {"ready": 1}, {}, {}, {}, {}, {"senders": [{"emailaddress": "s@example.com"}]})
    sender = accounts.ApprovedSender("s@example.com")
    assert sender.status == 1
    sender.seeding = True
    sender.dkim = "sel_1"
    sender.delete()
    accounts.ApprovedSender("t@example.com", 1)
    assert [s.emailaddress for s in accounts.get_all_senders()] == ["s@example.com"]
    assert calls(execute) == [
        ("/senders/details", "GET", {"emailaddress": "s@example.com"}),
        ("/senders/status", "GET", {"emailaddress": "s@example.com"}),
        ("/senders", "POST", {"emailaddress": "s@example.com", "seeding": 1}),
        ("/senders/dkim", "POST", {"emailaddress": "s@example.com", "dkim": "sel_1"}),
        ("/senders/delete", "POST", {"emailaddress": "s@example.com"}),
        ("/senders", "POST", {"emailaddress": "t@example.com", "seeding": 1}),
        ("/senders", "GET", {"startindex": 0}),  # classic: start_index, which the API ignores
    ]
    assert sender.seeding == 1 and sender.spf == 1


def test_seeding_is_not_the_status(execute):
    answer(execute, {"emailaddress": "s@example.com", "seeding": 0})
    sender = accounts.ApprovedSender("s@example.com")
    assert sender.seeding == 0  # classic: filled from the status call
    assert calls(execute) == [("/senders/details", "GET", {"emailaddress": "s@example.com"})]


def test_get_all_senders_from_an_index(execute):
    answer(execute, {"senders": []})
    assert accounts.get_all_senders(start_index=50) == []
    assert calls(execute) == [("/senders", "GET", {"startindex": 50})]


# -- recipients and suppressions -------------------------------------------------------------------

def test_recipients(execute):
    answer(execute, {"recipients": [{"emailaddress": "r@example.com", "status": "inactive",
                                     "suppressionstatus": "pending removal"}]}, {}, {})
    recipient = accounts.Recipient("r@example.com")
    accounts.Recipient("r@example.com", method="POST")
    recipient.activate()
    assert calls(execute) == [("/recipients/status", "GET", {"emailaddress": "r@example.com"}),
                              ("/recipients/activate", "POST", {"emailaddress": "r@example.com"}),
                              ("/recipients/activate", "POST", {"emailaddress": "r@example.com"})]
    assert (recipient.status, recipient.pending_removal, recipient.suppressed) == ("inactive", True, False)


def test_suppressions(execute):
    answer(execute, {}, {"count": "3"}, {"count": 1}, {},
           {"suppressions": [{"emailaddress": "x@example.com", "suppresstime": "2024-03-01T09:00:00+01:00",
                              "suppressionid": "9", "reasontype": "manual"}]})
    suppression = accounts.Suppression("x@example.com")
    assert suppression.get_count() == 3 and suppression.count == 3
    assert suppression.get_count(START, END) == 1
    suppression.activate()
    [listed] = accounts.get_all_suppressions(START, END)
    assert listed.suppresstime == datetime.datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert calls(execute) == [
        ("/suppressions", "POST", {"emailaddress": "x@example.com"}),
        ("/suppressions/count", "GET", {}),
        ("/suppressions/count", "GET", {"startdate": RANGE["starttime"], "enddate": RANGE["endtime"]}),
        ("/suppressions/activate", "POST", {"emailaddress": "x@example.com"}),
        ("/suppressions", "GET", {"startdate": RANGE["starttime"], "enddate": RANGE["endtime"],
                                  "startindex": 0}),
    ]


def test_suppression_enddate_defaults_to_now(execute):
    answer(execute, {"suppressions": []})
    before = datetime.datetime.now(UTC).replace(microsecond=0)
    accounts.get_all_suppressions(START)
    args = calls(execute)[0][2]
    assert args["startdate"] == RANGE["starttime"]
    end = datetime.datetime.fromisoformat(args["enddate"])
    assert before < end <= before + datetime.timedelta(seconds=2)


def test_suppression_with_api_fields_sends_nothing(execute):
    accounts.Suppression("x@example.com", api=False, suppresstime="2024-03-01T08:00:00+00:00")
    accounts.Suppression("x@example.com", "something")  # classic: a local object only
    assert calls(execute) == []


# -- sending --------------------------------------------------------------------------------------

def test_send_message_returns_the_answer(execute):
    execute.return_value = "250 2.1.5 Ok"
    assert message.send_message("me@example.com", "you@example.com", "Hi", body="text") == "250 2.1.5 Ok"
    assert calls(execute) == [("/send", "POST", {"from": "me@example.com", "to": "you@example.com",
                                                 "subject": "Hi", "bodytext": "text"})]


def test_send_every_field(execute):
    mail = message.EMail("Me <me@example.com>", ["a@example.com", "b@example.com"], "Hi",
                         cc="c@example.com", body="text", html="<p>html</p>", replyto="r@example.com",
                         xheaders={"X-Campaign": "spring"}, bcc=["d@example.com"])
    mail.send()
    # classic: lists and dicts went out as Python reprs
    assert calls(execute) == [("/send", "POST", {
        "from": "Me <me@example.com>", "to[]": ["a@example.com", "b@example.com"], "subject": "Hi",
        "cc": "c@example.com", "bcc": "d@example.com", "replyto": "r@example.com", "bodytext": "text",
        "bodyhtml": "<p>html</p>", "xheaders": {"X-Campaign": "spring"}})]


def test_send_content_replaces_the_right_body(execute):
    message.EMail("me@example.com", "a@example.com", "S", body="b").send("new text")
    message.HTMLEMail("me@example.com", "a@example.com", "S", html="<b>").send("<i>")
    mail = message.EMail("me@example.com", "a@example.com", "S")
    mail.body = "set as in the classic docs"  # classic: sent as an unknown 'body' field
    mail.send()
    assert [c[2].get("bodytext") or c[2].get("bodyhtml") for c in calls(execute)] == [
        "new text", "<i>", "set as in the classic docs"]
    assert "body" not in calls(execute)[2][2]


def test_template_emails_send_one_post_each(execute):
    execute.side_effect = ["250 a", "250 b", "250 c"]
    assert message.TemplateEmail("me@example.com", "a@example.com", "S", body="Hi %(name)s").send(
        [{"name": "Ann"}, {"name": "Bob"}]) == ["250 a", "250 b"]
    assert message.HTMLTemplateEMail("me@example.com", "a@example.com", "S", html="<b>%s</b>").send(
        ["x"]) == ["250 c"]
    assert [c[2].get("bodytext") or c[2]["bodyhtml"] for c in calls(execute)] == ["Hi Ann", "Hi Bob", "<b>x</b>"]


# -- reports --------------------------------------------------------------------------------------

@pytest.mark.parametrize("cls, uri", [(reports.Sent, "/reports/sent"), (reports.Delivered, "/reports/delivered"),
                                      (reports.Bounce, "/reports/bounces"),
                                      (reports.Complaint, "/reports/complaints"),
                                      (reports.Issue, "/reports/issues"), (reports.Opens, "/reports/opens"),
                                      (reports.Clicks, "/reports/clicks")])
def test_report_classes(execute, cls, uri):
    key = uri.rsplit("/", 1)[1]
    answer(execute, {key: [{"emailaddress": "a@example.com", "date": "2024-03-01T09:00:00+00:00"}]},
           {"count": 1})
    report = cls(START, END, sender="me@example.com")
    assert report.report == [{"emailaddress": "a@example.com",
                              "date": datetime.datetime(2024, 3, 1, 9, 0, tzinfo=UTC)}]
    assert report.count == 1 and report.count == 1  # cached
    # classic: no startindex; count sent raw datetimes, the report list and internal fields
    assert calls(execute) == [(uri, "GET", dict(RANGE, sender="me@example.com", startindex=0)),
                              (uri + "/count/", "GET", dict(RANGE, sender="me@example.com"))]


def test_unique_reports_return_their_values(execute):
    answer(execute, {"opens": []}, {"opens": [{"emailaddress": "a@example.com"}]}, {"count": 4})
    opens = reports.Opens(START, END, domain="example.com", recipient="a@example.com")
    assert opens.unique == [{"emailaddress": "a@example.com"}]  # classic: always None
    assert opens.unique_count == 4
    filters = dict(RANGE, domain="example.com", emailaddress="a@example.com")
    # classic: domain and recipient were ignored by the first query
    assert calls(execute) == [("/reports/opens", "GET", dict(filters, startindex=0)),
                              ("/reports/opens/unique", "GET", dict(filters, startindex=0)),
                              ("/reports/opens/count/unique", "GET", filters)]


def test_report_functions_and_filters(execute):
    answer(execute, {"bounces": []}, {"count": 2}, {"clicks": []})
    assert reports.get_bounces(START, END, xheaders={"X-Campaign": "spring"}, bouncetype="hard") == []
    assert reports.get_unique_clicks_count("2024-03-01T08:00:00Z", datetime.date(2024, 3, 2)) == 2
    assert list(reports.iter_clicks(START, END, startindex=500)) == []
    assert calls(execute) == [
        ("/reports/bounces", "GET", dict(RANGE, **{"X-Campaign": "spring"}, bouncetype="hard", startindex=0)),
        ("/reports/clicks/count/unique", "GET", {"starttime": "2024-03-01T08:00:00+00:00",
                                                 "endtime": "2024-03-02T00:00:00+00:00"}),
        ("/reports/clicks", "GET", dict(RANGE, startindex=500)),
    ]


def test_report_pages_are_followed(execute):
    page = [{"emailaddress": "a%d@example.com" % i} for i in range(500)]
    answer(execute, {"sent": page}, {"sent": page[:1]})
    assert len(reports.Sent(START, END).report) == 501
    assert [c[2]["startindex"] for c in calls(execute)] == [0, 500]


def test_naive_datetimes_are_utc(execute):
    answer(execute, {"sent": []})
    reports.get_sent(datetime.datetime(2024, 3, 1, 8, 0), datetime.datetime(2024, 3, 2, 8, 0))
    assert calls(execute) == [("/reports/sent", "GET", dict(RANGE, startindex=0))]
