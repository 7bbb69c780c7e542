"""Functional tests over real HTTP: Traffic Director (DSF services and their trees,
nodes, monitors, notifiers), with the bodies the SDK sends (classic-services.md 12)."""
import copy

import pytest

from dyn.testing import RawClient

ZONE = "dsf-test.example"


@pytest.fixture
def zone(client):
    """A zone of the demo customer (skips while the zone endpoints are missing)."""
    status, body = client.tm("POST", f"Zone/{ZONE}/", {"rname": f"admin@{ZONE}", "ttl": 3600})
    if status == 404 and body["msgs"][0]["ERR_CD"] == "INVALID_REQUEST":
        pytest.skip("the emulator has no Zone resource yet")
    assert status == 200, body
    return ZONE


def ok(result):
    status, body = result
    assert status == 200 and body["status"] == "success", body
    return body["data"]


def fails(result, status, msgs):
    got_status, body = result
    assert (got_status, body["status"], body["data"]) == (status, "failure", {}), body
    assert [(m["INFO"], m["ERR_CD"], m["LVL"]) for m in body["msgs"]] == msgs
    return body


def a_record(address, weight=1, **extra):
    return dict({"label": address, "weight": weight, "automation": "auto", "eligible": True, "ttl": 0,
                 "rdata": {"a_rdata": {"address": address}}}, **extra)


def prototype(**extra):
    """A geo + weighted + failover service, as ``TrafficDirector(...)`` sends it."""
    body = {
        "label": "shop", "ttl": 60, "publish": "Y", "notes": None,
        "rulesets": [
            {"label": "europe", "criteria_type": "geoip",
             "criteria": {"geoip": {"country": ["DE", "FR"], "region": [], "province": []}},
             "response_pools": [
                 {"label": "eu-pool", "eligible": True, "core_set_count": 1, "automation": "auto", "index": 0,
                  "rs_chains": [{"label": "eu-chain", "core": False, "record_sets": [
                      {"rdata_class": "A", "label": "eu-primary", "ttl": 30, "automation": "auto",
                       "serve_count": 1, "eligible": True, "records": [a_record("10.1.0.1")]},
                      {"rdata_class": "A", "label": "eu-backup", "eligible": False,
                       "records": [a_record("10.1.0.2")]}]}]}]},
            {"label": "default", "criteria_type": "always", "criteria": None,
             "response_pools": [
                 {"label": "weighted", "eligible": True, "core_set_count": 1, "automation": "auto",
                  "rs_chains": [{"label": "weighted-chain", "core": True, "record_sets": [
                      {"rdata_class": "A", "label": "web", "serve_count": 1, "records": [
                          a_record("10.2.0.1", 5), a_record("10.2.0.2", 10, ttl=20)]}]}]},
                 {"failover": "192.0.2.10"}]},
        ],
    }
    body.update(extra)
    return body


def create(client, **extra):
    return ok(client.tm("POST", "DSF/", prototype(**extra)))


def get_service(client, sid, pending=False):
    return ok(client.tm("GET", f"DSF/{sid}/", {"pending_changes": "Y"} if pending else {}))


def walk(service):
    """Labels of the nested tree, for compact comparisons."""
    return [(ruleset["label"], [(pool["label"], [(chain["label"], [
        (rs["label"], [rec["label"] for rec in rs["records"]]) for rs in chain["record_sets"]])
        for chain in pool["rs_chains"]]) for pool in ruleset["response_pools"]]) for ruleset in service["rulesets"]]


EXPECTED_TREE = [
    ("europe", [("eu-pool", [("eu-chain", [("eu-primary", ["10.1.0.1"]), ("eu-backup", ["10.1.0.2"])])])]),
    ("default", [("weighted", [("weighted-chain", [("web", ["10.2.0.1", "10.2.0.2"])])]),
                 ("192.0.2.10", [("192.0.2.10", [("192.0.2.10", ["192.0.2.10"])])])]),
]


# -- create and read back ---------------------------------------------------------------------------------

def test_create_whole_tree_in_one_post(client):
    status, body = client.tm("POST", "DSF/", prototype(notes="initial"))
    assert status == 200
    assert [m["INFO"] for m in body["msgs"]] == ["create: Service created", "publish: Service published"]
    service = body["data"]
    sid = service["service_id"]
    assert len(sid) == 22 and sid.isalnum()
    assert (service["label"], service["ttl"], service["active"], service["notes"]) == ("shop", 60, "Y", "initial")
    assert service["nodes"] == [] and service["notifiers"] == [] and service["pending_change"] == ""
    assert walk(service) == EXPECTED_TREE
    europe, default = service["rulesets"]
    assert (europe["ordering"], default["ordering"]) == (0, 1)
    assert europe["criteria"] == {"geoip": {"country": ["DE", "FR"], "region": [], "province": []}}
    assert default["criteria"] == {}
    pool = default["response_pools"][0]
    assert pool["service_id"] == sid and pool["index"] == 0 and pool["status"] == "ok"
    assert pool["rulesets"] == [{"dsf_ruleset_id": default["dsf_ruleset_id"], "label": "default"}]
    chain = pool["rs_chains"][0]
    assert chain["dsf_response_pool_id"] == pool["dsf_response_pool_id"] and chain["core"] is True
    record_set = chain["record_sets"][0]
    assert record_set["dsf_record_set_failover_chain_id"] == chain["dsf_record_set_failover_chain_id"]
    assert record_set["rdata_class"] == "A" and record_set["dsf_monitor_id"] is None
    record = record_set["records"][1]
    assert record["dsf_record_set_id"] == record_set["dsf_record_set_id"]
    assert (record["weight"], record["ttl"], record["eligible"]) == (10, 20, True)
    assert record["rdata"] == [{"data": {"rdata_a": {"address": "10.2.0.2"}}}]
    assert europe["response_pools"][0]["rs_chains"][0]["record_sets"][1]["eligible"] is False
    assert get_service(client, sid) == get_service(client, sid, pending=True)
    assert {k: v for k, v in get_service(client, sid).items() if k != "notes"} == \
        {k: v for k, v in service.items() if k != "notes"}


