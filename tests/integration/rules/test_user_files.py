"""A file the user names is read by one function (support/file_io.cpp): a folder given by mistake is named
as a folder, not reported as invalid JSON at line 1."""
import os
import unittest

from parceltool_test_support import ToolTestCase, run_tool


class UserFileTest(ToolTestCase):
    def test_build_spec_that_is_a_directory(self):
        spec = self.path("spec.json")
        os.makedirs(spec)
        result = run_tool("build", "--spec", spec)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("build spec '%s' is not a regular file: it is a directory" % spec, result.stderr)
        self.assertNotIn("invalid JSON", result.stderr)


if __name__ == "__main__":
    unittest.main()
