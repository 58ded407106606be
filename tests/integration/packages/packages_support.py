"""Helpers for the package-conversion tests: build RPMs and DEBs with the real tools, read their listings."""
import io
import lzma
import os
import re
import stat
import subprocess
import tarfile

from parceltool_test_support import ToolTestCase

_KINDS = {"-": "file", "d": "dir", "l": "symlink", "h": "hardlink"}


def parse_mode(text):
    """'-rwsr-xr-x' -> 0o4755 (the permission bits, special bits included)."""
    bits = 0
    for index, (char, (plain, special)) in enumerate(zip(text[1:], [
            (stat.S_IRUSR, 0), (stat.S_IWUSR, 0), (stat.S_IXUSR, stat.S_ISUID),
            (stat.S_IRGRP, 0), (stat.S_IWGRP, 0), (stat.S_IXGRP, stat.S_ISGID),
            (stat.S_IROTH, 0), (stat.S_IWOTH, 0), (stat.S_IXOTH, stat.S_ISVTX)])):
        if char in "rwx":
            bits |= plain
        elif char in "sst" and special:
            bits |= special | plain
        elif char in "SST" and special:
            bits |= special
    return bits


def rpm_listing(rpm):
    """{path: (kind, mode, user, group, size, link)} from `rpm -qlvp` (what rpm itself reports)."""
    out = subprocess.run(["rpm", "-qlvp", rpm], capture_output=True, text=True, check=True).stdout
    entries = {}
    for line in out.splitlines():
        match = re.match(r"(\S+)\s+\d+\s+(\S+)\s+(\S+)\s+(\d+)\s+\S+\s+\d+\s+\S+\s+(/.*?)(?: -> (.*))?$", line)
        assert match, line
        mode, user, group, size, path, link = match.groups()
        entries[path] = (_KINDS.get(mode[0], "other"), parse_mode(mode), user, group, int(size), link or "")
    return entries


def deb_listing(deb):
    """{path: (kind, mode, owner, size, link)} from `dpkg-deb -c`."""
    out = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True).stdout
    entries = {}
    for line in out.splitlines():
        match = re.match(r"(\S+) (\S+)\s+(\d+) \S+ \S+ \./(.*?)(?: -> (.*)| link to \./(.*))?$", line)
        assert match, line
        mode, owner, size, path, link, hardlink = match.groups()
        path = path.rstrip("/")
        if path:
            entries["/" + path] = (_KINDS.get(mode[0], "other"), parse_mode(mode), owner, int(size),
                                   link or ("/" + hardlink if hardlink else ""))
    return entries


def parcel_listing(parcel):
    """{path below the top folder: (kind, mode, size, link)} with Python's tarfile."""
    kinds = {tarfile.DIRTYPE: "dir", tarfile.REGTYPE: "file", tarfile.SYMTYPE: "symlink", tarfile.LNKTYPE: "hardlink"}
    with tarfile.open(parcel, "r:gz") as archive:
        entries = {}
        for member in archive.getmembers():
            _, _, rest = member.name.partition("/")
            if rest:
                entries[rest] = (kinds.get(member.type, "other"), member.mode, member.size, member.linkname)
        return entries


def gnu_tar_names(parcel):
    out = subprocess.run(["tar", "-tzf", parcel], capture_output=True, text=True, check=True).stdout
    return sorted(line.rstrip("/") for line in out.splitlines())


