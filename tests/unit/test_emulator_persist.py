"""The ``--state`` backends: SQLite rows written per change, JSON import, plug-in backends."""
import json
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyn.emulator import EmulatorApp
from dyn.emulator.persist import JsonStateBackend, MemoryRowBackend, SqliteStateBackend
from dyn.emulator.state import State
from dyn.emulator.store import SqliteStore

from test_emulator_app import Clock, call_json, login

ZONE = "persist.example"


def normal(snapshot):
    """A snapshot without what a restore legitimately changes (record order, idle timers)."""
    data = json.loads(json.dumps(snapshot))
    for zone in data["parts"].get("zones", {}).get("zones", []):
        zone["records"] = sorted(zone["records"], key=lambda item: (item[0], item[1], item[5]))
    data["parts"]["zones"]["zones"].sort(key=lambda zone: (zone["customer"].lower(), zone["name"]))
    for session in data["parts"].get("tokens", {}).values():
        session.pop("last_seen", None)
    data.pop("job_counter")
    return data


def reopened(path, clock):
    state = State(state_file=str(path), clock=clock)
    try:
        return normal(state.snapshot())
    finally:
        state.close()


class CountingBackend(MemoryRowBackend):
    """Counts the rows each save writes."""

    def __init__(self):
        super().__init__()
        self.writes = []

    def save(self, state):
        before = {name: dict(table.items()) for name, table in self.tables.items()}
        super().save(state)
        count = 0
        for name, table in self.tables.items():
            old = before.get(name, {})
            count += sum(1 for key, value in table.items() if old.get(key) != value)
            count += sum(1 for key in old if key not in table)
        self.writes.append(count)


def ok(app, method, path, body=None, token=None):
    status, reply = call_json(app, method, path, body, token=token)
    assert status == 200, reply
    return reply


def test_sqlite_state_round_trip_of_zones_tokens_and_accounts(tmp_path):
    clock = Clock()
    path = tmp_path / "state.db"
    app = EmulatorApp(state_file=str(path), clock=clock)
    app.add_account("acme", "alice", "secret")
    token = login(app)
    ok(app, "POST", f"/REST/Zone/{ZONE}/", {"rname": "admin@" + ZONE, "ttl": 3600}, token)
    for n in range(5):
        ok(app, "POST", f"/REST/ARecord/{ZONE}/h{n}.{ZONE}/", {"rdata": {"address": f"192.0.2.{n}"}}, token)
    ok(app, "PUT", f"/REST/Zone/{ZONE}/", {"publish": True}, token)
    ok(app, "POST", "/REST/TSIGKey/k1/", {"algorithm": "hmac-md5", "secret": "c2VjcmV0"}, token)
    assert reopened(path, clock) == normal(app.state.snapshot())
    again = EmulatorApp(state_file=str(path), clock=clock)
    assert call_json(again, "GET", "/REST/Session/", token=token)[0] == 200
    records = ok(again, "GET", f"/REST/ARecord/{ZONE}/h3.{ZONE}/", {"detail": "Y"}, token)["data"]
    assert [item["rdata"]["address"] for item in records] == ["192.0.2.3"]
    assert again.state.accounts.find("acme", "alice") is not None
    with sqlite3.connect(str(path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_write_touches_only_its_rows_whatever_the_zone_size():
    clock = Clock()
    backend = CountingBackend()
    app = EmulatorApp(state_backend=backend, clock=clock)
    token = login(app)
    ok(app, "POST", f"/REST/Zone/{ZONE}/", {"rname": "admin@" + ZONE, "ttl": 3600}, token)
    ok(app, "PUT", f"/REST/ARecord/{ZONE}/bulk.{ZONE}/",
       {"ARecords": [{"rdata": {"address": f"10.0.{n // 256}.{n % 256}"}} for n in range(2000)]}, token)
    for n in range(300):
        ok(app, "POST", f"/REST/ARecord/{ZONE}/h{n}.{ZONE}/", {"rdata": {"address": "192.0.2.1"}}, token)
    ok(app, "PUT", f"/REST/Zone/{ZONE}/", {"publish": True}, token)
    assert backend.writes[-1] >= 300  # the nodes published
    ok(app, "POST", f"/REST/ARecord/{ZONE}/one.{ZONE}/", {"rdata": {"address": "192.0.2.9"}}, token)
    ok(app, "PUT", f"/REST/Zone/{ZONE}/", {"publish": True}, token)
    # the new node, the apex (SOA serial), the zone (serial, note), the task, the DNS
    # counters, the state's job counter and the token
    assert backend.writes[-1] <= 7
    ok(app, "PUT", f"/REST/Zone/{ZONE}/", {"freeze": True}, token)
    assert backend.writes[-1] <= 3


def test_json_state_file_is_imported_on_first_start(tmp_path):
    clock = Clock()
    path = tmp_path / "state.json"
    old = EmulatorApp(state_file=str(path), state_backend="json", clock=clock)
    old.add_apikey("kept-key")
    token = login(old)
    ok(old, "POST", f"/REST/Zone/{ZONE}/", {"rname": "admin@" + ZONE, "ttl": 3600}, token)
    ok(old, "POST", f"/REST/ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.1"}}, token)
    ok(old, "PUT", f"/REST/Zone/{ZONE}/", {"publish": True}, token)
    expected = normal(old.state.snapshot())
    json_text = path.read_text()
    assert json.loads(json_text)["format"] == "dyn-emulator-state"

    state = State(state_file=str(path), clock=clock)  # sqlite: imports the JSON file
    assert normal(state.snapshot()) == expected
    state.close()
    assert path.read_bytes()[:15] == b"SQLite format 3"
    assert (tmp_path / "state.json.imported.json").read_text() == json_text
    assert reopened(path, clock) == expected  # later starts read the database


