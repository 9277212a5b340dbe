#!/usr/bin/env python3
"""PostToolUse hook of the async-patterns skill, callable by path from the skill folder.

Claude Code runs it after a Read, Edit or Write: ``python <skill>/scripts/context_hook.py``
reads the hook's JSON on stdin and, the first time in a session that the file is Python
asyncio code, prints context naming this skill. It always exits 0. The work itself lives
in the ``async-patterns`` package; without it this prints a one-line install hint on stderr.
"""

# os.path on purpose: importing pathlib would slow the hook on every tool call.
# ruff: noqa: PTH100, PTH120
import os
import sys


def main() -> int:
    try:
        from async_patterns.context_hook import main as run_hook
    except ImportError:
        sys.stderr.write(
            "async-patterns context hook: the async-patterns package is not installed; run: pip install async-patterns\n"
        )
        return 0
    skill_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return run_hook(skill_dir)


if __name__ == "__main__":
    sys.exit(main())
