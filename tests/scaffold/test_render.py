"""Rendering: sandboxed, strict, cached, and immune to injection through parameter values."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from async_patterns import __version__, render, render_files
from async_patterns.errors import ManifestError, ParameterError, TemplateNotFoundError
from async_patterns.scaffold.jinja import pystr, pyval
from async_patterns.skill.manifest import Manifest, Template, bundled_manifest, load_manifest
from tests.paths import DATA

RENDER_DATA = DATA / "render"
RUFF = Path(sys.executable).with_name("ruff")

# Values that would break out of a naive literal, a comment, a docstring or the template itself.
HOSTILE_STRINGS = [
    '"',
    "'",
    '"""',
    "'''",
    "a\"b'c",
    "\\",
    '\\"',
    "line one\nline two",
    "\r\n\t\x0b\x0c",
    '")\nimport os\nos.system("echo pwned")\n("',
    "'''\nimport os\n'''",
    "__import__('os').system('echo pwned')",
    "{{ 7 * 7 }}",
    "{{ package_version.__class__ }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{# comment #}",
    "# not a comment",
    "\\N{BULLET} \\x41 \\u0041",
    "é ü 中 😀 \u2028 \u2029 \ufeff",
    "\x00",
    "\ud800",
    "True",
    "None",
]
HOSTILE_IDENTIFIERS = [
    "for",
    "None",
    "True",
    "async",
    "await",
    "1abc",
    "a-b",
    "a b",
    "x;import os",
    "__import__('os')",
    "{{ name }}",
    "café",
    "x\n",
    "\x00",
    "",
    "list",
]


def generated_python(files: dict[str, str]) -> dict[str, ast.Module]:
    return {path: ast.parse(text, filename=path) for path, text in files.items() if path.endswith(".py")}


def shape(tree: ast.Module) -> str:
    """The tree with every string constant blanked: what a string value may not change."""
    blanked = ast.parse(ast.unparse(tree))
    for node in ast.walk(blanked):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.dump(blanked)


