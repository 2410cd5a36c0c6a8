"""Safe YAML loading within limits, and the one validator for every YAML file (paper, catalogue,
rules): it names the file and key of every problem and collects them all."""

from __future__ import annotations

import copy
import datetime
import math
import re
import string
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from committee_report import limits
from committee_report.errors import Collector, ConfigError


class _TextKeys:
    """Mapping keys kept as the text written: `101:` is the key "101", `on:` is "on", so a
    catalogue entry for indicator 101 matches whether or not it is quoted; a key given twice
    is refused, not silently overwritten."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)  # type: ignore[misc]
        self.flatten_mapping(node)  # type: ignore[attr-defined]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "a key must be a plain name, not a list or mapping",
                    key_node.start_mark,
                )
            key = str(key_node.value)
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key {limits.quote(key, 60)} appears twice",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)  # type: ignore[attr-defined]
        return mapping


class _Loader(_TextKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """`safe_load` (libyaml's parser where installed) with keys kept as text."""


class _PureLoader(_TextKeys, yaml.SafeLoader):  # type: ignore[misc]
    """The same in pure Python: what `_Loader` is where libyaml is not installed (the tests
    hold the two to the same trees)."""


def _check_events(text: str, loader: type = _Loader) -> None:
    """Count aliases, nesting and values from the parser's events, before any node is built:
    an alias bomb stops at its first few aliases, a 5,000-deep nesting at its 25th level."""
    aliases = depth = nodes = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.MAX_YAML_ALIASES:
                raise _limit(
                    event.start_mark,
                    f"more than {limits.MAX_YAML_ALIASES} aliases (*name); write the values out",
                )
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > limits.MAX_NESTING:
                raise _limit(event.start_mark, f"nested more than {limits.MAX_NESTING} levels deep")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > limits.MAX_YAML_NODES:
                raise _limit(event.start_mark, f"more than {limits.MAX_YAML_NODES:,} values")


def _limit(mark: Any, problem: str) -> yaml.YAMLError:
    return yaml.constructor.ConstructorError(None, None, problem, mark)


def parse_yaml(text: str, loader: type = _Loader) -> Any:
    """Parse YAML text safely within the limits; raises `yaml.YAMLError`."""
    _check_events(text, loader)
    parser = loader(text)
    try:
        return parser.get_single_data()
    finally:
        parser.dispose()


_PARSED: dict[str, Any] = {}
"""Trees parsed by `load_yaml`, by the file's text: a test run or a batch loads the same
rules, catalogue and layouts many times (each parse takes milliseconds; a copy, a tenth)."""
_PARSED_MAX = 64


def _parsed(text: str) -> Any:
    """`parse_yaml(text)`, parsed once per text; each caller gets its own copy to change."""
    tree = _PARSED.get(text)
    if tree is None:
        tree = parse_yaml(text)  # an error is raised every time, never kept
        if len(_PARSED) >= _PARSED_MAX:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[text] = tree
    return copy.deepcopy(tree)


def load_yaml(path: str | Path, what: str = "YAML file") -> dict[str, Any]:
    """Read a YAML mapping safely and within the limits; any problem is a one-line
    ConfigError naming the file (and the line, for malformed YAML)."""
    path = Path(path)
    name = str(path)

    def fail(reason: str) -> ConfigError:
        if reason == "no such file or folder":
            reason = "file not found"
        elif reason == "is a folder, not a file":
            reason = f"is a folder, expected a {what}"
        return ConfigError(name, None, reason)

    data = limits.read_bounded(path, limits.MAX_YAML_BYTES, fail)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(name, None, f"not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise ConfigError(name, None, f"not a {what}: it contains NUL characters")
    try:
        parsed = _parsed(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(name, where, f"malformed YAML: {limits.one_line(problem, 300)}") from None
    except RecursionError:
        raise ConfigError(name, None, "malformed YAML: nested too deeply") from None
    if parsed is None:
        return {}
    if not isinstance(parsed, dict):
        raise ConfigError(name, None, f"expected a mapping of keys, got {_kind(parsed)}")
    return parsed


class Section:
    """A view of one mapping in a YAML file that reports problems with their full key path.

    Problems are collected, not raised one at a time (pandera's lazy mode): a checker reports a
    bad value and goes on with the default, and `checked()` raises everything found in the file
    at the end, so `validate` lists every problem at once. Sub-sections share their root's
    collector.
    """

    def __init__(
        self, file: str | Path, data: Any, key: str = "", problems: Collector | None = None
    ) -> None:
        self.file, self.key = str(file), key
        self.problems = problems if problems is not None else Collector()
        if not isinstance(data, dict):
            raise ConfigError(self.file, key or None, f"expected a mapping, got {_kind(data)}")
        self.data: dict[str, Any] = data
        self.absent = False

    def child(self, data: Any, key: str) -> Section:
        """A mapping elsewhere in the same file, reporting to the same collector."""
        return Section(self.file, data, key, self.problems)

    @contextmanager
    def checked(self, keep: bool = False) -> Iterator[Section]:
        """Run a loader's checks; raise every problem reported or raised, together, at the end
        (or, with `keep`, leave them in `problems` for a caller that goes on checking)."""
        try:
            yield self
        except ConfigError as error:
            if keep:
                raise  # the caller collects it, after those already reported
            self.problems.add(error)
        if not keep:
            self.problems.check()

    def path(self, name: str | int) -> str:
        if isinstance(name, int):
            return f"{self.key}[{name}]"
        return f"{self.key}.{name}" if self.key else str(name)

    def error(self, name: str | int | None, message: str) -> ConfigError:
        where = self.path(name) if name is not None else self.key or None
        return ConfigError(self.file, limits.one_line(where, 200) if where else None, message)

    def report(self, name: str | int | None, message: str) -> None:
        """Record a problem and go on: the loader ends with `checked()`."""
        self.problems.add(self.error(name, message))

    def allow(self, *names: str) -> None:
        """Refuse keys we do not know: a typo must not be silently ignored."""
        for name in self.data:
            if name not in names:
                known = ", ".join(names)
                self.report(str(name), f"unknown key (expected one of: {known})")

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def section(self, name: str, required: bool = False) -> Section:
        if name not in self.data or self.data[name] is None:
            if required:
                self.report(name, "missing")
            absent = self.child({}, self.path(name))
            absent.absent = True  # its own required keys are not reported again
            return absent
        if not isinstance(self.data[name], dict):
            self.report(name, f"expected a mapping, got {_kind(self.data[name])}")
            return self.child({}, self.path(name))
        return self.child(self.data[name], self.path(name))

    def text(
        self,
        name: str,
        default: str | None = None,
        required: bool = False,
        limit: int = limits.MAX_TEXT["paper"],
    ) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required and not self.absent:
                self.report(name, "missing (expected text)")
            return default
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(name, f"expected text, got {_kind(value)}")
            return default
        text = str(value).strip()
        if len(text) > limit:
            self.report(name, f"{len(text):,} characters, over the limit of {limit:,}")
            return default
        return text

    def number(
        self,
        name: str,
        default: float | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float | None:
        value = self.data.get(name)
        if value is None:
            return default
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            self.report(name, f"expected a number, got {_kind(value)} {limits.quote(value, 40)}")
            return default
        if minimum is not None and value < minimum:
            self.report(name, f"expected a number of at least {minimum:g}, got {value:g}")
            return default
        if maximum is not None and value > maximum:
            self.report(name, f"expected a number of at most {maximum:g}, got {value:g}")
            return default
        return float(value)

    def integer(self, name: str, default: int, minimum: int = 0, maximum: int = 1_000_000) -> int:
        value = self.data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.report(
                name,
                f"expected a whole number of at least {minimum}, got {limits.quote(value, 40)}",
            )
            return default
        if value > maximum:
            self.report(name, f"expected a whole number of at most {maximum:,}, got {value:,}")
            return default
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.report(name, f"expected true or false, got {limits.quote(value, 40)}")
            return default
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.text(name, default)
        if value is not None and value not in options:
            self.report(
                name, f"expected one of {', '.join(options)}, got {limits.quote(value, 60)}"
            )
            return default
        return value

    def template(
        self, name: str, placeholders: Iterable[str], required: bool = False
    ) -> str | None:
        """Text with `{placeholder}` fields, each one of `placeholders` (see `check_template`)."""
        text = self.text(name, required=required)
        if text is None:
            return None
        problem = check_template(text, tuple(placeholders))
        if problem:
            self.report(name, problem)
            return None
        return text

    def items(self, name: str) -> list[Any]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(name, f"expected a list, got {_kind(value)}")
            return []
        return value


_SPEC = re.compile(r"^[<>^]?[0-9]{0,2}$")
"""Format specs a template may use: alignment and a width below 100, nothing that formats a
number (a placeholder's value may be text) or nests another field."""


def check_template(text: str, allowed: tuple[str, ...]) -> str | None:
    """The one template checker, for paper, catalogue and rules alike: every `{field}` must be a
    known name, with no attribute or index access (`{name.__class__}`, `{name[0]}`), no
    conversion (`!r`) and at most an alignment and width. Returns the problem, or None."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        return f"malformed template: {exc} (write a literal brace as {{{{ or }}}})"
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        shown = limits.one_line(
            "{"
            + field
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}",
            80,
        )
        if field not in allowed:
            if not field.isidentifier() or field.split(".")[0].split("[")[0] in allowed:
                return (
                    f"placeholder {shown} is not allowed: write a bare name such as "
                    f"{{{allowed[0]}}}, with no attribute, index or position"
                )
            return f"unknown placeholder {shown} (expected one of: {', '.join(allowed)})"
        if conversion:
            return f"placeholder {shown} is not allowed: no !{conversion} conversion"
        if spec and not _SPEC.match(spec):
            return (
                f"placeholder {shown} is not allowed: the only format allowed is an "
                "alignment and a width under 100, such as {name:<20}"
            )
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__
