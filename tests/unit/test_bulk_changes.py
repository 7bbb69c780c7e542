"""dyn.tm.bulk with the transport seam (SessionEngine.execute) mocked."""
import json
import threading
from unittest import mock

import pytest

from dyn.core import SessionEngine
from dyn.tm.bulk import BulkChangeError, ChangeSet, node_fqdn, replace_records
from dyn.tm.errors import DynectCreateError, DynectInvalidArgumentError
from dyn.tm.session import DynectSession

LOGIN = {"status": "success", "data": {"token": "T", "version": "3.7.9"}, "job_id": 1, "msgs": []}


class FakeAPI:
    """Answers like the API and records (uri, method, args) from any thread."""

    def __init__(self, fail_on=None):
        self.calls = []
        self.fail_on = fail_on
        self.lock = threading.Lock()

    def __call__(self, engine, uri, method, args=None, final=False):
        with self.lock:
            self.calls.append((uri, method, args))
        if uri.startswith("/Session/"):
            return LOGIN
        if self.fail_on and self.fail_on in uri and method == "POST":
            raise DynectCreateError([{"INFO": "address: IP address expected", "ERR_CD": "INVALID_DATA"}])
        parts = uri.strip("/").split("/")
        if method == "POST":
            data = {"zone": parts[1], "fqdn": parts[2].rstrip("."), "record_type": parts[0][:-6],
                    "rdata": args["rdata"], "ttl": args["ttl"] or 3600, "record_id": 0}
        elif method == "PUT" and parts[0] != "Zone":
            key = parts[0] + "s"
            data = [{"zone": parts[1], "fqdn": parts[2].rstrip("."), "record_type": parts[0][:-6],
                     "rdata": item["rdata"], "ttl": item["ttl"], "record_id": 0} for item in args[key]]
        elif parts[0] == "Zone":
            data = {"zone": parts[1], "serial": 2, "task_id": "7"}
        else:
            data = {}
        return {"status": "success", "data": data, "job_id": 2, "msgs": []}


@pytest.fixture
def api():
    fake = FakeAPI()
    with mock.patch.object(SessionEngine, "execute", autospec=True, side_effect=fake):
        DynectSession("acme", "alice", "pw")
        fake.calls.clear()
        yield fake


def test_node_names():
    assert node_fqdn("example.com", None) == "example.com."
    assert node_fqdn("example.com", "www") == "www.example.com."
    assert node_fqdn("example.com", "www.example.com") == "www.example.com."
    assert node_fqdn("example.com", "WWW.Example.com.") == "WWW.Example.com."
    with pytest.raises(DynectInvalidArgumentError) as err:
        node_fqdn("example.com", "bad name")
    assert err.value.arg == "node"


def test_every_change_is_checked_before_anything_is_sent(api):
    changes = ChangeSet("example.com")
    changes.add("a", "A", "192.0.2.1")
    with pytest.raises(DynectInvalidArgumentError) as err:
        changes.add("b", "A", "192.0.2")
    assert (err.value.arg, err.value.value) == ("address", "192.0.2")
    with pytest.raises(DynectInvalidArgumentError) as err:
        changes.add("b", "MX", "mail.example.com.", 70000)
    assert err.value.arg == "preference"
    with pytest.raises(DynectInvalidArgumentError):
        changes.replace("pool", "A", [{"address": "192.0.2.1"}, {"address": "nope"}])
    with pytest.raises(DynectInvalidArgumentError):
        changes.add("b", "SOA", rname="a@example.com")
    with pytest.raises(DynectInvalidArgumentError):
        changes.add("b", "NOPE", "x")
    with pytest.raises(DynectInvalidArgumentError):
        changes.add("b", "A", "192.0.2.1", ttl=-1)
    assert len(changes) == 1
    assert api.calls == []


def test_apply_sends_one_call_per_change_and_groups_keep_their_order(api):
    changes = ChangeSet("example.com")
    for n in range(20):
        changes.add("host%d" % n, "A", "192.0.2.%d" % (n + 1), ttl=300)
    changes.add("mx", "MX", "mail.example.com.")  # default preference sent, as classic
    changes.replace("pool", "A", [{"address": "198.51.100.1"}, {"address": "198.51.100.2"}], ttl=60)
    changes.delete("pool", "A", record_id=5)
    seen = []
    result = changes.apply(workers=4, progress=lambda done, total: seen.append((done, total)))
    assert result.calls == 23 and len(result.records) == 23
    assert sorted(seen)[-1] == (23, 23)
    expected = {("/ARecord/example.com/host%d.example.com./" % n, "POST",
                 _key({"rdata": {"address": "192.0.2.%d" % (n + 1)}, "ttl": 300})) for n in range(20)}
    expected.add(("/MXRecord/example.com/mx.example.com./", "POST",
                  _key({"rdata": {"exchange": "mail.example.com.", "preference": 10}, "ttl": 0})))
    sent = [(u, m, _key(a)) for u, m, a in api.calls if "pool" not in u]
    assert len(sent) == 21 and set(sent) == expected
    pool_calls = [(u, m, a) for u, m, a in api.calls if "pool" in u]
    assert pool_calls == [
        ("/ARecord/example.com/pool.example.com./", "PUT",
         {"ARecords": [{"rdata": {"address": "198.51.100.1"}, "ttl": 60},
                       {"rdata": {"address": "198.51.100.2"}, "ttl": 60}]}),
        ("/ARecord/example.com/pool.example.com./5/", "DELETE", {}),
    ]
    assert {r.address for r in result.records if r.fqdn == "pool.example.com"} == {"198.51.100.1", "198.51.100.2"}


