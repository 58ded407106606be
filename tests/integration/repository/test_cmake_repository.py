"""parcel_add_repository: configure and build a project, then check the repository it assembles."""
import json
import os
import subprocess
import unittest

from parceltool_test_support import ToolTestCase, run_tool, sha1_of

CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cmake_project")


class CMakeRepositoryTest(ToolTestCase):
    def configure(self, *extra):
        build = os.path.join(self.tmp, "build")
        args = [CMAKE, "-S", SOURCE, "-B", build, "-DPARCEL_SOURCE_DIR=" + os.environ["PARCEL_SOURCE_DIR"],
                "-DPARCEL_TOOL=" + os.environ["PARCELTOOL"], *extra]
        generator = os.environ.get("PARCEL_CMAKE_GENERATOR")
        if generator:
            args += ["-G", generator]
        return build, subprocess.run(args, capture_output=True, text=True)

    def test_repository_is_assembled(self):
        build, result = self.configure()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        result = subprocess.run([CMAKE, "--build", build, "--target", "repo"], capture_output=True, text=True, env=env)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        repo = os.path.join(build, "site", "parcels")
        names = ["ALPHA-1.2.0-el7.parcel", "ALPHA-1.2.0-el8.parcel", "BETA-0.9-el8.parcel"]
        self.assertEqual(sorted(os.listdir(repo)), sorted([".parceltool-cache.json", "index.html", "manifest.json"] +
                                                          names + [n + ".sha" for n in names]))
        with open(os.path.join(repo, "manifest.json"), encoding="utf-8") as data:
            manifest = json.load(data)
        self.assertEqual(manifest["lastUpdated"], 1700000000000)
        self.assertEqual([(p["parcelName"], p["hash"]) for p in manifest["parcels"]],
                         [(n, sha1_of(os.path.join(repo, n))) for n in names])
        self.assertEqual(manifest["parcels"][0]["releaseNotes"], "Alpha release notes\n")
        self.assertEqual(manifest["parcels"][2]["depends"], "ALPHA (>= 1.0)")
        with open(os.path.join(repo, "index.html"), encoding="utf-8") as data:
            index = data.read()
        for name in names:
            self.assertIn('<tr><td><a href="%s">%s</a></td><td><a href="%s.sha"><code>%s</code></a></td></tr>'
                          % (name, name, name, sha1_of(os.path.join(repo, name))), index)
        result = run_tool("validate", repo)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        # A second build has nothing to do.
        result = subprocess.run([CMAKE, "--build", build, "--target", "repo"], capture_output=True, text=True, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("Assembling parcel repository repo", result.stdout)

    def test_wrong_arguments_fail_at_configure_time(self):
        _, result = self.configure("-DPARCEL_TEST_BAD_PARCELS=ON")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('parcel_add_repository(bad_repo): PARCELS "not_a_parcel" is not a target created by parcel_add()',
                      " ".join(result.stderr.split()))   # CMake wraps long messages
        _, result = self.configure("-DPARCEL_TEST_BAD_PARCELS=OFF", "-DPARCEL_TEST_MISSING_PARCELS=ON")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("parcel_add_repository(bad_repo): PARCELS is required", " ".join(result.stderr.split()))


if __name__ == "__main__":
    unittest.main()
