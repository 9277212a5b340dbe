"""The code-context hook (PostToolUse on Read|Edit|Write), end to end in a temporary HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from async_patterns.context_hook import asyncio_evidence, is_python, session_key, state_dir
from tests.paths import REPO

SKILL = "async-patterns"
ASYNC_SOURCE = "import asyncio\n\n\nasync def main() -> None:\n    await asyncio.sleep(1)\n"
PLAIN_SOURCE = "def main() -> int:\n    return 1\n"


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    env.pop("XDG_STATE_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "async_patterns", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=120,
        check=False,
    )


def post_tool_use(session: str, path: Path, tool: str = "Read", **extra: object) -> str:
    return json.dumps(
        {
            "session_id": session,
            "transcript_path": "/tmp/transcript.jsonl",
            "cwd": str(path.parent),
            "permission_mode": "default",
            "hook_event_name": "PostToolUse",
            "tool_name": tool,
            "tool_input": {"file_path": str(path), **extra},
            "tool_response": {"filePath": str(path), "success": True},
        }
    )


def run_command(command: str, stdin: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    env.pop("XDG_STATE_HOME", None)
    return subprocess.run(
        command, shell=True, input=stdin, capture_output=True, text=True, env=env, timeout=60, check=False
    )


def registered(settings: Path, event: str) -> list[tuple[str | None, str]]:
    data = json.loads(settings.read_text(encoding="utf-8"))
    return [
        (group.get("matcher"), handler["command"])
        for group in data.get("hooks", {}).get(event, [])
        for handler in group.get("hooks", [])
    ]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_installed_hook_notes_asyncio_code_once_per_session(home: Path) -> None:
    """install registers it; asyncio code gets one note per session; other files and repeats stay silent; uninstall removes it."""
    assert cli(home, "install").returncode == 0
    settings = home / ".claude" / "settings.json"
    ((matcher, command),) = [entry for entry in registered(settings, "PostToolUse") if "context_hook" in entry[1]]
    assert matcher == "Read|Edit|Write"
    work = home / "project"
    work.mkdir()
    (work / "service.py").write_text(ASYNC_SOURCE, encoding="utf-8")
    (work / "plain.py").write_text(PLAIN_SOURCE, encoding="utf-8")
    (work / "notes.txt").write_text("import asyncio\n", encoding="utf-8")

    first = run_command(command, post_tool_use("s-1", work / "service.py"), home)
    assert (first.returncode, first.stderr) == (0, "")
    specific = json.loads(first.stdout)["hookSpecificOutput"]
    assert specific["hookEventName"] == "PostToolUse"
    context = specific["additionalContext"]
    assert context.startswith(f"The {SKILL} skill applies to {work / 'service.py'}")
    assert str(home / ".claude" / "skills" / SKILL / "SKILL.md") in context
    assert len(first.stdout) < 1_000

    again = run_command(command, post_tool_use("s-1", work / "service.py", "Edit"), home)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    for name in ("plain.py", "notes.txt"):
        quiet = run_command(command, post_tool_use("s-2", work / name), home)
        assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", ""), name
    later = run_command(command, post_tool_use("s-2", work / "service.py", "Write", content=ASYNC_SOURCE), home)
    assert json.loads(later.stdout)["hookSpecificOutput"]["hookEventName"] == "PostToolUse"
    records = sorted(p.name for p in (home / ".cache" / SKILL / "sessions").iterdir())
    assert records == ["s-1.json", "s-2.json"]

    assert cli(home, "uninstall").returncode == 0
    assert not settings.exists()


@pytest.mark.parametrize(
    ("stdin", "diagnostic"),
    [
        ("", "empty stdin"),
        ("{not json", "not JSON"),
        ("[1]", "not an object"),
        ('{"tool_name": "Read", "tool_input": {"file_path": "/x.py"}}', "session_id"),
        ('{"session_id": "s", "tool_name": "Read"}', "tool_input"),
        ('{"session_id": "s", "tool_name": "Read", "tool_input": {"file_path": "/nonexistent/x.py"}}', "No such file"),
    ],
)
def test_malformed_input_is_exit_0_and_one_line(home: Path, stdin: str, diagnostic: str) -> None:
    """Bad stdin or an unreadable file: exit 0, no stdout, one line on stderr."""
    result = run_command(f"{sys.executable} {REPO / 'scripts' / 'context_hook.py'}", stdin, home)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert diagnostic in result.stderr


def test_unwritable_state_is_exit_0(home: Path, tmp_path: Path) -> None:
    """A state folder that cannot be written: exit 0, no note, one line on stderr."""
    source = tmp_path / "a.py"
    source.write_text(ASYNC_SOURCE, encoding="utf-8")
    blocker = tmp_path / "state"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(blocker)}
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "context_hook.py")],
        input=post_tool_use("s", source),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr.count("\n")) == (0, "", 1)


def test_hook_imports_only_the_standard_library() -> None:
    """Importing and running the context hook loads no third-party module, nor pathlib, typing or the matcher."""
    code = (
        "import sys, io\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'{}'))\n"
        "from async_patterns.context_hook import main\nmain()\n"
        "slow = {'yaml', 'jsonschema', 'jinja2', 'typing', 'dataclasses', 'pathlib', 'argparse', 'tempfile',\n"
        "        'async_patterns.triggers.scanner'} & set(sys.modules)\n"
        "print(sorted(slow), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_start_up_is_close_to_the_bare_interpreter(tmp_path: Path) -> None:
    """The hook's whole process takes at most 0.1 s more than ``python -c pass`` (medians of 7)."""
    source = tmp_path / "a.py"
    source.write_text(ASYNC_SOURCE, encoding="utf-8")
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}

    def median(command: list[str], stdin: str) -> float:
        samples = []
        for number in range(7):
            start = time.perf_counter()
            subprocess.run(
                command, input=stdin.replace("{n}", str(number)), capture_output=True, text=True, env=env, check=False
            )
            samples.append(time.perf_counter() - start)
        return sorted(samples)[3]

    bare = median([sys.executable, "-c", "pass"], "")
    hook = median([sys.executable, str(REPO / "scripts" / "context_hook.py")], post_tool_use("s-{n}", source))
    assert hook - bare <= 0.1


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (b"import asyncio\n", "it imports asyncio"),
        (b"from asyncio import gather\n", "it imports asyncio"),
        (b"import aiohttp\n", "it imports an asyncio library"),
        (b"class A:\n    async def run(self):\n        pass\n", "it defines coroutines (async def)"),
        (b"x = 1\nresult = await fetch()\n", "it awaits"),
    ],
)
def test_evidence_names_the_reason_and_line(source: bytes, reason: str) -> None:
    """Each kind of asyncio evidence is named, with the line it is on."""
    found = asyncio_evidence(source)
    assert found is not None
    assert found[0] == reason
    assert source.splitlines()[found[1] - 1].strip()


