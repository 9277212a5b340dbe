"""Installing the skill where Claude Code (and other agents) look for it, and undoing that.

Install copies the shipped skill folder to ``~/.claude/skills/async-patterns/`` (user scope)
or ``<project>/.claude/skills/async-patterns/`` (project scope), optionally also to the
cross-agent ``.agents/skills/``, and registers the UserPromptSubmit hook by *merging* into the
matching ``settings.json``. Whatever else the user has there is theirs: it is parsed before
anything is touched (a malformed file stops the install with nothing changed), backed up,
and rewritten atomically. A small record in the installed folder remembers which keys the
install created, so uninstall can restore ``settings.json`` to exactly what it was.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from async_patterns.distribute.package import copy_skill, replace_folder
from async_patterns.errors import InstallError
from async_patterns.fileio import write_text_atomic
from async_patterns.layout import SKILL_NAME

Scope = Literal["user", "project"]
HOOK_EVENT = "UserPromptSubmit"
HOOK_TIMEOUT_SECONDS = 10
RECORD_NAME = ".install-record.json"
BACKUP_SUFFIX = ".async-patterns.bak"


@dataclass(frozen=True)
class InstallPlan:
    """Where an install (or uninstall) writes, computed before anything is touched."""

    skill_folders: tuple[Path, ...]
    settings_path: Path | None
    hook_command: str | None

    def describe(self, verb: str) -> list[str]:
        lines = [f"{verb} skill folder {folder}" for folder in self.skill_folders]
        if self.settings_path is not None:
            lines.append(f"{verb} {HOOK_EVENT} hook in {self.settings_path}: {self.hook_command}")
        return lines


def plan(
    scope: Scope = "user",
    *,
    project_dir: Path | None = None,
    agents_dir: bool = False,
    hook: bool = True,
) -> InstallPlan:
    """The folders and settings file an install at ``scope`` uses."""
    base = Path.home() if scope == "user" else (project_dir or Path.cwd()).resolve()
    folders = [base / ".claude" / "skills" / SKILL_NAME]
    if agents_dir:
        folders.append(base / ".agents" / "skills" / SKILL_NAME)
    if not hook:
        return InstallPlan(tuple(folders), None, None)
    script = folders[0] / "scripts" / "hook.py"
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    return InstallPlan(tuple(folders), base / ".claude" / "settings.json", command)


def install(install_plan: InstallPlan, skill_dir: Path) -> list[str]:
    """Carry out ``install_plan``; return what was done, one line per action.

    Installing twice is safe: folders are replaced and the hook is registered once.
    """
    settings = _read_settings(install_plan.settings_path) if install_plan.settings_path else None
    previous = _read_record(install_plan.skill_folders[0])  # read before the folder is replaced
    done = []
    for folder in install_plan.skill_folders:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}-") as scratch:
            staged = Path(scratch) / folder.name
            copy_skill(skill_dir, staged)
            replace_folder(staged, folder)
        done.append(f"installed skill folder {folder}")
    if install_plan.settings_path is not None and install_plan.hook_command is not None:
        folder = install_plan.skill_folders[0]
        done.append(_register_hook(install_plan.settings_path, install_plan.hook_command, folder, settings, previous))
    return done


def uninstall(install_plan: InstallPlan) -> list[str]:
    """Remove exactly what ``install`` added; ``settings.json`` returns to its earlier JSON."""
    done = []
    record = _read_record(install_plan.skill_folders[0])
    if record is not None:
        done.append(_unregister_hook(record))
    for folder in install_plan.skill_folders:
        if folder.exists():
            shutil.rmtree(folder)
            done.append(f"removed skill folder {folder}")
    return done or ["nothing to uninstall: no async-patterns install found there"]


# --- settings.json ----------------------------------------------------------------------


def _read_settings(path: Path) -> dict[str, Any] | None:
    """The parsed settings (None if the file does not exist); refuses shapes we cannot merge."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InstallError(f"{path}: not valid JSON ({exc}); fix or remove it — nothing was changed") from None
    if not isinstance(data, dict):
        raise InstallError(f"{path}: top level must be a JSON object — nothing was changed")
    hooks = data.get("hooks", {})
    if not isinstance(hooks, dict) or not isinstance(hooks.get(HOOK_EVENT, []), list):
        raise InstallError(f"{path}: 'hooks.{HOOK_EVENT}' must be a list inside an object — nothing was changed")
    return data


def _is_ours(handler: object, script_marker: str) -> bool:
    return isinstance(handler, dict) and script_marker in str(handler.get("command", ""))


def _without_our_hooks(groups: list[Any], script_marker: str) -> list[Any]:
    """Groups with our handlers removed; a group left empty by that removal is dropped."""
    kept = []
    for group in groups:
        handlers = group.get("hooks") if isinstance(group, dict) else None
        if not isinstance(handlers, list):
            kept.append(group)
            continue
        remaining = [h for h in handlers if not _is_ours(h, script_marker)]
        if remaining or not handlers:
            kept.append({**group, "hooks": remaining})
    return kept


def _register_hook(
    path: Path, command: str, folder: Path, settings: dict[str, Any] | None, previous: dict[str, Any] | None
) -> str:
    data = settings if settings is not None else {}
    # A reinstall keeps the first install's record of which keys existed before it.
    record = previous or {
        "settings": str(path),
        "created_file": settings is None,
        "created_hooks": "hooks" not in data,
        "created_event": HOOK_EVENT not in data.get("hooks", {}),
    }
    record["marker"] = str(folder / "scripts" / "hook.py")
    hooks = data.setdefault("hooks", {})
    groups = _without_our_hooks(hooks.get(HOOK_EVENT, []), record["marker"])
    entry = {"type": "command", "command": command, "timeout": HOOK_TIMEOUT_SECONDS}
    hooks[HOOK_EVENT] = [*groups, {"hooks": [entry]}]
    if path.exists():
        shutil.copy2(path, path.with_name(path.name + BACKUP_SUFFIX))
    write_text_atomic(path, json.dumps(data, indent=2) + "\n")
    write_text_atomic(folder / RECORD_NAME, json.dumps(record, indent=2) + "\n")
    return (
        f"registered {HOOK_EVENT} hook in {path} (previous file backed up)"
        if settings is not None
        else f"created {path} with the {HOOK_EVENT} hook"
    )


def _read_record(folder: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _unregister_hook(record: dict[str, Any]) -> str:
    path = Path(record["settings"])
    data = _read_settings(path)
    if data is None:
        return f"{path} is gone; no hook to remove"
    hooks = data.get("hooks", {})
    groups = _without_our_hooks(hooks.get(HOOK_EVENT, []), record["marker"])
    if groups or not record.get("created_event"):
        hooks[HOOK_EVENT] = groups
    else:
        hooks.pop(HOOK_EVENT, None)
    if not hooks and record.get("created_hooks"):
        data.pop("hooks", None)
    if not data and record.get("created_file"):
        path.unlink()
        return f"removed {path} (the install had created it)"
    write_text_atomic(path, json.dumps(data, indent=2) + "\n")
    return f"removed the {HOOK_EVENT} hook from {path}"
