"""ossxfer's S3 dialect against a real S3 server (Ceph RGW or moto): the
`ossxfer` command with s3:// URLs does the work, boto3 (an independent
client) checks every result on the server, and the server's own answers
check what ossxfer prints. Run by peer_test.py (`ossxfer` test).
"""

import hashlib
import json
import os
import subprocess
import datetime
import unittest.mock
import urllib.parse
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.exceptions

MIB = 1024 * 1024


class Ossxfer:
    """Runs the ossxfer binary with the peer's settings in the AWS_*
    variables, as a user of the AWS tools would have them, and no AWS
    config files (the test's own, absent ones)."""

    def __init__(self, binary, peer):
        self.binary = binary
        self.peer = peer

    def run(self, *args, secret=None):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AWS_", "OSS_", "OSSXFER_"))}
        env.update(AWS_ACCESS_KEY_ID=self.peer.key,
                   AWS_SECRET_ACCESS_KEY=secret or self.peer.secret,
                   AWS_REGION=self.peer.region,
                   AWS_ENDPOINT_URL=self.peer.endpoint,
                   AWS_CONFIG_FILE=os.path.join(self.peer.work, "no-aws-config"),
                   AWS_SHARED_CREDENTIALS_FILE=os.path.join(self.peer.work, "no-credentials"),
                   OSSXFER_CONFIG=os.path.join(self.peer.work, "no-ossxfer-config"))
        run = subprocess.run([self.binary, *args], env=env, capture_output=True,
                             text=True, timeout=300)
        return run.returncode, run.stdout, run.stderr

    def ok(self, *args, expect, **kwargs):
        code, out, err = self.run(*args, **kwargs)
        expect(code == 0, f"ossxfer {' '.join(args)} exited {code}: {err.strip()}")
        return out


def botocore_presigned_signature(peer, url):
    """botocore's X-Amz-Signature for `url` (a presigned GET), computed
    with its clock set to the URL's X-Amz-Date: an independent SigV4."""
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    when = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")

    class FixedClock(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return when

    credentials = botocore.credentials.Credentials(peer.key, peer.secret)
    auth = botocore.auth.S3SigV4QueryAuth(credentials, "s3", peer.region,
                                          expires=int(query["X-Amz-Expires"]))
    request = botocore.awsrequest.AWSRequest(
        method="GET", url=f"{parts.scheme}://{parts.netloc}{parts.path}")
    with unittest.mock.patch.object(botocore.auth.datetime, "datetime", FixedClock):
        auth.add_auth(request)
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(request.url).query))[
        "X-Amz-Signature"]


def test_ossxfer(peer, check, binary, expect, new_bucket_name, empty_and_delete_bucket,
                 multipart_etag, unquote):
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
            ox.ok("cp", "-q", paths["small.bin"], f"s3://{bucket}/dir/small.bin", expect=expect)
            got = s3.get_object(Bucket=bucket, Key="dir/small.bin")
            expect(got["Body"].read() == small, "GetObject of dir/small.bin differs")
            expect(unquote(got["ETag"]) == hashlib.md5(small).hexdigest(),
                   f"ETag {got['ETag']} is not the MD5 of the 1000 bytes")
        check("ossxfer cp up 1000 B: boto3 GETs the same bytes, ETag = MD5", put_small)

        def put_multipart():
            ox.ok("cp", "-q", "--part-size", "5MiB", "-j", "3", paths["big.bin"],
                  f"s3://{bucket}/dir/big.bin", expect=expect)
            head = s3.head_object(Bucket=bucket, Key="dir/big.bin")
            expect(head["ContentLength"] == len(big), f"ContentLength {head['ContentLength']}")
            want = multipart_etag(big, 5 * MIB)
            expect(unquote(head["ETag"]) == want,
                   f"ETag {head['ETag']} is not MD5(part MD5s)-3 = {want}")
            got = s3.get_object(Bucket=bucket, Key="dir/big.bin")["Body"].read()
            expect(got == big, "GetObject of dir/big.bin differs from the file")
            uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            expect(not uploads, f"uploads left behind: {uploads}")
        check("ossxfer cp up 12 MiB in 5 MiB parts: ETag MD5(part MD5s)-3, bytes, "
              "no upload left", put_multipart)

        def get_both():
            for key, data, back in (("dir/small.bin", small, "small.back"),
                                    ("dir/big.bin", big, "big.back")):
                ox.ok("cp", "-q", "--part-size", "5MiB", f"s3://{bucket}/{key}",
                      paths[back], expect=expect)
                expect(read(paths[back]) == data, f"{back}: downloaded bytes differ")
            leftovers = [n for n in os.listdir(peer.work) if "ossxfer" in n or n.endswith(".dcp")]
            expect(not leftovers, f"work files left beside the downloads: {leftovers}")
        check("ossxfer cp down 1000 B and 12 MiB (ranged parts): byte-identical, "
              "no work file left", get_both)

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
            theirs = botocore_presigned_signature(peer, url)
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
    finally:
        empty_and_delete_bucket(s3, bucket)
