"""Helpers for the hostile-input tests: hand-made archives, leftovers, resource use, signals."""
import gzip
import io
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The host and repository helpers live beside their own tests.
for folder in ("host", "repository"):
    sys.path.insert(0, os.path.join(HERE, "..", folder))

from parceltool_test_support import PARCELTOOL, ToolTestCase, run_tool, sha1_of, write  # noqa: E402,F401


def parcel_json(name="FOO", version="1.0", **extra):
    """A valid parcel.json text (as bytes) for NAME-VERSION, with `extra` keys merged in."""
    import json
    document = {"schema_version": 1, "name": name, "version": version, "setActiveSymlink": True,
                "scripts": {"defines": "env.sh"}, "packages": [],
                "components": [{"name": "x", "version": "1", "pkg_version": "1"}], "users": {}, "groups": []}
    document.update(extra)
    return json.dumps(document).encode()


def meta_members(top, metadata):
    """The folders and meta files of a valid parcel whose parcel.json is `metadata` (bytes)."""
    return [(top, "dir", b"", ""), (top + "/meta", "dir", b"", ""),
            (top + "/meta/parcel.json", "file", metadata, ""), (top + "/meta/env.sh", "file", b"", "")]


def tar_bytes(members, fmt=tarfile.PAX_FORMAT):
    """An uncompressed tar of members [(name, kind, data, linkname)], in that order, names as given."""
    kinds = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
             "hardlink": tarfile.LNKTYPE, "fifo": tarfile.FIFOTYPE}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=fmt, encoding="utf-8", errors="surrogateescape") as archive:
        for name, kind, data, linkname in members:
            info = tarfile.TarInfo(name)
            info.type = kinds[kind]
            info.mode = 0o755 if kind == "dir" else 0o644
            info.linkname = linkname
            info.size = len(data) if kind == "file" else 0
            archive.addfile(info, io.BytesIO(data) if kind == "file" else None)
    return buffer.getvalue()


def write_parcel(path, members):
    """Writes members as one gzip member (mtime 0) at path; returns path."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(gzip.compress(tar_bytes(members), mtime=0))
    return path


def leftovers(*roots):
    """Every name below roots that looks like a temporary or scratch file of parceltool."""
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            for name in dirs + files:
                if ".tmp-" in name:
                    found.append(os.path.join(folder, name))
    return found


def tree_bytes(root):
    """{relative path: bytes or '<dir>' or '-> target'} of everything below root, links not followed."""
    tree = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            if os.path.islink(path):
                tree[relative] = "-> " + os.readlink(path)
            elif os.path.isdir(path):
                tree[relative] = "<dir>"
            else:
                with open(path, "rb") as data:
                    tree[relative] = data.read()
    return tree


# Bounds on time and memory are generous ceilings that catch unbounded work, not
# benchmarks. An ASan/UBSan build (scripts/run-sanitized-tests.sh sets
# PARCEL_TEST_SANITIZED=1) runs several times slower and keeps shadow memory, so
# the ceilings scale with it.
SANITIZED = os.environ.get("PARCEL_TEST_SANITIZED") == "1"
TIME_FACTOR = 4 if SANITIZED else 1
MEMORY_FACTOR = 3 if SANITIZED else 1


def run_with_rusage(args, env=None, timeout=300):
    """Runs parceltool (stdout dropped); returns (returncode, stderr, seconds, peak RSS in MiB) of that one
    process. GNU time measures it when installed: a child forked straight from this (large) Python
    process would be charged for Python's own pages until it execs."""
    full_env = dict(os.environ)
    full_env.pop("SOURCE_DATE_EPOCH", None)
    full_env.update(env or {})
    timer = "/usr/bin/time"
    with tempfile.NamedTemporaryFile("r") as stats:
        command = [PARCELTOOL, *args]
        if os.path.exists(timer):
            command = [timer, "-f", "%M %e", "-o", stats.name] + command
        start = time.monotonic()
        try:
            result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=full_env,
                                    timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("parceltool %s took more than %d s" % (args[0], timeout))
        seconds = time.monotonic() - start
        stderr = result.stderr.decode("utf-8", "replace")
        lines = stats.read().splitlines()
        if not lines:   # no GNU time: what this process's children used at most
            return result.returncode, stderr, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        returncode = result.returncode
        for line in lines[:-1]:   # "Command terminated by signal 11" / "... exited with non-zero status 1"
            if line.startswith("Command terminated by signal"):
                returncode = -int(line.split()[-1])
        peak_kib, _ = lines[-1].split()
        return returncode, stderr, seconds, int(peak_kib) / 1024.0


def wait_until(condition, timeout=60, what="the condition"):
    """Polls condition() every 10 ms until it is true; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    raise AssertionError("timed out waiting for " + what)


def open_files(pid):
    """The paths the process `pid` has open (from /proc), [] once it is gone."""
    folder = "/proc/%d/fd" % pid
    paths = []
    try:
        for fd in os.listdir(folder):
            try:
                paths.append(os.readlink(os.path.join(folder, fd)))
            except OSError:
                pass
    except OSError:
        pass
    return paths


def no_core_dumps():
    """preexec_fn: a crash must show as a signal, not leave a core file in the test folder."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class InputTreeTestCase(ToolTestCase):
    """A test that builds from self.input into self.out. Both are removed with rm -rf: Python's
    walkers recurse (and stop at about 1000 levels) and take close to a minute for 200,000 files."""

    def setUp(self):
        super().setUp()
        self.input = self.path("input")
        self.out = self.path("out")
        os.makedirs(self.input)

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.input, self.out], check=True)
        super().tearDown()
