"""publish and fetch against a real nginx on 127.0.0.1 with WebDAV PUT."""
import os
import shutil
import unittest

from parceltool_test_support import ToolTestCase, run_tool, sha1_of
from repository_test_support import EPOCH, Nginx, build_parcel


def read_bytes(path):
    with open(path, "rb") as data:
        return data.read()


@unittest.skipUnless(shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"),
                     "nginx is not installed (scripts/debian-packages-test.txt lists nginx)")
class PublishFetchTest(ToolTestCase):
    def setUp(self):
        super().setUp()
        self.server = Nginx(os.path.join(self.tmp, "server"))
        self.server.start()
        self.addCleanup(self.server.stop)   # also when the test fails
        self.repo = os.path.join(self.tmp, "repo")
        os.makedirs(self.repo)
        build_parcel(self.tmp, self.repo, "FOO", "1.9", ["el7", "el8"], content="old\n")
        build_parcel(self.tmp, self.repo, "FOO", "1.10", ["el7"], content="new\n")
        build_parcel(self.tmp, self.repo, "BAR", "3.0", ["el7"])
        result = run_tool("manifest", self.repo, env=EPOCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.url = self.server.url("parcels/cdh")
        result = run_tool("publish", "--to", self.url, self.repo)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.published = result.stdout.splitlines()
        self.served = os.path.join(self.server.root, "parcels", "cdh")

    def fetch(self, dest, *extra):
        return run_tool("fetch", "--name", "FOO", "--distro", "el7", "--dest", dest, *extra, self.url)

    def test_publish_uploads_everything_and_manifest_last(self):
        names = sorted(n for n in os.listdir(self.repo) if not n.startswith("."))
        self.assertEqual(sorted(os.listdir(self.served)), names)
        for name in names:
            self.assertEqual(read_bytes(os.path.join(self.served, name)), read_bytes(os.path.join(self.repo, name)), name)
        self.assertEqual(self.published[-1], self.url + "/manifest.json")
        self.assertEqual(len(self.published), 9)   # 4 parcels, 4 .sha, the manifest
        self.assertEqual(self.published[0], self.url + "/BAR-3.0-el7.parcel")
        self.assertEqual(self.published[1], self.url + "/BAR-3.0-el7.parcel.sha")

    def test_fetch_picks_the_newest_version_and_checks_bytes(self):
        dest = os.path.join(self.tmp, "dest")
        result = self.fetch(dest)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, os.path.join(dest, "FOO-1.10-el7.parcel") + "\n")   # 1.10 > 1.9
        self.assertEqual(sorted(os.listdir(dest)), ["FOO-1.10-el7.parcel", "FOO-1.10-el7.parcel.sha"])
        original = os.path.join(self.repo, "FOO-1.10-el7.parcel")
        self.assertEqual(read_bytes(os.path.join(dest, "FOO-1.10-el7.parcel")), read_bytes(original))
        self.assertEqual(read_bytes(os.path.join(dest, "FOO-1.10-el7.parcel.sha")), (sha1_of(original) + "\n").encode())
        older = os.path.join(self.tmp, "older")
        result = run_tool("fetch", "--name", "FOO", "--version", "1.9", "--distro", "el8", "--dest", older, self.url + "/")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(read_bytes(os.path.join(older, "FOO-1.9-el8.parcel")),
                         read_bytes(os.path.join(self.repo, "FOO-1.9-el8.parcel")))

    def test_corrupt_parcel_on_the_server_fails_and_leaves_nothing(self):
        served = os.path.join(self.served, "FOO-1.10-el7.parcel")
        with open(served, "r+b") as data:
            data.seek(10)
            data.write(b"\x00corrupt")
        dest = os.path.join(self.tmp, "dest")
        result = self.fetch(dest)
        self.assertEqual(result.returncode, 1)
        self.assertIn("FOO-1.10-el7.parcel: error: downloaded from %s/FOO-1.10-el7.parcel has SHA-1 %s, but "
                      "manifest.json says %s; nothing was kept [hash-mismatch]"
                      % (self.url, sha1_of(served), sha1_of(os.path.join(self.repo, "FOO-1.10-el7.parcel"))),
                      result.stderr)
        self.assertEqual(os.listdir(dest), [])   # no parcel, no .sha, no temporary file

    def test_server_sha_file_must_agree_with_the_manifest(self):
        with open(os.path.join(self.served, "FOO-1.10-el7.parcel.sha"), "w") as out:
            out.write("f" * 40 + "\n")
        dest = os.path.join(self.tmp, "dest")
        result = self.fetch(dest)
        self.assertEqual(result.returncode, 1)
        self.assertIn("[sha-file-mismatch]", result.stderr)
        self.assertFalse(os.path.exists(dest) and os.listdir(dest))
        # without a .sha on the server the manifest alone decides
        os.remove(os.path.join(self.served, "FOO-1.10-el7.parcel.sha"))
        self.assertEqual(self.fetch(dest).returncode, 0)

    def test_no_matching_parcel_and_http_errors(self):
        dest = os.path.join(self.tmp, "dest")
        result = run_tool("fetch", "--name", "FOO", "--distro", "sles12", "--dest", dest, self.url)
        self.assertEqual(result.returncode, 1)
        self.assertIn("[no-matching-parcel]", result.stderr)
        self.assertIn("it lists: BAR-3.0-el7.parcel, FOO-1.10-el7.parcel, FOO-1.9-el7.parcel, FOO-1.9-el8.parcel",
                      result.stderr)
        missing = self.server.url("nowhere")
        result = run_tool("fetch", "--name", "FOO", "--distro", "el7", "--dest", dest, missing)
        self.assertEqual(result.returncode, 3)
        self.assertEqual(result.stderr, "parceltool: error: GET %s/manifest.json: HTTP 404\n" % missing)

    def test_publish_refuses_an_invalid_repository(self):
        with open(os.path.join(self.repo, "BAR-3.0-el7.parcel.sha"), "w") as out:
            out.write("0" * 40 + "\n")
        result = run_tool("publish", "--to", self.server.url("other"), self.repo)
        self.assertEqual(result.returncode, 1)
        self.assertIn("[sha-file-mismatch]", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.server.root, "other")))


    def test_credentials_come_from_netrc_or_environment(self):
        home = os.path.join(self.tmp, "home")
        os.makedirs(home)
        private = self.server.url("private/repo")
        clean = {"HOME": home, "PARCELTOOL_NETRC": "", "PARCELTOOL_HTTP_USER": "", "PARCELTOOL_HTTP_PASSWORD": "",
                 "PARCELTOOL_HTTP_TOKEN": ""}
        result = run_tool("publish", "--to", private, self.repo, env=clean)
        self.assertEqual(result.returncode, 3)
        self.assertEqual(result.stderr, "parceltool: error: PUT %s/BAR-3.0-el7.parcel: HTTP 401\n" % private)
        user, password = self.server.CREDENTIALS
        # ~/.netrc
        netrc = os.path.join(home, ".netrc")
        self._write(netrc, user, password)
        result = run_tool("publish", "--to", private, self.repo, env=clean)
        self.assertEqual(result.returncode, 0, result.stderr)
        dest = os.path.join(self.tmp, "dest")
        result = run_tool("fetch", "--name", "BAR", "--distro", "el7", "--dest", dest, private, env=clean)
        self.assertEqual(result.returncode, 0, result.stderr)
        os.remove(netrc)
        # another netrc file, then environment variables
        other = os.path.join(self.tmp, "netrc")
        self._write(other, user, password)
        result = run_tool("publish", "--to", private, self.repo, env=dict(clean, PARCELTOOL_NETRC=other))
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run_tool("publish", "--to", private, self.repo,
                          env=dict(clean, PARCELTOOL_HTTP_USER=user, PARCELTOOL_HTTP_PASSWORD=password))
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run_tool("publish", "--to", private, self.repo,
                          env=dict(clean, PARCELTOOL_HTTP_USER=user, PARCELTOOL_HTTP_PASSWORD="wrong"))
        self.assertEqual(result.returncode, 3)

    @staticmethod
    def _write(path, user, password):
        with open(path, "w") as out:
            out.write("machine 127.0.0.1 login %s password %s\n" % (user, password))
        os.chmod(path, 0o600)

    def test_server_errors_are_retried_with_backoff(self):
        url = self.server.url("unavailable/repo")
        result = run_tool("publish", "--retries", "2", "--to", url, self.repo)
        self.assertEqual(result.returncode, 3)
        self.assertEqual(result.stderr, "parceltool: error: PUT %s/BAR-3.0-el7.parcel: HTTP 503 (after 3 attempts)\n" % url)
        self.assertEqual(self.server.requests("PUT", "/unavailable/repo/BAR-3.0-el7.parcel"), 3)
        self.assertEqual(self.server.requests("PUT", "/unavailable/repo/manifest.json"), 0)


class TransientFailureTest(ToolTestCase):
    def test_connection_refused_is_retried_then_reported(self):
        from repository_test_support import free_port
        url = "http://127.0.0.1:%d/repo" % free_port()
        result = run_tool("fetch", "--retries", "1", "--name", "FOO", "--distro", "el7", "--dest", self.tmp, url)
        self.assertEqual(result.returncode, 3)
        self.assertRegex(result.stderr, r"^parceltool: error: GET %s/manifest\.json: .*\(after 2 attempts\)\n$" % url)
        self.assertEqual(run_tool("publish", self.tmp).returncode, 2)   # --to is required


if __name__ == "__main__":
    unittest.main()
