"""Which cases prove a template: the defaults plus a covering (or pairwise) set of enum and bool values."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from async_patterns.skill.manifest import Manifest, Template
from async_patterns.verify.gates import PYTHON_VERSIONS
from async_patterns.verify.model import Case, version_key

PAIRWISE_BUDGET = 6  # all pairs when that needs at most this many cases, else a covering set


def build_matrix(manifest: Manifest, template_ids: Sequence[str] = ()) -> list[Case]:
    """Defaults plus a covering (or, when small, pairwise) set of enum and bool values per template."""
    templates = [manifest.template(t) for t in template_ids] if template_ids else list(manifest.templates)
    cases = []
    for template in templates:
        for overrides in _combinations(template):
            cases.append(_case(template, overrides))
    return cases


def _axes(template: Template) -> list[tuple[str, list[Any]]]:
    """Each enum and bool parameter with its values, the default first."""
    axes = []
    for name, spec in template.parameters.items():
        if spec.type == "enum":
            values = list(spec.choices)
        elif spec.type == "bool":
            values = [False, True]
        else:
            continue
        values.sort(key=lambda v: v != spec.default)
        axes.append((name, values))
    return axes


def _combinations(template: Template) -> list[dict[str, Any]]:
    axes = _axes(template)
    pairwise = _pairwise(axes)
    chosen = pairwise if pairwise is not None and len(pairwise) <= PAIRWISE_BUDGET else _covering(axes)
    return [
        {name: value for (name, values), value in zip(axes, row, strict=True) if value != values[0]} for row in chosen
    ]


def _covering(axes: list[tuple[str, list[Any]]]) -> list[tuple[Any, ...]]:
    """Defaults, then row k gives every axis its k-th value (or its default when it has fewer)."""
    width = max((len(values) for _, values in axes), default=1)
    return [tuple(values[k] if k < len(values) else values[0] for _, values in axes) for k in range(width)]


def _pairwise(axes: list[tuple[str, list[Any]]]) -> list[tuple[Any, ...]] | None:
    """A greedy all-pairs set starting from the defaults; None when the product is too large to search."""
    if len(axes) < 2:
        return _covering(axes)
    sizes = [len(values) for _, values in axes]
    if _product(sizes) > 4096:
        return None
    indexes = range(len(axes))
    uncovered = {
        ((i, a), (j, b))
        for i, j in itertools.combinations(indexes, 2)
        for a in range(sizes[i])
        for b in range(sizes[j])
    }
    candidates = list(itertools.product(*(range(size) for size in sizes)))
    rows = [candidates[0]]  # all defaults
    uncovered -= _pairs(candidates[0])
    while uncovered:
        best = max(candidates, key=lambda row: len(_pairs(row) & uncovered))
        rows.append(best)
        uncovered -= _pairs(best)
    return [tuple(axes[i][1][k] for i, k in enumerate(row)) for row in rows]


def _pairs(row: tuple[int, ...]) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    return {((i, row[i]), (j, row[j])) for i, j in itertools.combinations(range(len(row)), 2)}


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
    return total


def _case(template: Template, overrides: Mapping[str, Any]) -> Case:
    spec = template.parameters.get("python")
    if spec is None:
        return Case(template.id, overrides, PYTHON_VERSIONS[0], PYTHON_VERSIONS)
    python = str(overrides.get("python", spec.default))
    supported = sorted((str(v) for v in spec.choices or PYTHON_VERSIONS), key=version_key)
    return Case(template.id, overrides, python, tuple(v for v in supported if version_key(v) >= version_key(python)))
