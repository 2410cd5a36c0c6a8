"""Column roles (inputs/roles.py): every alias documented, and `columns:` in paper.yaml checked against the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from committee_report.errors import ConfigError
from committee_report.inputs.roles import ALIASES, ROLES, alias_role, is_comparator_label
from committee_report.inputs.config import load_paper
from committee_report.pipeline import load_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def test_every_role_and_alias_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Your council's scorecard") :]
    for role in ROLES:
        assert f"`{role}`" in section, role
    for role, names in ALIASES.items():
        for name in names:
            assert f"`{name}`" in section, (role, name)


@pytest.mark.parametrize(
    "header, role",
    [
        ("Indicator Number", "id"),
        ("KPI ref", "id"),
        ("Performance Indicator Description", "title"),
        ("RAG status", "rag"),
        ("Progress status", "rag"),
        ("Trend", "direction"),
        ("Explanations/narrative", "commentary"),
        ("Connect outcome", "section"),
        ("Last quarter", "previous"),
        ("This period", "current"),
        ("Target 2017/18", "target"),
        ("Q2 target", "target"),
        ("Stats Nbr Average 2020-21", "comparator"),
        ("England 2020-21", "comparator"),
        ("Family group", "comparator"),
        ("Measure type", None),
        ("Directorate", "officer"),
    ],
)
def test_aliases(header: str, role: str | None) -> None:
    assert alias_role(header) == role


def test_comparator_rows_are_short_labels_naming_somewhere_else() -> None:
    assert is_comparator_label("Scotland comparisons")
    assert is_comparator_label("Family group comparisons")
    assert not is_comparator_label("Percentage of reports of littering attended to")


def test_a_mapped_header_the_table_lacks_is_a_config_error(tmp_path: Path) -> None:
    source = CORPUS / "hart-kpi-tiles-q2-2014-15" / "scorecard.tsv"
    config = tmp_path / "paper.yaml"
    config.write_text(
        f"scorecard: {source}\nperiod: Q2 2014/15\ncolumns:\n  k: id\n"
        "  lq: previous\n  tq: current\n  KPI name: title\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_report(config)
    assert str(caught.value).startswith(f"{config}: columns.KPI name: no column 'KPI name' in ")
    assert caught.value.exit_code == 2


def test_an_unknown_role_is_a_config_error(tmp_path: Path) -> None:
    source = CORPUS / "hart-kpi-tiles-q2-2014-15" / "scorecard.tsv"
    config = tmp_path / "paper.yaml"
    config.write_text(f"scorecard: {source}\ncolumns:\n  k: identifier\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_paper(config)
    assert "columns.k: expected a role: id, title" in str(caught.value)
    config.write_text(f"scorecard: {source}\nrag_codes:\n  lg: lime\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_paper(config)
    assert "rag_codes.lg: expected green, amber, red, grey or none" in str(caught.value)
