#!/usr/bin/env python3
"""Proves that check_layers.py can fail: it is run, as ctest runs it, over
small trees written to a temp directory, each with one deliberate violation
(or none), and must fail naming the file, the line and the rule, or pass.

    python3 tests/layering/check_layers_test.py

Standard library only.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECKER = pathlib.Path(__file__).resolve().parent / "check_layers.py"

# A tree that keeps every rule: each layer includes itself, the layers
# below it and the public API.
CLEAN_TREE = {
    "include/ossxfer/status.h": '#include "ossxfer/result.h"\n',
    "include/ossxfer/result.h": "#include <string>\n",
    "src/util/file.h": '#include "ossxfer/status.h"\n',
    "src/util/file.cc": '#include "util/file.h"\n\n#include <fcntl.h>\n',
    "src/auth/signer.cc": '#include "util/file.h"\n',
    "src/http/connection.cc": '#include "util/file.h"\n',
    "src/oss/client.cc":
        '#include "auth/signer.h"\n#include "http/connection.h"\n',
    "src/transfer/downloader.cc": '#include "oss/client.h"\n',
    "src/server/router.cc":
        '#include "oss/names.h"\n#include "http/connection.h"\n',
    "src/cli/main.cc":
        '#include "transfer/downloader.h"\n#include "server/router.h"\n',
}


def run_checker(files: dict[str, str]) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="check_layers_test.") as root:
        for name, text in files.items():
            path = pathlib.Path(root, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return subprocess.run(
            [sys.executable, str(CHECKER), "--root", root],
            capture_output=True, text=True, check=False)


class CheckLayersTest(unittest.TestCase):

    def assertFailsNaming(self, extra: dict[str, str], *needles: str) -> str:
        result = run_checker({**CLEAN_TREE, **extra})
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        for needle in needles:
            self.assertIn(needle, result.stdout)
        return result.stdout

    def test_a_clean_tree_passes(self):
        result = run_checker(CLEAN_TREE)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("every include points down", result.stdout)

    def test_an_include_of_a_higher_layer_fails_naming_file_line_and_rule(self):
        out = self.assertFailsNaming(
            {"src/util/bad.cc": '#include "util/file.h"\n\n'
                                '#include "oss/client.h"\n'},
            'src/util/bad.cc:3: #include "oss/client.h"',
            "util may not include oss",
            "oss is above util")
        # Only the offending line is reported.
        self.assertEqual(out.count("src/util/bad.cc"), 1, out)

    def test_transfer_including_cli_fails(self):
        self.assertFailsNaming(
            {"src/transfer/bad.h": '#include "cli/exit_codes.h"\n'},
            "src/transfer/bad.h:1:", "cli is above transfer")

    def test_server_including_transfer_fails(self):
        self.assertFailsNaming(
            {"src/server/bad.cc": '#include "transfer/part_plan.h"\n'},
            "src/server/bad.cc:1:", "server may not include transfer",
            "siblings")

    def test_server_including_cli_fails(self):
        self.assertFailsNaming(
            {"src/server/bad.cc": '#include "cli/store_url.h"\n'},
            "src/server/bad.cc:1:", "cli is above server")

    def test_transfer_including_server_fails(self):
        self.assertFailsNaming(
            {"src/transfer/bad.cc": '#include "server/object_store.h"\n'},
            "src/transfer/bad.cc:1:", "transfer may not include server")

    def test_auth_and_http_are_peers(self):
        self.assertFailsNaming(
            {"src/auth/bad.cc": '#include "http/connection.h"\n',
             "src/http/bad.cc": '#include "auth/signer.h"\n'},
            "src/auth/bad.cc:1:", "src/http/bad.cc:1:", "peers")

    def test_a_public_header_including_an_internal_one_fails(self):
        self.assertFailsNaming(
            {"include/ossxfer/bad.h": '#include "util/file.h"\n'},
            "include/ossxfer/bad.h:1:", "public API must stand on its own")

    def test_an_include_without_its_layer_directory_fails(self):
        self.assertFailsNaming(
            {"src/oss/bad.cc": '#include "client.h"\n'},
            'src/oss/bad.cc:1: #include "client.h"', "names its layer")

    def test_an_unknown_layer_directory_fails(self):
        self.assertFailsNaming(
            {"src/gui/window.cc": '#include "util/file.h"\n'},
            "src/gui/window.cc", "not a layer this checker knows")

    def test_commented_out_and_angle_includes_are_ignored(self):
        result = run_checker({
            **CLEAN_TREE, "src/util/quiet.cc":
                '// #include "cli/main.h"\n#include <oss/not_ours.h>\n'
        })
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
