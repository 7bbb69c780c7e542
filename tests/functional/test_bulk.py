"""The bulk path (dyn.tm.bulk) against the emulator over real HTTP."""
import pytest

from dyn.tm.bulk import BulkChangeError, ChangeSet, replace_records
from dyn.tm.session import DynectSession

ZONE = "bulk.test"


@pytest.fixture
def session(dyn_emulator):
    session = DynectSession(*dyn_emulator.demo_account, **dyn_emulator.session_kwargs)
    session.execute("/Zone/%s/" % ZONE, "POST", {"rname": "admin@bulk.test", "ttl": 3600})
    yield session
    DynectSession.close_session()


def _records(session, rtype, fqdn):
    data = session.execute("/%sRecord/%s/%s/" % (rtype, ZONE, fqdn), "GET", {"detail": "Y"})["data"]
    return sorted(((item["rdata"], item["ttl"]) for item in data), key=repr)


def _all_a(session):
    data = session.execute("/AllRecord/%s/%s./" % (ZONE, ZONE), "GET", {"detail": "Y"})["data"]
    return sorted(item["rdata"]["address"] for item in data["a_records"])


def test_concurrent_changes_share_one_change_list_and_one_publish(dyn_emulator, session):
    changes = ChangeSet(ZONE)
    for n in range(60):
        changes.add("h%d" % n, "A", "192.0.2.%d" % (n + 1), ttl=300)
    changes.replace("pool", "A", [{"address": "198.51.100.1"}, {"address": "198.51.100.2"}], ttl=60)
    progress = []
    result = changes.apply(workers=8, publish=True, notes="bulk load",
                           progress=lambda done, total: progress.append((done, total)))
    assert result.calls == 61 and len(result.records) == 62
    assert progress[-1] == (61, 61)
    assert result.publish["serial"] == 1
    assert _all_a(session) == sorted(["192.0.2.%d" % (n + 1) for n in range(60)] + ["198.51.100.1", "198.51.100.2"])
    notes = session.execute("/ZoneNoteReport/", "POST", {"zone": ZONE})["data"]
    assert notes[0]["note"] == "bulk load"
    # every record got a real id at publish
    ids = [item["record_id"] for item in
           session.execute("/ARecord/%s/h0.%s./" % (ZONE, ZONE), "GET", {"detail": "Y"})["data"]]
    assert len(ids) == 1 and ids[0] > 0


def test_replace_records_replaces_everything_of_the_type_at_the_node(dyn_emulator, session):
    replace_records(ZONE, "www", "TXT", [{"txtdata": "one"}, {"txtdata": "two"}], ttl=120)
    session.execute("/Zone/%s/" % ZONE, "PUT", {"publish": True})
    assert _records(session, "TXT", "www.%s." % ZONE) == [({"txtdata": "one"}, 120), ({"txtdata": "two"}, 120)]
    before = len(dyn_emulator.requests)
    replace_records(ZONE, "www", "TXT", [{"txtdata": "three"}], ttl=60)
    assert len(dyn_emulator.requests) == before + 1  # one call, whatever the count
    session.execute("/Zone/%s/" % ZONE, "PUT", {"publish": True})
    assert _records(session, "TXT", "www.%s." % ZONE) == [({"txtdata": "three"}, 60)]


def test_a_failure_discards_the_pending_changes(dyn_emulator, session):
    dyn_emulator.add_fault("error", match="POST /REST/ARecord/bulk.test/h7.bulk.test./", status=500)
    changes = ChangeSet(ZONE)
    for n in range(10):
        changes.add("h%d" % n, "A", "192.0.2.%d" % (n + 1))
    with pytest.raises(BulkChangeError) as err:
        changes.apply(workers=1, publish=True)
    assert err.value.rolled_back
    assert [change.fqdn for change, _ in err.value.failures] == ["h7.bulk.test."]
    assert session.execute("/ZoneChanges/%s/" % ZONE, "GET", {})["data"] == []
    assert _all_a(session) == []  # nothing half-applied, nothing published


def test_bad_values_send_nothing(dyn_emulator, session):
    before = len(dyn_emulator.requests)
    with pytest.raises(Exception) as err:
        ChangeSet(ZONE).add("x", "AAAA", "192.0.2.1")
    assert err.value.arg == "address"
    assert len(dyn_emulator.requests) == before
