#!/usr/bin/env python3
"""Turns the runs of bench/run.sh into RESULTS.md, results.png (gnuplot) and
results-raw.tsv.

    bench/report.py DATA_DIR OUT_DIR

DATA_DIR holds rows.tsv (workload, id, bytes, label, command), raw.tsv (one
line per timed run: workload, id, round, seconds, user, sys, peak RSS KiB,
bytes, key=value extras) and meta.tsv (machine, versions, knobs).
"""

import os
import statistics
import subprocess
import sys
import tempfile

MIB = 1 << 20
GIB = 1 << 30
# ossxfer's defaults (include/ossxfer/download.h): the resume target is
# parallel x part size.
DOWNLOAD_PARALLEL = 4
PART_SIZE = 8 * MIB
RSS_LIMIT_MIB = 64
FLAT_TOLERANCE_MIB = 8
SMALL_BYTES = 64 << 10  # the objects of workloads 3 and 9
CRC_PAIRS = (("crc_on_file", "crc_off_file", "presigned URL, to a file"),
             ("crc_on_null", "crc_off_null", "presigned URL, to /dev/null"),
             ("crc_on_null_signed", "crc_off_null_signed", "signed, to /dev/null"))


def read_tsv(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


class Row:
    def __init__(self, workload, id, nbytes, label, command):
        self.workload, self.id, self.bytes = workload, id, int(nbytes)
        self.label, self.command = label, command
        self.runs = []  # dicts

    def values(self, key):
        return [run[key] for run in self.runs]

    def stat(self, key):
        v = self.values(key)
        return statistics.median(v), min(v), max(v)

    def median(self, key):
        return statistics.median(self.values(key))

    @property
    def mibs(self):
        return self.median("mibs")

    @property
    def peak_rss(self):
        return max(self.values("rss_mib"))


def load(data):
    rows = {}
    for workload, id, nbytes, label, command in read_tsv(os.path.join(data, "rows.tsv")):
        rows[id] = Row(workload, id, nbytes, label, command)
    for fields in read_tsv(os.path.join(data, "raw.tsv")):
        workload, id, rnd, seconds, user, sys_, rss_kib, nbytes = fields[:8]
        extra = {}
        for item in (fields[8].split() if len(fields) > 8 else []):
            key, value = item.split("=", 1)
            extra[key] = float(value)
        seconds = max(float(seconds), 1e-4)
        run = dict(round=int(rnd), seconds=seconds, cpu=float(user) + float(sys_),
                   rss_mib=int(rss_kib) / 1024, mibs=int(nbytes) / MIB / seconds, **extra)
        rows[id].runs.append(run)
    meta = dict(read_tsv(os.path.join(data, "meta.tsv")))
    return rows, meta


def f1(x):
    return f"{x:.1f}"


def f2(x):
    return f"{x:.2f}"


def ratio(a, b):
    return a / b if b else float("nan")


def table(header, lines):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in line) + " |" for line in lines]
    return "\n".join(out)


def code(command):
    return "`" + command.replace("|", "\\|") + "`"


def throughput_table(rows, ids, reference, ref_name):
    lines = []
    for id in ids:
        r = rows[id]
        m, lo, hi = r.stat("mibs")
        lines.append([r.label, f1(m), f1(lo), f1(hi), f2(r.median("cpu")), f1(r.peak_rss),
                      f2(ratio(rows[reference].mibs, m))])
    return table(["client", "median MiB/s", "min", "max", "CPU s (median)",
                  "peak RSS MiB (max)", f"{ref_name} ÷ this"], lines)


def matrix(rows, ours, peers):
    lines = []
    for id in ours:
        lines.append([rows[id].label] + [f2(ratio(rows[id].mibs, rows[p].mibs)) for p in peers])
    return table(["ossxfer row ÷ peer (median MiB/s)"] + [rows[p].label for p in peers], lines)


def cpu_per_gib(row):
    return statistics.median([run["cpu"] / (row.bytes / GIB) for run in row.runs])


def objects_per_second(row):
    """count / seconds of each run (workloads 3 and 9: 64 KiB objects)."""
    return [row.bytes / SMALL_BYTES / run["seconds"] for run in row.runs]


