"""The PostToolUse edit hook: findings for an edited asyncio file, silence otherwise, never exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPO

SCRIPT = REPO / "scripts" / "check_hook.py"
BUGGY = "import asyncio\n\n\nasync def main() -> None:\n    loop = asyncio.get_event_loop()\n    asyncio.run(main())\n    del loop\n"


def hook(payload: bytes) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT)], input=payload.decode(), capture_output=True, text=True, timeout=60, check=False
    )


def edit(path: Path, tool: str = "Edit", cwd: Path | None = None) -> bytes:
    payload = {
        "session_id": "s1",
        "hook_event_name": "PostToolUse",
        "tool_name": tool,
        "tool_input": {"file_path": str(path)},
    }
    if cwd is not None:
        payload["cwd"] = str(cwd)
    return json.dumps(payload).encode()


@pytest.mark.parametrize("tool", ["Edit", "Write", "MultiEdit"])
def test_findings_go_back_as_additional_context(tool: str, tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(BUGGY, encoding="utf-8")
    result = hook(edit(path, tool))
    assert result.returncode == 0
    answer = json.loads(result.stdout)["hookSpecificOutput"]
    assert answer["hookEventName"] == "PostToolUse"
    assert "AP109" in answer["additionalContext"]
    assert "Fix:" in answer["additionalContext"]
    assert result.stderr == ""


def test_a_relative_path_is_read_from_the_payloads_cwd(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(BUGGY, encoding="utf-8")
    result = hook(edit(Path("app.py"), cwd=tmp_path))
    assert "AP109" in result.stdout


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("clean.py", "import asyncio\n\n\nasync def main() -> None:\n    await asyncio.sleep(0)\n"),
        ("sync.py", "def main() -> None:\n    print('no async here')\n"),
        ("notes.md", "asyncio.get_event_loop()\n"),
    ],
)
def test_silent_when_nothing_to_say(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = hook(edit(path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_read_is_not_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(BUGGY, encoding="utf-8")
    assert hook(edit(path, "Read")).stdout == ""


@pytest.mark.parametrize(
    "payload",
    [b"", b"{not json", b"[]", json.dumps({"tool_name": "Edit", "tool_input": {}}).encode()],
)
def test_malformed_input_is_one_stderr_line(payload: bytes) -> None:
    result = hook(payload)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1


def test_missing_file_and_syntax_error_are_one_stderr_line(tmp_path: Path) -> None:
    missing = hook(edit(tmp_path / "gone.py"))
    broken = tmp_path / "broken.py"
    broken.write_text("import asyncio\nasync def f(:\n", encoding="utf-8")
    for result in (missing, hook(edit(broken))):
        assert (result.returncode, result.stdout) == (0, "")
        assert result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr


def test_install_registers_the_edit_hook_end_to_end(tmp_path: Path) -> None:
    """In a temporary HOME: install, run the registered command as Claude Code would, uninstall."""
    import os
    import shlex

    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "async_patterns", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=home, timeout=120, check=False)

    assert cli("install").returncode == 0
    settings = home / ".claude" / "settings.json"
    groups = json.loads(settings.read_text(encoding="utf-8"))["hooks"]["PostToolUse"]
    (group,) = [g for g in groups if g.get("matcher") == "Edit|Write|MultiEdit"]
    (handler,) = group["hooks"]
    argv = shlex.split(handler["command"])
    assert argv[1].endswith("/.claude/skills/async-patterns/scripts/check_hook.py")
    path = tmp_path / "app.py"
    path.write_text(BUGGY, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, argv[1]],
        input=edit(path).decode(),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0
    assert "AP109" in json.loads(run.stdout)["hookSpecificOutput"]["additionalContext"]
    assert cli("uninstall").returncode == 0
    assert not settings.exists()
