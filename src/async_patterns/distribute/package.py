"""The skill folder as agents receive it, and the reproducible ``.skill`` archive.

What ships is exactly what an agent needs: SKILL.md, skill.yaml, the files generated from
it, and the declared ``references/``, ``templates/`` and ``scripts/`` — never tests, caches
or editor litter. The archive is byte-reproducible (sorted entries, fixed timestamps and
permissions), so two runs on the same tree give identical files and a changed package is
always a changed source.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from async_patterns.derived import expected_files
from async_patterns.errors import OutputExistsError
from async_patterns.layout import MANIFEST_NAME, SHIPPED_FOLDERS, SKILL_FILE
from async_patterns.skill.files import skill_files as files_in
from async_patterns.skill.manifest import load_manifest

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
UPLOAD_LIMIT_BYTES = 30 * 1024 * 1024  # Anthropic's limit on a skill's uncompressed size


@dataclass(frozen=True)
class PackageResult:
    folder: Path
    archive: Path
    files: int
    uncompressed_bytes: int
    archive_bytes: int


def skill_files(skill_dir: Path) -> list[str]:
    """Relative POSIX paths of every file that belongs in a distributed copy, sorted."""
    manifest = load_manifest(skill_dir)
    root = manifest.root
    found = {SKILL_FILE, MANIFEST_NAME}
    found.update(path.relative_to(root).as_posix() for path in expected_files(manifest))
    for folder in SHIPPED_FOLDERS:
        found.update(path.relative_to(root).as_posix() for path in files_in(root / folder))
    return sorted(found)


def copy_skill(skill_dir: Path, destination: Path) -> int:
    """Copy the shipped files into ``destination`` (created fresh); return the byte count."""
    total = 0
    for relative in skill_files(skill_dir):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(skill_dir / relative, target)
        total += target.stat().st_size
    return total


def replace_folder(staged: Path, destination: Path) -> None:
    """Swap ``staged`` into ``destination``; an existing one is removed only after the swap."""
    old = destination.with_name(f".{destination.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if destination.exists():
        destination.rename(old)
    staged.rename(destination)
    shutil.rmtree(old, ignore_errors=True)


def package(skill_dir: Path, output_dir: Path, *, force: bool = False) -> PackageResult:
    """Write ``output_dir/<name>/`` and ``output_dir/<name>.skill``.

    Raises:
        OutputExistsError: an output exists and ``force`` is false.
    """
    name = load_manifest(skill_dir).name
    folder, archive = output_dir / name, output_dir / f"{name}.skill"
    for path in (folder, archive):
        if path.exists() and not force:
            raise OutputExistsError(f"{path} exists; use --force to replace it")
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".package-") as scratch:
        staged = Path(scratch) / name
        size = copy_skill(skill_dir, staged)
        staged_archive = Path(scratch) / archive.name
        count = _write_zip(staged, name, staged_archive)
        staged_archive.replace(archive)
        replace_folder(staged, folder)
    return PackageResult(folder, archive, count, size, archive.stat().st_size)


def _write_zip(folder: Path, name: str, archive: Path) -> int:
    files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for relative in files:
            info = zipfile.ZipInfo(f"{name}/{relative}", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if relative.startswith("scripts/") else 0o100644) << 16
            info.create_system = 3  # Unix, so the permission bits are honoured everywhere
            bundle.writestr(info, (folder / relative).read_bytes())
    return len(files)