def string_constants(trees: dict[str, ast.Module]) -> list[str]:
    return [
        node.value
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def string_slots(template: Template) -> Iterator[tuple[str, bool]]:
    """(parameter, is_list) for every parameter that carries free text."""
    for name, spec in template.parameters.items():
        if spec.type == "string":
            yield name, False
        elif spec.type == "list" and spec.items == "string":
            yield name, True


def fitting(template: Template, name: str, text: str) -> str:
    """``text`` adjusted to the parameter's declared pattern and length, when a prefix or a cut can."""
    spec = template.parameters[name]
    default = spec.default if isinstance(spec.default, str) else ""
    value = default + text if spec.pattern else text
    if spec.max_length is not None:
        value = value[: spec.max_length]
    return value


def where_emitted(manifest: Manifest, template: Template, name: str, is_list: bool) -> dict[str, Any]:
    """Enum/bool settings under which parameter ``name`` reaches the output (defaults first).

    Some parameters matter only for one mode (a page-number key in page style); the
    injection check must render that mode, or it would test nothing.
    """
    marker = fitting(template, name, "benign")
    candidates: list[dict[str, Any]] = [{}]
    for other, spec in template.parameters.items():
        if other == "python":
            continue  # selects idioms, not content; newer targets may not parse here
        choices = spec.choices if spec.type == "enum" else (True, False) if spec.type == "bool" else ()
        candidates += [{other: choice} for choice in choices if choice != spec.default]
    for extra in candidates:
        files = render(template.id, {**extra, name: [marker] if is_list else marker}, manifest=manifest)
        if marker in string_constants(generated_python(files)):
            return extra
    raise AssertionError(f"{template.id}.{name}: no setting emits it as one string literal")


def baseline_shapes(
    manifest: Manifest, template: Template, name: str, is_list: bool, extra: dict[str, Any]
) -> dict[str, str]:
    benign = fitting(template, name, "benign")
    files = render(template.id, {**extra, name: [benign] if is_list else benign}, manifest=manifest)
    return {path: shape(tree) for path, tree in generated_python(files).items()}


def assert_inert(manifest: Manifest, template: Template, name: str, is_list: bool, extra: dict[str, Any]) -> None:
    """With each hostile text, the files parse, hold the text as a constant, and keep the baseline's shape."""
    expected = baseline_shapes(manifest, template, name, is_list, extra)
    for text in HOSTILE_STRINGS:
        value = fitting(template, name, text)
        try:
            files = render(template.id, {**extra, name: [value] if is_list else value}, manifest=manifest)
        except ParameterError as exc:  # refusing is also safe, if the message is clear
            message = str(exc)
            assert f"parameter {name!r}" in message, message
            assert "\n" not in message
            continue
        trees = generated_python(files)
        assert value in string_constants(trees), f"{template.id}.{name}: {text!r} not emitted as one string literal"
        for path, tree in trees.items():
            assert shape(tree) == expected[path], f"{template.id}.{name}: {text!r} changed the shape of {path}"


@pytest.fixture(scope="module")
def fixture_manifest() -> Manifest:
    return load_manifest(RENDER_DATA)


# --- the fixture skill ------------------------------------------------------------------


def test_default_rendering_matches_the_expected_files(fixture_manifest: Manifest) -> None:
    """The fixture template renders to exactly the files under expected/, names included."""
    files = render("greeter", manifest=fixture_manifest)
    assert list(files) == ["greeter.py", "test_greeter.py"]
    for path, text in files.items():
        expected = (RENDER_DATA / "expected" / f"{path}.txt").read_text(encoding="utf-8").replace("0.1.0", __version__)
        assert text == expected


def test_output_names_come_from_the_name_parameter(fixture_manifest: Manifest) -> None:
    """{name} in an output pattern is replaced by the validated name; kinds are kept."""
    files = render_files("greeter", {"name": "hello"}, manifest=fixture_manifest)
    assert [(f.path, f.kind) for f in files] == [("hello.py", "module"), ("test_hello.py", "test")]
    assert "from hello import GREETING, Greeter" in files[1].text


def test_every_file_starts_with_the_header(fixture_manifest: Manifest) -> None:
    """The first line names the package version and the template."""
    for text in render("greeter", manifest=fixture_manifest).values():
        assert text.splitlines()[0] == f'# Generated by async-patterns {__version__} from template "greeter".'


def test_values_reach_the_output_as_python_literals(fixture_manifest: Manifest) -> None:
    """Every parameter type lands in the module as the literal of its validated value."""
    values = {"retries": 0, "timeout": 7, "workers": 4, "verbose": True, "codes": [500], "words": ["a'b"]}
    module = ast.parse(render("greeter", values, manifest=fixture_manifest)["greeter.py"])
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in module.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert assigned["RETRIES"] == 0
    assert assigned["TIMEOUT"] == 7.0
    assert isinstance(assigned["TIMEOUT"], float)
    assert assigned["WORKERS"] == 4
    assert assigned["VERBOSE"] is True
    assert assigned["CODES"] == [500]
    assert assigned["WORDS"] == ["a'b"]


def test_an_undefined_variable_fails_loudly(fixture_manifest: Manifest) -> None:
    """StrictUndefined: a misspelt variable is an error naming it, never empty output."""
    with pytest.raises(ManifestError, match="'nmae' is undefined"):
        render("misspelt", manifest=fixture_manifest)


def test_the_sandbox_refuses_python_internals(fixture_manifest: Manifest) -> None:
    """A template reaching for __class__ and __subclasses__ fails instead of escaping."""
    with pytest.raises(ManifestError, match="unsafe"):
        render("escape", manifest=fixture_manifest)


def test_an_unknown_template_lists_the_known_ones(fixture_manifest: Manifest) -> None:
    """TemplateNotFoundError names the known templates."""
    with pytest.raises(TemplateNotFoundError, match="known: greeter"):
        render("nope", manifest=fixture_manifest)


def test_parameters_are_validated_before_rendering(fixture_manifest: Manifest) -> None:
    """render() applies the same validation as every other input path."""
    with pytest.raises(ParameterError, match="parameter 'name': is a Python keyword"):
        render("greeter", {"name": "import"}, manifest=fixture_manifest)


def copy_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "skill"
    shutil.copytree(RENDER_DATA, root)
    return root


def test_an_edited_template_file_is_picked_up(tmp_path: Path) -> None:
    """The compiled-template cache notices a changed file."""
    root = copy_fixture(tmp_path)
    manifest = load_manifest(root)
    render("greeter", manifest=manifest)
    source = root / "templates" / "greeter" / "test_module.py.j2"
    source.write_text(source.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert render("greeter", manifest=manifest)["test_greeter.py"].endswith("# edited\n")


@pytest.mark.parametrize(
    ("output", "error"),
    [
        ("../{name}.py", "must be a relative path inside the output folder"),
        ("{greeting}.py", "may only use identifier parameters"),
    ],
)
def test_output_patterns_cannot_leave_the_folder_or_use_free_text(tmp_path: Path, output: str, error: str) -> None:
    """An output path is relative, inside the output folder, and built only from validated names."""
    root = copy_fixture(tmp_path)
    manifest_path = root / "skill.yaml"
    text = manifest_path.read_text(encoding="utf-8")
    manifest_path.write_text(text.replace('output: "{name}.py"', f'output: "{output}"', 1), encoding="utf-8")
    with pytest.raises(ManifestError, match=error):
        render("greeter", manifest=load_manifest(root))


# --- pystr and pyval --------------------------------------------------------------------


@given(st.text())
def test_pystr_round_trips_any_text_as_one_ascii_line(text: str) -> None:
    """pystr's output is a single printable-ASCII line that Python reads back as the same text."""
    literal = pystr(text)
    assert literal.isascii()
    assert literal.isprintable()
    tree = ast.parse(literal, mode="eval")
    assert isinstance(tree.body, ast.Constant)
    assert tree.body.value == text


def test_pystr_output_is_already_ruff_formatted(tmp_path: Path) -> None:
    """pystr picks the quotes ruff format would, so generated literals need no reformatting."""
    module = tmp_path / "literals.py"
    module.write_text("".join(f"V{index} = {pystr(text)}\n" for index, text in enumerate(HOSTILE_STRINGS)))
    result = subprocess.run(
        [str(RUFF), "format", "--isolated", "--check", str(module)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (None, "None"),
        (True, "True"),
        (False, "False"),
        (0, "0"),
        (-12, "-12"),
        (2.5, "2.5"),
        (5.0, "5.0"),
        (1e-9, "1e-09"),
        ('a"b\'c"', "'a\"b\\'c\"'"),
        ([], "[]"),
        ([1, "x", None], '[1, "x", None]'),
        ((), "()"),
        (("a",), '("a",)'),
        ((1, 2), "(1, 2)"),
    ],
)
def test_pyval_writes_python_literals(value: object, literal: str) -> None:
    """pyval writes each supported value as the Python literal that evaluates back to it."""
    assert pyval(value) == literal
    assert ast.literal_eval(literal) == value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {"a": 1}, {1}, object(), b"bytes"])
