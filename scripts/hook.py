#!/usr/bin/env python3
"""UserPromptSubmit hook of the async-patterns skill, callable by path from the skill folder.

Claude Code runs it on every prompt: ``python <skill>/scripts/hook.py`` reads the hook's JSON
on stdin and, when the prompt is about Python asyncio, prints context naming this skill.
It always exits 0 (exit 2 would block the prompt). The matching itself lives in the
``async-patterns`` package; without it this prints a one-line install hint on stderr.
"""

# os.path on purpose: importing pathlib would slow the hook on every prompt.
# ruff: noqa: PTH100, PTH120
import os
import sys


def main() -> int:
    try:
        from async_patterns.hook import main as run_hook
    except ImportError:
        sys.stderr.write(
            "async-patterns hook: the async-patterns package is not installed; run: pip install async-patterns\n"
        )
        return 0
    skill_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return run_hook(skill_dir)


if __name__ == "__main__":
    sys.exit(main())
