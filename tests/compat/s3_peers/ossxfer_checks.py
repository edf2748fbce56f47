"""ossxfer's S3 dialect against a real S3 server (Ceph RGW or moto): the
`ossxfer` command with s3:// URLs does the work, boto3 (an independent
client) checks every result on the server, and the server's own answers
check what ossxfer prints. Run by peer_test.py (`ossxfer` test).
"""

import base64
import concurrent.futures
import hashlib
import json
import os
import subprocess
import time
import datetime
import unittest.mock
import urllib.parse
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions

MIB = 1024 * 1024


def crc64_ecma(data):
    """CRC-64/ECMA-182 as OSS and ossxfer compute it (reflected, poly
    0xC96C5795D7870F42, init and xorout all ones), bit by bit: an
    independent implementation for small inputs."""
    crc = 0xFFFFFFFFFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0xC96C5795D7870F42 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFFFFFFFFFF


def crc32c_base64(data):
    """CRC-32C (Castagnoli: reflected poly 0x82F63B78, init and xorout all
    ones) as S3 sends it, base64 of the big-endian value; table-driven, an
    independent implementation (botocore needs the CRT for CRC-32C, which
    the image lacks)."""
    table = []
    for n in range(256):
        crc = n
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        table.append(crc)
    crc = 0xFFFFFFFF
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    crc ^= 0xFFFFFFFF
    return base64.b64encode(crc.to_bytes(4, "big")).decode()


class Ossxfer:
    """Runs the ossxfer binary with the peer's settings in the AWS_*
    variables, as a user of the AWS tools would have them, and no AWS
    config files (the test's own, absent ones)."""

    def __init__(self, binary, peer):
        self.binary = binary
        self.peer = peer

    def env(self, secret=None):
        # An empty ossxfer config of the test's own: s3:// reads it for an
        # aws_profile.
        own_config = os.path.join(self.peer.work, "empty-config")
        if not os.path.exists(own_config):
            with open(own_config, "w", encoding="utf-8"):
                pass
            os.chmod(own_config, 0o600)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "OSS_", "OSSXFER_"))}
        env.update(AWS_ACCESS_KEY_ID=self.peer.key,
                   AWS_SECRET_ACCESS_KEY=secret or self.peer.secret,
                   AWS_REGION=self.peer.region,
                   AWS_ENDPOINT_URL=self.peer.endpoint,
                   AWS_CONFIG_FILE=os.path.join(self.peer.work, "no-aws-config"),
                   AWS_SHARED_CREDENTIALS_FILE=os.path.join(self.peer.work, "no-credentials"),
                   OSSXFER_CONFIG=own_config)
        return env

    def run(self, *args, secret=None, env=None):
        run = subprocess.run([self.binary, *args], env=env or self.env(secret),
                             capture_output=True, text=True, timeout=300)
        return run.returncode, run.stdout, run.stderr

    def start(self, *args):
        """Starts ossxfer in the background (for kill -9 tests)."""
        return subprocess.Popen([self.binary, *args], env=self.env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ok(self, *args, expect, **kwargs):
        code, out, err = self.run(*args, **kwargs)
        expect(code == 0, f"ossxfer {' '.join(args)} exited {code}: {err.strip()}")
        return out


def botocore_presigned_signature(peer, url, expect):
    """botocore's X-Amz-Signature for `url` (a presigned GET), computed
    with its clock set to the URL's X-Amz-Date: an independent SigV4."""
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    when = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")

    credentials = botocore.credentials.Credentials(peer.key, peer.secret)
    auth = botocore.auth.S3SigV4QueryAuth(credentials, "s3", peer.region,
                                          expires=int(query["X-Amz-Expires"]))
    request = botocore.awsrequest.AWSRequest(
        method="GET", url=f"{parts.scheme}://{parts.netloc}{parts.path}")
    # botocore reads its clock through auth.get_current_datetime (1.3x and
    # later); patching datetime.datetime.utcnow instead left botocore on the
    # real clock, so the check failed whenever a second ticked between
    # ossxfer's presign and this call.
    with unittest.mock.patch.object(botocore.auth, "get_current_datetime",
                                    lambda *args, **kwargs: when):
        auth.add_auth(request)
    signed = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request.url).query))
    expect(signed["X-Amz-Date"] == query["X-Amz-Date"],
           f"botocore signed at {signed['X-Amz-Date']}, not at the URL's "
           f"{query['X-Amz-Date']}: its clock was not pinned")
    return signed["X-Amz-Signature"]


