"""The reference deployment on one machine: every process on 127.0.0.1, started and stopped here.

PostgreSQL (must answer on 127.0.0.1:5432; a fresh database is made), Redis (Debian's
``redis-server``: used if answering on 127.0.0.1:6379, else started), an S3 API emulator
(moto's server), two gunicorn application servers (A and B) and one task worker
(``manage.py govdisclosure_worker``). Every server shares the database, the cache and the
bucket, as on separate machines. :class:`Stack` is a context manager: whatever happens,
the processes it started are stopped.

Used by ``deployment/check_deployment.py`` (``make test-deployment``) and
``benchmarks/bench_load.py``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MANAGE = [sys.executable, str(ROOT / "example_site" / "manage.py")]
DATABASE = os.environ.get("DEPLOYMENT_DATABASE", "govdisclosure_deployment")
POSTGRES = os.environ.get("DEPLOYMENT_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_PORT = 6379
# Redis database 13 (P13): apart from other users of the machine's Redis.
REDIS_URL = os.environ.get("DEPLOYMENT_REDIS_URL", f"redis://127.0.0.1:{REDIS_PORT}/13")
BUCKET = "govdisclosure-pdfs"
WORKER_ID = "worker-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(check, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


class Stack:
    """The processes of the deployment; ``with Stack() as stack:`` starts and stops them."""

    def __init__(self, *, server_workers: int = 2, server_threads: int = 4) -> None:
        self.server_workers = server_workers
        self.server_threads = server_threads
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs = Path(tempfile.mkdtemp(prefix="govdisclosure-deployment-"))
        self.s3_port = free_port()
        self.ports = {"A": free_port(), "B": free_port()}
        self.environment = {
            **os.environ,
            "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
            "REDIS_URL": REDIS_URL,
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "AWS_ACCESS_KEY_ID": "deployment-test",
            "AWS_SECRET_ACCESS_KEY": "deployment-test",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECRET_KEY": "deployment-test-only",
            "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            # A killed renderer's lock expires sooner than in production (120 s).
            "WAGTAIL_GOVDISCLOSURE_PDF_RENDER_TIMEOUT": "20",
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'example_site'}",
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
        }

    # --- the processes ---------------------------------------------------------------

    def url(self, server: str, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.ports[server]}{path}"

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[name] = process
        return process

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def manage(self, *args: str, timeout: float = 600) -> str:
        began = time.monotonic()
        completed = subprocess.run(
            [*MANAGE, *args],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if completed.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
        print(f"  manage.py {args[0]}: {time.monotonic() - began:.0f} s", flush=True)
        return completed.stdout

    def start_worker(self) -> subprocess.Popen:
        return self.start(
            "worker",
            [*MANAGE, "govdisclosure_worker", "--worker-id", WORKER_ID, "--interval", "0.2"],
        )

    def start_server(self, server: str) -> None:
        self.start(
            f"server-{server}",
            [
                str(VENV_BIN / "gunicorn"),
                "example_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.ports[server]}",
                "--workers",
                str(self.server_workers),
                "--threads",
                str(self.server_threads),
                "--timeout",
                "60",
                # Idle kept-alive connections stay open as long as a browser keeps them.
                "--keep-alive",
                "75",
            ],
        )

    # --- the whole ----------------------------------------------------------------------

    def __enter__(self) -> Stack:
        try:
            self._up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _up(self) -> None:
        import redis

        if not answers_postgres():
            raise RuntimeError("PostgreSQL is not answering on 127.0.0.1:5432")
        recreate_database()
        if not port_open(REDIS_PORT):
            server = shutil.which("redis-server")
            if server is None:
                raise RuntimeError(
                    "redis-server is not installed (Debian: apt-get install redis-server)"
                )
            self.start(
                "redis", [server, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""]
            )
            wait_for(lambda: port_open(REDIS_PORT), "Redis")
        self.start(
            "s3",
            [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)],
        )
        wait_for(lambda: answers(f"http://127.0.0.1:{self.s3_port}/"), "the S3 emulator")
        self.s3().create_bucket(Bucket=BUCKET)
        # Migrate and load the demo in one process (a Django start costs seconds).
        self.manage(
            "shell",
            "-c",
            "from django.core.management import call_command\n"
            "call_command('migrate', interactive=False, verbosity=0)\n"
            "call_command('load_demo_portal')",
        )
        # Nothing left in the cache by an earlier run (locks, cached pages).
        redis.Redis.from_url(REDIS_URL).flushdb()
        self.start_worker()
        for server in self.ports:
            self.start_server(server)
        for server in self.ports:
            wait_for(lambda server=server: answers(self.url(server)), f"server {server}")

    def __exit__(self, *exc_info: object) -> None:
        for name in reversed(list(self.processes)):
            self.stop(name)

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.environment["S3_ENDPOINT_URL"],
            aws_access_key_id="deployment-test",
            aws_secret_access_key="deployment-test",
            region_name="us-east-1",
        )

    def bucket_names(self, prefix: str = "") -> list[str]:
        listing = self.s3().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def answers_postgres() -> bool:
    return port_open(5432)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