def test_each_level_reads_back_with_its_nesting(client):
    service = create(client)
    sid = service["service_id"]
    ruleset = service["rulesets"][1]
    pool = ruleset["response_pools"][0]
    chain = pool["rs_chains"][0]
    record_set = chain["record_sets"][0]
    record = record_set["records"][0]
    cases = [("DSFRuleset", ruleset["dsf_ruleset_id"], ruleset),
             ("DSFResponsePool", pool["dsf_response_pool_id"], pool),
             ("DSFRecordSetFailoverChain", chain["dsf_record_set_failover_chain_id"], chain),
             ("DSFRecordSet", record_set["dsf_record_set_id"], record_set),
             ("DSFRecord", record["dsf_record_id"], record)]
    for resource, oid, expected in cases:
        for path in (f"{resource}/{sid}/{oid}", f"{resource}/{sid}/{oid}/", f"/{resource}/{sid}/{oid}"):
            data = ok(client.tm("GET", path, {"detail": "Y"}))
            if resource == "DSFResponsePool":
                expected = {k: v for k, v in expected.items() if k != "index"}
            assert data == expected, (resource, path)
    status, body = client.tm("GET", f"DSFRuleset/{sid}/{ruleset['dsf_ruleset_id']}")
    assert body["msgs"][0]["INFO"] == "get: Found the ruleset"


def test_collections_list_uris_or_objects_and_include_orphans(client):
    service = create(client)
    sid = service["service_id"]
    orphan = ok(client.tm("POST", f"DSFResponsePool/{sid}/", {"label": "orphan", "publish": "Y"}))
    status, body = client.tm("GET", f"DSFResponsePool/{sid}/")
    assert status == 200 and body["msgs"][0]["INFO"] == "get: Found 4 response pools"
    assert f"/REST/DSFResponsePool/{sid}/{orphan['dsf_response_pool_id']}" in body["data"]
    pools = ok(client.tm("GET", f"DSFResponsePool/{sid}/", {"detail": "Y"}))
    assert sorted(pool["label"] for pool in pools) == ["192.0.2.10", "eu-pool", "orphan", "weighted"]
    records = ok(client.tm("GET", f"DSFRecord/{sid}/", {"detail": "Y"}))
    assert len(records) == 5 and all(record["service_id"] == sid for record in records)
    rulesets = ok(client.tm("GET", f"DSFRuleset/{sid}/", {"detail": "Y"}))
    assert [ruleset["label"] for ruleset in rulesets] == ["europe", "default"]
    assert len(ok(client.tm("GET", f"DSFRecordSetFailoverChain/{sid}/", {"detail": "Y"}))) == 3
    assert len(ok(client.tm("GET", f"DSFRecordSet/{sid}", {"detail": "Y"}))) == 4
    services = ok(client.tm("GET", "DSF/", {"detail": "Y"}))
    assert [item["service_id"] for item in services] == [sid]
    status, body = client.tm("GET", "DSF/")
    assert body["data"] == [f"/REST/DSF/{sid}"] and body["msgs"][0]["INFO"] == "get: Found 1 service"


def test_create_piecewise_with_the_sdk_calls(client):
    service = ok(client.tm("POST", "DSF/", {"label": "pieces", "publish": "Y", "notes": None}))
    sid = service["service_id"]
    assert service["rulesets"] == []
    ruleset = ok(client.tm("POST", f"DSFRuleset/{sid}/", {
        "publish": "Y", "label": "default", "criteria_type": "always", "criteria": None}))
    rid = ruleset["dsf_ruleset_id"]
    first = ok(client.tm("POST", f"DSFRuleset/{sid}/", {
        "publish": "Y", "label": "first", "criteria_type": "geoip", "criteria": {"geoip": {"country": ["US"]}},
        "ordering": 0}))
    pool = ok(client.tm("POST", f"DSFResponsePool/{sid}/", {
        "publish": "Y", "label": "pool", "core_set_count": 1, "eligible": True, "automation": "auto",
        "dsf_ruleset_id": rid, "index": 0}))
    pid = pool["dsf_response_pool_id"]
    chain = ok(client.tm("POST", f"DSFRecordSetFailoverChain/{sid}/{pid}/", {
        "label": "chain", "core": False, "publish": "Y"}))
    cid = chain["dsf_record_set_failover_chain_id"]
    record_set = ok(client.tm("POST", f"DSFRecordSet/{sid}", {
        "rdata_class": "SRV", "label": "srv", "eligible": False, "serve_count": 0, "records": [],
        "dsf_record_set_failover_chain_id": cid, "publish": "Y"}))
    rsid = record_set["dsf_record_set_id"]
    assert (record_set["eligible"], record_set["serve_count"]) == (False, 0)
    record = ok(client.tm("POST", f"DSFRecord/{sid}/{rsid}/", {
        "label": "srv1", "weight": 3, "ttl": 300, "publish": "Y",
        "rdata": {"srv_rdata": {"port": 5060, "priority": 10, "target": "sip.example.com.", "weight": 60}}}))
    assert record["weight"] == 3 and record["ttl"] == 300
    assert record["rdata"] == [{"data": {"rdata_srv": {"port": 5060, "priority": 10,
                                                        "target": "sip.example.com.", "weight": 60}}}]
    px_set = ok(client.tm("POST", f"DSFRecordSet/{sid}/", {
        "rdata_class": "PX", "dsf_record_set_failover_chain_id": cid, "publish": "Y", "records": [
            {"rdata": {"pxr_rdata": {"preference": 1, "map822": "a.example.", "mapx400": "b.example."}}}]}))
    px_record = px_set["records"][0]
    updated = ok(client.tm("PUT", f"DSFRecord/{sid}/{px_record['dsf_record_id']}", {
        "rdata": {"px_rdata": {"preference": 2}}, "publish": "Y"}))
    assert updated["rdata"][0]["data"]["rdata_px"]["preference"] == 2
    tree = get_service(client, sid)
    assert [ruleset["label"] for ruleset in tree["rulesets"]] == ["first", "default"]
    assert tree["rulesets"][0]["dsf_ruleset_id"] == first["dsf_ruleset_id"]
    assert walk(tree)[1] == ("default", [("pool", [("chain", [("srv", ["srv1"]), ("", [""])])])])


