"""@record: the plain data classes the importers build, without paying for @dataclass at start.

``gkdesk-cli import --dry-run`` made 11 dataclasses (the notice tree, the reader's grid): importing
``dataclasses`` costs 28.6M instructions (3.8M once lxml has imported ``inspect``) and each class
~2.6M (three methods compiled from source, field processing), against 210M for the whole script
parsing the page with lxml that the row is measured against (docs/PERFORMANCE.md, "The .html
import row"). A record class is written like a dataclass:

    @record
    class Task:
        text: str
        lead: list[str] = field(default_factory=list)
        id: int | None = field(default=None, compare=False)

and gets the same ``__init__`` (positional or by name, defaults, a fresh default per instance),
``__repr__`` and ``__eq__`` (same class, compared fields equal; unhashable, as a dataclass with
eq is). Only ``__init__`` is compiled (one small function a class: it runs once per object, so
it must be as fast as the dataclass's), and only when the class's first object is made: the
desk's start defines ~25 record classes and makes objects of fewer than half (``inspect.signature``
of a class compiles it on the spot). ``__repr__`` and ``__eq__`` are shared functions reading
the class's field names. ``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass``
work on them too: the class's ``__dataclass_fields__`` is built, with ``dataclasses`` imported,
the first time one of those asks for it (the store's history codec does, a dry run never).

``@record(frozen=True)`` is ``@dataclass(frozen=True)``: assigning or deleting a field raises
``FrozenInstanceError`` (an ``AttributeError``, as dataclasses'), and the instance hashes by its
compared fields. A ``__post_init__`` is called at the end of ``__init__``, as dataclasses does
(a frozen one sets a field with ``object.__setattr__``).

Rule: the classes of ``domain/model.py``, the readers' own records and the rows the desk's first
frame reads (store/browse, notices, review, reminders, search, audit; domain/records, review:
tests/test_startup_lazy.py checks --smoke imports no ``dataclasses``) use @record; anything that
needs more of dataclasses (ordering, slots, ClassVar, InitVar) uses @dataclass.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

_MISSING: Any = object()


class _Factory:
    """The default of a field with a default_factory in ``__init__``'s signature, as dataclasses'."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


class _Field:
    __slots__ = ("name", "default", "default_factory", "compare")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, compare: bool = True) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | Any = _MISSING,
          compare: bool = True) -> Any:
    """As ``dataclasses.field``, for the options records use."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return _Field(default, default_factory, compare)


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record (dataclasses.FrozenInstanceError's role)."""


def record(cls: type | None = None, /, *, frozen: bool = False) -> Any:
    if cls is None:
        return lambda c: _make(c, frozen)
    return _make(cls, False)


def _make(cls: type, frozen: bool) -> type:
    fields: list[_Field] = list(getattr(cls, "__record_fields__", ()))  # a record base's, in order
    for name in cls.__dict__.get("__annotations__", {}):
        value = cls.__dict__.get(name, _MISSING)
        f = value if isinstance(value, _Field) else _Field(default=value)
        f.name = name
        fields = [old for old in fields if old.name != name] + [f]
        if f.default is _MISSING and name in cls.__dict__:
            delattr(cls, name)  # a field() with a factory: no class attribute, as with dataclasses
        elif f.default is not _MISSING:
            setattr(cls, name, f.default)
    cls.__record_fields__ = tuple(fields)
    cls.__record_key__ = _key([f.name for f in fields if f.compare])
    cls.__record_frozen__ = frozen
    defaults = [f.default is not _MISSING or f.default_factory is not _MISSING for f in fields]
    if True in defaults and False in defaults[defaults.index(True):]:
        name = fields[defaults.index(False, defaults.index(True))].name
        raise TypeError(f"non-default argument {name!r} follows default argument")
    cls.__init__ = _first_init(cls, fields, frozen)
    cls.__signature__ = _Signature()
    cls.__repr__ = _repr
    cls.__eq__ = _eq
    if frozen:  # as dataclasses with eq and frozen: hashable by the compared fields
        cls.__hash__ = _hash
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    else:
        cls.__hash__ = None  # type: ignore[assignment]
    cls.__match_args__ = tuple(f.name for f in fields)
    cls.__dataclass_fields__ = _AsDataclass("__dataclass_fields__")
    cls.__dataclass_params__ = _AsDataclass("__dataclass_params__")
    return cls


