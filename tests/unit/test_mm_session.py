"""MMSession: encoding, envelope and error mapping, over a scripted transport."""
import datetime
import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from dyn.core import RetryPolicy
from dyn.mm import errors
from dyn.mm.session import MMSession
from dyn.transport import ReadError, Response
from support import ScriptedTransport, mm


def session(transport, **kw):
    kw.setdefault("policy", RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.001))
    MMSession.close_session()
    return MMSession("KEY-123", transport=transport, **kw)


def test_get_puts_arguments_and_apikey_in_the_query_and_returns_data():
    t = ScriptedTransport(mm(data={"accounts": [], "emailcap": "100000"}))
    s = session(t)
    args = {"startindex": 25}
    assert s.execute("/accounts", "GET", args) == {"accounts": [], "emailcap": "100000"}
    method, path, body, headers = t.sent[0]
    url = urlsplit(path)
    assert (method, url.path, body) == ("GET", "/rest/json/accounts", None)
    assert parse_qs(url.query) == {"startindex": ["25"], "apikey": ["KEY-123"]}
    assert args == {"startindex": 25}  # the caller's dict is not modified


def test_post_sends_a_form_body_and_works():
    t = ScriptedTransport(mm(data="250 2.1.5 Ok"))
    when = datetime.datetime(2016, 1, 11, 17, 53, 59, tzinfo=datetime.timezone.utc)
    result = session(t).execute("/send", "POST", {"from": "a@example.com", "to": ["b@example.com", "c@example.com"],
                                                  "subject": "hi", "replyby": when, "trackopens": True})
    assert result == "250 2.1.5 Ok"
    method, path, body, headers = t.sent[0]
    assert (method, path) == ("POST", "/rest/json/send")
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    fields = parse_qs(body)
    assert fields == {"from": ["a@example.com"], "to": ["b@example.com", "c@example.com"], "subject": ["hi"],
                      "replyby": ["2016-01-11T17:53:59+00:00"], "trackopens": ["1"], "apikey": ["KEY-123"]}


@pytest.mark.parametrize("status,message,cls", [
    (451, "Missing or Invalid API Key", errors.EmailKeyError),
    (452, "Missing or Invalid Required Fields", errors.EmailInvalidArgumentError),
    (453, "Object Already Exists", errors.EmailObjectError),
    (454, "Feature Not Enabled", errors.EmailFeatureNotEnabledError),
    (404, "Not Found", errors.EmailNotFoundError),
    (500, "Internal Error", errors.EmailError),
])
def test_status_codes_map_to_error_classes(status, message, cls):
    data = ["The company name can not be blank."] if status == 452 else {}
    t = ScriptedTransport(mm(status, message, data))
    with pytest.raises(cls) as info:
        session(t).execute("/accounts", "POST", {"username": "x@example.com"})
    err = info.value
    assert err.status == status and err.http_status == status and err.reason == message
    assert message in str(err)
    if status == 452:
        assert "company name can not be blank" in str(err)
    assert "KEY-123" not in str(err) and "KEY-123" not in repr(err)


def test_invalid_method_and_non_envelope_answers():
    t = ScriptedTransport(Response(502, {}, b"<html>bad gateway</html>"), Response(502, {}, b"<html>"),
                          Response(502, {}, b"<html>"))
    s = session(t)
    with pytest.raises(ValueError):
        s.execute("/accounts", "DELETE")
    with pytest.raises(errors.EmailError, match="HTTP 502"):
        s.execute("/accounts", "GET")
    assert len(t.sent) == 3  # GET retried (bounded)


def test_post_is_not_repeated_after_a_broken_connection():
    t = ScriptedTransport(ReadError("reset"))
    with pytest.raises(errors.EmailConnectionError):
        session(t).execute("/send", "POST", {"to": "a@example.com"})
    assert len(t.sent) == 1


def test_apikey_never_shows(caplog):
    caplog.set_level(logging.DEBUG)
    t = ScriptedTransport(mm(data={}))
    s = session(t, history=True)
    s.execute("/accounts", "GET", {"apikey": "KEY-123"})
    assert "KEY-123" not in repr(s) and "KEY-123" not in str(s)
    assert "KEY-123" not in caplog.text and "KEY-123" not in repr(s.history)
    assert "KEY-123" not in repr(vars(s))


def test_proxy_arguments_land_where_they_belong():
    s = MMSession("k", proxy_host="proxy.local", proxy_port=3128, proxy_user="u", proxy_pass="p",
                  transport="urllib3")
    assert (s.proxy_host, s.proxy_port, s.proxy_user, s.history) == ("proxy.local", 3128, "u", None)
    assert s.transport.proxy_url == "http://proxy.local:3128"


def test_invalid_argument_errors_name_the_field_in_both_families():
    from dyn.errors import InvalidArgumentError
    from dyn.tm.errors import DynectError, DynectInvalidArgumentError

    tm_error = DynectInvalidArgumentError("ttl", -1, "0 to 2147483647")
    mm_error = errors.DynInvalidArgumentError("to", "not-an-address")
    assert str(tm_error) == "Invalid argument (ttl, -1) :: valid values are: 0 to 2147483647"
    assert str(mm_error) == "Invalid argument (to, 'not-an-address')"
    assert isinstance(tm_error, DynectError) and isinstance(mm_error, errors.EmailError)
    assert isinstance(tm_error, InvalidArgumentError) and isinstance(mm_error, InvalidArgumentError)
    assert (tm_error.arg, tm_error.value, mm_error.arg) == ("ttl", -1, "to")
