"""docs/ci/github-actions.yml and docs/ci/gitlab-ci.yml: valid YAML, every parceltool command
and option they use exists according to --help, every Debian package they install exists, and
their shell steps, run in order against a copy of samples/hello, build, validate, test and
publish the parcels to a real nginx on 127.0.0.1 with credentials from PARCELTOOL_HTTP_*.

Two things are not run as written: the apt-get step (the packages must be installed here, which
the test checks with dpkg-query), and the build of cmake-parcel from the submodule, which would
compile the whole tool again; the test installs the already built tree instead (cmake --install
of PARCEL_BUILD_DIR to the same prefix) after checking those lines are the expected ones."""
import glob
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

from docs_support import DOCS, TOP, run, tool_help

sys.path[:0] = [os.path.join(TOP, "tests", "integration", d) for d in ("repository", "cli")]
from repository_test_support import Nginx  # noqa: E402

GITHUB = os.path.join(DOCS, "ci", "github-actions.yml")
GITLAB = os.path.join(DOCS, "ci", "gitlab-ci.yml")
BUILD_DIR = os.environ.get("PARCEL_BUILD_DIR", "")

# The lines that build cmake-parcel from the submodule, in both files.
CMAKE_PARCEL_BUILD = [
    'cmake -S third_party/cmake-parcel -B build/cmake-parcel -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARCEL_BUILD_TESTS=OFF',
    'cmake --build build/cmake-parcel',
    'cmake --install build/cmake-parcel --prefix "$PWD/build/prefix"',
]


def load(path):
    with open(path, encoding="utf-8") as text:
        return yaml.safe_load(text)


def github_steps():
    workflow = load(GITHUB)
    (job,) = workflow["jobs"].values()
    return workflow, job, job["steps"]


def gitlab_jobs():
    pipeline = load(GITLAB)
    jobs = {}
    for name, job in pipeline.items():
        if not isinstance(job, dict) or name.startswith(".") or "script" not in job:
            continue
        merged = dict(pipeline[job["extends"]]) if "extends" in job else {}
        merged.update(job)
        jobs[name] = merged
    return pipeline, jobs


def shell_lines(script):
    """The commands of a shell script, with '\\' continuations joined."""
    return [line.strip() for line in script.replace("\\\n", " ").splitlines() if line.strip()]


def all_scripts():
    _, _, steps = github_steps()
    scripts = [step["run"] for step in steps if "run" in step]
    _, jobs = gitlab_jobs()
    for job in jobs.values():
        scripts += job.get("before_script", []) + job["script"]
    return scripts


def parceltool_calls(script):
    """[(command words, options)] of every parceltool command line of a script."""
    calls = []
    for line in shell_lines(script):
        words = shlex.split(line)
        if not words or os.path.basename(words[0]) != "parceltool":
            continue
        command = [words[1]]
        if words[1] in ("csd", "host"):
            command.append(next(w for w in words[2:] if not w.startswith("-") and w not in ("--root",)))
        calls.append((command, [w.split("=")[0] for w in words[2:] if w.startswith("--")]))
    return calls


def help_option_names(text):
    names = set()
    if "Options:" in text.splitlines():
        for line in text.splitlines()[text.splitlines().index("Options:") + 1:]:
            match = re.match(r"^  (--[a-z-]+)", line)
            if not match:
                break
            names.add(match.group(1))
    return names


class CiExamplesStaticTest(unittest.TestCase):

    def test_yaml_shapes(self):
        workflow, job, steps = github_steps()
        self.assertIn("push", workflow[True])          # YAML 1.1 reads the key `on` as true
        self.assertEqual(job["container"], "debian:12")
        self.assertEqual([s["uses"] for s in steps if "uses" in s],
                         ["actions/checkout@v4", "actions/upload-artifact@v4"])
        pipeline, jobs = gitlab_jobs()
        self.assertEqual(pipeline["stages"], ["build", "publish"])
        self.assertEqual(set(jobs), {"parcels", "publish"})
        self.assertEqual(jobs["publish"]["needs"], ["parcels"])
        self.assertEqual(jobs["parcels"]["artifacts"]["paths"], ["build/project/parcels/"])

    def test_every_parceltool_command_and_option_exists(self):
        calls = [call for script in all_scripts() for call in parceltool_calls(script)]
        used = {tuple(command) for command, _ in calls}
        self.assertEqual(used, {("manifest",), ("validate",), ("publish",)})
        commands = re.findall(r"^  (\S+)\s", tool_help().split("Commands:")[1], flags=re.M)
        for command, options in calls:
            self.assertIn(command[0], commands)
            known = help_option_names(tool_help(*command))
            for option in options:
                self.assertIn(option, known, "parceltool %s has no option %s" % (" ".join(command), option))

    def test_the_packages_exist_and_the_cmake_parcel_build_is_the_expected_one(self):
        _, _, steps = github_steps()
        _, jobs = gitlab_jobs()
        installs = [steps[0]["run"]] + ["\n".join(job["before_script"]) for job in jobs.values()]
        for script in installs:
            line = next(l for l in shell_lines(script) if l.startswith("apt-get install"))
            packages = [w for w in line.split()[2:] if not w.startswith("-")]
            self.assertIn("libisal-dev", packages)
            for package in packages:
                status = run("dpkg-query", "-W", "-f=${Status}", package).stdout
                self.assertEqual(status, "install ok installed", package)
        builds = [shell_lines(s["run"]) for s in steps if s.get("name") == "Build and install cmake-parcel"]
        self.assertEqual(builds[0][:3], CMAKE_PARCEL_BUILD)
        for job in jobs.values():
            self.assertEqual(job["before_script"][2:5], CMAKE_PARCEL_BUILD)
        with open(os.path.join(TOP, "CMakeLists.txt"), encoding="utf-8") as top:
            self.assertRegex(top.read(), r"option\(PARCEL_BUILD_TESTS\b")