def test_pyval_refuses_what_has_no_plain_literal(value: object) -> None:
    """Non-finite floats, mappings, sets, bytes and objects are refused rather than written wrongly."""
    with pytest.raises((TypeError, ValueError)):
        pyval(value)


def test_pystr_refuses_non_strings() -> None:
    """pystr is for strings only; an int in a string slot is a template bug."""
    with pytest.raises(TypeError, match="pystr expects a string"):
        pystr(5)


# --- injection, on the fixture and on every bundled template ----------------------------


def string_cases(manifest: Manifest | None) -> list[tuple[str, str, bool]]:
    if manifest is None:
        return []
    return [(t.id, name, is_list) for t in manifest.templates for name, is_list in string_slots(t)]


def test_hostile_strings_render_inert_in_the_fixture(fixture_manifest: Manifest) -> None:
    """Quotes, newlines, Jinja syntax, code and odd characters become literals and change no code."""
    template = fixture_manifest.template("greeter")
    for name, is_list in string_slots(template):
        assert_inert(fixture_manifest, template, name, is_list, extra={})


def test_the_shape_check_catches_a_raw_insertion() -> None:
    """The shape comparison used here does detect a value written into a comment without pystr."""
    naive = "X = {literal}\n# note: {raw}\n"
    benign = ast.parse(naive.format(literal=pystr("benign"), raw="benign"))
    value = "x\nimport os"
    hostile = ast.parse(naive.format(literal=pystr(value), raw=value))
    assert value in string_constants({"x.py": hostile})
    assert shape(benign) != shape(hostile)


