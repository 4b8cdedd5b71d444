"""`roadmap build` streams its Markdown and HTML into their files: the same
bytes as a document rendered whole, written atomically, the previous files
left whole when rendering fails half-way."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap import build as build_module
from roadmap.build import print_document, render, write
from roadmap.cli import app
from roadmap.dataset import Data
from roadmap.files import write_files
from roadmap.validation import validate

YEAR = 2026


@pytest.fixture(scope="module")
def shipped() -> Data:
    data, _ = validate(DEFAULT_DATA, years={YEAR})
    return data


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_streamed_document_is_the_document_rendered_whole(shipped: Data, fmt: str) -> None:
    (whole,) = render(shipped, YEAR, [fmt], lang="en")
    (streamed,) = render(shipped, YEAR, [fmt], lang="en", stream=True)
    assert isinstance(whole.content, str)
    assert not isinstance(streamed.content, (str, bytes))  # pieces, not the text
    assert "".join(streamed.content) == whole.content


def test_a_build_writes_the_streamed_bytes(shipped: Data, tmp_path: Path) -> None:
    whole = render(shipped, YEAR, lang="fr")
    paths = write(render(shipped, YEAR, lang="fr", stream=True), tmp_path)
    assert [p.name for p in paths] == [d.name for d in whole]
    for path, doc in zip(paths, whole, strict=True):
        assert isinstance(doc.content, str)
        assert path.read_bytes() == doc.content.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(d.name for d in whole)


def test_user_templates_are_rendered_whole(shipped: Data, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.md.j2").write_text("{{ plan.year }}\n", encoding="utf-8")
    (doc,) = render(shipped, YEAR, ["md"], templates=mine, stream=True)
    assert doc.content == "2026\n"


def test_the_cli_streams_and_writes_what_render_renders(
    shipped: Data, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed: list[bool] = []
    real = build_module.render

    def spy(*args: object, **kwargs: object) -> list[build_module.Document]:
        docs = real(*args, **kwargs)  # type: ignore[arg-type]
        streamed.extend(not isinstance(d.content, (str, bytes)) for d in docs)
        return docs

    monkeypatch.setattr(build_module, "render", spy)
    out = tmp_path / "out"
    args = ["build", str(YEAR), "-d", str(DEFAULT_DATA), "-f", "html", "-o", str(out), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert streamed == [True]
    (whole,) = render(shipped, YEAR, ["html"])
    assert isinstance(whole.content, str)
    assert (out / whole.name).read_text(encoding="utf-8") == whole.content


def _failing(pieces: list[str]) -> Iterator[str]:
    yield from pieces
    raise RuntimeError("a packaged template failed half-way")


def test_a_stream_failing_half_way_leaves_the_previous_files_whole(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old a", encoding="utf-8")
    (tmp_path / "b.html").write_text("old b", encoding="utf-8")
    with pytest.raises(RuntimeError, match="half-way"):
        write_files(
            [(tmp_path / "a.md", iter(["new ", "a"])), (tmp_path / "b.html", _failing(["x"] * 10))]
        )
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "old a"
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.html"]


def test_a_stream_larger_than_a_chunk_is_written_whole(tmp_path: Path) -> None:
    pieces = [f"é{i}\n" for i in range(50_000)]  # several chunks, multi-byte text
    write_files([(tmp_path / "big.md", iter(pieces))])
    assert (tmp_path / "big.md").read_bytes() == "".join(pieces).encode("utf-8")


@pytest.mark.parametrize(
    ("content", "printed"),
    [("é\n", "é\n".encode()), (b"%PDF-", b"%PDF-"), (iter(["a", "é", "\n"]), "aé\n".encode())],
)
def test_print_document_prints_text_bytes_and_streams(
    content: str | bytes | Iterator[str], printed: bytes
) -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    print_document(build_module.Document("x", "md", content), out)
    out.flush()
    assert out.buffer.getvalue() == printed  # type: ignore[attr-defined]


def test_a_released_data_gives_the_same_documents_and_its_reviews_up() -> None:
    kept, _ = validate(DEFAULT_DATA, years={YEAR})
    given, _ = validate(DEFAULT_DATA, years={YEAR})
    assert given.reviews.get(YEAR)  # the shipped year has reviews: the results section
    whole = render(kept, YEAR, lang="en")
    released = render(given, YEAR, lang="en", release=True)
    assert [d.content for d in released] == [d.content for d in whole]
    assert "(#results-so-far)" in str(whole[0].content)  # the results section is there
    assert given.reviews == {} and given.review_sources == {}
    assert kept.reviews.get(YEAR)  # without `release`, the caller's data is left whole
