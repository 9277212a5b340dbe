"""Typed template parameters: one validation for every way a value can arrive.

Values come from ``--set key=value`` and ``--name`` (text, parsed here by the parameter's
type), from ``--params FILE`` (YAML or JSON), from API dicts and from the manifest's
defaults. All of them meet in :func:`validate_params`, which checks the merged values
against a JSON Schema built per template from the manifest; copier's tracker shows what
happens when one input path skips validation, so none does here.

The rules JSON Schema cannot state are custom ``format`` checkers run by jsonschema itself:

* ``identifier``: ASCII ``[A-Za-z_][A-Za-z0-9_]*``, at most 40 characters, not a keyword and
  not a builtin name (a function called ``list`` or ``open`` would shadow what generated
  code calls). Soft keywords (``match``, ``case``, ``_``) are ordinary names wherever a
  parameter lands (a module, function or variable name), so they are allowed.
* an identifier that names an output file (``{name}.py``) must also not shadow a standard
  library module or a package generated code imports: ``asyncio.py`` beside the generated
  test would replace the real one.
* ``class_name``: the same, and PascalCase (``^[A-Z][A-Za-z0-9]*$``).
* ``float``: finite (NaN and infinities are refused); ``int`` refuses ``bool`` and ``5.0``
  (JSON Schema's ``integer`` admits ``5.0``).

Strings are never checked for "safe" characters: templates emit them only through the
``pystr`` filter, which makes any text an inert literal. Their length is capped (the
manifest's ``max_length``, else 500) and a manifest ``pattern`` is applied with JSON
Schema's search semantics, so anchor it with ``^…$``. An enum whose choices are strings
compares as strings: ``python: 3.12`` in a YAML file (a float) selects ``"3.12"``.
Lists hold distinct items.
"""

from __future__ import annotations

import builtins
import json
import keyword
import math
import re
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from async_patterns.errors import ParameterError
from async_patterns.skill.manifest import Parameter, Template
from async_patterns.skill.schemaerrors import parameter_rule, short

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, FormatChecker

