"""The .skill package and the Claude Code plugin files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.paths import REPO

SKILL = "async-patterns"
FORBIDDEN_PARTS = {"tests", "__pycache__", ".DS_Store", "node_modules", "evals"}


def package(output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "async_patterns", "package", "-o", str(output), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def packaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("dist")
    result = package(output)
    assert result.returncode == 0, result.stderr
    return output


def test_archive_holds_one_top_level_folder_without_litter(packaged: Path) -> None:
    """The .skill zip holds only async-patterns/… and no tests, caches or evals."""
    with zipfile.ZipFile(packaged / f"{SKILL}.skill") as archive:
        names = archive.namelist()
    assert names == sorted(names)
    assert {name.split("/", 1)[0] for name in names} == {SKILL}
    assert f"{SKILL}/SKILL.md" in names
    assert not [n for n in names if FORBIDDEN_PARTS & set(n.split("/")[1:])]
    assert not [n for n in names if n.endswith((".pyc", ".pyo"))]


def test_package_is_byte_reproducible(packaged: Path, tmp_path: Path) -> None:
    """Two runs give byte-identical archives."""
    assert package(tmp_path).returncode == 0
    first = (packaged / f"{SKILL}.skill").read_bytes()
    assert (tmp_path / f"{SKILL}.skill").read_bytes() == first


def test_packaged_folder_passes_both_validators(packaged: Path, tmp_path: Path) -> None:
    """The written folder and the unzipped archive pass our validate and agentskills validate."""
    with zipfile.ZipFile(packaged / f"{SKILL}.skill") as archive:
        archive.extractall(tmp_path)
    for folder in (packaged / SKILL, tmp_path / SKILL):
        ours = subprocess.run(
            [sys.executable, "-m", "async_patterns", "validate", str(folder)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert ours.returncode == 0, ours.stdout + ours.stderr
        reference = shutil.which("agentskills", path=str(Path(sys.executable).parent))
        assert reference is not None, "skills-ref is part of the dev extra"
        theirs = subprocess.run([reference, "validate", str(folder)], capture_output=True, text=True, check=False)
        assert theirs.returncode == 0, theirs.stdout + theirs.stderr


def test_package_reports_size_and_refuses_to_overwrite(packaged: Path) -> None:
    """Without --force an existing output is kept (exit 1); --force --format json reports sizes."""
    refused = package(packaged)
    assert refused.returncode == 1
    assert "--force" in refused.stderr
    replaced = package(packaged, "--force", "--format", "json")
    assert replaced.returncode == 0, replaced.stderr
    summary = json.loads(replaced.stdout)
    assert 0 < summary["uncompressed_bytes"] < summary["upload_limit_bytes"]
    assert summary["files"] > 10


def test_plugin_manifest_matches_the_documented_fields() -> None:
    """plugin.json has a kebab-case name, the skill's version, and paths that exist."""
    plugin = json.loads((REPO / ".claude-plugin" / "plugin.json").read_text(encoding="utf-8"))
    manifest = yaml.safe_load((REPO / "skill.yaml").read_text(encoding="utf-8"))
    documented = {
        "name", "version", "description", "author", "homepage", "repository", "license", "keywords",
        "commands", "agents", "skills", "hooks", "mcpServers", "outputStyles", "lspServers",
    }  # fmt: skip
    assert set(plugin) <= documented
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", plugin["name"])
    assert plugin["name"] == manifest["name"]
    assert plugin["version"] == manifest["version"]
    for path in plugin["skills"]:
        assert (REPO / path / "SKILL.md").is_file()
    assert (REPO / plugin["hooks"]).is_file()


def test_plugin_hooks_run_scripts_of_the_skill() -> None:
    """hooks/hooks.json runs only commands on scripts/ of the skill, each with a bounded timeout.

    (That it registers the same hooks as ``install`` is test_install's
    test_plugin_hooks_file_matches_the_install.)
    """
    config = json.loads((REPO / "hooks" / "hooks.json").read_text(encoding="utf-8"))
    assert set(config["hooks"]) == {"UserPromptSubmit", "PostToolUse"}
    handlers = [handler for groups in config["hooks"].values() for group in groups for handler in group["hooks"]]
    for handler in handlers:
        assert handler["type"] == "command"
        assert 0 < handler["timeout"] <= 60
        script = handler["command"].split("${CLAUDE_PLUGIN_ROOT}/scripts/", 1)[1].rstrip('"')
        assert (REPO / "scripts" / script).is_file()
