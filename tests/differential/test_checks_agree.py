"""Differential test: the SDK's check and the emulator over HTTP agree on every value.

For every field of every record type of :data:`dyn.tm.record_types.RECORD_TYPES`, the same
values (valid, boundary, invalid, Unicode digits, empty, wrong type) go to the SDK's check
(:meth:`RecordType.create_body`, what a record constructor runs before sending) and to the
emulator (a raw ``POST /REST/<Type>Record/...``). Both must accept, or both refuse naming
the same field (the REST key).

**Adding fields (Traffic Director, accounts, ...)**: append :class:`FieldSpec` objects to
:data:`SPECS` (or build them in your own module and extend ``SPECS``). A spec gives a label,
the values to try, ``sdk(value) -> refused field or None`` (raise nothing, return the
field the SDK's check names) and ``emulator(client, value) -> refused field or None``
(send the value over HTTP with ``client``, a logged-in :class:`dyn.testing.RawClient`;
return the field of the ``<field>: <problem>`` INVALID_DATA message, or None on success).
:func:`emulator_field` and :func:`sdk_field` do the common parts.
"""
import itertools
from typing import Any, Callable, List, NamedTuple, Optional

import pytest

from dyn.tm.record_types import RECORD_TYPES, TYPE_NAMES, Problem

from functional.test_record_validation import VALID

ZONE = "example.com"
_counter = itertools.count()

#: The value kinds tried on every field, besides the field's own valid value.
COMMON_VALUES = ["\u0663", "1\u0663", "", None, {"x": 1}, [1], True, -1, 0, 65_536, 4_294_967_296, "x" * 300,
                 "bad..name.", "192.0.2.1", " 7 "]


class FieldSpec(NamedTuple):
    """One field to compare: what is tried, and how each side is asked."""

    label: str
    values: List[Any]
    sdk: Callable[[Any], Optional[str]]
    emulator: Callable[[Any, Any], Optional[str]]


def sdk_field(run: Callable[[], Any]) -> Optional[str]:
    """Run an SDK check: None when it passes, else the field its Problem names."""
    try:
        run()
    except Problem as problem:
        return problem.field
    return None


def emulator_field(status: int, body: Any) -> Optional[str]:
    """The field an emulator answer refuses (``<field>: ...`` INVALID_DATA), or None on 200."""
    if status == 200:
        return None
    first = body["msgs"][0]
    assert first["ERR_CD"] == "INVALID_DATA", body
    return first["INFO"].split(":", 1)[0]


def _record_spec(type_name: str, attr: str) -> FieldSpec:
    record_type = RECORD_TYPES[type_name]
    field = record_type.by_attr[attr]

    def values_with(value: Any) -> dict:
        return dict(VALID[type_name], **{attr: value})

    def sdk(value: Any) -> Optional[str]:
        refused = sdk_field(lambda: record_type.create_body(values_with(value), 0))
        return record_type.by_attr[refused].key if refused in record_type.by_attr else refused

    def emulator(client: Any, value: Any) -> Optional[str]:
        body, top = {"rdata": {}, "ttl": 0}, {}
        for name, item in values_with(value).items():
            spec = record_type.by_attr[name]
            (top if spec.top_level else body["rdata"])[spec.key] = item
        body.update(top)
        node = "n%d.%s" % (next(_counter), ZONE)
        return emulator_field(*client.tm("POST", "%s/%s/%s/" % (record_type.rest, ZONE, node), body))

    valid = VALID[type_name].get(attr, field.default)
    return FieldSpec("%s.%s" % (type_name, field.key), [valid] + COMMON_VALUES, sdk, emulator)


SPECS: List[FieldSpec] = [_record_spec(name, field.attr) for name in TYPE_NAMES if name in VALID
                          for field in RECORD_TYPES[name].arguments]
"""Every field compared (extend with other families' fields)."""


def test_every_creatable_record_type_has_specs():
    assert {spec.label.split(".")[0] for spec in SPECS} == {n for n in TYPE_NAMES if n != "SOA"}


@pytest.mark.parametrize("spec", SPECS, ids=[spec.label for spec in SPECS])
def test_sdk_and_emulator_agree(dyn_emulator, client, spec):
    client.tm("POST", "Zone/%s/" % ZONE, {"rname": "admin@example.com", "ttl": 3600})
    disagreements = []
    for value in spec.values:
        sdk, emulator = spec.sdk(value), spec.emulator(client, value)
        if sdk != emulator:
            disagreements.append((value, sdk, emulator))
    assert disagreements == [], spec.label