# -- publish model --------------------------------------------------------------------------------------

def test_pending_changes_publish_with_notes_and_revert(client):
    sid = create(client)["service_id"]
    published = get_service(client, sid)
    ruleset_id = published["rulesets"][0]["dsf_ruleset_id"]
    status, body = client.tm("PUT", f"DSFRuleset/{sid}/{ruleset_id}", {"label": "renamed"})
    assert status == 200 and body["data"]["label"] == "renamed"
    assert [m["INFO"] for m in body["msgs"]] == [
        "update: Ruleset updated", "publish: Change pending; publish the service to apply it"]
    assert ok(client.tm("PUT", f"DSF/{sid}/", {"ttl": 300, "publish": "N"}))["pending_change"] == "Y"
    assert get_service(client, sid) == dict(published, pending_change="Y")  # the flag is per service
    pending = get_service(client, sid, pending=True)
    assert pending["rulesets"][0]["label"] == "renamed" and pending["ttl"] == 300
    assert ok(client.tm("GET", f"DSFRuleset/{sid}/{ruleset_id}"))["label"] == "europe"
    assert ok(client.tm("GET", f"DSFRuleset/{sid}/{ruleset_id}", {"pending_changes": "Y"}))["label"] == "renamed"
    status, body = client.tm("PUT", f"DSF/{sid}/", {"publish": "Y", "notes": "rename europe"})
    assert [m["INFO"] for m in body["msgs"]] == ["publish: Service published"]
    after = get_service(client, sid)
    assert after["rulesets"][0]["label"] == "renamed" and after["ttl"] == 300
    assert after["notes"] == "rename europe" and after["pending_change"] == ""
    ok(client.tm("PUT", f"DSF/{sid}/", {"label": "draft"}))
    status, body = client.tm("PUT", f"DSF/{sid}/", {"revert": True})
    assert body["msgs"][0]["INFO"] == "revert: Pending changes discarded"
    assert get_service(client, sid, pending=True) == after


def test_unpublished_service_create(client):
    service = create(client, publish="N")
    sid = service["service_id"]
    assert service["pending_change"] == "Y" and walk(service) == EXPECTED_TREE
    published = get_service(client, sid)
    assert (published["label"], published["rulesets"]) == ("shop", [])
    assert ok(client.tm("GET", f"DSFRecord/{sid}/")) == []
    assert len(ok(client.tm("GET", f"DSFRecord/{sid}/", {"pending_changes": "Y"}))) == 5
    ok(client.tm("PUT", f"DSF/{sid}/", {"publish": "Y"}))
    assert walk(get_service(client, sid)) == EXPECTED_TREE


def test_response_pool_create_with_publish_n_stays_pending(client):
    sid = create(client)["service_id"]
    pool = ok(client.tm("POST", f"DSFResponsePool/{sid}/", {
        "publish": "N", "label": "later", "core_set_count": 1, "eligible": True, "automation": "auto",
        "rs_chains": []}))
    fails(client.tm("GET", f"DSFResponsePool/{sid}/{pool['dsf_response_pool_id']}/"), 404, [
        ("response_pool: No such response pool", "NOT_FOUND", "ERROR"),
        ("get: Response pool not found", None, "INFO")])
    ok(client.tm("PUT", f"DSF/{sid}/", {"publish": "Y"}))
    assert ok(client.tm("GET", f"DSFResponsePool/{sid}/{pool['dsf_response_pool_id']}/"))["label"] == "later"


# -- updates and deletes at every level ---------------------------------------------------------------------

