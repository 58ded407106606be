"""parcel_add_csd: a small project (project/) configured and built with CMake."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import zipfile

from csd_test_support import TOOL, read_three_ways, run

CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
GENERATOR = os.environ.get("CMAKE_GENERATOR", "Ninja")
MODULES = os.environ["PARCEL_MODULE_DIR"]
PROJECT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "project")


class CmakeProjectTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="csd-cmake-")
        self.src = os.path.join(self.dir, "src")
        self.bin = os.path.join(self.dir, "bin")
        shutil.copytree(PROJECT, self.src, symlinks=True)
        self.configure()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def configure(self, *extra):
        result = subprocess.run([CMAKE, "-S", self.src, "-B", self.bin, "-G", GENERATOR,
                                 "-DPARCEL_MODULE_DIR=" + MODULES, "-DPARCEL_TOOL=" + TOOL, *extra],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def build(self):
        result = subprocess.run([CMAKE, "--build", self.bin, "--target", "parcel"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout

    def jar(self, version="2.3.1"):
        return os.path.join(self.bin, "csd", "DEMO-%s.jar" % version)

    def test_build_content_and_incremental(self):
        out = self.build()
        self.assertIn("Building CSD DEMO-2.3.1.jar", out)
        names, modes = read_three_ways(self, self.jar())
        self.assertEqual(names, ["META-INF/MANIFEST.MF", "aux/demo.json", "descriptor/service.mdl",
                                 "descriptor/service.sdl", "scripts/control.sh"])
        self.assertEqual(modes["scripts/control.sh"], 0o755)
        with zipfile.ZipFile(self.jar()) as archive:
            sdl = archive.read("descriptor/service.sdl").decode()
        self.assertIn('"name": "DEMO"', sdl)
        self.assertIn('"version": "2.3.1"', sdl)
        self.assertIn('"default": 9090', sdl)
        self.assertIn('"${demo_port}"', sdl)          # ${...} is left for Cloudera Manager
        check = run("validate", "--strict", self.jar())
        self.assertEqual(check.returncode, 0, check.stderr)

        # a no-op rebuild does nothing
        before = os.stat(self.jar()).st_mtime_ns
        out = self.build()
        self.assertNotIn("Building CSD", out)
        self.assertEqual(os.stat(self.jar()).st_mtime_ns, before)

        # an edited script re-packs
        time.sleep(1.1)
        with open(os.path.join(self.src, "scripts", "control.sh"), "a") as f:
            f.write("# edited\n")
        self.assertIn("Building CSD DEMO-2.3.1.jar", self.build())
        with zipfile.ZipFile(self.jar()) as archive:
            self.assertTrue(archive.read("scripts/control.sh").endswith(b"# edited\n"))

        # a new aux file is picked up
        with open(os.path.join(self.src, "aux", "extra.txt"), "w") as f:
            f.write("x\n")
        self.assertIn("Building CSD DEMO-2.3.1.jar", self.build())
        with zipfile.ZipFile(self.jar()) as archive:
            self.assertIn("aux/extra.txt", archive.namelist())

    def test_version_in_one_place(self):
        with open(os.path.join(self.src, "CMakeLists.txt")) as f:
            text = f.read()
        with open(os.path.join(self.src, "CMakeLists.txt"), "w") as f:
            f.write(text.replace("VERSION 2.3.1", "VERSION 2.4.0"))
        self.configure()
        self.build()
        with zipfile.ZipFile(self.jar("2.4.0")) as archive:
            self.assertIn('"version": "2.4.0"', archive.read("descriptor/service.sdl").decode())

    def test_a_finding_names_the_template_and_its_line(self):
        # A mistake after a substitution on the same line: the column is the template's, not the copy's.
        template = os.path.join(self.src, "service.sdl.in")
        with open(template) as f:
            text = f.read()
        with open(template, "w") as f:
            f.write(text.replace('"default": @DEMO_PORT@ }', '"default": @DEMO_PORT@, "configurableInWizard": "perhaps" }'))
        result = subprocess.run([CMAKE, "--build", self.bin, "--target", "parcel"], capture_output=True, text=True)
        self.assertNotEqual(result.returncode, 0)
        column = text.splitlines()[13].index('@DEMO_PORT@') + len('@DEMO_PORT@, "configurableInWizard": ') + 1
        self.assertIn("parceltool: %s:14:%d#/roles/0/parameters/0/configurableInWizard: error: must be a boolean, "
                      'not the string "perhaps" [wrong-type]' % (template, column), result.stdout + result.stderr)
        self.assertNotIn("_parcel_csd/demo_csd/service.sdl:", result.stdout + result.stderr)

    def test_bad_arguments_fail_at_configure(self):
        cases = [("NAME DEMO", "NAME demo", 'parcel_add_csd(demo_csd): NAME "demo" must contain only upper-case'),
                 ("SDL service.sdl.in", "SDL nope.sdl", 'parcel_add_csd(demo_csd): SDL "nope.sdl" must name an existing file'),
                 ("SCRIPTS scripts", "SCRIPTS nope", 'parcel_add_csd(demo_csd): SCRIPTS "nope" must name an existing directory'),
                 ("OUTPUT_DIRECTORY csd", "OUTPUT_DIRECTORY csd BOGUS x", 'unknown keyword "BOGUS" (the keywords of parcel_add_csd are: AUX CM_VERSION ICON MDL NAME OUTPUT_DIRECTORY SCRIPTS SDL VERSION)')]
        with open(os.path.join(self.src, "CMakeLists.txt")) as f:
            original = f.read()
        for old, new, message in cases:
            with self.subTest(new=new):
                with open(os.path.join(self.src, "CMakeLists.txt"), "w") as f:
                    f.write(original.replace(old, new))
                result = subprocess.run([CMAKE, "-S", self.src, "-B", self.bin, "-G", GENERATOR,
                                         "-DPARCEL_MODULE_DIR=" + MODULES, "-DPARCEL_TOOL=" + TOOL],
                                        capture_output=True, text=True)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(message, " ".join(result.stderr.split()))


if __name__ == "__main__":
    unittest.main()
