"""yamlio: libyaml's parser and the pure-Python one read every YAML file we ship or test with
to the same tree; a file loaded again is parsed once, and each caller gets its own copy."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from committee_report.errors import ConfigError
from committee_report.inputs import yamlio
from committee_report.inputs.yamlio import load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(
    path
    for folder in ("data", "layouts", "tests")
    for path in (ROOT / folder).rglob("*.y*ml")
    if path.suffix in (".yaml", ".yml")
)
MALFORMED = [
    "scorecard: [scorecard.tsv\n",
    "rules: [\n",
    "a: {b: 1\nc: 2\n",
    "a: 1\n b: 2\n",
    "a: *nowhere\n",
    "a: 1\na: 2\n",
    "indicators: !!python/object/apply:os.system ['echo hi']\n",
    "[" * 40 + "]" * 40 + "\n",
]


def test_the_files_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in YAML_FILES}
    assert {"data/rules.yaml", "data/croydon-2022-02/catalogue.yaml", "layouts/default.yaml"} <= (
        names
    )
    assert len(YAML_FILES) >= 30


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml is not installed")
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_libyaml_and_pure_python_give_the_same_tree(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert yamlio._Loader.__mro__[2] is yaml.CSafeLoader  # the fast one is in use
    try:
        fast = parse_yaml(text)
    except yaml.YAMLError as error:  # a fixture malformed on purpose: the same place
        with pytest.raises(yaml.YAMLError) as pure:
            parse_yaml(text, yamlio._PureLoader)
        assert _where(pure.value) == _where(error)
        return
    loader = yamlio._PureLoader(text)  # the limits pass is the same code for both: skipped
    try:
        pure = loader.get_single_data()
    finally:
        loader.dispose()
    assert fast == pure
    assert _types(fast) == _types(pure)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml is not installed")
@pytest.mark.parametrize("text", MALFORMED)
def test_both_parsers_refuse_malformed_yaml_at_the_same_line(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as fast:
        parse_yaml(text)
    with pytest.raises(yaml.YAMLError) as pure:
        parse_yaml(text, yamlio._PureLoader)
    assert _where(fast.value) == _where(pure.value)
    assert _where(fast.value) is not None


def test_a_file_loaded_again_is_parsed_once_and_copied(tmp_path, monkeypatch) -> None:
    path = tmp_path / "rules.yaml"
    path.write_bytes((ROOT / "data" / "rules.yaml").read_bytes())
    first = load_yaml(path)
    parsed: list[str] = []
    monkeypatch.setattr(yamlio, "parse_yaml", lambda text: parsed.append(text) or {})
    second = load_yaml(path)
    assert parsed == [] and second == first and second is not first
    second["rag"]["compare"] = "changed"  # a caller's change reaches no other caller
    assert load_yaml(path)["rag"] == first["rag"] != second["rag"]
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert load_yaml(path) == {}  # new text: parsed again
    assert len(parsed) == 1


def test_an_error_is_raised_each_time_never_kept(tmp_path) -> None:
    path = tmp_path / "paper.yaml"
    path.write_text("scorecard: [scorecard.tsv\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError) as caught:
            load_yaml(path)
        assert str(caught.value).startswith(f"{path}: line 2, column 1: malformed YAML: ")


def _where(error: yaml.YAMLError) -> tuple[int, int] | None:
    mark = getattr(error, "problem_mark", None)
    return (mark.line, mark.column) if mark else None


def _types(tree: object) -> object:
    """The tree's shape with the type of every leaf: `1` and `1.0` are equal but not the same."""
    if isinstance(tree, dict):
        return {key: _types(value) for key, value in tree.items()}
    if isinstance(tree, list):
        return [_types(value) for value in tree]
    return type(tree).__name__
