"""parceltool build --from-package: RPMs from rpmbuild and DEBs from dpkg-deb, converted and read back."""
import glob
import json
import os
import shutil
import subprocess
import unittest

from packages_support import (DEMO_SPEC, PackageTestCase, deb_listing, gnu_tar_names, hand_deb, parcel_listing,
                              rpm_listing, rpmbuild)
from parceltool_test_support import member_text, run_tool

PREFIX = "/opt/vendor/demo/1.2"


class RpmConversion(PackageTestCase):
    def build_demo(self, payload="w19.zstdio", *extra):
        rpm = rpmbuild(self.path("rpmbuild-" + payload), DEMO_SPEC, payload)
        out = self.path("out-" + payload)
        result = run_tool("build", "--from-package", rpm, "--relocate", f"{PREFIX}=.", "--name", "DEMO",
                          "--version", "1.2", "--distro", "el7", "--output-dir", out, *extra)
        return rpm, result, os.path.join(out, "DEMO-1.2-el7.parcel")

    def test_every_entry_as_rpm_lists_it(self):
        rpm, result, parcel = self.build_demo()
        self.assertTool(result, 0)
        expected = rpm_listing(rpm)
        got = parcel_listing(parcel)
        for path, (kind, mode, user, group, size, link) in expected.items():
            relative = path[len(PREFIX) + 1:]
            if path == PREFIX:
                continue
            if path.endswith("demo.log"):  # %ghost: not in the payload, like rpm never installs it
                self.assertNotIn(relative, got)
                continue
            with self.subTest(path=path):
                self.assertIn(relative, got)
                got_kind, got_mode, got_size, got_link = got[relative]
                if relative == "lib/b.txt":  # the second name of a hard-link set
                    self.assertEqual((got_kind, got_link), ("hardlink", "DEMO-1.2/lib/a.txt"))
                    continue
                self.assertEqual(got_kind, kind)
                self.assertEqual(got_mode & 0o7777, mode & 0o7777)
                if kind == "file":
                    self.assertEqual(got_size, size)
                if relative == "lib/abs-link":  # absolute into the prefix -> relative
                    self.assertEqual(link, f"{PREFIX}/bin/tool")
                    self.assertEqual(got_link, "../bin/tool")
                elif kind == "symlink":
                    self.assertEqual(got_link, link)
        self.assertEqual(gnu_tar_names(parcel), sorted(["DEMO-1.2"] + ["DEMO-1.2/" + p for p in got]))
        meta = json.loads(member_text(parcel, "DEMO-1.2/meta/parcel.json"))
        self.assertEqual(meta["packages"], [{"name": "demo", "version": "1.2"}])
        self.assertEqual(meta["components"],
                         [{"name": "demo", "version": "1.2", "pkg_version": "2:1.2-3.el7", "pkg_release": "3.el7"}])
        self.assertEqual(sorted(meta["users"]), ["svc"])
        self.assertEqual(meta["groups"], ["demo", "svc"])
        permissions = json.loads(member_text(parcel, "DEMO-1.2/meta/permissions.json"))
        self.assertEqual(permissions, {"bin/suid": {"user": "root", "group": "demo", "permissions": "4755"},
                                       "share/empty": {"user": "svc", "group": "svc", "permissions": "0750"}})
        filelist = json.loads(member_text(parcel, "DEMO-1.2/meta/filelist.json"))
        self.assertEqual(filelist, {"demo": sorted(p for p in got if not p.startswith("meta"))})
        with open(parcel + ".sha", encoding="ascii") as sha:
            self.assertEqual(len(sha.read().strip()), 40)
        warnings = {line.rsplit("[", 1)[1].rstrip("]") for line in result.stderr.splitlines() if ": warning: " in line}
        self.assertEqual(warnings, {"package-scriptlet", "package-ghost-omitted", "package-config-file"})
        self.assertIn("(%post, %preun)", result.stderr)
        self.assertTool(run_tool("validate", "--strict", parcel), 0)
        shown = run_tool("inspect", parcel)
        self.assertTool(shown, 0)
        self.assertRegex(shown.stdout, r"\n-rw-r--r-- root/root +4 DEMO-1\.2/lib/a\.txt  \(from demo\)\n")
        self.assertRegex(shown.stdout, r"\n-rw-r--r-- root/root +\d+ DEMO-1\.2/meta/parcel\.json\n")
        entries = json.loads(run_tool("inspect", "--format", "json", parcel).stdout)["entries"]
        origins = {e["path"]: e.get("package") for e in entries}
        self.assertEqual(origins["DEMO-1.2/bin/suid"], "demo")
        self.assertIsNone(origins["DEMO-1.2/meta/filelist.json"])
        root = self.path("host")
        self.assertTool(run_tool("host", "--root", root, "distribute", parcel), 0)
        self.assertTool(run_tool("host", "--root", root, "activate", "DEMO", "1.2"), 0)
        ran = run_tool("host", "--root", root, "exec", "DEMO", "--", "sh", "-c", "cat $PARCELS_ROOT/DEMO/lib/b.txt")
        self.assertTool(ran, 0)
        self.assertEqual(ran.stdout, "data")

    def test_every_rpm_payload_compressor(self):
        listings = []
        for payload in ("w9.gzdio", "w9.bzdio", "w9.xzdio", "w9.lzdio", "w19.zstdio"):
            with self.subTest(payload=payload):
                _, result, parcel = self.build_demo(payload)
                self.assertTool(result, 0)
                listings.append(parcel_listing(parcel))
        self.assertTrue(all(listing == listings[0] for listing in listings))

    def test_no_scriptlets_makes_them_errors_and_writes_nothing(self):
        _, result, parcel = self.build_demo("w19.zstdio", "--no-scriptlets")
        self.assertTool(result, 1)
        self.assertRegex(result.stderr, r"noarch\.rpm: error: package 'demo' has install scripts \(%post, "
                                        r"%preun\).*\[package-scriptlet\]")
        self.assertFalse(os.path.exists(os.path.dirname(parcel)))

    def test_files_outside_every_relocation_are_errors_or_dropped(self):
        rpm = rpmbuild(self.path("rb"), DEMO_SPEC)
        out = self.path("out")
        common = ["--from-package", rpm, "--relocate", f"{PREFIX}/lib=lib", "--relocate", f"{PREFIX}/bin=bin",
                  "--name", "DEMO", "--version", "1.2", "--distro", "el7", "--output-dir", out]
        result = run_tool("build", *common)
        self.assertTool(result, 1)
        self.assertIn(f"error: '{PREFIX}/etc/demo.conf' of package 'demo' lies outside every --relocate prefix; add a "
                      "relocation for it or leave such files out with --drop-outside [package-file-outside]",
                      result.stderr)
        self.assertFalse(os.path.exists(out))
        result = run_tool("build", *common, "--drop-outside")
        self.assertTool(result, 0)
        self.assertIn(f"warning: '{PREFIX}/etc/demo.conf' of package 'demo' lies outside every --relocate prefix; it "
                      "is left out (--drop-outside) [package-file-outside]", result.stderr)
        names = parcel_listing(os.path.join(out, "DEMO-1.2-el7.parcel"))
        self.assertEqual(sorted(n for n in names if not n.startswith("meta")),
                         ["bin", "bin/suid", "bin/tool", "lib", "lib/a.txt", "lib/abs-link", "lib/b.txt", "lib/empty",
                          "lib/rel-link"])

    def test_a_relative_link_out_of_the_relocated_tree_is_refused(self):
        rpm = rpmbuild(self.path("rb"), DEMO_SPEC)
        result = run_tool("build", "--from-package", rpm, "--relocate", f"{PREFIX}/lib=lib", "--drop-outside",
                          "--name", "DEMO", "--version", "1.2", "--distro", "el7", "--output-dir", self.path("out"))
        self.assertTool(result, 1)
        self.assertIn(f"error: the symlink '{PREFIX}/lib/rel-link' -> '../bin/tool' of package 'demo' points outside "
                      "the parcel once relocated [package-symlink-escapes]", result.stderr)
        self.assertFalse(os.path.exists(self.path("out")))

    def test_dry_run_reports_and_writes_nothing(self):
        rpm, result, parcel = self.build_demo("w19.zstdio", "--dry-run")
        self.assertTool(result, 0)
        self.assertFalse(os.path.exists(os.path.dirname(parcel)))
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "dry run: nothing was written")
        self.assertEqual(lines[1], "parcel: " + parcel)
        self.assertRegex(lines[2], r"^entries: 17, \d+ bytes before compression$")
        self.assertEqual(lines[3], f"package: {rpm}: demo 2:1.2-3.el7, 13 entries, 28 bytes")
        self.assertIn("  scriptlet not run: %post", lines)
        self.assertIn("warning: package 'demo' declares %ghost entries, which rpm never installs either; they are not"
                      f" in the parcel: {PREFIX}/etc/demo.log [package-ghost-omitted]", lines)
        metadata = json.loads(result.stdout.split("meta/parcel.json:\n", 1)[1])
        self.assertEqual(metadata["components"][0]["pkg_version"], "2:1.2-3.el7")

    def test_input_and_packages_combine_but_may_not_disagree(self):
        rpm = rpmbuild(self.path("rb"), DEMO_SPEC)
        extra = self.path("extra")
        os.makedirs(os.path.join(extra, "bin"))
        with open(os.path.join(extra, "README"), "w", encoding="utf-8") as out:
            out.write("added by hand\n")
        common = ["--input", extra, "--from-package", rpm, "--relocate", f"{PREFIX}=.", "--name", "DEMO",
                  "--version", "1.2", "--distro", "el7"]
        result = run_tool("build", *common, "--output-dir", self.path("ok"))
        self.assertTool(result, 0)
        names = parcel_listing(self.path("ok", "DEMO-1.2-el7.parcel"))
        self.assertIn("README", names)
        self.assertIn("bin/tool", names)
        with open(os.path.join(extra, "bin", "tool"), "w", encoding="utf-8") as out:
            out.write("another tool\n")
        result = run_tool("build", *common, "--output-dir", self.path("bad"))
        self.assertTool(result, 1)
        self.assertIn(":bin/tool: error: the input folder and a package both provide 'bin/tool' with different "
                      "content; remove it from one of them [source-path-conflict]", result.stderr)
        self.assertFalse(os.path.exists(self.path("bad")))


