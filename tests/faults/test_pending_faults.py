"""Pending zone changes survive a token expiry (emulator over HTTP).

Table: (records added before the expiry, records added after it). Whatever the split,
publish() publishes every record exactly once, or raises DynectChangesLostError.
"""
import pytest

from dyn.core import RetryPolicy
from dyn.tm.errors import DynectChangesLostError
from dyn.tm.zones import Zone

ZONE = "journal.example"
POLICY = RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.002, job_first_poll=0.001,
                     job_poll_cap=0.005, job_timeout=5)


@pytest.fixture
def session(tm_login):
    return tm_login(policy=POLICY)


def published_a(zone):
    return sorted(r.address for r in zone.get_all_records().get("a_records", []))


SPLITS = [(1, 0), (2, 3), (0, 2), (5, 0), (3, 1)]


@pytest.mark.parametrize("before,after", SPLITS)
def test_expiry_between_writes_and_publish_loses_nothing(session, dyn_emulator, before, after):
    zone = Zone(ZONE, "admin@" + ZONE, 3600)
    serial = zone.serial
    addresses = ["192.0.2.%d" % (i + 1) for i in range(before + after)]
    for address in addresses[:before]:
        zone.add_record("w%s" % address.rsplit(".", 1)[1], "A", address)
    dyn_emulator.expire_tokens()
    for address in addresses[before:]:
        zone.add_record("w%s" % address.rsplit(".", 1)[1], "A", address)
    zone.publish()
    assert published_a(zone) == sorted(addresses)  # every change, exactly once
    assert zone.serial == serial + 1
    assert session.journal.pending(ZONE) == []


def test_discard_clears_the_journal(session, dyn_emulator):
    zone = Zone(ZONE, "admin@" + ZONE, 3600)
    zone.add_record("x", "A", "192.0.2.9")
    session.execute("/ZoneChanges/%s/" % ZONE, "DELETE", {})
    assert session.journal.pending(ZONE) == []
    dyn_emulator.expire_tokens()
    zone.publish()
    assert published_a(zone) == []


def test_failed_replay_names_what_was_lost_before_sending_more(session, dyn_emulator):
    zone = Zone(ZONE, "admin@" + ZONE, 3600)
    zone.add_record("x", "A", "192.0.2.9")
    zone.add_record("y", "A", "192.0.2.10")
    dyn_emulator.expire_tokens()
    dyn_emulator.add_fault("error", match="POST /REST/ARecord", times=1, status=500)
    start = len(dyn_emulator.requests)
    with pytest.raises(DynectChangesLostError) as info:
        zone.publish()
    assert [u for u, m, a in info.value.lost] == ["/REST/ARecord/%s/x.%s./" % (ZONE, ZONE),
                                                  "/REST/ARecord/%s/y.%s./" % (ZONE, ZONE)]
    wire = [(r["method"], r["path"].split("/")[2]) for r in dyn_emulator.requests[start:]]
    assert wire == [("PUT", "Zone"), ("POST", "Session"), ("POST", "ARecord")]  # no publish after the loss