DEMO_SPEC = """\
Name: demo
Version: 1.2
Release: 3.el7
Epoch: 2
Summary: a package with every kind of entry
License: Apache-2.0
BuildArch: noarch
%description
demo
%install
root=%{buildroot}/opt/vendor/demo/1.2
mkdir -p $root/bin $root/lib $root/etc $root/share/empty
printf '#!/bin/sh\\necho hi\\n' > $root/bin/tool
chmod 755 $root/bin/tool
printf 'data' > $root/lib/a.txt
ln $root/lib/a.txt $root/lib/b.txt
: > $root/lib/empty
ln -s /opt/vendor/demo/1.2/bin/tool $root/lib/abs-link
ln -s ../bin/tool $root/lib/rel-link
echo conf > $root/etc/demo.conf
printf 'x' > $root/bin/suid
%post
echo post
%preun
echo preun
%files
%dir /opt/vendor/demo/1.2
/opt/vendor/demo/1.2/bin/tool
%attr(4755,root,demo) /opt/vendor/demo/1.2/bin/suid
%attr(0750,svc,svc) %dir /opt/vendor/demo/1.2/share/empty
/opt/vendor/demo/1.2/lib
%config(noreplace) /opt/vendor/demo/1.2/etc/demo.conf
%attr(0644,svc,svc) %ghost /opt/vendor/demo/1.2/etc/demo.log
"""


def rpmbuild(topdir, spec_text, payload="w19.zstdio", name="demo.spec"):
    """Builds the spec with rpmbuild (Debian's rpm package) and returns the one binary RPM."""
    for sub in ("SPECS", "BUILD", "RPMS", "SOURCES", "SRPMS"):
        os.makedirs(os.path.join(topdir, sub), exist_ok=True)
    spec = os.path.join(topdir, "SPECS", name)
    with open(spec, "w", encoding="utf-8") as out:
        out.write(spec_text)
    subprocess.run(["rpmbuild", "--define", f"_topdir {topdir}", "--define", f"_binary_payload {payload}",
                    "--define", "_build_id_links none", "-bb", spec], capture_output=True, check=True)
    found = []
    for root, _, files in os.walk(os.path.join(topdir, "RPMS")):
        found += [os.path.join(root, f) for f in files if f.endswith(".rpm")]
    assert len(found) == 1, found
    return found[0]


def ar_archive(members):
    """An ar archive (deb(5)'s container) from [(name, bytes)], written by hand for the hostile cases."""
    data = b"!<arch>\n"
    for name, content in members:
        header = f"{name:<16}{0:<12}{0:<6}{0:<6}{0o100644:<8o}{len(content):<10}`\n".encode()
        data += header + content + (b"\n" if len(content) % 2 else b"")
    return data


def tar_bytes(members, compression=""):
    """A tar stream from [(name, kind, data, linkname, mode)] with Python's tarfile."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:" + compression, format=tarfile.GNU_FORMAT) as archive:
        for name, kind, data, linkname, mode in members:
            info = tarfile.TarInfo(name)
            info.mode = mode
            info.type = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE,
                         "hardlink": tarfile.LNKTYPE, "fifo": tarfile.FIFOTYPE}[kind]
            info.linkname = linkname
            info.size = len(data) if kind == "file" else 0
            archive.addfile(info, io.BytesIO(data) if kind == "file" else None)
    return buffer.getvalue()


CONTROL = b"Package: handmade\nVersion: 1.0-1\nArchitecture: all\nMaintainer: t <t@example.org>\nDescription: t\n"


def hand_deb(path, data_members, compression="xz", control=CONTROL, data_name=None):
    suffix = {"": "", "gz": ".gz", "xz": ".xz", "bz2": ".bz2", "lzma": ".lzma"}[compression]
    control_tar = tar_bytes([("./", "dir", b"", "", 0o755), ("./control", "file", control, "", 0o644)], "gz")
    if compression == "lzma":  # tarfile cannot write it; dpkg reads the old .lzma format
        data = lzma.compress(tar_bytes(data_members), format=lzma.FORMAT_ALONE)
    else:
        data = tar_bytes(data_members, compression)
    with open(path, "wb") as out:
        out.write(ar_archive([("debian-binary", b"2.0\n"), ("control.tar.gz", control_tar),
                              (data_name or "data.tar" + suffix, data)]))
    return path


class PackageTestCase(ToolTestCase):
    pass