class DebConversion(PackageTestCase):
    def dpkg_deb(self, compression):
        root = self.path("deb-" + compression)
        for folder in ("DEBIAN", "usr/lib/demo", "usr/bin"):
            os.makedirs(os.path.join(root, folder), exist_ok=True)
        with open(os.path.join(root, "DEBIAN", "control"), "w", encoding="utf-8") as out:
            out.write("Package: demo-deb\nVersion: 1:2.5-1\nArchitecture: all\nMaintainer: t <t@example.org>\n"
                      "Description: demo\n more\n")
        with open(os.path.join(root, "DEBIAN", "postinst"), "w", encoding="utf-8") as out:
            out.write("#!/bin/sh\nexit 0\n")
        os.chmod(os.path.join(root, "DEBIAN", "postinst"), 0o755)
        with open(os.path.join(root, "usr/lib/demo/x"), "w", encoding="utf-8") as out:
            out.write("hi\n")
        os.chmod(os.path.join(root, "usr/lib/demo/x"), 0o4755)
        os.symlink("../lib/demo/x", os.path.join(root, "usr/bin/x"))
        os.symlink("/usr/lib/demo/x", os.path.join(root, "usr/bin/y"))
        deb = self.path(f"demo-{compression}.deb")
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Z" + compression, "--build", root, deb],
                       capture_output=True, check=True)
        return deb

    def convert(self, deb, *extra):
        out = self.path("out-" + os.path.basename(deb))
        result = run_tool("build", "--from-package", deb, "--relocate", "/usr=.", "--name", "DEMO", "--version", "1",
                          "--distro", "el7", "--output-dir", out, *extra)
        return result, os.path.join(out, "DEMO-1-el7.parcel")

    def test_dpkg_deb_compressions_convert_like_dpkg_lists_them(self):
        for compression in ("xz", "zstd", "gzip", "none"):
            with self.subTest(compression=compression):
                deb = self.dpkg_deb(compression)
                result, parcel = self.convert(deb)
                self.assertTool(result, 0)
                got = parcel_listing(parcel)
                for path, (kind, mode, owner, size, link) in deb_listing(deb).items():
                    if not path.startswith("/usr/"):
                        continue
                    relative = path[len("/usr/"):]
                    self.assertEqual(got[relative][0], kind)
                    self.assertEqual(got[relative][1], mode)
                    self.assertEqual(got[relative][2], size)
                self.assertEqual(got["bin/x"][3], "../lib/demo/x")
                self.assertEqual(got["bin/y"][3], "../lib/demo/x")
                meta = json.loads(member_text(parcel, "DEMO-1/meta/parcel.json"))
                self.assertEqual(meta["components"], [{"name": "demo-deb", "version": "2.5",
                                                       "pkg_version": "1:2.5-1", "pkg_release": "1"}])
                permissions = json.loads(member_text(parcel, "DEMO-1/meta/permissions.json"))
                self.assertEqual(permissions, {"lib/demo/x": {"user": "root", "group": "root", "permissions": "4755"}})
                self.assertIn("warning: package 'demo-deb' has install scripts (postinst)", result.stderr)
                self.assertTool(run_tool("validate", "--strict", parcel), 0)

    def test_bzip2_and_lzma_data_which_dpkg_deb_reads_but_no_longer_writes(self):
        members = [("./", "dir", b"", "", 0o755), ("./usr/", "dir", b"", "", 0o755),
                   ("./usr/share/", "dir", b"", "", 0o755), ("./usr/share/a", "file", b"abc", "", 0o644)]
        for compression in ("bz2", "lzma", ""):
            with self.subTest(compression=compression):
                deb = hand_deb(self.path(f"h-{compression or 'plain'}.deb"), members, compression)
                self.assertEqual(sorted(deb_listing(deb)), ["/usr", "/usr/share", "/usr/share/a"])
                result, parcel = self.convert(deb)
                self.assertTool(result, 0)
                self.assertEqual(parcel_listing(parcel)["share/a"], ("file", 0o644, 3, ""))


