"""Unit tests of the emulator's token stores."""
import json
import os

import pytest

from dyn.emulator.store import BaseSessionStore, FileSessionStore, MemorySessionStore


def test_metaclass_refuses_a_backend_without_setitem():
    with pytest.raises(ValueError, match="^RedisSessionStore must define a method called __setitem__$"):
        class RedisSessionStore(BaseSessionStore):
            def __getitem__(self, key): ...
            def __delitem__(self, key): ...
            def __contains__(self, key): ...
            def __iter__(self): ...
            def __len__(self): ...


@pytest.mark.parametrize("missing", ["__getitem__", "__setitem__", "__delitem__", "__contains__",
                                     "__iter__", "__len__"])
def test_metaclass_names_each_missing_method(missing):
    methods = {name: (lambda self, *args: None) for name in
               ("__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__len__")
               if name != missing}
    with pytest.raises(ValueError, match=f"Broken must define a method called {missing}"):
        type(BaseSessionStore)("Broken", (BaseSessionStore,), methods)


def test_complete_subclass_and_abstract_intermediate_are_accepted():
    class Intermediate(BaseSessionStore):
        __abstract__ = True

    class Dict(Intermediate):
        def __init__(self):
            self.data = {}
        def __getitem__(self, key): return self.data[key]
        def __setitem__(self, key, value): self.data[key] = value
        def __delitem__(self, key): del self.data[key]
        def __contains__(self, key): return key in self.data
        def __iter__(self): return iter(self.data)
        def __len__(self): return len(self.data)

    store = Dict()
    store["t"] = {"user": "u"}
    assert store.get("t") == {"user": "u"}
    assert store.pop("t") == {"user": "u"}
    assert store.pop("t") is None


def test_memory_store_is_a_dict():
    store = MemorySessionStore()
    store["a72e7a6b4fcf8ae611953"] = {"login-date": "2017-11-09 17:13:25"}
    assert "a72e7a6b4fcf8ae611953" in store
    assert store["a72e7a6b4fcf8ae611953"] == {"login-date": "2017-11-09 17:13:25"}
    assert len(store) == 1 and list(store) == ["a72e7a6b4fcf8ae611953"]
    assert dict(store.items()) == store.snapshot()
    del store["a72e7a6b4fcf8ae611953"]
    assert "a72e7a6b4fcf8ae611953" not in store
    with pytest.raises(KeyError):
        store["missing"]


def test_iteration_survives_changes():
    store = MemorySessionStore()
    for index in range(3):
        store[str(index)] = {}
    for token in store:
        del store[token]
    assert len(store) == 0


def test_file_store_writes_atomically_and_reloads(tmp_path):
    path = tmp_path / "sessions.json"
    store = FileSessionStore(str(path))
    store["t1"] = {"customer": "c", "user": "u"}
    store["t2"] = {"customer": "c", "user": "v"}
    del store["t2"]
    assert json.loads(path.read_text()) == {"t1": {"customer": "c", "user": "u"}}
    assert [name for name in os.listdir(tmp_path) if name != "sessions.json"] == []
    again = FileSessionStore(str(path))
    assert again["t1"] == {"customer": "c", "user": "u"}
    again.clear()
    assert json.loads(path.read_text()) == {}


def test_file_store_ignores_a_non_object_file(tmp_path):
    path = tmp_path / "sessions.json"
    path.write_text("[]")
    assert len(FileSessionStore(str(path))) == 0


def test_stale_temporary_files_are_removed_at_start(tmp_path):
    """A ``kill -9`` between a temporary write and its rename leaves ``.tmp-*`` files: the
    next start removes them, and keeps the state file (issue 9 item 11)."""
    from dyn.emulator.state import State
    from dyn.emulator.store import FileSessionStore, atomic_write_json

    path = tmp_path / "state.json"
    State(state_file=str(path), state_backend="json").save()
    saved = path.read_bytes()
    (tmp_path / ".tmp-state.json-abc123.json").write_text("{half")
    (tmp_path / ".tmp-other.json-x.json").write_text("{}")
    State(state_file=str(path), state_backend="json")
    assert sorted(item.name for item in tmp_path.iterdir()) == [".tmp-other.json-x.json", "state.json"]
    assert path.read_bytes() == saved
    sessions = tmp_path / "sessions.json"
    atomic_write_json(str(sessions), {"t": {"customer": "c"}})
    (tmp_path / ".tmp-sessions.json-zz.json").write_text("")
    assert "t" in FileSessionStore(str(sessions))
    assert not (tmp_path / ".tmp-sessions.json-zz.json").exists()


def test_settle_heap_freezes_and_raises_thresholds():
    import gc

    from dyn.emulator.state import GC_THRESHOLDS, settle_heap

    before = gc.get_threshold()
    try:
        settle_heap()
        assert gc.get_threshold() == GC_THRESHOLDS and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
