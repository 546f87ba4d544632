"""Writing files so that a failed or interrupted write never loses the old file.

Every file helixnet writes goes through :func:`atomic_write` (one file) or
:func:`atomic_write_group` (files that belong together, such as VOSviewer's map and network):
the content goes to a temporary file in the target's directory, which is flushed, synced and
then renamed over the target with :func:`os.replace` (atomic on POSIX and Windows). On any
failure, Ctrl-C included, the temporary files are removed and the old files stay as they were.
System errors become :class:`~helixnet.errors.HelixOutputError` naming the file and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import HelixOutputError

logger = logging.getLogger("helixnet")

PathLike = str | os.PathLike


def _target(path: PathLike) -> Path:
    """The file to replace: ``path``, or the file a symbolic link points to (the link stays)."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would, for a moment, for every thread)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _is_read_only(path: Path, st: os.stat_result) -> bool:
    # No write bit at all marks a file as read-only even for root, who may write anything.
    return not os.access(path, os.W_OK) or not st.st_mode & 0o222


def output_error(error: OSError, path: PathLike, *, existed: bool | None = None) -> HelixOutputError:
    """``error`` (raised while writing ``path``) as a :class:`HelixOutputError` saying what to do."""
    if isinstance(error, HelixOutputError):
        return error
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if existed is None:
        existed = path.is_file()
    kept = "the old file is unchanged" if existed else "nothing was written"
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        message = f"no space left on the disk holding {folder} ({kept}); free some space or write to another disk"
    elif code in (errno.EACCES, errno.EPERM):
        message = (f"permission denied in the directory {folder} ({kept}); choose a directory you may write to, "
                   "or ask for write permission")
    elif code == errno.ENOENT:
        message = f"the directory {folder} does not exist; create it first (mkdir -p {folder}) or choose another path"
    elif code == errno.EISDIR:
        message = f"{path} is a directory; give a file name inside it, e.g. {path / ('output' + (path.suffix or '.txt'))}"
    elif code == errno.ENOTDIR:
        message = f"a part of {folder} is a file, not a directory; choose another path"
    elif code == errno.EROFS:
        message = f"{folder} is on a read-only file system ({kept}); write to another disk"
    else:
        message = f"{error.strerror or error} ({kept})"
    return HelixOutputError(f"cannot write {path}: {message}.", errno=code, filename=str(path))


def check_output_path(path: PathLike) -> Path:
    """Check, before any work, that ``path`` can be written; return it.

    The directory must exist and take a new file (tried by creating and removing an empty
    temporary file there), ``path`` must not be a directory, and an existing file there must not
    be read-only. Raises :class:`HelixOutputError` saying what to do otherwise.
    """
    path = _target(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise output_error(IsADirectoryError(errno.EISDIR, "Is a directory"), path)
    if not folder.exists():
        raise output_error(FileNotFoundError(errno.ENOENT, "No such directory"), path)
    if not folder.is_dir():
        raise output_error(NotADirectoryError(errno.ENOTDIR, "Not a directory"), path)
    if path.exists():
        _refuse_read_only(path, path.stat())
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".check")
    except OSError as error:
        raise output_error(error, path) from error
    os.close(fd)
    os.unlink(probe)
    return path


def _refuse_read_only(path: Path, st: os.stat_result) -> None:
    if stat.S_ISREG(st.st_mode) and _is_read_only(path, st):
        raise HelixOutputError(
            f"cannot write {path}: the file is read-only (the old file is unchanged); make it writable "
            f"(chmod u+w {path}) or write to another file.",
            errno=errno.EACCES,
            filename=str(path),
        )


