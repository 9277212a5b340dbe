"""End-to-end install/uninstall in a temporary HOME and project, through the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SKILL = "async-patterns"
TRIGGER_PROMPT = "My asyncio.gather call hangs and a coroutine was never awaited, how do I fix it?"
QUIET_PROMPT = "What is a good name for a golden retriever puppy?"


def run_cli(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "async_patterns", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or home,
        timeout=120,
        check=False,
    )


def hook_commands(settings: Path) -> list[str]:
    data = json.loads(settings.read_text(encoding="utf-8"))
    return [
        handler["command"]
        for group in data.get("hooks", {}).get("UserPromptSubmit", [])
        for handler in group.get("hooks", [])
    ]


def run_hook(command: str, prompt: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    payload = {
        "session_id": "test-session",
        "transcript_path": str(cwd / "transcript.jsonl"),
        "cwd": str(cwd),
        "permission_mode": "default",
        "hook_event_name": "UserPromptSubmit",
        "prompt": prompt,
    }
    return subprocess.run(
        command, shell=True, input=json.dumps(payload), capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_user_install_copies_only_what_agents_need(home: Path) -> None:
    """A user-scope install writes the skill folder (no tests or caches) that validates on its own."""
    result = run_cli(home, "install", "--scope", "user")
    assert result.returncode == 0, result.stderr
    folder = home / ".claude" / "skills" / SKILL
    assert (folder / "SKILL.md").is_file()
    assert (folder / "skill.yaml").is_file()
    assert not (folder / "tests").exists()
    assert not list(folder.rglob("__pycache__"))
    assert run_cli(home, "validate", str(folder)).returncode == 0


def test_registered_hook_answers_a_real_payload(home: Path) -> None:
    """The registered command runs from any folder and adds context only for asyncio prompts."""
    assert run_cli(home, "install").returncode == 0
    (command,) = hook_commands(home / ".claude" / "settings.json")
    elsewhere = home / "somewhere"
    elsewhere.mkdir()
    fired = run_hook(command, TRIGGER_PROMPT, elsewhere)
    assert fired.returncode == 0, fired.stderr
    output = json.loads(fired.stdout)
    assert output["hookSpecificOutput"]["hookEventName"] == "UserPromptSubmit"
    assert "async-patterns" in output["hookSpecificOutput"]["additionalContext"]
    quiet = run_hook(command, QUIET_PROMPT, elsewhere)
    assert quiet.returncode == 0
    assert quiet.stdout == ""


def test_install_twice_registers_the_hook_once(home: Path) -> None:
    """Reinstalling over an existing install replaces the folder and keeps a single hook entry."""
    assert run_cli(home, "install").returncode == 0
    (home / ".claude" / "skills" / SKILL / "stale.txt").write_text("old", encoding="utf-8")
    assert run_cli(home, "install").returncode == 0
    assert len(hook_commands(home / ".claude" / "settings.json")) == 1
    assert not (home / ".claude" / "skills" / SKILL / "stale.txt").exists()


def test_merge_keeps_other_settings_and_uninstall_restores_them(home: Path) -> None:
    """Install merges into settings.json, backs it up, and uninstall restores the JSON exactly."""
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    before: dict[str, Any] = {
        "model": "opus",
        "permissions": {"allow": ["Bash(ls:*)"]},
        "hooks": {
            "UserPromptSubmit": [{"hooks": [{"type": "command", "command": "echo other"}]}],
            "Stop": [{"hooks": [{"type": "command", "command": "echo stop"}]}],
        },
    }
    settings.write_text(json.dumps(before), encoding="utf-8")
    assert run_cli(home, "install").returncode == 0
    merged = json.loads(settings.read_text(encoding="utf-8"))
    assert merged["model"] == "opus"
    assert merged["hooks"]["Stop"] == before["hooks"]["Stop"]
    assert "echo other" in hook_commands(settings)
    assert len(hook_commands(settings)) == 2
    assert json.loads((settings.parent / "settings.json.async-patterns.bak").read_text(encoding="utf-8")) == before
    assert run_cli(home, "install").returncode == 0  # twice, then one uninstall restores all
    result = run_cli(home, "uninstall")
    assert result.returncode == 0, result.stderr
    assert json.loads(settings.read_text(encoding="utf-8")) == before
    assert not (home / ".claude" / "skills" / SKILL).exists()


def test_uninstall_removes_a_settings_file_the_install_created(home: Path) -> None:
    """When install created settings.json, uninstall leaves the folder as it found it."""
    assert run_cli(home, "install").returncode == 0
    assert run_cli(home, "uninstall").returncode == 0
    assert not (home / ".claude" / "settings.json").exists()


def test_malformed_settings_is_refused_and_left_untouched(home: Path) -> None:
    """A settings.json that is not valid JSON stops the install with one line and no change."""
    settings = home / ".claude" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"hooks": {,}', encoding="utf-8")
    result = run_cli(home, "install")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "settings.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert settings.read_text(encoding="utf-8") == '{"hooks": {,}'
    assert not (home / ".claude" / "skills").exists()


def test_project_scope_with_agents_dir(home: Path, tmp_path: Path) -> None:
    """Project scope writes under the project, also to .agents/skills when asked."""
    project = tmp_path / "project"
    project.mkdir()
    result = run_cli(home, "install", "--scope", "project", "--project-dir", str(project), "--agents-dir")
    assert result.returncode == 0, result.stderr
    assert (project / ".claude" / "skills" / SKILL / "SKILL.md").is_file()
    assert (project / ".agents" / "skills" / SKILL / "SKILL.md").is_file()
    assert len(hook_commands(project / ".claude" / "settings.json")) == 1
    assert not (home / ".claude").exists()
    result = run_cli(home, "uninstall", "--scope", "project", "--project-dir", str(project), "--agents-dir")
    assert result.returncode == 0
    assert not (project / ".agents" / "skills" / SKILL).exists()
    assert not (project / ".claude" / "settings.json").exists()


def test_no_hook_and_dry_run(home: Path) -> None:
    """--dry-run changes nothing; --no-hook installs the folder without touching settings."""
    result = run_cli(home, "install", "--dry-run")
    assert result.returncode == 0
    assert "would install" in result.stderr
    assert not (home / ".claude").exists()
    assert run_cli(home, "install", "--no-hook").returncode == 0
    assert (home / ".claude" / "skills" / SKILL / "SKILL.md").is_file()
    assert not (home / ".claude" / "settings.json").exists()


def test_project_dir_must_exist(home: Path) -> None:
    """A missing --project-dir is a usage error (exit 2) naming the option."""
    result = run_cli(home, "install", "--scope", "project", "--project-dir", str(home / "nope"))
    assert result.returncode == 2
    assert "--project-dir" in result.stderr


def test_installed_script_without_the_package_prints_a_hint(home: Path) -> None:
    """The installed hook script, run by an interpreter without the package, exits 0 with a hint."""
    assert run_cli(home, "install", "--no-hook").returncode == 0
    script = home / ".claude" / "skills" / SKILL / "scripts" / "hook.py"
    bare = shutil.which("python3") or sys.executable
    result = subprocess.run(
        [bare, "-S", "-I", str(script)],
        input=json.dumps({"prompt": TRIGGER_PROMPT}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == ""
    assert "pip install" in result.stderr
    assert result.stderr.count("\n") == 1


def registered(settings: Path) -> dict[str, list[tuple[str | None, str]]]:
    data = json.loads(settings.read_text(encoding="utf-8"))
    return {
        event: [(group.get("matcher"), handler["command"]) for group in groups for handler in group.get("hooks", [])]
        for event, groups in data.get("hooks", {}).items()
    }


def test_every_declared_hook_is_registered_once(home: Path) -> None:
    """install registers each entry of HOOKS (event, matcher, script) once, also when run twice."""
    from async_patterns.distribute.install import HOOKS

    assert run_cli(home, "install").returncode == 0
    assert run_cli(home, "install").returncode == 0
    hooks = registered(home / ".claude" / "settings.json")
    assert sorted(hooks) == sorted({spec.event for spec in HOOKS})
    for spec in HOOKS:
        ours = [
            (matcher, command) for matcher, command in hooks[spec.event] if command.endswith(f"scripts/{spec.script}")
        ]
        assert ours == [(spec.matcher, ours[0][1])], spec
    assert ("Read|Edit|Write", hooks["PostToolUse"][0][1]) in hooks["PostToolUse"]


def test_plugin_hooks_file_matches_the_install(home: Path) -> None:
    """hooks/hooks.json registers the same events, matchers and scripts as install, through CLAUDE_PLUGIN_ROOT."""
    from async_patterns.distribute.install import HOOKS

    repo = Path(__file__).resolve().parents[2]
    config = json.loads((repo / "hooks" / "hooks.json").read_text(encoding="utf-8"))
    plugin = {
        (event, group.get("matcher"), handler["command"])
        for event, groups in config["hooks"].items()
        for group in groups
        for handler in group["hooks"]
    }
    expected = {
        (spec.event, spec.matcher, f'python3 "${{CLAUDE_PLUGIN_ROOT}}/scripts/{spec.script}"') for spec in HOOKS
    }
    assert plugin == expected
    assert all((repo / "scripts" / spec.script).is_file() for spec in HOOKS)


def test_uninstall_understands_a_one_hook_record(home: Path) -> None:
    """An install made by the one-hook version (record with a top-level marker) is still removed cleanly."""
    settings = home / ".claude" / "settings.json"
    assert run_cli(home, "install").returncode == 0
    folder = home / ".claude" / "skills" / SKILL
    data = json.loads(settings.read_text(encoding="utf-8"))
    del data["hooks"]["PostToolUse"]
    settings.write_text(json.dumps(data), encoding="utf-8")
    legacy = {
        "settings": str(settings),
        "created_file": True,
        "created_hooks": True,
        "created_event": True,
        "marker": str(folder / "scripts" / "hook.py"),
    }
    (folder / ".install-record.json").write_text(json.dumps(legacy), encoding="utf-8")
    assert run_cli(home, "uninstall").returncode == 0
    assert not settings.exists()
