"""What the input limits and safety checks cost the sample paper, in this process.

    python benchmarks/limits.py [--rounds 200]

Times, as medians over many rounds, each check the hardening added on the sample paper's own
inputs, against the work it guards: the limited YAML loader (libyaml events counted for
aliases, nesting and values, keys kept as text) against the `yaml.safe_load` it replaced; the
scorecard's text and size limits against reading the scorecard; the output checks (the output
folder probed, the output compared with every input); and a whole `load_report`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from committee_report.inputs.ingest import read_scorecard
from committee_report.inputs.theme import load_theme
from committee_report.inputs.yamlio import parse_yaml
from committee_report.judge.rules import default_rules_path
from committee_report.paths import layouts_dir, sample_paper
from committee_report.pipeline import (
    check_output,
    check_scorecard_limits,
    input_files,
    load_config,
    load_report,
    prepare_output,
)


def median_ms(work, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    sample = sample_paper().parent
    texts = [
        p.read_text(encoding="utf-8")
        for p in (
            sample / "paper.yaml",
            sample / "catalogue.yaml",
            default_rules_path(),
            layouts_dir() / "default.yaml",
            layouts_dir() / "croydon.yaml",
        )
    ]
    config = load_config(sample_paper())
    theme = load_theme(config.layout)
    scorecard = read_scorecard(config.scorecard)
    rows = [
        (
            "YAML: the five sample files, yaml.safe_load (before)",
            median_ms(lambda: [yaml.safe_load(t) for t in texts], rounds),
        ),
        (
            "YAML: the five sample files, limited loader (now)",
            median_ms(lambda: [parse_yaml(t) for t in texts], rounds),
        ),
        ("scorecard: read_scorecard", median_ms(lambda: read_scorecard(config.scorecard), rounds)),
        (
            "scorecard: text and size limits",
            median_ms(lambda: check_scorecard_limits(scorecard), rounds),
        ),
    ]
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "paper.pdf"
        output.write_bytes(b"earlier")
        files = [*input_files(config), *theme.files]
        rows.append(
            (
                "output: folder probed, compared with every input",
                median_ms(lambda: (prepare_output(output), check_output(output, files)), rounds),
            )
        )
    rows.append(
        (
            "whole load_report of the sample (for scale)",
            median_ms(lambda: load_report(sample_paper()), max(5, rounds // 20)),
        )
    )
    width = max(len(name) for name, _ in rows)
    print(f"{'check':<{width}}  median ms ({rounds} rounds, Python {sys.version.split()[0]})")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
