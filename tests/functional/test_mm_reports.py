"""dyn.mm.reports against the emulator over real HTTP: every report, counts, unique
variants, date ranges, filters, pagination, validation and error codes."""
import datetime

import pytest
from support import refused_before_sending

from dyn.mm import accounts, reports
from dyn.mm.errors import DynInvalidArgumentError, EmailInvalidArgumentError, EmailKeyError, EmailNotFoundError
from dyn.mm.message import send_message
from dyn.mm.session import MMSession

UTC = datetime.timezone.utc
SENDER = "news@example.com"
TEST = "test.dyn-emulator.invalid"


def addr(local):
    return "%s@%s" % (local, TEST)


@pytest.fixture
def start():
    return datetime.datetime.now(UTC) - datetime.timedelta(hours=1)


@pytest.fixture
def mm(dyn_emulator):
    session = MMSession(dyn_emulator.demo_apikey, **dyn_emulator.session_kwargs)
    accounts.add_sender(SENDER)
    accounts.add_sender("other@example.com")
    return session


@pytest.fixture
def traffic(mm):
    """One message to every behaviour of the test domain, plus a plain and a suppressed one."""
    accounts.add_suppression("gone@example.org")
    send_message(SENDER, ["plain@example.org", addr("bounce"), addr("softbounce"), addr("complaint"),
                          addr("open"), addr("click+1"), "gone@example.org"], "All", html='<a href="https://x.example/a">a</a>',
                 xheaders={"X-Campaign": "spring"})
    send_message("other@example.com", [addr("open"), addr("click+1"), addr("click+2")], "Again", body="b")


def emails(items):
    return [item["emailaddress"] for item in items]


