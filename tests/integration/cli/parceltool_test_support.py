"""Shared helpers for the parceltool integration tests: run the tool, make trees, read parcels back."""
import hashlib
import os
import subprocess
import tarfile
import tempfile
import unittest

PARCELTOOL = os.environ.get("PARCELTOOL", "parceltool")


def run_tool(*args, env=None, cwd=None):
    """Runs parceltool and returns the CompletedProcess (text mode, never raises on exit codes)."""
    full_env = dict(os.environ)
    full_env.pop("SOURCE_DATE_EPOCH", None)
    if env:
        full_env.update(env)
    return subprocess.run([PARCELTOOL, *args], capture_output=True, text=True, env=full_env, cwd=cwd)


def write(path, content="", mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(content)
    os.chmod(path, mode)


def sha1_of(path):
    digest = hashlib.sha1()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def listing(parcel):
    """[(name, type, mode, uid, gid, uname, gname, size, linkname)] as Python's tarfile reads it."""
    kinds = {tarfile.DIRTYPE: "dir", tarfile.REGTYPE: "file", tarfile.SYMTYPE: "symlink", tarfile.LNKTYPE: "hardlink"}
    with tarfile.open(parcel, "r:gz") as archive:
        return [(m.name, kinds.get(m.type, "other"), m.mode, m.uid, m.gid, m.uname, m.gname, m.size, m.linkname)
                for m in archive.getmembers()]


def member_text(parcel, name):
    with tarfile.open(parcel, "r:gz") as archive:
        return archive.extractfile(name).read().decode("utf-8")


class ToolTestCase(unittest.TestCase):
    """A test with a fresh temporary folder in self.tmp."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="parceltool-it-")
        self.tmp = self._tmp.name

    def tearDown(self):
        for root, dirs, _ in os.walk(self.tmp):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
        self._tmp.cleanup()

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def assertTool(self, result, code):
        self.assertEqual(result.returncode, code, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
