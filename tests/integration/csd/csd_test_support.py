"""Helpers of the csd integration tests: run parceltool, read jars with three readers."""
import os
import subprocess
import zipfile

TOOL = os.environ["PARCELTOOL"]
DATA = os.environ.get("PARCEL_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "data"))


def run(*args, cwd=None, env=None):
    return subprocess.run([TOOL, *args], cwd=cwd, env=env, capture_output=True, text=True)


def codes(stderr):
    """The [code] of every diagnostic line, in order."""
    return [line.rsplit("[", 1)[1].rstrip("]") for line in stderr.splitlines() if line.endswith("]") and ": " in line]


def read_three_ways(test, jar):
    """Python zipfile, unzip -t and jar tf must all accept `jar` and agree on its names."""
    with zipfile.ZipFile(jar) as archive:
        test.assertIsNone(archive.testzip())
        names = archive.namelist()
        modes = {info.filename: (info.external_attr >> 16) & 0o7777 for info in archive.infolist()}
        for info in archive.infolist():
            test.assertEqual(info.date_time, (1980, 1, 1, 0, 0, 0))
            test.assertEqual(info.compress_type, zipfile.ZIP_DEFLATED)
    unzip = subprocess.run(["unzip", "-t", jar], capture_output=True, text=True)
    test.assertEqual(unzip.returncode, 0, unzip.stdout + unzip.stderr)
    test.assertIn("No errors detected", unzip.stdout)
    listing = subprocess.run(["jar", "tf", jar], capture_output=True, text=True)
    test.assertEqual(listing.returncode, 0, listing.stderr)
    test.assertEqual(listing.stdout.split(), names)
    return names, modes


def write_jar(path, members):
    """A jar written by Python's zipfile: {name: (content, mode)} in the given order."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (content, mode) in members.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            archive.writestr(info, content)
