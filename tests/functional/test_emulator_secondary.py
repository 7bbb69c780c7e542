"""Functional tests over real HTTP: secondary zones, TSIG keys and external nameservers."""
import pytest


from support import reply_msg as msg

ZONE = "example.com"
SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQ="


def snapshot(dyn_emulator):
    return dyn_emulator.app.state.part("zones").snapshot()


def secondary(client, name=ZONE, **extra):
    body = dict({"masters": ["192.0.2.53"], "contact_nickname": "owner", "tsig_key_name": ""}, **extra)
    return client.tm("POST", f"Secondary/{name}/", body)


# -- Secondary -----------------------------------------------------------------------------------------

def test_create_activate_deactivate(client):
    status, body = secondary(client)
    assert status == 200 and body["msgs"] == [msg(f"create: New secondary zone {ZONE} created")]
    assert body["data"] == {"active": "N", "masters": ["192.0.2.53"], "contact_nickname": "owner",
                            "tsig_key_name": "", "zone": ZONE}
    status, body = client.tm("PUT", f"Secondary/{ZONE}/", {"activate": True})
    assert status == 200 and body["msgs"] == [msg("activate: Service activated")]
    assert body["data"] == {"active": "L", "masters": ["192.0.2.53"], "contact_nickname": "owner",
                            "tsig_key_name": "", "zone": ZONE}
    assert client.tm("GET", f"Secondary/{ZONE}/")[1]["data"]["active"] == "L"
    status, body = client.tm("PUT", f"Secondary/{ZONE}/", {"deactivate": True})
    assert body["data"]["active"] == "N" and body["msgs"] == [msg("deactivate: Service deactivated")]
    status, body = client.tm("PUT", f"Secondary/{ZONE}/", {"retransfer": True})
    assert status == 200 and body["msgs"] == [msg("retransfer: Zone transfer requested")]


def test_update_fields(dyn_emulator, client):
    secondary(client)
    status, body = client.tm("PUT", f"Secondary/{ZONE}/", {"masters": ["2001:db8::53", "192.0.2.54"],
                                                          "contact_nickname": "ops", "tsig_key_name": "key1"})
    assert status == 200 and body["msgs"] == [msg("update: Secondary zone updated")]
    assert body["data"]["masters"] == ["2001:db8::53", "192.0.2.54"]
    assert (body["data"]["contact_nickname"], body["data"]["tsig_key_name"]) == ("ops", "key1")
    before = snapshot(dyn_emulator)
    status, body = client.tm("PUT", f"Secondary/{ZONE}/", {"masters": ["nope"]})
    assert status == 400 and body["msgs"] == [msg("master: IP address expected", "INVALID_DATA", "DYN"),
                                              msg("update: Zone not updated", source="DYN")]
    status, body = client.tm("PUT", f"Secondary/{ZONE}/", {"activate": True, "deactivate": True})
    assert status == 400 and body["msgs"][0]["ERR_CD"] == "INVALID_DATA"
    assert snapshot(dyn_emulator) == before


def test_bad_master_has_the_real_body(dyn_emulator, client):
    status, body = secondary(client, masters=["192.0.2.53", "not-an-ip"])
    assert status == 400 and body["data"] == {}
    assert body["msgs"] == [msg("master: IP address expected", "INVALID_DATA", "DYN"),
                            msg("create: Zone not created", source="DYN")]
    status, body = secondary(client, masters=[])
    assert status == 400 and body["msgs"][0]["INFO"] == "masters: This field is required"
    assert snapshot(dyn_emulator)["zones"] == []


