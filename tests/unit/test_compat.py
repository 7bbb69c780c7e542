"""Tests for dyn.compat: the classic names and the date helpers."""
import datetime as dt
import http.client
import json as stdlib_json
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyn import compat
from dyn.compat import (
    API_FMT,
    date_to_str,
    force_unicode,
    prepare_for_loads,
    prepare_to_send,
    str_to_date,
)

UTC = dt.timezone.utc


# -- classic names --------------------------------------------------------------------


def test_classic_names_are_all_importable():
    for name in (
        "is_py2", "is_py3", "json", "HTTPConnection", "HTTPSConnection", "HTTPException",
        "urlencode", "pathname2url", "string_types", "prepare_to_send", "prepare_for_loads",
        "force_unicode", "API_FMT", "str_to_date", "date_to_str",
    ):
        assert hasattr(compat, name), name
        assert name in compat.__all__


def test_python_flags_and_modules():
    assert compat.is_py2 is False
    assert compat.is_py3 is True
    assert compat.json is stdlib_json
    assert compat.HTTPConnection is http.client.HTTPConnection
    assert compat.HTTPSConnection is http.client.HTTPSConnection
    assert compat.HTTPException is http.client.HTTPException
    assert compat.urlencode is urllib.parse.urlencode
    assert compat.string_types == (str,)
    assert API_FMT == "%Y-%m-%dT%H:%M:%S%z"


def test_pathname2url_quotes_like_urllib():
    assert compat.pathname2url("/accounts/a b") == "/accounts/a%20b"
    assert compat.pathname2url("/x/y") == "/x/y"


def test_prepare_to_send():
    assert prepare_to_send('{"a": "é"}') == '{"a": "é"}'.encode()
    assert prepare_to_send(b"raw") == b"raw"
    assert isinstance(prepare_to_send("x"), bytes)


def test_prepare_for_loads():
    assert prepare_for_loads("é".encode(), "utf-8") == "é"
    assert prepare_for_loads("already text", "utf-8") == "already text"


def test_force_unicode():
    assert force_unicode(12) == "12"
    assert force_unicode("é") == "é"
    assert force_unicode("é".encode()) == "é"
    assert force_unicode(b"\xff ok") == "\ufffd ok"
    assert force_unicode("é".encode("latin-1"), "latin-1") == "é"


# -- str_to_date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2016-01-01T10:20:30+00:00",
        "2016-01-01T10:20:30+0000",
        "2016-01-01T10:20:30Z",
        "2016-01-01T10:20:30z",
        "2016-01-01T10:20:30",
        "2016-01-01 10:20:30",
        " 2016-01-01T10:20:30+00:00 ",
        "2016-01-01T10:20:30-00:00",
    ],
)
def test_str_to_date_utc_forms(text):
    parsed = str_to_date(text)
    assert parsed == dt.datetime(2016, 1, 1, 10, 20, 30, tzinfo=UTC)
    assert parsed.utcoffset() == dt.timedelta(0)
    assert parsed.tzinfo is not None


def test_str_to_date_naive_string_is_utc():
    # The classic SDK raised ValueError on Python 3 for this form.
    parsed = str_to_date("2016-01-01T10:00:00")
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text, offset",
    [
        ("2016-01-01T10:20:30-05:00", dt.timedelta(hours=-5)),
        ("2016-01-01T10:20:30-0500", dt.timedelta(hours=-5)),
        ("2016-01-01T10:20:30+05:30", dt.timedelta(hours=5, minutes=30)),
        ("2016-01-01T10:20:30+05", dt.timedelta(hours=5)),
    ],
)
def test_str_to_date_keeps_other_offsets(text, offset):
    parsed = str_to_date(text)
    assert parsed.utcoffset() == offset
    assert (parsed.hour, parsed.minute, parsed.second) == (10, 20, 30)
    assert parsed == dt.datetime(2016, 1, 1, 10, 20, 30, tzinfo=UTC) - offset


