"""The command line: exit codes and the exact one-line errors a user sees."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from committee_report.cli import main


def test_validate_sample_lists_the_w1_f2_warning(capsys):
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith(
        "scorecard.tsv:29:2021-22 YTD or latest: warning: W1 f2: the scorecard gives 19.7 as the "
        "latest value, its January figure is 17.7; the paper shows 17.7"
    )
    assert err == "33 indicators checked, 1 warning(s)\n"


def test_validate_strict_fails_on_warnings(capsys):
    assert main(["validate", "--strict"]) == 1


def test_assess_json_has_the_promised_fields(capsys):
    assert main(["assess", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2022-01"
    assert len(data["indicators"]) == 33
    eh9 = next(i for i in data["indicators"] if i["id"] == "EH 9")
    for key in (
        "id",
        "title",
        "section",
        "polarity",
        "unit",
        "series",
        "basis",
        "headline",
        "target",
        "rag",
        "reported_rag",
        "trend",
        "comparators",
        "category",
        "rule",
        "reasons",
        "narrative",
        "warnings",
        "previous_category",
        "previous_rag",
        "movement",
    ):
        assert key in eh9, key
    assert (eh9["headline"], eh9["target"], eh9["rag"], eh9["basis"], eh9["polarity"]) == (
        17.0,
        15.0,
        "red",
        "ytd",
        "smaller_is_better",
    )
    assert eh9["series"]["2021-04"] == 28.0 and eh9["unit"] == "percent"
    qa2 = next(i for i in data["indicators"] if i["id"] == "QA 2")
    assert qa2["series"]["2021-04"] is None and qa2["category"] is None
    fd8 = next(i for i in data["indicators"] if i["id"] == "FD 8")
    assert fd8["comparators"]["England 2020-21"] == {
        "value": 23.0,
        "text": "23%",
        "position": "similar",
    }
    w1 = next(i for i in data["indicators"] if i["id"] == "W 1")
    assert w1["section"] == "Caseloads"


def test_assess_as_of_an_earlier_month(capsys):
    assert main(["assess", "--format", "json", "--as-of", "2021-12"]) == 0
    data = json.loads(capsys.readouterr().out)
    cin8 = next(i for i in data["indicators"] if i["id"] == "CIN 8")
    assert (data["period"], cin8["rag"], cin8["movement"]) == ("2021-12", "red", "worsened")


def test_assess_table(capsys):
    assert main(["assess"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2].split() == [
        "EH",
        "7",
        "21%",
        "10%",
        "Red",
        "stable",
        "Things",
        "to",
        "do",
        "better",
        "off-target-red",
        "unchanged",
    ]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["assess", "nothere.csv"], 1, "Error: nothere.csv: no such file\n"),
        (["assess", "nothere.yaml"], 2, "Error: nothere.yaml: file not found\n"),
    ],
)
def test_errors_are_one_line(capsys, args, code, message):
    assert main(args) == code
    assert capsys.readouterr().err == message


def test_bad_month_argument_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["assess", "--as-of", "2019-13"])
    assert caught.value.code == 2
    assert (
        "expected a month as YYYY-MM, a quarter such as Q3 2024/25 or a year such as 2020/21, got '2019-13'"
        in capsys.readouterr().err
    )


def test_bad_cell_names_file_row_and_column(tmp_path, capsys):
    path = tmp_path / "bad.tsv"
    path.write_text(
        "Indicator Number\tIndicator Title\tPolarity\tFeb-21\nX 1\tT\tBIB\tabc\n", encoding="utf-8"
    )
    assert main(["assess", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"Error: {path}:2:Feb-21: expected a number such as 81%, 1,219 or 15.6, or BM, NA or "
        f"blank; got 'abc'\n"
    )


@pytest.mark.slow
def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "committee_report", "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "W1 f2" in result.stdout


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "committee-report build" in capsys.readouterr().out


def _sample_copy(tmp_path):
    import shutil

    from committee_report.paths import data_dir

    for name in ("paper.yaml", "catalogue.yaml", "scorecard.tsv", "report.md"):
        shutil.copy(data_dir() / "croydon-2022-02" / name, tmp_path / name)
    return tmp_path / "paper.yaml"


def test_validate_lists_missing_required_commentary(tmp_path, capsys):
    import yaml

    paper = _sample_copy(tmp_path)
    catalogue = yaml.safe_load((tmp_path / "catalogue.yaml").read_text(encoding="utf-8"))
    for indicator_id in ("AMT 2", "QA 5"):
        del catalogue["indicators"][indicator_id]["commentary"]
    (tmp_path / "catalogue.yaml").write_text(yaml.safe_dump(catalogue), encoding="utf-8")
    assert main(["validate", str(paper)]) == 0  # a warning by default
    lines = capsys.readouterr().out.splitlines()
    missing = [line for line in lines if "commentary is required" in line]
    assert missing == [
        "scorecard.tsv:5: warning: AMT 2: commentary is required for do better indicators and "
        "is missing (add it to catalogue.yaml or a Commentary column)".replace(
            "scorecard.tsv", str(tmp_path / "scorecard.tsv")
        ),
        "scorecard.tsv:35: warning: QA 5: commentary is required for do better indicators and "
        "is missing (add it to catalogue.yaml or a Commentary column)".replace(
            "scorecard.tsv", str(tmp_path / "scorecard.tsv")
        ),
    ]
    assert main(["validate", "--strict", str(paper)]) == 1  # an error with --strict


def test_previous_paper_scorecard_can_be_named(tmp_path, capsys):
    """When the series were revised, movement is judged against the previous paper's own file."""
    paper = _sample_copy(tmp_path)
    rows = (tmp_path / "scorecard.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    keep = [i for i, h in enumerate(header) if h != "Jan-22"]
    earlier = ["\t".join(r.split("\t")[i] for i in keep if i < len(r.split("\t"))) for r in rows]
    (tmp_path / "december.tsv").write_text("\n".join(earlier) + "\n", encoding="utf-8")
    paper.write_text(
        paper.read_text(encoding="utf-8").replace(
            "previous:\n  months: 1", "previous:\n  scorecard: december.tsv"
        ),
        encoding="utf-8",
    )
    assert main(["assess", str(paper), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["previous_period"] == "2021-12"
    cin8 = next(i for i in data["indicators"] if i["id"] == "CIN 8")
    assert (cin8["previous_rag"], cin8["movement"]) == ("red", "improved")


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "Indicator Number\tIndicator Title\tPolarity\tFeb-21\nX 1\tT\tUp-ish\t5\n",
            ":2:Polarity: ",
        ),
        ("Indicator Number\tIndicator Title\tRAG\tFeb-21\nX 1\tT\tPurple\t5\n", ":2:RAG: "),
        ("Title only\nnothing here\n", ""),
        ("", ""),
    ],
)
def test_bad_scorecards_give_one_line_and_exit_1(tmp_path, capsys, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    assert main(["assess", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {path}") and err.count("\n") == 1 and message in err


def test_validate_lists_every_problem_of_scorecard_and_config(tmp_path, sample_dir, capsys):
    """Three bad cells in the real sample scorecard and two bad keys in its paper config: five
    lines, one per problem, each naming FILE:ROW:COLUMN or FILE: key, then the count."""
    for name in ("paper.yaml", "catalogue.yaml", "scorecard.tsv", "report.md"):
        (tmp_path / name).write_bytes((sample_dir / name).read_bytes())
    rows = [
        line.split("\t")
        for line in (tmp_path / "scorecard.tsv").read_text(encoding="utf-8").splitlines()
    ]
    header = rows[0]
    rows[1][header.index("2021-22 Target")] = "1O"  # a letter O: "ten" now reads as 10
    rows[3][header.index("Apr-21")] = "n.a."
    rows[5][header.index("Jan-22")] = "12..5"
    (tmp_path / "scorecard.tsv").write_text(
        "\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8"
    )
    paper = tmp_path / "paper.yaml"
    paper.write_text(
        paper.read_text(encoding="utf-8")
        .replace("charts:", "chartz:")
        .replace("  marking: OFFICIAL", "  markings: OFFICIAL"),
        encoding="utf-8",
    )
    assert main(["validate", str(paper)]) == 2
    out, err = capsys.readouterr()
    card = tmp_path / "scorecard.tsv"
    expected_number = "expected a number such as 81%, 1,219 or 15.6, or BM, NA or blank"
    assert out.splitlines() == [
        f"{paper}: chartz: unknown key (expected one of: paper, scorecard, sheet, catalogue, "
        "rules, layout, period, previous, charts, commentary, exceptions_only, report, columns, "
        "rag_codes, zero_means_missing, comparator_rows)",
        f"{paper}: paper.markings: unknown key (expected one of: council, committee, title, "
        "subtitle, date, period_label, agenda_item, author, marking, keywords, sample_notice, lang, "
        "title_in)",
        f"{card}:2:2021-22 Target: {expected_number}; got '1O'",
        f"{card}:4:Apr-21: {expected_number}; got 'n.a.'",
        f"{card}:6:Jan-22: {expected_number}; got '12..5'",
    ]
    assert err == "5 problem(s) found\n"


# -- command-line conventions ----------------------------------------------------------------


def _sample_tsv():
    from committee_report.paths import data_dir

    return data_dir() / "croydon-2022-02" / "scorecard.tsv"


def _run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "committee_report", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )


def test_version_prints_the_package_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"committee-report {version('committee-report')}\n"


@pytest.mark.pdf
def test_build_to_stdout_writes_the_pdf_and_nothing_else(tmp_path):
    import pikepdf

    result = _run("build", "-o", "-")
    assert result.returncode == 0
    assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
    with pikepdf.open(__import__("io").BytesIO(result.stdout)) as pdf:
        assert len(pdf.pages) == 22  # the formal report and its Appendix A
    assert result.stderr.decode().startswith("Wrote the PDF to standard output: 22 pages")
    file = tmp_path / "paper.pdf"
    assert _run("build", "-q", "-o", str(file)).returncode == 0
    assert file.read_bytes() == result.stdout  # the same paper, byte for byte


def _main_reading(data: bytes, args: list[str], monkeypatch, capsys):
    """`main` in this process with `data` as a piped standard input (not a terminal): the
    same code path as a pipe, without starting an interpreter; the subprocess tests below and
    test_a_paper_built_from_stdin_names_no_file cover a real pipe."""
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code = main(args)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err.encode())


def test_assess_reads_a_scorecard_from_stdin(monkeypatch, capsys):
    result = _main_reading(
        _sample_tsv().read_bytes(), ["assess", "-", "--format", "json"], monkeypatch, capsys
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    eh9 = next(i for i in data["indicators"] if i["id"] == "EH 9")
    assert (data["period"], len(data["indicators"]), eh9["headline"], eh9["rag"]) == (
        "2022-01",
        33,
        17.0,
        "red",
    )
    w1 = next(i for i in data["indicators"] if i["id"] == "W1 f2")
    assert w1["warnings"] == [
        (
            "<stdin>:29:2021-22 YTD or latest: W1 f2: the scorecard gives "
            "19.7 as the latest value, its January figure is 17.7; the paper "
            "shows 17.7"
        )
    ]


def test_stdin_errors_name_stdin_and_empty_stdin_is_a_usage_error(monkeypatch, capsys):
    bad = b"Indicator Number\tIndicator Title\tPolarity\tFeb-21\nX 1\tT\tBIB\tabc\n"
    result = _main_reading(bad, ["assess", "-"], monkeypatch, capsys)
    assert (result.returncode, result.stderr.decode()) == (
        1,
        (
            "Error: <stdin>:2:Feb-21: expected a number such as 81%, 1,219 or 15.6, or BM, NA or "
            "blank; got 'abc'\n"
        ),
    )
    empty = _main_reading(b"", ["validate", "-"], monkeypatch, capsys)
    assert empty.returncode == 2 and empty.stderr.decode().count("\n") == 1


@pytest.mark.slow
def test_an_empty_pipe_is_a_usage_error():
    empty = _run("validate", "-", stdin=b"")  # a real, empty pipe
    assert empty.returncode == 2 and empty.stderr.decode().count("\n") == 1


@pytest.mark.pdf
def test_quiet_prints_nothing_on_success(tmp_path):
    result = _run("build", "-q", "-o", str(tmp_path / "p.pdf"))
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    result = _run("-q", "validate")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


@pytest.mark.pdf
def test_verbose_prints_each_stage_with_its_time(tmp_path):
    import re

    result = _run("build", "-v", "-o", str(tmp_path / "p.pdf"))
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    stages = [re.fullmatch(r"(.+): (\d+\.\d\d) s", line) for line in lines]
    assert all(stages), lines
    assert [m.group(1) for m in stages] == [
        "load the layout",
        "read the scorecard",
        "judge the indicators",
        "write the narrative",
        "lay out, tag and save the PDF",
        "check accessibility",
        "write the file",
        "total",
    ]
    assert result.stdout.decode().startswith(f"Wrote {tmp_path / 'p.pdf'}: 22 pages")


@pytest.mark.pdf
def test_progress_shows_on_a_terminal_after_a_second_only(monkeypatch, capsys):
    import time

    from committee_report import console
    from committee_report.stages import Steps

    monkeypatch.setattr(console, "PROGRESS_AFTER", 0.05)
    with console.progress(enabled=True):
        Steps().next("lay out, tag and save the PDF")
        time.sleep(0.4)
    err = capsys.readouterr().err
    width = max(20, min(78, __import__("shutil").get_terminal_size().columns - 1))
    assert "\rBuilding: lay out, tag and save the PDF (0 s)"[: width + 1] in err
    assert err.endswith("\r" + " " * width + "\r")  # wiped before anything else prints
    monkeypatch.setattr(console, "PROGRESS_AFTER", 5)
    with console.progress(enabled=True):
        time.sleep(0.1)  # a quick build shows nothing
    assert capsys.readouterr().err == ""


@pytest.mark.pdf
def test_build_on_a_pipe_shows_no_progress(tmp_path):
    result = _run("build", "-o", str(tmp_path / "p.pdf"))
    assert b"Building:" not in result.stderr and result.stderr == b""


@pytest.mark.pdf
def test_sheet_and_period_on_every_command(tmp_path, capsys):
    from committee_report.paths import data_dir

    book = data_dir().parent / "tests" / "data" / "ingest" / "scorecard-percent.xlsx"
    assert (
        main(["assess", str(book), "--sheet", "KPIs", "--period", "2021-12", "--format", "json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    cin8 = next(i for i in data["indicators"] if i["id"] == "CIN 8")
    assert (data["period"], cin8["rag"], cin8["movement"]) == ("2021-12", "red", "worsened")
    assert main(["validate", str(book), "--sheet", "Nope"]) == 1
    assert capsys.readouterr().out == f"{book}: no sheet named 'Nope'; the workbook has 'KPIs'\n"
    out = tmp_path / "dec.pdf"
    assert main(["build", "--period", "2021-12", "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out}: ")
    assert main(["init", str(book), "--sheet", "KPIs", "--dir", str(tmp_path)]) == 0


@pytest.mark.parametrize("command", ["init", "validate", "assess", "build"])
def test_every_command_has_help_with_an_example(capsys, command):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and f"committee-report {command} " in out
    for option in ("-q", "-v"):
        assert option in out
    if command != "init":
        assert "--sheet" in out and "--period" in out


def test_read_only_output_is_one_line_that_says_what_to_do(tmp_path, capsys):
    out = tmp_path / "paper.pdf"
    out.write_bytes(b"last month's paper")
    out.chmod(0o444)
    assert main(["build", "-o", str(out)]) == 1  # the environment, as a locked file is
    assert capsys.readouterr().err == (
        f"Error: {out}: the file is read-only; make it writable or choose another name with -o\n"
    )
    assert out.read_bytes() == b"last month's paper"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]


@pytest.mark.pdf
def test_locked_output_is_one_line_that_says_what_to_do(tmp_path, capsys, monkeypatch):
    """Windows refuses to replace a file open in a PDF viewer: os.replace raises
    PermissionError. The same error, raised here, must give the same one line."""
    import os

    out = tmp_path / "paper.pdf"
    out.write_bytes(b"open in a viewer")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    assert main(["build", "-o", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"Error: {out}: cannot replace the file: it is read-only or open in another program; "
        "close the PDF in your viewer and try again\n"
    )
    assert out.read_bytes() == b"open in a viewer"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.pdf"]


@pytest.mark.pdf
def test_a_paper_built_from_stdin_names_no_file(tmp_path):
    import os

    from conftest import private_text

    out, temp = tmp_path / "p.pdf", tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    result = subprocess.run(
        [sys.executable, "-m", "committee_report", "build", "-", "-o", str(out)],
        input=_sample_tsv().read_bytes(),
        capture_output=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert private_text(out.read_bytes(), names=("scorecard.csv", "stdin", str(tmp_path))) == []
    assert list(temp.iterdir()) == []  # the private copy of standard input is removed