def kill_when(process, reached, what, expect):
    """Polls `reached()` until it holds, then kill -9s `process`; fails
    when the process ends first or 60 s pass."""
    try:
        deadline = time.monotonic() + 60
        while not reached():
            expect(process.poll() is None, f"the transfer ended before {what}")
            expect(time.monotonic() < deadline, f"not {what} within 60 s")
            time.sleep(0.05)
    finally:
        process.kill()
        process.wait()


def written_bytes(process):
    with open(f"/proc/{process.pid}/io", encoding="ascii") as io:
        return int(next(line for line in io if line.startswith("wchar:")).split()[1])


def test_ossxfer(peer, check, binary, expect, new_bucket_name, empty_and_delete_bucket,
                 multipart_etag, unquote, rclone):
    s3 = peer.client()
    ox = Ossxfer(binary, peer)
    bucket = new_bucket_name("ox")
    small = os.urandom(1000)
    big = os.urandom(12 * MIB + 12345)
    paths = {name: os.path.join(peer.work, name)
             for name in ("small.bin", "big.bin", "small.back", "big.back")}
    for name, data in (("small.bin", small), ("big.bin", big)):
        with open(paths[name], "wb") as file:
            file.write(data)

    def read(path):
        with open(path, "rb") as file:
            return file.read()

    try:
        def make_bucket():
            ox.ok("mb", f"s3://{bucket}", expect=expect)
            names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
            expect(bucket in names, f"ListBuckets does not show {bucket}: {names}")
            out = ox.ok("ls", "s3://", expect=expect)
            expect(f"s3://{bucket}" in out, f"ossxfer ls s3:// does not list it: {out!r}")
        check("ossxfer mb s3://B: boto3's ListBuckets and ossxfer ls s3:// show it", make_bucket)

        def put_small():
            out = ox.ok("--json", "cp", paths["small.bin"], f"s3://{bucket}/dir/small.bin",
                        expect=expect)
            result = json.loads(out.strip().splitlines()[-1])
            # The store checked the Content-MD5 sent; the ETag answered is it.
            expect(result.get("etag_verified") is True,
                   f"the upload does not say its ETag was verified: {out.strip()}")
            got = s3.get_object(Bucket=bucket, Key="dir/small.bin")
            expect(got["Body"].read() == small, "GetObject of dir/small.bin differs")
            expect(unquote(got["ETag"]) == hashlib.md5(small).hexdigest(),
                   f"ETag {got['ETag']} is not the MD5 of the 1000 bytes")
            recorded = got["Metadata"].get("ossxfer-crc64ecma")
            expect(recorded == str(crc64_ecma(small)),
                   f"x-amz-meta-ossxfer-crc64ecma is {recorded!r}, the CRC-64 of the "
                   f"bytes is {crc64_ecma(small)}")
        check("ossxfer cp up 1000 B: boto3 GETs the same bytes, ETag = MD5 (etag_verified), "
              "the CRC-64 recorded in x-amz-meta-ossxfer-crc64ecma", put_small)

        def put_multipart():
            out = ox.ok("--json", "cp", "--part-size", "5MiB", "-j", "3", paths["big.bin"],
                        f"s3://{bucket}/dir/big.bin", expect=expect)
            result = json.loads(out.strip().splitlines()[-1])
            expect(result.get("etag_verified") is True,
                   f"the upload does not say its composite ETag was verified: {out.strip()}")
            expect(unquote(result.get("etag")) == multipart_etag(big, 5 * MIB),
                   f"ossxfer reports ETag {result.get('etag')} (RGW's Complete answers "
                   f"an empty one: ossxfer must take and check the HEAD's)")
            head = s3.head_object(Bucket=bucket, Key="dir/big.bin")
            expect(head["ContentLength"] == len(big), f"ContentLength {head['ContentLength']}")
            want = multipart_etag(big, 5 * MIB)
            expect(unquote(head["ETag"]) == want,
                   f"ETag {head['ETag']} is not MD5(part MD5s)-3 = {want}")
            got = s3.get_object(Bucket=bucket, Key="dir/big.bin")["Body"].read()
            expect(got == big, "GetObject of dir/big.bin differs from the file")
            uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            expect(not uploads, f"uploads left behind: {uploads}")
        check("ossxfer cp up 12 MiB in 5 MiB parts: ETag MD5(part MD5s)-3 (etag_verified), "
              "bytes, no upload left", put_multipart)

        def get_both():
            for key, data, back in (("dir/small.bin", small, "small.back"),
                                    ("dir/big.bin", big, "big.back")):
                out = ox.ok("--json", "cp", "--part-size", "5MiB", f"s3://{bucket}/{key}",
                            paths[back], expect=expect)
                expect(read(paths[back]) == data, f"{back}: downloaded bytes differ")
                result = json.loads(out.strip().splitlines()[-1])
                expect(result.get("crc64_verified") is True,
                       f"{key}: the download was not verified against the recorded "
                       f"CRC-64: {out.strip()}")
            leftovers = [n for n in os.listdir(peer.work) if "ossxfer" in n or n.endswith(".dcp")]
            expect(not leftovers, f"work files left beside the downloads: {leftovers}")
        check("ossxfer cp down 1000 B and 12 MiB (ranged parts): byte-identical, "
              "verified against the recorded CRC-64, no work file left", get_both)

        def others_objects_by_etag():
            # Objects boto3 uploaded carry no CRC-64 record: ossxfer checks
            # the bytes against the ETag, the MD5 of a single-part object
            # and MD5(part MD5s)-N of one uploaded in 5 MiB parts.
            s3.put_object(Bucket=bucket, Key="boto3/small.bin", Body=small)
            upload = s3.create_multipart_upload(Bucket=bucket, Key="boto3/big.bin")["UploadId"]
            parts = []
            for number, offset in enumerate(range(0, len(big), 5 * MIB), start=1):
                answer = s3.upload_part(Bucket=bucket, Key="boto3/big.bin", UploadId=upload,
                                        PartNumber=number, Body=big[offset:offset + 5 * MIB])
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            s3.complete_multipart_upload(Bucket=bucket, Key="boto3/big.bin", UploadId=upload,
                                         MultipartUpload={"Parts": parts})
            seen = []
            for key, data in (("boto3/small.bin", small), ("boto3/big.bin", big)):
                back = os.path.join(peer.work, key.replace("/", "-") + ".back")
                out = ox.ok("--json", "cp", f"s3://{bucket}/{key}", back, expect=expect)
                expect(read(back) == data, f"{key}: downloaded bytes differ")
                result = json.loads(out.strip().splitlines()[-1])
                checksum = result.get("object_checksum") or {}
                if peer.name in ("moto", "serve") and key == "boto3/small.bin":
                    # boto3 sends its default CRC-32 with a PutObject and
                    # moto and serve keep it: the CRC is asked for and
                    # checked first.
                    expect(result.get("crc64_verified") is True
                           and checksum.get("algorithm") == "crc32"
                           and not result.get("etag_verified"),
                           f"{key}: not verified by the CRC-32 moto keeps: {out.strip()}")
                    seen.append(f"{key} CRC-32 {checksum.get('value')}")
                    continue
                expect(result.get("etag_verified") is True and not result.get("crc64_verified"),
                       f"{key}: not verified by its ETag {result.get('etag')}: {out.strip()}")
                seen.append(f"{key} {result.get('etag')}")
            return "; ".join(seen)
        check("objects boto3 put (single-part, 3 parts of 5 MiB): ossxfer cp down checks "
              "them against their ETags (the single part by the CRC-32 moto keeps)",
              others_objects_by_etag)

        def etag_layout_from_part_number():
            # 6 MiB parts, a size no S3 client uses by default and so no
            # guess of ossxfer's: only HEAD ?partNumber=1 tells the layout.
            data = os.urandom(14 * MIB + 1)
            key = "boto3/six-mib-parts.bin"
            upload = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
            parts = []
            for number, offset in enumerate(range(0, len(data), 6 * MIB), start=1):
                answer = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload,
                                        PartNumber=number, Body=data[offset:offset + 6 * MIB])
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload,
                                         MultipartUpload={"Parts": parts})
            back = os.path.join(peer.work, "six-mib-parts.back")
            out = ox.ok("--json", "cp", f"s3://{bucket}/{key}", back, expect=expect)
            expect(read(back) == data, f"{key}: downloaded bytes differ")
            result = json.loads(out.strip().splitlines()[-1])
            seen = (f"etag_verified {result.get('etag_verified')}, part size "
                    f"{result.get('etag_part_size')} from {result.get('etag_part_size_source')}")
            if peer.name in ("moto", "serve"):
                # moto and serve answer the part's size and
                # x-amz-mp-parts-count; the COMPOSITE CRC32 moto keeps of
                # boto3's parts (answered without -N or type) must not be
                # taken for the whole object's.
                expect(result.get("etag_verified") is True
                       and result.get("etag_part_size") == 6 * MIB
                       and result.get("etag_part_size_source") == "store"
                       and not result.get("crc64_verified"),
                       f"not verified at the 6 MiB layout {peer.name} tells: {out.strip()}")
            elif peer.name == "rgw":
                # RGW 16 ignores partNumber: no layout to learn, no guess fits.
                expect(result.get("etag_verified") is False, f"{seen}: {out.strip()}")
                notices = " ".join(result.get("notices", []))
                expect("ignores HEAD ?partNumber=1" in notices,
                       f"the notice does not say RGW ignores partNumber: {notices}")
            return seen
        check("an object boto3 uploaded in 6 MiB parts: ossxfer cp down learns the part "
              "size from HEAD ?partNumber=1 (moto) or says it cannot (RGW)",
              etag_layout_from_part_number)

        def stored_crc32c():
            data = os.urandom(300 * 1024)
            key = "boto3/crc32c.bin"
            # The value given, as boto3 computes it with the CRT installed;
            # the algorithm too, without which moto keeps no checksum.
            s3.put_object(Bucket=bucket, Key=key, Body=data, ChecksumAlgorithm="CRC32C",
                          ChecksumCRC32C=crc32c_base64(data))
            back = os.path.join(peer.work, "crc32c.back")
            out = ox.ok("--json", "cp", f"s3://{bucket}/{key}", back, expect=expect)
            expect(read(back) == data, f"{key}: downloaded bytes differ")
            result = json.loads(out.strip().splitlines()[-1])
            checksum = result.get("object_checksum") or {}
            if peer.name == "serve":
                expect(result.get("crc64_verified") is True
                       and checksum.get("algorithm") == "crc32c",
                       f"not verified by the CRC-32C serve keeps: {out.strip()}")
            if peer.name == "moto":
                expect(result.get("crc64_verified") is True
                       and checksum.get("algorithm") == "crc32c",
                       f"not verified by the CRC-32C moto keeps: {out.strip()}")
                # A stored value that is not the bytes' (moto keeps what it
                # is sent unverified): the download must fail, not publish.
                s3.put_object(Bucket=bucket, Key="boto3/wrong-crc32c.bin", Body=data,
                              ChecksumAlgorithm="CRC32C", ChecksumCRC32C="AAAAAA==")
                wrong = os.path.join(peer.work, "wrong-crc32c.back")
                code, _, err = ox.run("cp", f"s3://{bucket}/boto3/wrong-crc32c.bin", wrong)
                expect(code == 5 and "CRC" in err,
                       f"a wrong stored CRC-32C exited {code}, not 5: {err.strip()}")
                expect(not os.path.exists(wrong), "a file failing its CRC was published")
            elif peer.name == "rgw":
                # RGW 16 keeps no checksums: the MD5 ETag checks it.
                expect(result.get("etag_verified") is True, out.strip())
            return (f"crc64_verified {result.get('crc64_verified')} "
                    f"({checksum.get('algorithm')}), etag_verified {result.get('etag_verified')}")
        check("an object boto3 put with a CRC-32C: ossxfer cp down checks "
              "it by the CRC-32C the store keeps (moto), a wrong one fails with exit 5; "
              "by its ETag where none is kept (RGW)", stored_crc32c)

        def profile_from_own_config():
            # Only files: ossxfer's config names the AWS profile, whose
            # sections give the endpoint, the style and the keys.
            aws_config = os.path.join(peer.work, "aws-config-profile")
            credentials = os.path.join(peer.work, "aws-credentials-profile")
            own_config = os.path.join(peer.work, "own-config-profile")
            for path, text in (
                    (aws_config, f"[profile peer]\nendpoint_url = {peer.endpoint}\n"
                                 f"region = {peer.region}\ns3 =\n    addressing_style = path\n"),
                    (credentials, f"[peer]\naws_access_key_id = {peer.key}\n"
                                  f"aws_secret_access_key = {peer.secret}\n"),
                    (own_config, "[default]\naws_profile = peer\n")):
                with open(path, "w", encoding="utf-8") as file:
                    file.write(text)
                os.chmod(path, 0o600)
            env = {k: v for k, v in ox.env().items() if not k.startswith("AWS_")}
            env.update(AWS_CONFIG_FILE=aws_config, AWS_SHARED_CREDENTIALS_FILE=credentials,
                       OSSXFER_CONFIG=own_config)
            # A HEAD: moto's signature check refuses listings with a '/'.
            code, out, err = ox.run("-v", "--json", "stat", f"s3://{bucket}/dir/small.bin",
                                    env=env)
            expect(code == 0 and json.loads(out).get("size") == len(small),
                   f"exit {code}: {out.strip()} {err.strip()[-300:]}")
            expect("aws_profile in" in err, f"-v does not say where the profile came from: "
                                            f"{err.strip()[-500:]}")
            return "stat through the AWS profile ossxfer's config names"
        check("ossxfer's own config names the AWS profile s3:// uses (aws_profile)",
              profile_from_own_config)

        def wrong_record_refused():
            # boto3 rewrites the record (a copy onto itself with new
            # metadata): the bytes no longer match what is recorded.
            s3.copy_object(Bucket=bucket, Key="dir/small.bin", MetadataDirective="REPLACE",
                           CopySource={"Bucket": bucket, "Key": "dir/small.bin"},
                           Metadata={"ossxfer-crc64ecma": str(crc64_ecma(small) ^ 1)})
            target = os.path.join(peer.work, "tampered.back")
            code, _, err = ox.run("cp", "-q", f"s3://{bucket}/dir/small.bin", target)
            expect(code == 5, f"a download that does not match its record exited {code}, "
                              f"not 5: {err.strip()}")
            expect(not os.path.exists(target), "a file was left at the destination")
            s3.copy_object(Bucket=bucket, Key="dir/small.bin", MetadataDirective="REPLACE",
                           CopySource={"Bucket": bucket, "Key": "dir/small.bin"},
                           Metadata={"ossxfer-crc64ecma": str(crc64_ecma(small))})
            return err.strip().splitlines()[0]
        check("a download whose bytes do not match the recorded CRC-64 fails with exit 5 "
              "and leaves no file", wrong_record_refused)

        def kill_upload_then_resume():
            # Slowed to 4 MiB/s so that it is killed with parts on the server
            # and parts to go; the same command then finishes it.
            key = f"s3://{bucket}/resumed/big.bin"
            process = ox.start("cp", "-q", "--part-size", "5MiB", "-j", "1",
                               "--limit-rate", "4MiB", paths["big.bin"], key)

            # Two parts on the server: the first has been recorded in the
            # checkpoint for as long as the second took (a part the server
            # holds but the checkpoint never recorded is sent again).
            def two_parts_are_on_the_server():
                uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
                return bool(uploads) and len(s3.list_parts(
                    Bucket=bucket, Key="resumed/big.bin",
                    UploadId=uploads[0]["UploadId"]).get("Parts", [])) >= 2
            kill_when(process, two_parts_are_on_the_server, "two parts reached the server",
                      expect)
            out = ox.ok("--json", "cp", "--part-size", "5MiB", paths["big.bin"], key,
                        expect=expect)
            result = json.loads(out.strip().splitlines()[-1])
            expect(result.get("bytes_reused", 0) >= 5 * MIB,
                   f"the second run reused {result.get('bytes_reused')} bytes: {out.strip()}")
            head = s3.head_object(Bucket=bucket, Key="resumed/big.bin")
            expect(unquote(head["ETag"]) == multipart_etag(big, 5 * MIB),
                   f"ETag {head['ETag']} after the resume")
            got = s3.get_object(Bucket=bucket, Key="resumed/big.bin")["Body"].read()
            expect(got == big, "the resumed object's bytes differ from the file")
            uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            expect(not uploads, f"uploads left behind: {uploads}")
            return f"reused {result['bytes_reused']} bytes"
        check("kill -9 during a multipart upload, then the same command: parts reused, "
              "ETag MD5(part MD5s)-3, no upload left", kill_upload_then_resume)

        def kill_download_then_resume():
            target = os.path.join(peer.work, "resumed.back")
            process = ox.start("cp", "-q", "--part-size", "5MiB", "-j", "1",
                               "--limit-rate", "4MiB", f"s3://{bucket}/dir/big.bin", target)
            # Past two parts, so the first is surely recorded (as above).
            kill_when(process, lambda: written_bytes(process) >= 11 * MIB,
                      "11 MiB were written", expect)
            expect(not os.path.exists(target), "a partial file is at the destination")
            out = ox.ok("--json", "cp", "--part-size", "5MiB", f"s3://{bucket}/dir/big.bin",
                        target, expect=expect)
            result = json.loads(out.strip().splitlines()[-1])
            expect(read(target) == big, "the resumed download's bytes differ")
            expect(result.get("bytes_reused", 0) >= 5 * MIB,
                   f"the second run reused {result.get('bytes_reused')} bytes: {out.strip()}")
            expect(result.get("crc64_verified") is True, f"not verified: {out.strip()}")
            os.remove(target)
            return f"reused {result['bytes_reused']} bytes"
        check("kill -9 during a download, then the same command: no partial file at the "
              "destination, parts reused, verified", kill_download_then_resume)

        def stat_and_ls():
            out = ox.ok("--json", "stat", f"s3://{bucket}/dir/big.bin", expect=expect)
            stat = json.loads(out)
            expect(stat.get("size") == len(big), f"stat size {stat.get('size')}: {out}")
            expect(unquote(stat.get("etag")) == multipart_etag(big, 5 * MIB),
                   f"stat etag {stat.get('etag')}")
            out = ox.ok("ls", "-r", f"s3://{bucket}/", expect=expect)
            for key in ("dir/small.bin", "dir/big.bin"):
                expect(f"s3://{bucket}/{key}" in out, f"ls -r does not list {key}: {out!r}")
        check("ossxfer stat --json and ls -r: sizes, ETag and keys as boto3 put them",
              stat_and_ls)

        def presign():
            url = ox.ok("presign", f"s3://{bucket}/dir/small.bin", "--expires", "600",
                        expect=expect).strip()
            theirs = botocore_presigned_signature(peer, url, expect)
            ours = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
            expect(ours.get("X-Amz-Signature") == theirs,
                   f"botocore signs this URL {theirs}, ossxfer {ours.get('X-Amz-Signature')}")
            if peer.name == "moto":
                # moto with its IAM mode on answers 500 to every presigned
                # URL, boto3's too (tests/compat/s3_peers/README.md).
                return "signature as botocore's; moto cannot serve presigned URLs"
            with urllib.request.urlopen(url, timeout=30) as answer:
                expect(answer.read() == small, "the presigned GET gave other bytes")
            return "signature as botocore's; GET gives the object"
        check("ossxfer presign s3://: botocore computes the same signature at the URL's "
              "X-Amz-Date; the server serves it", presign)

        def missing_key():
            code, _, err = ox.run("stat", f"s3://{bucket}/no/such/key")
            expect(code == 3, f"stat of a missing key exited {code}, not 3: {err.strip()}")
            expect("s3://" in err and "404" in err, f"message: {err.strip()}")
            return err.strip().splitlines()[0]
        check("ossxfer stat of a missing key: exit 3 and a message naming it", missing_key)

        def wrong_secret():
            code, _, err = ox.run("stat", f"s3://{bucket}/dir/small.bin",
                                  secret="wrong-secret-wrong-secret")
            expect(code == 4, f"a wrong secret exited {code}, not 4: {err.strip()}")
            return err.strip().splitlines()[0]
        if peer.name == "rgw":
            # moto checks no signature unless its IAM mode is on
            # (tests/compat/s3_peers/README.md).
            check("ossxfer with a wrong secret: RGW refuses, exit 4", wrong_secret)

        def remove():
            ox.ok("rm", f"s3://{bucket}/dir/small.bin", expect=expect)
            try:
                s3.head_object(Bucket=bucket, Key="dir/small.bin")
                expect(False, "dir/small.bin is still there after ossxfer rm")
            except botocore.exceptions.ClientError as error:
                status = error.response["ResponseMetadata"]["HTTPStatusCode"]
                expect(status == 404, f"HEAD after rm answered {status}")
            expect(s3.head_object(Bucket=bucket, Key="dir/big.bin")["ContentLength"] == len(big),
                   "rm of one key touched another")
        check("ossxfer rm s3://B/K: boto3 no longer finds it, the other key stays", remove)

        def list_and_remove_past_one_page():
            # 1,001 keys put by boto3 in a bucket of their own: ListObjectsV2
            # answers at most 1,000 a page, and DeleteObjects takes at most
            # 1,000 keys a request, so both of ossxfer's paging loops go round
            # twice. Under a prefix, except on moto, whose signature check
            # refuses a "/" in a query value (peer_test.py, slash_in_query).
            paged = new_bucket_name("pages")
            s3.create_bucket(Bucket=paged)
            prefix = "" if peer.name == "moto" else "many/"
            keys = [f"{prefix}k{number:04d}" for number in range(1001)]
            try:
                with concurrent.futures.ThreadPoolExecutor(8) as pool:
                    list(pool.map(lambda key: s3.put_object(Bucket=paged, Key=key, Body=b""),
                                  keys))
                out = ox.ok("ls", "-r", f"s3://{paged}/{prefix}", expect=expect)
                listed = sorted(line.split(f"s3://{paged}/", 1)[1] for line in out.splitlines()
                                if f"s3://{paged}/" in line)
                expect(listed == keys, f"ls -r listed {len(listed)} keys, not the "
                       f"{len(keys)} put (first differences: "
                       f"{sorted(set(keys) ^ set(listed))[:3]})")
                ox.ok("rm", "-r", f"s3://{paged}/{prefix}", expect=expect)
                left = sum(page.get("KeyCount", 0) for page in
                           s3.get_paginator("list_objects_v2").paginate(Bucket=paged))
                expect(left == 0, f"{left} keys are left after rm -r")
                expect(s3.head_object(Bucket=bucket, Key="dir/big.bin")["ContentLength"]
                       == len(big), "rm -r in another bucket touched dir/big.bin")
                s3.delete_bucket(Bucket=paged)
            finally:
                empty_and_delete_bucket(s3, paged)
            return f"prefix {prefix!r}"
        check("ossxfer ls -r and rm -r of 1,001 keys boto3 put: every key listed across two "
              "pages, all deleted in two batches", list_and_remove_past_one_page)

        def unsupported_refused():
            code, _, err = ox.run("cp", "--traffic-limit", "819200", paths["small.bin"],
                                  f"s3://{bucket}/limited")
            expect(code != 0 and "OSS extension" in err,
                   f"--traffic-limit on s3:// exited {code}: {err.strip()}")
            listed = s3.list_objects_v2(Bucket=bucket, Prefix="limited").get("Contents", [])
            expect(not listed, f"a refused request still stored something: {listed}")
            return err.strip().splitlines()[0]
        check("an OSS-only option on s3:// is refused and nothing is stored",
              unsupported_refused)

        def sync_both_ways():
            if peer.name == "moto":
                # A sync lists prefix "sync/", and moto's signature check
                # refuses a listing query with a '/' (compat_s3_moto_quirks).
                return "not on moto: it refuses a listing whose prefix has a '/'"
            tree = os.path.join(peer.work, "sync-tree")
            os.makedirs(os.path.join(tree, "d"), exist_ok=True)
            # "d.x" < "d/b.txt" < "d0" in the store's byte order: the sync
            # reads the tree in that order beside the listing.
            files = {"a.txt": b"alpha", "d/b.txt": os.urandom(3000), "d.x": b"dot",
                     "d0": b"zero"}
            for name, data in files.items():
                with open(os.path.join(tree, name), "wb") as file:
                    file.write(data)
            target = f"s3://{bucket}/sync/"

            def states(out):
                lines = [json.loads(line) for line in out.strip().splitlines()]
                return sorted(line["state"] for line in lines
                              if line.get("type") == "transfer")
            first = ox.ok("--json", "sync", tree, target, expect=expect)
            expect(states(first) == ["done"] * 4, f"first sync up: {first.strip()}")
            again = ox.ok("--json", "sync", tree, target, expect=expect)
            expect(states(again) == ["skipped"] * 4,
                   f"an unchanged tree was sent again: {again.strip()}")
            head = s3.head_object(Bucket=bucket, Key="sync/d/b.txt")
            expect("mtime" in head.get("Metadata", {}),
                   f"no mtime recorded: {head.get('Metadata')}")
            s3.put_object(Bucket=bucket, Key="sync/extra.txt", Body=b"extra")
            back = os.path.join(peer.work, "sync-back")
            down = ox.ok("--json", "sync", "--delete", target, back, expect=expect)
            expect(states(down) == ["done"] * 5, f"sync down: {down.strip()}")
            down_again = ox.ok("--json", "sync", "--delete", target, back, expect=expect)
            expect(states(down_again) == ["skipped"] * 5
                   and '"type":"delete"' not in down_again.replace(" ", ""),
                   f"a second sync down copied or deleted: {down_again.strip()}")
            pruned = ox.ok("--json", "sync", "--delete", tree, target, expect=expect)
            expect('"type":"delete"' in pruned.replace(" ", ""),
                   f"--delete deleted nothing: {pruned.strip()}")
            left = sorted(o["Key"] for o in
                          s3.list_objects_v2(Bucket=bucket, Prefix="sync/").get("Contents", []))
            expect(left == ["sync/a.txt", "sync/d.x", "sync/d/b.txt", "sync/d0"],
                   f"left after --delete: {left}")
            for name, data in files.items():
                expect(read(os.path.join(back, name)) == data, f"{name} differs after sync down")
            return f"up, unchanged, down, --delete: {left}"
        check("ossxfer sync up and down: an unchanged tree sends nothing (the mtime it "
              "records), --delete removes what the tree lacks", sync_both_ways)

        def small_tree_download():
            if peer.name == "moto":
                return "not on moto: it refuses a listing whose prefix has a '/'"
            # cp -r fetches an object of one part with one GET carrying
            # If-Match: the ETag this store's listing gave, and verifies it
            # by what that GET's answer carries: ossxfer's recorded CRC-64,
            # or, for boto3's object, its MD5 ETag.
            tree = os.path.join(peer.work, "small-tree")
            os.makedirs(tree, exist_ok=True)
            ours = os.urandom(70000)
            with open(os.path.join(tree, "ours.bin"), "wb") as file:
                file.write(ours)
            ox.ok("cp", "-r", tree, f"s3://{bucket}/small/", expect=expect)
            theirs = os.urandom(50000)
            s3.put_object(Bucket=bucket, Key="small/theirs.bin", Body=theirs)
            back = os.path.join(peer.work, "small-back")
            out = ox.ok("--json", "cp", "-r", f"s3://{bucket}/small/", back, expect=expect)
            results = {os.path.basename(line["source"]): line
                       for line in map(json.loads, out.strip().splitlines())
                       if line.get("type") == "transfer"}
            expect(sorted(results) == ["ours.bin", "theirs.bin"], f"cp -r down: {out.strip()}")
            expect(results["ours.bin"].get("crc64_verified") is True,
                   f"ossxfer's object not CRC-64 verified: {results['ours.bin']}")
            expect(results["theirs.bin"].get("etag_verified") is True,
                   f"boto3's object not checked by its MD5 ETag: {results['theirs.bin']}")
            expect(read(os.path.join(back, "ours.bin")) == ours, "ours.bin differs")
            expect(read(os.path.join(back, "theirs.bin")) == theirs, "theirs.bin differs")
            return "ossxfer's object by its CRC-64, boto3's by its MD5 ETag"
        check("cp -r of small objects: one GET each with the listing's ETag, each verified",
              small_tree_download)

        def sync_mtime_with_rclone():
            if peer.name == "moto":
                return "not on moto: it refuses a listing whose prefix has a '/'"
            # rclone reads and writes the modification time as metadata
            # mtime too: each must see the other's, to the nanosecond.
            tree = os.path.join(peer.work, "mtime-tree")
            os.makedirs(tree, exist_ok=True)
            path = os.path.join(tree, "ours.txt")
            with open(path, "wb") as file:
                file.write(b"ossxfer's")
            os.utime(path, ns=(1700000000123456789, 1700000000123456789))
            ox.ok("sync", tree, f"s3://{bucket}/mtime/", expect=expect)
            saved_tz = os.environ.get("TZ")
            os.environ["TZ"] = "UTC"
            try:
                _, listed, _ = rclone("lsl", f"peer:{bucket}/mtime")
            finally:
                if saved_tz is None:
                    os.environ.pop("TZ")
                else:
                    os.environ["TZ"] = saved_tz
            expect("2023-11-14 22:13:20.123456789 ours.txt" in listed,
                   f"rclone does not read ossxfer's mtime: {listed!r}")
            theirs = os.path.join(peer.work, "theirs.txt")
            with open(theirs, "wb") as file:
                file.write(b"rclone's")
            os.utime(theirs, ns=(1600000000987654321, 1600000000987654321))
            rclone("copyto", theirs, f"peer:{bucket}/mtime/theirs.txt")
            back = os.path.join(peer.work, "mtime-back")
            ox.ok("sync", f"s3://{bucket}/mtime/", back, expect=expect)
            got = os.stat(os.path.join(back, "theirs.txt")).st_mtime_ns
            expect(got == 1600000000987654321,
                   f"ossxfer gave rclone's object the time {got}, not 1600000000987654321")
            return "rclone lists ossxfer's mtime; ossxfer sets rclone's on download"
        check("sync's recorded modification time is rclone's: rclone reads ossxfer's, "
              "ossxfer reads rclone's", sync_mtime_with_rclone)
    finally:
        empty_and_delete_bucket(s3, bucket)