MAX_IDENTIFIER_LENGTH = 40
MAX_STRING_LENGTH = 500
MAX_PARAMS_FILE_BYTES = 64 * 1024
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
FLOAT_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
NON_FINITE_TEXT = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})
BOOL_TEXT = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False, "0": False}
# Packages a generated module or its test imports; a module of that name would shadow them.
IMPORTED_PACKAGES = frozenset({"aiohttp", "httpx", "httpx2", "pytest", "pytest_asyncio", "async_patterns", "conftest"})
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def validate_params(template: Template, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge ``values`` over the template's defaults and return them validated and normalised.

    Normalised means: floats are ``float`` even when given as ``5``, enum values given as
    numbers for string choices are strings, and lists are ``list``.

    Raises:
        ParameterError: an unknown name or a value breaking its rule; the one-line message
            names the parameter and the rule (and says so when the culprit is a default).
    """
    given = dict(values or {})
    unknown = sorted(set(given) - set(template.parameters))
    if unknown:
        known = ", ".join(template.parameters) or "none"
        raise ParameterError(f"unknown parameter {unknown[0]!r} for template {template.id!r} (known: {known})")
    merged = {name: _normalise(spec, given.get(name, spec.default)) for name, spec in template.parameters.items()}
    errors = sorted(_validator(template).iter_errors(merged), key=lambda e: _order(template, e.absolute_path))
    if errors:
        raise ParameterError(_describe(template, errors[0], defaulted=set(template.parameters) - set(given)))
    return merged


def parse_cli_value(parameter: Parameter, text: str) -> Any:
    """Turn command-line text into the value the parameter's type expects.

    Only parsing happens here; the rules are checked by :func:`validate_params` like for
    any other input. Lists take ``a,b,c`` or a YAML flow list ``[a, "b,c"]``.

    Raises:
        ParameterError: the text cannot be read as the parameter's type.
    """
    kind = parameter.type
    if kind in ("int", "float", "bool"):
        return _parse_scalar(kind, text, parameter.name)
    if kind == "enum":
        number_kind = _numeric_choice_kind(parameter.choices)
        return text if number_kind is None else _parse_scalar(number_kind, text, parameter.name)
    if kind == "list":
        return _parse_list(parameter, text)
    return text


def parse_assignments(template: Template, assignments: Iterable[str]) -> dict[str, Any]:
    """``["key=value", …]`` (``--set``) -> typed values; a key given twice is an error."""
    values: dict[str, Any] = {}
    for assignment in assignments:
        key, equals, text = assignment.partition("=")
        key = key.strip()
        if not equals or not key:
            raise ParameterError(f"--set {assignment!r}: expected KEY=VALUE")
        if key in values:
            raise ParameterError(f"parameter {key!r}: given twice with --set")
        parameter = template.parameters.get(key)
        if parameter is None:
            known = ", ".join(template.parameters) or "none"
            raise ParameterError(f"unknown parameter {key!r} for template {template.id!r} (known: {known})")
        values[key] = parse_cli_value(parameter, text)
    return values


def load_params_file(path: Path) -> dict[str, Any]:
    """Read a mapping of parameter values from a JSON (``*.json``) or YAML file.

    YAML goes through ``yamlsafe`` (duplicate keys and alias bombs refused); JSON refuses
    duplicate keys too, and ``NaN``/``Infinity`` tokens, which are not JSON.

    Raises:
        ParameterError: unreadable, oversized, unparsable, or not a mapping of names.
    """
    from async_patterns.errors import YamlLoadError
    from async_patterns.skill.yamlsafe import decode_utf8, load_yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParameterError(f"--params {path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = decode_utf8(raw, max_bytes=MAX_PARAMS_FILE_BYTES)
        data = _load_json(text) if path.suffix.lower() == ".json" else load_yaml(text).data
    except YamlLoadError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise ParameterError(f"--params {path}{where}: {exc}") from None
    except ValueError as exc:
        raise ParameterError(f"--params {path}: invalid JSON: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        raise ParameterError(f"--params {path}: must be a mapping of parameter names to values")
    return data


def module_parameters(template: Template) -> frozenset[str]:
    """Names of the parameters that appear in output file names (``{name}.py``)."""
    return frozenset(name for spec in template.files for name in PLACEHOLDER.findall(spec.output))


def parameter_schema(parameter: Parameter, *, names_module: bool = False) -> dict[str, Any]:
    """The JSON Schema of one parameter's value."""
    kind = parameter.type
    if kind in ("identifier", "class_name"):
        return {"type": "string", "format": _name_format(kind, names_module)} | _pattern(parameter)
    if kind == "string":
        return _bounded({"type": "string"}, "Length", parameter, default_max=MAX_STRING_LENGTH) | _pattern(parameter)
    if kind in ("int", "float"):
        schema: dict[str, Any] = (
            {"type": "integer", "format": "whole"} if kind == "int" else {"type": "number", "format": "finite"}
        )
        if parameter.minimum is not None:
            schema["minimum"] = parameter.minimum
        if parameter.maximum is not None:
            schema["maximum"] = parameter.maximum
        return schema
    if kind == "enum":
        return {"enum": list(parameter.choices)}
    if kind == "bool":
        return {"type": "boolean"}
    items = parameter.items or "string"
    item_schema = (
        {"type": "integer", "format": "whole"}
        if items == "int"
        else {"type": "string", "format": "identifier"}
        if items == "identifier"
        else {"type": "string", "maxLength": MAX_STRING_LENGTH}
    )
    return _bounded({"type": "array", "items": item_schema, "uniqueItems": True}, "Items", parameter)


def template_schema(template: Template) -> dict[str, Any]:
    """The JSON Schema of a template's complete, merged parameter values."""
    modules = module_parameters(template)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(template.parameters),
        "properties": {
            name: parameter_schema(spec, names_module=name in modules) for name, spec in template.parameters.items()
        },
    }


# --- checks jsonschema runs through its format keyword ---------------------------------


def check_identifier(value: object) -> bool:
    """Raise ValueError naming the rule an identifier breaks."""
    if not isinstance(value, str):
        return True  # the type keyword reports it
    if not IDENTIFIER.fullmatch(value):
        raise ValueError("must be a Python identifier: ASCII letters, digits and _, not starting with a digit")
    if len(value) > MAX_IDENTIFIER_LENGTH:
        raise ValueError(f"must be at most {MAX_IDENTIFIER_LENGTH} characters long")
    if keyword.iskeyword(value):
        raise ValueError("is a Python keyword")
    if value in vars(builtins):
        raise ValueError("shadows a Python builtin")
    return True


def check_module_name(value: object) -> bool:
    """An identifier that also names a file generated code sits beside."""
    check_identifier(value)
    if isinstance(value, str) and (value in sys.stdlib_module_names or value in IMPORTED_PACKAGES):
        raise ValueError(f"names a module file that would shadow the {value!r} package")
    if isinstance(value, str) and value.startswith("__"):
        raise ValueError("must not start with __ (reserved for special module names)")
    return True