def _first_init(cls: type, fields: list[_Field], frozen: bool) -> Callable[..., None]:
    # Compiling ``__init__`` is most of a record class's cost (~0.8 M instructions); the desk's
    # start makes ~25 record classes and builds objects of fewer than half of them. The class's
    # first object compiles it and puts it in place of this one.
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _real_init(cls)
        real(self, *args, **kwargs)

    __init__.__record_pending__ = (fields, frozen)  # type: ignore[attr-defined]
    return __init__


def _real_init(cls: type) -> Callable[..., None]:
    init = cls.__dict__["__init__"]
    pending = getattr(init, "__record_pending__", None)
    if pending is not None:
        init = _make_init(cls, *pending)
        type.__setattr__(cls, "__init__", init)
    return init


class _Signature:
    """``inspect.signature(cls)`` before the class's first object: that of the compiled ``__init__``
    (without ``self``), as a dataclass's."""

    def __get__(self, obj: Any, cls: type) -> Any:
        import inspect

        owner = next(c for c in cls.__mro__ if "__record_fields__" in c.__dict__)
        sig = inspect.signature(_real_init(owner))
        return sig.replace(parameters=list(sig.parameters.values())[1:])


def _make_init(cls: type, fields: list[_Field], frozen: bool) -> Callable[..., None]:
    # The generated source is what dataclasses writes for the same fields.
    env: dict[str, Any] = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    params, body = [], []

    def assign(name: str, value: str) -> str:
        return f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}"

    for f in fields:
        if f.default is not _MISSING:
            env[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
            body.append(assign(f.name, f.name))
        elif f.default_factory is not _MISSING:
            env[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            body.append(assign(f.name, f"_f_{f.name}() if {f.name} is _FACTORY else {f.name}"))
        else:
            params.append(f.name)
            body.append(assign(f.name, f.name))
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n    " + ("\n    ".join(body) or "pass")
    exec(source, env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {f.name: cls.__annotations__[f.name] for f in fields} | {"return": None}
    return init


def _repr(self: Any) -> str:
    inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__record_fields__)
    return f"{type(self).__qualname__}({inner})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self.__record_key__(self) == self.__record_key__(other)


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _key(names: list[str]) -> Callable[[Any], tuple]:
    # Tuples, as dataclasses compares (a field that is the same object is equal to itself);
    # attrgetter of two names or more makes the tuple in C.
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


class _AsDataclass:
    """``cls.__dataclass_fields__`` / ``__dataclass_params__``, made on first read: a real dataclass
    with the same fields (``dataclasses.make_dataclass``) lends its own, so ``fields``, ``replace``
    and ``asdict`` see exactly what they would see on a dataclass."""

    def __init__(self, attr: str) -> None:
        self.attr = attr

    def __get__(self, obj: Any, cls: type) -> Any:
        import dataclasses

        def spec(f: _Field) -> tuple[str, Any, Any]:
            options: dict[str, Any] = {"compare": f.compare}
            if f.default is not _MISSING:
                options["default"] = f.default
            if f.default_factory is not _MISSING:
                options["default_factory"] = f.default_factory
            return f.name, cls.__annotations__.get(f.name, Any), dataclasses.field(**options)

        twin = dataclasses.make_dataclass(cls.__name__, [spec(f) for f in cls.__record_fields__],
                                          frozen=cls.__record_frozen__)
        cls.__dataclass_fields__ = twin.__dataclass_fields__
        cls.__dataclass_params__ = twin.__dataclass_params__
        return getattr(twin, self.attr)


def replace(obj: Any, **changes: Any) -> Any:
    """As ``dataclasses.replace`` for a record (a copy when no change is given)."""
    values = {f.name: getattr(obj, f.name) for f in obj.__record_fields__}
    values.update(changes)
    return obj.__class__(**values)