def _remove(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _sync_directory(folder: Path) -> None:
    """Make a rename in ``folder`` durable, where the system lets a directory be opened and synced."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on a directory; the rename is done anyway
        pass
    finally:
        os.close(fd)


def _backup(path: Path) -> Path:
    """A second name (hard link) or a copy of ``path`` in its directory, to restore it from."""
    backup = path.with_name(f".{path.name}.{secrets.token_hex(4)}.bak")
    try:
        os.link(path, backup)
    except OSError:  # no hard links here (FAT, some network disks): a copy
        try:
            shutil.copy2(path, backup)
        except BaseException:
            _remove(backup)
            raise
    return backup


@contextlib.contextmanager
def atomic_write_group(
    paths: Sequence[PathLike],
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    make_parents: bool = False,
) -> Iterator[list[IO[Any]]]:
    """Write several files as one: all of them, or none (the old ones stay).

    Yields one open temporary file per path (text for ``mode="w"``, binary for ``"wb"``), each in
    its target's directory. When the block ends without an error, every file is flushed and
    synced, then moved into place; if a later move fails, the files moved before it are put back
    from backups (or removed, if they were new). On any error or interrupt the temporary files are
    removed and every old file is left as it was. A replaced file keeps its permission bits; a new
    one gets the usual ones (0o666 less the umask).

    ``make_parents`` creates missing directories first; without it a missing directory is an
    error. ``OSError`` from the block or from the system becomes
    :class:`~helixnet.errors.HelixOutputError`; other exceptions pass through unchanged.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write: mode must be 'w' or 'wb', got {mode!r}")
    targets = [_target(p) for p in paths]
    temps: list[str] = []
    handles: list[IO[Any]] = []
    current = targets[0] if targets else Path(".")
    existed = {t: t.is_file() for t in targets}
    try:
        for target in targets:
            current = target
            if make_parents:
                target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
            old = target.stat() if existed[target] else None
            if old is not None:
                _refuse_read_only(target, old)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            temps.append(temp)
            handle = _open(fd, mode, encoding=None if mode == "wb" else encoding, newline=newline)
            handles.append(handle)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask())
        yield handles
        for target, handle in zip(targets, handles):
            current = target
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        _replace_all(temps, targets, existed)
        for folder in {t.parent for t in targets}:
            _sync_directory(folder)
    except OSError as error:
        if getattr(error, "filename2", None):  # os.replace(temp, target) names the target second
            current = Path(error.filename2)
        raise output_error(error, current, existed=existed.get(current)) from error
    finally:
        for handle in handles:
            with contextlib.suppress(OSError):
                handle.close()
        for temp in temps:
            _remove(temp)


def _replace_all(temps: list[str], targets: list[Path], existed: dict[Path, bool]) -> None:
    """Move each temporary file over its target; on failure put back the ones already moved."""
    backups: list[Path | None] = []
    done = 0
    try:
        for i, target in enumerate(targets):
            # The last target needs no backup: if its move fails, it was never touched.
            backups.append(_backup(target) if existed[target] and i < len(targets) - 1 else None)
        for temp, target in zip(temps, targets):
            os.replace(temp, target)
            done += 1
    except BaseException:
        for target, backup in zip(targets[:done], backups[:done]):
            try:
                if backup is not None:
                    os.replace(backup, target)
                else:
                    _remove(target)
            except OSError:  # pragma: no cover - a second failure while putting back
                logger.error("could not restore %s; its previous content is in %s", target, backup)
        raise
    finally:
        for backup in backups:
            if backup is not None:
                _remove(backup)


def _open(fd: int, mode: str, *, encoding: str | None, newline: str | None) -> IO[Any]:
    """The file object on a temporary file's descriptor (a seam the tests use to fill the disk)."""
    return os.fdopen(fd, mode, encoding=encoding, newline=newline)


@contextlib.contextmanager
def atomic_write(
    path: PathLike,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    make_parents: bool = False,
) -> Iterator[IO[Any]]:
    """Write ``path`` through a temporary file that replaces it only when complete.

    See :func:`atomic_write_group`, of which this is the one-file case.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "table.csv"
    >>> with atomic_write(path) as handle:
    ...     _ = handle.write("a,b\\n1,2\\n")
    >>> path.read_text()
    'a,b\\n1,2\\n'
    """
    with atomic_write_group([path], mode, encoding=encoding, newline=newline, make_parents=make_parents) as (handle,):
        yield handle
