"""Every number on the command line is read by one parser, with one message naming the option,
the value and the range."""
import unittest

from parceltool_test_support import ToolTestCase, run_tool


class IntegerOptionTest(ToolTestCase):
    CASES = [
        (["build", "--input", ".", "--name", "A", "--version", "1", "--distro", "el7", "--threads", "x"],
         "--threads must be an integer from 0 to 1024, not 'x'", "build"),
        (["build", "--input", ".", "--name", "A", "--version", "1", "--distro", "el7", "--threads=1025"],
         "--threads must be an integer from 0 to 1024, not '1025'", "build"),
        (["build", "--input", ".", "--name", "A", "--version", "1", "--distro", "el7", "--threads", "+2"],
         "--threads must be an integer from 0 to 1024, not '+2'", "build"),
        (["publish", "--retries", "11", "--to", "http://127.0.0.1:9/", "."],
         "--retries must be an integer from 0 to 10, not '11'", "publish"),
        (["fetch", "--retries", "-1", "--name", "A", "--distro", "el7", "--dest", ".", "http://127.0.0.1:9/"],
         "--retries must be an integer from 0 to 10, not '-1'", "fetch"),
        (["manifest", "--last-updated", "1.5", "."],
         "--last-updated must be an integer from 0 to 9223372036854775807, not '1.5'", "manifest"),
        (["manifest", "--last-updated", "99999999999999999999", "."],
         "--last-updated must be an integer from 0 to 9223372036854775807, not '99999999999999999999'", "manifest"),
        (["host", "--root", "ROOT", "add-alternative", "java", "/usr/bin/java", "/opt/java", "ten"],
         "PRIORITY must be an integer from -2147483648 to 2147483647, not 'ten'", "host add-alternative"),
        (["host", "--root", "ROOT", "add-alternative", "java", "/usr/bin/java", "/opt/java", " 5"],
         "PRIORITY must be an integer from -2147483648 to 2147483647, not ' 5'", "host add-alternative"),
    ]

    def test_one_message_for_every_numeric_option(self):
        for args, message, topic in self.CASES:
            args = [self.path("host") if a == "ROOT" else a for a in args]
            with self.subTest(args=args):
                result = run_tool(*args, cwd=self.tmp)
                self.assertTool(result, 2)
                self.assertEqual(result.stderr, "parceltool: error: %s\nRun 'parceltool %s --help' for usage.\n"
                                 % (message, topic))


if __name__ == "__main__":
    unittest.main()