class CiExamplesRunTest(unittest.TestCase):
    """Runs the shell steps against a copy of samples/hello laid out as a user's project."""

    def setUp(self):
        self.assertTrue(os.path.isfile(os.path.join(BUILD_DIR, "cmake_install.cmake")),
                        "PARCEL_BUILD_DIR must name cmake-parcel's build tree")
        self.tmp = tempfile.mkdtemp(prefix="docs-ci-")
        self.project = os.path.join(self.tmp, "project")
        shutil.copytree(os.path.join(TOP, "samples", "hello"), self.project)
        os.makedirs(os.path.join(self.project, "third_party"))
        os.symlink(TOP, os.path.join(self.project, "third_party", "cmake-parcel"))
        self.nginx = Nginx(os.path.join(self.tmp, "nginx")).start()

    def tearDown(self):
        self.nginx.stop()
        shutil.rmtree(self.tmp)

    def shell(self, script, env):
        """Runs script as the CI runner would (bash -e -o pipefail), cmake-parcel's build replaced."""
        lines = []
        for line in shell_lines(script):
            if line == CMAKE_PARCEL_BUILD[0] or line == CMAKE_PARCEL_BUILD[1]:
                continue
            if line == CMAKE_PARCEL_BUILD[2]:
                line = 'cmake --install %s --prefix "$PWD/build/prefix"' % shlex.quote(BUILD_DIR)
            lines.append(line)
        result = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", "\n".join(lines)],
                                cwd=self.project, env=env, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, "%s\nstdout:\n%s\nstderr:\n%s" % (script, result.stdout[-4000:],
                                                                               result.stderr[-4000:]))
        return result

    def base_env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PARCELTOOL", "SOURCE_DATE_EPOCH"))}
        env["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"   # parceltool only from the CI's own install
        return env

    def assert_published(self, repo_path):
        served = os.path.join(self.nginx.root, repo_path)
        local = os.path.join(self.project, "build", "project", "parcels")
        names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(local, "*.parcel")))
        self.assertEqual(names, ["HELLO-1.0.0-el7.parcel", "HELLO-1.0.0-el8.parcel"])
        for name in names + ["manifest.json"] + [n + ".sha" for n in names]:
            with open(os.path.join(local, name), "rb") as a, open(os.path.join(served, name), "rb") as b:
                self.assertEqual(hashlib.sha1(a.read()).digest(), hashlib.sha1(b.read()).digest(), name)
        self.assertEqual(self.nginx.requests("PUT", "/%smanifest.json" % repo_path), 1)

    def test_github_actions_steps(self):
        workflow, job, steps = github_steps()
        github_path = os.path.join(self.tmp, "github_path")
        open(github_path, "w").close()
        env = self.base_env()
        env.update(workflow.get("env", {}))
        env.update(job.get("env", {}))
        env["GITHUB_PATH"] = github_path
        expressions = {"${{ vars.PARCEL_REPO_URL }}": self.nginx.url("private/parcels/"),
                       "${{ secrets.PARCEL_REPO_USER }}": Nginx.CREDENTIALS[0],
                       "${{ secrets.PARCEL_REPO_PASSWORD }}": Nginx.CREDENTIALS[1]}
        ran = []
        for step in steps:
            if "uses" in step or step["name"] == "Install Debian packages":
                continue   # checkout and artifacts are the runner's; the packages are checked above
            step_env = dict(env)
            for key, value in step.get("env", {}).items():
                self.assertIn(value, expressions, "unknown expression in %s" % step["name"])
                step_env[key] = expressions[value]
            with open(github_path, encoding="utf-8") as added:
                extra = [line.strip() for line in added if line.strip()]
            step_env["PATH"] = ":".join(reversed(extra)) + ":" + step_env["PATH"] if extra else step_env["PATH"]
            self.shell(step["run"], step_env)
            ran.append(step["name"])
        self.assertEqual(ran, ["Build and install cmake-parcel", "Build the project and its parcels", "Validate",
                               "Test the parcels in an emulated host", "Publish"])
        self.assert_published("private/parcels/")

    def test_gitlab_ci_jobs(self):
        pipeline, jobs = gitlab_jobs()
        env = self.base_env()
        env.update(pipeline["variables"])
        env.update({"PARCEL_REPO_URL": self.nginx.url("private/gitlab/"),
                    "PARCELTOOL_HTTP_USER": Nginx.CREDENTIALS[0],
                    "PARCELTOOL_HTTP_PASSWORD": Nginx.CREDENTIALS[1],
                    "CI_COMMIT_TAG": "v1.0.0"})
        self.assertEqual(jobs["publish"]["rules"], [{"if": "$CI_COMMIT_TAG"}])
        for name in ["parcels", "publish"]:
            job = jobs[name]
            before = [line for line in job["before_script"] if not line.startswith("apt-get")]
            self.shell("\n".join(before + job["script"]), env)
        self.assert_published("private/gitlab/")


if __name__ == "__main__":
    unittest.main()
