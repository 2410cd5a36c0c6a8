"""Build papers: one, or a batch across every core, each written atomically."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from committee_report.errors import CommitteeReportError
from committee_report.model import CATEGORY_LABELS, Report


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
        counts = ", ".join(f"{self.counts.get(c, 0)} {label.lower()}"
                           for c, label in CATEGORY_LABELS.items())
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


def render(source: str | Path | None, *, layout: str | None = None,
           exceptions_only: bool = False, use_cache: bool = True,
           chart_workers: int | None = None) -> tuple[bytes, Report]:
    """The PDF's bytes and the Report behind them; nothing is written. `chart_workers`
    caps the processes drawing charts (default: the cores; 1 draws them in this process)."""
    outputs, report = render_all(source, ("pdf",), layout=layout,
                                 exceptions_only=exceptions_only, use_cache=use_cache,
                                 chart_workers=chart_workers)
    return outputs["pdf"], report


def render_all(source: str | Path | None, formats: tuple[str, ...], *,
               layout: str | None = None, exceptions_only: bool = False,
               use_cache: bool = True, chart_workers: int | None = None
               ) -> tuple[dict[str, bytes], Report]:
    """The paper's bytes in each format, and the Report behind them; nothing is written."""
    from committee_report.charts.cache import ChartRenderer

    # Chart workers start first (for a PDF), so their imports overlap this process's own.
    workers = chart_workers if "pdf" in formats else 1
    with ChartRenderer(use_cache=use_cache, workers=workers, prewarm=True) as charts, \
            _collector_paused():
        from committee_report.publish import render_formats
        from .pipeline import load_report
        from committee_report.inputs.theme import load_theme

        report, configured = load_report(source, exceptions_only=exceptions_only or None)
        theme = load_theme(layout or configured)
        return render_formats(report, theme, formats, charts=charts), report


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


def build_paper(source: str | Path | None, output: str | Path, *, layout: str | None = None,
                exceptions_only: bool = False, use_cache: bool = True,
                chart_workers: int | None = None,
                formats: tuple[str, ...] | None = None) -> BuildResult:
    """Build the paper in each format (see `formats_for`, `output_paths`). Every format is
    made before any file is written, and each file is written atomically."""
    from .pipeline import write_atomically

    formats = formats_for(output, formats)
    paths = output_paths(output, formats)
    outputs, report = render_all(source, formats, layout=layout,
                                 exceptions_only=exceptions_only, use_cache=use_cache,
                                 chart_workers=chart_workers)
    for fmt in formats:
        write_atomically(paths[fmt], outputs[fmt])
    counts = {c: sum(a.category == c for a in report.assessments) for c in CATEGORY_LABELS}
    pages = count_pages(outputs["pdf"]) if "pdf" in outputs else 0
    files = tuple((paths[f], len(outputs[f])) for f in formats)
    return BuildResult(files[0][0], pages, files[0][1], counts, report.warnings, files)


def count_pages(pdf: bytes) -> int:
    from committee_report.pdf.checks import page_count

    return page_count(pdf)


def _build_one(job: tuple[str, str, str | None, bool, bool, tuple[str, ...]]
               ) -> tuple[str, str | None, str]:
    source, output, layout, exceptions_only, use_cache, formats = job
    try:
        # The batch already keeps every core busy, one paper each: charts are drawn in-process.
        result = build_paper(source, output, layout=layout, exceptions_only=exceptions_only,
                             use_cache=use_cache, chart_workers=1, formats=formats)
        return source, None, result.summary()
    except CommitteeReportError as exc:
        return source, str(exc), ""
    except Exception as exc:  # noqa: BLE001 - one bad paper must not stop the batch
        return source, f"internal error: {type(exc).__name__}: {exc}", ""


def build_many(sources: list[str], output_dir: Path, *, layout: str | None = None,
               exceptions_only: bool = False, use_cache: bool = True,
               jobs: int | None = None, formats: tuple[str, ...] = ("pdf",)) -> int:
    """Build several papers on all cores, each in every one of `formats`; report each, and
    build the rest if one fails."""
    if not output_dir.is_dir():
        raise CommitteeReportError(f"{output_dir}: output folder does not exist")
    outputs = _output_names(sources, output_dir, formats[0])
    work = [(s, str(o), layout, exceptions_only, use_cache, formats)
            for s, o in zip(sources, outputs)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    failed = 0
    if workers == 1:
        results = map(_build_one, work)
        failed = _report(results, len(work))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            failed = _report(pool.map(_build_one, work), len(work))
    print(f"Built {len(work) - failed} of {len(work)} papers into {output_dir}"
          + (f"; {failed} failed" if failed else ""))
    return 1 if failed else 0


def _report(results, total: int) -> int:  # type: ignore[no-untyped-def]
    failed = 0
    for index, (source, error, summary) in enumerate(results, start=1):
        if error:
            failed += 1
            print(f"[{index}/{total}] {source}: Error: {error}", file=sys.stderr)
        else:
            print(f"[{index}/{total}] {source}: {summary}")
    return failed


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
        raise CommitteeReportError("two papers would write the same output file; rename one")
    return names
