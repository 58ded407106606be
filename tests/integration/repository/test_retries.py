"""publish and fetch retry only transient failures, and wait as a server's Retry-After asks:
a scripted HTTP server on 127.0.0.1 answers each request with the next status of its script
and records when each request arrived."""
import email.utils
import http.server
import os
import re
import subprocess
import threading
import time
import unittest

from parceltool_test_support import PARCELTOOL, ToolTestCase, run_tool
from repository_test_support import EPOCH, build_parcel


class ScriptedServer:
    """Answers request N for a path with script[path][N] (the last entry repeats): (status, headers)."""

    def __init__(self, script, files=None):
        self.script = script
        self.files = files or {}   # "/path" -> bytes, served with 200 to GET
        self.arrivals = {}   # "METHOD /path" -> [time.monotonic(), ...]
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                key = "%s %s" % (self.command, self.path)
                times = server.arrivals.setdefault(key, [])
                times.append(time.monotonic())
                steps = server.script.get(self.path, [(201 if self.command == "PUT" else 404, {})])
                status, headers = steps[min(len(times), len(steps)) - 1]
                body = b"scripted\n"
                if self.command == "GET" and self.path in server.files and self.path not in server.script:
                    status, body = 200, server.files[self.path]
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path=""):
        return "http://127.0.0.1:%d/%s" % (self.httpd.server_address[1], path)

    def count(self, method, path):
        return len(self.arrivals.get("%s %s" % (method, path), []))

    def gap(self, method, path):
        """Seconds between the first and the second request."""
        first, second = self.arrivals["%s %s" % (method, path)][:2]
        return second - first


class RepositoryTestCase(ToolTestCase):
    """A repository folder with FOO-1.0-el7.parcel and its manifest in self.repo."""

    def setUp(self):
        super().setUp()
        self.repo = self.path("repo")
        os.makedirs(self.repo)
        build_parcel(self.tmp, self.repo, "FOO", "1.0", ["el7"])
        self.assertTool(run_tool("manifest", self.repo, env=EPOCH), 0)
        self.first = "/repo/FOO-1.0-el7.parcel"   # the first file publish uploads


class RetryTest(RepositoryTestCase):
    def test_501_is_tried_once(self):
        with ScriptedServer({self.first: [(501, {})]}) as server:
            result = run_tool("publish", "--retries", "3", "--to", server.url("repo"), self.repo)
            self.assertTool(result, 3)
            self.assertEqual(result.stderr, "parceltool: error: PUT %s: HTTP 501\n" % server.url(self.first[1:]))
            self.assertEqual(server.count("PUT", self.first), 1)
            self.assertEqual(server.count("PUT", "/repo/manifest.json"), 0)

    def test_505_and_404_are_tried_once(self):
        with ScriptedServer({"/repo/manifest.json": [(505, {})]}) as server:
            result = run_tool("fetch", "--name", "FOO", "--distro", "el7", "--dest", self.path("dest"),
                              server.url("repo"))
            self.assertTool(result, 3)
            self.assertEqual(result.stderr, "parceltool: error: GET %s: HTTP 505\n" % server.url("repo/manifest.json"))
            self.assertEqual(server.count("GET", "/repo/manifest.json"), 1)
            result = run_tool("fetch", "--name", "FOO", "--distro", "el7", "--dest", self.path("dest"),
                              server.url("other"))
            self.assertTool(result, 3)
            self.assertEqual(server.count("GET", "/other/manifest.json"), 1)

    def test_503_is_retried_up_to_the_limit(self):
        with ScriptedServer({"/repo/manifest.json": [(503, {})]}) as server:
            result = run_tool("fetch", "--retries", "2", "--name", "FOO", "--distro", "el7", "--dest",
                              self.path("dest"), server.url("repo"))
            self.assertTool(result, 3)
            self.assertEqual(result.stderr, "parceltool: error: GET %s: HTTP 503 (after 3 attempts)\n"
                             % server.url("repo/manifest.json"))
            self.assertEqual(server.count("GET", "/repo/manifest.json"), 3)

    def test_429_waits_for_retry_after_seconds_then_succeeds(self):
        # The default first delay is 0.5 s: a gap of a second or more is the server's Retry-After.
        with ScriptedServer({self.first: [(429, {"Retry-After": "1"}), (201, {})]}) as server:
            result = run_tool("publish", "--retries", "1", "--to", server.url("repo"), self.repo)
            self.assertTool(result, 0)
            self.assertEqual(server.count("PUT", self.first), 2)
            self.assertGreaterEqual(server.gap("PUT", self.first), 0.95)
            self.assertEqual(server.count("PUT", "/repo/manifest.json"), 1)
            self.assertEqual(result.stdout.splitlines()[-1], server.url("repo/manifest.json"))

    def test_503_waits_for_a_retry_after_date(self):
        # Two seconds ahead at second resolution: the wait is more than one second.
        when = email.utils.formatdate(time.time() + 2.0, usegmt=True)
        with ScriptedServer({self.first: [(503, {"Retry-After": when}), (201, {})]}) as server:
            result = run_tool("publish", "--retries", "1", "--to", server.url("repo"), self.repo)
            self.assertTool(result, 0)
            self.assertEqual(server.count("PUT", self.first), 2)
            self.assertGreaterEqual(server.gap("PUT", self.first), 0.95)


class TransferProgressTest(RepositoryTestCase):
    """--progress on a pipe: a line per file read or moved, each ended by its summary and a newline."""

    def progress(self, *args):
        # Bytes: text mode would turn each carriage return into a newline.
        result = subprocess.run([PARCELTOOL, *args, "--progress"], capture_output=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        stderr = result.stderr.decode()
        self.assertTrue(stderr.endswith("\n"), repr(stderr))
        summaries = re.findall(r"\r([^\r\n:]+): \d+(?:\.\d)? (?:B|KiB|MiB) in \d+\.\d s[^\r\n]*\n", stderr)
        self.assertEqual(len(summaries), stderr.count("\n"), repr(stderr))
        return summaries

    def test_publish_and_fetch_show_each_file(self):
        with ScriptedServer({}) as server:
            self.assertEqual(self.progress("publish", "--to", server.url("repo"), self.repo),
                             ["FOO-1.0-el7.parcel", "FOO-1.0-el7.parcel", "FOO-1.0-el7.parcel.sha", "manifest.json"])
        files = {}
        for name in ("manifest.json", "FOO-1.0-el7.parcel", "FOO-1.0-el7.parcel.sha"):
            with open(os.path.join(self.repo, name), "rb") as data:
                files["/repo/" + name] = data.read()
        with ScriptedServer({}, files) as server:
            labels = self.progress("fetch", "--name", "FOO", "--distro", "el7", "--dest", self.path("dest"),
                                   server.url("repo"))
            self.assertIn("manifest.json", labels)
            self.assertIn("FOO-1.0-el7.parcel", labels)
            self.assertTrue(os.path.exists(self.path("dest", "FOO-1.0-el7.parcel")))


if __name__ == "__main__":
    unittest.main()
