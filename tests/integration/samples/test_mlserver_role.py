"""The MLSERVER CSD's role, started as the Cloudera Manager agent starts it: the
sample built from this tree with its own port, the parcel activated in an
emulated host, and the jar's scripts/control.sh run there with `host exec`. The
server it starts is asked over TCP on 127.0.0.1."""
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "repository"))
from repository_test_support import free_port  # noqa: E402

PARCELTOOL = os.environ["PARCELTOOL"]
SAMPLE = os.path.join(os.environ["PARCEL_SOURCE_DIR"], "samples", "mlserver")


def run_checked(*command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError("failed (%d): %s\n%s%s" % (result.returncode, " ".join(command),
                                                        result.stdout[-3000:], result.stderr[-3000:]))
    return result


def ask(port, request):
    """Sends one request line to the server on 127.0.0.1:port and returns its answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode() + b"\n")
        answer = b""
        while True:
            data = connection.recv(4096)
            if not data:
                return answer.decode()
            answer += data


class MLServerRoleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix="mlserver-role-")
        cls.configured_port = free_port()
        build = os.path.join(cls._tmp.name, "build")
        run_checked(os.environ["CMAKE_COMMAND"], "-S", SAMPLE, "-B", build, "-G", os.environ["PARCEL_CMAKE_GENERATOR"],
                    "-DPARCEL_SOURCE_DIR=" + os.environ["PARCEL_SOURCE_DIR"], "-DPARCEL_TOOL=" + PARCELTOOL,
                    "-DMLSERVER_PORT=%d" % cls.configured_port)
        run_checked(os.environ["CMAKE_COMMAND"], "--build", build, "--target", "parcel")
        cls.root = os.path.join(cls._tmp.name, "host")
        run_checked(PARCELTOOL, "host", "--root", cls.root, "distribute",
                    os.path.join(build, "parcels", "MLServer-9.2.1-el7.parcel"))
        run_checked(PARCELTOOL, "host", "--root", cls.root, "activate", "MLServer", "9.2.1")
        cls.csd = os.path.join(cls._tmp.name, "csd")
        with zipfile.ZipFile(os.path.join(build, "csd", "MLSERVER-9.2.1.jar")) as jar:
            jar.extractall(cls.csd)
            cls.sdl = jar.read("descriptor/service.sdl").decode("utf-8")
        os.chmod(os.path.join(cls.csd, "scripts", "control.sh"), 0o755)   # zipfile does not restore modes

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    @contextlib.contextmanager
    def serving(self, port, *command, env=None):
        """Runs command in the parcel's environment until the block ends; yields its Popen,
        whose `output` is the command's stdout once the block has ended."""
        # Its own process group: `host exec` runs the command as a child and does not
        # pass on a SIGTERM, so the whole group is stopped at the end.
        process = subprocess.Popen([PARCELTOOL, "host", "--root", self.root, "exec", "MLServer", "--", *command],
                                   env=dict(os.environ, **(env or {})), start_new_session=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 30
            while True:
                if process.poll() is not None:
                    self.fail("the server exited with %d: %s" % (process.returncode, process.stderr.read()))
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    self.assertLess(time.time(), deadline, "nothing listens on port %d" % port)
                    time.sleep(0.2)
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.output, _ = process.communicate(timeout=10)

    def test_control_script_starts_mlserver_from_the_parcel(self):
        port = free_port()
        control = os.path.join(self.csd, "scripts", "control.sh")
        with self.serving(port, control, "start", env={"MLSERVER_PORT": str(port)}) as process:
            self.assertEqual(ask(port, "mean 1 2 3 4"), "2.5\n")
            self.assertEqual(ask(port, "version"), "9.2.1\n")
            self.assertEqual(ask(port, "median 1 2"), "error: unknown request 'median'\n")
        home = os.path.join(os.path.realpath(self.root), "parcels", "MLServer-9.2.1")
        lines = process.output.splitlines()
        self.assertRegex(lines[0], r" starting mlserver 9\.2\.1 from %s on port %d$" % (re.escape(home), port))
        self.assertEqual(lines[1:], ["mlserver 9.2.1 listening on 127.0.0.1:%d" % port])

    def test_serve_reads_its_port_from_the_installed_config(self):
        with self.serving(self.configured_port, "mlserver", "serve"):
            self.assertEqual(ask(self.configured_port, "mean 10 20"), "15\n")

    def test_csd_default_port_is_the_configured_one(self):
        sdl = json.loads(re.sub(r"(?m)^\s*//.*$", "", self.sdl))
        self.assertEqual(sdl["roles"][0]["parameters"][0]["default"], self.configured_port)
        self.assertEqual(sdl["roles"][0]["startRunner"],
                         {"program": "scripts/control.sh", "args": ["start"],
                          "environmentVariables": {"MLSERVER_PORT": "${mlserver_port}"}})


if __name__ == "__main__":
    unittest.main()
