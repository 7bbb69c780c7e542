"""Unit tests of the argument checks and the pager added to dyn.mm.utils."""
import datetime
from unittest import mock

import pytest

from dyn.core import SessionEngine
from dyn.mm.errors import DynInvalidArgumentError, EmailNoSessionError
from dyn.mm.session import MMSession
from dyn.mm.utils import (check_addresses, check_date, check_date_range, check_email, check_flag, check_text,
                          is_email, paginate)

UTC = datetime.timezone.utc


@pytest.mark.parametrize("value", ["a@example.com", "first.last+tag@mail.example.co.uk", "o'neil@example.org",
                                   "x_y-z@a-b.example"])
def test_valid_addresses(value):
    assert is_email(value) and check_email("arg", value) == value


@pytest.mark.parametrize("value", ["", "plain", "a@b", "@example.com", "a@", ".a@example.com", "a.@example.com",
                                   "a..b@example.com", "a b@example.com", "a@-x.example", "a@example.com\n",
                                   "A <a@example.com>", None, 42, ["a@example.com"]])
def test_invalid_addresses(value):
    assert not is_email(value)
    with pytest.raises(DynInvalidArgumentError) as err:
        check_email("field", value)
    assert err.value.arg == "field"


def test_display_names():
    assert check_email("from", "Ann <ann@example.com>", display_name=True) == "Ann <ann@example.com>"
    with pytest.raises(DynInvalidArgumentError):
        check_email("from", "Ann <ann@>", display_name=True)
    assert check_addresses("to", "a@example.com, B <b@example.com>") == ["a@example.com, B <b@example.com>"]
    assert check_addresses("cc", None) == []
    for bad in ([], "", None):
        with pytest.raises(DynInvalidArgumentError):
            check_addresses("to", bad, required=True)


def test_text_flag_and_secret_masking():
    assert check_text("name", "x") == "x"
    with pytest.raises(DynInvalidArgumentError) as err:
        check_text("password", 12345, secret=True)
    assert "12345" not in str(err.value)
    assert [check_flag("f", v) for v in (0, 1, True, False)] == [0, 1, 1, 0]
    for bad in (2, "1", None, 1.0):
        with pytest.raises(DynInvalidArgumentError):
            check_flag("f", bad)


def test_dates():
    assert check_date("d", datetime.date(2024, 1, 2)) == datetime.datetime(2024, 1, 2, tzinfo=UTC)
    assert check_date("d", datetime.datetime(2024, 1, 2, 3)) == datetime.datetime(2024, 1, 2, 3, tzinfo=UTC)
    assert check_date("d", "2024-01-02T03:00:00-05:00").utcoffset() == datetime.timedelta(hours=-5)
    with pytest.raises(DynInvalidArgumentError):
        check_date("d", "soon")
    assert check_date_range("s", None, "e", None) == (None, None)
    first, last = check_date_range("s", "2024-01-01T00:00:00Z", "e", None)
    assert last > datetime.datetime.now(UTC) and last.microsecond == 0
    with pytest.raises(DynInvalidArgumentError) as err:
        check_date_range("s", "2024-01-02T00:00:00+01:00", "e", "2024-01-01T23:00:00+00:00")
    assert err.value.arg == "e"  # the same instant is not after the start


def test_paginate_is_lazy_and_stops_on_a_short_page():
    with mock.patch.object(SessionEngine, "execute", autospec=True,
                           side_effect=[{"items": [1, 2]}, {"items": [3]}]) as execute:
        MMSession("key")
        pages = paginate("/x", {"a": 1}, 2, lambda data: data["items"])
        assert execute.call_count == 0
        assert list(pages) == [1, 2, 3]
    assert [c.args[1:] for c in execute.call_args_list] == [("/x", "GET", {"a": 1, "startindex": 0}),
                                                            ("/x", "GET", {"a": 1, "startindex": 2})]


def test_paginate_stops_when_the_server_ignores_startindex():
    with mock.patch.object(SessionEngine, "execute", autospec=True, return_value={"items": [1, 2]}) as execute:
        MMSession("key")
        assert list(paginate("/x", {}, 2, lambda data: data["items"], send_first_index=False)) == [1, 2]
    assert [c.args[3] for c in execute.call_args_list] == [{}, {"startindex": 2}]


def test_paginate_without_a_session():
    with pytest.raises(EmailNoSessionError):
        next(paginate("/x", {}, 2, list))
