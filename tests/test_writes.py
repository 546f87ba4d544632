"""Outputs are written atomically: a failed or interrupted write never loses the old file.

The disk-full tests use a real small tmpfs where the test may mount one (root on Linux) and
otherwise a file object whose writes fail with ENOSPC once a byte budget is spent; both run
here when the mount is possible (the "real" and "fake" cases).
"""

from __future__ import annotations

import errno
import io
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

import networkx as nx
import pandas as pd
import pytest

import helixnet as hx
from helixnet import _files
from helixnet.cli import EXIT_FILE, EXIT_INTERRUPTED, EXIT_USAGE, main
from helixnet.errors import HelixOutputError

ROOT = Path(__file__).resolve().parents[1]
OLD = b"yesterday's good output\n" * 3


def _leftovers(folder: Path, expected: set[str]) -> set[str]:
    """Files in ``folder`` other than ``expected`` (temporary files and backups are hidden files)."""
    return set(os.listdir(folder)) - expected


def _graph(n: int = 300) -> nx.Graph:
    G = nx.gnm_random_graph(n, 4 * n, seed=1)
    for node in G:
        G.nodes[node].update(helix=("knowledge", "industry", "government")[node % 3], name=f"organisation {node}")
    for a, b in G.edges:
        G.edges[a, b]["weight"] = 1.5
    return G


# --------------------------------------------------------------------------------------------
# The writer itself
# --------------------------------------------------------------------------------------------


def test_replaces_file_and_keeps_its_mode(tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes(OLD)
    path.chmod(0o640)
    with _files.atomic_write(path) as handle:
        handle.write("a,b\n1,2\n")
    assert path.read_text() == "a,b\n1,2\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path, {"table.csv"}) == set()


def test_new_file_gets_the_mode_open_would_give(tmp_path):
    previous = os.umask(0o027)
    try:
        with open(tmp_path / "plain.txt", "w") as handle:  # the oracle: what open() creates
            handle.write("x")
        with _files.atomic_write(tmp_path / "atomic.txt") as handle:
            handle.write("x")
    finally:
        os.umask(previous)
    assert (tmp_path / "atomic.txt").stat().st_mode & 0o777 == (tmp_path / "plain.txt").stat().st_mode & 0o777 == 0o640


def test_symbolic_link_stays_and_its_target_is_replaced(tmp_path):
    (tmp_path / "real.txt").write_bytes(OLD)
    (tmp_path / "link.txt").symlink_to("real.txt")
    with _files.atomic_write(tmp_path / "link.txt") as handle:
        handle.write("new")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "new"


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), HelixOutputError),
        (KeyboardInterrupt(), KeyboardInterrupt),
        (RuntimeError("a bug in the caller"), RuntimeError),
    ],
)
@pytest.mark.parametrize("mode", ["w", "wb"])
def test_failure_half_way_keeps_old_file(tmp_path, failure, raised, mode):
    path = tmp_path / "out.dat"
    path.write_bytes(OLD)
    with pytest.raises(raised) as info, _files.atomic_write(path, mode) as handle:
        handle.write("half of the new " if mode == "w" else b"half of the new ")
        handle.flush()
        raise failure
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path, {"out.dat"}) == set()
    if raised is HelixOutputError:
        assert info.value.errno == errno.ENOSPC and info.value.filename == str(path)
        expected = (f"cannot write {path}: no space left on the disk holding {tmp_path} (the old file is unchanged); "
                    "free some space or write to another disk.")
        assert str(info.value) == expected


@pytest.mark.parametrize("failure", [OSError(errno.EIO, "Input/output error"), KeyboardInterrupt()])
def test_failed_rename_keeps_old_file(tmp_path, monkeypatch, failure):
    path = tmp_path / "out.txt"
    path.write_bytes(OLD)

    def refuse(source, target):
        raise failure

    monkeypatch.setattr(_files.os, "replace", refuse)
    with pytest.raises((HelixOutputError, KeyboardInterrupt)), _files.atomic_write(path) as handle:
        handle.write("new content")
    monkeypatch.undo()
    assert path.read_bytes() == OLD
    assert _leftovers(tmp_path, {"out.txt"}) == set()


