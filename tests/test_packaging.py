"""The wheel and the sdist carry the whole app, its licence and honest metadata.

Both are built from the files git tracks (what a fresh clone holds), so a template, a
stylesheet or a catalog that the packaging leaves out fails here, not in a portal.
"""

from __future__ import annotations

import email
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("uv") is None or shutil.which("git") is None, reason="needs uv and git"
)


def tracked_files(under: str = "") -> list[str]:
    result = subprocess.run(
        ["git", "ls-files", "-z", "--", under] if under else ["git", "ls-files", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in result.stdout.split("\0") if name]


def app_data_files() -> list[str]:
    """Every file git tracks in the package that is not Python source or a .po catalog."""
    return [
        name
        for name in tracked_files("wagtail_govdisclosure")
        if not name.endswith((".py", ".po"))
    ]


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(wheel, sdist) of a copy of the tracked files; the wheel is built from the sdist."""
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"
    for name in tracked_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target)
    subprocess.run(
        ["uv", "build", "--quiet", "--out-dir", str(root / "dist"), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (root / "dist").glob("*.whl")
    (sdist,) = (root / "dist").glob("*.tar.gz")
    return wheel, sdist


def test_the_app_has_data_files_to_ship() -> None:
    names = app_data_files()
    assert "wagtail_govdisclosure/locale/zh_Hans/LC_MESSAGES/django.mo" in names
    assert any(n.startswith("wagtail_govdisclosure/registers/templates/") for n in names)


def test_the_wheel_carries_every_data_file_of_the_app(dists: tuple[Path, Path]) -> None:
    wheel, _ = dists
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    missing = [name for name in app_data_files() if name not in shipped]
    assert not missing, "Not in the wheel:\n" + "\n".join(missing)


def test_the_sdist_carries_every_file_of_the_app(dists: tuple[Path, Path]) -> None:
    _, sdist = dists
    with tarfile.open(sdist) as archive:
        shipped = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = [*tracked_files("wagtail_govdisclosure"), "LICENSE", "README.md", "pyproject.toml"]
    missing = [name for name in wanted if name not in shipped]
    assert not missing, "Not in the sdist:\n" + "\n".join(missing)


def test_the_wheel_metadata(dists: tuple[Path, Path]) -> None:
    wheel, _ = dists
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(metadata_name))
        licence = archive.read(metadata_name.replace("METADATA", "licenses/LICENSE")).decode()
    assert licence == (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "BSD 3-Clause" in licence
    assert "wagtail-govdisclosure contributors" in licence
    assert metadata["License-Expression"] == "BSD-3-Clause"
    assert metadata.get_all("License-File") == ["LICENSE"]
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL"))
    assert set(urls) >= {"Documentation", "Source", "Issues"}
    classifiers = set(metadata.get_all("Classifier"))
    for version in ("Django :: 5.2", "Django :: 6.0", "Django :: 6.1", "Wagtail :: 7",
                    "Wagtail :: 8"):
        assert f"Framework :: {version}" in classifiers
    # The registers' dependencies come with the extra only.
    requires = metadata.get_all("Requires-Dist")
    core = [r for r in requires if "extra ==" not in r]
    registers = [r for r in requires if 'extra == "registers"' in r]
    for name in ("wagtail-modeladmin", "django-import-export", "openpyxl", "tablib", "holidays"):
        assert not any(r.startswith(name) for r in core), f"{name} is a core dependency"
        assert any(r.startswith(name) for r in registers), f"{name} is not in [registers]"
    # The README on an index page: no link into the repository's docs/ that only works on
    # the repository's own page.
    description = metadata.get_payload()
    assert "](docs/" not in description
    assert f"]({urls['Documentation'].replace('/tree/', '/blob/')}/installing.md)" in description


def test_the_core_imports_nothing_of_the_registers_extra() -> None:
    """A portal without ``[registers]`` must be able to import every core module."""
    extra_modules = ("wagtail_modeladmin", "import_export", "openpyxl", "tablib", "holidays")
    offenders = []
    for path in sorted((REPO / "wagtail_govdisclosure").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if relative.startswith("wagtail_govdisclosure/registers/"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("import", "from"):
                if words[1].split(".")[0] in extra_modules:
                    offenders.append(f"{relative}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
