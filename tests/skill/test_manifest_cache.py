"""The cache of manifests already proven valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from async_patterns.errors import ManifestError
from async_patterns.layout import bundled_skill_dir
from async_patterns.skill.manifest import load_manifest

REPO_MANIFEST = bundled_skill_dir() / "skill.yaml"


def copy_skill(tmp_path: Path) -> Path:
    folder = tmp_path / "skill"
    folder.mkdir()
    shutil.copyfile(REPO_MANIFEST, folder / "skill.yaml")
    return folder


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid manifest is cached, and a cached load gives the same manifest."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = copy_skill(tmp_path)
    first = load_manifest(folder)
    cached = list((tmp_path / "cache" / "async-patterns" / "manifests").glob("*.json"))
    assert len(cached) == 1
    assert load_manifest(folder) == first


def test_an_edit_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing the manifest after a cached load is validated again, so an error is not hidden."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = copy_skill(tmp_path)
    load_manifest(folder)
    text = (folder / "skill.yaml").read_text(encoding="utf-8")
    (folder / "skill.yaml").write_text(text.replace("version: ", "version: not-semver-", 1), encoding="utf-8")
    with pytest.raises(ManifestError, match="version"):
        load_manifest(folder)


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ASYNC_PATTERNS_NO_CACHE=1 neither reads nor writes the cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("ASYNC_PATTERNS_NO_CACHE", "1")
    load_manifest(copy_skill(tmp_path))
    assert not (tmp_path / "cache").exists()
