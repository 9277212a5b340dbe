"""Rendering a template's files from validated parameters.

(The module is ``rendering``, not ``render``: importing a submodule named like the public
function ``async_patterns.render`` would replace that function on the package.)

Every template file is rendered by one Jinja2 ``SandboxedEnvironment`` per skill folder,
with ``StrictUndefined`` (a misspelt variable is an error, never an empty string) and
``autoescape`` off (the output is Python, not HTML). Safety against injection does not
come from escaping the whole output but from the parameter types: identifiers and class
names are validated before they reach a template and are inserted raw, and every string
goes through the ``pystr`` filter, which turns any text into an inert Python literal.

Compiled templates are cached per process (the environment, the manifest and Jinja2's own
cache, which re-reads a file only when its modification time changes), so rendering the
whole catalogue in a process costs milliseconds after the first time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from async_patterns import __version__
from async_patterns.errors import ManifestError
from async_patterns.layout import TEMPLATES_FOLDER
from async_patterns.scaffold.jinja import template_environment
from async_patterns.scaffold.params import PLACEHOLDER, validate_params
from async_patterns.skill.manifest import Manifest, Template, bundled_manifest

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment


@dataclass(frozen=True)
class RenderedFile:
    """One generated file: where it goes (relative), what it is, and its text."""

    path: str
    kind: str  # "module" or "test"
    text: str


def render(
    template_id: str, params: Mapping[str, Any] | None = None, *, manifest: Manifest | None = None
) -> dict[str, str]:
    """Render a template and return its generated files as ``{relative path: text}``.

    ``params`` overrides the template's defaults; every value (defaults included) is
    validated first. ``manifest`` defaults to the bundled skill's.

    Raises:
        TemplateNotFoundError: no template ``template_id``.
        ParameterError: a parameter is unknown or breaks its rule.
        ManifestError: the manifest or a template file is broken.
    """
    return {file.path: file.text for file in render_files(template_id, params, manifest=manifest)}


def render_files(
    template_id: str, params: Mapping[str, Any] | None = None, *, manifest: Manifest | None = None
) -> tuple[RenderedFile, ...]:
    """Like :func:`render`, keeping each file's kind (the CLI's ``--no-tests`` and ``-o -`` need it)."""
    from jinja2 import TemplateError

    manifest = manifest if manifest is not None else bundled_manifest()
    template = manifest.template(template_id)
    values = validate_params(template, params)
    context = {**values, "template_id": template.id, "package_version": __version__}
    environment = _environment(manifest.root)
    rendered = []
    for spec in template.files:
        name = _loader_name(template, spec.source)
        try:
            text = environment.get_template(name).render(context)
        except (TemplateError, TypeError, ValueError) as exc:  # a template's bug, not the user's
            raise ManifestError(f"{TEMPLATES_FOLDER}/{name}: cannot render: {exc}") from exc
        rendered.append(RenderedFile(_output_path(template, spec.output, values), spec.kind, text))
    return tuple(rendered)


@cache
def _environment(skill_root: Path) -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader

    return template_environment(FileSystemLoader(skill_root / TEMPLATES_FOLDER, encoding="utf-8"))


def _loader_name(template: Template, source: str) -> str:
    """The source file's name relative to ``templates/`` (Jinja2 names use ``/``)."""
    path = PurePosixPath(template.path) / source
    if path.parts[:1] != (TEMPLATES_FOLDER,) or ".." in path.parts:
        raise ManifestError(f"template {template.id!r}: {path} is not inside {TEMPLATES_FOLDER}/")
    return str(path.relative_to(TEMPLATES_FOLDER))


def _output_path(template: Template, pattern: str, values: Mapping[str, Any]) -> str:
    def substitute(match: Any) -> str:
        name = match.group(1)
        spec = template.parameters.get(name)
        if spec is None or spec.type not in ("identifier", "class_name"):
            raise ManifestError(f"template {template.id!r}: output {pattern!r} may only use identifier parameters")
        return str(values[name])

    path = PurePosixPath(PLACEHOLDER.sub(substitute, pattern))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ManifestError(
            f"template {template.id!r}: output {pattern!r} must be a relative path inside the output folder"
        )
    return str(path)
