"""Compiled templates are kept between runs (Jinja's bytecode cache), keyed
on roadmap's and Jinja's versions and the compile options; a cache that
cannot be written is no error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from roadmap import build as build_module
from roadmap.build import _BytecodeCache, cache_folder, environment


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private cache folder, and fresh environments that use it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    environment.cache_clear()
    yield tmp_path / "cache" / "roadmap" / "templates"
    environment.cache_clear()


def test_the_cache_is_in_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "roadmap" / "templates"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "roadmap" / "templates"


def test_a_second_run_does_not_compile_the_templates(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = environment(None).get_template("plan.md.j2")
    assert any(cache.iterdir())
    environment.cache_clear()  # as a new process would start

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    again = environment(None).get_template("plan.md.j2")
    assert again is not first
    assert again.filename == first.filename


def test_a_changed_template_is_compiled_again(cache: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.md.j2").write_text("one\n", encoding="utf-8")
    assert environment(mine).get_template("plan.md.j2").render() == "one\n"
    environment.cache_clear()
    (mine / "plan.md.j2").write_text("two\n", encoding="utf-8")
    assert environment(mine).get_template("plan.md.j2").render() == "two\n"


def test_the_key_holds_the_versions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before = _BytecodeCache(tmp_path).get_cache_key("plan.md.j2", "/x/plan.md.j2")
    monkeypatch.setattr(build_module, "__version__", "99.0")
    after = _BytecodeCache(tmp_path).get_cache_key("plan.md.j2", "/x/plan.md.j2")
    assert before != after


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "roadmap").write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    environment.cache_clear()
    try:
        assert environment(None).get_template("plan.md.j2") is not None
    finally:
        environment.cache_clear()