def gnuplot(rows, meta, out, tmp):
    def bars(name, ids, values=lambda row: row.values("mibs")):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            for i, id in enumerate(reversed(ids)):
                v = values(rows[id])
                m, lo, hi = statistics.median(v), min(v), max(v)
                colour = 0x4477AA if rows[id].label.startswith("ossxfer") else 0xEE7733
                f.write(f"{i}\t{m}\t{lo}\t{hi}\t\"{rows[id].label}\"\t{colour}\n")
        return path

    def of(workload, keep=lambda id: True):
        return [i for i in rows if rows[i].workload == workload and keep(i)]

    size = f"{int(meta['size_mib'])} MiB" if int(meta["size_mib"]) < 1024 else f"{int(meta['size_mib']) // 1024} GiB"
    count = meta["small_count"]
    # (title, data file, bars, x label) of each horizontal bar chart drawn.
    panels = []

    def panel(title, name, ids, unit="MiB/s", values=lambda row: row.values("mibs")):
        if ids:
            panels.append((title, bars(name, ids, values), len(ids), unit))

    panel(f"Download {size} to a file", "file.dat", of("1", lambda i: not i.startswith("null_")))
    panel(f"Download {size} to /dev/null", "sink.dat", of("1", lambda i: i.startswith("null_")))
    panel(f"Upload {size}", "up.dat", of("2"))
    panel(f"S3 (serve): download {size} to a file", "s3down.dat", of("7"))
    panel(f"S3 (serve): upload {size}", "s3up.dat", of("8"))
    panel(f"S3 (serve): {count} x 64 KiB down and up", "s3small.dat", of("9"), "objects/s",
          objects_per_second)
    sizes = [int(s) for s in meta["scaling_sizes"].split()] if of("5") else []
    scaling = os.path.join(tmp, "scaling.dat")
    if sizes:
        with open(scaling, "w") as f:
            for mib in sizes:
                d, j = rows[f"scale_default_{mib}"], rows[f"scale_j16_{mib}"]
                f.write(f"{mib}\t{d.mibs}\t{j.mibs}\t{d.peak_rss}\t{j.peak_rss}\n")
    count_panels = len(panels) + (1 if sizes else 0)
    if count_panels == 0:
        return
    layout_rows = (count_panels + 1) // 2
    size_px = f"1500,{550 * layout_rows}"
    terminal = f"pngcairo size {size_px} font 'sans,10'"
    if subprocess.run(["gnuplot", "-e", "set terminal pngcairo"], capture_output=True).returncode != 0:
        terminal = f"png size {size_px}"

    def hbar(title, path, count, unit):
        return f"""
set title "{title}"
set xlabel "{unit} (bar: median; whiskers: min-max of {meta['rounds']} runs)"
set ylabel ""
set yrange [-0.6:{count - 0.4}]
set xrange [0:*]
unset y2tics
set ytics nomirror
plot "{path}" using (0):1:(0):2:($1-0.35):($1+0.35):6:ytic(5) with boxxyerror fs solid 0.6 lc rgb variable notitle, \\
     "{path}" using 2:1:3:4 with xerrorbars pt 0 lc rgb "black" notitle
"""

    charts = "".join(hbar(*p) for p in panels)
    scaling_chart = f"""
set title "Scaling: synthetic objects to /dev/null"
set lmargin 10
set logscale x 2
set xrange [*:*]
set yrange [0:*]
set xlabel "object size (MiB)"
set ylabel "median MiB/s"
set y2label "peak RSS MiB"
set y2range [0:*]
set y2tics
set ytics nomirror
set key bottom right
set grid noxtics
plot "{scaling}" using 1:2 with linespoints lw 2 title "MiB/s, default (-j 4)", \\
     "{scaling}" using 1:3 with linespoints lw 2 title "MiB/s, -j 16", \\
     "{scaling}" using 1:4 axes x1y2 with linespoints dt 2 title "RSS, default", \\
     "{scaling}" using 1:5 axes x1y2 with linespoints dt 2 title "RSS, -j 16"
""" if sizes else ""
    script = f"""
set terminal {terminal}
set termoption noenhanced
set output "{os.path.join(out, 'results.png')}"
set datafile separator "\\t"
set multiplot layout {layout_rows},2 title "ossxfer (blue) vs peers (orange): {meta['machine']}"
set lmargin 42
set grid xtics
{charts}
{scaling_chart}
unset multiplot
"""
    path = os.path.join(tmp, "chart.gp")
    with open(path, "w") as f:
        f.write(script)
    subprocess.run(["gnuplot", path], check=True)