def _make_case(tmp_path: Path, case: str) -> Path:
    if case == "missing directory":
        return tmp_path / "no-such-folder" / "out.html"
    if case == "path is a directory":
        (tmp_path / "out.html").mkdir()
        return tmp_path / "out.html"
    if case == "parent is a file":
        (tmp_path / "notes.txt").write_text("a file")
        return tmp_path / "notes.txt" / "out.html"
    path = tmp_path / "out.html"  # read-only file
    path.write_bytes(OLD)
    path.chmod(0o444)
    return path


CASES = {
    "missing directory": (errno.ENOENT, "does not exist; create it first (mkdir -p"),
    "path is a directory": (errno.EISDIR, "is a directory; give a file name inside it"),
    "parent is a file": (errno.ENOTDIR, "is a file, not a directory"),
    "read-only file": (errno.EACCES, "the file is read-only (the old file is unchanged); make it writable (chmod u+w"),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("check", ["write", "check first"])
def test_errors_name_the_path_and_what_to_do(tmp_path, case, check):
    path = _make_case(tmp_path, case)
    before = set(os.listdir(tmp_path))
    with pytest.raises(HelixOutputError) as info:
        if check == "write":
            with _files.atomic_write(path) as handle:
                handle.write("new")
        else:
            _files.check_output_path(path)
    code, words = CASES[case]
    assert isinstance(info.value, OSError) and info.value.errno == code
    assert str(info.value).startswith(f"cannot write {path}") and words in str(info.value)
    assert set(os.listdir(tmp_path)) == before
    if case == "read-only file":
        assert path.read_bytes() == OLD


def _run_unprivileged(work) -> tuple[str, str, int | None]:
    """Run ``work()`` as an unprivileged user, so that file permissions apply (root ignores them).

    As root: in a forked child that drops to uid/gid 65534 (nobody); the outcome comes back
    through a pipe as (exception type name, message, errno).
    """
    def outcome() -> tuple[str, str, int | None]:
        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported to the parent, which asserts on it
            return type(error).__name__, str(error), getattr(error, "errno", None)
        return "", "", None

    if os.geteuid() != 0:
        return outcome()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            result = outcome()
        except BaseException as error:  # noqa: BLE001
            result = ("child failed", repr(error), None)
        os.write(write, pickle.dumps(result))
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_permission_denied_for_real(tmp_path):
    # A directory under /tmp that the unprivileged user can reach but not write.
    base = Path(tempfile.mkdtemp(prefix="helixnet-writes-", dir="/tmp"))
    try:
        base.chmod(0o755)
        folder = base / "locked"
        folder.mkdir()
        (folder / "map.html").write_bytes(OLD)
        (folder / "map.html").chmod(0o666)  # the file itself is writable; the directory is not
        folder.chmod(0o555)

        def write():
            with _files.atomic_write(folder / "map.html") as handle:
                handle.write("new page")

        name, message, code = _run_unprivileged(write)
        assert (name, code) == ("HelixOutputError", errno.EACCES), message
        assert message.startswith(f"cannot write {folder / 'map.html'}: permission denied in the directory {folder}")
        name, message, code = _run_unprivileged(lambda: _files.check_output_path(folder / "map.html"))
        assert (name, code) == ("HelixOutputError", errno.EACCES), message
        assert (folder / "map.html").read_bytes() == OLD
        assert os.listdir(folder) == ["map.html"]
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


# --------------------------------------------------------------------------------------------
# A disk that fills up: a real tmpfs where it can be mounted, else a budget of bytes
# --------------------------------------------------------------------------------------------


def _mount_tmpfs(folder: Path, options: str) -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, check=False)
    return result.returncode == 0


