"""A full disk, a file-size limit and unreadable inputs during build, manifest, fetch, host distribute
and csd build: a clear error naming the file, exit 3 (or 1 for an input that is refused), earlier
outputs byte-identical, and no temporary file left."""
import os
import resource
import shutil
import subprocess
import unittest

from hostile_support import PARCELTOOL, ToolTestCase, leftovers, run_tool, tree_bytes

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
SOURCE = os.environ.get("PARCEL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ECHO_SDL = os.path.join(SOURCE, "tests", "data", "reference", "cloudera-cm_csds__ECHO__service.sdl")


def can_mount_tmpfs(folder):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    os.makedirs(folder, exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder],
                        capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", folder], check=True)
    return ok


def fill(path):
    """Writes zeros to path until the file system is full."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def limited(limit_bytes):
    """preexec_fn: a file-size limit (ulimit -f); parceltool ignores SIGXFSZ and gets EFBIG."""
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return apply


def run(args, preexec=None):
    env = dict(os.environ)
    env.update(EPOCH)
    return subprocess.run([PARCELTOOL, *args], capture_output=True, text=True, env=env, preexec_fn=preexec)


class FaultTestCase(ToolTestCase):
    def make_input(self, name, size):
        folder = self.path(name)
        os.makedirs(os.path.join(folder, "lib"))
        with open(os.path.join(folder, "lib", "random.bin"), "wb") as out:
            out.write(os.urandom(size))   # incompressible: the parcel is as large
        return folder

    def build_into(self, folder, out, name="FOO", version="1.0"):
        self.assertTool(run_tool("build", "--input", folder, "--name", name, "--version", version,
                                 "--distro", "el7", "--output-dir", out, env=EPOCH), 0)
        return os.path.join(out, "%s-%s-el7.parcel" % (name, version))

    def assertFailed(self, result, code, pattern, *folders, before=None):
        self.assertEqual(result.returncode, code, result.stderr)
        self.assertRegex(result.stderr, pattern)
        self.assertEqual(leftovers(*folders), [])
        if before is not None:
            self.assertEqual(tree_bytes(folders[0]), before)


class FileSizeLimitTest(FaultTestCase):
    """ulimit -f: works without privileges, everywhere."""

    def test_manifest(self):
        repo = self.path("repo")
        self.build_into(self.make_input("in", 1 << 16), repo)
        for name in os.listdir(repo):
            if name.endswith(".sha"):
                os.remove(os.path.join(repo, name))
        with open(os.path.join(repo, "manifest.json"), "w") as out:
            out.write("the previous manifest\n")
        before = tree_bytes(repo)
        # 16 bytes: the .sha file (41 bytes) is the first output to reach the limit.
        result = run(["manifest", repo], preexec=limited(16))
        self.assertFailed(result, 3, r"cannot write '.*/\.FOO-1\.0-el7\.parcel\.sha\.tmp-\d+-\d+': File too large",
                          repo, before=before)

    def test_build_with_threads_when_the_gzip_header_cannot_be_written(self):
        # The parallel compressor once started its workers before writing the header;
        # the header's EFBIG then ended in std::terminate (exit 134) instead of exit 3.
        out = self.path("out")
        os.makedirs(out)
        result = run(["build", "--input", self.make_input("in", 1 << 16), "--name", "FOO", "--version", "1.0",
                      "--distro", "el7", "--threads", "2", "--output-dir", out], preexec=limited(0))
        self.assertFailed(result, 3, r"cannot write '.*/\.FOO-1\.0-el7\.parcel\.tmp-\d+-\d+': File too large", out)
        self.assertNotIn("terminate", result.stderr)
        self.assertEqual(os.listdir(out), [])

    def test_host_distribute(self):
        parcel = self.build_into(self.make_input("in", 1 << 20), self.path("out"))
        root = self.path("root")
        small = self.build_into(self.make_input("small", 10), self.path("out"), name="SMALL")
        self.assertTool(run_tool("host", "--root", root, "distribute", small), 0)
        before = tree_bytes(root)
        result = run(["host", "--root", root, "distribute", parcel], preexec=limited(1 << 19))
        self.assertFailed(result, 3, r"error: cannot write '.*/\.FOO-1\.0-el7\.parcel\.tmp-\d+-\d+': File too large",
                          root, before=before)

    def test_csd_build(self):
        out = self.path("jars")
        os.makedirs(out)
        with open(os.path.join(out, "ECHO-1.0.jar"), "w") as old:
            old.write("an earlier jar\n")
        before = tree_bytes(out)
        result = run(["csd", "build", "--sdl", ECHO_SDL, "--output-dir", out], preexec=limited(512))
        self.assertFailed(result, 3, r"cannot write .*File too large", out, before=before)


@unittest.skipUnless(can_mount_tmpfs("/tmp/parceltool-tmpfs-probe"), "needs root to mount a small tmpfs")
class FullDiskTest(FaultTestCase):
    """A real ENOSPC: the output folder is a tmpfs of 1 MiB."""

    def setUp(self):
        super().setUp()
        self.disk = self.path("disk")
        os.makedirs(self.disk)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", self.disk], check=True)

    def tearDown(self):
        subprocess.run(["umount", "-l", self.disk], check=True)   # before the folder is removed
        super().tearDown()

    def test_build(self):
        out = os.path.join(self.disk, "parcels")
        self.build_into(self.make_input("small", 100), out)
        before = tree_bytes(out)
        result = run(["build", "--input", self.make_input("big", 2 << 20), "--name", "FOO", "--version", "1.0",
                      "--distro", "el7", "--distro", "el8", "--output-dir", out])
        self.assertFailed(result, 3, r"cannot write '.*/\.FOO-1\.0-el7\.parcel\.tmp-\d+-\d+': "
                                     r"No space left on device", out, before=before)

    def test_manifest(self):
        repo = os.path.join(self.disk, "repo")
        self.build_into(self.make_input("in", 100), repo)
        os.remove(os.path.join(repo, "FOO-1.0-el7.parcel.sha"))
        fill(os.path.join(repo, "filler"))
        before = tree_bytes(repo)
        result = run(["manifest", repo])
        self.assertFailed(result, 3, r"No space left on device", repo, before=before)

    def test_fetch(self):
        from repository_test_support import Nginx
        repo = self.path("repo")
        self.build_into(self.make_input("in", 2 << 20), repo)
        self.assertTool(run_tool("manifest", repo, env=EPOCH), 0)
        server = Nginx(self.path("server"))
        shutil.copytree(repo, os.path.join(server.root, "cdh"))
        server.start()
        self.addCleanup(server.stop)
        dest = os.path.join(self.disk, "dest")
        os.makedirs(dest)
        with open(os.path.join(dest, "FOO-1.0-el7.parcel"), "w") as out:
            out.write("an older download\n")
        before = tree_bytes(dest)
        result = run(["fetch", "--name", "FOO", "--distro", "el7", "--dest", dest, server.url("cdh")])
        self.assertFailed(result, 3, r"GET .*FOO-1\.0-el7\.parcel: cannot write .*No space left on device",
                          dest, before=before)

    def test_host_distribute(self):
        root = os.path.join(self.disk, "root")
        small = self.build_into(self.make_input("small", 10), self.path("out"), name="SMALL")
        self.assertTool(run_tool("host", "--root", root, "distribute", small), 0)
        before = tree_bytes(root)
        parcel = self.build_into(self.make_input("in", 700 << 10), self.path("out"))
        result = run(["host", "--root", root, "distribute", parcel])
        self.assertFailed(result, 3, r"No space left on device", root, before=before)
        self.assertTool(run_tool("host", "--root", root, "status"), 0)

    def test_csd_build(self):
        out = os.path.join(self.disk, "jars")
        os.makedirs(out)
        fill(os.path.join(self.disk, "filler"))
        result = run(["csd", "build", "--sdl", ECHO_SDL, "--output-dir", out])
        self.assertFailed(result, 3, r"No space left on device", out)
        self.assertEqual(os.listdir(out), [])


@unittest.skipUnless(os.geteuid() != 0 or shutil.which("setpriv"), "root without setpriv")
class UnreadableInputTest(FaultTestCase):
    """Inputs the running user may not read (as root, the tool runs as nobody)."""

    def setUp(self):
        super().setUp()
        self.user = 65534 if os.geteuid() == 0 else None
        if self.user is not None:
            # nobody must reach the test folder and the tool (the build tree may be private)
            os.chmod(self.tmp, 0o777)
            self.tool = self.path("parceltool")
            shutil.copy(PARCELTOOL, self.tool)
            os.chmod(self.tool, 0o755)

    def run_limited(self, args):
        if self.user is None:
            return run(args)
        env = dict(os.environ)
        env.update(EPOCH)
        return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", self.tool, *args],
                              capture_output=True, text=True, env=env)

    def open_up(self, *paths):
        for path in paths:
            os.chmod(path, 0o777 if os.path.isdir(path) else 0o666)

    def test_manifest_with_an_unreadable_parcel(self):
        repo = self.path("repo")
        parcel = self.build_into(self.make_input("in", 100), repo)
        os.remove(parcel + ".sha")
        self.open_up(repo)
        os.chmod(parcel, 0)
        result = self.run_limited(["manifest", repo])
        self.assertFailed(result, 3, r"cannot (open|read).*FOO-1\.0-el7\.parcel': Permission denied", repo)
        self.assertEqual(sorted(os.listdir(repo)), ["FOO-1.0-el7.parcel"], "no manifest, .sha or cache written")

    def test_host_distribute_of_an_unreadable_parcel(self):
        parcel = self.build_into(self.make_input("in", 100), self.path("out"))
        self.open_up(self.path("out"))
        os.chmod(parcel, 0)
        root = self.path("root")
        result = self.run_limited(["host", "--root", root, "distribute", parcel])
        self.assertFailed(result, 3, r"FOO-1\.0-el7\.parcel.*Permission denied", root)
        self.assertEqual(os.listdir(os.path.join(root, "parcels")), [])

    def test_csd_build_with_an_unreadable_sdl(self):
        sdl = self.path("service.sdl")
        shutil.copy(ECHO_SDL, sdl)
        os.chmod(sdl, 0)
        out = self.path("jars")
        os.makedirs(out)
        self.open_up(out)
        result = self.run_limited(["csd", "build", "--sdl", sdl, "--output-dir", out])
        self.assertFailed(result, 3, r"service\.sdl.*Permission denied", out)
        self.assertEqual(os.listdir(out), [])

    def test_build_with_an_unreadable_release_notes_file(self):
        notes = self.path("notes.txt")
        with open(notes, "w") as out:
            out.write("notes\n")
        os.chmod(notes, 0)
        folder = self.make_input("in", 100)
        self.open_up(folder, os.path.join(folder, "lib"), os.path.join(folder, "lib", "random.bin"))
        out = self.path("out")
        result = self.run_limited(["build", "--input", folder, "--name", "FOO", "--version", "1.0", "--distro",
                                   "el7", "--release-notes", notes, "--output-dir", out])
        self.assertFailed(result, 3, r"cannot read release notes '.*notes\.txt': Permission denied", self.tmp)
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
