"""Errors the user can act on: each renders as one line naming where the problem is."""

from __future__ import annotations


class CommitteeReportError(Exception):
    """Base of every error the CLI turns into a one-line message."""

    exit_code = 1


class DataError(CommitteeReportError):
    """A problem in a scorecard: names the file, the row and the column."""

    exit_code = 1

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file, self.row, self.column, self.message = str(file), row, column, message
        super().__init__(format_location(self.file, row, column, message))


class ConfigError(CommitteeReportError):
    """A problem in a YAML file (paper, catalogue, rules, layout): names the file and the key."""

    exit_code = 2

    def __init__(self, file: str, key: str | None, message: str) -> None:
        self.file, self.key, self.message = str(file), key, message
        where = f"{self.file}: {key}" if key else self.file
        super().__init__(f"{where}: {message}")


def format_location(file: str, row: int | None, column: str | None, message: str) -> str:
    """`FILE:ROW:COLUMN: message`, leaving out the parts that are unknown."""
    parts = [str(file)]
    if row is not None:
        parts.append(str(row))
    if column:
        parts.append(column)
    return ":".join(parts) + f": {message}"
