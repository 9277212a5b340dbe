"""Installing the skill where Claude Code (and other agents) look for it, and undoing that.

Install copies the shipped skill folder to ``~/.claude/skills/async-patterns/`` (user scope)
or ``<project>/.claude/skills/async-patterns/`` (project scope), optionally also to the
cross-agent ``.agents/skills/``, and registers the skill's hooks (``HOOKS``: the
UserPromptSubmit prompt hook and the PostToolUse code-context hook) by *merging* into the
matching ``settings.json``. Whatever else the user has there is theirs: it is parsed before
anything is touched (a malformed file stops the install with nothing changed), backed up,
and rewritten atomically. A small record in the installed folder remembers which keys the
install created (per hook: its event, the script path that marks its entry, whether the
event list was new), so uninstall can restore ``settings.json`` to exactly what it was.
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
HOOK_TIMEOUT_SECONDS = 10
RECORD_NAME = ".install-record.json"
BACKUP_SUFFIX = ".async-patterns.bak"


@dataclass(frozen=True)
class HookSpec:
    """One Claude Code hook the install registers: a script of the skill's ``scripts/`` folder.

    Attributes:
        event: the hook event (``UserPromptSubmit``, ``PostToolUse``, ...).
        script: the script's file name in ``scripts/``; its installed path marks the entry as ours.
        matcher: the tool-name pattern for tool events (``Read|Edit|Write``), None for the others.
        timeout: seconds Claude Code waits before cancelling it.
    """

    event: str
    script: str
    matcher: str | None = None
    timeout: int = HOOK_TIMEOUT_SECONDS


# Every hook the install registers, in order. Adding a hook is adding an entry (and its script).
HOOKS: tuple[HookSpec, ...] = (
    HookSpec("UserPromptSubmit", "hook.py"),
    # After the tool ran: it can neither block nor slow the read or edit, and the file on disk is what the agent saw or wrote.
    HookSpec("PostToolUse", "context_hook.py", matcher="Read|Edit|Write"),
    # After an edit: check's own rules on the edited file, the findings back to the agent as context.
    HookSpec("PostToolUse", "check_hook.py", matcher="Edit|Write|MultiEdit"),
)


@dataclass(frozen=True)
class InstallPlan:
    """Where an install (or uninstall) writes, computed before anything is touched."""

    skill_folders: tuple[Path, ...]
    settings_path: Path | None
    hooks: tuple[tuple[HookSpec, str], ...] = ()  # each hook with the command registered for it

    def describe(self, verb: str) -> list[str]:
        lines = [f"{verb} skill folder {folder}" for folder in self.skill_folders]
        if self.settings_path is not None:
            for spec, command in self.hooks:
                on = f" ({spec.matcher})" if spec.matcher else ""
                lines.append(f"{verb} {spec.event}{on} hook in {self.settings_path}: {command}")
        return lines


def plan(
    scope: Scope = "user",
    *,
    project_dir: Path | None = None,
    agents_dir: bool = False,
    hook: bool = True,
    hooks: tuple[HookSpec, ...] = HOOKS,
) -> InstallPlan:
    """The folders and settings file an install at ``scope`` uses, and the hooks it registers."""
    base = Path.home() if scope == "user" else (project_dir or Path.cwd()).resolve()
    folders = [base / ".claude" / "skills" / SKILL_NAME]
    if agents_dir:
        folders.append(base / ".agents" / "skills" / SKILL_NAME)
    if not hook:
        return InstallPlan(tuple(folders), None)
    commands = tuple(
        (spec, f"{shlex.quote(sys.executable)} {shlex.quote(str(folders[0] / 'scripts' / spec.script))}")
        for spec in hooks
    )
    return InstallPlan(tuple(folders), base / ".claude" / "settings.json", commands)


def install(install_plan: InstallPlan, skill_dir: Path) -> list[str]:
    """Carry out ``install_plan``; return what was done, one line per action.

    Installing twice is safe: folders are replaced and each hook is registered once.
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
    if install_plan.settings_path is not None and install_plan.hooks:
        folder = install_plan.skill_folders[0]
        done += _register_hooks(install_plan.settings_path, install_plan.hooks, folder, settings, previous)
    return done


