#!/usr/bin/env python3
"""PostToolUse edit hook of the async-patterns skill, callable by path from the skill folder.

Claude Code runs it after an Edit, Write or MultiEdit: ``python <skill>/scripts/check_hook.py``
reads the hook's JSON on stdin and, when the edited file is Python that uses async and
``async-patterns check``'s own rules find a bug in it, prints the findings with their fixes as
context for the agent. It always exits 0 and never blocks. The work itself lives in the
``async-patterns`` package; without it this prints a one-line install hint on stderr.
"""

import sys


def main() -> int:
    try:
        from async_patterns.check_hook import main as run_hook
    except ImportError:
        sys.stderr.write(
            "async-patterns check hook: the async-patterns package is not installed; run: pip install async-patterns\n"
        )
        return 0
    return run_hook()


if __name__ == "__main__":
    sys.exit(main())
