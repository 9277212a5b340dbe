#!/usr/bin/env bash
# The main job: prove the skill on this machine.
#   1. one venv per CPython >= 3.11 found (dev/pythons.sh), each with async-patterns[check];
#   2. validate the skill folder (spec, manifest, drift, files, links, templates);
#   3. render every template across its parameter matrix into demo/ (replacing an earlier demo/)
#      and verify each case: compile, ruff, ruff format, flake8-async, mypy --strict per target
#      version, and the generated tests under python -X dev -W error, on every Python found.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t pythons < <(bash dev/pythons.sh)
first=${pythons[0]}
"$first" -m async_patterns validate .
rm -rf demo
"$first" -m async_patterns verify --python "${pythons[@]}" --keep demo
echo "demo scaffolds: $(pwd)/demo" >&2
