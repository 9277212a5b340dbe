"""verify: the matrix, interpreter discovery, and proof that it fails on deliberately broken templates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from async_patterns.cli import main
from async_patterns.errors import TemplateNotFoundError, ToolMissingError, UsageError
from async_patterns.skill.manifest import load_manifest
from async_patterns.verify import Report, VerifyOptions, build_matrix, find_interpreters, verify
from tests.paths import DATA

BROKEN = DATA / "broken_templates"
RENDER_FIXTURE = DATA / "render"
CURRENT = f"{sys.version_info.major}.{sys.version_info.minor}"

# template id -> {check: a finding code it must report}; every other check must pass.
EXPECTED_FAILURES: dict[str, dict[str, str]] = {
    "good": {},
    "blocking-call": {"ruff": "ASYNC251", "flake8-async": "ASYNC251"},
    "dropped-task": {"ruff": "RUF006", "flake8-async": "ASYNC300", "mypy": "unused-awaitable"},
    "swallowed-cancel": {"flake8-async": "ASYNC103"},
    "type-error": {"mypy": "return-value"},
    "unclosed-session": {"tests": "runtime-warning"},
    "hanging-test": {"tests": "hang"},
    "failing-test": {"tests": "failed"},
}


@pytest.fixture(scope="module")
def broken_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """One verify run over the broken fixture skill, on this interpreter only, shared by the tests below."""
    options = VerifyOptions(
        skill_dir=BROKEN,
        python=(sys.executable,),
        jobs=2,
        test_timeout=2.0,
        mypy_cache=tmp_path_factory.mktemp("mypy"),
    )
    return verify(options)


@pytest.mark.slow
@pytest.mark.parametrize(("template", "expected"), list(EXPECTED_FAILURES.items()))
def test_each_broken_template_is_caught_by_its_check(
    broken_report: Report, template: str, expected: dict[str, str]
) -> None:
    """Each deliberate defect fails exactly the checks meant to catch it, with the expected finding."""
    (case,) = [c for c in broken_report.cases if c.case.template == template]
    failing = {c.check for c in case.failures()}
    assert failing == set(expected), [(c.check, c.target, c.findings, c.detail[-500:]) for c in case.failures()]
    for check, code in expected.items():
        codes = {f.code for result in case.checks if result.check == check for f in result.findings}
        assert code in codes, (check, codes)
    assert case.ok is (not expected)


@pytest.mark.slow
def test_verify_fails_overall_and_reports_the_python_gate(broken_report: Report) -> None:
    """The run is not ok; a 3.12-only template is never run on an older Python: only checked statically."""
    assert not broken_report.ok
    needs_312 = [c for c in broken_report.cases if c.case.template == "needs-312"]
    assert {c.case.python for c in needs_312} == {"3.12", "3.13"}
    if sys.version_info < (3, 12):  # --python named only this interpreter: static checks, no run, no failure
        for case in needs_312:
            assert case.ok
            assert {r.status for r in case.checks if r.check in ("compile", "tests")} == {"skip"}
        assert broken_report.targets()["3.12"] == "static"
        return
    for case in needs_312:
        assert all(r.target in ("", *case.case.targets) for r in case.checks if r.check == "mypy")
        assert {r.status for r in case.checks if r.check == "mypy"} == {"pass"}


@pytest.mark.slow
def test_json_report_and_table(broken_report: Report) -> None:
    """The JSON report carries every case and check; the text table has a row per template."""
    from async_patterns.cli.verify import format_report

    data = json.loads(json.dumps(broken_report.as_dict()))
    assert data["ok"] is False
    assert {c["template"] for c in data["cases"]} == {*EXPECTED_FAILURES, "needs-312"}
    assert set(data["check_seconds"]) == {"render", "compile", "ruff", "format", "flake8-async", "mypy", "tests"}
    table = format_report(broken_report)
    assert table.splitlines()[0].split()[:3] == ["template", "cases", "render"]
    assert "blocking-call (defaults) ruff: fail" in table
    assert table.splitlines()[-1].startswith(f"FAIL: {len(broken_report.cases)} cases")


def test_matrix_covers_every_enum_value_and_bool() -> None:
    """The matrix holds the defaults first, then every enum value and both bools at least once."""
    manifest = load_manifest(RENDER_FIXTURE)
    cases = build_matrix(manifest, ["greeter"])
    assert cases[0].params == {}
    template = manifest.template("greeter")
    for name, spec in template.parameters.items():
        if spec.type in ("enum", "bool"):
            values = spec.choices if spec.type == "enum" else (False, True)
            seen = {case.params.get(name, spec.default) for case in cases}
            assert seen == set(values), name


def test_matrix_honours_the_python_parameter() -> None:
    """A case's mypy targets start at its python value; a template without one targets 3.11 onwards."""
    manifest = load_manifest(BROKEN)
    by_python = {case.python: case.targets for case in build_matrix(manifest, ["needs-312"])}
    assert by_python == {"3.12": ("3.12", "3.13"), "3.13": ("3.13",)}
    (good,) = build_matrix(manifest, ["good"])
    assert good.targets == ("3.11", "3.12", "3.13", "3.14")


