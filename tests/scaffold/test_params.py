"""Typed template parameters: every input path meets the same rules, reported in one line."""

from __future__ import annotations

import builtins
import json
import keyword
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from async_patterns.errors import ParameterError
from async_patterns.scaffold.params import (
    MAX_IDENTIFIER_LENGTH,
    check_identifier,
    load_params_file,
    parse_assignments,
    parse_cli_value,
    validate_params,
)
from async_patterns.skill.manifest import Manifest, Parameter, Template, TemplateFile, load_manifest
from async_patterns.skill.yamlsafe import load_yaml
from tests.paths import DATA

RENDER_DATA = DATA / "render"
CASES = load_yaml((RENDER_DATA / "param_cases.yaml").read_text(encoding="utf-8")).data


@pytest.fixture(scope="module")
def manifest() -> Manifest:
    return load_manifest(RENDER_DATA)


@pytest.fixture(scope="module")
def greeter(manifest: Manifest) -> Template:
    return manifest.template("greeter")


def one_parameter(spec: Parameter) -> Template:
    return Template(
        id="single",
        path="templates/single",
        summary="One parameter.",
        parameters={spec.name: spec},
        files=(TemplateFile("module.py.j2", "{name}.py" if spec.name == "name" else "module.py", "module"),),
    )


@pytest.mark.parametrize("case", CASES["valid"], ids=lambda case: repr(case["values"])[:50])
def test_valid_values_are_accepted_and_normalised(greeter: Template, case: dict[str, Any]) -> None:
    """Accepted values come back with defaults filled in and numbers normalised to the declared type."""
    result = validate_params(greeter, case["values"])
    assert set(result) == set(greeter.parameters)
    for name, expected in case["expect"].items():
        assert result[name] == expected
        assert type(result[name]) is type(expected)


@pytest.mark.parametrize("case", CASES["invalid"], ids=lambda case: repr(case["values"])[:50])
def test_invalid_values_are_refused_in_one_line(greeter: Template, case: dict[str, Any]) -> None:
    """Each rule violation raises ParameterError with one line naming the parameter and the rule."""
    with pytest.raises(ParameterError) as caught:
        validate_params(greeter, case["values"])
    message = str(caught.value)
    assert case["error"] in message
    assert "\n" not in message


def test_an_invalid_default_is_reported_as_the_templates_fault() -> None:
    """Defaults are validated like given values, and the message says the default is wrong."""
    template = one_parameter(Parameter("name", "identifier", "Module name.", "class"))
    with pytest.raises(ParameterError, match=r"^default of parameter 'name' in template 'single': is a Python keyword"):
        validate_params(template)
    assert validate_params(template, {"name": "fine"}) == {"name": "fine"}


def test_only_identifiers_naming_files_must_avoid_module_names() -> None:
    """An identifier that is not a file name may be 'json'; a module name may not."""
    as_module = one_parameter(Parameter("name", "identifier", "Module name.", "json"))
    as_variable = one_parameter(Parameter("field", "identifier", "A variable.", "json"))
    with pytest.raises(ParameterError, match="shadow the 'json' package"):
        validate_params(as_module)
    assert validate_params(as_variable) == {"field": "json"}


def test_strings_without_a_declared_limit_are_capped() -> None:
    """A string parameter with no max_length still refuses a huge value."""
    template = one_parameter(Parameter("text", "string", "Text.", ""))
    assert validate_params(template, {"text": "x" * 500})["text"] == "x" * 500
    with pytest.raises(ParameterError, match="at most 500 characters"):
        validate_params(template, {"text": "x" * 501})


def test_the_first_error_in_declaration_order_is_reported(greeter: Template) -> None:
    """With several bad values, the message is about the first declared parameter, deterministically."""
    with pytest.raises(ParameterError, match=r"^parameter 'name'"):
        validate_params(greeter, {"words": [1], "retries": -5, "name": "for"})


