"""Build papers: one, or a batch across every core, each written atomically."""

from __future__ import annotations

import dataclasses
import gc
import os
import re
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from committee_report.errors import CommitteeReportError, DataError, UsageError
from committee_report.limits import describe_os_error
from committee_report.model import CATEGORY_LABELS, Period, Report
from committee_report.stages import stage


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: `output` is the first file, `pages` the PDF's page count (0 when
    no PDF was built), `files` every file written with its size."""

    output: Path
    pages: int
    size: int
    counts: dict[str, int]
    warnings: tuple[str, ...]
    files: tuple[tuple[Path, int], ...] = ()

    def summary(self) -> str:
        counts = ", ".join(
            f"{self.counts.get(c, 0)} {label.lower()}" for c, label in CATEGORY_LABELS.items()
        )
        files = self.files or ((self.output, self.size),)
        wrote = ", ".join(f"{path} ({size / 1024:.0f} KB)" for path, size in files[1:])
        pages = f"{self.pages} pages, " if self.pages else ""
        first = f"Wrote {files[0][0]}: {pages}{files[0][1] / 1024:.0f} KB"
        return f"{first}{'; ' + wrote if wrote else ''}; {counts}; {len(self.warnings)} warning(s)"


def formats_for(output: str | Path | None, formats: tuple[str, ...] | None) -> tuple[str, ...]:
    """The formats to build: as asked, else the output name's extension (a PDF for any
    other extension, as before formats existed)."""
    from committee_report.publish import FORMATS

    if formats:
        return formats
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return (suffix,) if suffix in FORMATS else ("pdf",)


def output_paths(output: str | Path, formats: tuple[str, ...]) -> dict[str, Path]:
    """Where each format goes: `output` itself for one format; for several, `output` with
    each format's extension."""
    path = Path(output)
    if len(formats) == 1:
        return {formats[0]: path}
    return {fmt: path.with_suffix(f".{fmt}") for fmt in formats}


def render(
    source: str | Path | None,
    *,
    layout: str | None = None,
    exceptions_only: bool = False,
    use_cache: bool = True,
    chart_workers: int | None = None,
    output: str | Path | None = None,
    sheet: str | None = None,
    period: Period | None = None,
    problems: list[str] | None = None,
) -> tuple[bytes, Report]:
    """The PDF's bytes and the Report behind them; nothing is written. `chart_workers`
    caps the processes drawing charts (default: the cores; 1 draws them in this process).
    With `output`, it is refused before any work if it is one of the paper's inputs."""
    outputs, report = render_all(
        source,
        ("pdf",),
        layout=layout,
        exceptions_only=exceptions_only,
        use_cache=use_cache,
        chart_workers=chart_workers,
        outputs=[output] if output is not None else (),
        sheet=sheet,
        period=period,
        problems=problems,
    )
    return outputs["pdf"], report


def render_all(
    source: str | Path | None,
    formats: tuple[str, ...],
    *,
    layout: str | None = None,
    exceptions_only: bool = False,
    use_cache: bool = True,
    chart_workers: int | None = None,
    outputs: Sequence[str | Path] = (),
    sheet: str | None = None,
    period: Period | None = None,
    problems: list[str] | None = None,
) -> tuple[dict[str, bytes], Report]:
    """The paper's bytes in each format, and the Report behind them; nothing is written.
    Each of `outputs` is refused before any work if it is one of the paper's inputs; the
    PDF's structure-check findings are added to `problems`."""
    from committee_report.charts.cache import ChartRenderer

    # Chart workers start first (for a PDF), so their imports overlap this process's own.
    workers = chart_workers if "pdf" in formats else 1
    with (
        ChartRenderer(use_cache=use_cache, workers=workers, prewarm=True) as charts,
        _collector_paused(),
    ):
        from committee_report.inputs.theme import load_theme
        from committee_report.publish import render_formats

        from .pipeline import assemble, check_output, input_files, load_config

        config = load_config(source)
        if sheet is not None:  # the command line's --sheet over the config's
            config = dataclasses.replace(config, sheet=sheet)
        with stage("load the layout"):
            theme = load_theme(layout or config.layout)
        for output in outputs:
            check_output(output, [*input_files(config), *theme.files])
        report = assemble(config, exceptions_only=exceptions_only or None, as_of=period)
        what = (
            "lay out, tag and save the PDF"
            if formats == ("pdf",)
            else f"make the {', '.join(f.upper() for f in formats)}"
        )
        with stage(what):
            made = _laid_out(
                lambda: render_formats(report, theme, formats, charts=charts, problems=problems),
                report,
                theme,
            )
        return made, report


