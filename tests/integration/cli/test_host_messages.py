"""Host verbs say on stdout what they did; `host status` on an empty root says so on stderr
(stdout stays the listing, which scripts read)."""
import os
import unittest

from parceltool_test_support import ToolTestCase, run_tool, write


class HostMessagesTest(ToolTestCase):
    def setUp(self):
        super().setUp()
        write(self.path("in", "bin", "foo"), "#!/bin/sh\n", mode=0o755)
        result = run_tool("build", "--input", self.path("in"), "--name", "FOO", "--version", "1.0",
                          "--distro", "el7", "--output-dir", self.path("out"))
        self.assertTool(result, 0)
        result = run_tool("build", "--input", self.path("in"), "--name", "FOO", "--version", "2.0",
                          "--distro", "el7", "--output-dir", self.path("out"))
        self.assertTool(result, 0)
        self.root = self.path("host")

    def host(self, *args):
        result = run_tool("host", "--root", self.root, *args)
        self.assertTool(result, 0)
        return result

    def test_each_verb_says_what_it_did(self):
        parcels = os.path.join(self.root, "parcels")
        for version in ("1.0", "2.0"):
            result = self.host("distribute", self.path("out", "FOO-%s-el7.parcel" % version))
            self.assertEqual(result.stdout, "distributed FOO-%s into %s\n"
                             % (version, os.path.join(os.path.realpath(parcels), "FOO-" + version)))
        self.assertEqual(self.host("activate", "FOO", "1.0").stdout, "activated FOO 1.0\n")
        self.assertEqual(self.host("activate", "FOO", "2.0").stdout, "activated FOO 2.0\n")
        self.assertEqual(self.host("rollback", "FOO").stdout, "rolled FOO back to 1.0\n")
        self.assertEqual(self.host("deactivate", "FOO").stdout, "deactivated FOO\n")
        self.assertEqual(self.host("remove", "FOO", "2.0").stdout, "removed FOO 2.0\n")
        write(os.path.join(self.root, "opt", "java"), "")
        self.assertEqual(self.host("add-alternative", "java", "/usr/bin/java", "/opt/java", "1000").stdout,
                         "registered /opt/java in alternatives group java for /usr/bin/java (priority 1000)\n")

    def test_a_failed_verb_says_nothing_on_stdout(self):
        result = run_tool("host", "--root", self.root, "activate", "FOO", "9.9")
        self.assertTool(result, 1)
        self.assertEqual(result.stdout, "")

    def test_status_of_an_empty_root_says_it_is_empty(self):
        os.makedirs(self.root)
        for root in (self.root, self.path("never-created")):
            with self.subTest(root=root):
                result = run_tool("host", "--root", root, "status")
                self.assertTool(result, 0)
                self.assertEqual(result.stdout, "os any (created without --distro)\n")
                self.assertEqual(result.stderr, "parceltool: %s: the host is empty: no parcel distributed, "
                                 "no alternative, no user\n" % os.path.realpath(root))
        self.host("distribute", self.path("out", "FOO-1.0-el7.parcel"))
        result = self.host("status")
        self.assertEqual(result.stderr, "")
        self.assertEqual(result.stdout.splitlines()[0], "FOO 1.0 distributed")


if __name__ == "__main__":
    unittest.main()
