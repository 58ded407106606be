"""Helpers for the `parceltool host` tests: build parcels, snapshot trees, run verbs."""
import io
import os
import stat
import tarfile

from parceltool_test_support import ToolTestCase, run_tool, write


def snapshot(root):
    """{relative path: (kind, mode, content or link target)} of everything below root, links not followed."""
    tree = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            relative = os.path.relpath(path, root)
            if stat.S_ISLNK(info.st_mode):
                tree[relative] = ("link", 0, os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                tree[relative] = ("dir", stat.S_IMODE(info.st_mode), None)
            else:
                with open(path, "rb") as data:
                    tree[relative] = ("file", stat.S_IMODE(info.st_mode), data.read())
    return tree


def tar_member(name, kind="file", data=b"", linkname="", mode=None):
    info = tarfile.TarInfo(name)
    info.type = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
                 "hardlink": tarfile.LNKTYPE, "fifo": tarfile.FIFOTYPE, "chr": tarfile.CHRTYPE}[kind]
    info.mode = mode if mode is not None else (0o755 if kind == "dir" else 0o644)
    info.linkname = linkname
    if kind == "chr":
        info.devmajor, info.devminor = 1, 3
    info.size = len(data) if kind == "file" else 0
    return info, (io.BytesIO(data) if kind == "file" else None)


def valid_meta(name, version):
    top = f"{name}-{version}"
    parcel_json = ('{"schema_version": 1, "name": "%s", "version": "%s", "setActiveSymlink": true, '
                   '"scripts": {"defines": "env.sh"}, "packages": [], "components": '
                   '[{"name": "x", "version": "1", "pkg_version": "1"}], "users": {}, "groups": []}'
                   % (name, version)).encode()
    return [(f"{top}", "dir", b"", ""), (f"{top}/meta", "dir", b"", ""),
            (f"{top}/meta/parcel.json", "file", parcel_json, ""), (f"{top}/meta/env.sh", "file", b"", "")]


def write_tar_parcel(path, members):
    """members: [(name, kind, data, linkname)], written in that order, gzip-compressed."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for name, kind, data, linkname in members:
            info, content = tar_member(name, kind, data, linkname)
            archive.addfile(info, content)
    return path


class HostTestCase(ToolTestCase):
    def setUp(self):
        super().setUp()
        self.root = self.path("root")

    def host(self, *args):
        return run_tool("host", "--root", self.root, *args)

    def host_ok(self, *args):
        result = self.host(*args)
        self.assertTool(result, 0)
        return result

    def build(self, name, version, files, extra=(), distro="el7"):
        """Builds NAME-VERSION-DISTRO.parcel from {relative path: (content, mode)} with parceltool build."""
        source = self.path("src", f"{name}-{version}")
        for relative, (content, mode) in files.items():
            write(os.path.join(source, relative), content, mode)
        out = self.path("out")
        self.assertTool(run_tool("build", "--input", source, "--name", name, "--version", version,
                                 "--distro", distro, "--output-dir", out, *extra), 0)
        return os.path.join(out, f"{name}-{version}-{distro}.parcel")
