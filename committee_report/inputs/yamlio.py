"""Safe YAML loading and small validators that name the file and key of every problem."""

from __future__ import annotations

import datetime
import string
from pathlib import Path
from typing import Any, Iterable

import yaml

from committee_report.errors import ConfigError


def load_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping with `safe_load`; any problem is a one-line ConfigError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(str(path), None, "file not found") from None
    except IsADirectoryError:
        raise ConfigError(str(path), None, "is a folder, expected a YAML file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), None, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(str(path), None, f"cannot be read: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(str(path), where, f"malformed YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), None, f"expected a mapping of keys, got {_kind(data)}")
    return data


class Section:
    """A view of one mapping in a YAML file that reports problems with their full key path."""

    def __init__(self, file: str | Path, data: Any, key: str = "") -> None:
        self.file, self.key = str(file), key
        if not isinstance(data, dict):
            raise ConfigError(self.file, key or None, f"expected a mapping, got {_kind(data)}")
        self.data: dict[str, Any] = data

    def path(self, name: str | int) -> str:
        if isinstance(name, int):
            return f"{self.key}[{name}]"
        return f"{self.key}.{name}" if self.key else str(name)

    def error(self, name: str | int | None, message: str) -> ConfigError:
        return ConfigError(self.file, self.path(name) if name is not None else self.key or None,
                           message)

    def allow(self, *names: str) -> None:
        """Refuse keys we do not know: a typo must not be silently ignored."""
        for name in self.data:
            if name not in names:
                known = ", ".join(names)
                raise self.error(str(name), f"unknown key (expected one of: {known})")

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def section(self, name: str, required: bool = False) -> Section:
        if name not in self.data or self.data[name] is None:
            if required:
                raise self.error(name, "missing")
            return Section(self.file, {}, self.path(name))
        return Section(self.file, self.data[name], self.path(name))

    def text(self, name: str, default: str | None = None, required: bool = False) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise self.error(name, "missing (expected text)")
            return default
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.error(name, f"expected text, got {_kind(value)}")
        return str(value).strip()

    def number(self, name: str, default: float | None = None, minimum: float | None = None,
               maximum: float | None = None) -> float | None:
        value = self.data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(name, f"expected a number, got {_kind(value)} {value!r}")
        if minimum is not None and value < minimum:
            raise self.error(name, f"expected a number of at least {minimum:g}, got {value:g}")
        if maximum is not None and value > maximum:
            raise self.error(name, f"expected a number of at most {maximum:g}, got {value:g}")
        return float(value)

    def integer(self, name: str, default: int, minimum: int = 0) -> int:
        value = self.data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(name, f"expected a whole number of at least {minimum}, got {value!r}")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, f"expected true or false, got {value!r}")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.text(name, default)
        if value is not None and value not in options:
            raise self.error(name, f"expected one of {', '.join(options)}, got {value!r}")
        return value

    def template(self, name: str, placeholders: Iterable[str], required: bool = False
                 ) -> str | None:
        """Text with `{placeholder}` fields, each one of `placeholders`."""
        text = self.text(name, required=required)
        if text is None:
            return None
        allowed = tuple(placeholders)
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            raise self.error(name, f"malformed template: {exc}") from None
        for field in fields:
            if field not in allowed:
                raise self.error(name, f"unknown placeholder {{{field}}} (expected one of: "
                                       f"{', '.join(allowed)})")
        return text

    def items(self, name: str) -> list[Any]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(name, f"expected a list, got {_kind(value)}")
        return value


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
