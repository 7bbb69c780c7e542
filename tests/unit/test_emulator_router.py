"""Unit tests of the emulator's routing tables and argument checks."""
import pytest

from dyn.emulator import envelope
from dyn.emulator import families
from dyn.emulator.router import (MM_METHODS, TM_RESOURCES, MMRegistry, RouteTable, TMRegistry, TMResource, classify,
                                 normalize_name)
from dyn.emulator.validate import Field, check_mm, check_tm


@pytest.mark.parametrize("segments, api, name, rest", [
    (["REST", "Session"], "tm", "Session", []),
    (["rest", "ARecord", "example.com", "www.example.com.", "12"], "tm", "ARecord",
     ["example.com", "www.example.com.", "12"]),
    (["Session"], "tm", "Session", []),
    (["REST"], "tm", None, []),
    ([], "tm", None, []),
    (["rest", "json", "accounts", "xheaders"], "mm", "accounts/xheaders", []),
    (["REST", "JSON", "accounts"], "mm", "accounts", []),
    (["__emulator__", "tokens", "expire"], "control", "tokens/expire", []),
])
def test_classify(segments, api, name, rest):
    route = classify(segments)
    assert (route.api, route.name, route.rest) == (api, name, rest)


def test_normalize_name_strips_one_dot_and_lowers():
    assert normalize_name("WWW.Example.COM.") == "www.example.com"
    assert normalize_name("example.com..") == "example.com."
    assert normalize_name("12") == "12"


def test_tm_registry_is_case_insensitive_and_declarative():
    registry = TMRegistry()
    zone = registry.resource("Zone")

    @zone.route("GET", "PUT", operation="get", summary="Zone not found")
    def handler(ctx):
        return envelope.Result()

    assert registry.get("ZONE") is zone and registry.resource("zone") is zone
    assert "zone" in registry and "Zone" in registry
    assert zone.methods == ["GET", "PUT"]
    assert zone.handler("get").operation == "get" and zone.handler("get").auth is True
    assert zone.handler("POST") is None
    assert registry.names() == ["Zone"]


def test_default_operation_words():
    resource = TMResource("Thing")
    resource.route("DELETE")(lambda ctx: None)
    handler = resource.handler("DELETE")
    assert (handler.operation, handler.summary) == ("delete", "Request failed")


def test_mm_registry():
    registry = MMRegistry()
    registry.route("senders/status", "GET")(lambda ctx: {"ready": 1})
    assert registry.get("/senders/status/", "get")(None) == {"ready": 1}
    assert registry.get("senders/status", "POST") is None
    assert registry.get("senders", "GET") is None


def test_families_register_their_resources():
    assert [family.name for family in families.load()] == ["sessions", "dns", "dsf", "mm"]
    for name in ("Session", "Password", "UserPermissionReport", "Job"):
        assert name.lower() in TM_RESOURCES
    assert TM_RESOURCES.get("session").handler("POST").auth is False
    assert MM_METHODS.get("accounts", "GET") is not None


def test_check_tm_converts_and_reports_first_problem():
    fields = (Field("name"), Field("ttl", "int"), Field("flag", "bool", required=False, default=False))
    assert check_tm({"name": "a", "ttl": "300", "flag": "Y"}, fields, "create", "x") == {
        "name": "a", "ttl": 300, "flag": True}
    with pytest.raises(envelope.APIError) as caught:
        check_tm({"ttl": "abc"}, fields, "create", "Zone not created")
    assert [item["INFO"] for item in caught.value.body(1)["msgs"]] == [
        "name: This field is required", "create: Zone not created"]


@pytest.mark.parametrize("field, value, problem", [
    (Field("x"), 5, "Expected a string"),
    (Field("x", "int"), True, "Expected an integer"),
    (Field("x", "int"), "1.5", "Expected an integer"),
    (Field("x", "bool"), "maybe", "Expected a boolean"),
    (Field("x", "list"), "a", "Expected a list"),
    (Field("x", "dict"), [], "Expected an object"),
    (Field("x", nonempty=True), "", "This field can not be blank"),
    (Field("x", choices=("a", "b")), "c", "Must be one of a, b"),
])
def test_field_problems(field, value, problem):
    with pytest.raises(envelope.APIError) as caught:
        check_tm({"x": value}, [field], "op", "summary")
    assert caught.value.body(1)["msgs"][0]["INFO"] == f"x: {problem}"


def test_check_mm_lists_every_problem():
    with pytest.raises(envelope.MMError) as caught:
        check_mm({}, [Field("username"), Field("password")])
    assert caught.value.status == 452
    assert caught.value.data == ["username: This field is required", "password: This field is required"]


def test_route_tables_merge_into_the_app_tables():
    first, second = RouteTable(), RouteTable()
    first.resource("Thing").route("GET")(lambda ctx: "get")
    second.resource("thing").route("POST")(lambda ctx: "post")
    second.route("things/count", "GET")(lambda ctx: {"count": 0})
    tm, mm = TMRegistry(), MMRegistry()
    for table in (first, second):
        table.install(tm, mm)
    assert tm.get("THING").methods == ["GET", "POST"]
    assert mm.get("things/count", "GET")(None) == {"count": 0}


def test_every_family_route_is_served_by_the_app_tables():
    for family in families.load():
        for table in family.routes:
            for name in table.tm.names():
                for method in table.tm.get(name).methods:
                    assert TM_RESOURCES.get(name).handler(method) is table.tm.get(name).handler(method)