def main():
    data, out = sys.argv[1], sys.argv[2]
    rows, meta = load(data)
    missing = [r.id for r in rows.values() if not r.runs]
    if missing:
        sys.exit(f"report: no runs for {', '.join(missing)}")
    size_mib = int(meta["size_mib"])
    size = f"{size_mib} MiB" if size_mib < 1024 else f"{size_mib / 1024:g} GiB"
    rounds = meta["rounds"]
    R = rows
    have = {r.workload for r in R.values()}  # the workloads that ran (BENCH_ROWS)

    # --- targets ---
    targets = []

    def target(what, figure, goal, met):
        targets.append([what, figure, goal, "**met**" if met else "**missed**"])

    if "1" in have:
        d = R["dl_default"].mibs
        r = ratio(d, R["aria2c"].mibs)
        target("download to a file vs aria2c -x8 -s8 (nginx), CRC64 on",
               f"{f1(d)} vs {f1(R['aria2c'].mibs)} MiB/s = {f2(r)}×", "≥ 1.5×", r >= 1.5)
        r = ratio(d, R["curl_nginx"].mibs)
        target("download to a file vs `curl -o` (nginx, 1 stream), CRC64 on",
               f"{f1(d)} vs {f1(R['curl_nginx'].mibs)} MiB/s = {r:.0%}", "≥ 85 %", r >= 0.85)
        n = R["null_default"].mibs
        r = ratio(n, R["null_curl_nginx"].mibs)
        target("download to /dev/null vs `curl -o /dev/null` (nginx), CRC64 on",
               f"{f1(n)} vs {f1(R['null_curl_nginx'].mibs)} MiB/s = {r:.0%}", "≥ 85 %", r >= 0.85)
    if "2" in have:
        u = R["up_default"].mibs
        r = ratio(u, R["curl_put"].mibs)
        target("upload (default, -j 8) vs `curl -T` (presigned PUT), CRC64 on",
               f"{f1(u)} vs {f1(R['curl_put'].mibs)} MiB/s = {r:.0%}", "≥ 90 %", r >= 0.90)
    if "6" in have:
        for on, off, where in CRC_PAIRS:
            cost = 1 - ratio(R[on].mibs, R[off].mibs)
            target(f"CRC64 cost ({where})",
                   f"{f1(R[on].mibs)} on vs {f1(R[off].mibs)} off MiB/s = {cost:+.1%}", "≤ 5 %", cost <= 0.05)
    j16 = [i for i in R if i in ("dl_j16", "null_j16") or i.startswith("scale_j16_")]
    if j16:
        peak = max(R[i].peak_rss for i in j16)
        worst = max(j16, key=lambda i: R[i].peak_rss)
        target("peak RSS with 16 parts in flight (every -j 16 run)",
               f"{f1(peak)} MiB (max, {R[worst].label})", f"≤ {RSS_LIMIT_MIB} MiB", peak <= RSS_LIMIT_MIB)
    sizes = [int(s) for s in meta["scaling_sizes"].split()] if "5" in have else []
    if sizes:
        # Flat: across the sizes that have at least 16 parts (smaller objects
        # cannot have 16 parts in flight), the -j 16 peak RSS stays within one
        # part size.
        full = [s for s in sizes if s * MIB >= 16 * PART_SIZE] or sizes
        rss = {s: R[f"scale_j16_{s}"].peak_rss for s in sizes}
        spread = max(rss[s] for s in full) - min(rss[s] for s in full)
        target(f"peak RSS flat as the object grows (-j 16, {full[0]} MiB → {full[-1]} MiB)",
               " → ".join(f"{f1(rss[s])}" for s in full) + f" MiB (spread {f1(spread)})",
               f"spread ≤ {FLAT_TOLERANCE_MIB} MiB", spread <= FLAT_TOLERANCE_MIB)
    limit = DOWNLOAD_PARALLEL * PART_SIZE
    if "4" in have:
        for id, how in (("resume_int", "SIGINT"), ("resume_kill", "kill -9")):
            refetched = [run["served_total"] - R[id].bytes for run in R[id].runs]
            target(f"bytes re-fetched by a resume after {how} at 50 % (max of {len(refetched)})",
                   f"{f1(max(refetched) / MIB)} MiB (median {f1(statistics.median(refetched) / MIB)})",
                   f"≤ {DOWNLOAD_PARALLEL} × 8 MiB = {limit // MIB} MiB", max(refetched) <= limit)

    # S3 (workloads 7-9): ossxfer against rclone and awscli, at each tool's
    # defaults and at the matched parallelism N. A matched ossxfer row that
    # would repeat the default (N = ossxfer's default) is the default row.
    N = meta.get("s3_parallel", "")

    def ours(default, matched):
        return matched if matched in R else default

    s3_settings = (("defaults", "", ""), (f"matched: {N} at once", "_matched", "_matched"))
    for workload, what, base in (("7", f"S3 download {size}", "dl"), ("8", f"S3 upload {size}", "up")):
        if workload not in have:
            continue
        for setting, suffix, _ in s3_settings:
            us = R[ours(f"s3_{base}_default", f"s3_{base}_matched") if suffix else f"s3_{base}_default"]
            rc, aw = R[f"s3_rclone_{base}{suffix}"], R[f"s3_aws_{base}{suffix}"]
            r = ratio(us.mibs, rc.mibs)
            target(f"{what} vs `rclone` ({setting}: {us.label} vs {rc.label})",
                   f"{f1(us.mibs)} vs {f1(rc.mibs)} MiB/s = {f2(r)}×", "≥ 1.5×", r >= 1.5)
            r = ratio(us.mibs, aw.mibs)
            target(f"{what} vs `aws s3 cp` ({setting}: {us.label} vs {aw.label})",
                   f"{f1(us.mibs)} vs {f1(aw.mibs)} MiB/s = {f2(r)}×", "≥ 3×", r >= 3)
            a, b = cpu_per_gib(us), cpu_per_gib(rc)
            r = ratio(a, b)
            target(f"{what}: CPU s per GiB vs `rclone` ({setting})",
                   f"{f2(a)} vs {f2(b)} s/GiB = {f2(r)}×", "≤ 0.5×", r <= 0.5)
    if "9" in have:
        for direction in ("down", "up"):
            for setting, suffix, _ in s3_settings:
                us = R[ours(f"s3_small_{direction}", f"s3_small_{direction}_matched") if suffix
                       else f"s3_small_{direction}"]
                rc = R[f"s3_rclone_small_{direction}{suffix}"]
                a, b = statistics.median(objects_per_second(us)), statistics.median(objects_per_second(rc))
                r = ratio(rc.median("seconds"), us.median("seconds"))
                target(f"S3 {meta['small_count']} × 64 KiB {direction} vs `rclone copy` ({setting}: "
                       f"{us.label} vs {rc.label})",
                       f"{f1(a)} vs {f1(b)} objects/s = {f2(r)}×", "≥ 1×", r >= 1)

    # --- sections ---
    sections = []
    if "1" in have:
        w1_file = [i for i in R if R[i].workload == "1" and not i.startswith("null_")]
        w1_sink = [i for i in R if R[i].workload == "1" and i.startswith("null_")]
        peers_file = ["curl_nginx", "curl_serve", "aria2c", "axel"]
        ours_file = [i for i in w1_file if i not in peers_file]
        peers_sink = ["null_curl_nginx", "null_curl_serve"]
        ours_sink = [i for i in w1_sink if i not in peers_sink]
        sections.append(f"""## 1. Download {size}

To a file on local disk ($DL):

{throughput_table(R, w1_file, "dl_default", "ossxfer default")}

To /dev/null (network and client only; aria2c and axel cannot write there):

{throughput_table(R, w1_sink, "null_default", "ossxfer default → /dev/null")}

ossxfer against each peer (to a file):

{matrix(R, ours_file, peers_file)}

To /dev/null:

{matrix(R, ours_sink, peers_sink)}

`ossxfer serve` against nginx, one curl stream to /dev/null:
{f1(R['null_curl_serve'].mibs)} vs {f1(R['null_curl_nginx'].mibs)} MiB/s
({f2(ratio(R['null_curl_serve'].mibs, R['null_curl_nginx'].mibs))}).
""")

    if "2" in have:
        w2 = [i for i in R if R[i].workload == "2"]
        w2_lines = []
        for id in w2:
            m, lo, hi = R[id].stat("mibs")
            w2_lines.append([R[id].label, f1(m), f1(lo), f1(hi), f2(R[id].median("cpu")), f1(R[id].peak_rss),
                             f2(ratio(m, R["curl_put"].mibs))])
        sections.append(f"""## 2. Upload {size}

Each run uploads to a new key, deleted (and synced) after the run. ossxfer
uploads in 8 MiB parts (multipart) and checks every part's CRC64 and the
object's; `curl -T` sends one PUT.

{table(["client", "median MiB/s", "min", "max", "CPU s (median)", "peak RSS MiB (max)", "this ÷ curl -T"], w2_lines)}
""")

    count = int(meta["small_count"])
    if "3" in have:
        w3 = [i for i in R if R[i].workload == "3"]
        w3_lines = []
        peer_of = {"small_down": "curl_small_down", "small_up": "curl_small_up"}
        for id in w3:
            row = R[id]
            m, lo, hi = row.stat("seconds")
            w3_lines.append([row.label, f1(count / m), f1(count / hi), f1(count / lo), f1(row.mibs),
                             f2(row.median("cpu")), f1(row.peak_rss),
                             f2(ratio(R[peer_of[id]].median("seconds"), m)) if id in peer_of else ""])
        sections.append(f"""## 3. {count} objects of 64 KiB

`cp -r` with ossxfer's default of 4 files at a time, against `curl -Z`
with 4 transfers in parallel (downloads from nginx, uploads by presigned
PUT URLs). Every timed upload replaces the same keys (a warm-up run
created them).

{table(["client", "objects/s (median)", "min", "max", "MiB/s", "CPU s (median)", "peak RSS MiB (max)", "ossxfer ÷ curl -Z"], w3_lines)}
""")

    if "4" in have:
        base = R["resume_none"]
        b = base.median("seconds")
        w4_lines = [[base.label, "", "", "", f2(b), "1.00", f2(base.median("cpu")), "", "", "", ""]]
        for id in ("resume_int", "resume_kill"):
            row = R[id]
            first = statistics.median(row.values("first_seconds"))
            resumed = row.median("seconds")
            totals = [run["first_seconds"] + run["seconds"] for run in row.runs]
            refetched = [(run["served_total"] - row.bytes) / MIB for run in row.runs]
            w4_lines.append([
                row.label, f2(first), f"{f2(resumed)} ({f2(min(row.values('seconds')))}-{f2(max(row.values('seconds')))})",
                f2(ratio(resumed, b)), f2(statistics.median(totals)), f2(ratio(statistics.median(totals), b)),
                f2(statistics.median([run["first_cpu"] + run["cpu"] for run in row.runs])),
                f1(statistics.median(row.values("written_at_signal")) / MIB),
                f1(statistics.median(row.values("bytes_reused")) / MIB),
                f1(statistics.median(row.values("bytes_transferred")) / MIB),
                f"{f1(statistics.median(refetched))} ({f1(min(refetched))}-{f1(max(refetched))})"])
        sections.append(f"""## 4. Resume after an interruption at 50 %

The download of workload 1 (default settings, presigned URL, to a file{", " + meta['resume_flags'] if meta['resume_flags'] else ""}),
interrupted once it has written half of the object's bytes into its file
(polled every 2 ms from `/proc/PID/io`, `wchar`), with SIGINT (exit 130, the checkpoint
is written) or `kill -9` (the checkpoint is what was last flushed), then run
again as is. *Re-fetched* is what serve sent in both runs (its
`/_ossxfer/stats` counter `bytes_served`) minus the object's size: bytes in
flight when the process stopped plus parts redone by the resume.

{table(["run", "interrupted run s", "resume s (min-max)", "resume ÷ uninterrupted", "total s", "total ÷ uninterrupted", "CPU s (both runs)", "MiB written at the signal", "MiB reused (resume)", "MiB fetched (resume)", "MiB re-fetched (min-max)"], w4_lines)}
""")

    if sizes:
        w5_lines = []
        for mib in sizes:
            for id in (f"scale_default_{mib}", f"scale_j16_{mib}"):
                row = R[id]
                m, lo, hi = row.stat("mibs")
                w5_lines.append([row.label, f1(m), f1(lo), f1(hi), f2(cpu_per_gib(row)), f1(row.peak_rss)])
        sections.append(f"""## 5. Scaling: synthetic objects to /dev/null

Objects generated by `ossxfer serve` (`oss://synthetic/SIZE`, with their
CRC64; nothing on disk), downloaded with signed requests to /dev/null.
The server's generation shares the cores with the client. Objects under
128 MiB have fewer than 16 parts of 8 MiB, so fewer parts in flight: the
flatness target compares the sizes from 128 MiB up.

{table(["object, settings", "median MiB/s", "min", "max", "CPU s per GiB (median)", "peak RSS MiB (max)"], w5_lines)}
""")

    if "6" in have:
        w6_lines = []
        for on, off, where in CRC_PAIRS:
            m_on, lo_on, hi_on = R[on].stat("mibs")
            m_off, lo_off, hi_off = R[off].stat("mibs")
            cpu_on, cpu_off = R[on].median("cpu"), R[off].median("cpu")
            w6_lines.append([where, f"{f1(m_on)} ({f1(lo_on)}-{f1(hi_on)})", f"{f1(m_off)} ({f1(lo_off)}-{f1(hi_off)})",
                             f"{1 - ratio(m_on, m_off):+.1%}", f2(cpu_on), f2(cpu_off),
                             f"{(cpu_on - cpu_off) / (R[on].bytes / GIB):+.3f}"])
        sections.append(f"""## 6. CRC64 verification on and off

Workload 1's default download (presigned URL; and signed, to /dev/null)
with and without `--no-verify`, the six rows interleaved over {meta['crc_rounds']} rounds: more than
the other workloads, as the 5 % in question is less than the run-to-run
spread of this machine. Cost = 1 − on ÷ off (medians); CPU s are the
client's (user + sys), medians.

{table(["download", "CRC64 on MiB/s (min-max)", "off MiB/s (min-max)", "throughput cost", "CPU s on", "CPU s off", "CPU s per GiB for CRC64"], w6_lines)}
""")

    if have & {"7", "8", "9"}:
        sections.append(s3_section(R, meta, size, have, ours))

    commands = [[f"{R[i].workload}", R[i].label, code(R[i].command)] for i in R]
    minutes = int(meta["duration_seconds"]) / 60
    smoke = meta["smoke"] == "1"
    all_workloads = meta.get("workloads", "1 2 3 4 5 6 7 8 9").split() == [str(n) for n in range(1, 10)]
    selection = "" if all_workloads else (
        f"**Workloads {meta['workloads'].strip()} only** (`BENCH_ROWS`); the others were not run.\n")
    peers = ["curl"] + (["aria2c", "axel"] if "1" in have else []) + (
        ["awscli", "rclone"] if have & {"7", "8", "9"} else [])
    tools = "; ".join(meta[t] for t in ["curl", "aria2c", "axel", "nginx", "awscli", "rclone", "gnuplot"] if meta.get(t))
    environment = []
    if have & {"1", "2", "3", "4", "5", "6"}:
        environment.append(f"""Environment: `OSS_ENDPOINT=http://127.0.0.1:{meta['serve_port']}` (serve),
`OSS_REGION=cn-hangzhou`, `OSS_ACCESS_KEY_ID`/`OSS_ACCESS_KEY_SECRET` =
serve's key pair. `$GET_URL` = `ossxfer presign oss://bench/object.bin --expires 3h`
(V4 query signature); `$NGINX_URL` = `http://127.0.0.1:{meta['nginx_port']}/object.bin`;
`$PUT_URL` = `ossxfer presign --method PUT oss://bench/$KEY --expires 1h`
(a new `$KEY` per run); `$SRC` the {size} file; `$DL` an empty directory on
the same disk; `$SMALL` the directory of 64 KiB files; `$LIST_DOWN` and
`$LIST_UP` curl config files with one `url`/`output` (or `upload-file`/`url`)
pair per object and `write-out = "%{{http_code}}\\n"` (every code is checked).""")
    if have & {"7", "8", "9"}:
        environment.append(f"""S3 rows (7-9): `AWS_ENDPOINT_URL=http://127.0.0.1:{meta['serve_port']}` (serve, the
same port), `AWS_DEFAULT_REGION=us-east-1`, `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` =
serve's key pair, `AWS_SHARED_CREDENTIALS_FILE` a file that does not exist, every other
`AWS_*`/`RCLONE_*` variable unset; `$AWS_CFG` an awscli config file with
`[default] s3 = addressing_style = path`, `$AWS_CFG_N` the same plus
`max_concurrent_requests = {N}` (what `aws configure set default.s3.max_concurrent_requests {N}`
writes); rclone's remote `s3peer:` from `RCLONE_CONFIG_S3PEER_TYPE=s3`, `_PROVIDER=Other`,
`_ENDPOINT`, `_REGION=us-east-1` and the keys, `RCLONE_CONFIG` an empty file. `aws` is
awscli's program itself (not a pyenv shim). `$SRC` the {size} file, `$DL` an empty
directory, `$SMALL` the 64 KiB files, `$KEY` a new key (prefix) per run.""")
    environment_text = "\n\n".join(environment)
    title = "Benchmarks: ossxfer vs " + ", ".join(peers[:-1]) + (" and " if len(peers) > 1 else "") + peers[-1]
    sections_text = "\n".join(sections)
    md = f"""# {title}

{"**SMOKE RUN (tiny sizes, one round): the figures mean nothing.**" if smoke else ""}
{selection}Made by `make bench` (`bench/run.sh`, then `bench/report.py`) on {meta['started']};
the measurements took {minutes:.1f} minutes. Object: {size} of random bytes;
{rounds} round{"s" if rounds != "1" else ""}{f" ({meta['crc_rounds']} for workload 6)" if "6" in have else ""}; every figure is the median of the runs of a row with their
min and max, all from this one run (the rows of a workload are interleaved in
each round and the order rotates from round to round), so ratios between rows
hold even though the machine is noisy. Ratios are ratios of medians.
Chart: [results.png](results.png); every run: [results-raw.tsv](results-raw.tsv).
Where a target was missed, the cause, the fix and the figures before and
after are in [results/](results/) (one file per topic, dated sections).

**Machine:** {meta['machine']}; {meta['filesystem']}; load average at start
{meta['load_start']}, at the end {meta['load_end']} (the bench's own client and server
threads count in it). Client and servers share the cores: the CPU of the server is not in the client's CPU seconds.
**Tools:** {meta['ossxfer']} (source {meta['source']}); {tools}.

**Servers**, both on 127.0.0.1 with ports the OS chose: `ossxfer serve`
(checking V4 signatures: signed requests and presigned URLs; S3 requests,
signed the AWS way, on the same port) and Debian's
nginx serving the same bytes from a file (sendfile, one worker per core),
the neutral reference for the plain-HTTP downloaders. curl, aria2c and
axel read from nginx; ossxfer reads from serve, where it gets the CRC64 it
verifies (nginx sends none). Each run is measured with
`/usr/bin/time -f '%e %U %S %M'`: CPU seconds (user + sys) and peak RSS of
the client; wall seconds are taken around it with bash's `$EPOCHREALTIME`
(time's `%e` has 10 ms steps). Every run is checked (exit code, bytes in place,
CRC64 verified where expected); written files are deleted and `sync`ed
before the next run. ossxfer's download fsyncs each part before recording
it in the checkpoint and the file before renaming it; curl, aria2c and
axel leave their data in the page cache.

## Targets

{table(["target", "measured", "goal", "result"], targets)}

{sections_text}
## Commands

{environment_text}

{table(["workload", "row", "command"], commands)}
"""
    os.makedirs(out, exist_ok=True)
    while "\n\n\n" in md:
        md = md.replace("\n\n\n", "\n\n")
    with open(os.path.join(out, "RESULTS.md"), "w") as f:
        f.write(md)
    with open(os.path.join(out, "results-raw.tsv"), "w") as f:
        f.write("workload\trow\tround\tseconds\tuser_s\tsys_s\tpeak_rss_kib\tbytes\textra\n")
        with open(os.path.join(data, "raw.tsv")) as raw:
            f.write(raw.read())
    with tempfile.TemporaryDirectory() as tmp:
        gnuplot(rows, meta, out, tmp)
    print("\n".join(["Targets:"] + ["  " + " | ".join(t) for t in targets]))