class _BudgetFileIO(io.FileIO):
    """A file whose writes fail with ENOSPC once the shared byte budget is spent (part written)."""

    budget: ClassVar[list[int]] = [0]

    def write(self, data) -> int:
        room = self.budget[0]
        view = memoryview(data).cast("B")
        if len(view) > room:
            if room:
                super().write(view[:room])
            self.budget[0] = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.budget[0] -= len(view)
        return super().write(view)


class Disk:
    """A folder on a disk with ``free`` bytes left once ``fill()`` is called."""

    def __init__(self, path: Path, kind: str, monkeypatch):
        self.path, self.kind, self._monkeypatch = path, kind, monkeypatch

    def fill(self, free: int = 8192) -> None:
        if self.kind == "tmpfs":
            stats = os.statvfs(self.path)
            room = stats.f_bavail * stats.f_frsize - free
            with open(self.path / ".filler", "wb") as filler:
                filler.write(b"\0" * room)
            return

        def open_with_budget(fd, mode, *, encoding, newline):
            buffered = io.BufferedWriter(_BudgetFileIO(fd, "wb"))
            return buffered if mode == "wb" else io.TextIOWrapper(buffered, encoding=encoding, newline=newline)

        _BudgetFileIO.budget[0] = free
        self._monkeypatch.setattr(_files, "_open", open_with_budget)

    def files(self) -> set[str]:
        return set(os.listdir(self.path)) - {".filler"}


@pytest.fixture(params=["real", "fake"])
def disk(request, tmp_path, monkeypatch):
    folder = tmp_path / "disk"
    folder.mkdir()
    if request.param == "real" and _mount_tmpfs(folder, "size=512k"):
        request.node.user_properties.append(("disk", "tmpfs"))
        try:
            yield Disk(folder, "tmpfs", monkeypatch)
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    else:  # no mount allowed here: the same test on a byte budget
        request.node.user_properties.append(("disk", "budget"))
        yield Disk(folder, "budget", monkeypatch)


def _write_cli(*args: str):
    def write(folder: Path, name: str) -> int:
        return main(["--quiet", *args, "-o", str(folder / name)])

    return write


def _records_file(folder: Path) -> Path:
    """Eight binary columns: the table of all 255 subsets is some 40 KB of JSON."""
    path = folder.parent / "records.csv"
    pd.DataFrame([[(k >> j) & 1 for j in range(8)] for k in range(256)], columns=list("abcdefgh")).to_csv(path, index=False)
    return path


