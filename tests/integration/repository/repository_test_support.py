"""Helpers for the repository tests: build small parcels, and run a real nginx with PUT enabled."""
import os
import shutil
import socket
import subprocess
import time

from parceltool_test_support import run_tool, write

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def build_parcel(work, out_dir, name, version, distros, content="hello\n", depends=None, notes=None):
    """Builds NAME-VERSION-<distro>.parcel for each distro into out_dir with parceltool build."""
    payload = os.path.join(work, "payload-%s-%s" % (name, version))
    write(os.path.join(payload, "lib", "data.txt"), content)
    args = ["build", "--input", payload, "--name", name, "--version", version, "--output-dir", out_dir]
    for distro in distros:
        args += ["--distro", distro]
    if depends:
        args += ["--depends", depends]
    if notes is not None:
        notes_file = os.path.join(work, "notes-%s-%s.txt" % (name, version))
        with open(notes_file, "w", encoding="utf-8") as out:
            out.write(notes)
        args += ["--release-notes", notes_file]
    result = run_tool(*args, env=EPOCH)
    if result.returncode != 0:
        raise AssertionError("parceltool build failed: " + result.stderr)
    return [os.path.join(out_dir, "%s-%s-%s.parcel" % (name, version, d)) for d in distros]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """A real nginx serving `root` on 127.0.0.1 with WebDAV PUT, as a child process (not a daemon)."""

    def __init__(self, work):
        self.work = work
        self.root = os.path.join(work, "www")
        os.makedirs(self.root)
        self.port = free_port()
        self.config = os.path.join(work, "nginx.conf")
        temp = os.path.join(work, "nginx-temp")
        os.makedirs(temp)
        with open(self.config, "w", encoding="utf-8") as out:
            out.write("""
daemon off;
master_process off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {work}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location /private/ {{
            auth_basic "parcels";
            auth_basic_user_file {work}/htpasswd;
            dav_methods PUT;
            create_full_put_path on;
            client_max_body_size 0;
        }}
        location /unavailable/ {{
            return 503;
        }}
        location / {{
            dav_methods PUT;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
            client_max_body_size 0;
        }}
    }}
}}
""".format(work=work, temp=temp, port=self.port, root=self.root))
        with open(os.path.join(work, "htpasswd"), "w", encoding="utf-8") as out:
            out.write("%s:{PLAIN}%s\n" % self.CREDENTIALS)
        self.process = None

    # user and password of /private/ (basic authentication)
    CREDENTIALS = ("publisher", "s3cret")

    def requests(self, method, path):
        """How many `method` requests for `path` the access log holds.

        nginx logs a request after sending its response, so the client may be
        done before the last line is written: wait until the log has stopped
        growing (0.3 s without change, at most 5 s) before counting."""
        log_path = os.path.join(self.work, "nginx-access.log")
        deadline = time.time() + 5
        size = -1
        while time.time() < deadline:
            now = os.path.getsize(log_path) if os.path.exists(log_path) else 0
            if now == size:
                break
            size = now
            time.sleep(0.3)
        with open(log_path, encoding="utf-8") as log:
            return sum(1 for line in log if '"%s %s HTTP/' % (method, path) in line)

    def start(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx, "-c", self.config, "-p", self.work],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError("nginx exited with %d: %s%s" % (self.process.returncode,
                                     self.process.stdout.read().decode(), self.error_log()))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("nginx did not listen on port %d: %s" % (self.port, self.error_log()))

    def error_log(self):
        path = os.path.join(self.work, "nginx-error.log")
        return open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.process = None

    def url(self, path=""):
        return "http://127.0.0.1:%d/%s" % (self.port, path)
