"""samples/mlserver/README.md, run as written: every ```sh block in order, in one
bash with `set -euo pipefail`, in a scratch folder, with a real nginx on
127.0.0.1 as the parcel repository. Then the results are read back: the shown
outputs, the parcels, their metadata, the CSD jar, the Cloudera Manager host's
folders, the published repository and the emulated host."""
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

import markdown_walkthrough

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "repository"))
from repository_test_support import Nginx  # noqa: E402  (the repository tests' nginx, reused)

SOURCE_DIR = os.environ["PARCEL_SOURCE_DIR"]
README = os.path.join(SOURCE_DIR, "samples", "mlserver", "README.md")

# The README's shape: a block added or turned into a skipped one must be noticed here.
RUN_BLOCKS = 23
SHOWN_OUTPUTS = 12      # ```text blocks, each compared with the output of the block before it
SKIPPED_BLOCKS = 3      # scp to the CM host, chown + restart there, the CM API calls

RUNTIME_ENTRIES = [
    ("MLServer-9.2.1", "dir", 0o755),
    ("MLServer-9.2.1/bin", "dir", 0o755),
    ("MLServer-9.2.1/bin/Revo64", "file", 0o755),
    ("MLServer-9.2.1/bin/mlserver", "file", 0o755),
    ("MLServer-9.2.1/etc", "dir", 0o755),
    ("MLServer-9.2.1/etc/mlserver", "dir", 0o755),
    ("MLServer-9.2.1/etc/mlserver/Rprofile.site", "file", 0o644),
    ("MLServer-9.2.1/etc/mlserver/mlserver.conf", "file", 0o644),
    ("MLServer-9.2.1/meta", "dir", 0o755),
    ("MLServer-9.2.1/meta/alternatives.json", "file", 0o644),
    ("MLServer-9.2.1/meta/filelist.json", "file", 0o644),
    ("MLServer-9.2.1/meta/mlserver_env.sh", "file", 0o644),
    ("MLServer-9.2.1/meta/parcel.json", "file", 0o644),
    ("MLServer-9.2.1/meta/permissions.json", "file", 0o644),
]
PYTHON_ENTRIES = [
    ("MLServer-9.2.1/bin/mlserver-python", "file", 0o755),
    ("MLServer-9.2.1/lib", "dir", 0o755),
    ("MLServer-9.2.1/lib/python", "dir", 0o755),
    ("MLServer-9.2.1/lib/python/mlserver_mml", "dir", 0o755),
    ("MLServer-9.2.1/lib/python/mlserver_mml/__init__.py", "file", 0o644),
    ("MLServer-9.2.1/lib/python/mlserver_mml/__main__.py", "file", 0o644),
]
# parcel.json's components, from the RPM headers (version, then version-release).
COMPONENTS = [
    {"name": "microsoft-r-open-mro-3.4.1", "version": "3.4.1", "pkg_version": "3.4.1-1", "pkg_release": "1"},
    {"name": "microsoft-mlserver-packages-r-9.2.1", "version": "9.2.1", "pkg_version": "9.2.1-1", "pkg_release": "1"},
]
ENV_EXPORTS = [
    'export MLSERVER_HOME="${PARCELS_ROOT}/${PARCEL_DIRNAME}"',
    'export PATH="${PARCELS_ROOT}/${PARCEL_DIRNAME}/bin:$PATH"',
]
PYTHONPATH_EXPORT = 'export PYTHONPATH="${PARCELS_ROOT}/${PARCEL_DIRNAME}/lib/python${PYTHONPATH:+:$PYTHONPATH}"'


def sha1_of(path):
    with open(path, "rb") as data:
        return hashlib.sha1(data.read()).hexdigest()


def entries(parcel):
    kinds = {tarfile.DIRTYPE: "dir", tarfile.REGTYPE: "file"}
    with tarfile.open(parcel, "r:gz") as archive:
        return [(m.name, kinds.get(m.type, "other"), m.mode) for m in archive.getmembers()]


def member_text(parcel, name):
    with tarfile.open(parcel, "r:gz") as archive:
        return archive.extractfile(name).read().decode("utf-8")


def sdl_of(jar):
    """The jar's service.sdl as JSON (its whole-line // comments dropped)."""
    with zipfile.ZipFile(jar) as archive:
        text = archive.read("descriptor/service.sdl").decode("utf-8")
    return json.loads(re.sub(r"(?m)^\s*//.*$", "", text))


class MLServerWalkthroughTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(README, encoding="utf-8") as readme:
            cls.steps, cls.skipped = markdown_walkthrough.walkthrough(readme.read())
        cls._tmp = tempfile.TemporaryDirectory(prefix="mlserver-walkthrough-")
        cls.work = os.path.join(cls._tmp.name, "work")
        os.makedirs(cls.work)
        cls.nginx = Nginx(os.path.join(cls._tmp.name, "nginx")).start()
        tool_dirs = [os.path.dirname(os.environ["PARCELTOOL"]), os.path.dirname(os.environ["CMAKE_COMMAND"])]
        env = dict(os.environ, CMAKE_PARCEL=SOURCE_DIR, LC_ALL="C",
                   PATH=os.pathsep.join(tool_dirs + [os.environ["PATH"]]),
                   CMAKE_GENERATOR=os.environ["PARCEL_CMAKE_GENERATOR"],
                   CM_HOST_ROOT=os.path.join(cls._tmp.name, "cm-host"),
                   PARCEL_REPO_URL=cls.nginx.url("mlserver"))
        for name in ("SOURCE_DATE_EPOCH", "CMAKE_PREFIX_PATH", "PYTHONPATH"):
            env.pop(name, None)
        try:
            run = subprocess.run(["bash", "-c", markdown_walkthrough.script(cls.steps)], cwd=cls.work, env=env,
                                 capture_output=True, text=True, timeout=800)
        finally:
            cls.nginx.stop()
        if run.returncode != 0:
            cls._tmp.cleanup()
            raise AssertionError("the walkthrough stopped with exit code %d (the last marker names the step):\n"
                                 "stdout (end):\n%s\nstderr (end):\n%s"
                                 % (run.returncode, run.stdout[-3000:], run.stderr[-5000:]))
        cls.outputs = markdown_walkthrough.outputs_by_step(run.stdout)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def parcel(self, build="build", version="9.2.1"):
        return self.path(build, "parcels", "MLServer-%s-el7.parcel" % version)

    def test_every_block_is_run_or_counted_as_skipped(self):
        self.assertEqual(len(self.steps), RUN_BLOCKS)
        self.assertEqual([block.language for block in self.skipped], ["console"] * SKIPPED_BLOCKS)
        self.assertEqual(len(self.outputs), RUN_BLOCKS)

    def test_each_shown_output_is_what_its_block_printed(self):
        shown = [(step, output) for step, output in zip(self.steps, self.outputs) if step.expected_output is not None]
        self.assertEqual(len(shown), SHOWN_OUTPUTS)
        for step, output in shown:
            with self.subTest(line=step.command.line):
                self.assertEqual(output, step.expected_output)

    def test_host_exec_sees_the_upgrade_and_the_rollback(self):
        versions = [output.splitlines()[0] for step, output in zip(self.steps, self.outputs)
                    if "exec MLServer -- mlserver --version" in step.command.text]
        self.assertEqual(versions, ["9.2.1", "9.2.2", "9.2.1"])

    def test_parcel_listing_with_and_without_the_python_component(self):
        self.assertEqual(entries(self.parcel()), RUNTIME_ENTRIES)
        self.assertEqual(entries(self.parcel("build-mml")), sorted(RUNTIME_ENTRIES + PYTHON_ENTRIES))
        upgraded = [(name.replace("9.2.1", "9.2.2"), kind, mode) for name, kind, mode in RUNTIME_ENTRIES]
        self.assertEqual(entries(self.parcel("build-9.2.2", "9.2.2")), upgraded)

    def test_parcel_metadata(self):
        meta = json.loads(member_text(self.parcel(), "MLServer-9.2.1/meta/parcel.json"))
        self.assertEqual((meta["name"], meta["version"], meta["provides"]), ("MLServer", "9.2.1", ["mlserver"]))
        # From the RPM headers, the way CDH's parcel.json lists its packages.
        self.assertEqual(meta["packages"], [{"name": "microsoft-r-open-mro-3.4.1", "version": "3.4.1"},
                                            {"name": "microsoft-mlserver-packages-r-9.2.1", "version": "9.2.1"}])
        self.assertEqual(meta["components"], COMPONENTS)
        filelist = json.loads(member_text(self.parcel(), "MLServer-9.2.1/meta/filelist.json"))
        self.assertEqual(filelist, {
            "microsoft-r-open-mro-3.4.1": ["bin", "bin/Revo64", "etc", "etc/mlserver", "etc/mlserver/Rprofile.site"],
            "microsoft-mlserver-packages-r-9.2.1": ["bin/mlserver", "etc/mlserver/mlserver.conf"]})
        self.assertEqual(meta["users"], {"mlserver": {"longname": "ML Server", "home": "/var/lib/mlserver",
                                                      "shell": "/sbin/nologin", "extra_groups": []}})
        self.assertEqual(meta["scripts"], {"defines": "mlserver_env.sh"})
        alternatives = json.loads(member_text(self.parcel(), "MLServer-9.2.1/meta/alternatives.json"))
        self.assertEqual(alternatives, {"mlserver": {"destination": "/usr/bin/mlserver", "source": "bin/mlserver",
                                                     "priority": 10, "isDirectory": False}})
        permissions = json.loads(member_text(self.parcel(), "MLServer-9.2.1/meta/permissions.json"))
        self.assertEqual(permissions, {"etc/mlserver/mlserver.conf":
                                       {"user": "mlserver", "group": "mlserver", "permissions": "0640"}})
        self.assertIn("port = 12800\n", member_text(self.parcel(), "MLServer-9.2.1/etc/mlserver/mlserver.conf"))

    def test_the_python_component_changes_components_and_env_script(self):
        def exports(build):
            script = member_text(self.parcel(build), "MLServer-9.2.1/meta/mlserver_env.sh")
            return [line for line in script.splitlines() if line.startswith("export ")]

        self.assertEqual(exports("build"), ENV_EXPORTS)
        self.assertEqual(exports("build-mml"), ENV_EXPORTS + [PYTHONPATH_EXPORT])
        meta = json.loads(member_text(self.parcel("build-mml"), "MLServer-9.2.1/meta/parcel.json"))
        self.assertEqual([(c["name"], c["version"]) for c in meta["components"]],
                         [("microsoft-r-open-mro-3.4.1", "3.4.1"), ("microsoft-mlserver-packages-r-9.2.1", "9.2.1"),
                          ("microsoft-mlserver-packages-py-9.2.1", "9.2.1"),
                          ("microsoft-mlserver-mml-py-9.2.1", "9.2.1")])
        init = member_text(self.parcel("build-mml"), "MLServer-9.2.1/lib/python/mlserver_mml/__init__.py")
        self.assertIn('__version__ = "9.2.1"\n', init)

    def test_csd_jar(self):
        jar = self.path("build", "csd", "MLSERVER-9.2.1.jar")
        with zipfile.ZipFile(jar) as archive:
            listing = [(info.filename, info.external_attr >> 16) for info in archive.infolist()]
        self.assertEqual(listing, [("META-INF/MANIFEST.MF", 0o100644), ("descriptor/service.sdl", 0o100644),
                                   ("scripts/control.sh", 0o100755)])
        sdl = sdl_of(jar)
        self.assertEqual((sdl["name"], sdl["version"], sdl["parcel"]), ("MLSERVER", "9.2.1", {"requiredTags": ["mlserver"]}))
        self.assertEqual([role["name"] for role in sdl["roles"]], ["MLSERVER_SERVER"])
        self.assertEqual(sdl["roles"][0]["parameters"][0]["default"], 12800)
        self.assertEqual(sdl_of(self.path("build-9.2.2", "csd", "MLSERVER-9.2.2.jar"))["version"], "9.2.2")

    def test_files_installed_on_the_cloudera_manager_host(self):
        root = os.path.join(self._tmp.name, "cm-host", "opt", "cloudera")
        self.assertEqual(sorted(os.listdir(os.path.join(root, "parcel-repo"))),
                         ["MLServer-9.2.1-el7.parcel", "MLServer-9.2.1-el7.parcel.sha"])
        repo = os.path.join(root, "parcel-repo", "MLServer-9.2.1-el7.parcel")
        self.assertEqual(sha1_of(repo), sha1_of(self.parcel()))
        with open(repo + ".sha", encoding="ascii") as sha:
            self.assertEqual(sha.read(), sha1_of(self.parcel()) + "\n")
        self.assertEqual(os.listdir(os.path.join(root, "csd")), ["MLSERVER-9.2.1.jar"])
        self.assertEqual(sha1_of(os.path.join(root, "csd", "MLSERVER-9.2.1.jar")),
                         sha1_of(self.path("build", "csd", "MLSERVER-9.2.1.jar")))

    def test_published_repository_and_fetched_parcel(self):
        served = os.path.join(self.nginx.root, "mlserver")
        self.assertEqual(sorted(os.listdir(served)),
                         ["MLServer-9.2.1-el7.parcel", "MLServer-9.2.1-el7.parcel.sha", "manifest.json"])
        with open(os.path.join(served, "manifest.json"), encoding="utf-8") as manifest:
            parcels = json.load(manifest)["parcels"]
        self.assertEqual([(p["parcelName"], p["hash"]) for p in parcels],
                         [("MLServer-9.2.1-el7.parcel", sha1_of(self.parcel()))])
        self.assertEqual(parcels[0]["components"], COMPONENTS)
        self.assertEqual(self.nginx.requests("PUT", "/mlserver/manifest.json"), 1)
        self.assertEqual(sha1_of(self.path("fetched", "MLServer-9.2.1-el7.parcel")), sha1_of(self.parcel()))

    def test_emulated_host_is_empty_after_the_removal(self):
        with open(self.path("host", "state.json"), encoding="utf-8") as state:
            self.assertEqual(json.load(state)["parcels"], [])
        self.assertEqual(os.listdir(self.path("host", "parcels")), [])


if __name__ == "__main__":
    unittest.main()