@given(st.one_of(st.text(max_size=50), st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,45}", fullmatch=True)))
def test_identifier_rule_matches_python_for_any_text(text: str) -> None:
    """Text is accepted exactly when it is an ASCII, non-keyword, non-builtin identifier of bounded length."""
    expected = (
        text.isascii()
        and text.isidentifier()
        and not keyword.iskeyword(text)
        and text not in vars(builtins)
        and len(text) <= MAX_IDENTIFIER_LENGTH
    )
    try:
        check_identifier(text)
    except ValueError:
        accepted = False
    else:
        accepted = True
    assert accepted == expected


CLI_TEXT = [
    ("retries", "7", 7),
    ("retries", " -3 ", -3),
    ("timeout", "1e3", 1000.0),
    ("timeout", ".5", 0.5),
    ("verbose", "yes", True),
    ("verbose", "OFF", False),
    ("verbose", "1", True),
    ("workers", "4", 4),
    ("python", "3.12", "3.12"),
    ("codes", "429, 503", [429, 503]),
    ("codes", "", []),
    ("fields", "a,b", ["a", "b"]),
    ("fields", "[a, b]", ["a", "b"]),
    ("words", '["x,y", z]', ["x,y", "z"]),
    ("greeting", "  spaced  ", "  spaced  "),
]


@pytest.mark.parametrize(("name", "text", "expected"), CLI_TEXT)
def test_command_line_text_is_parsed_by_type(greeter: Template, name: str, text: str, expected: Any) -> None:
    """--set text becomes the parameter's type (ints, floats, booleans, enum numbers, lists)."""
    assert parse_cli_value(greeter.parameters[name], text) == expected


CLI_BAD_TEXT = [
    ("retries", "1.5", "parameter 'retries': must be an integer, got '1.5'"),
    ("retries", "1_000", "must be an integer"),
    ("retries", "٣", "must be an integer"),
    ("timeout", "fast", "parameter 'timeout': must be a number, got 'fast'"),
    ("verbose", "maybe", "parameter 'verbose': must be true or false, got 'maybe'"),
    ("workers", "two", "parameter 'workers': must be an integer"),
    ("codes", "1,x", "parameter 'codes': must be an integer, got 'x'"),
    ("fields", "[a, b", "parameter 'fields': not a valid list"),
    ("fields", "[a, [b]]", "parameter 'fields' item 1: must be a string"),
]


@pytest.mark.parametrize(("name", "text", "error"), CLI_BAD_TEXT)
def test_unreadable_command_line_text_names_the_parameter(greeter: Template, name: str, text: str, error: str) -> None:
    """Text that cannot be read as the parameter's type, or breaks a rule once read, is refused in one line."""
    with pytest.raises(ParameterError) as caught:
        validate_params(greeter, parse_assignments(greeter, [f"{name}={text}"]))
    assert error in str(caught.value)


@pytest.mark.parametrize(
    ("assignments", "error"),
    [
        (["retries"], "--set 'retries': expected KEY=VALUE"),
        (["=3"], "expected KEY=VALUE"),
        (["nope=1"], "unknown parameter 'nope' for template 'greeter'"),
        (["retries=1", "retries=2"], "parameter 'retries': given twice"),
    ],
)
def test_malformed_assignments_are_refused(greeter: Template, assignments: list[str], error: str) -> None:
    """--set needs KEY=VALUE with a known key, once."""
    with pytest.raises(ParameterError, match=error):
        parse_assignments(greeter, assignments)


def test_a_value_containing_equals_signs_keeps_them(greeter: Template) -> None:
    """Only the first '=' separates key from value."""
    assert parse_assignments(greeter, ["greeting=a=b"]) == {"greeting": "a=b"}


@pytest.mark.parametrize("name", ["good.yaml", "good.json"])
def test_params_files_give_the_same_values_in_yaml_and_json(greeter: Template, name: str) -> None:
    """YAML and JSON params files load to the same validated values."""
    values = validate_params(greeter, load_params_file(RENDER_DATA / "params" / name))
    assert values["name"] == "hello"
    assert values["python"] == "3.13"
    assert values["retries"] == 5
    assert values["verbose"] is True
    assert values["fields"] == ["alpha", "beta"]


def test_an_empty_params_file_sets_nothing() -> None:
    """A YAML file with only comments means no values."""
    assert load_params_file(RENDER_DATA / "params" / "empty.yaml") == {}


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("duplicate.json", "invalid JSON: duplicate key 'name'"),
        ("duplicate.yaml", r"duplicate\.yaml:2: duplicate key 'name'"),
        ("nan.json", "invalid JSON: NaN is not valid JSON"),
        ("list.yaml", "must be a mapping of parameter names to values"),
        ("broken.yaml", r"broken\.yaml:\d+: invalid YAML"),
        ("missing.yaml", "cannot read"),
    ],
)
def test_bad_params_files_are_refused(name: str, error: str) -> None:
    """Unreadable, duplicate-keyed, non-JSON-number or non-mapping files raise ParameterError."""
    with pytest.raises(ParameterError, match=error):
        load_params_file(RENDER_DATA / "params" / name)


def test_a_params_file_value_meets_the_same_rules(greeter: Template) -> None:
    """A number that overflows to infinity in a JSON file is refused like any other non-finite value."""
    with pytest.raises(ParameterError, match="parameter 'timeout': must be a finite number"):
        validate_params(greeter, load_params_file(RENDER_DATA / "params" / "huge.json"))


def test_an_oversized_params_file_is_refused(tmp_path: Path) -> None:
    """Params files are small; a huge one is refused before parsing."""
    path = tmp_path / "big.yaml"
    path.write_text("words:\n" + "  - x\n" * 20_000, encoding="utf-8")
    with pytest.raises(ParameterError, match="limit"):
        load_params_file(path)


@pytest.mark.parametrize("value", ["for", "1x", "list", "a-b", "x\u0000"])
def test_every_input_path_gives_the_same_error(greeter: Template, tmp_path: Path, value: str) -> None:
    """An API dict, --set text and a params file carrying the same bad name fail with the same message."""
    params_file = tmp_path / "params.json"
    params_file.write_text(json.dumps({"name": value}), encoding="utf-8")
    messages = set()
    for values in (
        {"name": value},
        parse_assignments(greeter, [f"name={value}"]),
        load_params_file(params_file),
    ):
        with pytest.raises(ParameterError) as caught:
            validate_params(greeter, values)
        messages.add(str(caught.value))
    assert len(messages) == 1
