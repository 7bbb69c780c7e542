"""Tests for dyn.tm.utils: unix_date, APIList and Active."""
import copy
import datetime as dt
import pickle

import pytest

from dyn.tm import utils
from dyn.tm.utils import Active, APIList, unix_date

URI = "/DSF/abc123/"


class FakeSession:
    """Records execute() calls; answers with the payload echoed back, tagged."""

    def __init__(self, respond=None, error=None):
        self.calls = []
        self.respond = respond
        self.error = error

    def execute(self, uri, method, args):
        self.calls.append((uri, method, copy.deepcopy(args)))
        if self.error is not None:
            raise self.error
        if self.respond is not None:
            return self.respond(uri, method, args)
        name, items = next(iter(args.items()))
        return {"status": "success",
                "data": {name: [dict(item, echoed=True) for item in items]}}


class Item:
    """A list item with the APIList contract: ``_json`` and ``_update``."""

    def __init__(self, label):
        self.label = label
        self.updates = []

    @property
    def _json(self):
        return {"label": self.label}

    def _update(self, data):
        self.updates.append(data)

    def __repr__(self):
        return f"Item({self.label!r})"


def make(items=(), session=None, uri=URI, name="rulesets"):
    session = session if session is not None else FakeSession()
    lst = APIList(lambda: session, name, uri, list(items))
    return lst, session


def payload(*labels, name="rulesets"):
    return {name: [{"label": label} for label in labels]}


def assert_items_updated(lst):
    for item in lst:
        if item is not None:
            assert item.updates[-1] == {"label": item.label, "echoed": True}


_PICKLE_SESSION = FakeSession()


def pickle_session_func():
    return _PICKLE_SESSION


# -- unix_date ------------------------------------------------------------------------


def test_unix_date_naive_is_utc():
    assert unix_date(dt.datetime(2016, 1, 1)) == 1451606400
    assert unix_date(dt.datetime(1970, 1, 1, 0, 0, 1)) == 1