def test_exists_listing_and_delete(client):
    secondary(client)
    status, body = secondary(client)
    assert status == 400 and body["msgs"] == [msg("name: Name already exists", "TARGET_EXISTS"),
                                              msg("create: You already have this zone.")]
    client.tm("POST", "Zone/primary.org/", {"rname": "admin@primary.org", "ttl": 60})
    status, body = client.tm("GET", "Secondary/")
    assert body["data"] == [f"/REST/Secondary/{ZONE}/"] and body["msgs"] == [msg("get: Your 1 secondary zone")]
    assert client.tm("GET", "Secondary/", {"detail": "Y"})[1]["data"][0]["zone"] == ZONE
    zones = client.tm("GET", "Zone/", {"detail": "Y"})[1]["data"]
    assert {zone["zone"]: zone["zone_type"] for zone in zones} == {ZONE: "Secondary", "primary.org": "Primary"}
    # the SecondaryZone.serial call: an empty PUT on the zone
    status, body = client.tm("PUT", f"Zone/{ZONE}/", {})
    assert status == 200 and body["data"]["serial"] == 0 and body["data"]["zone_type"] == "Secondary"
    assert client.tm("GET", "Secondary/primary.org/")[0] == 404
    status, body = client.tm("POST", f"ARecord/{ZONE}/www.{ZONE}/", {"rdata": {"address": "192.0.2.1"}})
    assert status == 400 and body["msgs"][0] == msg("zone: Operation not allowed on a secondary zone",
                                                    "ILLEGAL_OPERATION")
    assert client.tm("DELETE", f"Zone/{ZONE}/")[0] == 200
    assert client.tm("GET", f"Secondary/{ZONE}/")[0] == 404


# -- TSIGKey --------------------------------------------------------------------------------------------

def test_tsig_key_life_cycle(client):
    status, body = client.tm("POST", "TSIGKey/Key1/", {"name": "Key1", "secret": SECRET, "algorithm": "HMAC-SHA256"})
    assert status == 200 and body["msgs"] == [msg("create: TSIG key created")]
    assert body["data"] == {"name": "Key1", "algorithm": "hmac-sha256", "secret": SECRET}
    status, body = client.tm("GET", "TSIGKey/key1/", {"name": "key1"})
    assert status == 200 and body["data"]["name"] == "Key1"
    status, body = client.tm("PUT", "TSIGKey/Key1/", {"name": "Key1", "algorithm": "hmac-md5"})
    assert body["data"] == {"name": "Key1", "algorithm": "hmac-md5", "secret": SECRET}
    assert body["msgs"] == [msg("update: TSIG key updated")]
    client.tm("POST", "TSIGKey/another/", {"secret": SECRET, "algorithm": "hmac-sha1"})
    status, body = client.tm("GET", "TSIGKey/")
    assert body["data"] == ["/REST/TSIGKey/another/", "/REST/TSIGKey/Key1/"]
    assert body["msgs"] == [msg("get: Found 2 TSIG keys")]
    assert [key["algorithm"] for key in client.tm("GET", "TSIGKey/", {"detail": "Y"})[1]["data"]] == [
        "hmac-sha1", "hmac-md5"]
    status, body = client.tm("DELETE", "TSIGKey/Key1/")
    assert status == 200 and body["msgs"] == [msg("delete: TSIG key deleted")]
    status, body = client.tm("GET", "TSIGKey/Key1/")
    assert status == 404 and body["msgs"] == [msg("name: No such TSIG key", "NOT_FOUND"),
                                              msg("get: TSIG key not found")]


@pytest.mark.parametrize("args, field, problem", [
    ({"algorithm": "hmac-sha256"}, "secret", "This field is required"),
    ({"secret": "!!!", "algorithm": "hmac-sha256"}, "secret", "Base64 data expected"),
    ({"secret": SECRET, "algorithm": "rot13"}, "algorithm",
     "Must be one of hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512"),
])
def test_tsig_key_rejections(dyn_emulator, client, args, field, problem):
    status, body = client.tm("POST", "TSIGKey/key1/", args)
    assert status == 400 and body["msgs"] == [msg(f"{field}: {problem}", "INVALID_DATA"),
                                              msg("create: TSIG key not created")]
    assert snapshot(dyn_emulator)["tsig"] in ({}, {"demo": []})


