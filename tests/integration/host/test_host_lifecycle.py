"""parceltool host: distribute, activate, upgrade, roll back, alternatives, conflicts, remove."""
import json
import os
import signal
import subprocess
import time
import unittest

from host_support import HostTestCase, snapshot
from parceltool_test_support import PARCELTOOL

ENV = ["--env", "FOO_HOME=${PARCELS_ROOT}/${PARCEL_DIRNAME}", "--env", "FOO_RELEASE=%s"]


class LifecycleTest(HostTestCase):
    def foo(self, version, priority=10, extra=()):
        alternatives = {"foo": {"destination": "/usr/bin/foo", "source": "bin/foo",
                                "priority": priority, "isDirectory": False}}
        files = {"bin/foo": (f"#!/bin/sh\necho foo {version}\n", 0o755),
                 "share/only-in-%s.txt" % version: (version, 0o644),
                 "meta/alternatives.json": (json.dumps(alternatives), 0o644)}
        env = [a.replace("%s", version) for a in ENV]
        return self.build("FOO", version, files, extra=env + list(extra))

    def exec_env(self):
        result = self.host_ok("exec", "FOO", "--", "sh", "-c",
                              'echo "$PARCELS_ROOT|$PARCEL_DIRNAME|$FOO_HOME|$FOO_RELEASE"; "$FOO_HOME/bin/foo"')
        return result.stdout.splitlines()

    def active_files(self):
        share = os.path.join(self.root, "parcels", "FOO", "share")
        return sorted(os.listdir(share))

    def test_upgrade_then_rollback(self):
        v1, v2 = self.foo("1.0"), self.foo("2.0")
        self.host_ok("distribute", v1)
        self.host_ok("activate", "FOO", "1.0")
        parcels = os.path.realpath(os.path.join(self.root, "parcels"))
        self.assertEqual(os.readlink(os.path.join(self.root, "parcels", "FOO")), "FOO-1.0")
        self.assertEqual(self.active_files(), ["only-in-1.0.txt"])
        self.assertEqual(self.exec_env(), [f"{parcels}|FOO-1.0|{parcels}/FOO-1.0|1.0", "foo 1.0"])

        self.host_ok("distribute", v2)
        # Distributing does not touch the active version.
        self.assertEqual(os.readlink(os.path.join(self.root, "parcels", "FOO")), "FOO-1.0")
        self.host_ok("activate", "FOO", "2.0")
        self.assertEqual(os.readlink(os.path.join(self.root, "parcels", "FOO")), "FOO-2.0")
        self.assertEqual(self.active_files(), ["only-in-2.0.txt"])
        self.assertEqual(self.exec_env(), [f"{parcels}|FOO-2.0|{parcels}/FOO-2.0|2.0", "foo 2.0"])

        status = json.loads(self.host_ok("status", "--format", "json").stdout)
        self.assertEqual([(p["version"], p["active"]) for p in status["parcels"]], [("1.0", False), ("2.0", True)])
        self.assertEqual(self.host_ok("status").stdout.splitlines()[:2], ["FOO 1.0 distributed", "FOO 2.0 active"])

        self.host_ok("rollback", "FOO")
        self.assertEqual(os.readlink(os.path.join(self.root, "parcels", "FOO")), "FOO-1.0")
        self.assertEqual(self.active_files(), ["only-in-1.0.txt"])
        self.assertEqual(self.exec_env(), [f"{parcels}|FOO-1.0|{parcels}/FOO-1.0|1.0", "foo 1.0"])
        # Nothing earlier than 1.0.
        result = self.host("rollback", "FOO")
        self.assertTool(result, 1)
        self.assertIn("[no-previous-version]", result.stderr)

    def test_exec_exit_code_and_arguments(self):
        self.host_ok("distribute", self.foo("1.0"))
        self.host_ok("activate", "FOO", "1.0")
        result = self.host("exec", "FOO", "--", "sh", "-c", 'printf "%s," "$@"; exit 42', "sh", "a b", "'c'")
        self.assertEqual(result.returncode, 42)
        self.assertEqual(result.stdout, "a b,'c',")
        self.host_ok("deactivate", "FOO")
        result = self.host("exec", "FOO", "--", "true")
        self.assertTool(result, 1)
        self.assertIn("[not-active]", result.stderr)

    def test_exec_passes_a_signal_on_and_waits_for_the_command(self):
        # A kill aimed at parceltool alone (CTest's timeout) must not leave the command running.
        self.host_ok("distribute", self.foo("1.0"))
        self.host_ok("activate", "FOO", "1.0")
        marker = self.path("started")
        process = subprocess.Popen(
            [PARCELTOOL, "host", "--root", self.root, "exec", "FOO", "--", "sh", "-c",
             'trap "echo got TERM; exit 7" TERM; touch "$0"; while :; do sleep 0.05; done', marker],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not os.path.exists(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(os.path.exists(marker), "the command never started")
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
        self.assertEqual((process.returncode, stdout), (7, "got TERM\n"), stderr)

    def test_alternatives_priority_between_two_parcels(self):
        self.host_ok("distribute", self.foo("1.0", priority=10))
        bar_alternatives = {"foo": {"destination": "/usr/bin/foo", "source": "bin/bar",
                                    "priority": 50, "isDirectory": False}}
        bar = self.build("BAR", "1.0", {"bin/bar": ("#!/bin/sh\necho bar\n", 0o755),
                                        "meta/alternatives.json": (json.dumps(bar_alternatives), 0o644)})
        self.host_ok("distribute", bar)
        self.host_ok("activate", "FOO", "1.0")
        generic = os.path.join(self.root, "usr", "bin", "foo")
        root = os.path.realpath(self.root)
        self.assertEqual(os.readlink(generic), f"{root}/alternatives/foo")
        self.assertEqual(os.readlink(os.path.join(self.root, "alternatives", "foo")),
                         f"{root}/parcels/FOO-1.0/bin/foo")
        self.host_ok("activate", "BAR", "1.0")   # higher priority wins
        self.assertEqual(os.readlink(os.path.join(self.root, "alternatives", "foo")),
                         f"{root}/parcels/BAR-1.0/bin/bar")
        with open(generic) as script:
            self.assertEqual(script.read(), "#!/bin/sh\necho bar\n")
        status = json.loads(self.host_ok("status", "--format", "json").stdout)
        self.assertEqual([(c["parcel"], c["priority"]) for c in status["alternatives"][0]["candidates"]],
                         [("FOO-1.0", 10), ("BAR-1.0", 50)])
        self.host_ok("deactivate", "BAR")        # back to the remaining candidate
        self.assertEqual(os.readlink(os.path.join(self.root, "alternatives", "foo")),
                         f"{root}/parcels/FOO-1.0/bin/foo")
        self.host_ok("deactivate", "FOO")        # no candidate: both links gone
        self.assertFalse(os.path.lexists(generic))
        self.assertFalse(os.path.lexists(os.path.join(self.root, "alternatives", "foo")))
        self.assertFalse(os.path.lexists(os.path.join(self.root, "parcels", "FOO")))

    def test_conflict_refused(self):
        self.host_ok("distribute", self.foo("1.0"))
        before = snapshot(self.root)
        baz = self.build("BAZ", "1.0", {"bin/baz": ("x", 0o755)}, extra=["--conflicts", "FOO (>= 1.0)"])
        result = self.host("distribute", baz)
        self.assertTool(result, 1)
        self.assertIn("[conflicts-distributed]", result.stderr)
        self.assertEqual(snapshot(self.root), before)

    def test_depends_needs_an_active_parcel(self):
        self.host_ok("distribute", self.foo("1.0"))
        plugin = self.build("PLUGIN", "1.0", {"lib/p.jar": ("jar", 0o644)}, extra=["--depends", "FOO (>= 1.0)"])
        self.host_ok("distribute", plugin)
        result = self.host("activate", "PLUGIN", "1.0")
        self.assertTool(result, 1)
        self.assertIn("[depends-not-active]", result.stderr)
        self.assertFalse(os.path.lexists(os.path.join(self.root, "parcels", "PLUGIN")))
        self.host_ok("activate", "FOO", "1.0")
        self.host_ok("activate", "PLUGIN", "1.0")
        result = self.host("deactivate", "FOO")   # PLUGIN still needs it
        self.assertTool(result, 1)
        self.assertIn("[depends-not-active]", result.stderr)
        self.assertEqual(os.readlink(os.path.join(self.root, "parcels", "FOO")), "FOO-1.0")

    def test_remove_of_active_parcel_refused(self):
        self.host_ok("distribute", self.foo("1.0"))
        self.host_ok("activate", "FOO", "1.0")
        before = snapshot(self.root)
        result = self.host("remove", "FOO", "1.0")
        self.assertTool(result, 1)
        self.assertIn("[parcel-active]", result.stderr)
        self.assertEqual(snapshot(self.root), before)
        self.host_ok("deactivate", "FOO")
        self.host_ok("remove", "FOO", "1.0")
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "parcels"))), [])
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "parcel-repo"))), [])
        self.assertEqual(self.host_ok("status").stdout, "os any (created without --distro)\n")

    def test_sha_mismatch_refused_and_copy_kept_with_sha(self):
        parcel = self.foo("1.0")
        with open(parcel + ".sha") as sha:
            good = sha.read()
        with open(parcel + ".sha", "w") as sha:
            sha.write("0" * 40 + "\n")
        result = self.host("distribute", parcel)
        self.assertTool(result, 1)
        self.assertIn("[sha1-mismatch]", result.stderr)
        self.assertEqual(os.listdir(os.path.join(self.root, "parcels")), [])
        with open(parcel + ".sha", "w") as sha:
            sha.write(good)
        self.host_ok("distribute", parcel)
        with open(os.path.join(self.root, "parcel-repo", os.path.basename(parcel) + ".sha")) as sha:
            self.assertEqual(sha.read(), good.split()[0] + "\n")

    def test_hostile_alternative_destinations_refused(self):
        for number, (destination, code) in enumerate([
                ("/../outside/foo", "alternative-destination-invalid"),
                ("/usr/./bin/foo", "alternative-destination-invalid"),
                ("/parcels/FOO/bin/foo", "alternative-destination-reserved"),
                ("/state.json", "alternative-destination-reserved")]):
            version = f"{number + 1}.0"
            alternatives = {"evil": {"destination": destination, "source": "bin/evil",
                                     "priority": 1, "isDirectory": False}}
            parcel = self.build("EVIL", version, {"bin/evil": ("x", 0o755),
                                                  "meta/alternatives.json": (json.dumps(alternatives), 0o644)})
            self.host_ok("distribute", parcel)   # the validator lets these through
            before = snapshot(self.tmp)
            result = self.host("activate", "EVIL", version)
            self.assertTool(result, 1)
            self.assertIn(f"[{code}]", result.stderr)
            self.assertEqual(snapshot(self.tmp), before)

    def test_permissions_modes_applied_owners_reported(self):
        permissions = {"bin/helper": {"user": "nosuchuser-parcel", "group": "root", "permissions": "0750"}}
        parcel = self.build("PERM", "1.0", {"bin/helper": ("#!/bin/sh\n", 0o755),
                                             "meta/permissions.json": (json.dumps(permissions), 0o644)})
        # Applied at distribution, right after unpacking, as Cloudera Manager does.
        result = self.host_ok("distribute", parcel)
        self.assertIn("[owner-not-applied]", result.stderr)
        mode = os.stat(os.path.join(self.root, "parcels", "PERM-1.0", "bin", "helper")).st_mode & 0o7777
        self.assertEqual(oct(mode), oct(0o750))
        self.assertIn("owner-not-applied PERM-1.0 bin/helper nosuchuser-parcel:root\n", self.host_ok("status").stdout)

    def test_exec_sources_every_active_parcel_with_its_own_dirname(self):
        self.host_ok("distribute", self.foo("1.0"))
        bar = self.build("BAR", "3.1", {"bin/bar": ("x", 0o755)},
                         extra=["--env", "BAR_SEEN=${PARCEL_DIRNAME}", "--env", "FOO_RELEASE=from-bar"])
        self.host_ok("distribute", bar)
        self.host_ok("activate", "FOO", "1.0")
        self.host_ok("activate", "BAR", "3.1")
        result = self.host_ok("exec", "FOO", "--", "sh", "-c", 'echo "$BAR_SEEN|$PARCEL_DIRNAME|$FOO_RELEASE"')
        # BAR's script saw its own PARCEL_DIRNAME; FOO's, sourced last, wins for FOO_RELEASE.
        self.assertEqual(result.stdout, "BAR-3.1|FOO-1.0|1.0\n")
        result = self.host_ok("exec", "BAR", "--", "sh", "-c", 'echo "$PARCEL_DIRNAME|$FOO_RELEASE"')
        self.assertEqual(result.stdout, "BAR-3.1|from-bar\n")

    @unittest.skipUnless(os.geteuid() == 0, "owners are applied only as root")
    def test_permissions_owner_applied_as_root(self):
        permissions = {"bin/helper": {"user": "root", "group": "root", "permissions": "4750"}}
        parcel = self.build("PERM", "1.0", {"bin/helper": ("#!/bin/sh\n", 0o755),
                                             "meta/permissions.json": (json.dumps(permissions), 0o644)})
        result = self.host_ok("distribute", parcel)
        self.assertNotIn("owner-not-applied", result.stderr)
        info = os.stat(os.path.join(self.root, "parcels", "PERM-1.0", "bin", "helper"))
        self.assertEqual((oct(info.st_mode & 0o7777), info.st_uid, info.st_gid), (oct(0o4750), 0, 0))

    def test_a_folder_that_is_not_a_host_is_not_taken_over(self):
        parcel = self.foo("1.0")
        os.makedirs(os.path.join(self.root, "parcels", "precious"))
        with open(os.path.join(self.root, "notes.txt"), "w") as f:
            f.write("mine")
        before = snapshot(self.root)
        result = self.host("distribute", parcel)
        self.assertTool(result, 1)
        self.assertIn("not an emulated host", result.stderr)
        self.assertEqual(snapshot(self.root), before)

    def test_interrupted_distribution_is_cleaned_up(self):
        self.host_ok("distribute", self.foo("1.0"))
        before = snapshot(self.root)
        # What a crash between unpacking and writing state.json leaves behind.
        os.makedirs(os.path.join(self.root, "parcels", "FOO-9.9", "bin"))
        os.makedirs(os.path.join(self.root, ".tmp-distribute-1-0", "x"))
        with open(os.path.join(self.root, "parcel-repo", "FOO-9.9-el7.parcel"), "w") as f:
            f.write("partial")
        os.symlink("FOO-9.9", os.path.join(self.root, "parcels", "FOO"))
        self.assertTool(self.host("deactivate", "NOPE"), 1)   # any command repairs first
        self.assertEqual(snapshot(self.root), before)


if __name__ == "__main__":
    unittest.main()
