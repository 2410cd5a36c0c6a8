"""Time whole-process builds against the bare-import floor, in one run on this machine.

    python benchmarks/run.py            # everything (about ten minutes on 2 cores)
    python benchmarks/run.py --quick    # no 5,000-indicator case, fewer repeats
    python benchmarks/peer.py           # side by side with the Typst 0.15 peer (bench extra)

Every figure is the median of whole `committee-report build` processes, as a user runs them,
with the peak memory (max RSS) of the process. Outputs of cached, batch and cold builds are
compared byte for byte.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scorecards import copy_sample, write_paper  # noqa: E402

FLOOR = "import yaml, reportlab.platypus, matplotlib.figure, matplotlib.backends.backend_agg"
CLI = [sys.executable, "-m", "committee_report"]


def _tree_rss_mib(root: int) -> float:
    """Resident memory of a process and all its descendants (workers included), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory in MiB of one build, its worker processes
    included (sampled every 50 ms by a thread, so the timing itself is exact)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mib(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    elapsed = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}: {process.stderr.read().decode()[-500:]}")
    return elapsed, peak[0]


def median_run(
    args: list[str], repeats: int, env: dict[str, str] | None = None, before=None
) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times, peaks = [], []
    for _ in range(repeats):
        if before:
            before()
        elapsed, peak = run(args, env)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip 5,000 indicators; 3 repeats")
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="builds per sample case (default 5, 3 with --quick)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of the generated 100/1,000/5,000 papers (default 3)",
    )
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 5)
    work = Path(tempfile.mkdtemp(prefix="committee-report-bench-"))
    cache = work / "cache"
    env = {**os.environ, "COMMITTEE_REPORT_CACHE": str(cache)}
    # Byte-compiled modules, as on any installed machine: a sandbox may forbid writing them,
    # which would charge our (editable) package's compile time to every build but not the floor.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows: list[tuple[str, float, float, str, str]] = []

    run([*CLI, "validate"], env)  # compile our modules once, outside the timings
    floor, floor_peak = median_run([sys.executable, "-c", FLOOR], repeats, env)
    rows.append(("bare import floor", floor, floor_peak, "", ""))

    def record(name: str, seconds: float, peak: float, pdf: Path | None) -> None:
        size = f"{pdf.stat().st_size / 1024:,.0f} KB" if pdf else ""
        rows.append((name, seconds, peak, f"{pages(pdf)}" if pdf else "", size))

    sample = copy_sample(work / "sample")
    cold_pdf = work / "sample-cold.pdf"
    clear = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
    seconds, peak = median_run(
        [*CLI, "build", str(sample), "-o", str(cold_pdf)], repeats, env, before=clear
    )
    record("sample paper, cold (empty cache)", seconds, peak, cold_pdf)
    seconds, peak = median_run(
        [*CLI, "build", str(sample), "-o", str(cold_pdf), "--no-cache"], repeats, env
    )
    record("sample paper, --no-cache", seconds, peak, cold_pdf)

    # Commentary-only edit: charts are unchanged, so they come from the cache.
    catalogue = sample.parent / "catalogue.yaml"
    original = catalogue.read_text(encoding="utf-8")
    run([*CLI, "build", str(sample), "-o", str(work / "warm.pdf")], env)
    edits = iter(range(1000))

    def edit_commentary() -> None:
        catalogue.write_text(
            original.replace(
                "Sample commentary (service lead, Early Help):",
                f"Sample commentary (edit {next(edits)}):",
            ),
            encoding="utf-8",
        )

    warm_pdf = work / "sample-warm.pdf"
    seconds, peak = median_run(
        [*CLI, "build", str(sample), "-o", str(warm_pdf)], repeats, env, before=edit_commentary
    )
    record("sample paper, commentary edited (cached charts)", seconds, peak, warm_pdf)
    catalogue.write_text(original, encoding="utf-8")
    run([*CLI, "build", str(sample), "-o", str(warm_pdf)], env)
    identical_cache = warm_pdf.read_bytes() == cold_pdf.read_bytes()

    # The generated papers are built in rounds, each size once a round, so a machine whose
    # speed drifts over the minutes this takes slows every size alike and the 5,000 / 1,000
    # ratio compares like with like; each figure is the median over the rounds.
    sizes = [100, 1000] + ([] if args.quick else [5000])
    rounds = 1 if args.quick else args.rounds
    papers = {count: write_paper(work / f"gen{count}", count) for count in sizes}
    times: dict[int, list[float]] = {count: [] for count in sizes}
    peaks: dict[int, float] = {count: 0.0 for count in sizes}
    for _ in range(rounds):
        for count in sizes:
            seconds, peak = run(
                [
                    *CLI,
                    "build",
                    str(papers[count]),
                    "-o",
                    str(work / f"gen{count}.pdf"),
                    "--no-cache",
                ],
                env,
            )
            times[count].append(seconds)
            peaks[count] = max(peaks[count], peak)
    scale: dict[int, float] = {}
    for count in sizes:
        scale[count] = statistics.median(times[count])
        record(f"{count:,} indicators, cold", scale[count], peaks[count], work / f"gen{count}.pdf")

    batch_dir = work / "batch"
    papers = [copy_sample(work / f"batch-src/{i:02d}") for i in range(20)]
    for index, paper in enumerate(papers):
        paper.rename(paper.with_name(f"paper{index:02d}.yaml"))
    papers = [p.with_name(f"paper{i:02d}.yaml") for i, p in enumerate(papers)]
    start = time.perf_counter()
    for index, paper in enumerate(papers):
        run(
            [*CLI, "build", str(paper), "-o", str(work / f"serial{index:02d}.pdf"), "--no-cache"],
            env,
        )
    serial = time.perf_counter() - start
    batch_dir.mkdir()
    batch, batch_peak = run(
        [*CLI, "build", *map(str, papers), "--output-dir", str(batch_dir), "--no-cache"], env
    )
    identical_batch = all(
        (batch_dir / f"paper{i:02d}.pdf").read_bytes() == (work / f"serial{i:02d}.pdf").read_bytes()
        for i in range(20)
    )
    rows.append(("20 sample papers, one after another", serial, 0.0, "", ""))
    rows.append(("20 sample papers, one batch (all cores)", batch, batch_peak, "", ""))

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}"
    )
    print(f"{'case':50} {'seconds':>8} {'x floor':>8} {'peak MiB':>9} {'pages':>6} {'size':>9}")
    print("(peak MiB: resident memory of the build and its chart workers together)")
    for name, seconds, peak, page_count, size in rows:
        print(
            f"{name:50} {seconds:8.2f} {seconds / floor:8.2f} "
            f"{peak if peak else float('nan'):9.0f} {page_count:>6} {size:>9}"
        )
    if 5000 in scale:
        print(f"5,000 / 1,000 indicators: {scale[5000] / scale[1000]:.2f}x")
    print(f"batch speed-up: {serial / batch:.2f}x")
    print(
        f"cached rebuild byte-identical to cold: {identical_cache}; "
        f"batch byte-identical to serial: {identical_batch}"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
