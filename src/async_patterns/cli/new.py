"""``list``, ``show`` and ``new``: browsing the template catalogue and generating code.

``new`` renders every file in memory, then checks every output path, and only then writes,
each file atomically: a refused or failed run leaves the output folder as it found it.

``-o`` names a folder. A path ending in ``.py`` that is not an existing folder is refused
(``-o retry_mod.py`` would otherwise create a folder of that name): the module's file name
comes from ``--name``. With the test module, ``new`` also makes sure pytest's configuration
for that folder sets what the tests need (see :mod:`async_patterns.scaffold.pytest_config`):
it writes a ``pytest.ini`` when no configuration governs the folder, adds one line to the one
that does when that line is missing, and never changes a setting the user made.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from async_patterns.errors import OutputExistsError, ParameterError, UsageError

if TYPE_CHECKING:
    from async_patterns.scaffold.rendering import RenderedFile
    from async_patterns.skill.manifest import Manifest, Parameter, Template

STDOUT = "-"


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser(
        "list",
        help="list the templates",
        description="List every template with its one-line summary.",
    )
    _add_common(listing)
    listing.set_defaults(handler=run_list)

    show = subparsers.add_parser(
        "show",
        help="show a template's parameters",
        description="Show a template's files and parameters (type, default, constraints, help) and an example.",
    )
    show.add_argument("template", metavar="TEMPLATE", help="template id (see `async-patterns list`)")
    _add_common(show)
    show.set_defaults(handler=run_show)

    new = subparsers.add_parser(
        "new",
        help="generate a module and its tests from a template",
        description=(
            "Render TEMPLATE into the output folder: NAME.py and test_NAME.py. Every parameter value, "
            "whether from --set, --name, --params or a default, is validated before anything is written; "
            "existing files are never overwritten without --force."
        ),
    )
    new.add_argument("template", metavar="TEMPLATE", help="template id (see `async-patterns list`)")
    new.add_argument("--name", help="the module name (same as --set name=NAME)")
    new.add_argument(
        "--set",
        dest="assignments",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="set a parameter (repeatable); lists as a,b,c or [a, b]",
    )
    new.add_argument("--params", type=Path, metavar="FILE", help="parameter values from a YAML or JSON (*.json) file")
    new.add_argument(
        "-o",
        "--output",
        default=".",
        metavar="PATH",
        help=(
            "output folder (default: the current folder; NAME.py comes from --name, so a path ending in .py "
            "is refused); - prints the module to stdout"
        ),
    )
    new.add_argument("--no-tests", action="store_true", help="do not generate the test module")
    new.add_argument("--force", action="store_true", help="overwrite existing files")
    new.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    _add_common(new)
    new.set_defaults(handler=run_new)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument(
        "--skill",
        "--skill-dir",
        dest="skill",
        type=Path,
        metavar="DIR",
        help="skill folder whose templates to use (default: the bundled skill)",
    )


# --- list ---------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    manifest = _manifest(args.skill)
    if args.format == "json":
        _print_json([_template_summary(template) for template in manifest.templates])
        return 0
    if not manifest.templates:
        print("no templates", file=sys.stderr)
        return 0
    width = max(len(template.id) for template in manifest.templates)
    print(f"{'TEMPLATE':<{width}}  SUMMARY")
    for template in manifest.templates:
        print(f"{template.id:<{width}}  {template.summary}")
    return 0


def _template_summary(template: Template) -> dict[str, Any]:
    return {
        "id": template.id,
        "summary": template.summary,
        "parameters": list(template.parameters),
        "files": [{"output": spec.output, "kind": spec.kind} for spec in template.files],
    }


# --- show ---------------------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    template = _manifest(args.skill).template(args.template)
    example = example_command(template)
    if args.format == "json":
        parameters = [_parameter_data(spec) for spec in template.parameters.values()]
        _print_json({**_template_summary(template), "parameters": parameters, "example": example})
        return 0
    print(f"{template.id}: {template.summary}")
    print("files: " + ", ".join(f"{spec.output} ({spec.kind})" for spec in template.files))
    print("parameters:")
    width = max((len(name) for name in template.parameters), default=0)
    for spec in template.parameters.values():
        kind = f"list of {spec.items}" if spec.type == "list" else spec.type
        facts = [kind, f"default {_show_value(spec.default)}", *constraints(spec)]
        print(f"  {spec.name:<{width}}  {'; '.join(facts)}")
        print(f"  {'':<{width}}  {spec.help}")
    print("example:")
    print(f"  {example}")
    return 0


def constraints(spec: Parameter) -> list[str]:
    """The rules a value must meet, as short phrases (the type's own rules included)."""
    from async_patterns.scaffold.params import MAX_IDENTIFIER_LENGTH, MAX_STRING_LENGTH

    found: list[str] = []
    if spec.choices:
        found.append("one of " + ", ".join(str(choice) for choice in spec.choices))
    if spec.minimum is not None:
        found.append(f">= {spec.minimum:g}")
    if spec.maximum is not None:
        found.append(f"<= {spec.maximum:g}")
    noun = "items" if spec.type == "list" else "characters"
    if spec.min_length is not None:
        found.append(f"at least {spec.min_length} {noun}")
    if spec.max_length is not None or spec.type == "string":
        found.append(f"at most {spec.max_length or MAX_STRING_LENGTH} {noun}")
    if spec.pattern is not None:
        found.append(f"matches {spec.pattern}")
    if spec.type == "class_name":
        found.append("PascalCase")
    if spec.type in ("identifier", "class_name") or spec.items == "identifier":
        found.append(f"Python name of at most {MAX_IDENTIFIER_LENGTH} ASCII characters, not a keyword or builtin")
    return found


def example_command(template: Template) -> str:
    """A runnable ``new`` command: the module name, plus one non-default choice to show ``--set``."""
    words = ["async-patterns", "new", template.id]
    if "name" in template.parameters:
        words += ["--name", f"my_{template.parameters['name'].default}"]
    for spec in template.parameters.values():
        if spec.type == "enum":
            other = next(choice for choice in reversed(spec.choices) if choice != spec.default)
            words += ["--set", f"{spec.name}={other}"]
            break
        if spec.type == "bool":
            words += ["--set", f"{spec.name}={'false' if spec.default else 'true'}"]
            break
    return shlex.join([*words, "-o", "src/"])


def _parameter_data(spec: Parameter) -> dict[str, Any]:
    data: dict[str, Any] = {"name": spec.name, "type": spec.type, "default": spec.default, "help": spec.help}
    optional = {
        "items": spec.items,
        "choices": list(spec.choices) or None,
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "min_length": spec.min_length,
        "max_length": spec.max_length,
        "pattern": spec.pattern,
    }
    return data | {key: value for key, value in optional.items() if value is not None}


def _show_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value) if value != "" else '""'


