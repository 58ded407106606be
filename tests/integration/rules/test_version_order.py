"""One version order (rules/version_order.cpp, dpkg's): fetch's newest pick agrees with the emulated host,
so "1.0~rc1" is older than "1.0" for both (issue 14's drift case)."""
import functools
import http.server
import os
import threading
import unittest

from parceltool_test_support import ToolTestCase, run_tool, write


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class VersionOrderTest(ToolTestCase):
    def build(self, version, repo):
        tree = self.path("input-" + version)
        write(os.path.join(tree, "bin", "tool"), "#!/bin/sh\n", 0o755)
        result = run_tool("build", "--input", tree, "--name", "FOO", "--version", version, "--distro", "el7",
                          "--output-dir", repo)
        self.assertTool(result, 0)

    def serve(self, directory):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(QuietHandler, directory=directory))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return "http://127.0.0.1:%d" % server.server_address[1]

    def test_fetch_picks_the_release_over_its_release_candidate(self):
        repo = self.path("repo")
        for version in ("1.0~rc1", "1.0", "0.9"):
            self.build(version, repo)
        self.assertTool(run_tool("manifest", repo), 0)
        url = self.serve(repo)
        dest = self.path("dest")
        result = run_tool("fetch", "--name", "FOO", "--distro", "el7", "--dest", dest, "--retries", "0", url)
        self.assertTool(result, 0)
        self.assertEqual(sorted(os.listdir(dest)), ["FOO-1.0-el7.parcel", "FOO-1.0-el7.parcel.sha"])


if __name__ == "__main__":
    unittest.main()
