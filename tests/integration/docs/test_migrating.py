"""docs/migrating.md: the script and the CMake project it shows are the files of migrating/;
run side by side, they produce parcels with the same entries and metadata and CSD jars with
the same files, and the differences the page claims (owner, order, time stamps, determinism,
incremental builds, the jar's executable bit) are real."""
import json
import os
import shutil
import stat
import subprocess
import tarfile
import tempfile
import time
import unittest
import zipfile

from docs_support import PARCELTOOL, TOP, code_blocks, read, run

EXAMPLE = os.path.join(TOP, "tests", "integration", "docs", "migrating")
BUILD_DIR = os.environ.get("PARCEL_BUILD_DIR", "")
GENERATOR = os.environ.get("PARCEL_CMAKE_GENERATOR", "Ninja")
CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
MAKE_MANIFEST = os.environ.get("PARCEL_MAKE_MANIFEST", "")
EPOCH = "1700000000"
DISTROS = ("el7", "el8")


def sha1(path):
    import hashlib
    with open(path, "rb") as data:
        return hashlib.sha1(data.read()).hexdigest()


def entries(parcel):
    """{name: (type, mode, size, content)} and the member objects in archive order."""
    result, members = {}, []
    with tarfile.open(parcel, "r:gz") as archive:
        for member in archive.getmembers():
            members.append(member)
            content = archive.extractfile(member).read() if member.isfile() else None
            result[member.name.rstrip("/")] = (member.type, member.mode, member.size, content)
    return result, members


def exports(script_text):
    return sorted(line for line in script_text.decode().splitlines() if line.startswith("export "))


def jar_files(jar):
    with zipfile.ZipFile(jar) as archive:
        return {info.filename: (archive.read(info), info.external_attr >> 16)
                for info in archive.infolist() if not info.filename.endswith("/")}


class MigratingTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="docs-migrating-")
        cls.src = os.path.join(cls.tmp, "src")
        shutil.copytree(EXAMPLE, cls.src, symlinks=True)
        # the script, as written; the make_manifest line only when Cloudera's script is at hand
        with open(os.path.join(EXAMPLE, "build_parcel.sh"), encoding="utf-8") as script:
            lines = script.read().splitlines(keepends=True)
        manifest_line = 'python3 "$CM_EXT/make_manifest/make_manifest.py" out/repo\n'
        assert manifest_line in lines, "the script no longer runs make_manifest.py as the test expects"
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        if MAKE_MANIFEST:
            env["CM_EXT"] = os.path.dirname(os.path.dirname(os.path.abspath(MAKE_MANIFEST)))
        else:
            lines.remove(manifest_line)
            print("PARCEL_MAKE_MANIFEST is not set: the script's make_manifest.py step is skipped")
        cls.script = os.path.join(cls.src, "run_script.sh")
        with open(cls.script, "w", encoding="utf-8") as out:
            out.writelines(lines)
        cls.script_env = env
        cls.run_script()
        cls.first_script_sha = sha1(os.path.join(cls.src, "out", "repo", "HELLO-1.0.0-el7.parcel"))

        # the CMake project, against an installed cmake-parcel
        prefix = os.path.join(cls.tmp, "prefix")
        cls.check(run(CMAKE, "--install", BUILD_DIR, "--prefix", prefix))
        cls.build = os.path.join(cls.tmp, "build")
        cmake_env = {"SOURCE_DATE_EPOCH": EPOCH}
        cls.check(run(CMAKE, "-S", cls.src, "-B", cls.build, "-G", GENERATOR,
                      "-DCMAKE_PREFIX_PATH=" + prefix, env=cmake_env))
        cls.check(run(CMAKE, "--build", cls.build, "--target", "parcel", env=cmake_env))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    @staticmethod
    def check(result):
        if result.returncode != 0:
            raise AssertionError("%s\n%s" % (result.stdout[-3000:], result.stderr[-3000:]))

    @classmethod
    def run_script(cls):
        cls.check(run("bash", cls.script, env=cls.script_env, cwd=cls.src))

    def script_parcel(self, distro):
        return os.path.join(self.src, "out", "repo", "HELLO-1.0.0-%s.parcel" % distro)

    def cmake_parcel(self, distro):
        return os.path.join(self.build, "parcels", "HELLO-1.0.0-%s.parcel" % distro)

    def test_the_page_shows_the_tested_files(self):
        page = read("docs", "migrating.md")
        for name, language in (("build_parcel.sh", "sh"), ("CMakeLists.txt", "cmake")):
            with open(os.path.join(EXAMPLE, name), encoding="utf-8") as text:
                self.assertIn(text.read(), code_blocks(page, language), name)

    def test_same_entries_and_metadata(self):
        for distro in DISTROS:
            with self.subTest(distro=distro):
                theirs, _ = entries(self.script_parcel(distro))
                ours, _ = entries(self.cmake_parcel(distro))
                self.assertIn("HELLO-1.0.0/bin/hello", ours)
                self.assertEqual(sorted(ours), sorted(theirs))
                meta = "HELLO-1.0.0/meta/"
                for name in ours:
                    if name.startswith(meta) and name != meta.rstrip("/"):
                        continue
                    self.assertEqual(ours[name], theirs[name], name)
                for name in ("parcel.json", "alternatives.json"):
                    self.assertEqual(json.loads(ours[meta + name][3]), json.loads(theirs[meta + name][3]), name)
                env = meta + "hello_env.sh"
                self.assertEqual(exports(ours[env][3]), exports(theirs[env][3]))
                self.assertEqual(exports(ours[env][3]), ['export HELLO_HOME="${PARCELS_ROOT}/${PARCEL_DIRNAME}"'])
                with open(self.cmake_parcel(distro) + ".sha", encoding="utf-8") as sha:
                    self.assertEqual(sha.read(), sha1(self.cmake_parcel(distro)) + "\n")

    def test_both_parcels_validate(self):
        for parcel in [self.script_parcel(d) for d in DISTROS] + [self.cmake_parcel(d) for d in DISTROS]:
            result = run(PARCELTOOL, "validate", "--strict", parcel)
            self.assertEqual(result.returncode, 0, result.stderr)

    def test_the_cmake_parcels_are_normalised(self):
        _, members = entries(self.cmake_parcel("el7"))
        self.assertEqual([m.name for m in members], sorted(m.name for m in members))
        for member in members:
            self.assertEqual((member.uid, member.gid, member.uname, member.gname), (0, 0, "root", "root"), member.name)
            self.assertEqual(member.mtime, int(EPOCH), member.name)
        _, theirs = entries(self.script_parcel("el7"))
        self.assertTrue(any(member.mtime != int(EPOCH) for member in theirs))
        self.assertEqual(sha1(self.cmake_parcel("el7")), sha1(self.cmake_parcel("el8")))

    def test_determinism_and_incremental_builds(self):
        parcel = self.cmake_parcel("el7")
        outputs = [parcel, parcel + ".sha", os.path.join(self.build, "hello_repo", "manifest.json"),
                   os.path.join(self.build, "HELLO-1.0.0.jar")]
        stamps = [os.stat(path).st_mtime_ns for path in outputs]
        before = (os.stat(parcel).st_mtime_ns, sha1(parcel))
        self.check(run(CMAKE, "--build", self.build, "--target", "parcel", env={"SOURCE_DATE_EPOCH": EPOCH}))
        self.assertEqual([os.stat(path).st_mtime_ns for path in outputs], stamps, "a build with nothing changed")
        os.remove(parcel)
        self.check(run(CMAKE, "--build", self.build, "--target", "parcel", env={"SOURCE_DATE_EPOCH": EPOCH}))
        self.assertEqual(sha1(parcel), before[1], "a rebuild gives the same bytes")
        time.sleep(1.1)
        type(self).run_script()
        self.assertNotEqual(sha1(self.script_parcel("el7")), self.first_script_sha,
                            "the script's parcels change from one run to the next")

    def test_repositories(self):
        repo = os.path.join(self.build, "hello_repo")
        result = run(PARCELTOOL, "validate", "--strict", repo)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(repo, "manifest.json"), encoding="utf-8") as text:
            ours = json.load(text)
        self.assertEqual(sorted(p["parcelName"] for p in ours["parcels"]),
                         ["HELLO-1.0.0-el7.parcel", "HELLO-1.0.0-el8.parcel"])
        if not MAKE_MANIFEST:
            self.skipTest("PARCEL_MAKE_MANIFEST is not set: no make_manifest.py manifest to compare with")
        with open(os.path.join(self.src, "out", "repo", "manifest.json"), encoding="utf-8") as text:
            theirs = json.load(text)
        for manifest in (ours, theirs):
            manifest.pop("lastUpdated")
            manifest["parcels"].sort(key=lambda p: p["parcelName"])
            for entry in manifest["parcels"]:
                entry.pop("hash")
        self.assertEqual(ours, theirs)

    def test_same_csd_files_and_the_executable_bit(self):
        theirs = jar_files(os.path.join(self.src, "out", "HELLO-1.0.0.jar"))
        ours = jar_files(os.path.join(self.build, "HELLO-1.0.0.jar"))
        self.assertEqual(sorted(ours), sorted(theirs))
        self.assertEqual(sorted(ours), ["META-INF/MANIFEST.MF", "descriptor/service.sdl", "scripts/control.sh"])
        for name in ("descriptor/service.sdl", "scripts/control.sh"):
            self.assertEqual(ours[name][0], theirs[name][0], name)
        self.assertIn(b'"version": "1.0.0"', ours["descriptor/service.sdl"][0])
        self.assertTrue(ours["scripts/control.sh"][1] & stat.S_IXUSR)
        self.assertEqual(run(PARCELTOOL, "validate", "--strict", os.path.join(self.build, "HELLO-1.0.0.jar")).returncode, 0)
        result = run(PARCELTOOL, "validate", "--strict", os.path.join(self.src, "out", "HELLO-1.0.0.jar"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("[script-not-executable]", result.stderr)


if __name__ == "__main__":
    unittest.main()