# --- new ----------------------------------------------------------------------------------


def run_new(args: argparse.Namespace) -> int:
    from async_patterns.scaffold.rendering import render_files

    folder = _output_folder(args.output)
    manifest = _manifest(args.skill)
    template = manifest.template(args.template)
    values = _collect_values(template, args)
    files = render_files(template.id, values, manifest=manifest)
    if args.no_tests:
        files = tuple(file for file in files if file.kind != "test")
    if folder is None:
        return _print_modules(files, dry_run=args.dry_run)
    plan = _plan(folder, files, force=args.force)
    if not args.dry_run:
        _write_all(plan)
    _report(template.id, plan, dry_run=args.dry_run, as_json=args.format == "json")
    return 0


def _output_folder(output: str) -> Path | None:
    """The folder ``-o`` names (None for stdout); a file path is refused with what to write instead."""
    if output == STDOUT:
        return None
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o: {folder} exists and is not a folder")
    if folder.suffix == ".py" and not folder.is_dir():
        place = shlex.quote(str(folder.parent)) if str(folder.parent) != "." else "."
        raise UsageError(
            f"-o: {output} names a file, but -o takes a folder; to write {folder.name}, "
            f"use --name {folder.stem} -o {place}"
        )
    return folder


def _collect_values(template: Template, args: argparse.Namespace) -> dict[str, Any]:
    """File values, overridden by --set, overridden by --name; validation happens in rendering."""
    from async_patterns.scaffold.params import load_params_file, parse_assignments, parse_cli_value

    values = load_params_file(args.params) if args.params is not None else {}
    command_line = parse_assignments(template, args.assignments)
    if args.name is not None:
        parameter = template.parameters.get("name")
        if parameter is None:
            raise ParameterError(f"--name: template {template.id!r} has no 'name' parameter")
        if "name" in command_line:
            raise UsageError("--name and --set name=... both given; use one")
        command_line["name"] = parse_cli_value(parameter, args.name)
    return {**values, **command_line}