def test_unix_date_aware():
    utc = dt.datetime(2016, 1, 1, tzinfo=dt.timezone.utc)
    east = dt.datetime(2016, 1, 1, 5, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    west = dt.datetime(2015, 12, 31, 19, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert unix_date(utc) == unix_date(east) == unix_date(west) == 1451606400
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    assert unix_date(now) == int(now.timestamp())


def test_unix_date_date_and_type():
    assert unix_date(dt.date(2016, 1, 1)) == 1451606400
    assert isinstance(unix_date(dt.datetime(2016, 1, 1, 0, 0, 0, 900000)), int)


# -- APIList: construction and attributes ----------------------------------------------


def test_construction_sends_nothing():
    a, b = Item("a"), Item("b")
    lst, session = make([a, b])
    assert list(lst) == [a, b]
    assert lst.name == "rulesets"
    assert lst.uri == URI
    assert callable(lst.session_func)
    assert session.calls == []
    assert isinstance(lst, list)


def test_uri_defaults_to_none_and_nothing_is_pushed():
    session = FakeSession()
    lst = APIList(lambda: session, "keys")
    assert lst.uri is None
    lst.append(Item("a"))
    lst[0] = Item("b")
    del lst[0]
    assert session.calls == []
    assert lst == []


def test_no_session_func_means_no_push():
    lst = APIList(None, "keys", URI)
    lst.append(Item("a"))
    lst.extend([Item("b")])
    assert [item.label for item in lst] == ["a", "b"]


# -- APIList: pushing operations ---------------------------------------------------


def test_append():
    a = Item("a")
    lst, session = make([a])
    b = Item("b")
    assert lst.append(b) is None
    assert session.calls == [(URI, "PUT", payload("a", "b"))]
    assert list(lst) == [a, b]
    assert_items_updated(lst)


def test_extend():
    lst, session = make([Item("a")])
    lst.extend(Item(label) for label in "bc")
    assert session.calls == [(URI, "PUT", payload("a", "b", "c"))]
    assert_items_updated(lst)


def test_insert():
    lst, session = make([Item("a"), Item("c")])
    lst.insert(1, Item("b"))
    assert session.calls == [(URI, "PUT", payload("a", "b", "c"))]
    assert_items_updated(lst)


def test_pop():
    a, b, c = Item("a"), Item("b"), Item("c")
    lst, session = make([a, b, c])
    assert lst.pop() is c
    assert lst.pop(0) is a
    assert session.calls == [(URI, "PUT", payload("a", "b")), (URI, "PUT", payload("b"))]
    assert b.updates == [{"label": "b", "echoed": True}] * 2
    assert c.updates == []


def test_remove():
    a, b = Item("a"), Item("b")
    lst, session = make([a, b])
    lst.remove(a)
    assert session.calls == [(URI, "PUT", payload("b"))]
    assert list(lst) == [b]
    assert_items_updated(lst)


def test_iadd_returns_self_and_pushes_once():
    lst, session = make([Item("a")])
    original = lst
    lst += [Item("b"), Item("c")]
    assert lst is original
    assert isinstance(lst, APIList)
    assert session.calls == [(URI, "PUT", payload("a", "b", "c"))]
    assert_items_updated(lst)


def test_delitem_index_and_slice():
    lst, session = make([Item(label) for label in "abcd"])
    del lst[1]
    del lst[1:]
    assert session.calls == [(URI, "PUT", payload("a", "c", "d")), (URI, "PUT", payload("a"))]
    assert_items_updated(lst)


def test_setitem_pushes():
    # The classic class did not intercept item assignment.
    lst, session = make([Item("a"), Item("b")])
    lst[1] = Item("z")
    lst[0:1] = [Item("x"), Item("y")]
    assert session.calls == [
        (URI, "PUT", payload("a", "z")),
        (URI, "PUT", payload("x", "y", "z")),
    ]
    assert_items_updated(lst)


def test_clear_pushes_an_empty_list():
    lst, session = make([Item("a")])
    lst.clear()
    assert session.calls == [(URI, "PUT", {"rulesets": []})]
    assert lst == []


def test_add_returns_plain_list_and_pushes_nothing():
    # The classic __add__ pushed the unchanged list.
    a, b = Item("a"), Item("b")
    lst, session = make([a])
    result = lst + [b]
    assert type(result) is list
    assert result == [a, b]
    assert list(lst) == [a]
    assert session.calls == []


def test_sort_and_reverse_do_not_push():
    lst, session = make([Item("b"), Item("a")])
    lst.sort(key=lambda item: item.label)
    lst.reverse()
    assert session.calls == []


def test_none_items_are_skipped_in_payload_and_pairing():
    a, c = Item("a"), Item("c")
    lst, session = make([a, None])
    lst.append(c)
    assert session.calls == [(URI, "PUT", payload("a", "c"))]
    assert a.updates == [{"label": "a", "echoed": True}]
    assert c.updates == [{"label": "c", "echoed": True}]


def test_session_func_is_called_at_push_time():
    first, second = FakeSession(), FakeSession()
    current = [first]
    lst = APIList(lambda: current[0], "region", URI)
    lst.append(Item("a"))
    current[0] = second
    lst.append(Item("b"))
    assert len(first.calls) == 1
    assert second.calls == [(URI, "PUT", payload("a", "b", name="region"))]


def test_update_with_explicit_args():
    item = Item("a")
    session = FakeSession(respond=lambda *a: {"data": {"keys": [{"x": 1}]}})
    lst = APIList(lambda: session, "keys", URI, [item])
    lst._update({"keys": [{"custom": True}]})
    assert session.calls == [(URI, "PUT", {"keys": [{"custom": True}]})]
    assert item.updates == [{"x": 1}]


def test_response_without_list_updates_nothing():
    item = Item("a")
    for response in (None, {}, {"data": {}}, {"data": None}, {"data": {"rulesets": "?"}}):
        session = FakeSession(respond=lambda *a, r=response: r)
        lst = APIList(lambda s=session: s, "rulesets", URI, [item])
        lst.append(Item("b"))
        assert len(session.calls) == 1
    assert item.updates == []


def test_shorter_response_updates_leading_items_only():
    a, b = Item("a"), Item("b")
    session = FakeSession(respond=lambda *a: {"data": {"rulesets": [{"n": 1}]}})
    lst = APIList(lambda: session, "rulesets", URI, [a])
    lst.append(b)
    assert a.updates == [{"n": 1}]
    assert b.updates == []


# -- APIList: failures -----------------------------------------------------------------


def test_failed_local_operations_send_nothing():
    lst, session = make([Item("a")])
    with pytest.raises(IndexError):
        lst.pop(5)
    with pytest.raises(ValueError):
        lst.remove(Item("missing"))
    with pytest.raises(IndexError):
        lst[7] = Item("x")
    with pytest.raises(IndexError):
        del lst[7]
    with pytest.raises(ValueError):
        lst[::2] = [Item("x"), Item("y")]
    empty, empty_session = make([])
    with pytest.raises(IndexError):
        empty.pop()
    assert session.calls == [] and empty_session.calls == []
    assert len(lst) == 1


@pytest.mark.parametrize(
    "operation",
    [
        lambda lst: lst.append(Item("x")),
        lambda lst: lst.extend([Item("x")]),
        lambda lst: lst.insert(0, Item("x")),
        lambda lst: lst.pop(),
        lambda lst: lst.remove(lst[0]),
        lambda lst: lst.clear(),
        lambda lst: lst.__setitem__(0, Item("x")),
        lambda lst: lst.__delitem__(0),
        lambda lst: lst.__iadd__([Item("x")]),
    ],
)
def test_failed_push_rolls_back(operation):
    a, b = Item("a"), Item("b")
    session = FakeSession(error=RuntimeError("PUT failed"))
    lst, _ = make([a, b], session=session)
    with pytest.raises(RuntimeError, match="PUT failed"):
        operation(lst)
    assert list(lst) == [a, b]
    assert len(session.calls) == 1
    assert a.updates == [] and b.updates == []


# -- APIList: copying ---------------------------------------------------------------


def test_copy_and_deepcopy_send_nothing():
    lst, session = make([Item("a"), Item("b")])
    lst.extra = "kept"
    shallow = copy.copy(lst)
    deep = copy.deepcopy(lst)
    assert session.calls == []
    for clone in (shallow, deep):
        assert isinstance(clone, APIList)
        assert (clone.name, clone.uri, clone.extra) == ("rulesets", URI, "kept")
        assert [item.label for item in clone] == ["a", "b"]
    assert shallow[0] is lst[0]
    assert deep[0] is not lst[0]
    assert deep.session_func is lst.session_func


def test_pickle_round_trip_sends_nothing():
    _PICKLE_SESSION.calls.clear()
    lst = APIList(pickle_session_func, "keys", URI, [{"plain": 1}, {"plain": 2}])
    clone = pickle.loads(pickle.dumps(lst))
    assert clone == lst
    assert (clone.name, clone.uri, clone.session_func) == ("keys", URI, pickle_session_func)
    assert _PICKLE_SESSION.calls == []


# -- Active ---------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("Y", True), ("y", True), (" Y ", True), (True, True),
    ("N", False), ("n", False), (False, False),
])
def test_active_values(value, expected):
    flag = Active(value)
    assert flag.value is expected
    assert bool(flag) is expected
    assert str(flag) == repr(flag) == ("Y" if expected else "N")
    assert f"{flag}" == str(flag)
    assert Active(flag).value is expected


@pytest.mark.parametrize("value", [None, 2, 1.0, "maybe", "", "L", b"Y", ["Y"]])
def test_active_rejects_other_values_at_construction(value):
    with pytest.raises(ValueError) as info:
        Active(value)
    assert repr(value) in str(info.value)


def test_active_equality():
    yes, no = Active("Y"), Active(False)
    assert yes == True and yes == "Y" and yes == "y" and yes == Active(True)  # noqa: E712
    assert no == False and no == "N" and no == Active("n")  # noqa: E712
    assert yes != False and yes != "N" and yes != no  # noqa: E712
    assert yes != "yes"
    assert yes != 1 and not (yes == 1)
    assert yes != None  # noqa: E711
    assert True == yes and "Y" == yes  # noqa: E712


def test_active_hash_matches_bool():
    assert hash(Active("Y")) == hash(True)
    assert {Active("Y"), Active(True), True} == {True}
    assert {True: "on"}[Active("y")] == "on"


def test_exports():
    assert utils.__all__ == ["unix_date", "APIList", "Active"]
