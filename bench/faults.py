"""Fault tests: a small production cluster on loopback, and what breaks when parts of it die.

Starts, all on 127.0.0.1 and all under one temporary directory:

- nginx (Debian's package, a non-daemon process with its own pid, logs and config), proxying
  to two web nodes with keep-alive and `proxy_next_upstream error timeout http_502 http_503`;
- two web nodes, each `outhire serve` (gunicorn, OUTHIRE_ENV=production);
- two Celery workers (concurrency 2) and one beat;
- a redis-server of its own (append-only file, fsync always) as broker and cache;
- PostgreSQL database `outhire_faults` (dropped and made again at each run);
- the object store: moto_server as S3 (OUTHIRE_STORAGE=s3), or a shared directory with
  `--storage local`.

Then runs four scenarios, each bounded in time, and prints a table:

a. 30 s of wrk load on a mix of pages (careers site, job pages, a staff page) through nginx;
   at 10 s one web node's whole process group is killed with SIGKILL (systemd restarts it 10 s
   later). Goal: no failed request (non-2xx/3xx, connection errors), nginx retrying the other
   node.
b. N resumes queued for parsing; a worker is killed (SIGKILL) while it holds tasks mid-parse
   (restarted 2 s later). Goal: every document parsed, exactly once (one "read" timeline entry,
   no lost, no duplicate results).
c. N webhook events to a local receiver that takes 1 s to answer; a worker is killed while it
   holds deliveries mid-request. Goal: every delivery received at least once, succeeded, with
   one delivery record and one successful attempt each (a re-send under the same delivery id is
   counted, not a failure: receivers de-duplicate on it).
d. Redis restarted (SHUTDOWN, 1 s down, started again) during 20 s of load and while resumes
   are queued every 0.1 s. Goal: no failed request, no task lost or run twice to a result.

Exits 1 when a goal is missed. Every process it started is killed on exit, Ctrl-C included.
Not part of `make test` (it takes about eight minutes on a busy 2-core machine): run
`make faults` or `.venv/bin/python bench/faults.py [--storage s3|local] [--keep]`. Needs nginx, wrk,
redis-server and a PostgreSQL server reachable as postgres@127.0.0.1:5432 (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This checkout's code, in this process as in the processes it starts (PYTHONPATH below), even
# when the virtualenv has another checkout installed in editable mode.
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PORTS = {"nginx": 8310, "web1": 8311, "web2": 8312, "redis": 8313, "receiver": 8314, "s3": 8315}
DATABASE = "outhire_faults"
PG = "postgres://postgres@127.0.0.1:5432"
# Short, so a dead worker's tasks come back within the run (production keeps an hour).
VISIBILITY_TIMEOUT = 15
RESUME = """{name}
Senior Software Engineer
Experience
Senior Software Engineer, Remington Rand
Jan 2015 - Present
Skills
Python, COBOL, PostgreSQL
"""

NGINX_CONF = """
worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    include {upstream};
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {proxy};
        }}
    }}
}}
"""


# --- Processes --------------------------------------------------------------------------------


class Rig:
    """The processes of the cluster, each in its own process group, all killed on exit."""

    # Restarted when they exit, after RESTART_SEC, as systemd's Restart=always does for the
    # units of deploy/systemd/.
    SUPERVISED = ("web1", "web2", "worker1", "worker2", "beat")
    RESTART_SEC = 2

    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.tmp = tmp
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        self.argv: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.killed: set[str] = set()
        # Exits nobody asked for: (name, seconds since the rig started).
        self.crashes: list[tuple[str, float]] = []
        self.began = time.monotonic()
        self.lock = threading.RLock()
        self.stopping = threading.Event()
        self.supervisor = threading.Thread(target=self._supervise, daemon=True)

    def _supervise(self) -> None:
        while not self.stopping.wait(0.2):
            for name in self.SUPERVISED:
                with self.lock:
                    proc = self.procs.get(name)
                    if proc is None or proc.poll() is None:
                        continue
                    if name in self.killed:
                        self.killed.discard(name)
                    else:
                        self.crashes.append((name, time.monotonic() - self.began))
                    del self.procs[name]
                threading.Timer(self.RESTART_SEC, self._revive, args=[name]).start()

    def _revive(self, name: str) -> None:
        with self.lock:
            if not self.stopping.is_set() and name not in self.procs:
                self.restart(name)

    def start(self, name: str, argv: list[str], **extra: str) -> subprocess.Popen:
        env = {**self.env, **extra}
        self.argv[name] = (argv, extra)
        log = open(self.tmp / f"{name}.log", "a")  # noqa: SIM115 (kept by the child)
        proc = subprocess.Popen(  # noqa: S603 (fixed arguments)
            argv,
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.procs[name] = proc
        return proc

    def restart(self, name: str) -> subprocess.Popen:
        argv, extra = self.argv[name]
        return self.start(name, argv, **extra)

    def kill9(self, name: str) -> None:
        """SIGKILL to the whole process group: the node is gone, children and all."""
        with self.lock:
            proc = self.procs[name]
            self.killed.add(name)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def crashed(self, since: float) -> list[str]:
        return [name for name, at in self.crashes if at >= since - self.began]

    def stop(self, name: str, sig: int = signal.SIGTERM, grace: float = 10) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop_all(self) -> None:
        self.stopping.set()
        for name in list(self.procs):
            self.stop(name, grace=5)

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def wait_http(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def wait_for(condition, timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def check_tools() -> None:
    missing = [t for t in ("nginx", "wrk", "redis-server", "redis-cli") if not _which(t)]
    if missing:
        raise SystemExit(
            f"bench/faults.py needs {', '.join(missing)}: apt-get install -y nginx wrk redis-server"
        )
    busy = []
    for name, port in PORTS.items():
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(f"{name} {port}")
    if busy:
        raise SystemExit(f"ports in use: {', '.join(busy)}")


def _which(tool: str) -> str | None:
    return shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")


# --- The cluster ------------------------------------------------------------------------------


def app_env(tmp: Path, storage: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "outhire.settings",
        "OUTHIRE_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "OUTHIRE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "OUTHIRE_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on loopback: TLS ends at nginx in a real deployment (docs/deploy.md).
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "OUTHIRE_TRUSTED_PROXIES": "1",
        "SITE_URL": f"http://127.0.0.1:{PORTS['nginx']}",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
        "CACHE_URL": f"redis://127.0.0.1:{PORTS['redis']}/1",
        "OUTHIRE_BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "OUTHIRE_WEBHOOK_ALLOW_PRIVATE": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "MEDIA_ROOT": str(tmp / "media"),
        "OUTHIRE_VAR_DIR": str(tmp / "var-script"),
        "LOG_LEVEL": "INFO",
        "GUNICORN_CMD_ARGS": "--worker-class gthread --threads 4 --graceful-timeout 5",
        "WEB_WORKERS": "2",
    }
    env.pop("DATABASE_URL_TEST", None)
    if storage == "s3":
        env.update(
            OUTHIRE_STORAGE="s3",
            OUTHIRE_S3_BUCKET="outhire-faults",
            OUTHIRE_S3_ENDPOINT_URL=f"http://127.0.0.1:{PORTS['s3']}",
            OUTHIRE_S3_REGION="us-east-1",
            AWS_ACCESS_KEY_ID="faults",
            AWS_SECRET_ACCESS_KEY="faults-secret",  # noqa: S106 (moto accepts any)
        )
    else:
        env["OUTHIRE_STORAGE"] = "local"
    return env


def write_nginx(tmp: Path) -> Path:
    """The rig's nginx.conf: the repository's upstream and proxy snippets, loopback ports."""
    upstream = (ROOT / "deploy/nginx/outhire-upstream.conf").read_text()
    upstream = upstream.replace("127.0.0.1:8001", f"127.0.0.1:{PORTS['web1']}")
    upstream = upstream.replace("127.0.0.1:8002", f"127.0.0.1:{PORTS['web2']}")
    (tmp / "upstream.conf").write_text(upstream)
    proxy = (ROOT / "deploy/nginx/outhire-proxy.conf").read_text()
    (tmp / "proxy.conf").write_text(proxy)
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            tmp=tmp, port=PORTS["nginx"], upstream=tmp / "upstream.conf", proxy=tmp / "proxy.conf"
        )
    )
    return conf


def start_cluster(rig: Rig, storage: str) -> None:
    tmp = rig.tmp
    (tmp / "redis").mkdir()
    rig.start(
        "redis",
        [
            _which("redis-server"),
            "--port",
            str(PORTS["redis"]),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(tmp / "redis"),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
            "--daemonize",
            "no",
        ],
    )
    wait_port(PORTS["redis"])
    if storage == "s3":
        rig.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(PORTS["s3"])])
        wait_port(PORTS["s3"])
        import boto3

        boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{PORTS['s3']}",
            region_name="us-east-1",
            aws_access_key_id="faults",
            aws_secret_access_key="faults-secret",  # noqa: S106 (moto accepts any)
        ).create_bucket(Bucket="outhire-faults")

    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {DATABASE}")
    subprocess.run(  # noqa: S603 (fixed arguments)
        [str(BIN / "outhire"), "migrate", "--verbosity", "0"], env=rig.env, cwd=ROOT, check=True
    )

    for n in (1, 2):
        port = PORTS[f"web{n}"]
        rig.start(
            f"web{n}",
            [str(BIN / "outhire"), "serve", "--bind", f"127.0.0.1:{port}"],
            OUTHIRE_VAR_DIR=str(tmp / f"var-web{n}"),
        )
        rig.start(
            f"worker{n}",
            [
                str(BIN / "celery"),
                "-A",
                "outhire",
                "worker",
                f"--hostname=worker{n}@%h",
                "--concurrency=2",
                "--loglevel=INFO",
            ],
            OUTHIRE_VAR_DIR=str(tmp / f"var-worker{n}"),
        )
    rig.start(
        "beat",
        [
            str(BIN / "celery"),
            "-A",
            "outhire",
            "beat",
            "--loglevel=INFO",
            f"--schedule={tmp / 'beat-schedule'}",
        ],
    )
    conf = write_nginx(tmp)
    nginx = _which("nginx")
    subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(tmp)], check=True)  # noqa: S603
    rig.start("nginx", [nginx, "-c", str(conf), "-p", str(tmp)])
    for n in (1, 2):
        wait_http(f"http://127.0.0.1:{PORTS[f'web{n}']}/healthz")
    wait_http(f"http://127.0.0.1:{PORTS['nginx']}/readyz")
    for n in (1, 2):
        if not wait_for(lambda n=n: "ready." in rig.log(f"worker{n}"), 60):
            raise RuntimeError(f"worker{n} did not start:\n{rig.log(f'worker{n}')[-3000:]}")
    rig.supervisor.start()


def crash_note(rig: Rig, since: float) -> str:
    crashed = rig.crashed(since)
    if not crashed:
        return ""
    return f"; unplanned exits, restarted by the supervisor: {', '.join(crashed)}"


# --- Data ---------------------------------------------------------------------------------------


def seed() -> dict:
    """A client with 60 live jobs (bench/careers.py's seed), a recruiter's session, an endpoint."""
    sys.path.insert(0, str(ROOT / "bench"))
    from careers import seed as seed_careers
    from django.test import Client as HttpClient

    from outhire.accounts.models import Client
    from outhire.requisitions.models import Requisition
    from outhire.testing import make_member, make_user
    from outhire.webhooks.services import endpoint_create

    paths = seed_careers(60)
    client = Client.objects.get(slug="bench")
    recruiter = make_member(
        make_user("rita@faults.test", "Rita Recruiter", "recruiter"), client, "recruiter"
    )
    http = HttpClient()
    http.force_login(recruiter)
    endpoint, _secret = endpoint_create(
        client=client,
        url=f"http://127.0.0.1:{PORTS['receiver']}/hook",
        events=["hire.created"],
        by=None,
    )
    jobs = list(
        Requisition.objects.filter(client=client).order_by("pk").values_list("pk", flat=True)[:3]
    )
    return {
        "client": client,
        "recruiter": recruiter,
        "cookie": f"sessionid={http.cookies['sessionid'].value}",
        "pages": [
            paths["careers site (page 1 of 10)"],
            *[f"/careers/bench/jobs/{pk}/" for pk in jobs],
            "/careers/",
        ],
        "staff": ["/candidates/", "/requisitions/"],
    }


def add_resumes(data: dict, count: int, tag: str) -> list[int]:
    from outhire.candidates.services import candidate_create, document_add

    ids = []
    for n in range(count):
        candidate = candidate_create(first_name=f"{tag}{n}", last_name="Tester", by=None)
        document = document_add(
            candidate=candidate,
            data=RESUME.format(name=f"{tag}{n} Tester").encode(),
            filename="cv.txt",
            kind="resume",
            by=data["recruiter"],
            max_bytes=1 << 20,
        )
        ids.append(document.pk)
    return ids


def parse_results(ids: list[int]) -> dict:
    """Per document: parsed or not, and how many "read" entries its parsing left."""
    from django.db.models import Count, Q

    from outhire.candidates.models import Document

    rows = Document.objects.filter(pk__in=ids).annotate(
        reads=Count(
            "candidate__timeline",
            filter=Q(
                candidate__timeline__kind="document",
                candidate__timeline__summary__startswith="Resume / CV read",
            ),
        )
    )
    parsed = sum(1 for d in rows if d.parsed_at is not None)
    duplicates = sum(max(0, d.reads - 1) for d in rows)
    return {
        "documents": len(rows),
        "parsed": parsed,
        "lost": len(ids) - parsed,
        "duplicates": duplicates,
    }


def task_ids(log: str, task: str) -> tuple[set[str], set[str]]:
    """The ids of `task` a worker log shows received, and those it shows finished."""
    received = set(re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] received", log))
    done = set(re.findall(rf"Task {re.escape(task)}\[([0-9a-f-]+)\] (?:succeeded|retry)", log))
    return received, done


def in_flight(rig: Rig, worker: str, task: str) -> int:
    received, done = task_ids(rig.log(worker), task)
    return len(received - done)


def runs(rig: Rig, task: str) -> int:
    log = rig.log("worker1") + rig.log("worker2")
    return len(re.findall(rf"Task {re.escape(task)}\[[0-9a-f-]+\] succeeded", log))


# --- Load ---------------------------------------------------------------------------------------

WRK_TIMEOUT = "30s"
WRK_LUA = """
local paths = {paths}
local cookie = "{cookie}"
local i = 0
request = function()
  i = i + 1
  local p = paths[(i % #paths) + 1]
  if p[2] then
    return wrk.format("GET", p[1], {{["Cookie"] = cookie}})
  end
  return wrk.format("GET", p[1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def start_wrk(
    tmp: Path,
    data: dict,
    seconds: int,
    connections: int = 8,
    *,
    pages: list[str] | None = None,
    staff: list[str] | None = None,
    url: str = "",
) -> subprocess.Popen:
    """wrk on a mix of pages (staff pages with the recruiter's cookie); a request slower than
    WRK_TIMEOUT counts as failed."""
    pages = data["pages"] if pages is None else pages
    staff = data["staff"] if staff is None else staff
    entries = [f'{{"{p}", false}}' for p in pages] + [f'{{"{p}", true}}' for p in staff]
    script = tmp / f"mix-{secrets.token_hex(4)}.lua"
    script.write_text(WRK_LUA.format(paths="{" + ", ".join(entries) + "}", cookie=data["cookie"]))
    return subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            _which("wrk"),
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            WRK_TIMEOUT,
            "-s",
            str(script),
            url or f"http://127.0.0.1:{PORTS['nginx']}/",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wrk_result(proc: subprocess.Popen) -> dict:
    out, _ = proc.communicate(timeout=120)
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{out}")
    requests, duration, connect, read, write, status, timeout, p50, p95 = (
        int(v) for v in line.split()[1:]
    )
    return {
        "requests": requests,
        "rps": requests / (duration / 1e6),
        "failed": connect + read + write + status + timeout,
        "detail": f"connect {connect}, read {read}, write {write}, status {status}, "
        f"timeout {timeout}",
        "p50": p50 / 1000,
        "p95": p95 / 1000,
    }


# --- Scenarios ----------------------------------------------------------------------------------


def scenario_web_node(rig: Rig, data: dict, seconds: int, kill_at: float) -> dict:
    began = time.monotonic()
    wrk = start_wrk(rig.tmp, data, seconds)
    time.sleep(kill_at)
    rig.kill9("web1")  # the supervisor starts it again, as systemd would
    killed = time.monotonic()
    back = wait_for(lambda: _answers(f"http://127.0.0.1:{PORTS['web1']}/healthz"), 120, step=0.25)
    rejoined = time.monotonic() - killed
    result = wrk_result(wrk)
    return {
        "name": "a. kill -9 a web node under load",
        "checks": {"failed requests": result["failed"]},
        "notes": f"{result['requests']} requests, {result['rps']:.0f} req/s, "
        f"p95 {result['p95']:.0f} ms ({result['detail']}); node restarted, "
        + (f"answering {rejoined:.0f} s after the kill" if back else "NOT back")
        + crash_note(rig, began),
    }


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except OSError:
        return False


def scenario_parse(rig: Rig, data: dict, count: int) -> dict:
    began = time.monotonic()
    from django.db import close_old_connections

    from outhire.candidates.tasks import parse_document

    task = "outhire.candidates.tasks.parse_document"
    ids = add_resumes(data, count, "Parse")
    before = runs(rig, task)
    for pk in ids:
        parse_document.delay(pk, data["recruiter"].pk)
    caught = wait_for(lambda: in_flight(rig, "worker1", task) > 0, 30, step=0.02)
    held = in_flight(rig, "worker1", task)
    rig.kill9("worker1")
    budget = VISIBILITY_TIMEOUT + 60

    def finished() -> bool:
        close_old_connections()
        return parse_results(ids)["parsed"] == count

    wait_for(finished, budget, step=1)
    result = parse_results(ids)
    return {
        "name": "b. kill -9 a worker mid-parse",
        "checks": {
            "tasks lost": result["lost"],
            "duplicates": result["duplicates"] + abs(result["documents"] - count),
            "killed with no task held": 0 if caught and held else 1,
        },
        "notes": f"{count} resumes; worker held {held} task(s) when killed; "
        f"{runs(rig, task) - before} runs finished for {count} documents "
        "(repeats found the document read and left it)" + crash_note(rig, began),
    }


class Receiver:
    """The webhook receiver: records each delivery id, answers 200 after `delay` seconds."""

    def __init__(self, delay: float) -> None:
        self.ids: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.ids.append(self.headers.get("X-Outhire-Delivery", ""))
                time.sleep(delay)
                with contextlib.suppress(OSError):  # the worker may be dead by now
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", PORTS["receiver"]), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def scenario_webhooks(rig: Rig, data: dict, count: int) -> dict:
    began = time.monotonic()
    from django.db import close_old_connections, transaction
    from django.db.models import Count, Q

    from outhire.webhooks.models import Delivery
    from outhire.webhooks.services import event_emit

    task = "outhire.webhooks.tasks.deliver"
    receiver = Receiver(delay=1.0)
    try:
        start = Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for n in range(count):
            with transaction.atomic():
                event_emit(client=data["client"], event="hire.created", payload={"n": n})
        caught = wait_for(lambda: in_flight(rig, "worker2", task) > 0, 30, step=0.02)
        held = in_flight(rig, "worker2", task)
        rig.kill9("worker2")
        ours = Delivery.objects.filter(pk__gt=start)

        def finished() -> bool:
            close_old_connections()
            return not ours.exclude(status=Delivery.Status.SUCCEEDED).exists()

        wait_for(finished, VISIBILITY_TIMEOUT + 90, step=1)
        rows = list(ours.annotate(ok=Count("attempt_set", filter=Q(attempt_set__status_code=200))))
    finally:
        receiver.close()
    received = set(receiver.ids)
    pending = [d.pk for d in rows if d.status != Delivery.Status.SUCCEEDED]
    never = [d.pk for d in rows if str(d.pk) not in received]
    resent = len(receiver.ids) - len(received)
    return {
        "name": "c. kill -9 a worker mid-delivery",
        "checks": {
            "tasks lost": len(set(pending) | set(never)),
            "duplicates": abs(len(rows) - count) + sum(max(0, d.ok - 1) for d in rows),
            "killed with no task held": 0 if caught and held else 1,
        },
        "notes": f"{count} events, {len(rows)} delivery records; worker held {held} "
        f"delivery(ies) when killed; receiver got {len(receiver.ids)} requests for "
        f"{len(received)} ids ({resent} re-sent under the same id, for it to drop)"
        + crash_note(rig, began),
    }


def scenario_redis(rig: Rig, data: dict, seconds: int) -> dict:
    began = time.monotonic()
    from django.db import close_old_connections, transaction

    from outhire.candidates.tasks import parse_document
    from outhire.lib.tasks import enqueue

    ids = add_resumes(data, 120, "Redis")
    queued: list[int] = []
    failures: list[str] = []

    def send() -> None:
        for pk in ids:
            try:
                # As the upload views do: queued when the transaction commits.
                with transaction.atomic():
                    enqueue(parse_document, pk, data["recruiter"].pk)
                queued.append(pk)
            except Exception as error:  # noqa: BLE001 (counted: a task lost at sending)
                failures.append(f"{type(error).__name__}: {error}"[:200])
                with open(rig.tmp / "send-failures.log", "a") as log:
                    log.write(traceback.format_exc() + "\n")
            time.sleep(0.1)

    wrk = start_wrk(rig.tmp, data, seconds)
    sender = threading.Thread(target=send)
    time.sleep(3)
    sender.start()
    time.sleep(2)
    stopped = time.monotonic()
    subprocess.run(  # noqa: S603 (fixed arguments)
        [_which("redis-cli"), "-p", str(PORTS["redis"]), "shutdown"],
        capture_output=True,
        check=False,
    )
    rig.procs["redis"].wait(10)
    time.sleep(1)
    rig.restart("redis")
    wait_port(PORTS["redis"])
    down = time.monotonic() - stopped
    sender.join(60)
    result = wrk_result(wrk)

    def finished() -> bool:
        close_old_connections()
        return parse_results(ids)["parsed"] == len(ids)

    wait_for(finished, VISIBILITY_TIMEOUT + 90, step=1)
    parsed = parse_results(ids)
    return {
        "name": "d. restart Redis under load and enqueueing",
        "checks": {
            "failed requests": result["failed"],
            # A resume whose sending failed is among those never parsed.
            "tasks lost": parsed["lost"],
            "duplicates": parsed["duplicates"],
        },
        "notes": f"Redis down {down:.1f} s; {result['requests']} requests, "
        f"{result['rps']:.0f} req/s ({result['detail']}); {len(queued)} of {len(ids)} "
        f"resumes queued ({len(failures)} sends failed"
        + (
            f": {'; '.join(sorted(set(failures)))}; tracebacks in send-failures.log"
            if failures
            else ""
        )
        + f"), {parsed['parsed']} parsed"
        + crash_note(rig, began),
    }


def sizing(rig: Rig, data: dict, seconds: int) -> str:
    """Requests per second and p95 of one web node (2 gunicorn gthread workers x 4 threads),
    straight to gunicorn (no nginx), one page at a time, 8 connections, after 3 s of warm-up."""
    url = f"http://127.0.0.1:{PORTS['web2']}/"
    cases = [
        ("careers site (page 1)", [data["pages"][0]], []),
        ("job page", [data["pages"][1]], []),
        ("staff: candidates list", [], ["/candidates/"]),
        ("staff: requisitions list", [], ["/requisitions/"]),
    ]
    lines = [
        "| page | req/s | p50 ms | p95 ms | failed | load average before |",
        "|---|---|---|---|---|---|",
    ]
    for label, pages, staff in cases:
        # Warm-up, not counted: each gunicorn worker's first requests import and fill the cache.
        wrk_result(start_wrk(rig.tmp, data, 3, pages=pages, staff=staff, url=url))
        load = os.getloadavg()[0]
        result = wrk_result(start_wrk(rig.tmp, data, seconds, pages=pages, staff=staff, url=url))
        lines.append(
            f"| {label} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p95']:.1f} "
            f"| {result['failed']} | {load:.1f} |"
        )
    return "\n".join(lines)


# --- Main ---------------------------------------------------------------------------------------


def table(results: list[dict]) -> tuple[str, bool]:
    lines = ["| scenario | check | count | goal |", "|---|---|---|---|"]
    ok = True
    for result in results:
        for check, count in result["checks"].items():
            ok = ok and count == 0
            lines.append(f"| {result['name']} | {check} | {count} | 0 |")
    notes = [f"- {r['name']}: {r['notes']}" for r in results]
    return "\n".join([*lines, "", *notes]), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--storage", choices=["s3", "local"], default="s3")
    parser.add_argument("--seconds", type=int, default=30, help="load of scenario a")
    parser.add_argument("--kill-at", type=float, default=10)
    parser.add_argument("--resumes", type=int, default=60, help="parse jobs of scenario b")
    parser.add_argument("--webhooks", type=int, default=24, help="events of scenario c")
    parser.add_argument("--only", default="abcd", help="the scenarios to run, e.g. --only cd")
    parser.add_argument(
        "--sizing", type=int, default=0, help="first measure one node, this many s per page"
    )
    parser.add_argument("--keep", action="store_true", help="keep the directory and database")
    args = parser.parse_args()
    check_tools()
    if args.storage == "s3" and not (BIN / "moto_server").exists():
        raise SystemExit("--storage s3 needs moto_server: .venv/bin/pip install -e '.[dev]'")

    tmp = Path(tempfile.mkdtemp(prefix="outhire-faults-"))
    tmp.chmod(0o755)  # nginx's workers run as nobody
    env = app_env(tmp, args.storage)
    rig = Rig(tmp, env)
    # Ctrl-C and SIGTERM end in the `finally` below, which stops every process.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    results: list[dict] = []
    try:
        print(f"starting the cluster in {tmp} (storage: {args.storage})", flush=True)
        start_cluster(rig, args.storage)
        os.environ.update(env)
        import django

        django.setup()
        from outhire.lib.scopes import unscoped

        # The script acts for the provider, as a command does (outhire/cli.py).
        with unscoped():
            data = seed()
            if args.sizing:
                print(sizing(rig, data, args.sizing), flush=True)
            scenarios = {
                "a": lambda: scenario_web_node(rig, data, args.seconds, args.kill_at),
                "b": lambda: scenario_parse(rig, data, args.resumes),
                "c": lambda: scenario_webhooks(rig, data, args.webhooks),
                "d": lambda: scenario_redis(rig, data, 20),
            }
            for key, run in scenarios.items():
                if key in args.only:
                    print(f"{key} ...", flush=True)
                    results.append(run())
    finally:
        rig.stop_all()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if not args.keep:
            with contextlib.suppress(Exception):
                import psycopg

                with psycopg.connect(f"{PG}/postgres", autocommit=True) as db:
                    db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            shutil.rmtree(tmp, ignore_errors=True)
    text, ok = table(results)
    load = os.getloadavg()
    print(f"\n{text}\n\nload average at the end: {load[0]:.1f} on {os.cpu_count()} cores")
    print(json.dumps({"ok": ok}))
    print("all goals met" if ok else "GOALS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
