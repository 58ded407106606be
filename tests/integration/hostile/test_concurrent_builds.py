"""Two builds of the same parcel names into one folder at the same time: afterwards every parcel is
one of the two complete results, its .sha agrees with it, and it validates."""
import os
import subprocess
import unittest

from hostile_support import PARCELTOOL, ToolTestCase, leftovers, run_tool, sha1_of

DISTROS = ["el7", "el8", "el9", "sles12", "sles15", "focal", "jammy", "noble"]
ROUNDS = 6


class ConcurrentBuildTest(ToolTestCase):
    def make_input(self, label):
        folder = self.path("input-" + label)
        os.makedirs(os.path.join(folder, "lib"))
        with open(os.path.join(folder, "lib", "data.bin"), "wb") as out:
            # Different content and sizes, so a mixed-up pair cannot match by chance.
            out.write((label * 1000).encode() * (200 if label == "a" else 300))
        return folder

    def args(self, folder, out):
        args = ["build", "--input", folder, "--name", "RACE", "--version", "1.0", "--output-dir", out]
        for distro in DISTROS:
            args += ["--distro", distro]
        return args

    def test_two_builds_into_one_folder(self):
        inputs = {label: self.make_input(label) for label in ("a", "b")}
        # The two complete results, each built alone.
        expected = {}
        for label, folder in inputs.items():
            alone = self.path("alone-" + label)
            self.assertTool(run_tool(*self.args(folder, alone)), 0)
            expected[label] = sha1_of(os.path.join(alone, "RACE-1.0-el7.parcel"))
        self.assertNotEqual(expected["a"], expected["b"])

        out = self.path("shared")
        env = dict(os.environ)
        env.pop("SOURCE_DATE_EPOCH", None)   # as run_tool does, so the bytes match the ones built alone
        for _ in range(ROUNDS):
            processes = [subprocess.Popen([PARCELTOOL, *self.args(folder, out)], stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True, env=env)
                         for folder in inputs.values()]
            for process in processes:
                _, stderr = process.communicate(timeout=300)
                self.assertEqual(process.returncode, 0, stderr)
            for distro in DISTROS:
                parcel = os.path.join(out, "RACE-1.0-%s.parcel" % distro)
                digest = sha1_of(parcel)
                self.assertIn(digest, expected.values(), "%s is not one of the two complete results" % parcel)
                with open(parcel + ".sha") as sha:
                    self.assertEqual(sha.read(), digest + "\n", "%s.sha disagrees with its parcel" % parcel)
            self.assertEqual(leftovers(out), [])
        for distro in DISTROS:
            self.assertTool(run_tool("validate", os.path.join(out, "RACE-1.0-%s.parcel" % distro)), 0)


if __name__ == "__main__":
    unittest.main()
