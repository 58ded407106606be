"""Hostile archives fed to validate, inspect and host distribute: each has its exact verdict, and
nothing is ever written outside the host's root (nor anything at all when the parcel is refused)."""
import gzip
import os
import random
import unittest
import zipfile

from hostile_support import (ToolTestCase, leftovers, meta_members, parcel_json, run_tool, run_with_rusage, tar_bytes,
                             tree_bytes, write_parcel)

TOP = "FOO-1.0"


class HostileArchiveTest(ToolTestCase):
    def setUp(self):
        super().setUp()
        self.outside = self.path("outside")
        os.makedirs(self.outside)
        with open(os.path.join(self.outside, "sentinel"), "w") as out:
            out.write("untouched")
        self.root = self.path("root")

    def parcel(self, extra, name="FOO-1.0-el7.parcel", first=None):
        """A parcel with valid metadata plus `extra` members; `first` members go before everything."""
        return write_parcel(self.path("in", name), (first or []) + meta_members(TOP, parcel_json()) + extra)

    def assertVerdicts(self, parcel, code, validate_exit=1, inspect_exit=0, distribute_exit=1):
        """validate and host distribute give `code` with these exits; inspect never fails on a readable
        archive; a refused distribute leaves the root as it was and nothing outside changes."""
        outside_before = tree_bytes(self.outside)
        result = run_tool("validate", parcel)
        self.assertTool(result, validate_exit)
        self.assertIn("[%s]" % code, result.stderr)
        result = run_tool("inspect", parcel)
        self.assertTool(result, inspect_exit)
        # A host already in use, so "unchanged" covers state.json, links and an unpacked parcel.
        good = write_parcel(self.path("good", "GOOD-1.0-el7.parcel"), meta_members("GOOD-1.0", parcel_json("GOOD")))
        self.assertTool(run_tool("host", "--root", self.root, "distribute", good), 0)
        root_before = tree_bytes(self.root)
        result = run_tool("host", "--root", self.root, "distribute", parcel)
        self.assertTool(result, distribute_exit)
        if distribute_exit != 0:
            self.assertIn("[%s]" % code, result.stderr)
            self.assertEqual(tree_bytes(self.root), root_before)
        self.assertEqual(tree_bytes(self.outside), outside_before)
        self.assertEqual(leftovers(self.tmp), [])
        return result

    # --- tar slip ---------------------------------------------------------------------------------

    def test_dot_dot_entry(self):
        parcel = self.parcel([(TOP + "/../../outside/pwned", "file", b"x", "")])
        self.assertVerdicts(parcel, "unsafe-path")
        result = run_tool("validate", parcel)
        self.assertIn("FOO-1.0/../../outside/pwned: error: the name has a '..' component [unsafe-path]",
                      result.stderr)

    def test_absolute_entry(self):
        target = os.path.join(self.outside, "pwned")
        parcel = self.parcel([(target, "file", b"x", "")])
        self.assertVerdicts(parcel, "absolute-path")
        self.assertIn("%s: error: the name is absolute [absolute-path]" % target, run_tool("validate", parcel).stderr)

    def test_file_written_through_a_symlink_that_leaves(self):
        parcel = self.parcel([(TOP + "/link", "symlink", b"", "../../outside"),
                              (TOP + "/link/pwned", "file", b"x", "")])
        self.assertVerdicts(parcel, "symlink-escapes")
        result = run_tool("validate", parcel)
        self.assertIn("[parent-not-directory]", result.stderr)

    def test_file_written_through_a_symlink_inside_the_parcel(self):
        # Even a link that stays inside is never written through: the name would not be what it says.
        parcel = self.parcel([(TOP + "/lib", "dir", b"", ""), (TOP + "/alias", "symlink", b"", "lib"),
                              (TOP + "/alias/x", "file", b"x", "")])
        self.assertVerdicts(parcel, "parent-not-directory")

    def test_symlink_listed_after_a_file_below_its_name(self):
        parcel = self.parcel([(TOP + "/d", "dir", b"", ""), (TOP + "/d/x", "file", b"x", ""),
                              (TOP + "/d", "symlink", b"", "/etc")])
        self.assertVerdicts(parcel, "duplicate-entry")

    # --- links that loop --------------------------------------------------------------------------

    def test_symlink_loops_are_stored_and_never_followed(self):
        parcel = self.parcel([(TOP + "/a", "symlink", b"", "b"), (TOP + "/b", "symlink", b"", "a"),
                              (TOP + "/self", "symlink", b"", "self")])
        self.assertTool(run_tool("validate", parcel), 0)
        self.assertTool(run_tool("inspect", parcel), 0)
        self.assertTool(run_tool("host", "--root", self.root, "distribute", parcel), 0)
        unpacked = os.path.join(self.root, "parcels", TOP)
        self.assertEqual(os.readlink(os.path.join(unpacked, "a")), "b")
        self.assertEqual(os.readlink(os.path.join(unpacked, "self")), "self")
        # The unpacked folder validates too: a loop is skipped, not followed forever.
        self.assertTool(run_tool("validate", unpacked), 0)

    def test_file_below_a_looping_link(self):
        parcel = self.parcel([(TOP + "/a", "symlink", b"", "b"), (TOP + "/b", "symlink", b"", "a"),
                              (TOP + "/a/x", "file", b"x", "")])
        self.assertVerdicts(parcel, "parent-not-directory")

    # --- order and duplicates ---------------------------------------------------------------------

    def test_unsorted_entries_are_valid_and_unpack_whole(self):
        # Files before their folders, folders in reverse order: tar order carries no meaning.
        metadata = meta_members(TOP, parcel_json())
        members = [(TOP + "/lib/deep/z.txt", "file", b"z\n", ""), (TOP + "/lib/a.txt", "file", b"a\n", ""),
                   (TOP + "/lib/deep", "dir", b"", ""), (TOP + "/lib", "dir", b"", "")]
        parcel = write_parcel(self.path("in", "FOO-1.0-el7.parcel"), list(reversed(metadata)) + members)
        self.assertTool(run_tool("validate", parcel), 0)
        self.assertTool(run_tool("host", "--root", self.root, "distribute", parcel), 0)
        unpacked = os.path.join(self.root, "parcels", TOP)
        with open(os.path.join(unpacked, "lib", "deep", "z.txt"), "rb") as data:
            self.assertEqual(data.read(), b"z\n")
        self.assertEqual(os.stat(os.path.join(unpacked, "lib", "deep")).st_mode & 0o777, 0o755)

    def test_hard_link_before_its_target(self):
        parcel = self.parcel([(TOP + "/second", "hardlink", b"", TOP + "/first"),
                              (TOP + "/first", "file", b"data", "")])
        self.assertVerdicts(parcel, "hardlink-target-missing")

    def test_duplicate_file_with_other_content(self):
        parcel = self.parcel([(TOP + "/x", "file", b"one", ""), (TOP + "/x", "file", b"two", "")])
        self.assertVerdicts(parcel, "duplicate-entry")
        self.assertIn("FOO-1.0/x: error: the archive holds 2 entries named 'FOO-1.0/x' [duplicate-entry]",
                      run_tool("validate", parcel).stderr)

    def test_duplicate_parcel_json_cannot_hide_a_second_metadata(self):
        # Readers that keep the first and readers that keep the last would see different parcels.
        evil = parcel_json(depends="EVIL")
        parcel = self.parcel([(TOP + "/meta/parcel.json", "file", evil, "")])
        self.assertVerdicts(parcel, "duplicate-entry")

    # --- not a gzip'd tar -------------------------------------------------------------------------

    @staticmethod
    def good_parcel_bytes(data=None):
        """A valid parcel's bytes; by default its data is 200 kB that deflate can only store."""
        data = random.Random(9).randbytes(200000) if data is None else data
        return gzip.compress(tar_bytes(meta_members(TOP, parcel_json()) + [(TOP + "/data", "file", data, "")]),
                             mtime=0)

    def write_bytes(self, data):
        parcel = self.path("in", "FOO-1.0-el7.parcel")
        os.makedirs(os.path.dirname(parcel), exist_ok=True)
        with open(parcel, "wb") as out:
            out.write(bytes(data))
        return parcel

    def test_truncated_gzip(self):
        data = self.good_parcel_bytes()
        parcel = self.write_bytes(data[:len(data) // 2])
        self.assertVerdicts(parcel, "archive-unreadable", inspect_exit=1)
        self.assertNotIn(TOP, os.listdir(os.path.join(self.root, "parcels")))

    def test_corrupted_compressed_data(self):
        # The first deflate block's header and codes damaged: the decompressor itself fails.
        text = b"".join(b"line %d of a log file\n" % i for i in range(20000))
        data = bytearray(self.good_parcel_bytes(text))
        for offset in range(10, 42):   # right after the 10-byte gzip header
            data[offset] ^= 0xFF
        self.assertVerdicts(self.write_bytes(data), "archive-unreadable", inspect_exit=1)

    def test_corrupted_stored_data(self):
        # Data deflate could only store: flipped bytes decompress without complaint, and only the
        # CRC-32 (which libarchive does not check) shows that they are not what was packed.
        data = bytearray(self.good_parcel_bytes())
        for offset in range(len(data) // 2, len(data) // 2 + 64):
            data[offset] ^= 0xFF
        self.assertVerdicts(self.write_bytes(data), "gzip-checksum-mismatch", inspect_exit=1)

    def test_corrupted_gzip_trailer(self):
        data = bytearray(self.good_parcel_bytes())
        data[-8] ^= 0xFF   # the CRC-32
        parcel = self.write_bytes(data)
        self.assertVerdicts(parcel, "gzip-checksum-mismatch", inspect_exit=1)
        self.assertIn("FOO-1.0-el7.parcel: error: the gzip data is damaged (incorrect data check): the bytes read "
                      "are not the bytes that were packed [gzip-checksum-mismatch]", run_tool("validate", parcel).stderr)

    def test_zip_named_parcel(self):
        parcel = self.path("in", "FOO-1.0-el7.parcel")
        os.makedirs(os.path.dirname(parcel), exist_ok=True)
        with zipfile.ZipFile(parcel, "w") as archive:
            for name, kind, data, _ in meta_members(TOP, parcel_json()):
                if kind == "file":
                    archive.writestr(name, data)
        self.assertVerdicts(parcel, "archive-unreadable", inspect_exit=1)

    def test_jar_that_is_a_tarball(self):
        jar = self.path("in", "FOO-1.0.jar")
        os.makedirs(os.path.dirname(jar))
        with open(jar, "wb") as out:
            out.write(self.good_parcel_bytes())
        result = run_tool("validate", jar)
        self.assertTool(result, 1)
        self.assertIn("error: not a readable zip file: ", result.stderr)
        self.assertIn("[invalid-jar]", result.stderr)

    def test_zip_bomb_jar_is_read_in_bounded_memory(self):
        # 1 MB holding 1 GiB of zeros: only the descriptors are kept (src/csd/csd_jar.cpp, fixed by the
        # fuzzing work of issue #9), the rest is read through and dropped.
        jar = self.path("in", "BOMB-1.0.jar")
        os.makedirs(os.path.dirname(jar))
        with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
            archive.writestr("descriptor/service.sdl", '{"name": "BOMB", "version": "1.0"}')
            with archive.open("aux/zeros.bin", "w", force_zip64=True) as member:
                block = bytes(1 << 20)
                for _ in range(1024):
                    member.write(block)
        returncode, stderr, _, mib = run_with_rusage(["validate", jar])
        self.assertEqual(returncode, 1, stderr)
        self.assertIn("descriptor/service.sdl:1:1#/label: error: must be present and not blank [missing-field]", stderr)
        self.assertLess(mib, 300, "peak RSS %.0f MiB" % mib)


if __name__ == "__main__":
    unittest.main()
