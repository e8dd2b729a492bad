"""scripts/system-libs, which `make run`, `make test` and `.ci/run` share: it finds the
libraries WeasyPrint loads, installs what is missing when it may (root, passwordless sudo)
and otherwise stops with one sentence naming the command. Run against stand-ins for
ldconfig, id, sudo and apt-get, so the test needs neither root nor a network."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from caseflow import ROOT

SCRIPT = ROOT / "scripts" / "system-libs"
ALL = ("libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz-subset.so.0")
PACKAGES = {
    "libpango-1.0.so.0": "libpango-1.0-0",
    "libpangoft2-1.0.so.0": "libpangoft2-1.0-0",
    "libharfbuzz-subset.so.0": "libharfbuzz-subset0",
}


class FakeSystem:
    """A PATH of small shell scripts: ldconfig prints a cache kept in a file, apt-get
    records its calls and 'installs' by adding the libraries of its packages to it."""

    def __init__(self, root: Path, *, uid: int, sudo: bool, libraries: tuple[str, ...]) -> None:
        self.bin, self.cache, self.calls = root / "bin", root / "cache", root / "calls"
        self.bin.mkdir()
        self.cache.write_text(
            "".join(f"\t{lib} (libc6,x86-64) => /lib/{lib}\n" for lib in libraries)
        )
        self.calls.write_text("")
        install = "\n".join(
            f'[[ " $* " == *" {package} "* ]] && echo "\t{lib} (libc6)" >> {self.cache}'
            for lib, package in PACKAGES.items()
        )
        # Builtins only: PATH holds nothing but these stand-ins.
        self._tool("ldconfig", f'echo "libs found in cache"; echo "$(<{self.cache})"')
        self._tool("id", f"echo {uid}")
        self._tool("uname", "echo Linux")
        self._tool("apt-get", f'echo "${{AS_ROOT:-}}apt-get $*" >> {self.calls}\n{install}\ntrue')
        # sudo -n: fails without passwordless sudo; with it, runs the command as "root".
        refuse = "" if sudo else "exit 1"
        self._tool("sudo", f'[[ "$1" == -n ]] || exit 1\n{refuse}\nshift; AS_ROOT="sudo -n " "$@"')

    def _tool(self, name: str, body: str) -> None:
        path = self.bin / name
        path.write_text(f"#!/bin/bash\n{body}\n")
        path.chmod(0o755)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin)}
        return subprocess.run(
            ["/bin/bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=30
        )

    def apt_calls(self) -> list[str]:
        return [line for line in self.calls.read_text().splitlines() if "apt-get" in line]


def test_nothing_to_do_when_every_library_is_there(tmp_path: Path) -> None:
    system = FakeSystem(tmp_path, uid=1000, sudo=False, libraries=ALL)
    result = system.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert system.run("--missing").stdout == ""


def test_a_user_without_sudo_is_told_the_command_in_one_sentence(tmp_path: Path) -> None:
    system = FakeSystem(tmp_path, uid=1000, sudo=False, libraries=ALL[:2])
    result = system.run()
    assert result.returncode == 1
    assert result.stderr == (
        "caseflow needs Pango and HarfBuzz-subset for its PDF letters; install them with: "
        "sudo apt-get install libharfbuzz-subset0\n"
    )
    assert system.apt_calls() == []


@pytest.mark.parametrize(("uid", "sudo", "prefix"), [(0, False, ""), (1000, True, "sudo -n ")])
def test_root_or_passwordless_sudo_installs_what_is_missing(
    tmp_path: Path, uid: int, sudo: bool, prefix: str
) -> None:
    system = FakeSystem(tmp_path, uid=uid, sudo=sudo, libraries=())
    assert system.run("--missing").stdout.split() == list(PACKAGES.values())
    result = system.run()
    assert result.returncode == 0, result.stderr
    packages = " ".join(PACKAGES.values())
    assert system.apt_calls() == [
        f"{prefix}apt-get update -q",
        f"{prefix}apt-get install -y -q --no-install-recommends {packages}",
    ]
    assert system.run("--missing").stdout == ""


def test_an_install_that_does_not_help_still_stops(tmp_path: Path) -> None:
    system = FakeSystem(tmp_path, uid=0, sudo=False, libraries=())
    (system.bin / "apt-get").write_text("#!/bin/bash\ntrue\n")
    result = system.run()
    assert result.returncode == 1
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in result.stderr


@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("target", ["run", "test"])
def test_make_checks_the_libraries_before_the_database_and_the_venv(
    target: str, fresh: bool, tmp_path: Path
) -> None:
    """Dry run: the check is the first command, before creating .venv, pip, migrations,
    seeding or pytest (``fresh``: as on a new clone, without a .venv yet)."""
    venv = [f"VENV={tmp_path / 'venv'}"] if fresh else []
    result = subprocess.run(
        ["make", "-n", target, *venv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        # Under `make test` the parent's flags would make this make print its directory.
        env={k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}},
    )
    assert result.returncode == 0, result.stderr
    commands = [line for line in result.stdout.splitlines() if line.strip()]
    assert re.search(r"\bscripts/system-libs\b", commands[0]), commands[:3]
    assert not any("system-libs" in line for line in commands[1:])
