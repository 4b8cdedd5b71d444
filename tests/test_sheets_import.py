"""`roadmap import proposals`: rows of a sheet added to the plan, only lines added."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DEFAULT_DATA, MINIMAL
from roadmap.cli import app
from roadmap.loader import SourceFile
from roadmap.sheets import intake, yamledit
from roadmap.validation import validate
from sheets_helpers import workbook

SHEETS = Path(__file__).parent / "data" / "sheets"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["import", "proposals", *args])
    return result.exit_code, result.stdout, result.stderr


def plan(root: Path) -> Path:
    return root / "plans" / "2026.yaml"


def proposals_of(root: Path) -> list[dict[str, object]]:
    """The plan's proposals as roadmap reads them (YAML 1.2: `NO` is text)."""
    proposals: list[dict[str, object]] = SourceFile.at(plan(root)).load()["proposals"]
    return proposals


def test_csv_with_three_columns_is_enough(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("meeting,by,text\nmazagan-2025,FNIH; CNT,Plus de vols en hiver\n")
    code, out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 0, err
    assert "P4" in out
    added = proposals_of(minimal)[-1]
    assert added == {
        "id": "P4",
        "meeting": "mazagan-2025",
        "by": ["FNIH", "CNT"],
        "text": "Plus de vols en hiver",
        "status": "open",
    }
    assert not [p for p in validate(minimal, {2026})[1] if p.severity == "error"]


def test_xlsx_every_column_per_language_and_dates(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = workbook(
        tmp_path / "p.xlsx",
        [
            ["id", "meeting", "date", "by", "group", "zone", "market", "text.fr", "text.en"],
            [
                "",
                "mazagan-2025",
                dt.datetime(2025, 12, 19),
                "FNIH",
                "Nord",
                "nordics",
                "NO",
                "Vols directs",
                "Direct flights",
            ],
            ["P40", "mazagan-2025", "19/12/2025", "CNT", None, None, "FR", "Salons", None],
            [None, "mazagan-2025", "18 décembre 2025", "RAM", None, None, None, "Lignes", None],
        ],
    )
    code, _out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 0, err
    added = proposals_of(minimal)[3:]
    assert [p["id"] for p in added] == ["P4", "P40", "P5"]
    assert added[0]["text"] == {"fr": "Vols directs", "en": "Direct flights"}
    assert added[0]["market"] == "NO"  # a text id, never Norway read as false
    assert [str(p["date"]) for p in added] == ["2025-12-19", "2025-12-19", "2025-12-18"]


def test_ids_continue_the_files_own_sequence() -> None:
    assert intake.next_ids(["P22-01", "P26-31", "P26-32"], 2, 2026, set()) == ["P26-33", "P26-34"]
    assert intake.next_ids(["P26-032"], 1, 2026, set()) == ["P26-033"]
    assert intake.next_ids([], 2, 2027, set()) == ["P27-01", "P27-02"]
    assert intake.next_ids(["P26-01"], 1, 2026, {"P26-02"}) == ["P26-03"]


def test_importing_twice_changes_nothing(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("by,text\nFNIH,Plus de vols\nFNIH,Plus de vols\n")
    args = (str(sheet), "--year", "2026", "--meeting", "mazagan-2025", "--data", str(minimal))
    code, out, err = run(runner, *args)
    assert code == 0, err
    assert "P4" in out and "P5" not in out  # the repeated row is skipped
    assert "p.csv:3:1\u00a0: ignorée, même proposition que la ligne 2 de la feuille." in err
    once = plan(minimal).read_bytes()
    code, out, err = run(runner, *args)
    assert code == 0
    assert plan(minimal).read_bytes() == once
    assert "P4" in err and "p.csv:2:1" in err


def test_a_row_with_an_existing_id_or_the_same_words_is_skipped(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "p.csv"
    # P2 by id; P3 by meeting, authors and text (spacing and case aside)
    sheet.write_text(
        "id,meeting,by,text\n"
        "P2,mazagan-2025,CNT,Autre chose\n"
        ",mazagan-2025,crt-marrakech-safi,un festival de plus  à Marrakech en juillet.\n"
    )
    before = plan(minimal).read_bytes()
    code, _out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 0
    assert plan(minimal).read_bytes() == before
    assert "P2" in err and "P3" in err


def test_dry_run_prints_yaml_and_writes_nothing(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("meeting,by,text\nmazagan-2025,FNIH,Une idée : essayer\n")
    before = plan(minimal).read_bytes()
    code, out, _err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal), "-n")
    assert code == 0
    assert plan(minimal).read_bytes() == before
    assert yaml.safe_load(out)[0]["text"] == "Une idée : essayer"


def test_every_problem_at_once_with_its_cell_and_nothing_written(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = workbook(
        tmp_path / "p.xlsx",
        [
            ["meeting", "by", "text", "market", "status"],
            ["mazagan-2025", "FNHI", "Un", "France", "open"],
            ["mazagan-2026", "CNT", "Deux", None, "declined"],
            ["mazagan-2025", "CNT", "Trois", None, "taken up"],
            ["mazagan-2025", "CNT", "Quatre", "spain", "open"],
        ],
        title="Atelier",
    )
    before = plan(minimal).read_bytes()
    code, _out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 1
    assert plan(minimal).read_bytes() == before
    lines = err.splitlines()
    assert any(
        line.startswith("p.xlsx:Atelier!B2: error unknown-partner")
        and "did you mean 'FNIH'" in line
        for line in (line.removeprefix(str(tmp_path) + "/") for line in lines)
    ), err
    assert "Atelier!D2: error unknown-market unknown market 'France' (did you mean 'FR'?)" in err
    assert "Atelier!A3: error unknown-meeting" in err and "did you mean 'mazagan-2025'" in err
    assert "Atelier!E3" in err and "reason" in err  # declined needs a reason
    assert "Atelier!E4: error proposal-unanswered" in err
    # a name in any of its languages points at the id
    assert "Atelier!D5: error unknown-market unknown market 'spain' (did you mean 'ES'?)" in err


def test_unknown_and_missing_columns_say_did_you_mean(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("meeting,authors,txt\nmazagan-2025,FNIH,Un\n")
    code, _out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 1
    assert "p.csv:1:3: error column-unknown unknown column 'txt' (did you mean 'text'?)" in err
    assert "column-missing no column 'by'" in err


def test_usage_errors_exit_2(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "p.csv"
    sheet.write_text("by,text\nFNIH,Un\n")
    code, _out, err = run(
        runner, str(sheet), "--year", "2026", "--meeting", "mazagan", "--data", str(minimal)
    )
    assert code == 2
    assert "did you mean 'mazagan-2025'" in err
    code, _out, err = run(
        runner, str(tmp_path / "nope.csv"), "--year", "2026", "--data", str(minimal)
    )
    assert code == 2 and "no such file" in err
    code, _out, err = run(runner, str(sheet), "--year", "2031", "--data", str(minimal))
    assert code == 2 and "no plan for 2031" in err


def test_a_plan_with_errors_is_not_edited(minimal: Path, runner: CliRunner, tmp_path: Path) -> None:
    text = plan(minimal).read_text(encoding="utf-8").replace("by: [FNIH, CNT]", "by: [NOBODY]")
    plan(minimal).write_text(text, encoding="utf-8")
    sheet = tmp_path / "p.csv"
    sheet.write_text("meeting,by,text\nmazagan-2025,FNIH,Un\n")
    code, _out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 1
    assert "unknown-partner" in err and "2026.yaml" in err
    assert plan(minimal).read_text(encoding="utf-8") == text


def test_the_plan_is_put_back_when_it_no_longer_validates(
    minimal: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A check the rows cannot see (here: every added record loses its `by`)
    real = yamledit.append

    def broken(text: str, key: str, records: list[dict[str, object]], display: str) -> str:
        return real(
            text, key, [{k: v for k, v in r.items() if k != "by"} for r in records], display
        )

    monkeypatch.setattr(yamledit, "append", broken)
    sheet = tmp_path / "p.csv"
    sheet.write_text("meeting,by,text\nmazagan-2025,FNIH,Un\n")
    before = plan(minimal).read_bytes()
    code, _out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 1
    assert "put back" in err or "remis" in err
    assert plan(minimal).read_bytes() == before


def test_the_default_plan_keeps_every_byte_golden_diff(runner: CliRunner, tmp_path: Path) -> None:
    """The shipped 2026 plan: comments, anchors, quoting kept; the diff only adds lines."""
    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root)
    before = plan(root).read_text(encoding="utf-8")
    code, _out, err = run(
        runner, str(SHEETS / "mazagan-extra.csv"), "--year", "2026", "--data", str(root)
    )
    assert code == 0, err
    after = plan(root).read_text(encoding="utf-8")
    assert yamledit.added_lines_only(before, after) is None
    diff = "".join(
        difflib.unified_diff(
            before.splitlines(True),
            after.splitlines(True),
            "a/plans/2026.yaml",
            "b/plans/2026.yaml",
        )
    )
    assert diff == (SHEETS / "mazagan-extra.diff").read_text(encoding="utf-8")
    assert not [p for p in validate(root, {2026})[1] if p.severity == "error"]


def test_append_inserts_before_a_section_comment_and_keeps_crlf() -> None:
    text = "a: 1\r\nproposals:\r\n- id: a\r\n  by: [b]  # kept\r\n\r\n# actions\r\nactions: []\r\n"
    out = yamledit.append(text, "proposals", [{"id": "c", "by": ["d"]}], "x")
    assert out == (
        "a: 1\r\nproposals:\r\n- id: a\r\n  by: [b]  # kept\r\n- id: c\r\n  by: [d]\r\n"
        "\r\n# actions\r\nactions: []\r\n"
    )


def test_append_creates_the_list_before_actions() -> None:
    out = yamledit.append("year: 1\nactions:\n  - x\n", "proposals", [{"id": "c"}], "x")
    assert out == "year: 1\nproposals:\n  - id: c\nactions:\n  - x\n"


def test_append_refuses_a_flow_list() -> None:
    with pytest.raises(yamledit.EditError, match="flow style"):
        yamledit.append("proposals: []\n", "proposals", [{"id": "c"}], "x")


def test_written_text_reads_back_as_typed() -> None:
    """Quotes where a YAML reader could take text for something else; paragraphs kept."""
    texts = ["NO", "yes", "2026-03-31", "12", "l'année : oui", "# not a comment", "a\nb\n\nc"]
    dumped = yamledit.dump([{"id": "P1", "text": t} for t in texts], 4)
    assert all(line.startswith("    ") for line in dumped.splitlines() if line.strip())
    assert [r["text"] for r in yaml.safe_load(dumped)] == texts  # YAML 1.1 reader
    assert "|-" in dumped  # a text of several lines as a literal block


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n'\"#:"),
        min_size=1,
        max_size=60,
    ).filter(lambda t: t.strip() and not t.strip().startswith(("=", "'")))
)
@settings(max_examples=25, deadline=None)
def test_any_cell_text_is_imported_as_typed(text: str) -> None:
    """A partner's text goes into the plan and reads back the same (trimmed, lines kept)."""
    import csv
    import io
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "data"
        shutil.copytree(MINIMAL, root)
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["meeting", "by", "text"], ["mazagan-2025", "FNIH", text]])
        sheet = Path(scratch) / "p.csv"
        sheet.write_text(buffer.getvalue(), encoding="utf-8")
        code, _out, err = run(CliRunner(), str(sheet), "--year", "2026", "--data", str(root))
        assert code == 0, err
        expected = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        assert proposals_of(root)[-1]["text"] == expected


def test_a_plan_changed_during_the_import_is_not_overwritten(
    minimal: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap.sheets import importing

    real = importing.intake_.proposals
    edited = "# edited by someone else meanwhile\n"

    def meanwhile(*args: object, **kwargs: object) -> intake.Intake:
        with plan(minimal).open("a", encoding="utf-8") as stream:
            stream.write(edited)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing.intake_, "proposals", meanwhile)
    sheet = tmp_path / "p.csv"
    sheet.write_text("meeting,by,text\nmazagan-2025,FNIH,Un\n")
    code, _out, err = run(runner, str(sheet), "--year", "2026", "--data", str(minimal))
    assert code == 2 and "changed while the sheet was read" in err
    assert plan(minimal).read_text(encoding="utf-8").endswith(edited)


def test_problems_as_json_and_github_annotations(
    minimal: Path, runner: CliRunner, tmp_path: Path
) -> None:
    import json

    sheet = workbook(tmp_path / "p.xlsx", [["meeting", "by", "text"], ["mazagan-2025", "X", "Un"]])
    args = (str(sheet), "--year", "2026", "--data", str(minimal))
    code, _out, err = run(runner, *args, "--format", "json")
    assert code == 1
    problem = json.loads(err)["problems"][0]
    assert (problem["sheet"], problem["cell"], problem["line"], problem["column"]) == (
        "proposals",
        "B2",
        2,
        2,
    )
    code, _out, err = run(runner, *args, "-f", "github")
    assert code == 1 and err.startswith("::error file=")
    assert ",line=2,col=2,title=unknown-partner::" in err
