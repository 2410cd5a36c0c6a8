"""Time committee-report against the Typst 0.15 peer, side by side, in one run on this machine.

    pip install -e '.[bench]'                # the optional `typst` binding
    python benchmarks/peer.py                # sample (33), 1,000 and 5,000 indicators, 3 rounds
    python benchmarks/peer.py --rounds 1 --sizes 33 1000

Each round builds every case once with each tool, as whole processes, interleaved (ours first in
even rounds, Typst first in odd ones) so a machine whose speed drifts slows both alike; figures
are medians over the rounds, with the spread, and the peak memory of each process tree (chart
workers included, as in run.py). Ours is a cold `committee-report build --no-cache`; the peer is
`typst_peer.py render` on data judged beforehand by our `assess` (untimed, see typst_peer.py),
and `assess` alone is timed too, so the peer can also be charged for reading and judging.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import CLI, pages  # noqa: E402
from run import run as run_process  # noqa: E402
from scorecards import copy_sample, write_paper  # noqa: E402

PEER = [sys.executable, str(Path(__file__).resolve().parent / "typst_peer.py")]
TOOLS = ("ours", "typst", "assess")


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, the process and every descendant it waited
    for) and peak MiB of one process. CPU time is what a busy shared machine distorts least:
    wall time there includes the waits for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, peak = run_process(args, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, peak


def tagged(pdf: Path) -> str:
    """What the PDF claims: a structure tree, and the PDF/UA and PDF/A parts in its XMP."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        meta = document.open_metadata()
        ua = meta.get("pdfuaid:part")
        part, level = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
        tree = "/StructTreeRoot" in document.Root
    return (
        f"{'tagged' if tree else 'UNTAGGED'}, PDF/UA-{ua or '-'}, "
        f"PDF/A-{part or '-'}{(level or '').lower()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3; medians)")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[33, 1000, 5000],
        help="33 is the bundled sample, others generated (default 33 1000 5000)",
    )
    args = parser.parse_args()
    try:
        import typst  # noqa: F401
    except ImportError:
        raise SystemExit(
            "the Typst peer needs the optional binding: pip install -e '.[bench]'"
        ) from None
    work = Path(tempfile.mkdtemp(prefix="committee-report-peer-"))
    env = {**os.environ, "COMMITTEE_REPORT_CACHE": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte-compiled modules, as run.py explains

    papers: dict[int, Path] = {}
    for size in args.sizes:
        papers[size] = (
            copy_sample(work / "sample") if size == 33 else write_paper(work / f"gen{size}", size)
        )
        run_process([*PEER, "prepare", str(papers[size]), str(work / f"data{size}.json")], env)
    # Warm-up, outside the timings: our bytecode, and both tools' libraries in the page cache.
    first = args.sizes[0]
    run_process(
        [*CLI, "build", str(papers[first]), "-o", str(work / "warm.pdf"), "--no-cache"], env
    )
    run_process(
        [*PEER, "render", str(work / f"data{first}.json"), "-o", str(work / "warm.pdf")], env
    )

    def command(tool: str, size: int) -> list[str]:
        if tool == "ours":
            return [
                *CLI,
                "build",
                str(papers[size]),
                "-o",
                str(work / f"ours{size}.pdf"),
                "--no-cache",
            ]
        if tool == "typst":
            return [
                *PEER,
                "render",
                str(work / f"data{size}.json"),
                "-o",
                str(work / f"typst{size}.pdf"),
            ]
        return [*CLI, "assess", str(papers[size]), "--format", "json"]

    times: dict[tuple[str, int], list[float]] = {(t, s): [] for t in TOOLS for s in args.sizes}
    cpus: dict[tuple[str, int], list[float]] = {(t, s): [] for t in TOOLS for s in args.sizes}
    peaks = {(tool, size): 0.0 for tool in TOOLS for size in args.sizes}
    digests: dict[tuple[str, int], set[str]] = {(t, s): set() for t in TOOLS for s in args.sizes}
    for number in range(args.rounds):
        order = TOOLS if number % 2 == 0 else ("typst", "ours", "assess")
        for size in args.sizes:
            for tool in order:
                seconds, cpu, peak = timed(command(tool, size), env)
                times[tool, size].append(seconds)
                cpus[tool, size].append(cpu)
                peaks[tool, size] = max(peaks[tool, size], peak)
                if tool != "assess":
                    pdf = work / f"{tool}{size}.pdf"
                    digests[tool, size].add(hashlib.sha256(pdf.read_bytes()).hexdigest())
                print(
                    f"round {number + 1} {size:>5} {tool:6} {seconds:7.2f} s {cpu:7.2f} CPU s "
                    f"{peak:6.0f} MiB",
                    file=sys.stderr,
                    flush=True,
                )

    med = {key: statistics.median(value) for key, value in times.items()}
    cpu_med = {key: statistics.median(value) for key, value in cpus.items()}
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}; {args.rounds} round(s)"
    )
    print("seconds: median (min-max); MiB: peak resident memory of the process tree")
    print(
        f"{'indicators':>10} {'ours s':>22} {'Typst s':>22} {'time x':>7} {'ours MiB':>9} "
        f"{'Typst MiB':>10} {'mem x':>6} {'assess s':>8} {'x (assess+Typst)':>17} "
        f"{'pages':>9}"
    )
    for size in args.sizes:
        cells = []
        for tool in ("ours", "typst"):
            values = times[tool, size]
            cells.append(f"{med[tool, size]:.2f} ({min(values):.2f}-{max(values):.2f})")
        both = med["assess", size] + med["typst", size]
        print(
            f"{size:>10,} {cells[0]:>22} {cells[1]:>22} "
            f"{med['ours', size] / med['typst', size]:7.2f} {peaks['ours', size]:9.0f} "
            f"{peaks['typst', size]:10.0f} {peaks['ours', size] / peaks['typst', size]:6.2f} "
            f"{med['assess', size]:8.2f} {med['ours', size] / both:17.2f} "
            f"{pages(work / f'ours{size}.pdf'):>4}/{pages(work / f'typst{size}.pdf'):<4}"
        )
    print(
        "CPU seconds (user + system of the process tree), medians: "
        + "; ".join(
            f"{size:,}: ours {cpu_med['ours', size]:.2f}, Typst {cpu_med['typst', size]:.2f} "
            f"({cpu_med['ours', size] / cpu_med['typst', size]:.2f}x), "
            f"assess {cpu_med['assess', size]:.2f}"
            for size in args.sizes
        )
    )
    if 1000 in args.sizes and 5000 in args.sizes:
        print(
            f"5,000 / 1,000 indicators: ours {med['ours', 5000] / med['ours', 1000]:.2f}x, "
            f"Typst {med['typst', 5000] / med['typst', 1000]:.2f}x"
        )
    last = args.sizes[-1]
    print(
        f"output ({last:,} indicators): ours {tagged(work / f'ours{last}.pdf')}; "
        f"Typst {tagged(work / f'typst{last}.pdf')}"
    )
    print(
        "byte-identical over the rounds: "
        + ", ".join(
            f"{tool} {size}: {len(digests[tool, size]) == 1}"
            for size in args.sizes
            for tool in ("ours", "typst")
        )
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