def test_unknown_template_is_an_error() -> None:
    """Asking for a template the manifest does not declare is an error naming it."""
    with pytest.raises(TemplateNotFoundError, match="nope"):
        build_matrix(load_manifest(BROKEN), ["nope"])


def test_interpreter_discovery() -> None:
    """auto finds this interpreter ready to run tests; explicit paths and versions are honoured or reported."""
    found, _, problems = find_interpreters(["auto"])
    assert CURRENT in {i.version for i in found}
    assert problems == []
    (explicit,) = find_interpreters([sys.executable])[0]
    assert explicit.ready
    assert explicit.can_lint
    assert explicit.version == CURRENT
    _, _, problems = find_interpreters(["3.11,3.99"])
    assert problems == ["requested Python 3.99 not found (searched PATH, pyenv, /usr/bin)"]


def test_bad_interpreter_requests(tmp_path: Path) -> None:
    """A missing interpreter path is a ToolMissingError; a Python older than 3.11 is a usage error."""
    with pytest.raises(ToolMissingError, match="not found"):
        find_interpreters([str(tmp_path / "python3.42")])
    with pytest.raises(UsageError, match=r"older than 3\.11"):
        find_interpreters(["3.10"])


def test_interpreter_without_test_dependencies_is_an_error(tmp_path: Path) -> None:
    """An interpreter lacking pytest/aiohttp/… makes the tests check an error with an install hint, not a pass."""
    bare = tmp_path / "bare-python"
    bare.write_text(f'#!/bin/sh\nexec {sys.executable} -I -S "$@"\n', encoding="utf-8")
    bare.chmod(0o755)
    (interpreter,) = find_interpreters([str(bare)])[0]
    assert not interpreter.ready
    assert "aiohttp" in interpreter.missing
    assert "pip install 'async-patterns[check]'" in interpreter.install_hint()


@pytest.mark.slow
def test_cli_runs_one_template_and_exits_by_verdict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command prints progress on stderr, the JSON report on stdout, keeps folders, and exits 0 on success."""
    keep = tmp_path / "kept"
    code = main(
        ["verify", "good", "--skill", str(BROKEN), "--format", "json", "--keep", str(keep), "--python", sys.executable]
    )
    out, err = capsys.readouterr()
    assert code == 0, out
    assert "[1/1] good (defaults): ok" in err
    report = json.loads(out)
    assert report["ok"] is True
    assert (keep / "good" / "000-defaults" / "test_good.py").is_file()
    assert main(["verify", "good", "--skill", str(BROKEN), "--keep", str(keep)]) == 2  # folder not empty
    assert "must be an empty or new folder" in capsys.readouterr().err


def test_cli_rejects_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    """Bad --jobs, --test-timeout or --skill values are one-line usage errors (exit 2)."""
    assert main(["verify", "--jobs", "0"]) == 2
    assert main(["verify", "--test-timeout", "-1"]) == 2
    assert main(["verify", "--skill", "/nonexistent/skill"]) == 2
    err = capsys.readouterr().err
    assert "--jobs must be at least 1" in err
    assert "--test-timeout must be positive" in err
    assert "not a folder" in err
