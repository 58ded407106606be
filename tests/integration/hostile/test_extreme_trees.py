"""Extreme inputs to `build` (deep, wide, empty, strangely named) and the result read back by
`validate` and Python's tarfile; and the same names in hand-made parcels fed to `validate`."""
import os
import tarfile
import time
import unittest

from hostile_support import (TIME_FACTOR, InputTreeTestCase, ToolTestCase, leftovers, meta_members, parcel_json,
                             run_tool, write_parcel)

TOP = "DEEP-1.0"
MOST = 4095   # PATH_MAX - 1: the longest member name a host can create


def make_chain(root, depth, name="d", leaf="leaf.txt"):
    """root/d/d/.../d/leaf (depth folders), made through descriptors: the path may outgrow PATH_MAX."""
    os.makedirs(root, exist_ok=True)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            deeper = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        with open(os.open(leaf, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as leaf:
            leaf.write("leaf\n")
    finally:
        os.close(fd)


class ExtremeTreeTest(InputTreeTestCase):

    def build(self, name="DEEP"):
        return run_tool("build", "--input", self.input, "--name", name, "--version", "1.0", "--distro", "el7",
                        "--output-dir", self.out, "--compression", "fast")

    def assertRefused(self, result, pattern):
        self.assertTool(result, 1)
        self.assertRegex(result.stderr, pattern)
        self.assertIn("nothing was written", result.stderr)
        self.assertFalse(os.path.exists(self.out) and os.listdir(self.out), "no output, no temporary file")

    def test_ten_thousand_nested_folders_are_refused_quickly(self):
        make_chain(self.input, 10000)
        start = time.monotonic()
        result = self.build()
        self.assertRefused(result, r"error: the path is \d+ bytes long below the input; a member name may have at "
                                   r"most 4095 bytes with the parcel's top folder, and the file's path here at most "
                                   r"4095 \(PATH_MAX\) \[path-too-long\]")
        # One finding: the folders below the first one that is too long are not read at all.
        self.assertEqual(result.stderr.count("[path-too-long]"), 1)
        self.assertLess(time.monotonic() - start, 60 * TIME_FACTOR)

    def test_deepest_tree_this_machine_holds_builds_and_reads_back(self):
        # The input's own path + "/" + "d/" * n + "leaf.txt" up to PATH_MAX - 1: the deepest tree
        # whose files can still be opened by name.
        depth = (MOST - len(self.input) - 1 - len("leaf.txt")) // 2
        make_chain(self.input, depth)
        result = self.build()
        self.assertTool(result, 0)
        parcel = os.path.join(self.out, "DEEP-1.0-el7.parcel")
        self.assertTool(run_tool("validate", parcel), 0)
        with tarfile.open(parcel, "r:gz") as archive:
            names = archive.getnames()
        longest = max(names, key=len)
        self.assertEqual(len(longest), len(TOP) + 1 + 2 * depth + len("leaf.txt"))
        self.assertLessEqual(len(longest), MOST)
        self.assertEqual(len([n for n in names if n.endswith("/d")]), depth)

    def test_zero_byte_files_only(self):
        for name in ("a", "b", "lib/empty"):
            os.makedirs(os.path.dirname(os.path.join(self.input, name)) or self.input, exist_ok=True)
            open(os.path.join(self.input, name), "wb").close()
        self.assertTool(self.build(), 0)
        parcel = os.path.join(self.out, "DEEP-1.0-el7.parcel")
        self.assertTool(run_tool("validate", parcel), 0)
        with tarfile.open(parcel, "r:gz") as archive:
            sizes = {m.name: m.size for m in archive.getmembers() if m.isfile()}
        self.assertEqual(sizes[TOP + "/a"], 0)
        self.assertEqual(sizes[TOP + "/lib/empty"], 0)

    def test_name_with_a_newline_is_refused(self):
        open(os.path.join(self.input, "bad\nname"), "wb").close()
        result = self.build()
        # The diagnostic stays on one line: the newline is shown as \x0a.
        self.assertRefused(result, r":bad\\x0aname: error: the name holds a control character .*"
                                   r"\[name-control-character\]")

    def test_name_that_is_not_utf8_is_refused(self):
        open(os.path.join(os.fsencode(self.input), b"caf\xe9"), "wb").close()
        self.assertRefused(self.build(), r"error: the name is not valid UTF-8.*\[name-not-utf8\]")

    def test_255_byte_name_builds_and_reads_back(self):
        name = "n" * 251 + ".txt"
        with open(os.path.join(self.input, name), "w") as out:
            out.write("long\n")
        self.assertTool(self.build(), 0)
        parcel = os.path.join(self.out, "DEEP-1.0-el7.parcel")
        self.assertTool(run_tool("validate", parcel), 0)
        with tarfile.open(parcel, "r:gz") as archive:
            self.assertEqual(archive.extractfile(TOP + "/" + name).read(), b"long\n")

    def test_4096_byte_path_is_refused(self):
        # "d/" * 2040 + a 16-byte name: 4096 bytes below the input. Its folders already do not fit
        # PATH_MAX on this machine (the input's own path comes first): the first of them is reported.
        make_chain(self.input, 2040, leaf="x" * 16)
        result = self.build()
        self.assertRefused(result, r"error: the path is \d+ bytes long below the input; .* \[path-too-long\]")
        self.assertEqual(result.stderr.count("[path-too-long]"), 1)


class ExtremeNamesInParcelsTest(ToolTestCase):
    """The same names, made by another tool, fed to validate: what a host cannot create is an error,
    what Cloudera's reader would rename is a warning."""

    def validate(self, extra):
        parcel = write_parcel(self.path("FOO-1.0-el7.parcel"), meta_members("FOO-1.0", parcel_json()) + extra)
        return run_tool("validate", parcel)

    def test_member_path_of_4096_bytes(self):
        name = "FOO-1.0/" + "d/" * 2040 + "x" * (4096 - len("FOO-1.0/") - 2 * 2040)
        self.assertEqual(len(name), 4096)
        result = self.validate([(name, "file", b"x", "")])
        self.assertTool(result, 1)
        self.assertIn("error: the name is 4096 bytes long; a host can create at most 4095 (PATH_MAX) "
                      "[path-too-long]", result.stderr)

    def test_component_of_256_bytes(self):
        result = self.validate([("FOO-1.0/" + "n" * 256, "file", b"x", "")])
        self.assertTool(result, 1)
        self.assertIn("error: a component is 256 bytes long; a host can create at most 255 (NAME_MAX) "
                      "[name-too-long]", result.stderr)

    def test_component_of_255_bytes_is_fine(self):
        self.assertTool(self.validate([("FOO-1.0/" + "n" * 255, "file", b"x", "")]), 0)

    def test_newline_and_invalid_utf8_are_warnings(self):
        result = self.validate([("FOO-1.0/bad\nname", "file", b"x", ""),
                                ("FOO-1.0/caf\udce9", "file", b"x", "")])
        self.assertTool(result, 0)
        self.assertIn("FOO-1.0/bad\\x0aname: warning: the name holds a control character (such as a newline) "
                      "[name-control-character]", result.stderr)
        self.assertIn("[name-not-utf8]", result.stderr)
        self.assertEqual(leftovers(self.tmp), [])


if __name__ == "__main__":
    unittest.main()
