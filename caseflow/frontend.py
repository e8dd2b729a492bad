"""Front-end packages taken from the npm registry at pinned versions.

Openly licensed files (the NL Design System community CSS, Fira Sans, axe-core for the
browser tests) are vendored into the repository with their licences by
``flask caseflow vendor``. The Rijksoverheid design tokens are copyrighted and only for
central government: ``flask caseflow fetch-tokens`` puts them in an ignored folder at
install time, and the open fallback theme keeps the application styled without them.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "caseflow" / "static"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    licence: str
    files: dict[str, str]  # path inside the npm tarball -> file name in ``folder``
    folder: Path

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


VENDORED: tuple[Package, ...] = (
    Package(
        "@rijkshuisstijl-community/components-css",
        "12.0.0",
        "EUPL-1.2",
        {"package/dist/index.css": "index.css", "package/LICENSE.md": "LICENSE.md"},
        STATIC / "vendor" / "components-css",
    ),
    Package(
        "@fontsource/fira-sans",
        "5.3.0",
        "OFL-1.1",
        {
            **{
                f"package/files/fira-sans-latin-{w}-{s}.woff2": f"fira-sans-latin-{w}-{s}.woff2"
                for w in (400, 700)
                for s in ("normal", "italic")
            },
            "package/LICENSE": "LICENSE",
        },
        STATIC / "vendor" / "fira-sans",
    ),
    Package(
        "axe-core",
        "4.14.1",
        "MPL-2.0",
        {"package/axe.min.js": "axe.min.js", "package/LICENSE": "LICENSE"},
        ROOT / "tests" / "browser" / "vendor" / "axe-core",
    ),
)

# Copyrighted: never committed (the folder is in .gitignore).
TOKENS = Package(
    "@rijkshuisstijl-community/design-tokens",
    "11.1.0",
    "proprietary (Rijksoverheid)",
    {"package/dist/index.css": "index.css", "package/LICENSE.md": "LICENSE.md"},
    STATIC / "tokens",
)


def fetch(package: Package) -> list[Path]:
    """``npm pack`` the pinned version (npm checks the registry's integrity hash) and
    extract the listed files; returns the written paths."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(  # noqa: S603 - fixed command, pinned package spec
            ["npm", "pack", package.spec, "--silent", "--pack-destination", tmp],  # noqa: S607
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = Path(tmp) / result.stdout.strip().splitlines()[-1]
        return _extract(tarball, package)


def _extract(tarball: Path, package: Package) -> list[Path]:
    package.folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tarfile.open(tarball) as archive:
        for inner, name in package.files.items():
            member = archive.extractfile(inner)
            if member is None:
                raise FileNotFoundError(f"{package.spec}: {inner}")
            target = package.folder / name
            target.write_bytes(member.read())
            written.append(target)
    (package.folder / "VERSION").write_text(f"{package.spec} ({package.licence})\n")
    return written


def tokens_installed() -> bool:
    return (TOKENS.folder / "index.css").exists()
