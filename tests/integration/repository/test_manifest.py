"""parceltool manifest and validate on repository directories: goldens, .sha files, merge, cache, bad inputs."""
import json
import os
import shutil
import subprocess
import unittest

from parceltool_test_support import ToolTestCase, run_tool, sha1_of
from repository_test_support import EPOCH, build_parcel

# make_manifest's form (json.dumps(indent=4, separators=(',', ': ')), ASCII only) plus one newline.
GOLDEN = """{
    "lastUpdated": 1700000000000,
    "parcels": [
        {
            "parcelName": "BAR-2.0-el8.parcel",
            "hash": "%(bar)s",
            "components": [
                {
                    "name": "bar",
                    "version": "2.0",
                    "pkg_version": "2.0"
                }
            ]
        },
        {
            "parcelName": "FOO-1.0-el7.parcel",
            "hash": "%(foo)s",
            "depends": "CDH (>= 5.0)",
            "components": [
                {
                    "name": "foo",
                    "version": "1.0",
                    "pkg_version": "1.0"
                }
            ],
            "releaseNotes": "Caf\\u00e9 release\\nsecond line\\n"
        }
    ]
}
"""


class ManifestTest(ToolTestCase):
    def make_repo(self):
        repo = os.path.join(self.tmp, "repo")
        os.makedirs(repo)
        build_parcel(self.tmp, repo, "FOO", "1.0", ["el7"], depends="CDH (>= 5.0)", notes="Caf\u00e9 release\nsecond line\n")
        build_parcel(self.tmp, repo, "BAR", "2.0", ["el8"])
        for name in os.listdir(repo):
            if name.endswith(".sha"):
                os.remove(os.path.join(repo, name))   # manifest must write them
        return repo

    def golden(self, repo):
        return GOLDEN % {"foo": sha1_of(os.path.join(repo, "FOO-1.0-el7.parcel")),
                         "bar": sha1_of(os.path.join(repo, "BAR-2.0-el8.parcel"))}

    def read(self, path):
        with open(path, encoding="utf-8") as data:
            return data.read()

    def test_golden_manifest_and_sha_files(self):
        repo = self.make_repo()
        result = run_tool("manifest", repo, env=EPOCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assertEqual(self.read(os.path.join(repo, "manifest.json")), self.golden(repo))
        for parcel in ("FOO-1.0-el7.parcel", "BAR-2.0-el8.parcel"):
            self.assertEqual(self.read(os.path.join(repo, parcel + ".sha")), sha1_of(os.path.join(repo, parcel)) + "\n")
        first = self.read(os.path.join(repo, "manifest.json"))
        # Deterministic: a second run (from the cache) writes the same bytes.
        result = run_tool("manifest", "--format", "json", repo, env=EPOCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual((report["parcelsRead"], report["cacheHits"], report["shaFilesWritten"]), (0, 2, []))
        self.assertEqual(self.read(os.path.join(repo, "manifest.json")), first)
        # --output and --last-updated
        other = os.path.join(self.tmp, "other.json")
        result = run_tool("manifest", "--output", other, "--last-updated", "42", repo)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read(other), first.replace("1700000000000", "42"))
        # and the result validates
        result = run_tool("validate", repo)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_mismatching_sha_file_is_an_error_unless_rewritten(self):
        repo = self.make_repo()
        sha = os.path.join(repo, "FOO-1.0-el7.parcel.sha")
        with open(sha, "w") as out:
            out.write("0" * 40 + "\n")
        result = run_tool("manifest", repo, env=EPOCH)
        self.assertEqual(result.returncode, 1)
        self.assertIn("FOO-1.0-el7.parcel.sha: error: holds " + "0" * 40, result.stderr)
        self.assertIn("[sha-file-mismatch]", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(repo, "manifest.json")))
        self.assertFalse(os.path.exists(os.path.join(repo, "BAR-2.0-el8.parcel.sha")))   # nothing written on error
        result = run_tool("manifest", "--rewrite-sha", repo, env=EPOCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read(sha), sha1_of(os.path.join(repo, "FOO-1.0-el7.parcel")) + "\n")
        self.assertEqual(self.read(os.path.join(repo, "manifest.json")), self.golden(repo))

    def test_merge_keeps_entries_of_present_parcels(self):
        repo = self.make_repo()
        self.assertEqual(run_tool("manifest", repo, env=EPOCH).returncode, 0)
        path = os.path.join(repo, "manifest.json")
        manifest = json.loads(self.read(path))
        manifest["parcels"][1]["released"] = 1234            # FOO: a field we never generate
        manifest["parcels"][1]["releaseNotes"] = "edited by hand"
        manifest["parcels"].append(dict(manifest["parcels"][0], parcelName="GONE-1.0-el7.parcel"))
        with open(path, "w") as out:
            json.dump(manifest, out)
        os.remove(os.path.join(repo, "BAR-2.0-el8.parcel"))
        result = run_tool("manifest", "--merge", repo, env=EPOCH)
        self.assertEqual(result.returncode, 0, result.stderr)
        merged = json.loads(self.read(path))
        self.assertEqual([p["parcelName"] for p in merged["parcels"]], ["FOO-1.0-el7.parcel"])
        self.assertEqual(merged["parcels"][0]["released"], 1234)
        self.assertEqual(merged["parcels"][0]["releaseNotes"], "edited by hand")
        # without --merge the entry is made anew
        self.assertEqual(run_tool("manifest", repo, env=EPOCH).returncode, 0)
        fresh = json.loads(self.read(path))
        self.assertNotIn("released", fresh["parcels"][0])
        self.assertEqual(fresh["parcels"][0]["releaseNotes"], "Caf\u00e9 release\nsecond line\n")

    def test_cache_hit_does_not_reread_and_verify_does(self):
        repo = self.make_repo()
        self.assertEqual(run_tool("manifest", repo, env=EPOCH).returncode, 0)
        parcel = os.path.join(repo, "FOO-1.0-el7.parcel")
        old_hash = sha1_of(parcel)
        before = os.stat(parcel)
        # Rewrite the bytes in place: same inode, same size, mtime restored. Byte 9 is
        # the gzip header's OS field, so the parcel stays valid and only its hash changes.
        with open(parcel, "r+b") as data:
            data.seek(9)
            os_byte = data.read(1)[0]
            data.seek(9)
            data.write(bytes([os_byte ^ 0x01]))
        os.utime(parcel, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = os.stat(parcel)
        self.assertEqual((after.st_ino, after.st_size, after.st_mtime_ns), (before.st_ino, before.st_size, before.st_mtime_ns))
        self.assertNotEqual(sha1_of(parcel), old_hash)
        cached = run_tool("manifest", "--format", "json", repo, env=EPOCH)
        self.assertEqual(cached.returncode, 0, cached.stderr)
        report = json.loads(cached.stdout)
        self.assertEqual((report["parcelsRead"], report["cacheHits"]), (0, 2))
        self.assertEqual(report["manifest"]["parcels"][1]["hash"], old_hash)   # the cache answered, not the file
        new_hash = sha1_of(parcel)
        verified = run_tool("manifest", "--verify", repo, env=EPOCH)
        self.assertEqual(verified.returncode, 1)
        self.assertEqual(verified.stderr, "parceltool: %s:FOO-1.0-el7.parcel.sha: error: holds %s, but the SHA-1 of "
                         "FOO-1.0-el7.parcel is %s (--rewrite-sha replaces it) [sha-file-mismatch]\n"
                         % (repo, old_hash, new_hash))
        # validate never trusts the cache either
        checked = run_tool("validate", "--format", "json", repo)
        self.assertEqual(checked.returncode, 1)
        self.assertEqual(sorted(d["code"] for d in json.loads(checked.stdout)[0]["diagnostics"]),
                         ["manifest-hash-mismatch", "sha-file-mismatch"])

    def test_touched_parcel_is_read_again(self):
        repo = self.make_repo()
        self.assertEqual(run_tool("manifest", repo, env=EPOCH).returncode, 0)
        os.utime(os.path.join(repo, "BAR-2.0-el8.parcel"), ns=(1, 1))
        report = json.loads(run_tool("manifest", "--format", "json", repo, env=EPOCH).stdout)
        self.assertEqual((report["parcelsRead"], report["cacheHits"]), (1, 1))

    def test_bad_inputs_are_errors_naming_the_parcel(self):
        repo = self.make_repo()
        foo = os.path.join(repo, "FOO-1.0-el7.parcel")
        with open(foo, "rb") as data:
            content = data.read()
        with open(os.path.join(repo, "FOO-1.0-el8.parcel"), "wb") as out:
            out.write(content[: len(content) // 2])                  # truncated
        shutil.copy(foo, os.path.join(repo, "FOO-1.1-el7.parcel"))   # name does not match its top folder
        result = run_tool("manifest", repo, env=EPOCH)
        self.assertEqual(result.returncode, 1)
        lines = result.stderr.splitlines()
        self.assertTrue(any(l.startswith("parceltool: %s:FOO-1.0-el8.parcel: error: " % repo) and
                            l.endswith("[archive-unreadable]") for l in lines), result.stderr)
        self.assertIn("parceltool: %s:FOO-1.1-el7.parcel: error: unexpected top-level entries 'FOO-1.0'; "
                      "the only valid top-level directory is 'FOO-1.1' [unexpected-top-level]" % repo, lines)
        self.assertFalse(os.path.exists(os.path.join(repo, "manifest.json")))

    def test_empty_directory_and_missing_directory(self):
        empty = os.path.join(self.tmp, "empty")
        os.makedirs(empty)
        result = run_tool("manifest", empty)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr, "parceltool: %s: error: holds no *.parcel file; a manifest without "
                         "parcels is refused [repository-empty]\n" % empty)
        result = run_tool("manifest", os.path.join(self.tmp, "nope"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("is not a directory", result.stderr)
        self.assertEqual(run_tool("manifest").returncode, 2)
        bad_epoch = run_tool("manifest", empty, env={"SOURCE_DATE_EPOCH": "yesterday"})
        self.assertEqual(bad_epoch.returncode, 1)
        self.assertIn("SOURCE_DATE_EPOCH 'yesterday'", bad_epoch.stderr)

    def test_validate_repository(self):
        repo = self.make_repo()
        self.assertEqual(run_tool("manifest", repo, env=EPOCH).returncode, 0)
        path = os.path.join(repo, "manifest.json")
        manifest = json.loads(self.read(path))
        manifest["parcels"][0]["hash"] = "1" * 40
        manifest["parcels"][1]["depends"] = "OTHER"
        manifest["parcels"].append(dict(manifest["parcels"][0], parcelName="GONE-1.0-el7.parcel"))
        with open(path, "w") as out:
            json.dump(manifest, out)
        with open(os.path.join(repo, "FOO-1.0-el7.parcel.sha"), "w") as out:
            out.write("2" * 40 + "\n")
        os.remove(os.path.join(repo, "BAR-2.0-el8.parcel.sha"))
        result = run_tool("validate", "--format", "json", repo)
        self.assertEqual(result.returncode, 1)
        found = sorted((d["severity"], d.get("member", ""), d["pointer"], d["code"])
                       for d in json.loads(result.stdout)[0]["diagnostics"])
        self.assertEqual(found, [
            ("error", "FOO-1.0-el7.parcel.sha", "", "sha-file-mismatch"),
            ("error", "manifest.json", "/parcels/0/hash", "manifest-hash-mismatch"),
            ("error", "manifest.json", "/parcels/1/depends", "manifest-entry-differs"),
            ("error", "manifest.json", "/parcels/2/parcelName", "manifest-parcel-missing"),
            ("warning", "BAR-2.0-el8.parcel.sha", "", "sha-file-missing"),
        ])
        os.remove(path)
        result = run_tool("validate", repo)
        self.assertEqual(result.returncode, 1)
        self.assertIn("manifest.json: error: is missing; 'parceltool manifest' writes it [manifest-missing]", result.stderr)


@unittest.skipUnless(os.environ.get("PARCEL_MAKE_MANIFEST"),
                     "PARCEL_MAKE_MANIFEST is not set: the interop test with Cloudera's make_manifest is skipped")
class MakeManifestInteropTest(ToolTestCase):
    def test_same_json_as_make_manifest(self):
        script = os.environ["PARCEL_MAKE_MANIFEST"]
        repo = os.path.join(self.tmp, "repo")
        os.makedirs(repo)
        build_parcel(self.tmp, repo, "FOO", "1.0", ["el7", "jammy"], depends="CDH (>= 5.0)", notes="notes \u00e9\n")
        build_parcel(self.tmp, repo, "BAR", "2.0", ["el8"])
        theirs_dir = os.path.join(self.tmp, "theirs")
        shutil.copytree(repo, theirs_dir)
        subprocess.run(["python3", script, theirs_dir], check=True, capture_output=True)
        with open(os.path.join(theirs_dir, "manifest.json"), encoding="utf-8") as data:
            theirs = json.load(data)
        self.assertEqual(run_tool("manifest", repo, env=EPOCH).returncode, 0)
        with open(os.path.join(repo, "manifest.json"), encoding="utf-8") as data:
            ours = json.load(data)
        theirs["parcels"].sort(key=lambda p: p["parcelName"])
        theirs["lastUpdated"] = ours["lastUpdated"]
        self.assertEqual(ours, theirs)


if __name__ == "__main__":
    unittest.main()
