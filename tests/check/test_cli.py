"""``async-patterns check`` from the command line: exit codes, formats, the merged gate set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from async_patterns.check import external
from async_patterns.cli import main
from async_patterns.errors import ToolMissingError
from async_patterns.findings import code_finding

BUGGY = """\
import asyncio
import time

import httpx


async def fetch(client: httpx.AsyncClient, url: str) -> str:
    try:
        response = await client.get(url)
    except TimeoutError:
        return ""
    return response.text


async def main() -> None:
    time.sleep(1)
    fetch  # noqa: B018
    await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(main())
"""
CLEAN = """\
import asyncio


async def main() -> None:
    async with asyncio.timeout(1):
        await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(main())
"""


def project(tmp_path: Path, source: str) -> Path:
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_own_rules_find_the_bug_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--no-external", str(project(tmp_path, BUGGY))], capsys)
    assert code == 1
    assert "app.py:10:5: AP105" in out
    assert "why:" in out
    assert "fix:" in out


def test_clean_code_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--no-external", str(project(tmp_path, CLEAN))], capsys)
    assert code == 0, out


def test_noqa_suppresses_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = BUGGY.replace("    except TimeoutError:", "    except TimeoutError:  # noqa: AP105")
    code, _, _ = run(["check", "--no-external", str(project(tmp_path, source))], capsys)
    assert code == 0


def test_pyproject_ignore_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.async-patterns.check]\nignore = ["AP105"]\n', encoding="utf-8")
    code, _, _ = run(["check", "--no-external", str(project(tmp_path, BUGGY))], capsys)
    assert code == 0


@pytest.mark.parametrize("form", ["json", "sarif"])
def test_machine_formats_parse(form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", "--no-external", "--format", form, str(project(tmp_path, BUGGY))], capsys)
    assert code == 1
    data = json.loads(out)
    if form == "json":
        assert [item["code"] for item in data] == ["AP105"]
    else:
        assert data["version"] == "2.1.0"
        assert data["runs"][0]["results"][0]["ruleId"] == "AP105"


def test_output_file_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.sarif"
    code, out, _ = run(
        ["check", "--no-external", "--format", "sarif", "-o", str(report), str(project(tmp_path, BUGGY))], capsys
    )
    assert code == 1
    assert out == ""
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == "2.1.0"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--select", "AP999"], "select"),
        (["--target-version", "3.9"], "--target-version"),
        (["--format", "xml"], "--format"),
    ],
)
def test_usage_errors_exit_2(args: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(["check", "--no-external", *args, str(project(tmp_path, CLEAN))])
    except SystemExit as exc:  # argparse refuses a bad choice itself
        code = int(exc.code or 0)
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert needle in err[-1]
    assert "Traceback" not in "\n".join(err)


def test_a_missing_checker_is_named_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise ToolMissingError("ruff is not installed; install the checkers with: pip install 'async-patterns[check]'")

    monkeypatch.setattr(external, "require_tools", missing)
    code, _, err = run(["check", str(project(tmp_path, CLEAN))], capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert "ruff is not installed" in err
    assert "pip install" in err


def test_merge_keeps_one_finding_per_defect_and_line() -> None:
    ruff = code_finding("ruff", "ASYNC251", "a.py", 3, "no time.sleep", 5)
    flake8 = code_finding("flake8-async", "ASYNC251", "a.py", 3, "blocking sleep", 1)
    jump = code_finding("ruff", "B012", "a.py", 9, "return in finally", 9)
    own = code_finding("async-patterns", "AP114", "a.py", 9, "return in finally of a coroutine", 9)
    merged = external.merge([own], [ruff, flake8, jump])
    assert [(f.line, f.code) for f in merged] == [(3, "ASYNC251"), (9, "AP114")]


@pytest.mark.slow
def test_the_gate_set_is_merged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ruff, flake8-async and mypy run once over the files; each defect is reported once."""
    code, out, _ = run(["check", "--format", "json", str(project(tmp_path, BUGGY))], capsys)
    assert code == 1
    found = {(item["code"], item["line"], item["tool"]) for item in json.loads(out)}
    codes = [c for c, _, _ in found]
    assert ("AP105", 10, "async-patterns") in found
    assert ("ASYNC251", 16) in {(c, line) for c, line, _ in found}
    assert codes.count("ASYNC251") == 1
    assert all(item["why"] and item["fix"] for item in json.loads(out))


def test_the_readme_ci_snippet_runs_a_real_command() -> None:
    """The GitHub Actions snippet is valid YAML and its check command parses as given."""
    import shlex

    import yaml

    from async_patterns.cli import build_parser
    from tests.paths import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\nname: asyncio check\n", 1)[1].split("```", 1)[0]
    workflow = yaml.safe_load("name: asyncio check\n" + block)
    steps = workflow["jobs"]["check"]["steps"]
    command = next(step["run"] for step in steps if "async-patterns check" in step.get("run", ""))
    args = build_parser().parse_args(shlex.split(command)[1:])
    assert (args.format, str(args.output)) == ("sarif", "async-patterns.sarif")
    assert any("upload-sarif" in step.get("uses", "") for step in steps)
