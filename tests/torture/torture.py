#!/usr/bin/env python3
"""Randomized crash trials for `ossxfer cp` (issue 12, section 3).

Each trial downloads an object from, or uploads a file to, a fresh
`ossxfer serve` with random sizes, part sizes and parallelism, fault rules
of every action serve has, kill -9 (and Ctrl-C) at random and at targeted
moments, pre-existing destinations and planted symbolic links, and runs the
same `ossxfer cp` command again until it succeeds. It asserts what README
promises: identical bytes, no litter after success, the destination intact
after every failed run, no multipart upload left open, the re-fetched bytes
of a killed download within the documented bound, and the documented exit
codes. Every trial has its own seed: `--seed S --trial K` runs trial K of
seed S again with the same choices (only the timing of the machine varies).

    python3 tests/torture/torture.py --bin build/release/ossxfer --trials 200
    python3 tests/torture/torture.py --bin build/release/ossxfer --seed 7 --trial 41

Standard library only (Python 3.9+, Linux: inotify through ctypes, pidfd).
"""

from __future__ import annotations

import argparse
import base64
import ctypes
import ctypes.util
import dataclasses
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[2]
KIB = 1024
MIB = 1024 * 1024
MIN_PART = 100 * KIB  # OSS's "100 KB" minimum part
MAX_PART = 16 * MIB
MAX_OBJECT = 64 * MIB
# Small parts are slow (each completion is a checkpoint: ~60 ms a part at
# -j 1 here), so a trial has at most this many.
MAX_PARTS_PER_TRIAL = 200
ACCESS_KEY_ID = "ak"
ACCESS_KEY_SECRET = "sk"
REGION = "cn-hangzhou"
BUCKET = "torture"
SYNTHETIC_BUCKET = "synthetic"
FAULT_ACTIONS = ("error", "reset", "stall", "throttle", "replace", "flip",
                 "drop_part")
# A run that takes longer than this is stuck, not slow: the biggest trial
# (64 MiB) finishes in a few seconds here, and a stalled connection costs
# the client's 30 s low-speed timeout.
RUN_TIMEOUT_S = 120.0
# Names of the checkpoint temp files a replace writes (.NAME.dcp.tmp-XXXX):
# a kill while one exists is a kill during a checkpoint replace.
CHECKPOINT_TEMP = re.compile(r"\.(dcp|ucp)\.tmp")
CHECKPOINT = re.compile(r"\.(dcp|ucp)$")