def test_the_injection_check_fails_a_template_that_skips_pystr(tmp_path: Path) -> None:
    """A fixture template writing the greeting raw into a comment is caught by the injection check."""
    root = copy_fixture(tmp_path)
    source = root / "templates" / "greeter" / "module.py.j2"
    source.write_text(source.read_text(encoding="utf-8") + "# says {{ greeting }}\n", encoding="utf-8")
    manifest = load_manifest(root)
    with pytest.raises((AssertionError, SyntaxError)):  # a newline breaks parsing; others change the shape
        assert_inert(manifest, manifest.template("greeter"), "greeting", False, extra={})


def bundled() -> Manifest | None:
    try:
        return bundled_manifest()
    except ManifestError:
        return None


BUNDLED = bundled()
BUNDLED_TEMPLATES = [t.id for t in BUNDLED.templates] if BUNDLED is not None else []


def test_the_bundled_manifest_loads() -> None:
    """The bundled skill.yaml is valid, so the catalogue below is really exercised."""
    assert BUNDLED is not None


@pytest.mark.parametrize("template_id", BUNDLED_TEMPLATES)
def test_bundled_template_renders_parsable_python_with_the_header(template_id: str) -> None:
    """With defaults, each bundled template yields a module and its test, both parsable, both with the header."""
    assert BUNDLED is not None
    files = render_files(template_id, manifest=BUNDLED)
    assert sorted(f.kind for f in files) == ["module", "test"]
    header = f'# Generated by async-patterns {__version__} from template "{template_id}".'
    for file in files:
        assert file.text.splitlines()[0] == header, file.path
        ast.parse(file.text, filename=file.path)
        assert file.text.endswith("\n"), file.path
        assert not file.text.endswith("\n\n"), file.path


def choice_variants(manifest: Manifest | None) -> list[tuple[str, str, Any]]:
    if manifest is None:
        return []
    return [
        (template.id, name, value)
        for template in manifest.templates
        for name, spec in template.parameters.items()
        for value in (spec.choices if spec.type == "enum" else (True, False) if spec.type == "bool" else ())
    ]


@pytest.mark.parametrize(("template_id", "name", "value"), choice_variants(BUNDLED))
def test_bundled_template_renders_every_choice(template_id: str, name: str, value: Any) -> None:
    """Every enum choice and both bool values render Python that parses (on the Python it targets)."""
    assert BUNDLED is not None
    if name == "python" and tuple(int(part) for part in str(value).split(".")) > sys.version_info[:2]:
        pytest.skip(f"code for Python {value} needs that parser; verify checks it on every interpreter")
    for path, text in render(template_id, {name: value}, manifest=BUNDLED).items():
        ast.parse(text, filename=path)


@pytest.mark.parametrize(("template_id", "name", "is_list"), string_cases(BUNDLED))
def test_hostile_strings_render_inert_in_bundled_templates(template_id: str, name: str, is_list: bool) -> None:
    """Every free-text parameter of every bundled template turns hostile text into inert literals."""
    assert BUNDLED is not None
    template = BUNDLED.template(template_id)
    assert_inert(BUNDLED, template, name, is_list, where_emitted(BUNDLED, template, name, is_list))


def identifier_cases(manifest: Manifest | None) -> list[tuple[str, str]]:
    if manifest is None:
        return []
    return [
        (template.id, name)
        for template in manifest.templates
        for name, spec in template.parameters.items()
        if spec.type in ("identifier", "class_name") or spec.items == "identifier"
    ]


def assert_refused(manifest: Manifest, template_id: str, name: str) -> None:
    spec = manifest.template(template_id).parameters[name]
    for text in HOSTILE_IDENTIFIERS:
        value: Any = [text] if spec.type == "list" else text
        with pytest.raises(ParameterError) as caught:
            render(template_id, {name: value}, manifest=manifest)
        assert f"parameter {name!r}" in str(caught.value)
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("template_id", "name"), identifier_cases(load_manifest(RENDER_DATA)))
def test_hostile_identifiers_are_refused_in_the_fixture(template_id: str, name: str) -> None:
    """Keywords and non-identifiers never reach a template: one-line error naming the parameter."""
    assert_refused(load_manifest(RENDER_DATA), template_id, name)


@pytest.mark.parametrize(("template_id", "name"), identifier_cases(BUNDLED))
def test_hostile_identifiers_are_refused_in_bundled_templates(template_id: str, name: str) -> None:
    """Every name-like parameter of every bundled template refuses keywords and non-identifiers."""
    assert BUNDLED is not None
    assert_refused(BUNDLED, template_id, name)