def _key(args):
    return json.dumps(args, sort_keys=True)


def test_publish_after_the_changes(api):
    ChangeSet("example.com").add("www", "A", "192.0.2.1").apply(publish=True, notes="bulk")
    assert api.calls[-1] == ("/Zone/example.com/", "PUT", {"publish": True, "notes": "bulk"})


def test_failure_stops_rolls_back_and_reports(api):
    api.fail_on = "bad"
    changes = ChangeSet("example.com")
    changes.add("ok1", "A", "192.0.2.1").add("bad", "A", "192.0.2.2").add("ok2", "A", "192.0.2.3")
    with pytest.raises(BulkChangeError) as err:
        changes.apply(workers=1, publish=True)
    assert err.value.rolled_back and err.value.applied == 1
    assert [c.fqdn for c, _ in err.value.failures] == ["bad.example.com."]
    assert isinstance(err.value.failures[0][1], DynectCreateError)
    methods = [(u, m) for u, m, _ in api.calls]
    assert methods == [("/ARecord/example.com/ok1.example.com./", "POST"),
                       ("/ARecord/example.com/bad.example.com./", "POST"),
                       ("/ZoneChanges/example.com/", "DELETE")]  # ok2 never sent, no publish


def test_failure_without_rollback_keeps_pending_changes(api):
    api.fail_on = "bad"
    with pytest.raises(BulkChangeError) as err:
        ChangeSet("example.com").add("bad", "A", "192.0.2.2").apply(rollback=False)
    assert not err.value.rolled_back
    assert all(m != "DELETE" for _, m, _ in api.calls)


def test_replace_records_is_one_call(api):
    records = replace_records("example.com", "www", "TXT", [{"txtdata": "a"}, {"txtdata": "b"}], ttl=30)
    assert [r.txtdata for r in records] == ["a", "b"]
    assert api.calls == [("/TXTRecord/example.com/www.example.com./", "PUT",
                          {"TXTRecords": [{"rdata": {"txtdata": "a"}, "ttl": 30},
                                          {"rdata": {"txtdata": "b"}, "ttl": 30}]})]


def test_repr_and_bad_arguments(api):
    changes = ChangeSet("example.com").add("a", "A", "192.0.2.1").delete("b", "A")
    assert repr(changes) == "<ChangeSet example.com: 1 add, 1 delete>"
    with pytest.raises(DynectInvalidArgumentError):
        changes.apply(workers=0)
    with pytest.raises(DynectInvalidArgumentError):
        ChangeSet("bad zone")
    with pytest.raises(TypeError):
        changes.add("a", "A", "192.0.2.1", "extra", "too many")


def test_bulk_error_survives_pickling(api):
    """Errors cross process boundaries (multiprocessing workers): the record types they
    hold pickle by name."""
    import pickle

    api.fail_on = "bad"
    with pytest.raises(BulkChangeError) as err:
        ChangeSet("example.com").add("bad", "MX", "mail.example.com.", 10).apply(workers=1)
    again = pickle.loads(pickle.dumps(err.value))
    assert type(again) is BulkChangeError and str(again) == str(err.value)
    change, error = again.failures[0]
    assert change.rtype is err.value.failures[0][0].rtype  # the same table entry
    assert change.payload == {"rdata": {"exchange": "mail.example.com.", "preference": 10}, "ttl": 0}
    assert isinstance(error, DynectCreateError)


def test_keep_records_false_keeps_only_counts_and_failures(api):
    changes = ChangeSet("example.com")
    for n in range(50):
        changes.add("host%d" % n, "A", "192.0.2.%d" % (n + 1))
    seen = []
    result = changes.apply(workers=3, keep_records=False, progress=lambda done, total: seen.append(done))
    assert result.calls == 50 and result.records == [] and max(seen) == 50
    assert len([call for call in api.calls if call[1] == "POST"]) == 50
    api.fail_on = "host7."
    with pytest.raises(BulkChangeError) as caught:
        changes.apply(workers=1, keep_records=False)
    assert caught.value.applied == 7 and [c.fqdn for c, _ in caught.value.failures] == ["host7.example.com."]
