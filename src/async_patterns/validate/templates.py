"""Templates: each declared file parses as Jinja2 and uses only the parameters its template declares."""

from __future__ import annotations

from pathlib import Path

from async_patterns.errors import YamlLoadError
from async_patterns.findings import Problem
from async_patterns.layout import MANIFEST_NAME
from async_patterns.scaffold.jinja import template_environment
from async_patterns.scaffold.params import PLACEHOLDER
from async_patterns.skill.manifest import Manifest
from async_patterns.skill.yamlsafe import (
    LoadedYaml,
    PathKey,
    decode_utf8,
)
from async_patterns.validate.manifest import manifest_problem

# Jinja2 names every template may use without declaring them: render() provides them.
RENDER_EXTRAS = frozenset({"template_id", "package_version"})


def check_templates(manifest: Manifest, loaded: LoadedYaml, problems: list[Problem]) -> None:
    """Each template file parses, and the variables it uses are exactly its declared parameters."""
    for index, template in enumerate(manifest.templates):
        used: dict[str, tuple[str, int]] = {}
        complete = True  # False when a file could not be read or parsed: its uses are unknown
        for spec in template.files:
            relative = f"{template.path}/{spec.source}"
            variables = _template_variables(manifest.root, relative, problems)
            complete = complete and variables is not None
            for name, line in variables or ():
                used.setdefault(name, (relative, line))
            for name in PLACEHOLDER.findall(spec.output):
                used.setdefault(name, (MANIFEST_NAME, 0))
        for name, (file, line) in sorted(used.items()):
            if name not in template.parameters and name not in RENDER_EXTRAS:
                message = f"uses {name!r}, which is not a parameter of template {template.id!r} in {MANIFEST_NAME}"
                problems.append(Problem(file, line, name, "template-variables", "error", message))
        for name in template.parameters if complete else ():
            if name not in used:
                path: PathKey = ("templates", index, "parameters", name)
                message = f"{template.id} declares {name!r}, which no file of it uses"
                problems.append(manifest_problem(loaded, path, "template-variables", message))


def _template_variables(root: Path, relative: str, problems: list[Problem]) -> list[tuple[str, int]] | None:
    """Undeclared (context) variables of one template file with the line of first use; None if unparsable."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    path = root / relative
    if not path.is_file():
        return None  # reported as missing-file
    try:
        tree = template_environment().parse(decode_utf8(path.read_bytes()))
    except TemplateSyntaxError as exc:
        problems.append(Problem(relative, exc.lineno, "", "template-syntax", "error", f"Jinja2: {exc.message}"))
        return None
    except YamlLoadError as exc:  # decode_utf8's encoding and size errors
        problems.append(Problem(relative, exc.line, "", exc.code, "error", str(exc)))
        return None
    names = meta.find_undeclared_variables(tree)
    first_lines: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.name in names and node.ctx == "load":
            first_lines.setdefault(node.name, node.lineno)
    return [(name, first_lines.get(name, 0)) for name in sorted(names)]
