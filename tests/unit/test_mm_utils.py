"""Tests for dyn.mm.utils: APIDict and the re-exported date helpers."""
import copy
import pickle

import pytest

from dyn import compat
from dyn.mm import utils
from dyn.mm.utils import APIDict

URI = "/accounts/xheaders"


class FakeSession:
    """Records execute() calls."""

    def __init__(self, error=None):
        self.calls = []
        self.error = error

    def execute(self, uri, method, args):
        self.calls.append((uri, method, copy.deepcopy(args), type(args)))
        if self.error is not None:
            raise self.error
        return {"ok": True}


def make(*args, session=None, uri=URI, **kwargs):
    session = session if session is not None else FakeSession()
    return APIDict(lambda: session, uri, *args, **kwargs), session


def posts(session):
    return [(uri, method, args) for uri, method, args, _ in session.calls]


_PICKLE_SESSION = FakeSession()


def pickle_session_func():
    return _PICKLE_SESSION


def test_date_helpers_are_reexported():
    # The classic dyn.mm.accounts and dyn.mm.reports import them from here.
    from dyn.mm.utils import date_to_str, str_to_date

    assert str_to_date is compat.str_to_date
    assert date_to_str is compat.date_to_str
    assert set(utils.__all__) == {"APIDict", "str_to_date", "date_to_str"}


def test_construction_sends_nothing():
    data, session = make({"xheader1": "X-One"}, xheader2="X-Two")
    assert data == {"xheader1": "X-One", "xheader2": "X-Two"}
    assert data.uri == URI
    assert callable(data.session_func)
    assert session.calls == []
    assert isinstance(data, dict)


def test_setitem_posts_whole_dict():
    data, session = make({"xheader1": "X-One"})
    data["xheader2"] = "X-Two"
    assert posts(session) == [(URI, "POST", {"xheader1": "X-One", "xheader2": "X-Two"})]
    assert session.calls[0][3] is dict  # a plain copy, not the APIDict itself


def test_setitem_same_value_still_posts():
    data, session = make({"xheader1": "X-One"})
    data["xheader1"] = "X-One"
    assert posts(session) == [(URI, "POST", {"xheader1": "X-One"})]


def test_delitem_posts_remaining_dict():
    data, session = make({"xheader1": "X-One", "xheader2": "X-Two"})
    del data["xheader1"]
    assert posts(session) == [(URI, "POST", {"xheader2": "X-Two"})]
    with pytest.raises(KeyError):
        del data["missing"]
    assert len(session.calls) == 1


def test_uri_key_is_left_out_of_the_payload():
    # The classic check for a 'uri' entry tested the wrong variable.
    data, session = make({"uri": "/somewhere", "xheader1": "X-One"})
    data["xheader2"] = "X-Two"
    assert posts(session) == [(URI, "POST", {"xheader1": "X-One", "xheader2": "X-Two"})]
    assert data["uri"] == "/somewhere"
    data["uri"] = "/elsewhere"
    assert posts(session)[-1] == (URI, "POST", {"xheader1": "X-One", "xheader2": "X-Two"})


def test_no_uri_or_no_session_func_sends_nothing():
    session = FakeSession()
    without_uri = APIDict(lambda: session)
    without_uri["a"] = 1
    del without_uri["a"]
    without_uri.update(b=2)
    without_session = APIDict(None, URI)
    without_session["a"] = 1
    assert session.calls == []
    assert without_uri == {"b": 2} and without_session == {"a": 1}


def test_update_posts_once():
    data, session = make({"xheader1": "A"})
    data.update({"xheader2": "B"}, xheader3="C")
    assert posts(session) == [(URI, "POST", {"xheader1": "A", "xheader2": "B", "xheader3": "C"})]
    data |= {"xheader4": "D"}
    assert isinstance(data, APIDict)
    assert len(session.calls) == 2
    assert posts(session)[-1][2]["xheader4"] == "D"


def test_pop_popitem_setdefault_clear():
    data, session = make({"xheader1": "A", "xheader2": "B"})
    assert data.pop("xheader1") == "A"
    assert data.pop("missing", "dflt") == "dflt"
    with pytest.raises(KeyError):
        data.pop("missing")
    assert data.setdefault("xheader2", "ignored") == "B"
    assert data.setdefault("xheader3", "C") == "C"
    assert data.popitem() == ("xheader3", "C")
    data.clear()
    with pytest.raises(KeyError):
        data.popitem()
    assert posts(session) == [
        (URI, "POST", {"xheader2": "B"}),
        (URI, "POST", {"xheader2": "B", "xheader3": "C"}),
        (URI, "POST", {"xheader2": "B"}),
        (URI, "POST", {}),
    ]


def test_session_func_is_called_at_push_time():
    first, second = FakeSession(), FakeSession()
    current = [first]
    data = APIDict(lambda: current[0], URI)
    data["a"] = 1
    current[0] = second
    data["b"] = 2
    assert len(first.calls) == 1
    assert posts(second) == [(URI, "POST", {"a": 1, "b": 2})]


@pytest.mark.parametrize(
    "operation",
    [
        lambda d: d.__setitem__("xheader1", "changed"),
        lambda d: d.__setitem__("xheader3", "new"),
        lambda d: d.__delitem__("xheader1"),
        lambda d: d.update(xheader1="changed", xheader9="new"),
        lambda d: d.pop("xheader2"),
        lambda d: d.popitem(),
        lambda d: d.setdefault("xheader3", "new"),
        lambda d: d.clear(),
    ],
)
def test_failed_post_rolls_back(operation):
    session = FakeSession(error=RuntimeError("POST failed"))
    data, _ = make({"xheader1": "A", "xheader2": "B"}, session=session)
    with pytest.raises(RuntimeError, match="POST failed"):
        operation(data)
    assert data == {"xheader1": "A", "xheader2": "B"}
    assert list(data) == ["xheader1", "xheader2"]
    assert len(session.calls) == 1


def test_copy_and_deepcopy_send_nothing():
    data, session = make({"xheader1": "A"})
    data.extra = "kept"
    for clone in (copy.copy(data), copy.deepcopy(data)):
        assert isinstance(clone, APIDict)
        assert clone == {"xheader1": "A"}
        assert (clone.uri, clone.extra) == (URI, "kept")
        assert clone.session_func is data.session_func
    assert session.calls == []


def test_pickle_round_trip_sends_nothing():
    _PICKLE_SESSION.calls.clear()
    data = APIDict(pickle_session_func, URI, {"xheader1": "A"})
    clone = pickle.loads(pickle.dumps(data))
    assert clone == data
    assert (clone.uri, clone.session_func) == (URI, pickle_session_func)
    assert _PICKLE_SESSION.calls == []
