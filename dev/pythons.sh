#!/usr/bin/env bash
# One virtual environment per CPython >= 3.11 on this machine (PATH, pyenv, /usr/bin), each
# with async-patterns and its `check` extra, so `verify` can run generated tests on every
# version. Prints the interpreters, one per line, for `async-patterns verify --python`.
# Progress and pip output go to stderr. An environment that already works is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
seen=" "
candidates=(python3 python3.11 python3.12 python3.13 python3.14)
candidates+=("${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[1-9]*/bin/python3.1[1-9])
candidates+=(/usr/bin/python3.1[1-9] /usr/local/bin/python3.1[1-9])
for candidate in "${candidates[@]}"; do
  exe=$(command -v "$candidate" 2>/dev/null) || continue
  version=$("$exe" -c 'import sys; print("%d.%d" % sys.version_info[:2] if sys.version_info >= (3, 11) else "")' 2>/dev/null) || continue
  [ -n "$version" ] || continue
  case "$seen" in *" $version "*) continue ;; esac
  seen="$seen$version "
  venv=".venv-$version"
  if ! "$venv/bin/python" -c "import async_patterns.testing, pytest, pytest_asyncio, pytest_timeout, httpx, httpx2, markdown_it, mdit_py_plugins" 2>/dev/null; then
    echo "dev/pythons.sh: setting up $venv with $exe" >&2
    "$exe" -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check -e '.[check]' >&2
  fi
  echo "$venv/bin/python"
done
[ "$seen" != " " ] || { echo "dev/pythons.sh: no CPython >= 3.11 found" >&2; exit 1; }