def _laid_out(
    make: Callable[[], dict[str, bytes]], report: Report, theme: object
) -> dict[str, bytes]:
    """ReportLab's LayoutError (content no page of this layout can hold) as one line, exit 1.
    Input limits keep ordinary papers well clear of it; this is the boundary for the rest."""
    from committee_report.render.layout import LayoutError

    try:
        return make()
    except LayoutError as error:
        what = re.sub(r"\s+", " ", str(error))
        found = re.search(r"Flowable <(\w+)", what)
        item = _FLOWABLES.get(found.group(1), "some content") if found else "some content"
        layout = Path(getattr(theme, "source", "")).name or "the layout"
        raise DataError(
            report.scorecard.path,
            None,
            None,
            f"the paper cannot be laid out with {layout}: {item} is too large for "
            "its pages; shorten the longest texts, or use a larger page, smaller "
            "margins or smaller type",
        ) from None


_FLOWABLES = {
    "KpiPage": "a KPI table row",
    "Table": "a table",
    "Paragraph": "a paragraph",
    "Image": "an image",
    "ListItem": "an overview bullet",
    "Figure": "a chart",
}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while one paper is built, back as it was after.

    A build makes hundreds of thousands of objects that live until it ends (paragraph
    fragments, structure elements), so each collection during it rescans a growing heap and
    finds next to nothing: a tenth of a large build, and more the larger the paper. What the
    build leaves in reference cycles (chiefly the record of the document's structure) is
    collected once, after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_paper(
    source: str | Path | None,
    output: str | Path,
    *,
    layout: str | None = None,
    exceptions_only: bool = False,
    use_cache: bool = True,
    chart_workers: int | None = None,
    sheet: str | None = None,
    period: Period | None = None,
    formats: tuple[str, ...] | None = None,
    conformance: bool = True,
) -> BuildResult:
    """Build the paper in each format (see `formats_for`, `output_paths`). Every format is
    made before any file is written, and each file is written atomically.

    The PDF is checked against the PDF/UA-1 and PDF/A-2a it claims before anything is
    written: a paper that fails is not written (ConformanceError, exit 1); with
    `conformance=False` (`--no-conformance`) it is written without the claims and a warning
    says why."""
    from .pipeline import prepare_output, write_atomically

    formats = formats_for(output, formats)
    paths = output_paths(output, formats)
    for path in paths.values():
        prepare_output(path)
    held: list[str] = []
    outputs, report = render_all(
        source,
        formats,
        layout=layout,
        exceptions_only=exceptions_only,
        use_cache=use_cache,
        chart_workers=chart_workers,
        outputs=list(paths.values()),
        sheet=sheet,
        period=period,
        problems=held,
    )
    warnings: tuple[str, ...] = ()
    if "pdf" in outputs:
        with stage("check accessibility"):
            outputs["pdf"], warnings = checked(
                outputs["pdf"], paths["pdf"], conformance=conformance, held=held
            )
    with stage("write the file"):
        for fmt in formats:
            write_atomically(paths[fmt], outputs[fmt])
    counts = {c: sum(a.category == c for a in report.assessments) for c in CATEGORY_LABELS}
    pages = count_pages(outputs["pdf"]) if "pdf" in outputs else 0
    files = tuple((paths[f], len(outputs[f])) for f in formats)
    return BuildResult(files[0][0], pages, files[0][1], counts, report.warnings + warnings, files)


def checked(
    pdf: bytes, output: str | Path, *, conformance: bool = True, held: list[str] | None = None
) -> tuple[bytes, tuple[str, ...]]:
    """The paper as it may be written, and any warning: its conformance claims checked on the
    bytes already held, with `held` the structure checks' findings when the build made them
    (see pdf/conformance.py)."""
    from committee_report.errors import ConformanceError
    from committee_report.pdf.conformance import drop_claims, problems

    found = problems(pdf, held=held)
    if not found:
        return pdf, ()
    if conformance:
        raise ConformanceError(str(output), found)
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return drop_claims(pdf), (
        f"{output}: written without its PDF/UA-1 and PDF/A-2a claims "
        f"(--no-conformance): {found[0]}{more}",
    )


def count_pages(pdf: bytes) -> int:
    """The page count (and the XMP metadata checked to parse): see pdf/checks.page_count."""
    from committee_report.pdf.checks import page_count

    return page_count(pdf)


@dataclass(frozen=True)
class PaperOutcome:
    """One paper of a batch: its summary line, or the one-line error and its exit code."""

    source: str
    output: Path
    summary: str = ""
    error: str | None = None
    exit_code: int = 0


Job = tuple[str, str, "str | None", bool, bool, tuple[str, ...], bool]


def _build_one(job: Job) -> tuple[str | None, str, int]:
    """(error, summary, exit code) of one paper; never raises."""
    source, output, layout, exceptions_only, use_cache, formats, conformance = job
    try:
        # The batch already keeps every core busy, one paper each: charts are drawn in-process.
        result = build_paper(
            source,
            output,
            layout=layout,
            exceptions_only=exceptions_only,
            use_cache=use_cache,
            chart_workers=1,
            formats=formats,
            conformance=conformance,
        )
        return None, result.summary(), 0
    except CommitteeReportError as exc:
        return str(exc), "", exc.exit_code
    except OSError as exc:
        return f"{output}: {describe_os_error(exc)}", "", 1
    except MemoryError:
        return "out of memory building this paper", "", 1
    except Exception as exc:  # noqa: BLE001 - one bad paper must not stop the batch
        return f"internal error: {type(exc).__name__}: {exc}", "", 3


def build_many(
    sources: list[str],
    output_dir: Path,
    *,
    layout: str | None = None,
    exceptions_only: bool = False,
    use_cache: bool = True,
    conformance: bool = True,
    jobs: int | None = None,
    timeout: float | None = None,
    progress: Callable[[int, int, PaperOutcome], None] | None = None,
    formats: tuple[str, ...] = ("pdf",),
) -> list[PaperOutcome]:
    """Build several papers on all cores, each in every one of `formats` (`<stem>.<format>`);
    every paper gets an outcome, whatever the others do.

    Each paper is built in a child process of its own that dies with this one; a child that
    dies, or runs past `timeout` seconds, fails its paper with one line and the batch goes
    on. `progress(index, total, outcome)` is called as each paper finishes; nothing is printed.
    """
    if not output_dir.is_dir():
        raise UsageError(f"{output_dir}: output folder does not exist")
    outputs = _output_names(sources, output_dir, formats[0])
    work: list[Job] = [
        (s, str(o), layout, exceptions_only, use_cache, formats, conformance)
        for s, o in zip(sources, outputs)
    ]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    finished: dict[int, PaperOutcome] = {}
    outcomes: list[PaperOutcome] = []
    index = {job[1]: number for number, job in enumerate(work)}

    def done(job: Job, error: str | None, summary: str, code: int) -> None:
        """Reported in the order given, each as soon as those before it are done."""
        finished[index[job[1]]] = PaperOutcome(job[0], Path(job[1]), summary, error, code)
        while len(outcomes) in finished:
            outcome = finished[len(outcomes)]
            outcomes.append(outcome)
            if progress is not None:
                progress(len(outcomes), len(work), outcome)

    if workers == 1 and timeout is None:
        for job in work:
            done(job, *_build_one(job))
    else:
        _run_children(work, workers, timeout, done)
    return outcomes


def _run_children(
    work: list[Job],
    workers: int,
    timeout: float | None,
    done: Callable[[Job, str | None, str, int], None],
) -> None:
    """Run each job in a child process, at most `workers` at once, each within `timeout`."""
    import multiprocessing
    from multiprocessing.connection import wait

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context: Any = multiprocessing.get_context(method)
    waiting = list(work)
    running: dict[Any, tuple[Job, Any, Any, float]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                job = waiting.pop(0)
                reader, writer = context.Pipe(duplex=False)
                child = context.Process(target=_child, args=(job, writer, os.getpid()))
                child.start()
                writer.close()
                deadline = time.monotonic() + timeout if timeout else float("inf")
                running[child.sentinel] = (job, child, reader, deadline)
            nearest = min(entry[3] for entry in running.values())
            pause = None if nearest == float("inf") else max(0.0, nearest - time.monotonic())
            ready = wait(list(running), timeout=pause)
            for sentinel in ready:
                job, child, reader, _ = running.pop(sentinel)
                result = _received(reader)
                child.join()  # type: ignore[attr-defined]
                if result is None:
                    code = child.exitcode  # type: ignore[attr-defined]
                    how = f"signal {-code}" if code and code < 0 else f"exit code {code}"
                    reason = (
                        "the process building this paper stopped unexpectedly "
                        f"({how}); no file was written"
                    )
                    result = (reason, "", 1)
                done(job, *result)
            now = time.monotonic()
            for sentinel, (job, child, reader, deadline) in list(running.items()):
                if now >= deadline:
                    running.pop(sentinel)
                    _end(child)
                    reader.close()  # type: ignore[attr-defined]
                    done(
                        job,
                        f"took longer than the time limit of {timeout:g} s and was "
                        "stopped; no file was written",
                        "",
                        1,
                    )
    finally:
        for _job, child, _reader, _ in running.values():
            _end(child)


def _received(reader: object) -> tuple[str | None, str, int] | None:
    try:
        return reader.recv() if reader.poll() else None  # type: ignore[attr-defined]
    except (EOFError, OSError):
        return None
    finally:
        reader.close()  # type: ignore[attr-defined]


def _end(child: object) -> None:
    """Stop a child: SIGTERM first, so it removes its temporary file, then SIGKILL."""
    child.terminate()  # type: ignore[attr-defined]
    child.join(5)  # type: ignore[attr-defined]
    if child.is_alive():  # type: ignore[attr-defined]
        child.kill()  # type: ignore[attr-defined]
        child.join()  # type: ignore[attr-defined]


def _child(job: Job, writer: object, parent: int) -> None:
    """One paper in a child process: SIGTERM (from a timeout, or the parent's own end)
    unwinds it so its temporary file is removed, and it exits without a traceback."""
    from committee_report.processes import die_with_parent, raise_on_sigterm

    try:
        raise_on_sigterm()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        die_with_parent(parent, signal.SIGTERM)
        result = _build_one(job)
        writer.send(result)  # type: ignore[attr-defined]
        writer.close()  # type: ignore[attr-defined]
    except BaseException:  # noqa: BLE001 - interrupted: everything is unwound; leave quietly
        os._exit(1)


def _output_names(sources: list[str], output_dir: Path, fmt: str = "pdf") -> list[Path]:
    """`<stem>.<fmt>` per input (the other formats beside it, see `output_paths`); a
    repeated stem takes its parent folder's name too."""
    stems = [Path(s).stem for s in sources]
    names = []
    for source, stem in zip(sources, stems):
        if stems.count(stem) > 1:
            stem = f"{Path(source).resolve().parent.name}-{stem}"
        names.append(output_dir / f"{stem}.{fmt}")
    if len(set(names)) != len(names):
        raise UsageError("two papers would write the same output file; rename one")
    return names
