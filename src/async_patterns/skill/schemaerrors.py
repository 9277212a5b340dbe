"""jsonschema errors turned into one-line messages located at the key they concern.

jsonschema's own messages repeat the whole offending instance (a 1,000-character
description, or a parameter's entire mapping for an ``if``/``else`` rule) and locate an
unexpected key at its parent. A person fixing skill.yaml needs the key and the rule, so
each error becomes ``(path, message)`` pairs here, one per offending key where the rule
concerns keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from async_patterns.skill.yamlsafe import PathKey

if TYPE_CHECKING:
    from jsonschema import ValidationError

_YAML_TYPES = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "NoneType": "null",
    "list": "sequence",
    "dict": "mapping",
}
_JSON_TYPES = {"object": "mapping", "array": "sequence"}
_BOUNDS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "greater than",
    "exclusiveMaximum": "less than",
}


def yaml_type(value: object) -> str:
    """The YAML word for ``value``'s type, as a person editing YAML thinks of it."""
    name = type(value).__name__
    return _YAML_TYPES.get(name, name)


def short(value: object, limit: int = 60) -> str:
    """``repr`` of a scalar, cut to ``limit`` characters; containers by their type only."""
    if isinstance(value, dict | list):
        return f"a {yaml_type(value)}"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def describe(error: ValidationError) -> Iterator[tuple[PathKey, str]]:
    """Where in the data ``error`` points and what to tell the person, one pair per finding."""
    path: PathKey = tuple(error.absolute_path)
    rule = error.validator
    value = error.validator_value
    instance: Any = error.instance
    properties: Any = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    if "propertyNames" in error.relative_schema_path:
        yield (*path, instance), _key_name_message(error)
    elif rule == "additionalProperties" and isinstance(instance, dict):
        allowed = ", ".join(properties)
        for key in instance:
            if key not in properties:
                yield (*path, key), f"unknown key {key!r}; allowed keys: {allowed}"
    elif rule == "not" and isinstance(instance, dict):
        yield from _forbidden_keys(path, instance, value)
    elif rule == "required":
        yield path, f"missing required key {error.message.split(' ', 1)[0]}"
    else:
        yield path, _message(error)


def _message(error: ValidationError) -> str:
    rule = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    if rule == "type":
        wanted = " or ".join(_JSON_TYPES.get(t, str(t)) for t in (value if isinstance(value, list) else [value]))
        return f"must be {article(wanted)}, not {article(yaml_type(instance))}"
    if rule == "minLength":
        return "must not be empty" if value == 1 else f"must be at least {value} characters"
    if rule == "maxLength":
        return f"is {len(instance)} characters; the limit is {value}"
    if rule == "minItems":
        return "must not be empty" if value == 1 else f"must have at least {value} items"
    if rule == "pattern":
        return f"{short(instance)} does not match the pattern {value}"
    if rule == "format" and value == "regex":
        return f"{short(instance)} is not a valid regular expression"
    if rule == "enum":
        return f"{short(instance)} is not one of: {', '.join(map(str, value))}"
    if rule == "anyOf" and all(set(option) == {"required"} for option in value):
        keys = ", ".join(key for option in value for key in option["required"])
        return f"needs at least one of: {keys}"
    if rule == "not" and isinstance(value, dict) and set(value) == {"const"}:
        return f"must not be {value['const']!r}"
    if rule in _BOUNDS:
        return f"must be {_BOUNDS[rule]} {value}, not {short(instance)}"
    if rule in {"uniqueItems", "const"}:
        return error.message.replace(repr(instance), short(instance), 1)
    return error.message if len(error.message) <= 200 else f"does not satisfy the schema rule {rule!r}"


def _key_name_message(error: ValidationError) -> str:
    key = error.instance
    if error.validator == "not":
        return f"key {key!r} is reserved"
    if error.validator == "pattern":
        return f"key {key!r} is not a valid name (must match {error.validator_value})"
    return f"key {key!r}: {_message(error)}"


def _forbidden_keys(path: PathKey, instance: dict[Any, Any], forbidden: Any) -> Iterator[tuple[PathKey, str]]:
    """Keys a ``not: {required: [...]}`` (or ``not: {anyOf: [{required: ...}]}``) rule refuses."""
    options = forbidden.get("anyOf", [forbidden]) if isinstance(forbidden, dict) else []
    keys = [key for option in options for key in option.get("required", ()) if key in instance]
    kind = f" when type is {instance['type']!r}" if isinstance(instance.get("type"), str) else " here"
    if not keys:
        yield path, "does not satisfy a 'not' rule of the schema"
    for key in keys:
        yield (*path, key), f"{key!r} is not allowed{kind}"


def article(noun: str) -> str:
    """``noun`` with "a" or "an" in front."""
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


_PARAMETER_RULES = {
    "type": "must be {}",
    "minimum": "must be >= {}",
    "maximum": "must be <= {}",
    "minLength": "must be at least {} characters long",
    "maxLength": "must be at most {} characters long",
    "pattern": "must match the pattern {!r}",
    "enum": "must be one of {}",
    "minItems": "must have at least {} items",
    "maxItems": "must have at most {} items",
    "uniqueItems": "must not repeat an item",
}


def parameter_rule(error: Any) -> str:
    """The rule a template parameter broke, as ``must be …`` (the value is shown by the caller)."""
    keyword_, value = error.validator, error.validator_value
    if keyword_ == "format":
        return str(error.cause) if error.cause is not None else f"must be a valid {value}"
    if keyword_ == "type":
        value = _type_phrase(value)
    elif keyword_ == "enum":
        value = ", ".join(str(choice) for choice in value)
    rule = _PARAMETER_RULES.get(keyword_)
    return rule.format(value) if rule is not None else str(error.message).split("\n", 1)[0]


def _type_phrase(json_type: str) -> str:
    return {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
    }.get(json_type, json_type)