def refetch_bound(parallel: int, part_size: int) -> int:
    """What one kill -9 of a download may cost its resume in re-fetched bytes.

    The single place of the documented bound (README "Downloads and the
    disk"); the re-fetch assertion multiplies it by the number of kills.
    """
    return (parallel * part_size + max(parallel * part_size // 4, 1 << 20)
            + parallel * min(part_size, 1 << 20))


def io_bytes(pid: int, field: str) -> int:
    """A counter of /proc/PID/io: "wchar" (bytes passed to write/pwrite: a
    download's file, not its sockets) or "rchar" (read/pread: an upload's
    source file; recv on a socket is not counted); -1 once gone."""
    try:
        with open(f"/proc/{pid}/io") as io:
            for line in io:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return -1


def mentions_symlink(text: str) -> bool:
    return bool(re.search(r"symbolic link|symlink|ELOOP|too many levels", text, re.I))


def documented_exit_codes() -> set[int]:
    """The codes of README's "Exit codes" table, so that a code the README
    adds is accepted without editing this file (and one it drops is not)."""
    try:
        text = (REPO / "README.md").read_text()
        section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
        codes = {int(m) for m in re.findall(r"^\|\s*(\d+)\s*\|", section, re.M)}
        if codes:
            return codes
    except (OSError, IndexError):
        pass
    return {0, 1, 2, 3, 4, 5, 6, 130}


# --------------------------------------------------------------------------
# Expected content.


_synthetic_block: Optional[bytes] = None
_synthetic_lock = threading.Lock()


def synthetic_block() -> bytes:
    """The repeated block of serve's synthetic bucket (src/server/
    synthetic_object.cc: splitmix64 from a fixed seed, period 1048573, the
    largest prime below 1 MiB), so a synthetic object's SHA-256 is known
    without fetching it (fetching would count in bytes_served)."""
    global _synthetic_block
    with _synthetic_lock:
        if _synthetic_block is None:
            period = 1048573
            mask = (1 << 64) - 1
            state = 0x6F73737866657221
            words = []
            for _ in range((period + 7) // 8):
                state = (state + 0x9E3779B97F4A7C15) & mask
                z = state
                z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
                z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
                words.append(z ^ (z >> 31))
            _synthetic_block = struct.pack(f"<{len(words)}Q", *words)[:period]
        return _synthetic_block


def synthetic_sha256(size: int) -> str:
    block = synthetic_block()
    digest = hashlib.sha256()
    remaining = size
    while remaining:
        piece = block[: min(len(block), remaining)]
        digest.update(piece)
        remaining -= len(piece)
    return digest.hexdigest()


def file_sha256(path: Path) -> Optional[str]:
    """SHA-256 of a regular file, None if there is none (a symbolic link is
    read through: what matters is what the name shows)."""
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(4 * MIB):
                digest.update(chunk)
        return digest.hexdigest()
    except FileNotFoundError:
        return None


def replaced_versions(content: bytes, count: int) -> list[str]:
    """SHA-256 of each version a `replace` fault gives a stored object: serve
    overwrites it with its own bytes, byte 0 XOR 0x5A (an empty object
    becomes "x"). A download may legitimately end with any of them: it
    keeps one consistent version, whichever it started on."""
    shas = [hashlib.sha256(content).hexdigest()]
    for _ in range(count):
        content = (bytes([content[0] ^ 0x5A]) + content[1:]) if content else b"x"
        shas.append(hashlib.sha256(content).hexdigest())
    return shas


# --------------------------------------------------------------------------
# inotify, to kill the moment a file appears (a checkpoint temp, the first
# work file): polling a directory from Python would miss a replace that
# lasts a few milliseconds.


class Inotify:
    IN_MOVED_TO = 0x80
    IN_CREATE = 0x100
    _libc = None

    def __init__(self, directories: list[Path]):
        if Inotify._libc is None:
            Inotify._libc = ctypes.CDLL(ctypes.util.find_library("c"),
                                        use_errno=True)
        self.fd = Inotify._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        for directory in directories:
            wd = Inotify._libc.inotify_add_watch(
                self.fd, os.fsencode(directory),
                Inotify.IN_CREATE | Inotify.IN_MOVED_TO)
            if wd < 0:
                raise OSError(ctypes.get_errno(), f"inotify_add_watch {directory}")

    def names(self) -> list[str]:
        """The names created since the last call (non-blocking)."""
        try:
            data = os.read(self.fd, 64 * KIB)
        except BlockingIOError:
            return []
        names, offset = [], 0
        while offset + 16 <= len(data):
            _, _, _, length = struct.unpack_from("iIII", data, offset)
            raw = data[offset + 16: offset + 16 + length]
            names.append(os.fsdecode(raw.rstrip(b"\0")))
            offset += 16 + length
        return names

    def close(self):
        os.close(self.fd)


# --------------------------------------------------------------------------
# Talking to serve without the CLI: object setup and checks, the list of
# multipart uploads, the admin endpoint. V1 signatures (serve checks them),
# so these requests never depend on the code under test.


class Serve:
    """One `ossxfer serve` process on its own root."""

    def __init__(self, binary: Path, root: Path, log: Path):
        self.process = subprocess.Popen(
            [str(binary), "serve", "--root", str(root), "--access-key-id",
             ACCESS_KEY_ID, "--access-key-secret", ACCESS_KEY_SECRET],
            stdout=subprocess.PIPE, stderr=open(log, "wb"))
        # The first stdout line is the bound address: readiness without
        # sleeping. The rest is drained so that serve can never block on it.
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline().decode().strip() if ready else ""
        if not line.startswith("http://"):
            self.process.kill()
            raise RuntimeError(f"serve did not print its address (got {line!r})")
        self.endpoint = line
        self.host, port = urllib.parse.urlsplit(line).netloc.rsplit(":", 1)
        self.port = int(port)
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def request(self, method: str, path: str, body: bytes = b"",
                subresource: str = "", sign: bool = True,
                sink=None) -> tuple[int, dict, bytes]:
        """One request; path is "/bucket/key" (unencoded). With a sink the
        body is streamed to it instead of returned."""
        headers = {}
        if sign:
            date = email.utils.formatdate(usegmt=True)
            resource = path + (f"?{subresource}" if subresource else "")
            if path.count("/") == 1:  # a bucket: "/bucket/"
                resource = path + "/" + (f"?{subresource}" if subresource else "")
            to_sign = f"{method}\n\n\n{date}\n{resource}"
            signature = base64.b64encode(hmac.new(
                ACCESS_KEY_SECRET.encode(), to_sign.encode(),
                hashlib.sha1).digest()).decode()
            headers = {"Date": date,
                       "Authorization": f"OSS {ACCESS_KEY_ID}:{signature}"}
        url = urllib.parse.quote(path, safe="/")
        if path.count("/") == 1 and sign:
            url += "/"
        if subresource:
            url += "?" + subresource
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, url, body=body, headers=headers)
            response = connection.getresponse()
            if sink is None:
                data = response.read()
            else:
                data = b""
                while chunk := response.read(4 * MIB):
                    sink(chunk)
            return response.status, dict(response.getheaders()), data
        finally:
            connection.close()

    def stats(self) -> dict:
        status, _, body = self.request("GET", "/_ossxfer/stats", sign=False)
        assert status == 200, f"GET /_ossxfer/stats: HTTP {status}"
        return json.loads(body)

    def set_faults(self, rules: list[dict]):
        status, _, body = self.request("PUT", "/_ossxfer/faults",
                                       json.dumps({"rules": rules}).encode(),
                                       sign=False)
        if status // 100 != 2:
            raise RuntimeError(f"PUT /_ossxfer/faults: HTTP {status}: {body!r}")

    def clear_faults(self):
        self.request("DELETE", "/_ossxfer/faults", sign=False)

    def make_bucket(self, bucket: str):
        status, _, body = self.request("PUT", f"/{bucket}")
        if status != 200:
            raise RuntimeError(f"PutBucket: HTTP {status}: {body!r}")

    def put_object(self, key: str, data: bytes) -> str:
        status, headers, body = self.request("PUT", f"/{BUCKET}/{key}", data)
        if status != 200:
            raise RuntimeError(f"PutObject: HTTP {status}: {body!r}")
        return headers.get("ETag", "")

    def head_object(self, key: str) -> Optional[dict]:
        status, headers, _ = self.request("HEAD", f"/{BUCKET}/{key}")
        if status == 404:
            return None
        if status != 200:
            raise RuntimeError(f"HeadObject: HTTP {status}")
        return {"etag": headers.get("ETag", ""),
                "size": int(headers.get("Content-Length", "0"))}

    def object_sha256(self, bucket: str, key: str) -> Optional[str]:
        digest = hashlib.sha256()
        status, _, body = self.request("GET", f"/{bucket}/{key}",
                                       sink=digest.update)
        if status == 404:
            return None
        if status != 200:
            raise RuntimeError(f"GetObject: HTTP {status}")
        return digest.hexdigest()

    def open_uploads(self, bucket: str = BUCKET) -> list[tuple[str, str]]:
        """(key, upload id) of every unfinished multipart upload, all pages."""
        uploads, marker = [], ""
        while True:
            sub = "uploads" + (f"&key-marker={urllib.parse.quote(marker[0])}"
                               f"&upload-id-marker={marker[1]}" if marker else "")
            status, _, body = self.request("GET", f"/{bucket}", subresource=sub)
            if status != 200:
                raise RuntimeError(f"ListMultipartUploads: HTTP {status}: {body!r}")
            root = ElementTree.fromstring(body)
            ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
            for upload in root.iter(f"{ns}Upload"):
                uploads.append((upload.findtext(f"{ns}Key"),
                                upload.findtext(f"{ns}UploadId")))
            if root.findtext(f"{ns}IsTruncated") != "true":
                return uploads
            marker = (root.findtext(f"{ns}NextKeyMarker") or "",
                      root.findtext(f"{ns}NextUploadIdMarker") or "")

    def stop(self) -> Optional[int]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode


# --------------------------------------------------------------------------
# The plan of a trial: every random choice, drawn from the trial's own seed
# before anything runs, so `--seed S --trial K` repeats it.


@dataclasses.dataclass
class Interruption:
    """How one run is interrupted.

    mode: "random" (SIGKILL once the process has moved `delay` x the size:
    written to the file for a download, read from the source for an upload,
    from /proc/PID/io, so the moment is spread over the transfer however
    slow it is), "immediate" (SIGKILL within 3 ms of the start), "checkpoint-replace" (SIGKILL the moment the
    `skip`+1-th checkpoint temp file appears), "before-checkpoint"
    (download: SIGKILL when its first work file appears; upload: when its
    multipart upload appears on the server, before any checkpoint),
    "sigint" (SIGINT, like Ctrl-C, at a moment drawn as for "random").
    """
    mode: str
    delay: float = 0.0
    skip: int = 0


@dataclasses.dataclass
class TrialPlan:
    seed: int
    trial: int
    kind: str  # "download" or "upload"
    size: int
    size_class: str  # 0, 1, part-1, part, part+1, k*part+d, small, large
    part_size: int
    parallel: int
    synthetic: bool  # download from the synthetic bucket
    faults: list[dict]
    fault_runs: int  # the rules are removed before run fault_runs + 1
    stall_watchdog: Optional[float]  # kill a run with rules after this long
    interruptions: list[Interruption]
    preexisting: Optional[str]  # None, "empty", "smaller", "same-size", "larger"
    verify: str  # "on", "off" (every run --no-verify), "mixed" (reruns without faults --no-verify)
    checkpoint_dir: bool
    no_checkpoint: bool
    no_direct_io: bool
    planted_link: Optional[str]  # suffix of a work file planted as a symlink
    name: str

    @property
    def max_runs(self) -> int:
        return len(self.interruptions) + self.fault_runs + 4

    def describe(self) -> str:
        fields = dataclasses.asdict(self)
        return json.dumps(fields, sort_keys=True)


def draw_part_size(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.2:
        return MIN_PART
    if roll < 0.35:
        return rng.choice([MIB, 2 * MIB, 4 * MIB, 8 * MIB, 16 * MIB])
    size = int(MIN_PART * (MAX_PART / MIN_PART) ** rng.random())
    # Half the time a multiple of 4 KiB, half not: O_DIRECT writes need
    # aligned blocks, and a part that ends mid-block is a different path.
    return max(MIN_PART, size // 4096 * 4096) if rng.random() < 0.5 else size


def draw_size(rng: random.Random, part: int) -> tuple[int, str]:
    classes = ["0", "1", "part-1", "part", "part+1", "k*part+d", "small", "large"]
    weights = [7, 6, 9, 9, 9, 14, 36, 10]
    size_class = rng.choices(classes, weights)[0]
    if size_class == "0":
        size = 0
    elif size_class == "1":
        size = 1
    elif size_class == "part-1":
        size = part - 1
    elif size_class == "part":
        size = part
    elif size_class == "part+1":
        size = part + 1
    elif size_class == "k*part+d":
        k = rng.randint(2, max(2, min(6, MAX_OBJECT // part)))
        size = k * part + rng.choice([-1, 0, 1])
    elif size_class == "small":
        size = rng.randint(2, 4 * MIB)
    else:
        size = rng.randint(4 * MIB, MAX_OBJECT)
    # Thousands of 100 KiB parts take minutes (a checkpoint per part here,
    # an fsynced file per part in serve) and test nothing that 200 do not.
    if size > part * MAX_PARTS_PER_TRIAL:
        size = rng.randint(part * 8, part * MAX_PARTS_PER_TRIAL)
    return min(size, MAX_OBJECT), size_class


def draw_parallel(rng: random.Random) -> int:
    return rng.choices([1, rng.randint(2, 4), rng.randint(5, 8), rng.randint(9, 16)],
                       [15, 40, 30, 15])[0]


def draw_fault(rng: random.Random, kind: str, action: str, key: str,
               size: int, part: int) -> dict:
    """One fault rule of `action` with random selectors. Upload rules always
    name the key and a method, so that the harness's own requests (HEAD of
    the object, ListMultipartUploads) never match them."""
    body = max(1, min(size, part))  # bytes of one GET's body at most
    rule: dict = {"action": action}
    if action == "error":
        if kind == "download":
            status, code = rng.choice([
                (500, "InternalError"), (503, "SlowDown"),
                (503, "ServiceUnavailable"), (429, "TooManyRequests"),
                (408, "RequestTimeout"), (403, "AccessDenied"),
                (404, "NoSuchKey"), (412, "PreconditionFailed")])
            if status == 412:
                rule["method"] = "GET"
            elif rng.random() < 0.5:
                rule["method"] = rng.choice(["GET", "HEAD"])
        else:
            # No NoSuchUpload: it would tell the client the upload is gone
            # while serve still has it, and the "no upload left open" check
            # would blame the client for the harness's lie.
            status, code = rng.choice([
                (500, "InternalError"), (503, "SlowDown"),
                (429, "TooManyRequests"), (408, "RequestTimeout"),
                (403, "AccessDenied")])
            rule["method"] = rng.choice(["PUT", "PUT", "POST", "GET", "DELETE"])
        rule.update(status=status, code=code)
    elif action == "reset":
        rule["after_bytes"] = rng.randint(0, body)
        rule["method"] = "GET" if kind == "download" else "PUT"
    elif action == "stall":
        rule["after_bytes"] = rng.randint(0, body)
    elif action == "throttle":
        # Slow enough to be felt, fast enough that a part takes <= ~2 s.
        rule["bytes_per_second"] = max(256 * KIB, part // 2, rng.randint(256 * KIB, 8 * MIB))
    elif action == "replace":
        rule["after_bytes"] = rng.randint(0, max(0, body - 1))
    elif action == "flip":
        rule["after_bytes"] = rng.randint(0, max(0, body - 1))
    elif action == "drop_part":
        rule["method"] = "PUT"
    # How often: once or a few times, sometimes every k-th, sometimes for
    # good (until the harness removes the rules).
    roll = rng.random()
    if roll < 0.55:
        rule["count"] = rng.randint(1, 3)
    elif roll < 0.75:
        rule["every"] = rng.randint(2, 4)
        rule["count"] = rng.randint(1, 6)
    elif roll < 0.9:
        rule["probability"] = round(rng.uniform(0.2, 0.8), 2)
        rule["count"] = rng.randint(1, 8)
    # else: unlimited
    if action in ("stall", "replace") and "count" not in rule:
        rule["count"] = 1
    if kind == "upload" or rng.random() < 0.5:
        rule["key"] = rng.choice([key, "*" + key[-5:]])  # exact, or a glob
    return rule


def make_plan(seed: int, trial: int) -> TrialPlan:
    rng = random.Random(f"ossxfer-torture:{seed}:{trial}")
    kind = "download" if trial % 2 == 0 else "upload"
    part = draw_part_size(rng)
    size, size_class = draw_size(rng, part)
    parallel = draw_parallel(rng)
    synthetic = kind == "download" and rng.random() < 0.5
    name = rng.choice(["object.bin", "with space.bin", "ünïcödé.dat", "x",
                       "data.tar.gz"])
    key = f"dir/trial-{trial}.bin"
    if synthetic:
        key = f"{size}.bin"

    verify = rng.choices(["on", "off", "mixed"], [75, 10, 15])[0]
    if kind == "download":
        actions = ["error", "reset", "stall", "throttle", "flip"]
        if not synthetic:
            actions.append("replace")  # serve cannot overwrite generated bytes
        if verify == "off":
            # With no CRC64 at all a flipped bit is accepted, as documented.
            actions.remove("flip")
    else:
        actions = ["error", "reset", "drop_part"]  # the rest act on GET bodies
    faults = []
    for _ in range(rng.choices([0, 1, 2], [35, 45, 20])[0]):
        faults.append(draw_fault(rng, kind, rng.choice(actions), key, size, part))
    if kind == "download" and verify == "mixed" and rng.random() < 0.7:
        # The point of "mixed": a verified run that fails verification (a
        # bit flipped in every GET of a part, re-fetches included), then a
        # --no-verify rerun, which must not keep the bytes that failed.
        faults.append({"action": "flip", "after_bytes": rng.randint(0, max(0, min(size, part) - 1)),
                       **({"count": rng.randint(3, 30)} if rng.random() < 0.5 else {})})
    fault_runs = rng.randint(1, 3)
    has_stall = any(rule["action"] == "stall" for rule in faults)
    # A stalled connection is left by the client's low-speed timeout (30 s,
    # no flag) or by a kill; mostly the kill, to keep trials short.
    stall_watchdog = None
    if has_stall and rng.random() < 0.85:
        stall_watchdog = round(rng.uniform(1.0, 4.0), 3)
    elif has_stall:
        for rule in faults:  # waited out: one stall costs 30 s
            if rule["action"] == "stall":
                rule["count"] = 1

    interruptions = []
    for _ in range(rng.choices([0, 1, 2, 3, 4, 5], [28, 35, 20, 8, 5, 4])[0]):
        mode = rng.choices(["random", "immediate", "checkpoint-replace",
                            "before-checkpoint", "sigint"],
                           [35, 5, 25, 22, 13])[0]
        interruptions.append(Interruption(mode, delay=round(rng.random(), 4),
                                          skip=rng.choice([0, 0, 0, 1, 2, 5])))

    preexisting = None
    if rng.random() < 0.35:
        preexisting = rng.choice(["empty", "smaller", "same-size", "larger"])
    checkpoint_dir = rng.random() < 0.15
    no_checkpoint = kind == "download" and not checkpoint_dir and rng.random() < 0.05
    no_direct_io = kind == "download" and rng.random() < 0.2
    planted_link = None
    if not checkpoint_dir and not no_checkpoint and rng.random() < 0.08:
        planted_link = rng.choice([".ossxfer-tmp", ".dcp"] if kind == "download"
                                  else [".ucp", ".ucp.lock"])
    return TrialPlan(seed, trial, kind, size, size_class, part, parallel,
                     synthetic, faults, fault_runs, stall_watchdog,
                     interruptions, preexisting, verify, checkpoint_dir,
                     no_checkpoint, no_direct_io, planted_link, name)


# --------------------------------------------------------------------------
# Running one `ossxfer cp` under an interruption plan.


@dataclasses.dataclass
class RunRecord:
    number: int
    argv: list[str]
    returncode: int
    seconds: float
    signal_sent: Optional[str] = None  # "SIGKILL", "SIGINT"
    interruption: Optional[str] = None  # the mode that sent it
    landed: Optional[bool] = None  # the targeted moment was really hit
    watchdog: bool = False
    faults_active: bool = False
    # What serve counted in faults_fired during the run (action -> n), and
    # what our rules say fired (a replace counts in faults_fired only once
    # its overwrite commits, which may be after the run was killed).
    fired: dict = dataclasses.field(default_factory=dict)
    rules_fired: dict = dataclasses.field(default_factory=dict)
    error_statuses: set = dataclasses.field(default_factory=set)
    result: Optional[dict] = None  # the --json transfer line
    # Failed or killed with the destination already complete (a kill after
    # the final rename): the next run starts over, by design.
    completed: bool = False
    stderr: str = ""


class Trial:
    def __init__(self, plan: TrialPlan, binary: Path, work: Path, reproduce: str):
        self.plan = plan
        self.binary = binary
        self.dir = work / f"trial-{plan.trial}"
        self.reproduce = reproduce
        self.failures: list[tuple[str, str]] = []  # (assertion, detail)
        self.runs: list[RunRecord] = []
        self.log_lines: list[str] = []
        self.outcome = "?"
        # (re-fetched, allowed, kills x parallel x part size)
        self.refetch: Optional[tuple[int, int, int]] = None
        self.faults_fired: dict[str, int] = {a: 0 for a in FAULT_ACTIONS}
        self.bytes_served = 0
        self.refused_link = False
        self.changed_etags: list[str] = []  # objects seen after failed uploads

    # -- helpers ----------------------------------------------------------

    def log(self, text: str):
        self.log_lines.append(text)

    def fail(self, assertion: str, detail: str):
        self.failures.append((assertion, detail))
        self.log(f"FAIL [{assertion}] {detail}")

    def listing(self, directory: Path) -> list[str]:
        try:
            return sorted(os.listdir(directory))
        except FileNotFoundError:
            return []

    # -- the trial --------------------------------------------------------

    def run(self) -> "Trial":
        plan = self.plan
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self.home = self.dir / "home"
        self.local = self.dir / "local"      # the destination or source directory
        self.checkpoints = self.dir / "checkpoints"
        self.outside = self.dir / "outside"  # the victim of a planted link
        for d in (self.home, self.local, self.checkpoints, self.outside):
            d.mkdir()
        self.log(f"plan {plan.describe()}")
        self.serve = Serve(self.binary, self.dir / "root", self.dir / "serve.log")
        try:
            self.body()
        except Exception as error:  # a harness error is a failure too
            self.fail("harness", f"{type(error).__name__}: {error}")
            self.log(traceback.format_exc())
        finally:
            code = self.serve.stop()
            if code != 0:
                self.fail("serve-exit", f"serve ended with {code} (log: serve.log)")
        self.outcome = "fail" if self.failures else self.outcome
        (self.dir / "trial.log").write_text("\n".join(self.log_lines) + "\n")
        return self

    def body(self):
        plan = self.plan
        rng = random.Random(f"ossxfer-torture-data:{plan.seed}:{plan.trial}")
        self.serve.make_bucket(BUCKET)
        self.key = (f"{plan.size}.bin" if plan.synthetic
                    else f"dir/trial-{plan.trial}.bin")
        local_file = self.local / plan.name
        victim_sha = None
        if plan.planted_link:
            victim = self.outside / "victim"
            victim.write_bytes(rng.randbytes(4096))
            victim_sha = file_sha256(victim)
            link = self.local / (plan.name + plan.planted_link)
            os.symlink(victim, link)
            self.log(f"planted {link.name} -> {victim}")

        # What the object / file holds, and what the destination held before.
        if plan.kind == "download":
            if plan.synthetic:
                self.content = None
                source_shas = [synthetic_sha256(plan.size)]
            else:
                self.content = rng.randbytes(plan.size)
                self.serve.put_object(self.key, self.content)
                source_shas = [hashlib.sha256(self.content).hexdigest()]
            before_sha = None
            if plan.preexisting:
                local_file.write_bytes(self.preexisting_bytes(rng))
                before_sha = file_sha256(local_file)
            source = f"oss://{SYNTHETIC_BUCKET if plan.synthetic else BUCKET}/{self.key}"
            destination = str(local_file)
        else:
            self.content = rng.randbytes(plan.size)
            local_file.write_bytes(self.content)
            source_shas = [hashlib.sha256(self.content).hexdigest()]
            source_stat = local_file.stat()
            before_etag = None
            if plan.preexisting:
                before_etag = self.serve.put_object(self.key, self.preexisting_bytes(rng))
            source = str(local_file)
            destination = f"oss://{BUCKET}/{self.key}"
        # After success a planted link is gone too (it sits at a work file's
        # name, and a finished transfer leaves no work file), unless the
        # transfer never used that name (a single PutObject keeps no
        # checkpoint) and left the link exactly as planted.
        expected_local = [plan.name]
        planted_untouched = None
        if plan.planted_link:
            planted_untouched = sorted([plan.name, plan.name + plan.planted_link])

        if plan.faults:
            self.serve.set_faults(plan.faults)
        stats = self.serve.stats()
        interruptions = list(plan.interruptions)
        success = None
        for number in range(1, plan.max_runs + 1):
            faults_active = bool(plan.faults) and number <= plan.fault_runs
            if plan.faults and number == plan.fault_runs + 1:
                self.serve.clear_faults()
            no_verify = plan.verify == "off" or (
                plan.verify == "mixed" and not faults_active and number > 1)
            argv = self.command(source, destination, no_verify)
            interruption = interruptions.pop(0) if interruptions else None
            record = self.run_once(number, argv, interruption, faults_active)
            after = self.serve.stats()
            self.account(record, stats, after)
            stats = after
            self.runs.append(record)
            self.log(f"run {number}: rc={record.returncode} {record.seconds:.3f}s"
                     f" signal={record.signal_sent} mode={record.interruption}"
                     f" landed={record.landed} watchdog={record.watchdog}"
                     f" faults_active={faults_active} fired={record.fired}"
                     f" rules_fired={record.rules_fired}"
                     f" error_statuses={sorted(record.error_statuses)}"
                     f" local={self.listing(self.local)}"
                     f" checkpoints={self.listing(self.checkpoints)}")
            if record.stderr.strip():
                self.log("  stderr: " + record.stderr.strip().replace("\n", "\n  stderr: "))
            self.check_exit_code(record)
            if victim_sha is not None and file_sha256(self.outside / "victim") != victim_sha:
                self.fail("symlink-followed",
                          f"run {number} wrote through the planted symlink "
                          f"{plan.name + plan.planted_link} into a file outside "
                          f"the transfer (outside/victim changed)")
                victim_sha = None  # reported once
            if plan.kind == "upload" and (file_sha256(local_file) != source_shas[0] or
                                          local_file.stat().st_mtime_ns != source_stat.st_mtime_ns):
                self.fail("source-modified", f"run {number} changed the source file")
            if record.returncode == 0:
                success = record
                break
            # A failed or killed run: the destination is what it was, or
            # (a kill after the final rename / Complete) the finished result.
            if plan.kind == "download":
                self.check_destination_after_failure(number, local_file, before_sha)
            else:
                self.check_object_after_failure(number, before_etag)
            if (plan.planted_link and not faults_active and record.signal_sent is None
                    and mentions_symlink(record.stderr)):
                self.refused_link = True
                self.log("the planted symlink was refused: an acceptable answer")
                break

        self.serve.clear_faults()  # the checks below read the object
        final = self.serve.stats()
        self.bytes_served = final["bytes_served"]
        if success is None:
            if self.refused_link:
                # Refusing to write through a planted link is a safe answer;
                # what matters (the victim intact) was checked after each run.
                self.outcome = "refused-link"
                return
            self.fail("never-succeeded",
                      f"no run of {len(self.runs)} exited 0 (last rc "
                      f"{self.runs[-1].returncode}: {self.runs[-1].stderr.strip()[-300:]})")
            return
        self.outcome = "pass"
        result = success.result or {}
        if result.get("state") != "done":
            self.fail("json", f"exit 0 but the --json line says {result.get('state')!r}")
        verified = "--no-verify" not in success.argv
        if verified and plan.size > 0 and result.get("crc64_verified") is not True:
            self.fail("json", "exit 0 with CRC64 on but crc64_verified is not true")

        # Bytes identical.
        if plan.kind == "download":
            if local_file.is_symlink() or not local_file.is_file():
                self.fail("destination-type",
                          f"the destination is not a regular file: "
                          f"{'a symlink to ' + os.readlink(local_file) if local_file.is_symlink() else 'missing or special'}")
            got = file_sha256(local_file)
            allowed = list(source_shas)
            replaces = sum(max(r.fired.get("replace", 0), r.rules_fired.get("replace", 0))
                           for r in self.runs)
            if replaces and self.content is not None:
                allowed = replaced_versions(self.content, replaces)
                current = self.serve.object_sha256(BUCKET, self.key)
                if current:
                    allowed.append(current)
            if got not in allowed:
                if self.flip_unverifiable():
                    self.log("final bytes differ, but flipped bytes were recorded by a killed "
                             "run and resumed with --no-verify (documented: trusts its checkpoint)")
                else:
                    self.fail("bytes", f"the downloaded file's SHA-256 {got} is not the object's "
                                       f"({allowed[0]}{' or a replaced version' if replaces else ''})")
        else:
            got = self.serve.object_sha256(BUCKET, self.key)
            if got != source_shas[0]:
                self.fail("bytes", f"the object's SHA-256 {got} is not the source file's {source_shas[0]}")
            head = self.serve.head_object(self.key)
            for seen in self.changed_etags:
                if head and seen != head["etag"]:
                    self.fail("destination-intact",
                              f"after a failed run the object had ETag {seen}: neither the "
                              f"old object ({before_etag}) nor the final one ({head['etag']})")
            open_uploads = self.serve.open_uploads()
            if open_uploads:
                self.fail("upload-left-open",
                          f"{len(open_uploads)} multipart upload(s) still open after success: "
                          f"{open_uploads}")

        # No litter of any kind: the directories hold exactly what they should.
        if planted_untouched and self.listing(self.local) == planted_untouched:
            link = self.local / (plan.name + plan.planted_link)
            if link.is_symlink() and os.readlink(link) == str(self.outside / "victim"):
                self.log("the planted link was never used and is left as it was")
                expected_local = planted_untouched
        if self.listing(self.local) != expected_local:
            self.fail("litter", f"{self.local.name}/ holds {self.listing(self.local)}, "
                                f"expected {expected_local}")
        if self.listing(self.checkpoints):
            self.fail("litter", f"the --checkpoint-dir holds {self.listing(self.checkpoints)}")
        if self.listing(self.outside) != (["victim"] if plan.planted_link else []):
            self.fail("litter", f"outside/ holds {self.listing(self.outside)}")
        if self.listing(self.home):
            self.fail("litter", f"$HOME holds {self.listing(self.home)}")

        # Re-fetched bytes: only when kills (and Ctrl-C) were the only
        # disturbance; a fault makes serve send bytes the client must drop.
        if plan.kind == "download" and not plan.no_checkpoint:
            fired = sum(sum(r.fired.values()) + sum(r.rules_fired.values()) for r in self.runs)
            interrupted = [r for r in self.runs if r.returncode in (-9, -2, 130)]
            kills = len(interrupted)
            if fired == 0:
                part = int(result.get("part_size") or plan.part_size)
                # A run that died with the file complete leaves nothing to
                # resume: the next one fetches it all again.
                allowed_bytes = sum(plan.size if r.completed else refetch_bound(plan.parallel, part)
                                    for r in interrupted)
                refetched = self.bytes_served - plan.size
                self.refetch = (refetched, allowed_bytes,
                                sum(plan.size if r.completed else plan.parallel * part
                                    for r in interrupted))
                self.log(f"re-fetched {refetched} bytes after {kills} interruption(s); "
                         f"allowed {allowed_bytes}")
                if refetched > allowed_bytes:
                    self.fail("refetch-bound",
                              f"re-fetched {refetched} bytes ({refetched / MIB:.2f} MiB) after "
                              f"{kills} interruption(s); the bound is refetch_bound("
                              f"{plan.parallel}, {part}) = {refetch_bound(plan.parallel, part)} "
                              f"per interruption (the size for one after the file was "
                              f"complete): {allowed_bytes} ({allowed_bytes / MIB:.2f} MiB)")

    def preexisting_bytes(self, rng: random.Random) -> bytes:
        size = {"empty": 0, "smaller": rng.randint(1, max(1, self.plan.size // 2)),
                "same-size": self.plan.size,
                "larger": self.plan.size + rng.randint(1, 2 * MIB)}[self.plan.preexisting]
        data = rng.randbytes(size)
        if self.plan.preexisting == "same-size" and size and self.content is not None:
            # Same size, different bytes: nothing may take size for identity.
            data = bytes([self.content[0] ^ 0xFF]) + data[1:]
        return data

    def command(self, source: str, destination: str, no_verify: bool) -> list[str]:
        plan = self.plan
        argv = [str(self.binary), "--endpoint", self.serve.endpoint, "--region",
                REGION, "--json", "-q", "cp", "--part-size", str(plan.part_size),
                "-j", str(plan.parallel)]
        if plan.checkpoint_dir:
            argv += ["--checkpoint-dir", str(self.checkpoints) + "/"]
        if plan.no_checkpoint:
            argv.append("--no-checkpoint")
        if plan.no_direct_io:
            argv.append("--no-direct-io")
        if no_verify:
            argv.append("--no-verify")
        return argv + [source, destination]

    def run_once(self, number: int, argv: list[str], interruption: Optional[Interruption],
                 faults_active: bool) -> RunRecord:
        plan = self.plan
        record = RunRecord(number, argv, 0, 0.0, faults_active=faults_active)
        out_path = self.dir / f"run{number}.out"
        err_path = self.dir / f"run{number}.err"
        watched = [self.local] + ([self.checkpoints] if plan.checkpoint_dir else [])
        notifier = None
        mode = interruption.mode if interruption else None
        if mode == "checkpoint-replace" or (mode == "before-checkpoint" and plan.kind == "download"):
            notifier = Inotify(watched)  # before the start: no event is missed
        uploads_before = set()
        if mode == "before-checkpoint" and plan.kind == "upload":
            uploads_before = set(self.serve.open_uploads())
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("OSS_", "OSSXFER_"))}
        env.update(OSS_ACCESS_KEY_ID=ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET=ACCESS_KEY_SECRET,
                   HOME=str(self.home), XDG_CONFIG_HOME=str(self.home / ".config"))
        start = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            process = subprocess.Popen(argv, stdout=out, stderr=err, env=env,
                                       cwd=self.dir)
        pidfd = os.pidfd_open(process.pid)
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        if notifier:
            poller.register(notifier.fd, select.POLLIN)
        signal_at = None
        written_threshold = None
        if mode in ("random", "sigint"):
            # Just short of the size: at 100 % the transfer is over.
            written_threshold = int(interruption.delay * 0.98 * plan.size)
        elif mode == "immediate":
            signal_at = start + interruption.delay * 0.003
        io_field = "wchar" if plan.kind == "download" else "rchar"
        watchdog_at = start + RUN_TIMEOUT_S
        if faults_active and plan.stall_watchdog:
            watchdog_at = start + plan.stall_watchdog
        temps_seen = 0

        def send(sig: int, why: str):
            if process.poll() is None and record.signal_sent is None:
                os.kill(process.pid, sig)
                record.signal_sent = signal.Signals(sig).name
                record.interruption = why

        try:
            while True:
                now = time.monotonic()
                deadlines = [watchdog_at] + ([signal_at] if signal_at and not record.signal_sent else [])
                wait_ms = min(1000, max(0, (min(deadlines) - now) * 1000))
                if mode == "before-checkpoint" and plan.kind == "upload" and not record.signal_sent:
                    wait_ms = min(wait_ms, 1)  # polling serve for the new upload
                if written_threshold is not None and not record.signal_sent:
                    wait_ms = min(wait_ms, 1)  # polling /proc/PID/io
                events = poller.poll(wait_ms)
                if any(fd == pidfd for fd, _ in events):
                    break
                now = time.monotonic()
                if notifier and not record.signal_sent:
                    for name in notifier.names():
                        if mode == "checkpoint-replace" and CHECKPOINT_TEMP.search(name):
                            temps_seen += 1
                            if temps_seen > interruption.skip:
                                send(signal.SIGKILL, mode)
                                break
                        elif mode == "before-checkpoint":
                            send(signal.SIGKILL, mode)
                            break
                if mode == "before-checkpoint" and plan.kind == "upload" and not record.signal_sent:
                    if set(self.serve.open_uploads()) - uploads_before:
                        send(signal.SIGKILL, mode)
                if signal_at and now >= signal_at and not record.signal_sent:
                    send(signal.SIGKILL, mode)
                if (written_threshold is not None and not record.signal_sent
                        and io_bytes(process.pid, io_field) >= written_threshold):
                    send(signal.SIGINT if mode == "sigint" else signal.SIGKILL, mode)
                if now >= watchdog_at:
                    if record.signal_sent != "SIGKILL":
                        record.signal_sent = None
                        send(signal.SIGKILL, "watchdog")
                    record.watchdog = True
                    watchdog_at = float("inf")
        finally:
            record.returncode = process.wait()
            record.seconds = time.monotonic() - start
            os.close(pidfd)
            if notifier:
                notifier.close()
        # Did the targeted moment hold when the process died?
        # (A planted symlink is not a checkpoint.)
        names = [n for d in (self.local, self.checkpoints) for n in self.listing(d)
                 if not (d / n).is_symlink()]
        if record.returncode == -9 and mode == "checkpoint-replace":
            record.landed = any(CHECKPOINT_TEMP.search(n) for n in names)
        elif record.returncode == -9 and mode == "before-checkpoint":
            record.landed = not any(CHECKPOINT.search(n) for n in names)
        if record.watchdog and not faults_active:
            self.fail("hang", f"run {number} was still running after {RUN_TIMEOUT_S:.0f} s")
        record.stderr = err_path.read_text(errors="replace")
        for line in out_path.read_text(errors="replace").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                self.fail("json", f"run {number}: stdout line is not JSON: {line[:200]!r}")
                continue
            if item.get("type") == "transfer":
                record.result = item
        return record

    def account(self, record: RunRecord, before: dict, after: dict):
        for action in FAULT_ACTIONS:
            delta = after["faults_fired"].get(action, 0) - before["faults_fired"].get(action, 0)
            if delta:
                record.fired[action] = delta
                self.faults_fired[action] += delta
        # Per rule (the rules are ours, in order): which error statuses.
        if record.faults_active:
            rules_before = before.get("rules", [])
            for index, rule in enumerate(after.get("rules", [])[: len(self.plan.faults)]):
                fired_before = rules_before[index]["fired"] if index < len(rules_before) else 0
                delta = rule["fired"] - fired_before
                if delta > 0:
                    planned = self.plan.faults[index]
                    action = planned["action"]
                    record.rules_fired[action] = record.rules_fired.get(action, 0) + delta
                    if action == "error":
                        record.error_statuses.add(planned["status"])

    def check_exit_code(self, record: RunRecord):
        rc = record.returncode
        documented = DOCUMENTED_EXIT_CODES
        what = f"run {record.number} exited {rc}"
        if rc < 0:
            try:
                name = signal.Signals(-rc).name
            except ValueError:
                name = f"signal {-rc}"
            if rc == -signal.SIGKILL and record.signal_sent == "SIGKILL":
                return
            # Ctrl-C before the handler is installed ends the process by the
            # signal: the shell's 130 all the same.
            if rc == -signal.SIGINT and record.signal_sent == "SIGINT":
                return
            self.fail("exit-code", f"run {record.number} died of {name} "
                                   f"(sent: {record.signal_sent})")
            return
        if rc not in documented:
            self.fail("exit-code", f"{what}, not a documented exit code {sorted(documented)}")
            return
        if rc == 0:
            return
        fired = set(record.fired) | set(record.rules_fired)
        statuses = record.error_statuses
        stderr = record.stderr.strip().splitlines()[-1:] or [""]
        if rc == 130:
            if record.signal_sent != "SIGINT":
                self.fail("exit-code", f"{what} (interrupted) but no SIGINT was sent")
            return
        # Any other failure needs a cause in that very run: a fault of the
        # kind the code names (a Ctrl-C alone must give 130).
        consistent = {
            1: bool(fired - {"throttle"}) or bool(statuses) or (
                self.plan.planted_link is not None and mentions_symlink(record.stderr)),
            # A link planted at the checkpoint path is refused up front as
            # bad input (README: exit 2, nothing transferred).
            2: self.plan.planted_link is not None and mentions_symlink(record.stderr),
            3: 404 in statuses,
            4: 403 in statuses,
            5: bool({"flip", "replace"} & fired) or 412 in statuses,
        }
        if not consistent.get(rc, False):
            self.fail("exit-code",
                      f"{what} with faults fired in that run {sorted(fired)} and error "
                      f"statuses {sorted(statuses)}: not what exit {rc} documents "
                      f"({stderr[0][:300]})")

    def check_destination_after_failure(self, number: int, path: Path, before_sha):
        now = file_sha256(path)
        if now == before_sha:
            return
        final = self.final_shas()
        if now is not None and now in final:
            self.log(f"run {number} failed after the destination was complete")
            self.runs[-1].completed = True
            return
        if before_sha is None:
            self.fail("destination-intact",
                      f"run {number} failed (rc {self.runs[-1].returncode}) and left a "
                      f"destination file that is not the object (size "
                      f"{path.stat().st_size if path.exists() else '-'})")
        else:
            self.fail("destination-intact",
                      f"run {number} failed (rc {self.runs[-1].returncode}) and changed the "
                      f"pre-existing destination (size now "
                      f"{path.stat().st_size if path.exists() else 'gone'})")

    def check_object_after_failure(self, number: int, before_etag):
        head = self.serve.head_object(self.key)
        etag = head["etag"] if head else None
        if etag == before_etag:
            return
        if head is None:
            self.fail("destination-intact",
                      f"run {number} failed and the pre-existing object is gone")
            return
        # Complete may have succeeded just before a kill. Its content is
        # checked at the end, through the ETag (no GET now: fault rules may
        # be armed and must only meet the client's requests).
        if head["size"] != self.plan.size:
            self.fail("destination-intact",
                      f"run {number} failed and left an object of {head['size']} bytes "
                      f"(source: {self.plan.size})")
        self.changed_etags.append(etag)

    def final_shas(self) -> list[str]:
        if self.plan.synthetic:
            return [synthetic_sha256(self.plan.size)]
        # Every version a replace may have made (they alternate; being
        # generous costs nothing).
        replaces = sum(r.fired.get("replace", 0) + r.rules_fired.get("replace", 0)
                       for r in self.runs)
        return replaced_versions(self.content, replaces + 2)

    def flip_unverifiable(self) -> bool:
        """In "mixed" mode: a flip fired in a run that was killed, so flipped
        bytes may be in the checkpoint, and a --no-verify resume trusts it."""
        return self.plan.verify == "mixed" and any(
            r.fired.get("flip") and r.signal_sent for r in self.runs)


DOCUMENTED_EXIT_CODES = documented_exit_codes()


# --------------------------------------------------------------------------
# The summary.


def summarize(trials: list[Trial], seconds: float, args, command_prefix: str) -> str:
    kinds = ["download", "upload"]

    def count(kind, predicate):
        return sum(1 for t in trials if (kind is None or t.plan.kind == kind) and predicate(t))

    def runs(kind, predicate):
        return sum(1 for t in trials if kind is None or t.plan.kind == kind
                   for r in t.runs if predicate(t, r))

    rows = []

    def row(label, fn):
        values = [fn(k) for k in kinds] + [fn(None)]
        rows.append(f"| {label} | " + " | ".join(str(v) for v in values) + " |")

    row("trials", lambda k: count(k, lambda t: True))
    row("passed", lambda k: count(k, lambda t: not t.failures))
    row("failed", lambda k: count(k, lambda t: t.failures))
    row("runs of `ossxfer cp`", lambda k: runs(k, lambda t, r: True))
    row("kill -9 (landed)", lambda k: runs(k, lambda t, r: r.returncode == -9))
    row("&nbsp;&nbsp;at a random moment", lambda k: runs(
        k, lambda t, r: r.returncode == -9 and r.interruption in ("random", "immediate")))
    row("&nbsp;&nbsp;while a checkpoint temp existed (mid-replace)", lambda k: runs(
        k, lambda t, r: r.returncode == -9 and r.interruption == "checkpoint-replace" and r.landed))
    row("&nbsp;&nbsp;before the first checkpoint existed", lambda k: runs(
        k, lambda t, r: r.returncode == -9 and r.interruption == "before-checkpoint" and r.landed))
    row("&nbsp;&nbsp;targeted, moment already past at death", lambda k: runs(
        k, lambda t, r: r.returncode == -9 and r.interruption in
        ("checkpoint-replace", "before-checkpoint") and not r.landed))
    row("&nbsp;&nbsp;out of a stall (watchdog)", lambda k: runs(
        k, lambda t, r: r.returncode == -9 and r.interruption == "watchdog"))
    row("Ctrl-C (SIGINT, exit 130)", lambda k: runs(
        k, lambda t, r: r.returncode in (130, -2)))
    row("interruptions planned, run ended first", lambda k: runs(
        k, lambda t, r: r.returncode not in (-9, -2, 130) and
        r.number <= len(t.plan.interruptions)))
    for action in FAULT_ACTIONS:
        row(f"faults fired: {action}", lambda k, a=action: sum(
            t.faults_fired[a] for t in trials if k is None or t.plan.kind == k))
    row("runs that failed with a fault (exit 1, 3, 4, 5)", lambda k: runs(
        k, lambda t, r: r.returncode in (1, 3, 4, 5)))
    row("pre-existing destination / object", lambda k: count(k, lambda t: t.plan.preexisting))
    row("planted symlink at a work file", lambda k: count(k, lambda t: t.plan.planted_link))
    row("sizes 0 / 1 / part-1 / part / part+1", lambda k: " / ".join(
        str(count(k, lambda t, c=c: t.plan.size_class == c))
        for c in ("0", "1", "part-1", "part", "part+1")))
    row("re-fetch checked (kill-only downloads)", lambda k: count(k, lambda t: t.refetch))
    row("max re-fetch / bound (MiB)", lambda k: max_refetch(trials, k))
    row("re-fetch above kills x parallel x part size (informational)",
        lambda k: count(k, lambda t: t.refetch and t.refetch[0] > t.refetch[2]))
    lines = [
        f"# Randomized crash trials",
        "",
        f"`{command_prefix}` — seed {args.seed}, {args.trials} trials per kind, "
        f"{args.jobs} at a time, {seconds / 60:.1f} min, binary `{args.bin}`"
        + (f" ({git_describe()})" if git_describe() else "") + ".",
        "",
        "| | download | upload | total |",
        "|---|---|---|---|",
        *rows,
        "",
    ]
    over = [t for t in trials if t.refetch and t.refetch[0] > t.refetch[2]]
    if over:
        lines += ["Re-fetch above interruptions x parallel x part size (informational: "
                  "within the bound asserted, `refetch_bound()`):", "",
                  "| trial | -j | part size | interruptions | re-fetched | parallel x part size |",
                  "|---|---|---|---|---|---|"]
        for t in over:
            kills = sum(1 for r in t.runs if r.returncode in (-9, -2, 130))
            lines.append(f"| {t.plan.trial} | {t.plan.parallel} | {t.plan.part_size} | {kills} | "
                         f"{t.refetch[0]} | {t.refetch[2]} |")
        lines.append("")
    failed = [t for t in trials if t.failures]
    if failed:
        classes: dict[str, list[Trial]] = {}
        for t in failed:
            for assertion in sorted({a for a, _ in t.failures}):
                classes.setdefault(assertion, []).append(t)
        lines += ["## Failures by assertion", "", "| assertion | trials | first |",
                  "|---|---|---|"]
        for assertion, ts in sorted(classes.items()):
            lines.append(f"| {assertion} | {len(ts)} | {ts[0].plan.kind} trial {ts[0].plan.trial} |")
        lines += ["", "## Failures", "",
                  "| trial | kind | assertion | detail | reproduce |", "|---|---|---|---|---|"]
        for t in failed:
            for assertion, detail in t.failures:
                detail = detail.replace("|", "\\|").replace("\n", " ")[:400]
                lines.append(f"| {t.plan.trial} | {t.plan.kind} | {assertion} | {detail} | "
                             f"`{t.reproduce}` |")
        lines.append("")
    else:
        lines += ["No failures.", ""]
    return "\n".join(lines)


def max_refetch(trials, kind) -> str:
    checked = [t.refetch for t in trials if t.refetch and (kind is None or t.plan.kind == kind)
               and t.refetch[1] > 0]
    if not checked:
        return "-"
    worst = max(checked, key=lambda r: r[0] / r[1])
    return f"{worst[0] / MIB:.1f} / {worst[1] / MIB:.1f}"


def git_describe() -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Randomized crash trials of ossxfer cp against ossxfer serve.")
    parser.add_argument("--bin", type=Path, default=REPO / "build/release/ossxfer",
                        help="the ossxfer binary (default: build/release/ossxfer)")
    parser.add_argument("--trials", type=int, default=200,
                        help="trials per kind (default 200)")
    parser.add_argument("--kind", choices=["download", "upload", "both"], default="both")
    parser.add_argument("--seed", type=int, default=None,
                        help="the run's seed (default: from the clock, printed)")
    parser.add_argument("--trial", type=int, action="append",
                        help="run only this trial number (repeatable): a failure's reproduction")
    parser.add_argument("--jobs", type=int, default=1, help="trials at a time (default 1)")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="where trials run (default: a new temp directory)")
    parser.add_argument("--keep", action="store_true", help="keep passed trials' directories")
    parser.add_argument("--report", type=Path, default=None,
                        help="write the Markdown summary here (default: print only)")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = int(time.time()) % 100000
    args.bin = args.bin.resolve()
    if not os.access(args.bin, os.X_OK):
        print(f"torture: no executable at {args.bin} (make build)", file=sys.stderr)
        return 2
    if args.trial:
        numbers = args.trial
    else:
        numbers = [k for k in range(2 * args.trials)
                   if args.kind == "both" or (k % 2 == 0) == (args.kind == "download")]
    script = os.path.relpath(Path(__file__).resolve(), Path.cwd())
    if script.startswith(".."):
        script = str(Path(__file__).resolve())
    prefix = f"python3 {script} --bin {shlex.quote(str(args.bin))}"
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="ossxfer-torture-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"torture: seed {args.seed}, {len(numbers)} trials, work in {work}", flush=True)
    synthetic_block()  # once, before the threads
    started = time.monotonic()

    def one(number: int) -> Trial:
        plan = make_plan(args.seed, number)
        trial = Trial(plan, args.bin, work, f"{prefix} --seed {args.seed} --trial {number}")
        trial.run()
        status = "FAIL" if trial.failures else trial.outcome
        kills = sum(1 for r in trial.runs if r.returncode == -9)
        print(f"trial {number:4d} {plan.kind:8s} size {plan.size:>9d} part {plan.part_size:>8d} "
              f"-j {plan.parallel:<2d} runs {len(trial.runs)} kills {kills} "
              f"fired {sum(trial.faults_fired.values()):<3d} {status}"
              + "".join(f"\n    [{a}] {d}\n    reproduce: {trial.reproduce}"
                        for a, d in trial.failures), flush=True)
        if not trial.failures and not args.keep:
            shutil.rmtree(trial.dir, ignore_errors=True)
        return trial

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        trials = list(pool.map(one, numbers))
    seconds = time.monotonic() - started
    command = f"{prefix} --seed {args.seed} --trials {args.trials}"
    report = summarize(trials, seconds, args, command)
    print()
    print(report)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report)
        print(f"torture: summary written to {args.report}")
    failed = sum(1 for t in trials if t.failures)
    if not failed and not args.work_dir and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    elif failed:
        print(f"torture: {failed} failed trial(s); their directories are under {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
