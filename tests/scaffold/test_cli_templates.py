"""`list`, `show` and `new` on good and bad input, against the fixture skill and the bundled one."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from async_patterns.cli import main
from tests.paths import DATA

RENDER_DATA = DATA / "render"
SKILL = ["--skill-dir", str(RENDER_DATA)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("async-patterns: error: ")
    return lines[0]


# --- list and show --------------------------------------------------------------------------


def test_list_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """`list` prints a header and one row per template with its summary."""
    code, out, _ = run(capsys, "list", *SKILL)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["TEMPLATE", "SUMMARY"]
    assert lines[1].startswith("greeter   Every parameter type")
    assert len(lines) == 4


def test_list_json_describes_every_template(capsys: pytest.CaptureFixture[str]) -> None:
    """`list --format json` gives id, summary, parameter names and files per template."""
    code, out, _ = run(capsys, "list", "--format", "json", *SKILL)
    assert code == 0
    data = json.loads(out)
    assert [entry["id"] for entry in data] == ["greeter", "misspelt", "escape"]
    assert data[0]["parameters"][:3] == ["name", "class_name", "greeting"]
    assert data[0]["files"] == [{"output": "{name}.py", "kind": "module"}, {"output": "test_{name}.py", "kind": "test"}]


def test_show_lists_types_defaults_constraints_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    """`show` prints each parameter's type, default, constraints and help, and an example command."""
    code, out, _ = run(capsys, "show", "greeter", *SKILL)
    assert code == 0
    assert "  retries     int; default 3; >= 0; <= 10\n" in out
    assert "  python      enum; default 3.11; one of 3.11, 3.12, 3.13\n" in out
    assert "base_url    string; default http://127.0.0.1; at most 500 characters; matches ^https?://" in out
    assert "How often to try." in out
    assert "example:\n  async-patterns new greeter --name my_greeter --set python=3.13 -o src/\n" in out


def test_show_json_carries_every_declared_constraint(capsys: pytest.CaptureFixture[str]) -> None:
    """`show --format json` has one object per parameter with only the constraints declared."""
    code, out, _ = run(capsys, "show", "greeter", "--format", "json", *SKILL)
    assert code == 0
    data = json.loads(out)
    parameters = {p["name"]: p for p in data["parameters"]}
    assert parameters["retries"] == {
        "name": "retries",
        "type": "int",
        "default": 3,
        "help": "How often to try.",
        "minimum": 0,
        "maximum": 10,
    }
    assert parameters["fields"]["items"] == "identifier"
    assert parameters["workers"]["choices"] == [1, 2, 4]
    assert data["example"].startswith("async-patterns new greeter")