def uninstall(install_plan: InstallPlan) -> list[str]:
    """Remove exactly what ``install`` added; ``settings.json`` returns to its earlier JSON."""
    done = []
    record = _read_record(install_plan.skill_folders[0])
    if record is not None:
        done += _unregister_hooks(record)
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
    if not isinstance(hooks, dict):
        raise InstallError(f"{path}: 'hooks' must be an object — nothing was changed")
    for event in sorted({spec.event for spec in HOOKS} | set(hooks)):
        if not isinstance(hooks.get(event, []), list):
            raise InstallError(f"{path}: 'hooks.{event}' must be a list inside an object — nothing was changed")
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


def _register_hooks(
    path: Path,
    hooks: tuple[tuple[HookSpec, str], ...],
    folder: Path,
    settings: dict[str, Any] | None,
    previous: dict[str, Any] | None,
) -> list[str]:
    data = settings if settings is not None else {}
    events = data.setdefault("hooks", {})
    # A reinstall keeps the first install's record of which keys existed before it.
    old = _recorded_hooks(previous) if previous else {}
    items: list[dict[str, Any]] = []
    record = {
        "settings": str(path),
        "created_file": previous["created_file"] if previous else settings is None,
        "created_hooks": previous["created_hooks"] if previous else "hooks" not in (settings or {}),
        "hooks": items,
    }
    done = []
    existed = set(events)  # before this install: two hooks of one event must agree on who created it
    for spec, command in hooks:
        marker = str(folder / "scripts" / spec.script)
        before = old.get(marker)
        created = before["created_event"] if before else spec.event not in existed
        items.append({"event": spec.event, "marker": marker, "created_event": created})
        groups = _without_our_hooks(events.get(spec.event, []), marker)
        entry = {"type": "command", "command": command, "timeout": spec.timeout}
        group: dict[str, Any] = {"matcher": spec.matcher} if spec.matcher else {}
        events[spec.event] = [*groups, {**group, "hooks": [entry]}]
        on = f" ({spec.matcher})" if spec.matcher else ""
        done.append(f"registered {spec.event}{on} hook in {path}")
    for gone in set(old) - {item["marker"] for item in items}:  # hooks an older version registered
        _remove_hook(data, old[gone])
    if path.exists():
        shutil.copy2(path, path.with_name(path.name + BACKUP_SUFFIX))
        done.append(f"backed up the previous {path.name} to {path.name}{BACKUP_SUFFIX}")
    else:
        done.append(f"created {path}")
    write_text_atomic(path, json.dumps(data, indent=2) + "\n")
    write_text_atomic(folder / RECORD_NAME, json.dumps(record, indent=2) + "\n")
    return done


def _recorded_hooks(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The hooks a record lists, by marker (a record of the one-hook versions has one, at the top level)."""
    items = record.get("hooks")
    if not isinstance(items, list):
        items = [
            {
                "event": "UserPromptSubmit",
                "marker": record.get("marker", ""),
                "created_event": record.get("created_event"),
            }
        ]
    return {item["marker"]: item for item in items if isinstance(item, dict) and item.get("marker")}


def _remove_hook(data: dict[str, Any], item: dict[str, Any]) -> None:
    """Remove our handlers of one recorded hook; drop its event if the install had created it and it is now empty."""
    events = data.get("hooks", {})
    groups = _without_our_hooks(events.get(item["event"], []), item["marker"])
    if groups or not item.get("created_event"):
        events[item["event"]] = groups
    else:
        events.pop(item["event"], None)


def _read_record(folder: Path) -> dict[str, Any] | None:
    try:
        record = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _unregister_hooks(record: dict[str, Any]) -> list[str]:
    path = Path(record["settings"])
    data = _read_settings(path)
    if data is None:
        return [f"{path} is gone; no hook to remove"]
    items = _recorded_hooks(record)
    for item in items.values():
        _remove_hook(data, item)
    if not data.get("hooks") and record.get("created_hooks"):
        data.pop("hooks", None)
    if not data and record.get("created_file"):
        path.unlink()
        return [f"removed {path} (the install had created it)"]
    write_text_atomic(path, json.dumps(data, indent=2) + "\n")
    return [f"removed the {item['event']} hook from {path}" for item in items.values()]