def test_update_every_level(client):
    service = create(client)
    sid = service["service_id"]
    europe = service["rulesets"][0]
    pool = europe["response_pools"][0]
    chain = pool["rs_chains"][0]
    record_set = chain["record_sets"][0]
    record = record_set["records"][0]
    monitor = ok(client.tm("POST", "DSFMonitor/", {
        "label": "m", "protocol": "HTTP", "response_count": 1, "probe_interval": 60, "retries": 1, "active": "Y",
        "options": {}}))
    steps = [
        ("DSFRuleset", europe["dsf_ruleset_id"], {"criteria": {"geoip": {"country": ["GB"]}},
                                                   "criteria_type": "geoip"}, "criteria",
         {"geoip": {"country": ["GB"]}}),
        ("DSFResponsePool", pool["dsf_response_pool_id"], {"automation": "manual"}, "automation", "manual"),
        ("DSFResponsePool", pool["dsf_response_pool_id"], {"eligible": False}, "eligible", False),
        ("DSFResponsePool", pool["dsf_response_pool_id"], {"core_set_count": 2}, "core_set_count", 2),
        ("DSFRecordSetFailoverChain", chain["dsf_record_set_failover_chain_id"], {"core": True}, "core", True),
        ("DSFRecordSetFailoverChain", chain["dsf_record_set_failover_chain_id"], {"label": "c2"}, "label", "c2"),
        ("DSFRecordSet", record_set["dsf_record_set_id"], {"ttl": 0, "master_line": "10.1.0.1"}, "ttl", 0),
        ("DSFRecordSet", record_set["dsf_record_set_id"], {"trouble_count": 2, "rdata": None}, "trouble_count", 2),
        ("DSFRecordSet", record_set["dsf_record_set_id"], {"dsf_monitor_id": monitor["dsf_monitor_id"]},
         "dsf_monitor_id", monitor["dsf_monitor_id"]),
        ("DSFRecord", record["dsf_record_id"], {"weight": 15}, "weight", 15),
        ("DSFRecord", record["dsf_record_id"], {"ttl": 45}, "ttl", 45),
        ("DSFRecord", record["dsf_record_id"], {"endpoints": ["10.1.0.1"], "endpoint_up_count": 1},
         "endpoints", ["10.1.0.1"]),
        ("DSFRecord", record["dsf_record_id"], {"rdata": {"a_rdata": {"address": "10.1.9.9"}}}, "rdata",
         [{"data": {"rdata_a": {"address": "10.1.9.9"}}}]),
    ]
    for resource, oid, args, field, value in steps:
        data = ok(client.tm("PUT", f"{resource}/{sid}/{oid}", dict(args, publish="Y")))
        assert data[field] == value, resource
        assert ok(client.tm("GET", f"{resource}/{sid}/{oid}/"))[field] == value, resource


def test_delete_every_level(client):
    service = create(client)
    sid = service["service_id"]
    default = service["rulesets"][1]
    weighted = default["response_pools"][0]
    chain = weighted["rs_chains"][0]
    record_set = chain["record_sets"][0]
    status, body = client.tm("DELETE", f"DSFRecord/{sid}/{record_set['records'][0]['dsf_record_id']}",
                             {"publish": "Y"})
    assert status == 200 and body["data"] == {}
    assert [m["INFO"] for m in body["msgs"]] == ["delete: Record deleted", "publish: Service published"]
    assert len(ok(client.tm("GET", f"DSFRecordSet/{sid}/{record_set['dsf_record_set_id']}"))["records"]) == 1
    ok(client.tm("DELETE", f"DSFRecordSet/{sid}/{record_set['dsf_record_set_id']}/", {"publish": "Y"}))
    assert ok(client.tm("GET", f"DSFRecordSetFailoverChain/{sid}/{chain['dsf_record_set_failover_chain_id']}"))[
        "record_sets"] == []
    ok(client.tm("DELETE", f"DSFRecordSetFailoverChain/{sid}/{chain['dsf_record_set_failover_chain_id']}",
                 {"publish": "Y"}))
    ok(client.tm("DELETE", f"DSFResponsePool/{sid}/{weighted['dsf_response_pool_id']}/", {"publish": "Y"}))
    ok(client.tm("DELETE", f"DSFRuleset/{sid}/{default['dsf_ruleset_id']}/", {"publish": "Y", "notes": "gone"}))
    after = get_service(client, sid)
    assert [ruleset["label"] for ruleset in after["rulesets"]] == ["europe"] and after["notes"] == "gone"
    pools = ok(client.tm("GET", f"DSFResponsePool/{sid}/", {"detail": "Y"}))
    assert sorted(pool["label"] for pool in pools) == ["192.0.2.10", "eu-pool"]  # the failover pool stays
    assert len(ok(client.tm("GET", f"DSFRecord/{sid}/"))) == 3
    fails(client.tm("DELETE", f"DSFRuleset/{sid}/{default['dsf_ruleset_id']}/", {"publish": "Y"}), 404, [
        ("ruleset: No such ruleset", "NOT_FOUND", "ERROR"), ("delete: Ruleset not deleted", None, "INFO")])


def test_pool_shared_by_two_rulesets_and_remove_orphans(client):
    service = create(client)
    sid = service["service_id"]
    europe, default = service["rulesets"]
    weighted = default["response_pools"][0]["dsf_response_pool_id"]
    eu_pool = europe["response_pools"][0]["dsf_response_pool_id"]
    data = ok(client.tm("PUT", f"DSFRuleset/{sid}/{europe['dsf_ruleset_id']}", {
        "response_pools": [{"dsf_response_pool_id": eu_pool}, {"dsf_response_pool_id": weighted}],
        "publish": "Y"}))
    assert [pool["label"] for pool in data["response_pools"]] == ["eu-pool", "weighted"]
    pool = ok(client.tm("GET", f"DSFResponsePool/{sid}/{weighted}"))
    assert sorted(item["label"] for item in pool["rulesets"]) == ["default", "europe"]
    ok(client.tm("DELETE", f"DSFResponsePool/{sid}/{eu_pool}", {"publish": "Y"}))
    chains = ok(client.tm("GET", f"DSFRecordSetFailoverChain/{sid}/", {"detail": "Y"}))
    orphans = [chain for chain in chains if chain["dsf_response_pool_id"] == ""]
    assert [chain["label"] for chain in orphans] == ["eu-chain"]
    ok(client.tm("PUT", f"DSF/{sid}/", {"remove_orphans": "Y", "publish": "Y"}))
    chains = ok(client.tm("GET", f"DSFRecordSetFailoverChain/{sid}/", {"detail": "Y"}))
    assert sorted(chain["label"] for chain in chains) == ["192.0.2.10", "weighted-chain"]
    assert len(ok(client.tm("GET", f"DSFRecord/{sid}/"))) == 3


