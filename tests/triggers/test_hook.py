"""The UserPromptSubmit hook, run as the real command in a subprocess with documented payloads."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPO

CONSOLE = str(Path(sys.executable).with_name("async-patterns"))
SCRIPT = REPO / "scripts" / "hook.py"
TRIGGER = "My asyncio.gather call hangs and a coroutine was never awaited, how do I fix it?"
QUIET = "What is a good name for a golden retriever puppy?"
MAX_OUTPUT = 10_000


def payload(prompt: object, **extra: object) -> bytes:
    data = {
        "session_id": "abc123",
        "transcript_path": "/tmp/transcript.jsonl",
        "cwd": "/tmp",
        "permission_mode": "default",
        "hook_event_name": "UserPromptSubmit",
        "prompt": prompt,
        **extra,
    }
    return json.dumps(data).encode()


def run(command: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, input=stdin, capture_output=True, timeout=60, check=False)


COMMANDS = {"console": [CONSOLE, "hook"], "script": [sys.executable, str(SCRIPT)]}


@pytest.fixture(params=sorted(COMMANDS))
def command(request: pytest.FixtureRequest) -> list[str]:
    return COMMANDS[request.param]


def assert_context(result: subprocess.CompletedProcess[bytes], skill_md: Path) -> str:
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) <= MAX_OUTPUT
    output = json.loads(result.stdout)
    assert set(output) == {"hookSpecificOutput"}
    specific = output["hookSpecificOutput"]
    assert specific["hookEventName"] == "UserPromptSubmit"
    context: str = specific["additionalContext"]
    assert context.startswith("The async-patterns skill applies")
    assert str(skill_md) in context
    return context


def test_trigger_prompt_gets_plain_fact_context(command: list[str]) -> None:
    """An asyncio prompt yields additionalContext naming the skill, its reasons and SKILL.md."""
    context = assert_context(run(command, payload(TRIGGER)), REPO / "SKILL.md")
    assert "asyncio" in context
    assert "never awaited" in context


def test_other_prompt_prints_nothing(command: list[str]) -> None:
    """A prompt about something else changes nothing: exit 0, no output at all."""
    result = run(command, payload(QUIET, prompt_id="p-1", future_field={"x": 1}))
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


@pytest.mark.parametrize(
    ("stdin", "diagnostic"),
    [
        (b"", b"empty stdin"),
        (b"   \n", b"empty stdin"),
        (b"{not json", b"not JSON"),
        (b"[1, 2, 3]", b"not an object"),
        (b'{"session_id": "x"}', b"no string 'prompt'"),
        (payload(None), b"no string 'prompt'"),
        (payload(["list"]), b"no string 'prompt'"),
        (b"\xff\xfe\x00garbage\x80", b"not JSON"),
    ],
)
def test_bad_input_is_one_diagnostic_line_and_exit_0(command: list[str], stdin: bytes, diagnostic: bytes) -> None:
    """Empty, malformed, non-object or prompt-less stdin: exit 0, no stdout, one line on stderr."""
    result = run(command, stdin)
    assert result.returncode == 0
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1
    assert diagnostic in result.stderr


def test_binary_and_odd_prompts_are_handled(command: list[str]) -> None:
    """NUL bytes, lone surrogates (escaped in JSON) and raw invalid UTF-8 never break the hook."""
    odd = b'{"prompt": "asyncio \\u0000 \\ud800 \\u202e gather()"}'
    assert_context(run(command, odd), REPO / "SKILL.md")
    raw = b'{"prompt": "asyncio \xff\xfe bytes"}'
    assert_context(run(command, raw), REPO / "SKILL.md")


def test_one_megabyte_prompt(command: list[str]) -> None:
    """A 1 MB prompt is answered, within the output limit."""
    big = ("lorem ipsum dolor sit amet " * 40_000)[:999_000] + " asyncio.gather hangs"
    assert_context(run(command, payload(big)), REPO / "SKILL.md")


def test_long_matches_keep_output_small(command: list[str]) -> None:
    """Even when many signals fire on long text, the answer stays under 10,000 characters."""
    prompt = " ".join(["asyncio aiohttp TaskGroup event loop coroutine never awaited"] * 2000)
    result = run(command, payload(prompt))
    assert_context(result, REPO / "SKILL.md")
    assert len(result.stdout) < 2_000


@pytest.fixture
def installed_copy(tmp_path: Path) -> Path:
    """A skill folder like an install makes: SKILL.md, skill.yaml, triggers.json, scripts/hook.py."""
    folder = tmp_path / "async-patterns"
    (folder / "scripts").mkdir(parents=True)
    for name in ("SKILL.md", "skill.yaml", "triggers.json"):
        shutil.copyfile(REPO / name, folder / name)
    shutil.copyfile(SCRIPT, folder / "scripts" / "hook.py")
    return folder


def test_script_uses_its_own_skill_folder(installed_copy: Path) -> None:
    """Called by path, the script reads the table beside it and points at that folder's SKILL.md."""
    result = run([sys.executable, str(installed_copy / "scripts" / "hook.py")], payload(TRIGGER))
    assert_context(result, installed_copy / "SKILL.md")


@pytest.mark.parametrize("table", [None, "{broken", '{"format": 99}', '{"format": 1, "threshold": 1, "signals": [{}]}'])
def test_missing_or_broken_table_is_exit_0(installed_copy: Path, table: str | None) -> None:
    """A missing or broken triggers.json: exit 0, no output, one line saying how to repair it."""
    path = installed_copy / "triggers.json"
    if table is None:
        path.unlink()
    else:
        path.write_text(table, encoding="utf-8")
    result = run([sys.executable, str(installed_copy / "scripts" / "hook.py")], payload(TRIGGER))
    assert result.returncode == 0
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1
    assert b"trigger table" in result.stderr


def test_script_without_the_package_prints_an_install_hint(installed_copy: Path) -> None:
    """Run by an interpreter that cannot import async_patterns, the script exits 0 with a hint."""
    result = run([sys.executable, "-S", "-I", str(installed_copy / "scripts" / "hook.py")], payload(TRIGGER))
    assert result.returncode == 0
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1
    assert b"pip install" in result.stderr


@pytest.mark.parametrize(
    "entry",
    ["from async_patterns.hook import main\nmain()", "from async_patterns.cli import main\nmain(['hook'])"],
    ids=["hook", "cli"],
)
def test_hook_path_avoids_slow_imports(entry: str) -> None:
    """The hook, by itself or as `async-patterns hook`, imports neither PyYAML, jsonschema, Jinja2,
    typing, dataclasses, pathlib, argparse nor the other command modules."""
    code = (
        "import sys, io\n"
        'sys.stdin = io.TextIOWrapper(io.BytesIO(b\'{"prompt": "asyncio"}\'))\n'
        f"{entry}\n"
        "slow = {'yaml', 'jsonschema', 'jinja2', 'typing', 'dataclasses', 'pathlib', 'argparse',\n"
        "        'async_patterns.cli.new', 'async_patterns.cli.match'} & set(sys.modules)\n"
        "print(sorted(slow), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stderr.strip().splitlines()[-1] == "[]"