def test_str_to_date_fraction_and_short_forms():
    assert str_to_date("2016-01-01T10:20:30.25Z").microsecond == 250000
    assert str_to_date("2016-01-01T10:20:30.1234567Z").microsecond == 123456
    assert str_to_date("2016-01-01T10:20Z") == dt.datetime(2016, 1, 1, 10, 20, tzinfo=UTC)
    assert str_to_date("2016-01-01") == dt.datetime(2016, 1, 1, tzinfo=UTC)


def test_str_to_date_accepts_datetimes_and_dates():
    aware = dt.datetime(2016, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert str_to_date(aware) is aware
    assert str_to_date(dt.datetime(2016, 1, 1, 10)) == dt.datetime(2016, 1, 1, 10, tzinfo=UTC)
    assert str_to_date(dt.date(2016, 1, 2)) == dt.datetime(2016, 1, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "2016-13-01T00:00:00Z",
        "2016-02-30T00:00:00",
        "2016-01-01T25:00:00",
        "2016-01-01T10:00:00+25:00",
        "2016-01-01T10:00:00 UTC",
        "01/02/2016",
    ],
)
def test_str_to_date_rejects_bad_strings(text):
    with pytest.raises(ValueError) as info:
        str_to_date(text)
    assert repr(text) in str(info.value)


def test_str_to_date_rejects_other_types():
    with pytest.raises(TypeError):
        str_to_date(1451642400)  # type: ignore[arg-type]


def test_str_to_date_reads_what_classic_strptime_reads():
    text = "2016-01-01T10:20:30+0000"
    assert str_to_date(text) == dt.datetime.strptime(text, API_FMT)


# -- date_to_str ----------------------------------------------------------------------


def test_date_to_str_aware_utc_has_colon_offset():
    assert date_to_str(dt.datetime(2016, 1, 1, 10, 20, 30, tzinfo=UTC)) == (
        "2016-01-01T10:20:30+00:00"
    )


def test_date_to_str_aware_other_offsets():
    east = dt.timezone(dt.timedelta(hours=5, minutes=30))
    west = dt.timezone(dt.timedelta(hours=-5))
    assert date_to_str(dt.datetime(2016, 1, 1, 10, tzinfo=east)) == "2016-01-01T10:00:00+05:30"
    assert date_to_str(dt.datetime(2016, 1, 1, 10, tzinfo=west)) == "2016-01-01T10:00:00-05:00"


def test_date_to_str_naive_is_classic_form_without_offset():
    assert date_to_str(dt.datetime(2016, 1, 1, 10, 20, 30)) == "2016-01-01T10:20:30"


def test_date_to_str_date_and_details():
    assert date_to_str(dt.date(2016, 1, 2)) == "2016-01-02T00:00:00"
    assert date_to_str(dt.datetime(2016, 1, 1, 10, 20, 30, 999999)) == "2016-01-01T10:20:30"
    assert date_to_str(dt.datetime(33, 1, 1, tzinfo=UTC)) == "0033-01-01T00:00:00+00:00"


def test_date_to_str_rejects_non_dates():
    with pytest.raises(TypeError):
        date_to_str("2016-01-01")  # type: ignore[arg-type]


def test_date_to_str_output_parses_with_classic_format():
    value = dt.datetime(2016, 1, 1, 10, 20, 30, tzinfo=UTC)
    assert dt.datetime.strptime(date_to_str(value), API_FMT) == value


# -- round trips ----------------------------------------------------------------------

offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
whole_seconds = st.datetimes(
    min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 12, 30)
).map(lambda value: value.replace(microsecond=0))


@given(whole_seconds, offsets)
def test_round_trip_aware(value, tz):
    aware = value.replace(tzinfo=tz)
    text = date_to_str(aware)
    parsed = str_to_date(text)
    assert parsed == aware
    assert parsed.utcoffset() == aware.utcoffset()
    assert date_to_str(parsed) == text


@given(whole_seconds)
def test_round_trip_naive_becomes_utc(value):
    parsed = str_to_date(date_to_str(value))
    assert parsed == value.replace(tzinfo=UTC)