def check_class_name(value: object) -> bool:
    check_identifier(value)
    if isinstance(value, str) and not CLASS_NAME.fullmatch(value):
        raise ValueError("must be a PascalCase class name: an uppercase letter, then letters and digits")
    return True


def check_whole(value: object) -> bool:
    """JSON Schema's ``integer`` admits ``5.0``; an int parameter does not."""
    if isinstance(value, float):
        raise TypeError("must be an integer, not a float")
    return True


def check_finite(value: object) -> bool:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return True


# --- internals ------------------------------------------------------------------------


@cache
def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    formats = FormatChecker(formats=())
    formats.checks("identifier", raises=ValueError)(check_identifier)
    formats.checks("module-name", raises=ValueError)(check_module_name)
    formats.checks("class-name", raises=ValueError)(check_class_name)
    formats.checks("finite", raises=ValueError)(check_finite)
    formats.checks("whole", raises=TypeError)(check_whole)
    return formats


def _validator(template: Template) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(template_schema(template), format_checker=_format_checker())


def _name_format(kind: str, names_module: bool) -> str:
    if kind == "class_name":
        return "class-name"
    return "module-name" if names_module else "identifier"


def _bounded(schema: dict[str, Any], noun: str, parameter: Parameter, default_max: int | None = None) -> dict[str, Any]:
    if parameter.min_length is not None:
        schema[f"min{noun}"] = parameter.min_length
    maximum = parameter.max_length if parameter.max_length is not None else default_max
    if maximum is not None:
        schema[f"max{noun}"] = maximum
    return schema


def _pattern(parameter: Parameter) -> dict[str, Any]:
    return {"pattern": parameter.pattern} if parameter.pattern is not None else {}


def _normalise(parameter: Parameter, value: Any) -> Any:
    """Representation fixes that are not rule decisions (see the module docstring)."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if parameter.type == "float" and is_number:
        return float(value)
    if parameter.type == "enum" and is_number and all(isinstance(c, str) for c in parameter.choices):
        return str(value)
    if parameter.type == "list" and isinstance(value, tuple):
        return list(value)
    return value


def _numeric_choice_kind(choices: tuple[Any, ...]) -> str | None:
    if all(isinstance(c, int) and not isinstance(c, bool) for c in choices):
        return "int"
    if all(isinstance(c, int | float) and not isinstance(c, bool) for c in choices):
        return "float"
    return None


def _parse_scalar(kind: str, text: str, name: str) -> Any:
    stripped = text.strip()
    if kind == "int" and INTEGER_TEXT.fullmatch(stripped):
        return int(stripped)
    if kind == "float" and (FLOAT_TEXT.fullmatch(stripped) or stripped.lower() in NON_FINITE_TEXT):
        return float(stripped)
    if kind == "bool" and stripped.lower() in BOOL_TEXT:
        return BOOL_TEXT[stripped.lower()]
    expected = {"int": "an integer", "float": "a number", "bool": "true or false"}[kind]
    raise ParameterError(f"parameter {name!r}: must be {expected}, got {short(text)}")


def _parse_list(parameter: Parameter, text: str) -> list[Any]:
    from async_patterns.errors import YamlLoadError
    from async_patterns.skill.yamlsafe import load_yaml

    stripped = text.strip()
    if stripped.startswith("["):
        try:
            data = load_yaml(stripped).data
        except YamlLoadError as exc:
            raise ParameterError(f"parameter {parameter.name!r}: not a valid list: {exc}") from None
        if not isinstance(data, list):
            raise ParameterError(f"parameter {parameter.name!r}: not a valid list: {short(text)}")
        return data
    items = [item.strip() for item in stripped.split(",")] if stripped else []
    if parameter.items == "int":
        return [_parse_scalar("int", item, parameter.name) for item in items]
    return items


def _load_json(text: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                raise ValueError(f"duplicate key {key!r}")
        return dict(pairs)

    def no_constant(token: str) -> Any:
        raise ValueError(f"{token} is not valid JSON")

    return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)


def _order(template: Template, path: Iterable[Any]) -> tuple[int, str]:
    names = list(template.parameters)
    first = next(iter(path), None)
    return (names.index(first), str(list(path))) if first in names else (-1, "")


def _describe(template: Template, error: Any, *, defaulted: set[str]) -> str:
    """One line: which parameter, which rule, which value."""
    path = list(error.absolute_path)
    name = path[0] if path else "?"
    where = f"parameter {name!r}" + "".join(f" item {index}" for index in path[1:])
    if name in defaulted:
        where = f"default of {where} in template {template.id!r}"
    return f"{where}: {parameter_rule(error)}, got {short(error.instance)}"
