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
from committee_report.model import CATEGORY_LABELS, Period, Report


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    size: int
    counts: dict[str, int]
    warnings: tuple[str, ...]

    def summary(self) -> str:
        counts = ", ".join(f"{self.counts.get(c, 0)} {label.lower()}"
                           for c, label in CATEGORY_LABELS.items())
        return (f"Wrote {self.output}: {self.pages} pages, {self.size / 1024:.0f} KB; "
                f"{counts}; {len(self.warnings)} warning(s)")


def render(source: str | Path | None, *, layout: str | None = None,
           exceptions_only: bool = False, use_cache: bool = True,
           chart_workers: int | None = None, period: Period | None = None
           ) -> tuple[bytes, Report]:
    """The paper's bytes and the Report behind them; nothing is written. `chart_workers`
    caps the processes drawing charts (default: the cores; 1 draws them in this process)."""
    from committee_report.charts.cache import ChartRenderer

    # Chart workers start first, so their imports overlap this process's own.
    with ChartRenderer(use_cache=use_cache, workers=chart_workers, prewarm=True) as charts, \
            _collector_paused():
        from committee_report.publish import render_pdf
        from .pipeline import load_report
        from committee_report.inputs.theme import load_theme

        report, configured = load_report(source, exceptions_only=exceptions_only or None,
                                         as_of=period)
        theme = load_theme(layout or configured)
        return render_pdf(report, theme, charts=charts), report


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
                chart_workers: int | None = None, period: Period | None = None) -> BuildResult:
    from .pipeline import write_atomically

    pdf, report = render(source, layout=layout, exceptions_only=exceptions_only,
                         use_cache=use_cache, chart_workers=chart_workers, period=period)
    write_atomically(output, pdf)
    counts = {c: sum(a.category == c for a in report.assessments) for c in CATEGORY_LABELS}
    return BuildResult(Path(output), count_pages(pdf), len(pdf), counts, report.warnings)


def count_pages(pdf: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return int(document.Root.Pages.Count)  # the page tree's own count: no page is read


def _build_one(job: tuple[str, str, str | None, bool, bool]) -> tuple[str, str | None, str]:
    source, output, layout, exceptions_only, use_cache = job
    try:
        # The batch already keeps every core busy, one paper each: charts are drawn in-process.
        result = build_paper(source, output, layout=layout, exceptions_only=exceptions_only,
                             use_cache=use_cache, chart_workers=1)
        return source, None, result.summary()
    except CommitteeReportError as exc:
        return source, str(exc), ""
    except Exception as exc:  # noqa: BLE001 - one bad paper must not stop the batch
        return source, f"internal error: {type(exc).__name__}: {exc}", ""


def build_many(sources: list[str], output_dir: Path, *, layout: str | None = None,
               exceptions_only: bool = False, use_cache: bool = True,
               jobs: int | None = None) -> int:
    """Build several papers on all cores; report each, and build the rest if one fails."""
    if not output_dir.is_dir():
        raise CommitteeReportError(f"{output_dir}: output folder does not exist")
    outputs = _output_names(sources, output_dir)
    work = [(s, str(o), layout, exceptions_only, use_cache) for s, o in zip(sources, outputs)]
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


def _output_names(sources: list[str], output_dir: Path) -> list[Path]:
    """`<stem>.pdf` per input; a repeated stem takes its parent folder's name too."""
    stems = [Path(s).stem for s in sources]
    names = []
    for source, stem in zip(sources, stems):
        if stems.count(stem) > 1:
            stem = f"{Path(source).resolve().parent.name}-{stem}"
        names.append(output_dir / f"{stem}.pdf")
    if len(set(names)) != len(names):
        raise CommitteeReportError("two papers would write the same output file; rename one")
    return names