def test_add_failover_ip_and_order_response_pools(client):
    service = create(client)
    sid = service["service_id"]
    default = service["rulesets"][1]
    ids = [{"dsf_response_pool_id": pool["dsf_response_pool_id"]} for pool in default["response_pools"]]
    data = ok(client.tm("PUT", f"DSFRuleset/{sid}/{default['dsf_ruleset_id']}", {
        "response_pools": ids + [{"failover": "2001:db8::1"}], "publish": "Y"}))
    assert [pool["label"] for pool in data["response_pools"]] == ["weighted", "192.0.2.10", "2001:db8::1"]
    last = data["response_pools"][2]["rs_chains"][0]["record_sets"][0]
    assert last["rdata_class"] == "AAAA"
    data = ok(client.tm("PUT", f"DSFRuleset/{sid}/{default['dsf_ruleset_id']}", {
        "response_pools": list(reversed(ids)), "publish": "Y"}))
    assert [pool["label"] for pool in data["response_pools"]] == ["192.0.2.10", "weighted"]


def test_rulesets_ordering_and_replacement(client):
    service = create(client)
    sid = service["service_id"]
    europe, default = (ruleset["dsf_ruleset_id"] for ruleset in service["rulesets"])
    data = ok(client.tm("PUT", f"DSF/{sid}/", {"rulesets": [{"dsf_ruleset_id": default},
                                                            {"dsf_ruleset_id": europe}], "publish": "Y"}))
    assert [ruleset["label"] for ruleset in data["rulesets"]] == ["default", "europe"]
    assert [ruleset["ordering"] for ruleset in data["rulesets"]] == [0, 1]
    replacement = [{"label": "only", "criteria_type": "always", "criteria": {}, "response_pools": [
        {"label": "new-pool", "eligible": True, "core_set_count": 1, "automation": "auto", "rs_chains": [
            {"label": "c", "record_sets": [{"rdata_class": "CNAME", "records": [
                {"rdata": {"cname_rdata": {"cname": "origin.example.net."}}}]}]}]}]}]
    data = ok(client.tm("PUT", f"DSF/{sid}/", {"rulesets": replacement, "publish": "Y"}))
    assert walk(data) == [("only", [("new-pool", [("c", [("", [""])])])])]
    assert len(ok(client.tm("GET", f"DSFRuleset/{sid}/"))) == 1
    fails(client.tm("PUT", f"DSF/{sid}/", {"rulesets": [{"dsf_ruleset_id": europe}], "publish": "Y"}), 404, [
        ("ruleset: No such ruleset", "NOT_FOUND", "ERROR"), ("update: Service not updated", None, "INFO")])


# -- validation and errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path, change, msgs", [
    (["rulesets", 1, "response_pools", 0, "rs_chains", 0, "record_sets", 0, "records", 1, "rdata"],
     {"a_rdata": {"address": "10.2.0.300"}}, ["address: IP address expected"]),
    (["rulesets", 1, "response_pools", 0, "rs_chains", 0, "record_sets", 0, "records", 1, "weight"], 16,
     ["weight: Must be between 1 and 15"]),
    (["rulesets", 0, "criteria_type"], "nearby", ["criteria_type: Must be one of always, geoip"]),
    (["rulesets", 1, "response_pools", 0, "automation"], "often",
     ["automation: Must be one of auto, auto_down, manual"]),
    (["rulesets", 1, "response_pools", 0, "rs_chains", 0, "record_sets", 0, "rdata_class"], None,
     ["rdata_class: This field is required"]),
    (["label"], None, ["label: This field is required"]),
])
def test_invalid_create_changes_nothing(client, path, change, msgs):
    before = ok(client.tm("GET", "DSF/", {"detail": "Y"}))
    body = prototype()
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = change
    fails(client.tm("POST", "DSF/", body), 400,
          [(msgs[0], "INVALID_DATA", "ERROR"), ("create: Service not created", None, "INFO")])
    assert ok(client.tm("GET", "DSF/", {"detail": "Y"})) == before


def test_invalid_update_changes_nothing(client):
    service = create(client)
    sid = service["service_id"]
    record_set = service["rulesets"][1]["response_pools"][0]["rs_chains"][0]["record_sets"][0]
    fails(client.tm("PUT", f"DSFRecordSet/{sid}/{record_set['dsf_record_set_id']}", {
        "records": [{"rdata": {"a_rdata": {"address": "10.9.9.9"}}}, {"rdata": {"aaaa_rdata": {"address": "::1"}}}],
        "publish": "Y"}), 400, [("rdata: Expected a_rdata for a record set of class A", "INVALID_DATA", "ERROR"),
                                ("update: Record set not updated", None, "INFO")])
    fails(client.tm("PUT", f"DSFRecordSet/{sid}/{record_set['dsf_record_set_id']}", {
        "dsf_monitor_id": "nonexistent", "publish": "Y"}), 404, [
        ("dsf_monitor_id: No such monitor", "NOT_FOUND", "ERROR"), ("update: Record set not updated", None, "INFO")])
    fails(client.tm("PUT", f"DSFRecordSet/{sid}/{record_set['dsf_record_set_id']}", {
        "rdata_class": "TXT", "publish": "Y"}), 400, [
        ("rdata_class: The class of a record set that holds records can not change", "ILLEGAL_OPERATION", "ERROR"),
        ("update: Record set not updated", None, "INFO")])
    fails(client.tm("PUT", f"DSF/{sid}/", {"label": "ok", "ttl": "soon", "publish": "Y"}), 400, [
        ("ttl: Integer expected", "INVALID_DATA", "ERROR"), ("update: Service not updated", None, "INFO")])
    fails(client.tm("PUT", f"DSF/{sid}/", {"publish": "maybe"}), 400, [
        ("publish: Expected Y or N", "INVALID_DATA", "ERROR"), ("update: Service not updated", None, "INFO")])
    assert get_service(client, sid, pending=True) == get_service(client, sid) == {
        **service, "notes": ""}