class HostilePackages(PackageTestCase):
    """Each refused with its code, and nothing written."""

    def refused(self, package, code, *extra):
        out = self.path("out")
        result = run_tool("build", "--from-package", package, "--name", "X", "--version", "1", "--distro", "el7",
                          "--output-dir", out, *extra)
        self.assertTool(result, 1)
        self.assertIn(f"[{code}]", result.stderr)
        self.assertFalse(os.path.exists(out))
        return result

    def test_deb_paths_that_leave_the_root(self):
        for name in ("./usr/../../etc/passwd", "../x", "./usr/./x"):
            with self.subTest(name=name):
                deb = hand_deb(self.path("dotdot.deb"), [("./", "dir", b"", "", 0o755), (name, "file", b"x", "", 0o644)])
                result = self.refused(deb, "package-path-unsafe")
                self.assertIn(f"data.tar holds the unsafe name '{name}'", result.stderr)

    def test_deb_absolute_path_relocated_and_symlink_escaping(self):
        deb = hand_deb(self.path("abs.deb"), [("/opt/x/a", "file", b"x", "", 0o644)])
        self.refused(deb, "package-file-outside", "--relocate", "/opt/y=.")
        deb = hand_deb(self.path("esc.deb"), [("./opt/x/", "dir", b"", "", 0o755),
                                              ("./opt/x/l", "symlink", b"", "../../../etc/shadow", 0o777)])
        self.refused(deb, "package-symlink-escapes", "--relocate", "/opt/x=.")

    def test_deb_special_files_hardlinks_and_members(self):
        deb = hand_deb(self.path("fifo.deb"), [("./f", "fifo", b"", "", 0o644)])
        self.refused(deb, "package-special-file")
        deb = hand_deb(self.path("link.deb"), [("./a", "hardlink", b"", "./missing", 0o644)])
        self.refused(deb, "package-path-unsafe")
        deb = hand_deb(self.path("member.deb"), [("./a", "file", b"x", "", 0o644)], data_name="data.tar.rar")
        self.refused(deb, "deb-member-unexpected")
        deb = hand_deb(self.path("control.deb"), [("./a", "file", b"x", "", 0o644)],
                       control=b"Package: a\nPackage: b\nVersion: 1\nArchitecture: all\n")
        result = self.refused(deb, "deb-control-invalid")
        self.assertIn("control line 2: the field 'Package' is given twice [deb822-duplicate-field]", result.stderr)

    def test_truncated_and_lying_packages(self):
        deb = hand_deb(self.path("good.deb"), [("./a", "file", b"x" * 5000, "", 0o644)], "")
        with open(deb, "rb") as data:
            whole = data.read()
        with open(self.path("short.deb"), "wb") as out:
            out.write(whole[:-3000])
        self.refused(self.path("short.deb"), "deb-data-corrupt")
        with open(self.path("noar.deb"), "wb") as out:
            out.write(b"not an archive at all")
        self.refused(self.path("noar.deb"), "deb-not-ar")
        rpm = rpmbuild(self.path("rb"), DEMO_SPEC, "w9.gzdio")
        with open(rpm, "rb") as data:
            whole = data.read()
        summary = whole.index(b"a package with every kind")  # in the header, which its SHA-256 covers
        cases = {"truncated-header.rpm": (whole[:200], "rpm-header-corrupt"),
                 "truncated-payload.rpm": (whole[:len(whole) - 40], "rpm-payload-corrupt"),
                 "flipped-header.rpm": (whole[:summary] + b"A" + whole[summary + 1:], "rpm-header-corrupt"),
                 "empty.rpm": (b"", "rpm-header-corrupt"),
                 # The signature header's index count (lead: 96 bytes, then magic, reserved, count).
                 "huge-count.rpm": (whole[:104] + b"\x7f\xff\xff\xff" + whole[108:], "rpm-header-corrupt"),
                 "huge-data-size.rpm": (whole[:108] + b"\x7f\xff\xff\xff" + whole[112:], "rpm-header-corrupt")}
        self.assertEqual(whole[96:99], b"\x8e\xad\xe8")  # the header magic where the offsets above expect it
        for name, (content, code) in cases.items():
            with self.subTest(name=name):
                with open(self.path(name), "wb") as out:
                    out.write(content)
                self.refused(self.path(name), code)
                shutil.rmtree(self.path("out"), ignore_errors=True)

    def test_unknown_format(self):
        with open(self.path("x.zip"), "wb") as out:
            out.write(b"PK")
        self.refused(self.path("x.zip"), "package-unknown-format")


