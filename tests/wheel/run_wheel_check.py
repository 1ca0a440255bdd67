"""``make test-wheel``: install the built wheel into a stock Wagtail portal, as the docs say.

1. Build the wheel (``uv build --wheel``) from the files git tracks, as a fresh clone has
   them, and check that every tracked file of the app that is not ``.py``/``.po`` is in it.
2. Install it with ``[registers]`` into a new virtualenv (Python 3.11; versions pinned to
   ``uv.lock``), run ``wagtail start``.
3. Append the code blocks of ``docs/installing.md`` marked ``python title="settings.py"``
   to the portal's settings and insert those marked ``python title="urls.py"`` before its
   page serving: the doc is what the portal gets, so the two cannot drift.
4. Run the documented commands (``migrate``, ``check``, ``govdisclosure_load_topics``,
   ``govdisclosure_create_agency_groups``, ``govdisclosure_load_report``), create the
   column's pages and publish the seed report (``portal_steps.py``), and fetch every page,
   the PDF, the API and the registers' admin pages as a visitor and as an editor.

Prints one line per check and closes with ``wheel: N passed, M failed``; the exit status
is 1 when anything failed. Standard library only: runs with any Python 3.11+.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DOC = REPO / "docs" / "installing.md"
SEED = REPO / "tests" / "fixtures" / "jiaxiang-kejiju-2022.json"
PROJECT = "portal"
PYTHON = os.environ.get("WHEEL_CHECK_PYTHON", "3.11")
SUPERUSER = {"DJANGO_SUPERUSER_USERNAME": "admin", "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
             "DJANGO_SUPERUSER_PASSWORD": "wheel-check-admin"}

BLOCK = re.compile(r'^```python title="(?P<target>[^"]+)"\n(?P<code>.*?)^```$', re.S | re.M)


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def record(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)
        return ok


def run(command: list[str], *, cwd: Path | None = None, env: dict | None = None,
        timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def must(result: subprocess.CompletedProcess, what: str) -> str:
    if result.returncode != 0:
        output = f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        raise SystemExit(f"{what} failed ({result.returncode}):\n{output}")
    return result.stdout


def uv() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def tracked_files(under: str = "") -> list[str]:
    out = must(run(["git", "ls-files", "-z", *([under] if under else [])], cwd=REPO), "git")
    return [name for name in out.split("\0") if name]


def doc_blocks() -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    for match in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        blocks.setdefault(match["target"], []).append(match["code"])
    return blocks


def build_wheel(work: Path, checks: Checks) -> Path:
    source = work / "source"
    for name in tracked_files():
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    must(run([*uv(), "build", "--wheel", "--quiet", "--out-dir", str(work / "dist"),
              str(source)]), "uv build --wheel")
    (wheel,) = (work / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    data_files = [n for n in tracked_files("wagtail_govdisclosure")
                  if not n.endswith((".py", ".po"))]
    missing = [n for n in data_files if n not in shipped]
    checks.record(f"wheel carries the {len(data_files)} data files of the app", not missing,
                  ", ".join(missing[:10]))
    licence = [n for n in shipped if n.endswith(".dist-info/licenses/LICENSE")]
    checks.record("wheel carries LICENSE", bool(licence))
    return wheel


def install(work: Path, wheel: Path) -> Path:
    venv = work / "venv"
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    must(run([*uv(), "venv", "--quiet", "--python", PYTHON, str(venv)], env=env), "uv venv")
    python = venv / "bin" / "python"
    constraints = work / "constraints.txt"
    must(run([*uv(), "export", "--quiet", "--frozen", "--no-hashes", "--no-emit-project",
              "--extra", "registers", "--output-file", str(constraints)], cwd=REPO, env=env),
         "uv export")
    must(run([*uv(), "pip", "install", "--quiet", "--python", str(python),
              "--constraints", str(constraints), f"{wheel}[registers]"], env=env),
         "installing the wheel")
    return python


def make_portal(work: Path, python: Path, checks: Checks) -> Path:
    site = work / "site"
    site.mkdir()
    must(run([str(python.parent / "wagtail"), "start", PROJECT, str(site)]), "wagtail start")
    blocks = doc_blocks()
    settings_blocks, url_blocks = blocks.get("settings.py", []), blocks.get("urls.py", [])
    checks.record(f"installing.md: {len(settings_blocks)} settings and {len(url_blocks)} URL "
                  "blocks", bool(settings_blocks) and bool(url_blocks))
    settings = site / PROJECT / "settings" / "base.py"
    with settings.open("a", encoding="utf-8") as handle:
        for code in settings_blocks:
            handle.write("\n# From docs/installing.md\n" + code)
    urls = site / PROJECT / "urls.py"
    text = urls.read_text(encoding="utf-8")
    catch_all = "urlpatterns = urlpatterns + ["
    if not checks.record("stock urls.py has Wagtail's page serving last", catch_all in text):
        raise SystemExit("the stock urls.py changed: update docs/installing.md")
    inserted = "".join("# From docs/installing.md\n" + code + "\n" for code in url_blocks)
    urls.write_text(text.replace(catch_all, inserted + catch_all, 1), encoding="utf-8")
    return site


def manage(python: Path, site: Path, *args: str, env: dict | None = None
           ) -> subprocess.CompletedProcess:
    return run([str(python), "manage.py", *args], cwd=site, env=env)


def documented(command: str) -> bool:
    return f"python manage.py {command}" in DOC.read_text(encoding="utf-8")


def portal_step(python: Path, site: Path, step: str, checks: Checks) -> dict:
    result = run([str(python), str(HERE / "portal_steps.py"), step], cwd=site)
    ok = result.returncode == 0
    checks.record(f"portal: {step}", ok, "" if ok else result.stderr.strip()[-2000:])
    if not ok:
        raise SystemExit(1)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args()
    began = time.monotonic()
    checks = Checks()
    work = Path(tempfile.mkdtemp(prefix="govdisclosure-wheel-"))
    try:
        wheel = build_wheel(work, checks)
        python = install(work, wheel)
        site = make_portal(work, python, checks)
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        for args in (
            ("migrate", "--noinput"),
            ("check", "--fail-level", "WARNING"),
            ("govdisclosure_load_topics",),
        ):
            result = manage(python, site, *args, env=env)
            checks.record(f"manage.py {' '.join(args)}",
                          result.returncode == 0 and documented(args[0]),
                          (result.stderr or result.stdout).strip()[-1500:]
                          if result.returncode else "")
        must(manage(python, site, "createsuperuser", "--noinput", env={**env, **SUPERUSER}),
             "createsuperuser")
        pages = portal_step(python, site, "pages", checks)
        for args in (
            ("govdisclosure_create_agency_groups", "--all"),
            ("govdisclosure_load_report", str(SEED), "--parent", str(pages["report_index_id"])),
        ):
            result = manage(python, site, *args, env=env)
            checks.record(f"manage.py {args[0]}", result.returncode == 0 and documented(args[0]),
                          (result.stderr or result.stdout).strip()[-1500:]
                          if result.returncode else "")
        published = portal_step(python, site, "publish", checks)
        checks.record("seed report published after filling its totals",
                      published["filled"] > 0, json.dumps(published, ensure_ascii=False))
        for item in portal_step(python, site, "fetch", checks)["results"]:
            checks.record(f"{item['who']:7} GET {item['url']}", item["ok"],
                          "; ".join(item["problems"]))
    except SystemExit as stop:
        if stop.code not in (0, None):
            checks.record("the run stopped", False, str(stop.code)[-4000:])
    finally:
        if options.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        print(f"wheel: {checks.passed} passed, {checks.failed} failed "
              f"in {time.monotonic() - began:.0f} s")
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