def test_tsig_key_exists_and_bad_update(dyn_emulator, client):
    client.tm("POST", "TSIGKey/key1/", {"secret": SECRET, "algorithm": "hmac-sha256"})
    status, body = client.tm("POST", "TSIGKey/KEY1/", {"secret": SECRET, "algorithm": "hmac-sha256"})
    assert status == 400 and body["msgs"] == [msg("name: Name already exists", "TARGET_EXISTS"),
                                              msg("create: TSIG key not created")]
    before = snapshot(dyn_emulator)
    status, body = client.tm("PUT", "TSIGKey/key1/", {"algorithm": "md4"})
    assert status == 400 and body["msgs"][1] == msg("update: TSIG key not updated")
    assert snapshot(dyn_emulator) == before
    assert client.tm("PUT", "TSIGKey/missing/", {"algorithm": "hmac-md5"})[0] == 404


# -- ExtNameserver --------------------------------------------------------------------------------------

def test_external_nameservers_life_cycle(client):
    client.tm("POST", f"Zone/{ZONE}/", {"rname": "admin@example.com", "ttl": 60})
    status, body = client.tm("GET", f"ExtNameserver/{ZONE}/", {"zone": ZONE})
    assert status == 404 and body["msgs"] == [msg("zone: No external nameservers for this zone", "NOT_FOUND"),
                                              msg("get: External nameservers not found")]
    hosts = [{"address": "192.0.2.10", "notifies": "Y"}, {"address": "2001:db8::10"}]
    status, body = client.tm("POST", f"ExtNameserver/{ZONE}/", {"zone": ZONE, "deny": "N", "hosts": hosts})
    assert status == 200 and body["msgs"] == [msg("create: External nameservers created")]
    assert body["data"] == {"deny": "N", "tsig_key_name": "", "active": "Y", "zone": ZONE,
                            "hosts": [{"address": "192.0.2.10", "notifies": "Y"},
                                      {"address": "2001:db8::10", "notifies": "N"}]}
    status, body = client.tm("PUT", f"ExtNameserver/{ZONE}/", {"zone": ZONE, "active": "N", "deny": True})
    assert (body["data"]["active"], body["data"]["deny"]) == ("N", "Y")
    status, body = client.tm("PUT", f"ExtNameserver/{ZONE}/", {"hosts": [{"address": "192.0.2.11", "notifies": "N"}]})
    assert body["data"]["hosts"] == [{"address": "192.0.2.11", "notifies": "N"}]
    assert client.tm("GET", f"ExtNameserver/{ZONE}/")[1]["data"]["hosts"][0]["address"] == "192.0.2.11"
    assert client.tm("POST", f"ExtNameserver/{ZONE}/", {})[0] == 400  # exists
    status, body = client.tm("DELETE", f"ExtNameserver/{ZONE}/")
    assert status == 200 and body["msgs"] == [msg("delete: External nameservers deleted")]
    assert client.tm("GET", f"ExtNameserver/{ZONE}/")[0] == 404


@pytest.mark.parametrize("args, field, problem", [
    ({"hosts": [{"address": "nope"}]}, "address", "IP address expected"),
    ({"hosts": "192.0.2.1"}, "hosts", "Expected a list"),
    ({"deny": "maybe"}, "deny", "Must be one of Y, N"),
    ({"hosts": [{"address": "192.0.2.1", "notifies": "sometimes"}]}, "notifies", "Must be one of Y, N"),
])
def test_external_nameserver_rejections(dyn_emulator, client, args, field, problem):
    client.tm("POST", f"Zone/{ZONE}/", {"rname": "admin@example.com", "ttl": 60})
    before = snapshot(dyn_emulator)
    status, body = client.tm("POST", f"ExtNameserver/{ZONE}/", args)
    assert status == 400 and body["msgs"] == [msg(f"{field}: {problem}", "INVALID_DATA"),
                                              msg("create: External nameservers not created")]
    assert snapshot(dyn_emulator) == before
    assert client.tm("POST", "ExtNameserver/nope.com/", {})[0] == 404
