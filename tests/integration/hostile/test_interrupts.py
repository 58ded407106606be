"""SIGINT and SIGTERM sent to a real parceltool in the middle of its work: the exit code is 128 + the
signal, every earlier output is byte-identical, and no temporary file or half-unpacked folder is left.
Each test waits for evidence that the work is under way (a temporary file, an open parcel, a
scratch folder, bytes on the server) before it sends the signal, so none depends on timing."""
import http.server
import os
import shutil
import signal
import subprocess
import threading
import time
import unittest

from hostile_support import PARCELTOOL, ToolTestCase, leftovers, open_files, run_tool, tree_bytes, wait_until

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
BIG = 1 << 30   # sparse: no disk space, and seconds of work for every reader


def start(*args):
    env = dict(os.environ)
    env.update(EPOCH)
    return subprocess.Popen([PARCELTOOL, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True)


class SignalTestCase(ToolTestCase):

    def make_input(self, content, big=False):
        """An input folder with lib/data.txt = content and, when big, a sparse 1 GiB lib/big.bin."""
        folder = self.path("input-%d" % len(os.listdir(self.tmp)))
        os.makedirs(os.path.join(folder, "lib"))
        with open(os.path.join(folder, "lib", "data.txt"), "w") as out:
            out.write(content)
        if big:
            with open(os.path.join(folder, "lib", "big.bin"), "wb") as out:
                out.truncate(BIG)
        return folder

    def build(self, folder, *extra):
        return run_tool("build", "--input", folder, "--name", "FOO", "--version", "1.0", "--distro", "el7",
                        "--distro", "el8", "--output-dir", self.out, *extra, env=EPOCH)

    def interrupt(self, process, evidence, signum=signal.SIGINT, what="the work to start"):
        """Waits for evidence(), sends signum, returns (exit code, stderr)."""
        try:
            wait_until(lambda: evidence() or process.poll() is not None, what=what)
            if process.poll() is not None:
                self.fail("parceltool finished before it could be interrupted: " + process.communicate()[1])
            process.send_signal(signum)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        return process.returncode, stderr

    @staticmethod
    def temporary_output(folder):
        """Evidence that an output is being written: a temporary file with bytes in it."""
        def written():
            if not os.path.isdir(folder):
                return []
            found = []
            for name in os.listdir(folder):
                try:
                    if ".tmp-" in name and os.path.getsize(os.path.join(folder, name)) > 0:
                        found.append(name)
                except OSError:   # renamed or removed meanwhile
                    pass
            return found
        return written


class InterruptTest(SignalTestCase):
    def setUp(self):
        super().setUp()
        self.out = self.path("out")

    # --- build ------------------------------------------------------------------------------------

    def test_sigint_during_build_keeps_the_old_parcels(self):
        self.assertTool(self.build(self.make_input("old\n")), 0)
        before = tree_bytes(self.out)
        process = start("build", "--input", self.make_input("new\n", big=True), "--name", "FOO", "--version",
                        "1.0", "--distro", "el7", "--distro", "el8", "--output-dir", self.out)
        code, stderr = self.interrupt(process, self.temporary_output(self.out))
        self.assertEqual(code, -signal.SIGINT, stderr)
        self.assertIn("parceltool: interrupted by SIGINT; temporary files removed", stderr)
        self.assertEqual(tree_bytes(self.out), before)
        self.assertEqual(leftovers(self.tmp), [])

    def test_sigterm_during_build_ends_by_sigterm(self):
        process = start("build", "--input", self.make_input("new\n", big=True), "--name", "FOO", "--version",
                        "1.0", "--distro", "el7", "--output-dir", self.out)
        code, stderr = self.interrupt(process, self.temporary_output(self.out), signal.SIGTERM)
        self.assertEqual(code, -signal.SIGTERM, stderr)
        self.assertIn("interrupted by SIGTERM", stderr)
        self.assertEqual(os.listdir(self.out), [])

    def test_second_sigint_exits_at_once_and_still_cleans_up(self):
        process = start("build", "--input", self.make_input("new\n", big=True), "--name", "FOO", "--version",
                        "1.0", "--distro", "el7", "--output-dir", self.out)
        try:
            wait_until(self.temporary_output(self.out), what="the temporary parcel")
            self.assertIsNone(process.poll())
            process.send_signal(signal.SIGINT)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
        self.assertEqual(process.returncode, -signal.SIGINT, stderr)
        self.assertEqual(os.listdir(self.out), [])

    # --- manifest ---------------------------------------------------------------------------------

    def test_sigint_during_manifest_keeps_the_old_manifest(self):
        # Three parcels that each take a while to read (1 GiB of zeros inside); the signal arrives
        # while the second is open.
        for version in ("1.0", "2.0", "3.0"):
            self.assertTool(run_tool("build", "--input", self.make_input(version, big=True), "--name", "FOO",
                                     "--version", version, "--distro", "el7", "--output-dir", self.out,
                                     "--compression", "fast", env=EPOCH), 0)
        with open(os.path.join(self.out, "manifest.json"), "w") as out:
            out.write("the previous manifest\n")
        for name in os.listdir(self.out):
            if name.endswith(".sha"):
                os.remove(os.path.join(self.out, name))   # manifest would write them
        before = tree_bytes(self.out)
        process = start("manifest", "--verify", self.out)
        second = os.path.join(os.path.realpath(self.out), "FOO-2.0-el7.parcel")
        code, stderr = self.interrupt(process, lambda: second in open_files(process.pid),
                                      what="the second parcel to be read")
        self.assertEqual(code, -signal.SIGINT, stderr)
        self.assertEqual(tree_bytes(self.out), before)
        self.assertEqual(leftovers(self.tmp), [])

    # --- host distribute --------------------------------------------------------------------------

    def test_sigint_during_host_distribute_leaves_no_half_unpacked_parcel(self):
        root = self.path("root")
        self.assertTool(self.build(self.make_input("old\n")), 0)
        self.assertTool(run_tool("host", "--root", root, "distribute",
                                 os.path.join(self.out, "FOO-1.0-el7.parcel")), 0)
        self.assertTool(run_tool("build", "--input", self.make_input("big\n", big=True), "--name", "BAR",
                                 "--version", "2.0", "--distro", "el7", "--output-dir", self.out,
                                 "--compression", "fast", env=EPOCH), 0)
        before = tree_bytes(root)

        def unpacking():
            # the scratch folder holds BAR-2.0/ once extraction has begun
            return [n for n in os.listdir(root) if n.startswith(".tmp-distribute-") and
                    os.path.isdir(os.path.join(root, n, "BAR-2.0", "lib"))]

        process = start("host", "--root", root, "distribute", os.path.join(self.out, "BAR-2.0-el7.parcel"))
        code, stderr = self.interrupt(process, unpacking, what="the extraction to begin")
        self.assertEqual(code, -signal.SIGINT, stderr)
        self.assertEqual(tree_bytes(root), before)
        self.assertNotIn("BAR-2.0", os.listdir(os.path.join(root, "parcels")))
        self.assertEqual(leftovers(root), [])
        # And the host still works.
        self.assertTool(run_tool("host", "--root", root, "status"), 0)

    def test_sigterm_during_host_distribute(self):
        root = self.path("root")
        self.assertTool(run_tool("build", "--input", self.make_input("big\n", big=True), "--name", "BAR",
                                 "--version", "2.0", "--distro", "el7", "--output-dir", self.out,
                                 "--compression", "fast", env=EPOCH), 0)
        process = start("host", "--root", root, "distribute", os.path.join(self.out, "BAR-2.0-el7.parcel"))
        code, stderr = self.interrupt(process, lambda: os.path.isdir(root) and
                                      any(n.startswith(".tmp-distribute-") for n in os.listdir(root)),
                                      signal.SIGTERM, "the scratch folder")
        self.assertEqual(code, -signal.SIGTERM, stderr)
        self.assertEqual(leftovers(root), [])
        self.assertEqual(os.listdir(os.path.join(root, "parcels")), [])


class SlowPutHandler(http.server.BaseHTTPRequestHandler):
    """Accepts PUT, reading the body 64 KiB per 50 ms; keeps what arrived whole in server.files."""

    def do_PUT(self):
        length = int(self.headers["Content-Length"])
        received = 0
        while received < length:
            chunk = self.rfile.read(min(65536, length - received))
            if not chunk:
                return
            received += len(chunk)
            self.server.bytes_received += len(chunk)
            time.sleep(0.05)
        self.server.files[self.path] = received
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@unittest.skipUnless(shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"), "nginx is not installed")
class TransferInterruptTest(SignalTestCase):
    def setUp(self):
        super().setUp()
        from repository_test_support import Nginx, build_parcel
        self.repo = self.path("repo")
        os.makedirs(self.repo)
        payload = self.path("payload")
        os.makedirs(payload)
        with open(os.path.join(payload, "random.bin"), "wb") as out:
            out.write(os.urandom(4 << 20))   # incompressible: the parcel is 4 MiB
        self.assertTool(run_tool("build", "--input", payload, "--name", "FOO", "--version", "1.0", "--distro",
                                 "el7", "--output-dir", self.repo, env=EPOCH), 0)
        self.assertTool(run_tool("manifest", self.repo, env=EPOCH), 0)
        self.build_parcel = build_parcel
        self.server = Nginx(self.path("server"))
        # A location that sends at 256 KiB/s: a 4 MiB parcel takes 16 s.
        with open(self.server.config, encoding="utf-8") as config:
            text = config.read()
        text = text.replace("        location / {", "        location /slow/ {\n            limit_rate 256k;\n"
                            "        }\n        location / {", 1)
        with open(self.server.config, "w", encoding="utf-8") as config:
            config.write(text)
        self.server.start()
        self.addCleanup(self.server.stop)

    def test_sigint_during_fetch_leaves_no_hidden_temporary_file(self):
        served = os.path.join(self.server.root, "slow", "cdh")
        shutil.copytree(self.repo, served)
        dest = self.path("dest")
        os.makedirs(dest)
        with open(os.path.join(dest, "FOO-1.0-el7.parcel"), "w") as out:
            out.write("an older download\n")
        before = tree_bytes(dest)
        process = start("fetch", "--name", "FOO", "--distro", "el7", "--dest", dest,
                        self.server.url("slow/cdh"))
        code, stderr = self.interrupt(process, lambda: [n for n in os.listdir(dest) if ".tmp-" in n and
                                                        os.path.getsize(os.path.join(dest, n)) > 0],
                                      what="the download to begin")
        self.assertEqual(code, -signal.SIGINT, stderr)
        self.assertEqual(tree_bytes(dest), before)
        self.assertEqual(leftovers(self.tmp), [])

    def test_sigint_during_publish(self):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowPutHandler)
        server.bytes_received = 0
        server.files = {}
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        before = tree_bytes(self.repo)
        process = start("publish", "--to", "http://127.0.0.1:%d/cdh" % server.server_address[1], self.repo)
        code, stderr = self.interrupt(process, lambda: server.bytes_received > 0, what="the upload to begin")
        self.assertEqual(code, -signal.SIGINT, stderr)
        self.assertEqual(tree_bytes(self.repo), before)
        self.assertEqual(leftovers(self.tmp), [])
        # manifest.json goes last: an interrupted publish never shows it.
        self.assertNotIn("/cdh/manifest.json", server.files)


if __name__ == "__main__":
    unittest.main()
