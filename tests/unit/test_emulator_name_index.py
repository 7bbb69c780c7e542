"""The zone name index: node and subtree answers equal a full scan on random trees."""
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

from dyn.emulator import families  # noqa: E402
from dyn.emulator.dns.model import in_zone, tree_key, zones_part  # noqa: E402
from dyn.emulator.dns.names import NameIndex, name_key  # noqa: E402
from dyn.emulator.envelope import APIError  # noqa: E402
from dyn.emulator.state import State  # noqa: E402
from dyn.tm.record_types import RECORD_TYPES, TYPE_NAMES  # noqa: E402

ZONE = "example.com"
TOKEN = "token-1"
A, TXT = RECORD_TYPES["A"], RECORD_TYPES["TXT"]
families.load()
ORDER = {name: index for index, name in enumerate(TYPE_NAMES)}

labels = st.sampled_from(["a", "b", "ab", "a-b", "b0", "x", "_s", "*"])
nodes = st.lists(labels, min_size=0, max_size=3).map(lambda parts: ".".join(parts + [ZONE]))
actions = st.lists(st.tuples(st.sampled_from(["add", "txt", "delete", "remove", "publish"]), nodes,
                             st.integers(1, 250)), max_size=40)


def scan_tree(part, zone, token, base):
    """The reference: every visible rrset by a full scan, sorted."""
    found = [(fqdn, rtype, records) for fqdn, rtype, records in part.iter_rrsets(zone, token)
             if in_zone(fqdn, base)]
    found.sort(key=lambda item: (tree_key(item[0]), ORDER.get(item[1], 99)))
    return [record for _, _, records in found for record in records]


def scan_exists(part, zone, token, fqdn):
    return fqdn == zone.name or any(in_zone(name, fqdn) for name, _, _ in part.iter_rrsets(zone, token))


def scan_list(part, zone, token, base):
    names = {fqdn for fqdn, _, _ in part.iter_rrsets(zone, token) if in_zone(fqdn, base)} | {base}
    return sorted(names, key=tree_key)


def build(steps):
    state = State()
    part = zones_part(state)
    zone, _ = part.create_zone("demo", ZONE, "admin@example.com", 3600)
    for action, fqdn, number in steps:
        if action == "publish":
            part.publish(zone, TOKEN, "user")
        elif action == "remove":
            if fqdn != ZONE and part.node_exists(None, zone, fqdn, TOKEN):
                part.delete_node(zone, TOKEN, "user", fqdn)
        elif action == "delete":
            if part.visible(zone, TOKEN, fqdn, "A"):
                part.delete_records(zone, TOKEN, "user", A, fqdn, None)
        else:
            rtype, rdata = (A, {"address": f"10.0.0.{number}"}) if action == "add" else (TXT, {"txtdata": str(number)})
            try:
                part.add_record(zone, TOKEN, "user", rtype, fqdn, rdata, {})
            except APIError:  # a wildcard label below the first one
                assert "*" in fqdn
    return part, zone


@settings(max_examples=150, deadline=None)
@given(actions, st.lists(nodes, min_size=1, max_size=6))
def test_node_and_subtree_answers_equal_a_full_scan(steps, probes):
    part, zone = build(steps)
    for token in (TOKEN, None):
        for base in probes + [ZONE]:
            assert part.node_exists(None, zone, base, token) == scan_exists(part, zone, token, base)
            assert part.tree(zone, token, base) == scan_tree(part, zone, token, base)
            assert part.node_list(zone, token, base) == scan_list(part, zone, token, base)
            expected = [record for record in scan_tree(part, zone, token, base) if record.fqdn == base]
            assert part.node_records(zone, token, base) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), nodes), max_size=60), nodes)
def test_name_index_keeps_tree_order_through_mutations(operations, base):
    index, plain = NameIndex(), {}
    for insert, name in operations:
        if insert:
            index.setdefault(name, set()).add(1)
            plain.setdefault(name, set()).add(1)
        else:
            index.pop(name, None)
            plain.pop(name, None)
    assert dict(index) == plain
    assert list(index.ordered()) == sorted(plain, key=tree_key)
    assert index.subtree(base) == sorted((name for name in plain if in_zone(name, base)), key=tree_key)
    assert index.has_below(base) == any(in_zone(name, base) for name in plain)


def test_name_key_sorts_like_reversed_labels():
    names = ["a-b.example.com", "a.example.com", "b.a.example.com", "example.com", "ab.example.com"]
    assert sorted(names, key=name_key) == sorted(names, key=tree_key)
    index = NameIndex((name, 1) for name in names)
    del index["a.example.com"]
    index.update({"c.example.com": 2})
    assert index.subtree("a.example.com") == ["b.a.example.com"]
    assert index.popitem() == ("c.example.com", 2)
    index.clear()
    assert index.subtree("example.com") == [] and not index.has_below("example.com")