class RealDebianPackages(PackageTestCase):
    """The packages scripts/fetch-test-packages.sh downloads (sudo, logrotate, bash), when it has run."""

    def test_real_packages(self):
        cache = os.environ.get("PARCEL_TEST_PACKAGES", "")
        debs = sorted(glob.glob(os.path.join(cache, "*.deb")))
        if not debs:
            self.skipTest(f"no cached Debian packages in '{cache}': run scripts/fetch-test-packages.sh first")
        for deb in debs:
            with self.subTest(deb=os.path.basename(deb)):
                out = self.path("out-" + os.path.basename(deb))
                result = run_tool("build", "--from-package", deb, "--relocate", "/usr=.", "--drop-outside",
                                  "--name", "REAL", "--version", "1", "--distro", "el7", "--output-dir", out)
                self.assertTool(result, 0)
                self.assertIn("[package-scriptlet]", result.stderr)  # all three have maintainer scripts
                parcel = os.path.join(out, "REAL-1-el7.parcel")
                got = parcel_listing(parcel)
                expected = {p: e for p, e in deb_listing(deb).items() if p.startswith("/usr/")}
                self.assertTrue(expected)
                for path, (kind, mode, owner, size, link) in expected.items():
                    relative = path[len("/usr/"):]
                    self.assertEqual(got[relative][0], kind, path)
                    self.assertEqual(got[relative][1], mode, path)
                    if kind == "file":
                        self.assertEqual(got[relative][2], size, path)
                filelist = json.loads(member_text(parcel, "REAL-1/meta/filelist.json"))
                self.assertEqual(len(filelist), 1)
                self.assertEqual(sorted(next(iter(filelist.values()))),
                                 sorted(p[len("/usr/"):] for p in expected))
                self.assertEqual(gnu_tar_names(parcel), sorted(["REAL-1"] + ["REAL-1/" + p for p in got]))
                self.assertTool(run_tool("validate", "--strict", parcel), 0)
                root = self.path("host-" + os.path.basename(deb))
                self.assertTool(run_tool("host", "--root", root, "distribute", parcel), 0)
                self.assertTool(run_tool("host", "--root", root, "activate", "REAL", "1"), 0)


if __name__ == "__main__":
    unittest.main()
