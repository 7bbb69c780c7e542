"""The generated modules (``python -m dyn._gen``) are committed and match the tables."""
import os

import pytest

import dyn
from dyn import _gen
from dyn.tm import errors, records
from dyn.tm.record_types import RECORD_TYPES


@pytest.mark.parametrize("relative", sorted(_gen.OUTPUTS))
def test_committed_generated_module_is_what_the_generator_writes(relative):
    path = os.path.join(os.path.dirname(dyn.__file__), relative)
    with open(path, encoding="utf-8") as handle:
        assert handle.read() == _gen.OUTPUTS[relative](), "run: python -m dyn._gen"


def test_every_record_class_is_a_statically_defined_class():
    from dyn.tm import record_classes
    for name, spec in RECORD_TYPES.items():
        cls = getattr(record_classes, spec.rest)
        assert records.RECS[name] is cls is getattr(records, spec.rest)
        assert cls.__module__ == "dyn.tm.records" and cls._type is spec
        assert all(isinstance(cls.__dict__[f.attr], property) for f in spec.fields)


def test_every_combined_error_is_statically_defined():
    from dyn.tm import error_classes
    assert len(error_classes.__all__) == len(errors.CAUSES) * len(errors.ACTIONS)
    for cause in errors.CAUSES:
        for action in errors.ACTIONS:
            cls = errors.error_class(action, cause)
            assert cls is getattr(error_classes, cls.__name__) and issubclass(cls, (cause, action))
            assert cls.__module__ == "dyn.tm.errors"