EXPECTED = {
    "sent": ["plain@example.org", addr("bounce"), addr("softbounce"), addr("complaint"), addr("open"),
             addr("click+1"), addr("open"), addr("click+1"), addr("click+2")],
    "delivered": ["plain@example.org", addr("complaint"), addr("open"), addr("click+1"), addr("open"),
                  addr("click+1"), addr("click+2")],
    "bounces": [addr("bounce"), addr("softbounce")],
    "complaints": [addr("complaint")],
    "issues": ["gone@example.org"],
    "opens": [addr("open"), addr("click+1"), addr("open"), addr("click+1"), addr("click+2")],
    "clicks": [addr("click+1"), addr("click+1"), addr("click+2")],
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_every_report_function(dyn_emulator, traffic, start, kind):
    get = getattr(reports, "get_" + kind)
    iterate = getattr(reports, "iter_" + kind)
    count = getattr(reports, "get_%s_count" % kind)
    items = get(start)
    assert emails(items) == EXPECTED[kind]
    assert emails(iterate(start)) == EXPECTED[kind]
    assert count(start) == len(EXPECTED[kind])
    assert emails(reports.get_report(kind, start)) == EXPECTED[kind]
    assert reports.get_report_count(kind, start) == len(EXPECTED[kind])
    assert all(isinstance(item["date"], datetime.datetime) and item["date"].tzinfo for item in items)


def test_item_fields(dyn_emulator, traffic, start):
    bounce, soft = reports.get_bounces(start)
    assert (bounce["bouncetype"], soft["bouncetype"]) == ("hard", "soft")
    assert bounce["sender"] == SENDER and bounce["xheaders"] == {"X-Campaign": "spring"}
    click = reports.get_clicks(start)[0]
    assert click["clicklink"] == "https://x.example/a" and click["ip"] == "192.0.2.1"
    assert reports.get_clicks(start)[2]["xheaders"] == []  # none: an empty list, as the real example


@pytest.mark.parametrize("kind, unique", [("opens", [addr("open"), addr("click+1"), addr("click+2")]),
                                          ("clicks", [addr("click+1"), addr("click+2")])])
def test_unique_variants(dyn_emulator, traffic, start, kind, unique):
    assert emails(getattr(reports, "get_unique_" + kind)(start)) == unique
    assert emails(getattr(reports, "iter_unique_" + kind)(start)) == unique
    assert getattr(reports, "get_unique_%s_count" % kind)(start) == len(unique)
    assert reports.get_report_count(kind, start, unique=True) == len(unique)


@pytest.mark.parametrize("cls", [reports.Sent, reports.Delivered, reports.Bounce, reports.Complaint,
                                 reports.Issue, reports.Opens, reports.Clicks])
def test_classic_classes(dyn_emulator, traffic, start, cls):
    report = cls(start)
    expected = EXPECTED[cls.uri.rsplit("/", 1)[1]]
    assert emails(report.report) == expected and len(report) == len(expected)
    assert report.count == len(expected)
    assert report.refresh() == report.report
    if cls in (reports.Opens, reports.Clicks):
        assert report.unique_count == len(report.unique) == len(set(expected))


def test_filters(dyn_emulator, traffic, start):
    assert emails(reports.get_sent(start, sender="other@example.com")) == EXPECTED["sent"][-3:]
    assert emails(reports.get_opens(start, recipient=addr("open"))) == [addr("open")] * 2
    assert reports.get_sent_count(start, domain="example.org") == 1
    assert reports.get_delivered_count(start, xheaders={"X-Campaign": "spring"}) == 4
    assert emails(reports.get_bounces(start, bouncetype="soft")) == [addr("softbounce")]
    assert reports.Bounce(start, bouncetype="hard").count == 1
    assert reports.Opens(start, domain=TEST, recipient=addr("click+2")).unique_count == 1
    assert reports.get_sent(start, sender="unknown@example.com") == []  # unknown sender: empty


def test_date_ranges(dyn_emulator, traffic):
    now = datetime.datetime.now(UTC)
    later = now + datetime.timedelta(hours=1)
    assert reports.get_sent_count(later, later + datetime.timedelta(hours=1)) == 0
    assert reports.get_sent_count(now - datetime.timedelta(hours=1), now - datetime.timedelta(minutes=30)) == 0
    naive = now.replace(tzinfo=None) - datetime.timedelta(minutes=5)  # naive means UTC
    assert reports.get_sent_count(naive) == 9
    assert reports.get_sent_count(now.date(), now.date() + datetime.timedelta(days=1)) == 9
    eastern = datetime.timezone(datetime.timedelta(hours=-5))
    assert reports.get_sent_count((now - datetime.timedelta(minutes=5)).astimezone(eastern).isoformat(),
                                  later.astimezone(eastern)) == 9
    # the end is excluded
    items = reports.get_sent(now - datetime.timedelta(hours=1))
    first = items[0]["date"]
    assert reports.get_sent_count(first - datetime.timedelta(hours=1), first) == 0
    same_second = sum(1 for item in items if item["date"] == first)
    assert reports.get_sent_count(first, first + datetime.timedelta(seconds=1)) == same_second >= 7


def test_pagination_over_500(dyn_emulator, mm, start):
    send_message(SENDER, ["r%03d@example.org" % i for i in range(510)], "Many", body="x")
    dyn_emulator.clear_requests()
    items = reports.get_sent(start)
    assert emails(items) == ["r%03d@example.org" % i for i in range(510)]
    assert [entry["query"]["startindex"] for entry in dyn_emulator.requests] == ["0", "500"]
    dyn_emulator.clear_requests()
    iterator = reports.iter_delivered(start)
    assert dyn_emulator.requests == []  # lazy
    [next(iterator) for _ in range(500)]
    assert len(dyn_emulator.requests) == 1
    assert len(list(iterator)) == 10 and len(dyn_emulator.requests) == 2
    assert emails(reports.Sent(start, startindex=505).report) == ["r%03d@example.org" % i for i in range(505, 510)]


NOW = datetime.datetime(2024, 5, 1, tzinfo=UTC)
VALIDATION = [
    ("starttime", lambda: reports.get_sent(None)),
    ("starttime", lambda: reports.get_sent("last week")),
    ("starttime", lambda: reports.Sent(None)),
    ("endtime", lambda: reports.get_sent(NOW, NOW - datetime.timedelta(seconds=1))),
    ("endtime", lambda: reports.Opens(NOW, NOW)),
    ("endtime", lambda: reports.get_sent_count(NOW, 17)),
    ("sender", lambda: reports.get_sent(NOW, sender="nobody")),
    ("recipient", lambda: reports.get_clicks(NOW, recipient="a@")),
    ("domain", lambda: reports.get_sent_count(NOW, domain="not a domain")),
    ("xheaders", lambda: reports.get_sent(NOW, xheaders={"Campaign": "x"})),
    ("X-Campaign", lambda: reports.get_sent(NOW, xheaders={"X-Campaign": 3})),
    ("bouncetype", lambda: reports.get_bounces(NOW, bouncetype="medium")),
    ("bouncetype", lambda: reports.get_sent(NOW, bouncetype="hard")),
    ("kind", lambda: reports.get_report("unsubscribes", NOW)),
    ("unique", lambda: reports.get_report("sent", NOW, unique=True)),
    ("startindex", lambda: reports.iter_sent(NOW, startindex=-1)),
]


@pytest.mark.parametrize("arg, call", VALIDATION, ids=["%s-%d" % (v[0], i) for i, v in enumerate(VALIDATION)])
def test_validation_sends_nothing(dyn_emulator, mm, arg, call):
    assert refused_before_sending(dyn_emulator, DynInvalidArgumentError, call).arg == arg


def test_error_codes(dyn_emulator, mm):
    session = MMSession.get_session()
    with pytest.raises(EmailInvalidArgumentError) as err:  # 452: the range is required
        session.execute("/reports/sent", "GET", {})
    assert err.value.data == ["starttime: This field is required", "endtime: This field is required"]
    with pytest.raises(EmailNotFoundError):  # 404: sent has no unique variant
        session.execute("/reports/sent/unique", "GET", {"starttime": "2024-01-01T00:00:00+00:00",
                                                         "endtime": "2024-01-02T00:00:00+00:00"})
    MMSession.new_session("bad-key", **dyn_emulator.session_kwargs)
    with pytest.raises(EmailKeyError):
        reports.get_sent(NOW)
