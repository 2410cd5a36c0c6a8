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


class UsageError(CommitteeReportError):
    """A command line that cannot be carried out as given (a missing file, a bad option value)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class OutputError(CommitteeReportError):
    """The paper could not be written: permission, read-only folder, full disk, a locked file.
    Named for what it is, so the user can act; not a bug (exit 1)."""

    exit_code = 1

    def __init__(self, file: str, message: str) -> None:
        self.file, self.message = str(file), message
        super().__init__(f"{self.file}: {message}")


class Problems(CommitteeReportError):
    """Every problem found in one pass (pandera's lazy mode): `validate` lists them all.

    Library code that can go on after a problem collects it with `Collector.add` and raises one
    `Problems` at the end; the exit code is the most serious of its members' (configuration or
    usage 2 over data 1), and the message is their lines, one per problem.
    """

    def __init__(self, problems: list[CommitteeReportError]) -> None:
        if not problems:
            raise ValueError("Problems needs at least one problem")
        self.problems = list(problems)
        self.exit_code = max(p.exit_code for p in self.problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Gathers errors instead of raising the first; `check()` raises them together."""

    def __init__(self) -> None:
        self.problems: list[CommitteeReportError] = []

    def add(self, error: CommitteeReportError) -> None:
        if isinstance(error, Problems):
            self.problems.extend(error.problems)
        else:
            self.problems.append(error)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def check(self) -> None:
        """Raise the one error found as itself, or several as `Problems`."""
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise Problems(self.problems)


class ConformanceError(CommitteeReportError):
    """The paper built, but fails the PDF/UA-1 or PDF/A-2a checks its metadata would claim:
    nothing is written (exit 1); `--no-conformance` writes it without the claims."""

    exit_code = 1

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file, self.problems = str(file), problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(
            f"{file}: not written: the paper fails its accessibility checks: "
            f"{problems[0]}{more}; fix the cause, or build with --no-conformance "
            "to write it without the PDF/UA and PDF/A claims"
        )