def test_missing_objects_and_ids(client):
    fails(client.tm("GET", "DSF/nosuchservice/"), 404, [
        ("service: No such service", "NOT_FOUND", "ERROR"), ("get: Service not found", None, "INFO")])
    fails(client.tm("DELETE", "DSF/nosuchservice/"), 404, [
        ("service: No such service", "NOT_FOUND", "ERROR"), ("delete: Service not deleted", None, "INFO")])
    fails(client.tm("GET", "DSFRuleset/"), 400, [
        ("service_id: This field is required", "INVALID_DATA", "ERROR"), ("get: Ruleset not found", None, "INFO")])
    sid = create(client)["service_id"]
    fails(client.tm("PUT", f"DSFRecord/{sid}/", {"weight": 2}), 400, [
        ("dsf_record_id: This field is required", "INVALID_DATA", "ERROR"),
        ("update: Record not updated", None, "INFO")])
    fails(client.tm("POST", f"DSFRecordSetFailoverChain/{sid}/", {"label": "c"}), 400, [
        ("dsf_response_pool_id: This field is required", "INVALID_DATA", "ERROR"),
        ("create: Failover chain not created", None, "INFO")])
    fails(client.tm("POST", f"DSFRecord/{sid}/nosuchset/", {"rdata": {"a_rdata": {"address": "10.0.0.1"}}}), 404, [
        ("record_set: No such record set", "NOT_FOUND", "ERROR"), ("create: Record not created", None, "INFO")])
    fails(client.tm("GET", f"DSFRecord/{sid}/nosuchrecord"), 404, [
        ("record: No such record", "NOT_FOUND", "ERROR"), ("get: Record not found", None, "INFO")])


def test_services_are_per_customer(dyn_emulator, client):
    sid = create(client)["service_id"]
    dyn_emulator.add_account("other", "someone", "secret")
    with RawClient(dyn_emulator.url) as other:
        other.login("other", "someone", "secret")
        assert ok(other.tm("GET", "DSF/")) == []
        assert other.tm("GET", f"DSF/{sid}/")[0] == 404


# -- nodes --------------------------------------------------------------------------------------------------

def test_nodes_attach_replace_remove(client, zone):
    sid = create(client, nodes=[{"zone": zone, "fqdn": f"www.{zone}."}])["service_id"]
    assert ok(client.tm("GET", f"DSFNode/{sid}")) == [{"zone": zone, "fqdn": f"www.{zone}"}]
    status, body = client.tm("POST", f"DSFNode/{sid}", {"node": {"zone": zone, "fqdn": f"api.{zone}"},
                                                         "publish": "Y"})
    assert status == 200 and body["msgs"][0]["INFO"] == "add: Node added"
    assert body["data"] == [{"zone": zone, "fqdn": f"www.{zone}"}, {"zone": zone, "fqdn": f"api.{zone}"}]
    data = ok(client.tm("PUT", f"DSFNode/{sid}", {"nodes": [{"zone": zone, "fqdn": zone}], "publish": "Y"}))
    assert data == [{"zone": zone, "fqdn": zone}]
    data = ok(client.tm("POST", f"DSFNode/{sid}", {"node": {"zone": zone, "fqdn": f"new.{zone}"}, "publish": "N"}))
    assert len(data) == 2 and ok(client.tm("GET", f"DSFNode/{sid}")) == [{"zone": zone, "fqdn": zone}]
    assert len(ok(client.tm("GET", f"DSFNode/{sid}", {"pending_changes": "Y"}))) == 2
    ok(client.tm("PUT", f"DSF/{sid}/", {"revert": True}))
    data = ok(client.tm("DELETE", f"DSFNode/{sid}", {"node": {"zone": zone, "fqdn": zone}, "publish": "Y"}))
    assert data == [] and get_service(client, sid)["nodes"] == []
    fails(client.tm("DELETE", f"DSFNode/{sid}", {"node": {"zone": zone, "fqdn": zone}, "publish": "Y"}), 404, [
        ("node: Node is not attached to this service", "NOT_FOUND", "ERROR"),
        ("remove: Node not removed", None, "INFO")])


def test_node_in_a_missing_zone_or_outside_its_zone(client, zone):
    sid = create(client)["service_id"]
    status, body = client.tm("POST", f"DSFNode/{sid}", {"node": {"zone": "missing.example", "fqdn": "missing.example"},
                                                         "publish": "Y"})
    assert status == 404
    assert body["msgs"][0] == {"INFO": "zone: No such zone", "SOURCE": "API-B", "ERR_CD": "NOT_FOUND",
                               "LVL": "ERROR"}
    fails(client.tm("POST", f"DSFNode/{sid}", {"node": {"zone": zone, "fqdn": "www.elsewhere.example"},
                                               "publish": "Y"}), 400,
          [(f"fqdn: Node is not in the zone {zone}", "INVALID_DATA", "ERROR"), ("add: Node not added", None, "INFO")])
    fails(client.tm("POST", "DSF/", prototype(nodes=[{"zone": "missing.example"}])), 404, [
        ("zone: No such zone", "NOT_FOUND", "ERROR"), ("create: Service not created", None, "INFO")])
    ok(client.tm("POST", f"DSFNode/{sid}", {"node": {"zone": zone, "fqdn": f"www.{zone}"}, "publish": "Y"}))
    other = create(client)["service_id"]
    fails(client.tm("POST", f"DSFNode/{other}", {"node": {"zone": zone, "fqdn": f"www.{zone}"}, "publish": "Y"}),
          400, [(f"node: www.{zone} is already attached to service {sid}", "TARGET_EXISTS", "ERROR"),
                ("add: Node not added", None, "INFO")])


