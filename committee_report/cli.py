"""The command line: parse arguments, call the library, turn known errors into one line.

Exit codes: 0 success (warnings allowed), 1 bad data or a failed check, 2 bad configuration or
usage, 3 an internal error (a bug: reported in one line, never as a traceback).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from committee_report.errors import CommitteeReportError, Problems, UsageError
from committee_report.limits import describe_os_error, one_line
from committee_report.model import Period

EPILOG = """examples:
  committee-report build                       the bundled sample paper -> committee-paper.pdf
  committee-report build paper.yaml -o out.pdf a paper described by a YAML config
  committee-report assess scorecard.xlsx --format json
  committee-report validate paper.yaml --strict
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.whole_process = argv is None  # run as the program, not called from Python
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    if args.whole_process:
        from committee_report.processes import raise_on_sigterm

        raise_on_sigterm()
    try:
        return int(args.run(args) or 0)
    except CommitteeReportError as exc:
        _error(exc)
        return exc.exit_code
    except BrokenPipeError:  # e.g. `| head`: the reader left, nothing is wrong
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except KeyboardInterrupt as exc:
        from committee_report.processes import Terminated

        code = 143 if isinstance(exc, Terminated) else 130
        print("Error: interrupted; nothing was written", file=sys.stderr)
        if args.whole_process:
            # Everything is unwound (temporary files removed, workers stopped). Leave now:
            # CPython may otherwise turn an interrupt it saw during an import into a death by
            # SIGINT at exit, and the caller would not get this exit code.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        return code
    except OSError as exc:  # the environment, not the input: named for what it is
        where = getattr(exc, "filename", None)
        prefix = f"{one_line(str(where), 200)}: " if where else ""
        print(f"Error: {prefix}{describe_os_error(exc)}", file=sys.stderr)
        return 1
    except MemoryError:
        print("Error: out of memory; the input is too large for this machine", file=sys.stderr)
        return 1
    except RecursionError:
        print("Error: the input is nested too deeply to read", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        print(one_line(f"Error: internal error, please report it: {type(exc).__name__}: {exc}"),
              file=sys.stderr)
        return 3


def _error(exc: CommitteeReportError) -> None:
    """Each problem as one bounded line: a newline in a file name or YAML key cannot forge a
    second message, and a vast input is never echoed back whole."""
    problems = exc.problems if isinstance(exc, Problems) else [exc]
    for problem in problems:
        print(f"Error: {one_line(str(problem))}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one `Error:` line like every other error (exit 2)."""

    def error(self, message: str) -> NoReturn:
        print(one_line(f"Error: {message} (see {self.prog} --help)"), file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="committee-report", epilog=EPILOG, formatter_class=argparse.RawTextHelpFormatter,
        description="Turn a council's performance scorecard into a formal committee paper.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    source_help = "a scorecard (.csv, .tsv, .xlsx) or a paper config (.yaml); none: the bundled sample"

    validate = commands.add_parser("validate", help="check the inputs and list problems")
    validate.add_argument("input", nargs="?", help=source_help)
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(run=_validate)

    assess = commands.add_parser("assess", help="judge every indicator and print the result")
    assess.add_argument("input", nargs="?", help=source_help)
    assess.add_argument("--format", choices=("table", "json"), default="table")
    assess.add_argument("--as-of", type=_period, help="judge as of this month (YYYY-MM)")
    assess.set_defaults(run=_assess)

    build = commands.add_parser("build", help="build the PDF committee paper")
    build.add_argument("inputs", nargs="*", metavar="INPUT", help=source_help)
    build.add_argument("-o", "--output", help="the PDF to write (default: committee-paper.pdf)")
    build.add_argument("--output-dir", help="folder for several papers built in one run")
    build.add_argument("--layout", help="a layout name (default, croydon) or a layout YAML path")
    build.add_argument("--exceptions-only", action="store_true",
                       help="only indicators to do better or that worsened")
    build.add_argument("--no-cache", action="store_true", help="draw every chart afresh")
    build.add_argument("--no-conformance", action="store_true",
                       help="write a paper that fails its accessibility checks, without the "
                            "PDF/UA and PDF/A claims (a warning says why)")
    build.add_argument("--jobs", type=int, default=None, help="parallel builds (default: cores)")
    build.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help="in a batch, stop a paper that takes longer than this")
    build.set_defaults(run=_build)
    return parser


def _period(text: str) -> Period:
    try:
        period = Period.parse(text)
        if not 1 <= period.month <= 12:
            raise ValueError
        return period
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a month as YYYY-MM, got {text!r}") from None


def _validate(args: argparse.Namespace) -> int:
    """Every problem in the scorecard and the configs, one line each, then a count."""
    from .pipeline import check_inputs

    problems, report = check_inputs(args.input)
    for problem in problems:
        print(one_line(str(problem)))
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return max(p.exit_code for p in problems)
    assert report is not None
    for warning in report.warnings:
        line = one_line(warning)
        print(line if ": warning:" in line else _as_warning(line))
    count = len(report.assessments)
    summary = f"{count} indicators checked, {len(report.warnings)} warning(s)"
    print(summary, file=sys.stderr)
    return 1 if args.strict and report.warnings else 0


def _as_warning(line: str) -> str:
    """`FILE:ROW:COLUMN: message` -> `FILE:ROW:COLUMN: warning: message`."""
    head, sep, message = line.partition(": ")
    return f"{head}: warning: {message}" if sep else f"warning: {line}"


def _assess(args: argparse.Namespace) -> int:
    from committee_report.paper.report_json import report_json, report_table

    from .pipeline import load_report

    report, _ = load_report(args.input, as_of=args.as_of)
    if args.format == "json":
        sys.stdout.write(json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report_table(report))
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import PaperOutcome, build_many, build_paper

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    if args.timeout is not None and not 0 < args.timeout < 1e6:
        raise UsageError(f"--timeout must be a number of seconds above 0, got {args.timeout:g}")
    if len(args.inputs) > 1 or args.output_dir:
        if args.output:
            raise UsageError("use --output-dir, not --output, for several papers")
        if args.output_dir == "":
            raise UsageError("--output-dir is empty; give a folder")

        def progress(index: int, total: int, outcome: PaperOutcome) -> None:
            if outcome.error:
                print(one_line(f"[{index}/{total}] {outcome.source}: Error: {outcome.error}"),
                      file=sys.stderr)
            else:
                print(f"[{index}/{total}] {outcome.source}: {outcome.summary}")

        folder = Path(args.output_dir or ".")
        outcomes = build_many(args.inputs, folder, layout=args.layout,
                              exceptions_only=args.exceptions_only, use_cache=not args.no_cache,
                              conformance=not args.no_conformance, jobs=args.jobs, timeout=args.timeout, progress=progress)
        failed = [o for o in outcomes if o.error]
        print(f"Built {len(outcomes) - len(failed)} of {len(outcomes)} papers into {folder}"
              + (f"; {len(failed)} failed" if failed else ""))
        return max((o.exit_code for o in failed), default=0)
    if args.timeout is not None:
        raise UsageError("--timeout applies to a batch (several inputs or --output-dir)")
    source = args.inputs[0] if args.inputs else None
    if args.output == "":
        raise UsageError("-o/--output is empty; give the PDF's file name")
    output = Path(args.output or "committee-paper.pdf")
    if args.whole_process:
        # One paper, then the process ends. The cycle collector stays off throughout (see
        # build._collector_paused) and what the build leaves is frozen, so neither turning it
        # back on nor the interpreter's last collection at exit rescans it: half a second at
        # 1,000 indicators, for memory the exit returns anyway.
        gc.disable()
    result = build_paper(source, output, layout=args.layout,
                         exceptions_only=args.exceptions_only, use_cache=not args.no_cache,
                         conformance=not args.no_conformance)
    for warning in result.warnings:
        if "--no-conformance" in warning:
            print(one_line(f"Warning: {warning}"), file=sys.stderr)
    if args.whole_process:
        gc.freeze()
    print(one_line(result.summary()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
