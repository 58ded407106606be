"""parceltool build: the archive's layout, metadata, hashes and determinism, read back with GNU tar and tarfile."""
import json
import os
import subprocess
import unittest

from parceltool_test_support import ToolTestCase, listing, member_text, run_tool, sha1_of, write


class BuildTest(ToolTestCase):
    def make_input(self):
        root = self.path("in")
        write(os.path.join(root, "bin", "hello"), "#!/bin/sh\necho hello\n", 0o755)
        write(os.path.join(root, "lib", "libhello.so.1"), "not really a library\n", 0o644)
        os.symlink("libhello.so.1", os.path.join(root, "lib", "libhello.so"))
        os.makedirs(os.path.join(root, "var", "empty"))
        long_dir = os.path.join(root, "share", "d" * 60, "e" * 60)
        write(os.path.join(long_dir, "long-name.txt"), "long\n")
        write(os.path.join(root, "share", "caf\u00e9.txt"), "utf-8 name\n")
        os.link(os.path.join(root, "bin", "hello"), os.path.join(root, "bin", "hello-again"))
        return root

    def build(self, root, out, *extra, env=None):
        return run_tool("build", "--input", root, "--name", "HELLO", "--version", "1.0.0",
                        "--distro", "el7", "--distro", "el8", "--output-dir", out,
                        "--env", "HELLO_HOME=${PARCELS_ROOT}/${PARCEL_DIRNAME}", *extra, env=env)

    def test_layout_metadata_and_hashes(self):
        root, out = self.make_input(), self.path("out")
        result = self.build(root, out, "--provides", "hello", "--depends", "CDH (>= 5.0)")
        self.assertTool(result, 0)
        el7, el8 = os.path.join(out, "HELLO-1.0.0-el7.parcel"), os.path.join(out, "HELLO-1.0.0-el8.parcel")
        self.assertEqual(result.stdout.splitlines(), [el7, el7 + ".sha", el8, el8 + ".sha"])
        self.assertEqual(sorted(os.listdir(out)), ["HELLO-1.0.0-el7.parcel", "HELLO-1.0.0-el7.parcel.sha",
                                                   "HELLO-1.0.0-el8.parcel", "HELLO-1.0.0-el8.parcel.sha"])

        entries = listing(el7)
        names = [e[0] for e in entries]
        long_path = "HELLO-1.0.0/share/" + "d" * 60 + "/" + "e" * 60 + "/long-name.txt"
        self.assertEqual(names, sorted(names))
        self.assertEqual(names, [
            "HELLO-1.0.0", "HELLO-1.0.0/bin", "HELLO-1.0.0/bin/hello", "HELLO-1.0.0/bin/hello-again",
            "HELLO-1.0.0/lib", "HELLO-1.0.0/lib/libhello.so", "HELLO-1.0.0/lib/libhello.so.1",
            "HELLO-1.0.0/meta", "HELLO-1.0.0/meta/hello_env.sh", "HELLO-1.0.0/meta/parcel.json",
            "HELLO-1.0.0/share", "HELLO-1.0.0/share/caf\u00e9.txt", "HELLO-1.0.0/share/" + "d" * 60,
            "HELLO-1.0.0/share/" + "d" * 60 + "/" + "e" * 60, long_path,
            "HELLO-1.0.0/var", "HELLO-1.0.0/var/empty"])
        by_name = {e[0]: e for e in entries}
        for entry in entries:
            self.assertEqual(entry[3:7], (0, 0, "root", "root"), entry)
        self.assertEqual(by_name["HELLO-1.0.0/bin/hello"][1:3], ("file", 0o755))
        self.assertEqual(by_name["HELLO-1.0.0/lib/libhello.so.1"][1:3], ("file", 0o644))
        self.assertEqual(by_name["HELLO-1.0.0/lib/libhello.so"][1], "symlink")
        self.assertEqual(by_name["HELLO-1.0.0/lib/libhello.so"][8], "libhello.so.1")
        self.assertEqual(by_name["HELLO-1.0.0/bin/hello-again"][1], "hardlink")
        self.assertEqual(by_name["HELLO-1.0.0/bin/hello-again"][8], "HELLO-1.0.0/bin/hello")
        self.assertEqual(by_name["HELLO-1.0.0/var/empty"][1], "dir")

        parcel_json = json.loads(member_text(el7, "HELLO-1.0.0/meta/parcel.json"))
        self.assertEqual(list(parcel_json), ["schema_version", "name", "version", "depends", "provides",
                                             "setActiveSymlink", "scripts", "packages", "components",
                                             "users", "groups"])
        self.assertEqual(parcel_json["name"], "HELLO")
        self.assertEqual(parcel_json["depends"], "CDH (>= 5.0)")
        self.assertEqual(parcel_json["provides"], ["hello"])
        self.assertEqual(parcel_json["scripts"], {"defines": "hello_env.sh"})
        self.assertEqual(parcel_json["components"],
                         [{"name": "hello", "version": "1.0.0", "pkg_version": "1.0.0"}])
        self.assertIs(parcel_json["setActiveSymlink"], True)

        env_script = member_text(el7, "HELLO-1.0.0/meta/hello_env.sh")
        self.assertIn('export HELLO_HOME="${PARCELS_ROOT}/${PARCEL_DIRNAME}"', env_script)
        sourced = subprocess.run(["bash", "-c", "source \"$0\"; echo \"$HELLO_HOME\"", "/dev/stdin"],
                                 input=env_script, capture_output=True, text=True,
                                 env={"PARCELS_ROOT": "/opt/cloudera/parcels", "PARCEL_DIRNAME": "HELLO-1.0.0"})
        self.assertEqual(sourced.stdout, "/opt/cloudera/parcels/HELLO-1.0.0\n")

        # Every name is the same bytes, and each .sha holds the SHA-1 and a newline.
        self.assertEqual(sha1_of(el7), sha1_of(el8))
        for parcel in (el7, el8):
            with open(parcel + ".sha", encoding="ascii") as sha:
                self.assertEqual(sha.read(), sha1_of(parcel) + "\n")

        # One gzip member, no timestamp or name in the header.
        with open(el7, "rb") as data:
            self.assertEqual(data.read(10), bytes.fromhex("1f8b0800000000000003"))

        # GNU tar reads it too, with the same names.
        tar = subprocess.run(["tar", "-tzf", el7], capture_output=True, text=True, check=True,
                             env={"LC_ALL": "C.UTF-8"})
        self.assertEqual([n.rstrip("/") for n in tar.stdout.splitlines()], names)

    def test_same_input_same_bytes(self):
        root = self.make_input()
        self.assertTool(self.build(root, self.path("a")), 0)
        os.utime(os.path.join(root, "bin", "hello"), (1, 1))   # mtimes on disk do not matter
        self.assertTool(self.build(root, self.path("b")), 0)
        first, second = self.path("a", "HELLO-1.0.0-el7.parcel"), self.path("b", "HELLO-1.0.0-el7.parcel")
        self.assertEqual(sha1_of(first), sha1_of(second))

    def test_creation_order_does_not_matter(self):
        trees = []
        for order in (range(30), reversed(range(30))):
            root = self.path("tree%d" % len(trees))
            for i in order:
                write(os.path.join(root, "d%02d" % (i % 7), "f%02d.txt" % i), "file %d\n" % i)
            trees.append(root)
            self.assertTool(self.build(root, root + "-out"), 0)
        self.assertEqual(sha1_of(self.path("tree0-out", "HELLO-1.0.0-el7.parcel")),
                         sha1_of(self.path("tree1-out", "HELLO-1.0.0-el7.parcel")))

    def test_own_output_passes_strict_validation(self):
        root = self.make_input()
        os.link(os.path.join(root, "share", "caf\u00e9.txt"), os.path.join(root, "meta-copy.txt"))
        self.assertTool(self.build(root, self.path("out")), 0)
        result = run_tool("validate", "--strict", self.path("out", "HELLO-1.0.0-el7.parcel"),
                          self.path("out", "HELLO-1.0.0-el8.parcel"))
        self.assertTool(result, 0)
        self.assertEqual(result.stderr, "")

    def test_a_hard_linked_meta_file_is_stored_with_its_data(self):
        root = self.make_input()
        write(os.path.join(root, "meta", "parcel.json"), json.dumps({
            "schema_version": 1, "name": "HELLO", "version": "1.0.0", "setActiveSymlink": True,
            "scripts": {"defines": "hello_env.sh"}, "packages": [], "components": [], "users": {}, "groups": []}))
        write(os.path.join(root, "meta", "hello_env.sh"), "")
        os.link(os.path.join(root, "meta", "parcel.json"), os.path.join(root, "a-copy.json"))
        result = run_tool("build", "--input", root, "--name", "HELLO", "--version", "1.0.0", "--distro", "el7",
                          "--output-dir", self.path("out"))
        self.assertTool(result, 0)
        parcel = self.path("out", "HELLO-1.0.0-el7.parcel")
        kinds = {entry[0]: entry[1] for entry in listing(parcel)}
        self.assertEqual(kinds["HELLO-1.0.0/a-copy.json"], "file")
        self.assertEqual(kinds["HELLO-1.0.0/meta/parcel.json"], "file")
        self.assertEqual(json.loads(member_text(parcel, "HELLO-1.0.0/meta/parcel.json"))["name"], "HELLO")
        self.assertTool(run_tool("validate", "--strict", parcel), 0)

    def test_source_date_epoch_sets_every_mtime(self):
        root = self.make_input()
        self.assertTool(self.build(root, self.path("a"), env={"SOURCE_DATE_EPOCH": "1700000000"}), 0)
        import tarfile
        with tarfile.open(self.path("a", "HELLO-1.0.0-el7.parcel"), "r:gz") as archive:
            self.assertEqual({m.mtime for m in archive.getmembers()}, {1700000000})
        self.assertTool(self.build(root, self.path("b")), 0)
        with tarfile.open(self.path("b", "HELLO-1.0.0-el7.parcel"), "r:gz") as archive:
            self.assertEqual({m.mtime for m in archive.getmembers()}, {315532800})

    def test_input_with_its_own_parcel_json(self):
        root = self.path("own")
        write(os.path.join(root, "meta", "parcel.json"), json.dumps({
            "schema_version": 1, "name": "OWN", "version": "2.0", "setActiveSymlink": False,
            "scripts": {"defines": "own_env.sh"}, "packages": [], "components": [], "users": {}, "groups": []}))
        write(os.path.join(root, "meta", "own_env.sh"), "export OWN_HOME=/x\n")
        result = run_tool("build", "--input", root, "--name", "OWN", "--version", "2.0", "--distro", "el9",
                          "--output-dir", self.path("out"))
        self.assertTool(result, 0)
        parcel = self.path("out", "OWN-2.0-el9.parcel")
        self.assertIs(json.loads(member_text(parcel, "OWN-2.0/meta/parcel.json"))["setActiveSymlink"], False)
        self.assertEqual(member_text(parcel, "OWN-2.0/meta/own_env.sh"), "export OWN_HOME=/x\n")


if __name__ == "__main__":
    unittest.main()