def test_node_served_records_in_allrecord_and_anyrecord(client, zone):
    sid = create(client, nodes=[{"zone": zone, "fqdn": f"www.{zone}"}])["service_id"]
    fqdn = f"www.{zone}"
    records = ok(client.tm("GET", f"AllRecord/{zone}/{fqdn}/", {"detail": "Y"}))
    [served] = records["a_records"]
    assert (served["fqdn"], served["record_type"], served["rdata"], served["ttl"]) == (
        fqdn, "A", {"address": "10.2.0.2"}, 20)
    uris = ok(client.tm("GET", f"AllRecord/{zone}/"))
    assert f"/REST/ARecord/{zone}/{fqdn}/{served['record_id']}" in uris
    assert ok(client.tm("GET", f"ANYRecord/{zone}/{fqdn}/", {"detail": "Y"}))["a_records"] == [served]
    service = get_service(client, sid)
    weighted = service["rulesets"][1]["response_pools"][0]
    ok(client.tm("PUT", f"DSFResponsePool/{sid}/{weighted['dsf_response_pool_id']}", {"eligible": False}))
    assert ok(client.tm("GET", f"ANYRecord/{zone}/{fqdn}/", {"detail": "Y"}))["a_records"] == [served]
    ok(client.tm("PUT", f"DSF/{sid}/", {"publish": "Y"}))
    [failover] = ok(client.tm("GET", f"ANYRecord/{zone}/{fqdn}/", {"detail": "Y"}))["a_records"]
    assert failover["rdata"] == {"address": "192.0.2.10"} and failover["ttl"] == 60
    ok(client.tm("DELETE", f"DSF/{sid}/"))
    assert ok(client.tm("GET", f"AllRecord/{zone}/", {"detail": "Y"}))["a_records"] == []


# -- monitors and notifiers ------------------------------------------------------------------------------------

MONITOR = {"label": "web check", "protocol": "HTTPS", "response_count": 2, "probe_interval": 300, "retries": 2,
           "active": "Y", "options": {"timeout": 10, "port": 443, "path": "/health", "host": "www.example.com",
                                      "header": "X-Check: 1", "expected": "OK"},
           "endpoints": [{"address": "10.2.0.1", "label": "one", "active": "Y", "site_prefs": ["US", "EU"]},
                         {"address": "10.2.0.2", "label": "two", "active": "N"}]}


def test_monitor_lifecycle(client):
    status, body = client.tm("POST", "DSFMonitor/", MONITOR)
    assert status == 200 and body["msgs"][0]["INFO"] == "create: Monitor created"
    monitor = body["data"]
    mid = monitor["dsf_monitor_id"]
    assert len(mid) == 22 and monitor["options"] == MONITOR["options"]
    assert monitor["endpoints"][1] == {"address": "10.2.0.2", "label": "two", "active": "N", "site_prefs": []}
    assert ok(client.tm("GET", f"DSFMonitor/{mid}/")) == monitor
    assert ok(client.tm("GET", "DSFMonitor/", {"detail": "Y"})) == [monitor]
    assert ok(client.tm("GET", "DSFMonitor/")) == [f"/REST/DSFMonitor/{mid}"]
    for change in ({"label": "renamed"}, {"probe_interval": 900}, {"active": False}, {"retries": 0},
                   {"options": {"port": 8443}}, {"endpoints": [{"address": "10.3.0.1", "label": "three"}]}):
        data = ok(client.tm("PUT", f"DSFMonitor/{mid}/", change))
        key, value = next(iter(change.items()))
        expected = {"active": "N", "endpoints": [dict(value[0], active="Y", site_prefs=[])] if key == "endpoints"
                    else None}.get(key) or value
        assert data[key] == expected
    fails(client.tm("PUT", f"DSFMonitor/{mid}/", {"probe_interval": 120}), 400, [
        ("probe_interval: Must be one of 60, 300, 600, 900", "INVALID_DATA", "ERROR"),
        ("update: Monitor not updated", None, "INFO")])
    fails(client.tm("POST", "DSFMonitor/", dict(MONITOR, protocol="FTP")), 400, [
        ("protocol: Must be one of HTTP, HTTPS, PING, SMTP, TCP", "INVALID_DATA", "ERROR"),
        ("create: Monitor not created", None, "INFO")])
    service = create(client)
    sid = service["service_id"]
    record_set = service["rulesets"][1]["response_pools"][0]["rs_chains"][0]["record_sets"][0]
    ok(client.tm("PUT", f"DSFRecordSet/{sid}/{record_set['dsf_record_set_id']}/", {"dsf_monitor_id": mid,
                                                                                  "publish": "Y"}))
    body = fails(client.tm("DELETE", f"DSFMonitor/{mid}/"), 400, [
        (f"dsf_monitor_id: Monitor is in use by record set {record_set['dsf_record_set_id']} of service {sid}",
         "ILLEGAL_OPERATION", "ERROR"), ("delete: Monitor not deleted", None, "INFO")])
    ok(client.tm("PUT", f"DSFRecordSet/{sid}/{record_set['dsf_record_set_id']}/", {"dsf_monitor_id": None,
                                                                                  "publish": "Y"}))
    assert ok(client.tm("DELETE", f"DSFMonitor/{mid}/")) == {}
    fails(client.tm("GET", f"DSFMonitor/{mid}/"), 404, [
        ("monitor: No such monitor", "NOT_FOUND", "ERROR"), ("get: Monitor not found", None, "INFO")])