def test_the_example_command_works(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example `show` prints runs as given and generates files."""
    _, out, _ = run(capsys, "show", "greeter", "--format", "json", *SKILL)
    words = shlex.split(json.loads(out)["example"])
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *words[1:], *SKILL)
    assert code == 0, err
    assert (tmp_path / "src" / "my_greeter.py").is_file()


@pytest.mark.parametrize("command", ["show", "new"])
def test_an_unknown_template_is_an_error(capsys: pytest.CaptureFixture[str], command: str) -> None:
    """An unknown id exits 1 with a message listing the known ids."""
    code, _, err = run(capsys, command, "nope", *SKILL)
    assert code == 1
    assert "unknown template 'nope'; known: greeter, misspelt, escape" in one_error_line(err)


# --- new: writing ----------------------------------------------------------------------------


def test_new_writes_the_module_and_its_test(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`new` writes NAME.py and test_NAME.py into -o (and, in a bare folder, the pytest.ini they need) and says so."""
    code, out, err = run(capsys, "new", "greeter", "--name", "hello", "-o", str(tmp_path / "out"), *SKILL)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["hello.py", "pytest.ini", "test_hello.py"]
    assert f"created {tmp_path / 'out' / 'hello.py'} (module, 19 lines)" in out
    assert "next: python -X dev -W error -m pytest" in err


def test_new_writes_into_the_current_folder_by_default(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without -o the files go to the current folder."""
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "new", "greeter", *SKILL)
    assert code == 0
    assert (tmp_path / "greeter.py").is_file()
    assert (tmp_path / "test_greeter.py").is_file()


def test_no_tests_writes_only_the_module(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--no-tests skips the test file."""
    code, _, _ = run(capsys, "new", "greeter", "--no-tests", "-o", str(tmp_path), *SKILL)
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["greeter.py"]


def test_dash_prints_only_the_module(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """-o - prints the module's text to stdout and writes nothing."""
    code, out, _ = run(capsys, "new", "greeter", "-o", "-", *SKILL)
    assert code == 0
    assert out == (RENDER_DATA / "expected" / "greeter.py.txt").read_text(encoding="utf-8")


def test_dry_run_writes_nothing_and_prints_the_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--dry-run reports what would be created and leaves the folder untouched."""
    (tmp_path / "greeter.py").write_text("mine\n", encoding="utf-8")
    code, out, _ = run(capsys, "new", "greeter", "--dry-run", "--force", "-o", str(tmp_path), *SKILL)
    assert code == 0
    assert f"would overwrite {tmp_path / 'greeter.py'}" in out
    assert f"would create {tmp_path / 'test_greeter.py'}" in out
    assert (tmp_path / "greeter.py").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "test_greeter.py").exists()


def test_new_json_reports_each_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--format json on new lists path, kind, action and line count per file."""
    code, out, _ = run(capsys, "new", "greeter", "--format", "json", "-o", str(tmp_path), *SKILL)
    assert code == 0
    report = json.loads(out)
    assert report["dry_run"] is False
    assert [(f["kind"], f["action"]) for f in report["files"]] == [
        ("module", "create"),
        ("test", "create"),
        ("config", "create"),
    ]


# --- new: never losing data -------------------------------------------------------------------


@pytest.mark.parametrize("existing", ["greeter.py", "test_greeter.py"])
def test_an_existing_file_stops_the_whole_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, existing: str
) -> None:
    """If any output exists, nothing is written (not even the other file), the file is named, exit 1."""
    (tmp_path / existing).write_text("precious\n", encoding="utf-8")
    code, _, err = run(capsys, "new", "greeter", "-o", str(tmp_path), *SKILL)
    assert code == 1
    assert f"{tmp_path / existing} exists; use --force" in one_error_line(err)
    assert [p.name for p in tmp_path.iterdir()] == [existing]
    assert (tmp_path / existing).read_text(encoding="utf-8") == "precious\n"


def test_force_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--force replaces existing files with the generated text."""
    (tmp_path / "greeter.py").write_text("old\n", encoding="utf-8")
    code, out, _ = run(capsys, "new", "greeter", "--force", "-o", str(tmp_path), *SKILL)
    assert code == 0
    assert "overwrote" in out
    assert (tmp_path / "greeter.py").read_text(encoding="utf-8").startswith("# Generated by async-patterns")


def test_a_failed_write_removes_the_files_this_run_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the second write fails, the first file (created by this run) is removed again."""
    from async_patterns import fileio

    real = fileio.write_text_atomic
    calls: list[Path] = []

    def failing_second(path: Path, text: str, *, overwrite: bool = True) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        real(path, text, overwrite=overwrite)

    monkeypatch.setattr(fileio, "write_text_atomic", failing_second)
    code, _, err = run(capsys, "new", "greeter", "-o", str(tmp_path), *SKILL)
    assert code == 1
    assert "No space left on device" in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_output_that_is_a_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """-o naming an existing file exits 2."""
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "new", "greeter", "-o", str(target), *SKILL)
    assert code == 2
    assert "is not a folder" in one_error_line(err)


# --- new: parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--set", "retries=-1"], "parameter 'retries': must be >= 0, got -1"),
        (["--set", "retries=lots"], "parameter 'retries': must be an integer, got 'lots'"),
        (["--set", "colour=red"], "unknown parameter 'colour' for template 'greeter'"),
        (["--set", "python=3.10"], "parameter 'python': must be one of 3.11, 3.12, 3.13, got '3.10'"),
        (["--name", "class"], "parameter 'name': is a Python keyword, got 'class'"),
        (["--name", "my-module"], "parameter 'name': must be a Python identifier"),
        (["--set", "fields=a,for"], "parameter 'fields' item 1: is a Python keyword"),
        (["--params", str(RENDER_DATA / "params" / "nan.json")], "NaN is not valid JSON"),
        (["--params", str(RENDER_DATA / "params" / "huge.json")], "parameter 'timeout': must be a finite number"),
    ],
)
def test_bad_parameters_exit_1_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], error: str
) -> None:
    """Every bad value, from any option, exits 1 with one line naming the parameter and rule; nothing is written."""
    code, out, err = run(capsys, "new", "greeter", *args, "-o", str(tmp_path), *SKILL)
    assert code == 1
    assert error in one_error_line(err)
    assert out == ""
    assert list(tmp_path.iterdir()) == []