def s3_section(R, meta, size, have, ours):
    """Section 7: workloads 7-9, ossxfer, awscli and rclone on serve's S3
    dialect."""
    N = meta["s3_parallel"]
    count = int(meta["small_count"])
    parts = [f"""## 7. S3: ossxfer, `aws s3 cp` and `rclone` on serve's S3 dialect

The same `ossxfer serve` and bucket, reached with AWS Signature V4
(`s3://`, path style, region us-east-1). Each tool runs at its defaults
and at {N} streams (parts or files) at once: ossxfer `-j` (downloads 4,
uploads 8 by default) or `--jobs` (4 files); awscli (v1, s3transfer)
`max_concurrent_requests` (default 10, 8 MiB parts); rclone
`--multi-thread-streams` (4, for files from 250 MiB),
`--s3-upload-concurrency` (4 parts of 5 MiB) and `--transfers` (4 files).
A matched ossxfer row equal to its default is the default row. The
{size} object was uploaded by ossxfer (8 MiB parts; its CRC-64 in the
object's metadata, which ossxfer's download verifies); one row reads the
copy awscli uploaded, which ossxfer can only check against its multipart
ETag (an MD5 of the written file, once it is complete). awscli and rclone
write through the page cache; ossxfer's download writes with O_DIRECT and
fsyncs each part (workload 1). Checks: ossxfer's `--json` (done, CRC-64 or
ETag verified); `cmp` of the peers' files with the source; every upload's
size and CRC-64 as serve computed them (`ossxfer stat oss://…`); the small
files' MD5s, and for uploads every object's MD5 ETag. Small uploads go to
a new prefix each run (deleted after it), so that no tool skips a file
already there.
"""]
    default_of = {"7": "s3_dl_default", "8": "s3_up_default"}
    matched_of = {"7": "s3_dl_matched", "8": "s3_up_matched"}
    for workload, title in (("7", f"Download {size} to a file"), ("8", f"Upload {size}")):
        if workload not in have:
            continue
        d = R[default_of[workload]]
        m_row = R[ours(default_of[workload], matched_of[workload])]
        lines = []
        for id in (i for i in R if R[i].workload == workload):
            row = R[id]
            m, lo, hi = row.stat("mibs")
            lines.append([row.label, f1(m), f1(lo), f1(hi), f2(row.median("cpu")), f2(cpu_per_gib(row)),
                          f1(row.peak_rss), f2(ratio(d.mibs, m))] + ([f2(ratio(m_row.mibs, m))] if m_row is not d else []))
        parts.append(f"""### {title}

{table(["client", "median MiB/s", "min", "max", "CPU s (median)", "CPU s per GiB", "peak RSS MiB (max)",
        f"{d.label} ÷ this"] + ([f"{m_row.label} ÷ this"] if m_row is not d else []), lines)}
""")
    if "9" in have:
        for direction in ("down", "up"):
            d = R[f"s3_small_{direction}"]
            m_row = R[ours(f"s3_small_{direction}", f"s3_small_{direction}_matched")]
            lines = []
            for id in (i for i in R if R[i].workload == "9" and f"_{direction}" in i):
                row = R[id]
                v = objects_per_second(row)
                lines.append([row.label, f1(statistics.median(v)), f1(min(v)), f1(max(v)), f1(row.mibs),
                              f2(row.median("cpu")), f1(row.peak_rss),
                              f2(ratio(row.median("seconds"), d.median("seconds")))] +
                             ([f2(ratio(row.median("seconds"), m_row.median("seconds")))] if m_row is not d else []))
            parts.append(f"""### {count} objects of 64 KiB, {"download" if direction == "down" else "upload"}

{table(["client", "objects/s (median)", "min", "max", "MiB/s", "CPU s (median)", "peak RSS MiB (max)",
        f"{d.label} ÷ this"] + ([f"{m_row.label} ÷ this"] if m_row is not d else []), lines)}
""")
    return "\n".join(parts)


if __name__ == "__main__":
    main()
