"""Generate large scorecards shaped like the reference one, for benchmarks and scale tests.

Each generated indicator is a reference row with its monthly values nudged deterministically, so
the files hold the same kinds of cells (percentages, counts, rates, BM, blanks, comparators) and
the same mix of RAG ratings as a real paper, at any size.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "croydon-2022-02"
_NUMBER = re.compile(r"^(-?[\d,]*\.?\d+)(\s*%)?$")


def _nudge(text: str, factor: float) -> str:
    match = _NUMBER.match(text.strip())
    if not match:
        return text
    raw, percent = match.group(1), match.group(2) or ""
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    value = float(raw.replace(",", "")) * factor
    if percent:
        value = min(value, 100.0)
    formatted = f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"
    return formatted + percent


def write_scorecard(path: Path, count: int) -> Path:
    """A TSV of `count` indicators in sections of 25, cycling through the reference rows."""
    with open(SAMPLE / "scorecard.tsv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    header, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r[1:])]
    months = range(3, 15)
    target = header.index("2021-22 Target")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        for index in range(count):
            if index % 25 == 0:
                writer.writerow([f"Service area {index // 25 + 1}"] + [""] * (len(header) - 1))
            row = list(body[index % len(body)])
            row[0] = f"{row[0]}.{index + 1}"
            row[1] = f"{row[1]} (team {index + 1})"
            for column in months:
                # 0.80 .. 1.20 in 997 steps per cell, repeatable: every series (and so every
                # chart) is its own, as in a real council's table.
                factor = 0.8 + ((index * 389 + column * 131) % 997) / 2492.5
                row[column] = _nudge(row[column], factor)
            row[target + 1] = ""  # our RAG, not the reference's, for nudged values
            row[target + 3] = ""  # and our headline
            writer.writerow(row)
    return path


def write_paper(folder: Path, count: int, *, layout: str = "default") -> Path:
    """A paper config for a generated scorecard, using the sample's rules and no catalogue."""
    folder.mkdir(parents=True, exist_ok=True)
    write_scorecard(folder / "scorecard.tsv", count)
    (folder / "paper.yaml").write_text(
        "paper:\n"
        "  council: Example Council\n"
        "  committee: Scrutiny Committee\n"
        f"  title: Performance report, {count:,} indicators\n"
        "  date: February 2022\n"
        "scorecard: scorecard.tsv\n"
        f"layout: {layout}\n",
        encoding="utf-8",
    )
    return folder / "paper.yaml"


def copy_sample(folder: Path) -> Path:
    """A private copy of the bundled sample paper that a benchmark may edit."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(SAMPLE.iterdir()):  # every input the sample names (report.md too)
        if source.is_file():
            shutil.copy(source, folder / source.name)
    return folder / "paper.yaml"


if __name__ == "__main__":
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    print(write_paper(out, int(sys.argv[1])))
