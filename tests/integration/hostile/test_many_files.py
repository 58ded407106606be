"""200,000 small files, one in ten empty, fed to `build` and read back by `validate` and GNU tar
(20 to 30 s on a quiet 2-core machine, most of it making the files: its own CTest test, so that it
runs beside the others)."""
import os
import subprocess
import time
import unittest

from hostile_support import InputTreeTestCase, run_tool


class ManyFilesTest(InputTreeTestCase):

    def build(self, name):
        return run_tool("build", "--input", self.input, "--name", name, "--version", "1.0", "--distro", "el7",
                        "--output-dir", self.out, "--compression", "fast")

    def test_two_hundred_thousand_small_files_and_empty_ones(self):
        count = 200000
        for folder in range(200):
            os.mkdir(os.path.join(self.input, "f%03d" % folder))
        for i in range(count):
            # every tenth file is empty
            fd = os.open(os.path.join(self.input, "f%03d" % (i % 200), "n%06d" % i), os.O_WRONLY | os.O_CREAT, 0o644)
            if i % 10:
                os.write(fd, b"%d\n" % i)
            os.close(fd)
        start = time.monotonic()
        result = self.build("MANY")
        self.assertTool(result, 0)
        built = time.monotonic() - start
        parcel = os.path.join(self.out, "MANY-1.0-el7.parcel")
        self.assertTool(run_tool("validate", parcel), 0)
        # GNU tar reads it back (Python's tarfile would take longer than the build).
        listing = subprocess.run(["tar", "-tvzf", parcel], capture_output=True, text=True, check=True)
        rows = [line.split() for line in listing.stdout.splitlines()]
        files = [row for row in rows if row[0].startswith("-") and "/f" in row[-1]]
        self.assertEqual(len(files), count)
        self.assertEqual(sum(1 for row in files if row[2] == "0"), count // 10)
        names = [row[-1].rstrip("/") for row in rows]
        self.assertEqual(names, sorted(names), "sorted byte-wise")
        self.assertLess(built, 120, "200,000 files must not take minutes")


if __name__ == "__main__":
    unittest.main()