def test_params_file_values_are_used_and_set_overrides_them(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--params supplies values; --set and --name take precedence over the file."""
    params = ["--params", str(RENDER_DATA / "params" / "good.yaml")]
    code, _, err = run(capsys, "new", "greeter", *params, "--set", "retries=9", "-o", str(tmp_path), *SKILL)
    assert code == 0, err
    module = (tmp_path / "hello.py").read_text(encoding="utf-8")
    assert "RETRIES = 9\n" in module
    assert "VERBOSE = True\n" in module
    assert "    alpha: str" in module
    code, _, _ = run(capsys, "new", "greeter", *params, "--name", "other", "-o", str(tmp_path), *SKILL)
    assert code == 0
    assert (tmp_path / "other.py").is_file()


def test_name_and_set_name_together_are_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--name and --set name=… conflict: exit 2."""
    code, _, err = run(capsys, "new", "greeter", "--name", "a", "--set", "name=b", "-o", str(tmp_path), *SKILL)
    assert code == 2
    assert "--name and --set name" in one_error_line(err)


def test_a_template_bug_is_reported_without_a_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A template using an undefined variable fails with one line naming the file and the variable."""
    code, _, err = run(capsys, "new", "misspelt", "-o", str(tmp_path), *SKILL)
    assert code == 1
    assert "misspelt/module.py.j2: cannot render: 'nmae' is undefined" in one_error_line(err)


def test_the_console_script_prints_the_module(tmp_path: Path) -> None:
    """The installed `async-patterns` command runs `new … -o -` end to end."""
    script = Path(sys.executable).with_name("async-patterns")
    result = subprocess.run(
        [str(script), "new", "greeter", "--set", 'greeting=say "hi"', "-o", "-", *SKILL],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "GREETING = 'say \"hi\"'\n" in result.stdout
    assert list(tmp_path.iterdir()) == []


def bundled_template_ids() -> list[str]:
    from async_patterns.errors import ManifestError
    from async_patterns.skill.manifest import bundled_manifest

    try:
        return [template.id for template in bundled_manifest().templates]
    except ManifestError:
        return []


@pytest.mark.parametrize("template_id", bundled_template_ids())
def test_every_bundled_templates_example_command_generates_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template_id: str
) -> None:
    """`show` works for each bundled template and its example command writes a module and its test."""
    code, out, _ = run(capsys, "show", template_id, "--format", "json")
    assert code == 0
    words = shlex.split(json.loads(out)["example"])
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *words[1:])
    assert code == 0, err
    written = sorted(path.name for path in (tmp_path / "src").iterdir() if path.suffix == ".py")
    assert len(written) == 2
    assert written[1] == f"test_{written[0]}"
    assert (tmp_path / "src" / "pytest.ini").is_file()