def test_import_interrupted_after_the_json_moved_aside_is_redone(tmp_path):
    clock = Clock()
    path = tmp_path / "state"
    old = State(state_file=str(path), state_backend="json", clock=clock)
    old.accounts.add("acme", "bob", "pw")
    old.save()
    expected = normal(old.snapshot())
    (tmp_path / "state.imported.json").write_bytes(path.read_bytes())
    path.unlink()
    sqlite3.connect(str(path)).close()  # killed after the move: an empty database
    assert reopened(path, clock) == expected


def test_sqlite_store_is_a_dict_like_token_store(tmp_path):
    store = SqliteStore(str(tmp_path / "tokens.db"))
    token = login(EmulatorApp(session_store=store))
    assert token in store and len(store) == 1 and list(store) == [token]
    again = EmulatorApp(session_store=SqliteStore(str(tmp_path / "tokens.db")))
    assert call_json(again, "GET", "/REST/Session/", token=token)[0] == 200
    with store.transaction():
        store["x"] = {"customer": "c"}
        del store[token]
    assert store.snapshot() == {"x": {"customer": "c"}}


def test_plugged_in_backend_restores_a_new_state():
    backend = MemoryRowBackend()
    state = State(state_backend=backend)
    state.accounts.add("acme", "bob", "pw")
    state.save()
    assert State(state_backend=backend).accounts.find("acme", "bob") is not None


OPS = st.lists(st.tuples(st.sampled_from(["zone", "add", "publish", "node", "freeze", "thaw", "dropzone",
                                          "tsig", "relogin", "secondary", "discard", "account"]),
                         st.integers(0, 3), st.integers(0, 5)), max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_database_matches_memory_after_every_write(tmp_path_factory, ops):
    """Random API writes: after each, a fresh start from the database sees exactly the
    state in memory (no touched row forgotten, no stale row left)."""
    clock = Clock()
    path = tmp_path_factory.mktemp("rows") / "state.db"
    app = EmulatorApp(state_file=str(path), clock=clock)
    token = login(app)
    for op, z, n in ops:
        zone, fqdn = f"z{z}.example", f"h{n}.z{z}.example"
        clock.now += 1
        if op == "zone":
            call_json(app, "POST", f"/REST/Zone/{zone}/", {"rname": "a@" + zone, "ttl": 60}, token=token)
        elif op == "add":
            call_json(app, "POST", f"/REST/ARecord/{zone}/{fqdn}/", {"rdata": {"address": f"192.0.2.{n}"}},
                      token=token)
        elif op == "publish":
            call_json(app, "PUT", f"/REST/Zone/{zone}/", {"publish": True}, token=token)
        elif op == "node":
            call_json(app, "DELETE", f"/REST/Node/{zone}/{fqdn}/", token=token)
        elif op in ("freeze", "thaw"):
            call_json(app, "PUT", f"/REST/Zone/{zone}/", {op: True}, token=token)
        elif op == "dropzone":
            call_json(app, "DELETE", f"/REST/Zone/{zone}/", token=token)
        elif op == "tsig":
            call_json(app, "POST", f"/REST/TSIGKey/k{n}/", {"algorithm": "hmac-md5", "secret": "c2VjcmV0"},
                      token=token)
        elif op == "relogin":
            call_json(app, "DELETE", "/REST/Session/", token=token)
            token = login(app)
        elif op == "secondary":
            call_json(app, "POST", f"/REST/Secondary/{zone}/", {"masters": ["192.0.2.53"]}, token=token)
        elif op == "discard":
            call_json(app, "DELETE", f"/REST/ZoneChanges/{zone}/", token=token)
        else:
            app.add_account(f"c{z}", f"u{n}", "pw")
        assert reopened(path, clock) == normal(app.state.snapshot()), op
    app.state.close()


def test_json_backend_keeps_todays_format(tmp_path):
    path = tmp_path / "state.json"
    state = State(state_file=str(path), state_backend=JsonStateBackend(str(path)))
    state.accounts.add("acme", "bob", "pw")
    state.save()
    assert {"accounts", "apikeys", "tokens", "zones"} <= set(json.loads(path.read_text())["parts"])
    assert isinstance(State(state_file=str(tmp_path / "x.db")).backend, SqliteStateBackend)