@pytest.mark.parametrize(
    "source", [b"import threading\n", b"# asyncio is not used here\nx = 1\n", b"def await_it(): pass\n"]
)
def test_no_evidence_in_other_python(source: bytes) -> None:
    """Python without asyncio (a mention in a comment included) is not asyncio code."""
    assert asyncio_evidence(source) is None


def test_python_files_are_known_by_suffix_or_shebang() -> None:
    """.py, .pyi and .pyw files, and scripts whose #! line names python, are Python."""
    assert is_python("/a/b.py", b"")
    assert is_python("/a/B.PYI", b"")
    assert is_python("/a/tool", b"#!/usr/bin/env python3\nimport asyncio\n")
    assert not is_python("/a/b.js", b"await x")


@pytest.mark.parametrize("session", ["../../etc/passwd", "a/b", ".hidden", "x" * 500, "sp ace", "日本"])
def test_session_keys_are_safe_file_names(session: str) -> None:
    """Odd session ids become short names without separators, distinct from one another."""
    key = session_key(session)
    assert "/" not in key
    assert not key.startswith(".")
    assert len(key) <= 100
    assert key != session_key(session + "x")


def test_state_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """$XDG_STATE_HOME when absolute, else ~/.cache."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert state_dir() == str(tmp_path / SKILL / "sessions")
    monkeypatch.setenv("XDG_STATE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    assert state_dir() == str(tmp_path / "h" / ".cache" / SKILL / "sessions")