def _print_modules(files: tuple[RenderedFile, ...], *, dry_run: bool) -> int:
    modules = [file for file in files if file.kind == "module"]
    for module in modules:
        if dry_run:
            print(f"would print {module.path} to stdout ({_lines(module.text)} lines)", file=sys.stderr)
        else:
            sys.stdout.write(module.text)
    return 0


@dataclass(frozen=True)
class _Step:
    """One file of the plan: where, what, whether it replaces an existing file, and why (config only)."""

    path: Path
    file: RenderedFile
    replaces: bool
    note: str = ""


def _plan(folder: Path, files: tuple[RenderedFile, ...], *, force: bool) -> list[_Step]:
    """Every output path checked before anything is written; the pytest configuration last."""
    from async_patterns.scaffold.pytest_config import config_change
    from async_patterns.scaffold.rendering import RenderedFile

    steps = [_Step(folder / file.path, file, (folder / file.path).exists()) for file in files]
    for step in steps:
        if step.path.is_dir():
            raise OutputExistsError(f"{step.path} is a folder; choose another name or -o folder")
    existing = [str(step.path) for step in steps if step.replaces]
    if existing and not force:
        also = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise OutputExistsError(f"{existing[0]} exists{also}; use --force to overwrite, or another --name or -o")
    change = config_change(folder) if any(file.kind == "test" for file in files) else None
    if change is not None:
        path = _shown(change.path)
        steps.append(_Step(path, RenderedFile(str(path), "config", change.text), not change.creates, change.summary))
    return steps


def _write_all(plan: list[_Step]) -> None:
    """Write each file atomically; if one fails, remove the files this run created."""
    from async_patterns.fileio import write_text_atomic

    created: list[Path] = []
    try:
        for step in plan:
            write_text_atomic(step.path, step.file.text, overwrite=step.replaces)
            if not step.replaces:
                created.append(step.path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise


def _report(template_id: str, plan: list[_Step], *, dry_run: bool, as_json: bool) -> None:
    if as_json:
        files = [
            {
                "path": str(step.path),
                "kind": step.file.kind,
                "action": _verb(step),
                "lines": _lines(step.file.text),
                **({"note": step.note} if step.note else {}),
            }
            for step in plan
        ]
        _print_json({"template": template_id, "dry_run": dry_run, "files": files})
        return
    done = {"create": "created", "overwrite": "overwrote", "update": "updated"}
    for step in plan:
        verb = _verb(step)
        action = f"would {verb}" if dry_run else done[verb]
        detail = step.note or f"{_lines(step.file.text)} lines"
        print(f"{action} {step.path} ({step.file.kind}, {detail})")
    tests = [str(step.path) for step in plan if step.file.kind == "test"]
    if tests and not dry_run:
        print(f"next: python -X dev -W error -m pytest {shlex.join(tests)}", file=sys.stderr)


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it is below it, as the other outputs are shown."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _verb(step: _Step) -> str:
    if not step.replaces:
        return "create"
    return "update" if step.file.kind == "config" else "overwrite"


# --- shared -------------------------------------------------------------------------------


def _manifest(skill_dir: Path | None) -> Manifest:
    from async_patterns.skill.manifest import bundled_manifest, load_manifest

    if skill_dir is None:
        return bundled_manifest()
    if not skill_dir.is_dir():
        raise UsageError(f"--skill-dir: {skill_dir} is not a folder")
    return load_manifest(skill_dir)


def _lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))