def test_notifier_lifecycle_and_service_links(client):
    sid = create(client)["service_id"]
    notifier = ok(client.tm("POST", "Notifier/", {
        "label": "ops", "recipients": [{"recipient": "ops@example.com", "format": "email"}],
        "services": [{"service_class": "DSF", "service_id": sid}]}))
    nid = notifier["notifier_id"]
    assert notifier["services"] == [{"service_class": "DSF", "service_id": sid}] and notifier["active"] == "Y"
    [link] = get_service(client, sid)["notifiers"]
    assert link["notifier"] == notifier and len(link["link_id"]) == 22
    ok(client.tm("PUT", f"DSF/{sid}/", {"remove_notifier": True, "link_id": link["link_id"], "publish": "Y"}))
    assert get_service(client, sid)["notifiers"] == []
    status, body = client.tm("PUT", f"DSF/{sid}/", {"add_notifier": True, "notifier_id": str(nid)})
    assert status == 200 and body["msgs"][0]["INFO"] == "add_notifier: Notifier linked"
    assert body["data"]["notifiers"][0]["notifier"]["notifier_id"] == nid
    updated = ok(client.tm("PUT", f"Notifier/{nid}/", {"label": "oncall", "recipients": [
        {"recipient": "ops@example.com", "format": "email"}, {"recipient": "pager@example.com"}]}))
    assert updated["label"] == "oncall" and len(updated["recipients"]) == 2
    assert ok(client.tm("GET", "Notifier/", {"detail": "Y"})) == [updated]
    assert ok(client.tm("GET", "Notifier/")) == [f"/REST/Notifier/{nid}"]
    fails(client.tm("PUT", f"DSF/{sid}/", {"remove_notifier": True, "link_id": "nolink"}), 404, [
        ("link_id: No such notifier link", "NOT_FOUND", "ERROR"), ("update: Service not updated", None, "INFO")])
    fails(client.tm("PUT", f"DSF/{sid}/", {"add_notifier": True, "notifier_id": 999}), 404, [
        ("notifier: No such notifier", "NOT_FOUND", "ERROR"), ("update: Service not updated", None, "INFO")])
    created = create(client, notifiers=[{"notifier_id": nid}])
    assert [item["notifier"]["notifier_id"] for item in created["notifiers"]] == [nid]
    ok(client.tm("DELETE", f"Notifier/{nid}/"))
    assert get_service(client, sid)["notifiers"] == [] and get_service(client, created["service_id"])["notifiers"] == []
    fails(client.tm("GET", f"Notifier/{nid}/"), 404, [
        ("notifier: No such notifier", "NOT_FOUND", "ERROR"), ("get: Notifier not found", None, "INFO")])


# -- deleting -------------------------------------------------------------------------------------------------

def test_delete_everything_leaves_nothing(dyn_emulator, client, zone):
    sid = create(client, nodes=[{"zone": zone, "fqdn": f"www.{zone}"}])["service_id"]
    mid = ok(client.tm("POST", "DSFMonitor/", MONITOR))["dsf_monitor_id"]
    nid = ok(client.tm("POST", "Notifier/", {"label": "n", "services": [
        {"service_class": "DSF", "service_id": sid}, {"service_class": "Monitor", "service_id": mid}]}))["notifier_id"]
    status, body = client.tm("DELETE", f"DSF/{sid}/", {})
    assert status == 200 and body["data"] == {} and body["msgs"][0]["INFO"] == "delete: Service deleted"
    assert ok(client.tm("GET", f"Notifier/{nid}/"))["services"] == [{"service_class": "Monitor", "service_id": mid}]
    ok(client.tm("DELETE", f"DSFMonitor/{mid}"))
    assert ok(client.tm("GET", f"Notifier/{nid}/"))["services"] == []
    ok(client.tm("DELETE", f"Notifier/{nid}"))
    for path in ("DSF/", "DSFMonitor/", "Notifier/"):
        assert ok(client.tm("GET", path, {"detail": "Y"})) == []
    fails(client.tm("GET", f"DSFNode/{sid}"), 404, [
        ("service: No such service", "NOT_FOUND", "ERROR"), ("get: Nodes not found", None, "INFO")])
    assert ok(client.tm("GET", f"AllRecord/{zone}/", {"detail": "Y"}))["a_records"] == []
    account = dyn_emulator.app.state.part("dsf").customers["demo"]
    assert (account["services"], account["monitors"], account["notifiers"]) == ({}, {}, {})


def test_reset_and_snapshot_include_dsf(dyn_emulator, client):
    sid = create(client)["service_id"]
    snapshot = copy.deepcopy(dyn_emulator.app.state.snapshot())
    assert sid in snapshot["parts"]["dsf"]["demo"]["services"]
    dyn_emulator.reset()
    client.login(*dyn_emulator.demo_account)
    assert ok(client.tm("GET", "DSF/")) == []
    dyn_emulator.app.state.restore(snapshot)
    client.login(*dyn_emulator.demo_account)
    assert get_service(client, sid)["label"] == "shop"