# Each writer: (file names it writes, how to call it on a folder). Outputs are larger than the
# 8 KB left on the disk, so every one of them fails part way.
WRITERS = {
    "map": (["map.html"], lambda f, n: hx.ecosystem_map(_graph(), f / n[0], layout="circle")),
    "figure png": (["venn.png"], lambda f, n: hx.venn_figure({"100": 5, "010": 7, "001": 3, "110": 2, "101": 1, "011": 4, "111": 9}, f / n[0])),
    "figure svg": (["venn.svg"], lambda f, n: hx.venn_figure({"100": 5, "010": 7, "001": 3, "110": 2, "101": 1, "011": 4, "111": 9}, f / n[0])),
    "gexf": (["g.gexf"], lambda f, n: hx.write_gexf(_graph(), f / n[0])),
    "graphml": (["g.graphml"], lambda f, n: hx.write_graphml(_graph(), f / n[0])),
    "vosviewer": (["nl_map.txt", "nl_network.txt"], lambda f, n: hx.write_vosviewer(_graph(2000), f / n[0], f / n[1])),
    "cli graph gexf": (["g.gexf"], lambda f, n: _write_cli("graph", "--example", "cordis-nl")(f, n[0])),
    "cli graph vosviewer": (["nl_map.txt", "nl_network.txt"], lambda f, n: _write_cli("graph", "--example", "cordis-nl")(f, "nl.txt")),
    "cli measures csv": (["m.csv"], lambda f, n: _write_cli("measures", "--example", "cordis-nl")(f, n[0])),
    "cli measures parquet": (["m.parquet"], lambda f, n: _write_cli("measures", "--example", "cordis-nl")(f, n[0])),
    "cli report": (["report.html"], lambda f, n: _write_cli("report", "--example", "cordis-nl", "--ci", "20")(f, n[0])),
    "cli map": (["map.html"], lambda f, n: _write_cli("map", "--example", "cordis-nl")(f, n[0])),
    "cli synergy": (["t.json"], lambda f, n: _write_cli("synergy", str(_records_file(f)), "--columns", "a,b,c,d,e,f,g,h", "--format", "json")(f, n[0])),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_disk_full_keeps_old_files(disk, writer, capsys):
    names, write = WRITERS[writer]
    for name in names:
        (disk.path / name).write_bytes(OLD + name.encode())
    disk.fill()
    if writer.startswith("cli"):
        assert write(disk.path, names) == EXIT_FILE
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no space left on the disk holding" in err and "internal error" not in err
    else:
        with pytest.raises(HelixOutputError, match="no space left on the disk holding") as info:
            write(disk.path, names)
        assert info.value.errno == errno.ENOSPC
    for name in names:
        assert (disk.path / name).read_bytes() == OLD + name.encode()
    assert disk.files() == set(names)


@pytest.mark.parametrize("writer", ["map", "figure png", "gexf", "graphml", "vosviewer", "cli measures parquet"])
def test_writers_write_complete_files(tmp_path, writer):
    names, write = WRITERS[writer]
    for name in names:
        (tmp_path / name).write_bytes(OLD)
    result = write(tmp_path, names)
    if writer.startswith("cli"):
        assert result == 0
    for name in names:
        assert (tmp_path / name).read_bytes() != OLD
    assert _leftovers(tmp_path, set(names)) == set()
    if writer == "cli measures parquet":
        assert len(pd.read_parquet(tmp_path / "m.parquet")) == 2061
    if writer == "gexf":
        assert nx.read_gexf(tmp_path / "g.gexf").number_of_edges() == 1200


def test_real_read_only_file_system(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = _mount_tmpfs(folder, "size=64k,ro")
    if not mounted:  # the same error, as the system would raise it
        def read_only(*args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(_files.tempfile, "mkstemp", read_only)
    try:
        with pytest.raises(HelixOutputError, match="is on a read-only file system") as info:
            hx.write_gexf(_graph(10), folder / "g.gexf")
        assert info.value.errno == errno.EROFS
        assert os.listdir(folder) == []
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)


# --------------------------------------------------------------------------------------------
# VOSviewer: both files or neither
# --------------------------------------------------------------------------------------------


def _refuse_replace_of(name: str, failure: BaseException):
    real = os.replace

    def replace(source, target):
        if Path(target).name == name:
            raise failure
        return real(source, target)

    return replace


@pytest.mark.parametrize("failure", [OSError(errno.EIO, "Input/output error"), KeyboardInterrupt()])
@pytest.mark.parametrize("old", [True, False])
def test_vosviewer_pair_both_or_neither(tmp_path, monkeypatch, failure, old):
    map_path, network_path = tmp_path / "m.txt", tmp_path / "n.txt"
    if old:
        map_path.write_bytes(OLD + b"map")
        network_path.write_bytes(OLD + b"network")
    # The map file is moved into place first; the network file's move then fails.
    monkeypatch.setattr(_files.os, "replace", _refuse_replace_of("n.txt", failure))
    with pytest.raises(HelixOutputError if isinstance(failure, OSError) else KeyboardInterrupt):
        hx.write_vosviewer(_graph(50), map_path, network_path)
    monkeypatch.undo()
    if old:
        assert map_path.read_bytes() == OLD + b"map" and network_path.read_bytes() == OLD + b"network"
        assert set(os.listdir(tmp_path)) == {"m.txt", "n.txt"}
    else:
        assert os.listdir(tmp_path) == []


def test_vosviewer_pair_replaced_together(tmp_path):
    G = _graph(50)
    (tmp_path / "m.txt").write_bytes(OLD)
    (tmp_path / "n.txt").write_bytes(OLD)
    hx.write_vosviewer(G, tmp_path / "m.txt", tmp_path / "n.txt")
    assert len(pd.read_csv(tmp_path / "m.txt", sep="\t")) == 50
    assert len(pd.read_csv(tmp_path / "n.txt", sep="\t", header=None)) == G.number_of_edges()
    assert set(os.listdir(tmp_path)) == {"m.txt", "n.txt"}


# --------------------------------------------------------------------------------------------
# The command line: paths checked before the work, Ctrl-C
# --------------------------------------------------------------------------------------------


@pytest.fixture
def no_work(monkeypatch):
    """Make any start of the real work fail loudly, to prove the checks come first."""
    def work(*args, **kwargs):
        raise AssertionError("the work started before the output path was checked")

    monkeypatch.setattr("helixnet.cli._load", work)
    monkeypatch.setattr("helixnet.cli._graph", work)


COMMANDS = {
    "map": ["map", "--example", "cordis-nl"],
    "report": ["report", "--example", "cordis-nl"],
    "measures": ["measures", "--example", "cordis-nl"],
    "graph": ["graph", "--example", "cordis-nl"],
    "synergy": ["synergy", "--example", "cordis-nl"],
}
SUFFIX = {"map": ".html", "report": ".html", "measures": ".csv", "graph": ".gexf", "synergy": ".txt"}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_cli_checks_output_before_the_work(tmp_path, capsys, no_work, command, case):
    path = _make_case(tmp_path, case)
    path = path.with_suffix(SUFFIX[command])
    if case == "path is a directory" and not path.exists():
        path.mkdir()
    elif case == "read-only file" and not path.exists():
        path.write_bytes(OLD)
        path.chmod(0o444)
    assert main(["--quiet", *COMMANDS[command], "-o", str(path)]) == EXIT_FILE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"helixnet {command}: cannot write {path}") and CASES[case][1] in err


def test_cli_checks_both_vosviewer_files(tmp_path, capsys, no_work):
    (tmp_path / "nl_network.txt").write_bytes(OLD)
    (tmp_path / "nl_network.txt").chmod(0o444)
    assert main(["--quiet", "graph", "--example", "cordis-nl", "-o", str(tmp_path / "nl.txt")]) == EXIT_FILE
    assert "nl_network.txt: the file is read-only" in capsys.readouterr().err


@pytest.mark.parametrize(("command", "name"), [("map", "m.png"), ("report", "r.pdf"), ("measures", "m.xlsx"), ("graph", "g.net")])
def test_cli_checks_suffix_before_the_work(tmp_path, capsys, no_work, command, name):
    assert main(["--quiet", *COMMANDS[command], "-o", str(tmp_path / name)]) == EXIT_USAGE
    assert f"-o {tmp_path / name}: " in capsys.readouterr().err


def test_cli_interrupt_in_process(tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("helixnet.cli._load", interrupted)
    (tmp_path / "out.html").write_bytes(OLD)
    assert main(["--quiet", "report", "--example", "cordis-nl", "-o", str(tmp_path / "out.html")]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "helixnet report: interrupted; no partial output was written\n"
    assert (tmp_path / "out.html").read_bytes() == OLD


@pytest.mark.parametrize("old", [True, False])
def test_cli_ctrl_c_stops_and_leaves_no_partial_output(tmp_path, old):
    out = tmp_path / "out.html"
    if old:
        out.write_bytes(OLD)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "helixnet", "report", "--example", "cordis-nl", "-o", "out.html"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    first = process.stderr.readline().decode()  # the first log line: the work has started
    assert first.startswith("helixnet: "), first
    time.sleep(0.5)
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    stopped = time.perf_counter() - sent
    err = err.decode()
    assert process.returncode == EXIT_INTERRUPTED, err
    assert stopped < 3
    assert "Traceback" not in err and "internal error" not in err
    assert err.count("interrupted") == 1
    assert err.split("\n")[-2].split("\r")[-1] == "helixnet report: interrupted; no partial output was written"
    assert os.listdir(tmp_path) == (["out.html"] if old else [])
    if old:
        assert out.read_bytes() == OLD
