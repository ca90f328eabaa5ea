"""The notice tree's classes are @record classes (gkdesk/domain/record.py), not dataclasses, so
that a dry-run import does not pay for dataclasses at start. Each must behave as the dataclass
it was: the same constructor, defaults, repr and equality, and dataclasses' own fields, replace
and asdict (the store's history codec uses asdict) must see the same fields."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, strategies as st

from gkdesk.domain import model
from gkdesk.domain.record import field, record, replace
from gkdesk.importers import grid
from gkdesk.importers import import_file
from tests.fixtures.seed_docs import build_html

RECORDS = [model.Deadline, model.Task, model.Subsection, model.Section, model.ReportDeadline,
           model.RosterTemplate, model.Column, model.Notice, model.ImportResult, grid.Cell, grid.Grid]


def twin(cls: type, frozen: bool = False) -> type:
    """The dataclass the class would be with @dataclass instead of @record (same body)."""
    body = {name: value for name, value in vars(cls).items()
            if not name.startswith("__") or name in ("__annotations__", "__doc__")}
    for f in cls.__record_fields__:
        options = {"compare": f.compare}
        if f.default_factory is not record.__globals__["_MISSING"]:
            options["default_factory"] = f.default_factory
        elif f.default is not record.__globals__["_MISSING"]:
            options["default"] = f.default
        body[f.name] = dataclasses.field(**options)
    return dataclasses.dataclass(frozen=frozen)(type(cls.__name__, (), {**body, "__module__": cls.__module__,
                                                                         "__qualname__": cls.__qualname__}))


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_each_record_has_its_dataclass_twins_fields_defaults_and_signature(cls):
    dc = twin(cls)
    assert [(f.name, f.compare, f.default, f.default_factory) for f in dataclasses.fields(cls)] == \
        [(f.name, f.compare, f.default, f.default_factory) for f in dataclasses.fields(dc)]
    assert dataclasses.is_dataclass(cls)
    import inspect
    assert str(inspect.signature(cls)) == str(inspect.signature(dc))
    assert cls.__hash__ is None and cls.__match_args__ == dc.__match_args__


def test_a_task_made_without_arguments_gets_its_own_lists_and_deadline():
    a, b = model.Task("公开财政预算"), model.Task("公开财政预算")
    a.lead.append("区财政局")
    a.deadline.text = "2020年12月底前"
    assert b.lead == [] and b.deadline == model.Deadline()
    assert model.Task.number == "" and not hasattr(model.Task, "lead")  # as a dataclass's class attributes


names = st.text(alphabet="区政府办公室财政局教委各镇街、", max_size=8)
deadlines = st.builds(model.Deadline, names, st.sampled_from(model.DEADLINE_KINDS),
                      st.none() | st.dates(date(2019, 1, 1), date(2030, 12, 31)),
                      st.sampled_from(model.DEADLINE_SOURCES))
tasks = st.builds(model.Task, names, names, names, st.lists(names, max_size=3), st.lists(names, max_size=3),
                  deadlines, names, st.none() | st.integers(1, 9))


def as_twin(obj):
    """The same value built from the dataclass twins (nested records too)."""
    if isinstance(obj, list):
        return [as_twin(v) for v in obj]
    if not hasattr(type(obj), "__record_fields__"):
        return obj
    return TWINS[type(obj)](*[as_twin(getattr(obj, f.name)) for f in type(obj).__record_fields__])


TWINS = {cls: twin(cls) for cls in RECORDS}


@given(tasks, tasks)
def test_task_repr_and_equality_are_the_dataclasses(a, b):
    assert repr(a) == repr(as_twin(a))
    assert (a == b) == (as_twin(a) == as_twin(b))
    assert a == replace(a) and replace(a) is not a
    assert dataclasses.replace(a, number="12") == replace(a, number="12")
    assert dataclasses.asdict(a) == dataclasses.asdict(as_twin(a))
    assert (a == model.Task(a.text, a.number, a.title, a.lead, a.responsible, a.deadline, a.source_ref, None))


def test_a_task_with_another_store_id_is_still_the_same_task():
    assert model.Task("公开", id=3) == model.Task("公开", id=4)
    assert model.Task("公开") != model.Subsection("公开") and model.Task("公开") != ("公开",)


def test_seed_000s_whole_tree_converts_to_the_same_dicts_as_the_dataclasses_would(tmp_path):
    r = import_file(build_html("000", tmp_path / "000.html"))
    assert r.counts() == (6, 23, 56)
    assert dataclasses.asdict(r) == dataclasses.asdict(as_twin(r))
    assert repr(r) == repr(as_twin(r))
    assert dataclasses.replace(r) == r


def test_a_record_field_without_a_default_may_not_follow_one_with_a_default():
    with pytest.raises(TypeError):
        @record
        class Bad:
            a: str = ""
            b: str

    with pytest.raises(ValueError):
        field(default=1, default_factory=list)


# The rows the desk's first frame reads are frozen records (as they were frozen dataclasses).
from gkdesk.domain import records, review as domain_review  # noqa: E402
from gkdesk.store import audit, browse, notices as store_notices, reminders, review as store_review, search  # noqa: E402

FROZEN = [records.Unit, records.Evidence, domain_review.DeskRole, audit.AuditEntry, browse.TaskFilter,
          browse.TaskRow, store_notices.NoticeSummary, reminders.DueTask, reminders.DueReport,
          store_review.Review, store_review.ReviewChange, search.UnitTask]
MUTABLE = [records.Completion, records.Roster, store_review.Entry]


def frozen_twin(cls: type) -> type:
    return twin(cls, frozen=True)


@pytest.mark.parametrize("cls", FROZEN + MUTABLE, ids=lambda c: c.__name__)
def test_each_first_frame_record_has_its_dataclass_twins_fields_signature_and_frozenness(cls):
    import inspect

    dc = frozen_twin(cls) if cls in FROZEN else twin(cls)
    assert [(f.name, f.compare, f.default, f.default_factory) for f in dataclasses.fields(cls)] == \
        [(f.name, f.compare, f.default, f.default_factory) for f in dataclasses.fields(dc)]
    assert str(inspect.signature(cls)) == str(inspect.signature(dc))
    assert cls.__dataclass_params__.frozen == dc.__dataclass_params__.frozen == (cls in FROZEN)
    assert (cls.__hash__ is None) == (dc.__hash__ is None) == (cls in MUTABLE)


def test_a_frozen_record_refuses_assignment_and_hashes_as_its_frozen_dataclass():
    unit = records.Unit(3, "区财政局", "区财政局", False, None)
    twin_unit = frozen_twin(records.Unit)(3, "区财政局", "区财政局", False, None)
    with pytest.raises(AttributeError):
        unit.name = "区教委"
    with pytest.raises(AttributeError):
        del unit.name
    assert unit.name == "区财政局" and repr(unit) == repr(twin_unit)
    assert hash(unit) == hash(twin_unit) == hash((3, "区财政局", "区财政局", False, None))
    assert {unit: 1}[records.Unit(3, "区财政局", "区财政局", False, None)] == 1
    moved = dataclasses.replace(unit, name="区教委")
    assert moved.name == "区教委" and unit.name == "区财政局" and moved != unit


def test_the_task_filter_checks_its_words_and_keeps_its_statuses_as_a_frozenset():
    """TaskFilter's __post_init__ runs as a dataclass's: a wrong scope or deadline word is refused,
    and a set of statuses becomes a frozenset, so two equal filters hash alike (the tree caches by it)."""
    f = browse.TaskFilter(1, "区财政局", "mine", {"未开始", "进行中"}, "week", today=date(2020, 9, 1))
    assert f.statuses == frozenset({"未开始", "进行中"}) and isinstance(f.statuses, frozenset)
    assert hash(f) == hash(browse.TaskFilter(1, "区财政局", "mine", ["进行中", "未开始"], "week",
                                             today=date(2020, 9, 1)))
    with pytest.raises(ValueError, match="scope"):
        browse.TaskFilter(1, scope="本单位")
    with pytest.raises(ValueError, match="deadline"):
        browse.TaskFilter(1, deadline="soon")
    assert browse.TaskFilter(1).today == date.today() and browse.TaskFilter(1).narrows is False


def test_a_records_init_is_compiled_by_its_first_object_and_reads_the_same_before_and_after():
    """A record's __init__ is compiled when its first object is made (the start defines many
    classes it never instantiates); before that the class already shows the dataclass's signature."""
    import inspect

    @record(frozen=True)
    class Hand:
        unit: str
        year: int = 2020
        links: list = field(default_factory=list)

    assert hasattr(Hand.__dict__["__init__"], "__record_pending__")
    assert str(inspect.signature(Hand)) == str(inspect.signature(twin(Hand, frozen=True)))
    first, second = Hand("区财政局"), Hand("区教委", 2021, ["a"])
    assert not hasattr(Hand.__dict__["__init__"], "__record_pending__")
    assert (first.unit, first.year, first.links, second.links) == ("区财政局", 2020, [], ["a"])
    with pytest.raises(TypeError):
        Hand()  # the compiled __init__ still asks for the unit
