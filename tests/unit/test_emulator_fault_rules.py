"""Unit tests of fault rules, configuration knobs and the rate limiter."""
import pytest

from dyn.emulator.faults import Config, FaultRule, FaultSet, RateLimiter


def test_default_match_skips_session_and_job_and_mm():
    rule = FaultRule("blocked")
    assert rule.matches("POST", "/REST/Zone/example.com/", "tm", "zone")
    assert not rule.matches("POST", "/REST/Session/", "tm", "session")
    assert not rule.matches("GET", "/REST/Job/12/", "tm", "job")
    assert not rule.matches("GET", "/rest/json/accounts", "mm", None)


def test_regex_is_searched_in_method_and_path():
    rule = FaultRule("error", match=r"^PUT /REST/Zone/")
    assert rule.matches("put", "/REST/Zone/example.com/", "tm", "zone")
    assert not rule.matches("GET", "/REST/Zone/example.com/", "tm", "zone")
    session = FaultRule("drop", match="Session")
    assert session.matches("POST", "/REST/Session/", "tm", "session")


def test_tm_only_kinds_never_hit_mm_but_generic_ones_do():
    assert not FaultRule("job", match="accounts").matches("GET", "/rest/json/accounts", "mm", None)
    assert FaultRule("error", match="accounts").matches("GET", "/rest/json/accounts", "mm", None)


def test_defaults_and_validation():
    assert FaultRule("job").params == {"polls": 1, "mode": "redirect"}
    assert FaultRule("drop").params == {"when": "before"}
    assert FaultRule("error").params == {"status": 503, "body": None}
    with pytest.raises(ValueError, match="unknown fault kind"):
        FaultRule("explode")
    with pytest.raises(ValueError, match="unknown parameter"):
        FaultRule("job", params={"pols": 2})
    with pytest.raises(ValueError, match="mode"):
        FaultRule("job", params={"mode": "later"})
    with pytest.raises(ValueError, match="times"):
        FaultRule("busy", times=0)
    with pytest.raises(ValueError, match="regex"):
        FaultRule("busy", match="(")
    with pytest.raises(ValueError, match="status"):
        FaultRule("error", params={"status": 200})


def test_times_counts_down_and_none_is_forever():
    faults = FaultSet()
    faults.add("busy", times=2)
    assert [rule.kind for rule in faults.take("GET", "/REST/Zone/", "tm", "zone")] == ["busy"]
    assert len(faults.take("GET", "/REST/Zone/", "tm", "zone")) == 1
    assert faults.take("GET", "/REST/Zone/", "tm", "zone") == []
    assert faults.rules() == []
    faults.add("busy", times=None)
    for _ in range(5):
        assert len(faults.take("GET", "/REST/Zone/", "tm", "zone")) == 1


def test_only_the_oldest_main_rule_fires_but_latency_stacks():
    faults = FaultSet()
    faults.add("latency", seconds=0.1)
    first = faults.add("blocked")
    faults.add("busy")
    faults.add("latency", seconds=0.2)
    fired = faults.take("GET", "/REST/Zone/", "tm", "zone")
    assert [rule.kind for rule in fired] == ["latency", "blocked", "latency"]
    assert fired[1].id == first.id
    assert [rule.kind for rule in faults.take("GET", "/REST/Zone/", "tm", "zone")] == ["busy"]


def test_non_matching_requests_do_not_consume():
    faults = FaultSet()
    faults.add("busy", match="Zone")
    assert faults.take("GET", "/REST/ARecord/", "tm", "arecord") == []
    assert len(faults.rules()) == 1


def test_rule_to_dict():
    rule = FaultSet().add("job", polls=3, mode="incomplete", times=None)
    assert rule.to_dict() == {"id": 1, "kind": "job", "match": None, "times": None,
                              "params": {"polls": 3, "mode": "incomplete"}, "hits": 0}


def test_config_validation_and_update():
    config = Config()
    assert config.token_lifetime == 3600 and config.rate_limit_per_minute is None
    changed = config.updated(latency=0.5, rate_limit_per_minute=10)
    assert changed.latency == 0.5 and config.latency == 0.0
    with pytest.raises(TypeError, match="unknown setting"):
        config.updated(speed=1)
    for bad in ({"token_lifetime": 0}, {"latency": -1}, {"rate_limit_per_minute": 0},
                {"max_body_bytes": "big"}, {"rate_limit_per_minute": True}):
        with pytest.raises(ValueError):
            config.updated(**bad)


def test_rate_limiter_rolling_window():
    now = [1000.0]
    limiter = RateLimiter(lambda: now[0])
    assert limiter.hit("c", None) is None
    assert [limiter.hit("c", 2) for _ in range(2)] == [None, None]
    assert limiter.hit("c", 2) == 60
    assert limiter.hit("other", 2) is None
    now[0] += 59.5
    assert limiter.hit("c", 2) == 1
    now[0] += 0.6
    assert limiter.hit("c", 2) is None
    limiter.clear()
    assert limiter.hit("c", 1) is None
