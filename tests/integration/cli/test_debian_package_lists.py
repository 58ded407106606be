"""scripts/debian-packages-{build,test}.txt: the quickstart installs only what building needs
(no nginx, which starts a web server on port 80, no JDK); the tests and CI install both."""
import os
import re
import subprocess
import unittest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def packages(name):
    with open(os.path.join(TOP, "scripts", name), encoding="utf-8") as text:
        return [line.strip() for line in text if line.strip() and not line.lstrip().startswith("#")]


def script(*parts):
    with open(os.path.join(TOP, *parts), encoding="utf-8") as text:
        return text.read()


class DebianPackageListsTest(unittest.TestCase):
    def test_build_list_has_no_test_servers(self):
        build = packages("debian-packages-build.txt")
        for server in ("nginx", "nginx-light", "openjdk-17-jdk-headless", "lintian", "doctest-dev"):
            self.assertNotIn(server, build)
        self.assertIn("libarchive-dev", build)

    def test_lists_are_disjoint_and_the_old_list_is_gone(self):
        build, test = packages("debian-packages-build.txt"), packages("debian-packages-test.txt")
        self.assertEqual(sorted(set(build) & set(test)), [])
        self.assertEqual(len(set(build)), len(build))
        self.assertEqual(len(set(test)), len(test))
        self.assertIn("nginx", test)
        self.assertFalse(os.path.exists(os.path.join(TOP, "scripts", "debian-packages.txt")))

    def test_quickstart_installs_only_build_packages(self):
        calls = re.findall(r'^"\$top/scripts/install-deps\.sh"(.*)$', script("scripts", "quickstart.sh"), re.M)
        self.assertEqual(calls, [""])
        self.assertIn("-DPARCEL_BUILD_TESTS=OFF", script("scripts", "quickstart.sh"))
        calls = re.findall(r'^"\$top/scripts/install-deps\.sh"(.*)$', script("scripts", "run-tests.sh"), re.M)
        self.assertEqual(calls, [" --tests"])
        ci = script(".ci", "run")
        self.assertIn("scripts/debian-packages-build.txt", ci)
        self.assertIn("scripts/debian-packages-test.txt", ci)

    def test_install_deps_refuses_an_unknown_argument(self):
        result = subprocess.run(["bash", os.path.join(TOP, "scripts", "install-deps.sh"), "--test"],
                                capture_output=True, text=True)
        self.assertEqual((result.returncode, result.stderr.endswith("[--tests]\n")), (2, True), result.stderr)


if __name__ == "__main__":
    unittest.main()
