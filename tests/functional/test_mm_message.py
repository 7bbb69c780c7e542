"""dyn.mm.message against the emulator over real HTTP: sending, the outbox, suppressed
recipients, validation and error codes."""
import datetime

import pytest

from dyn.mm import accounts, reports
from dyn.mm.errors import DynInvalidArgumentError, EmailInvalidArgumentError, EmailKeyError
from dyn.mm.message import (EMail, HTMLEMail, HTMLTemplateEMail, TemplateEMail, TemplateEmail,
                            send_message)
from dyn.mm.session import MMSession

SENDER = "news@example.com"
OK = "250 2.1.5 Ok"


@pytest.fixture
def mm(dyn_emulator):
    session = MMSession(dyn_emulator.demo_apikey, **dyn_emulator.session_kwargs)
    accounts.add_sender(SENDER)
    dyn_emulator.clear_requests()
    return session


def test_send_message_reaches_the_outbox(dyn_emulator, mm):
    result = send_message("News <news@example.com>", ["ann@example.org", "Bob <bob@example.org>"], "Hello",
                          cc="carl@example.org", body="text", html="<p>html</p>", replyto="help@example.com",
                          xheaders={"X-Campaign": "spring"}, bcc=["dan@example.org", "eve@example.org"])
    assert result == OK
    [sent] = dyn_emulator.outbox()
    assert sent["from"] == "News <news@example.com>" and sent["sender"] == SENDER
    assert sent["to"] == ["ann@example.org", "Bob <bob@example.org>"]
    assert (sent["cc"], sent["bcc"]) == (["carl@example.org"], ["dan@example.org", "eve@example.org"])
    assert sent["recipients"] == ["ann@example.org", "bob@example.org", "carl@example.org", "dan@example.org",
                                  "eve@example.org"]
    assert (sent["subject"], sent["bodytext"], sent["bodyhtml"]) == ("Hello", "text", "<p>html</p>")
    assert sent["replyto"] == "help@example.com" and sent["xheaders"] == {"X-Campaign": "spring"}
    assert sent["suppressed"] == []
    [request] = dyn_emulator.requests
    assert request["path"] == "/rest/json/send" and request["args"]["apikey"] == "********"


def test_email_classes(dyn_emulator, mm):
    mail = EMail(SENDER, "ann@example.org", "Plain")
    mail.body = "set like the classic docs"
    assert mail.send() == OK
    assert mail.send("another text") == OK
    assert HTMLEMail(SENDER, "ann@example.org", "HTML", html="<b>x</b>").send("<i>y</i>") == OK
    results = TemplateEmail(SENDER, "ann@example.org", "Tpl", body="Hi %(name)s").send(
        [{"name": "Ann"}, {"name": "Bob"}])
    assert results == [OK, OK]
    assert HTMLTemplateEMail(SENDER, "ann@example.org", "Tpl", html="<b>%s</b>").send(["x"]) == [OK]
    bodies = [(m["bodytext"], m["bodyhtml"]) for m in dyn_emulator.outbox()]
    assert bodies == [("set like the classic docs", None), ("another text", None), (None, "<i>y</i>"),
                      ("Hi Ann", None), ("Hi Bob", None), (None, "<b>x</b>")]
    assert TemplateEMail is TemplateEmail


def test_outbox_can_be_cleared(dyn_emulator, mm):
    send_message(SENDER, "ann@example.org", "One", body="1")
    assert len(dyn_emulator.outbox(clear=True)) == 1
    assert dyn_emulator.outbox() == []
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    assert reports.get_sent_count(start) == 0  # reports are derived from the outbox


def test_suppressed_recipients_are_not_sent_to(dyn_emulator, mm):
    accounts.add_suppression("gone@example.org")
    assert send_message(SENDER, ["ann@example.org", "gone@example.org"], "Hi", body="x") == OK
    [sent] = dyn_emulator.outbox()
    assert sent["suppressed"] == ["gone@example.org"]
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    assert [item["emailaddress"] for item in reports.get_sent(start)] == ["ann@example.org"]
    assert [(item["emailaddress"], item["issue"]) for item in reports.get_issues(start)] == [
        ("gone@example.org", "suppressed")]


def test_unapproved_sender_is_452(dyn_emulator, mm):
    with pytest.raises(EmailInvalidArgumentError) as err:
        send_message("stranger@example.com", "ann@example.org", "Hi", body="x")
    assert err.value.status == 452
    assert err.value.data == ["from: The sender is not an approved sender"]
    assert dyn_emulator.outbox() == []


def test_bad_key_is_451(dyn_emulator, mm):
    MMSession.new_session("not-a-key", **dyn_emulator.session_kwargs)
    with pytest.raises(EmailKeyError):
        send_message(SENDER, "ann@example.org", "Hi", body="x")


def _mail(**overrides):
    args = dict(from_field=SENDER, to="ann@example.org", subject="S", body="b")
    args.update(overrides)
    return EMail(**args)


VALIDATION = [
    ("from_field", lambda: _mail(from_field="news at example.com").send()),
    ("from_field", lambda: _mail(from_field=None).send()),
    ("to", lambda: _mail(to=None).send()),
    ("to", lambda: _mail(to=[]).send()),
    ("to", lambda: _mail(to=["ann@example.org", "bob"]).send()),
    ("to", lambda: _mail(to=42).send()),
    ("cc", lambda: _mail(cc="x@").send()),
    ("bcc", lambda: _mail(bcc=["ok@example.org", "no"]).send()),
    ("replyto", lambda: _mail(replyto="nobody").send()),
    ("subject", lambda: _mail(subject="").send()),
    ("subject", lambda: _mail(subject=None).send()),
    ("body and html", lambda: _mail(body=None).send()),
    ("bodytext", lambda: _mail(body=b"bytes").send()),
    ("xheaders", lambda: _mail(xheaders={"Campaign": "x"}).send()),
    ("xheaders", lambda: _mail(xheaders=["X-A"]).send()),
    ("X-Campaign", lambda: _mail(xheaders={"X-Campaign": "a\nBcc: evil@example.org"}).send()),
    ("send content", lambda: TemplateEMail(SENDER, "a@example.org", "S", body="%s").send()),
    ("body", lambda: TemplateEMail(SENDER, "a@example.org", "S", html="%s").send(["x"])),
    ("html", lambda: HTMLTemplateEMail(SENDER, "a@example.org", "S", body="%s").send(["x"])),
    ("formatters", lambda: TemplateEMail(SENDER, "a@example.org", "S", body="%(name)s").send(
        [{"name": "ok"}, {"other": "missing key"}])),
    ("to", lambda: send_message(SENDER, "not an address", "S", body="b")),
]


@pytest.mark.parametrize("arg, call", VALIDATION, ids=["%s-%d" % (v[0], i) for i, v in enumerate(VALIDATION)])
def test_validation_sends_nothing(dyn_emulator, mm, arg, call):
    with pytest.raises(DynInvalidArgumentError) as err:
        call()
    assert err.value.arg == arg
    assert dyn_emulator.requests == [] and dyn_emulator.outbox() == []
