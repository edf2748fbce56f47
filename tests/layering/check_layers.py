#!/usr/bin/env python3
"""Checks that #include directives point down the layers of DESIGN.md.

    cli -> transfer -> oss -> auth/http -> util
    server -> oss (types, XML) / auth / util

A file's layer is its directory: src/<layer>/... . Every quoted include
names the layer it reaches into as its first path component
("oss/names.h"); a file may include its own layer and the layers below it,
nothing else. include/ossxfer/ is the public API: every layer may include
it, and it includes only itself, so that a library user needs nothing but
include/.

What the rules below encode beyond the one-line summary, and why:
  - auth and http are peers: neither includes the other today, and a
    signer that needed a connection (or the reverse) would be a design
    change, not an include.
  - server is beside transfer, not above it: serve must never depend on the
    client's transfer engine. It may use http (the upload callback POSTs to
    the application's server through http/), which is below oss.
  - cli is the top: it runs transfers and also hosts `ossxfer serve`.

Exit status 0 when every include is allowed, 1 with one line per broken
rule ("path:line: ..."), 2 on bad usage.

    python3 tests/layering/check_layers.py [--root REPO]

Standard library only.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys
from typing import Iterator, NamedTuple

PUBLIC_API = "ossxfer"

# Each layer and the layers it may include besides itself and the public
# API. Order matters only for the messages: lowest first.
ALLOWED: dict[str, tuple[str, ...]] = {
    "util": (),
    "auth": ("util",),
    "http": ("util",),
    "oss": ("auth", "http", "util"),
    "transfer": ("oss", "auth", "http", "util"),
    "server": ("oss", "auth", "http", "util"),
    "cli": ("transfer", "server", "oss", "auth", "http", "util"),
}

SOURCE_SUFFIXES = {".h", ".hpp", ".cc", ".cpp", ".in"}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]*)"')


class Violation(NamedTuple):
    path: str  # relative to the root
    line: int
    included: str
    rule: str

    def __str__(self) -> str:
        return f'{self.path}:{self.line}: #include "{self.included}": {self.rule}'


def explain(layer: str, target: str) -> str:
    """Why `layer` may not include `target` (both known layers)."""
    if layer == PUBLIC_API:
        return (f"a public header of include/{PUBLIC_API}/ includes only "
                f'"{PUBLIC_API}/..." (the public API must stand on its own)')
    allowed = ", ".join((layer,) + ALLOWED[layer] + (PUBLIC_API,))
    if layer in _below(target):
        why = f"{target} is above {layer}: dependencies point down"
    elif {layer, target} == {"auth", "http"}:
        why = "auth and http are peers: neither includes the other"
    elif {layer, target} == {"server", "transfer"}:
        why = ("server and transfer are siblings: serve never uses the "
               "client's transfer engine, nor transfer serve")
    else:
        why = f"{target} is not below {layer}"
    return f"{layer} may not include {target} ({why}; {layer} may include {allowed})"


def _below(layer: str) -> set[str]:
    """Every layer `layer` reaches, directly or through others."""
    seen: set[str] = set()
    pending = list(ALLOWED[layer])
    while pending:
        lower = pending.pop()
        if lower not in seen:
            seen.add(lower)
            pending.extend(ALLOWED[lower])
    return seen


def layer_of(relative: pathlib.PurePosixPath) -> str | None:
    """The layer of a file under src/<layer>/ or include/ossxfer/."""
    parts = relative.parts
    if len(parts) >= 3 and parts[0] == "src":
        return parts[1]
    if len(parts) >= 3 and parts[0] == "include" and parts[1] == PUBLIC_API:
        return PUBLIC_API
    return None


def source_files(root: pathlib.Path) -> Iterator[pathlib.Path]:
    for top in (root / "src", root / "include" / PUBLIC_API):
        if not top.is_dir():
            continue
        for path in sorted(top.rglob("*")):
            if path.is_file() and path.suffix in SOURCE_SUFFIXES:
                yield path


def check_file(root: pathlib.Path, path: pathlib.Path) -> list[Violation]:
    relative = pathlib.PurePosixPath(path.relative_to(root).as_posix())
    layer = layer_of(relative)
    violations: list[Violation] = []
    if layer is None:
        return violations
    if layer != PUBLIC_API and layer not in ALLOWED:
        violations.append(Violation(
            str(relative), 1, "",
            f"src/{layer}/ is not a layer this checker knows: add it to "
            f"ALLOWED in {pathlib.Path(__file__).name} with the layers it "
            f"may include"))
        return violations
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = INCLUDE.match(line)
        if not match:
            continue
        included = match.group(1)
        target = included.split("/", 1)[0] if "/" in included else None
        if target is None or (target != PUBLIC_API and target not in ALLOWED):
            violations.append(Violation(
                str(relative), number, included,
                'a project include names its layer directory ("util/file.h", '
                f'"{PUBLIC_API}/status.h"); system and library headers use <>'))
            continue
        if target == layer:
            continue
        if target == PUBLIC_API:
            continue
        if layer == PUBLIC_API or target not in ALLOWED[layer]:
            violations.append(
                Violation(str(relative), number, included,
                          explain(layer, target)))
    return violations


def check_tree(root: pathlib.Path) -> tuple[int, list[Violation]]:
    """(files checked, violations) for the tree at `root`."""
    count = 0
    violations: list[Violation] = []
    for path in source_files(root):
        count += 1
        violations.extend(check_file(root, path))
    return count, violations


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=pathlib.Path,
        default=pathlib.Path(__file__).resolve().parents[2],
        help="the repository to check (default: the one holding this script)")
    args = parser.parse_args(argv)
    if not (args.root / "src").is_dir():
        print(f"check_layers: {args.root} has no src/ directory",
              file=sys.stderr)
        return 2
    count, violations = check_tree(args.root)
    for violation in violations:
        print(violation)
    if violations:
        print(f"check_layers: {len(violations)} include(s) break the layering "
              f"of DESIGN.md (in {count} files under {args.root})")
        return 1
    print(f"check_layers: {count} files, every include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
