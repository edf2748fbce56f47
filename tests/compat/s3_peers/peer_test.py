#!/usr/bin/env python3
"""S3 peer tests: real S3 clients (awscli, boto3) against a real S3 server
(Ceph RGW, moto, or `ossxfer serve`'s S3 side) that a CTest fixture started
once for the whole run (scripts/rgw.sh, scripts/moto.sh, scripts/serve-s3.sh;
tests/compat/s3_peers/README.md).

    peer_test.py --env DIR/env awscli|signature|quirks [--verbose]

  awscli     aws s3api create-bucket and put-object, `aws s3 cp` up (20 MiB
             in 5 MiB parts: 4 parts) and down (byte-identical), s3api
             list-objects-v2, `aws s3 rm --recursive`, s3api delete-bucket;
             boto3 checks each (the multipart ETag is MD5(part MD5s)-4)
  signature  the right key is taken and a wrong secret is refused with
             403 SignatureDoesNotMatch (boto3, and awscli's exit and message)
  rclone     rclone copy up (multipart) and down, rclone check, rclone sync
             both ways with deletions; boto3 checks the store side
  chunked    aws-chunked uploads: botocore's unsigned trailer inside HTTP
             chunking, and signed chunks; damaged ones refused, not stored
  quirks     the behaviours of tests/compat/s3_peers/README.md that matter
             to a transfer tool, each asserted per peer
  ossxfer    ossxfer's S3 dialect (--bin PATH): mb, cp up (single and
             multipart) and down, stat, ls, presign, rm, and its errors,
             each checked with boto3 (ossxfer_checks.py)

DIR/env names the peer (S3_PEER=rgw|moto|serve), its endpoint and keys. Each test
makes its own bucket (several tests share one server), removes it at the
end, and keeps its files in a temporary directory. Exit 0 iff every check
passed; each check prints one line.
"""

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

import ossxfer_checks

try:
    import boto3
    import botocore.auth
    import botocore.awsrequest
    import botocore.config
    import botocore.credentials
    import botocore.exceptions
except ImportError as error:
    sys.exit(f"s3_peers: boto3 is missing ({error}); it comes with the machine image, "
             f"with awscli and moto (this is {sys.executable})")

MIB = 1024 * 1024


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def read_env(path):
    env = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, value = line.partition("=")
                env[name] = value
    for name in ("S3_PEER", "S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        if not env.get(name):
            sys.exit(f"s3_peers: {path} has no {name}")
    return env


class Peer:
    def __init__(self, env, work):
        self.name = env["S3_PEER"]
        self.endpoint = env["S3_ENDPOINT"]
        self.key = env["AWS_ACCESS_KEY_ID"]
        self.secret = env["AWS_SECRET_ACCESS_KEY"]
        self.region = env.get("AWS_DEFAULT_REGION", "us-east-1")
        self.work = work
        # awscli reads no ~/.aws: its config (multipart sizes) is ours.
        self.aws_config = os.path.join(work, "aws-config")
        with open(self.aws_config, "w", encoding="utf-8") as file:
            file.write("[default]\ns3 =\n  multipart_threshold = 5MB\n"
                       "  multipart_chunksize = 5MB\n  addressing_style = path\n")

    def client(self, secret=None, **config):
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=self.region,
            aws_access_key_id=self.key, aws_secret_access_key=secret or self.secret,
            config=botocore.config.Config(s3={"addressing_style": "path"},
                                          retries={"max_attempts": 1}, **config))

    def aws(self, *args, secret=None, check=True):
        """Runs awscli; returns (exit code, stdout, stderr)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=self.key, AWS_SECRET_ACCESS_KEY=secret or self.secret,
                   AWS_DEFAULT_REGION=self.region, AWS_CONFIG_FILE=self.aws_config,
                   AWS_SHARED_CREDENTIALS_FILE=os.path.join(self.work, "no-credentials"),
                   AWS_MAX_ATTEMPTS="1")
        command = [aws_program(), "--endpoint-url", self.endpoint, *args]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if check and run.returncode != 0:
            raise CheckFailed(f"{' '.join(command)} exited {run.returncode}: {run.stderr.strip()}")
        return run.returncode, run.stdout, run.stderr


def aws_program():
    # The aws beside this Python (the image's pyenv) skips a pyenv shim,
    # which costs a second or two a call here.
    beside = os.path.join(os.path.dirname(sys.executable), "aws")
    found = beside if os.access(beside, os.X_OK) else shutil.which("aws")
    if not found:
        raise CheckFailed("awscli (aws) is not installed; it comes with the machine image")
    return found


def new_bucket_name(test):
    return f"ossxfer-{test}-{uuid.uuid4().hex[:12]}"


def empty_and_delete_bucket(s3, bucket):
    try:
        for upload in s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []):
            s3.abort_multipart_upload(Bucket=bucket, Key=upload["Key"], UploadId=upload["UploadId"])
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)
    except botocore.exceptions.ClientError:
        pass  # the check that failed says why; the server dies with the run


def multipart_etag(data, part_size):
    digests = b"".join(hashlib.md5(data[i:i + part_size]).digest()
                       for i in range(0, len(data), part_size))
    parts = (len(data) + part_size - 1) // part_size
    return f"{hashlib.md5(digests).hexdigest()}-{parts}"


def unquote(etag):
    return etag.strip('"') if etag is not None else None


# ---------------------------------------------------------------- awscli


def test_awscli(peer, check):
    # awscli does the work; boto3, in this process, checks it (an aws
    # process costs a second or more of Python start-up here).
    s3 = peer.client()
    bucket = new_bucket_name("awscli")
    small = os.urandom(1000)
    big = os.urandom(20 * MIB)
    small_path = os.path.join(peer.work, "small.bin")
    big_path = os.path.join(peer.work, "big.bin")
    back_path = os.path.join(peer.work, "big.back")
    with open(small_path, "wb") as file:
        file.write(small)
    with open(big_path, "wb") as file:
        file.write(big)
    try:
        def create_bucket():
            peer.aws("s3api", "create-bucket", "--bucket", bucket)
            names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
            expect(bucket in names, f"ListBuckets does not show {bucket}: {names}")
        check("aws s3api create-bucket, then ListBuckets shows it", create_bucket)

        def put_object():
            _, out, _ = peer.aws("s3api", "put-object", "--bucket", bucket, "--key", "small.bin",
                                 "--body", small_path)
            etag = unquote(json.loads(out)["ETag"])
            expect(etag == hashlib.md5(small).hexdigest(),
                   f"put-object ETag {etag} is not the MD5 {hashlib.md5(small).hexdigest()}")
            got = s3.get_object(Bucket=bucket, Key="small.bin")["Body"].read()
            expect(got == small, "GetObject of small.bin differs from what was put")
        check("aws s3api put-object 1000 B: ETag is its MD5, GET gives it back", put_object)

        def multipart_up():
            _, out, _ = peer.aws("s3", "cp", "--no-progress", big_path, f"s3://{bucket}/dir/big.bin")
            expect("upload:" in out, f"aws s3 cp printed no upload line: {out!r}")
            head = s3.head_object(Bucket=bucket, Key="dir/big.bin")
            expect(head["ContentLength"] == len(big), f"ContentLength {head['ContentLength']}")
            want = multipart_etag(big, 5 * MIB)
            expect(unquote(head["ETag"]) == want,
                   f"multipart ETag {head['ETag']} is not MD5(part MD5s)-N = {want}: "
                   f"not 4 parts of 5 MiB?")
        check("aws s3 cp up 20 MiB, 5 MiB parts: HEAD ETag is MD5(part MD5s)-4", multipart_up)

        def multipart_down():
            peer.aws("s3", "cp", "--no-progress", f"s3://{bucket}/dir/big.bin", back_path)
            with open(back_path, "rb") as file:
                back = file.read()
            expect(back == big, f"downloaded {len(back)} bytes differ from the 20 MiB uploaded")
        check("aws s3 cp down (ranged parts): byte-identical", multipart_down)

        def list_objects():
            _, out, _ = peer.aws("s3api", "list-objects-v2", "--bucket", bucket)
            listed = {o["Key"]: o["Size"] for o in json.loads(out).get("Contents", [])}
            want = {"small.bin": len(small), "dir/big.bin": len(big)}
            expect(listed == want, f"list-objects-v2 gave {listed}, not {want}")
            # A prefix or delimiter with "/" is a quirk of moto's (see quirks).
            listed = [o["Key"] for o in
                      s3.list_objects_v2(Bucket=bucket, Prefix="dir").get("Contents", [])]
            expect(listed == ["dir/big.bin"], f"prefix dir listed {listed}")
        check("aws s3api list-objects-v2: both keys and sizes; a prefix", list_objects)

        def delete_objects():
            peer.aws("s3", "rm", "--recursive", f"s3://{bucket}/")
            left = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
            expect(not left, f"objects left: {[o['Key'] for o in left]}")
            try:
                s3.head_object(Bucket=bucket, Key="small.bin")
                raise CheckFailed("HEAD of a deleted key succeeded")
            except botocore.exceptions.ClientError as error:
                status = error.response["ResponseMetadata"]["HTTPStatusCode"]
                expect(status == 404, f"HEAD of a deleted key: {status}, not 404")
            peer.aws("s3api", "delete-bucket", "--bucket", bucket)
            names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
            expect(bucket not in names, f"{bucket} still listed after delete-bucket")
        check("aws s3 rm --recursive, s3api delete-bucket: all gone (HEAD 404)", delete_objects)
    finally:
        empty_and_delete_bucket(s3, bucket)


# ---------------------------------------------------------------- signature


def test_signature(peer, check):
    bucket = new_bucket_name("signature")
    good = peer.client()
    bad = peer.client(secret=peer.secret[:-1] + ("A" if peer.secret[-1] != "A" else "B"))
    try:
        check("the right key: CreateBucket and PutObject succeed", lambda: (
            good.create_bucket(Bucket=bucket),
            good.put_object(Bucket=bucket, Key="k", Body=b"data")))

        def refused(call, what):
            def run():
                try:
                    call()
                except botocore.exceptions.ClientError as error:
                    status = error.response["ResponseMetadata"]["HTTPStatusCode"]
                    code = error.response["Error"]["Code"]
                    expect((status, code) == (403, "SignatureDoesNotMatch"),
                           f"{what} with a wrong secret: {status} {code}, "
                           f"not 403 SignatureDoesNotMatch")
                    return
                raise CheckFailed(f"{what} with a wrong secret succeeded")
            return run
        check("a wrong secret: ListBuckets 403 SignatureDoesNotMatch",
              refused(bad.list_buckets, "ListBuckets"))
        check("a wrong secret: PutObject 403 SignatureDoesNotMatch",
              refused(lambda: bad.put_object(Bucket=bucket, Key="k2", Body=b"x"), "PutObject"))
        check("a wrong secret: GetObject 403 SignatureDoesNotMatch",
              refused(lambda: bad.get_object(Bucket=bucket, Key="k")["Body"].read(), "GetObject"))

        def awscli_refused():
            # --debug logs the error body: awscli 1.45 cannot print RGW's
            # errors, whose <Message> is empty (see the README's quirks).
            code, _, err = peer.aws("--debug", "s3api", "list-objects-v2", "--bucket", bucket,
                                    secret="wrong" + peer.secret, check=False)
            expect(code != 0 and "<Code>SignatureDoesNotMatch</Code>" in err
                   and "403" in err, f"aws with a wrong secret: exit {code}, "
                                     f"{err.strip()[-500:]}")
        check("a wrong secret: aws s3api fails with SignatureDoesNotMatch", awscli_refused)

        def nothing_written():
            keys = [o["Key"] for o in good.list_objects_v2(Bucket=bucket).get("Contents", [])]
            expect(keys == ["k"], f"keys after the refused PutObject: {keys}")
        check("the refused PutObject wrote nothing", nothing_written)

        def presigned_v2():
            # awscli and boto3 presign with SigV2 by default in us-east-1
            # (s3-protocol.md §2.7); moto with its IAM mode on answers 500
            # to every presigned URL (see the quirks).
            if peer.name == "moto":
                return "moto cannot serve presigned URLs"
            key = "dir/a b+c.txt"
            good.put_object(Bucket=bucket, Key=key, Body=b"presigned")
            _, out, _ = peer.aws("s3", "presign", f"s3://{bucket}/{key}")
            urls = {"aws s3 presign": out.strip(),
                    "boto3": good.generate_presigned_url(
                        "get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=600)}
            for who, url in urls.items():
                expect("AWSAccessKeyId=" in url, f"{who} made no SigV2 URL: {url}")
                with urllib.request.urlopen(url, timeout=30) as answer:
                    expect(answer.read() == b"presigned", f"{who}'s URL gave other bytes")
                # A later expiry than the one signed must be refused.
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
                later = url.replace(f"Expires={query['Expires']}",
                                    f"Expires={int(query['Expires']) + 1}")
                try:
                    urllib.request.urlopen(later, timeout=30).read()
                    raise CheckFailed(f"{who}'s URL with a changed Expires was served")
                except urllib.error.HTTPError as error:
                    expect(error.code == 403, f"a changed Expires: {error.code}, not 403")
            return "both served; a changed Expires 403"
        check("SigV2 presigned URLs (aws s3 presign, boto3): served, a changed one refused",
              presigned_v2)
    finally:
        empty_and_delete_bucket(good, bucket)


# ---------------------------------------------------------------- rclone


def rclone(peer, *args, check=True):
    """Runs rclone (Debian's 1.60) with the remote "peer:" configured from
    the environment (provider Other: path style, ListObjects v1, as it
    talks to a non-AWS store); returns (exit code, stdout, stderr)."""
    program = shutil.which("rclone")
    if not program:
        raise CheckFailed("rclone is not installed (scripts/install-deps.sh installs it)")
    # AWS_CA_BUNDLE (set on this machine for awscli) makes rclone 1.60 fail
    # to build its HTTP client ("LoadCustomCABundleError"); the endpoint is
    # plain http, so no bundle is needed.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and not k.startswith("RCLONE_")}
    env.update(RCLONE_CONFIG_PEER_TYPE="s3", RCLONE_CONFIG_PEER_PROVIDER="Other",
               RCLONE_CONFIG_PEER_ACCESS_KEY_ID=peer.key,
               RCLONE_CONFIG_PEER_SECRET_ACCESS_KEY=peer.secret,
               RCLONE_CONFIG_PEER_ENDPOINT=peer.endpoint,
               RCLONE_CONFIG_PEER_REGION=peer.region)
    command = [program, "--config", os.path.join(peer.work, "rclone.conf"),
               "--retries", "1", "--low-level-retries", "1", *args]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if check and run.returncode != 0:
        raise CheckFailed(f"{' '.join(command)} exited {run.returncode}: {run.stderr.strip()}")
    return run.returncode, run.stdout, run.stderr


def write_tree(root, files):
    for name, data in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)


def read_tree(root):
    tree = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            with open(path, "rb") as file:
                tree[os.path.relpath(path, root)] = file.read()
    return tree


def test_rclone(peer, check):
    s3 = peer.client()
    bucket = new_bucket_name("rclone")
    local = os.path.join(peer.work, "local")
    files = {"a.bin": os.urandom(1000), "sub/big.bin": os.urandom(12 * MIB),
             "sub/deeper/c.txt": b"rclone\n"}
    write_tree(local, files)
    chunks = ["--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M"]
    try:
        def copy_up():
            rclone(peer, "mkdir", f"peer:{bucket}")
            rclone(peer, "copy", *chunks, local, f"peer:{bucket}/tree")
            listed = {item["Key"]: item for item in
                      s3.list_objects_v2(Bucket=bucket)["Contents"]}
            expect(sorted(listed) == sorted(f"tree/{name}" for name in files),
                   f"keys {sorted(listed)}")
            for name, data in files.items():
                got = s3.get_object(Bucket=bucket, Key=f"tree/{name}")
                expect(got["Body"].read() == data, f"tree/{name} holds other bytes")
                expect("mtime" in got["Metadata"], f"tree/{name} has no rclone mtime: "
                       f"{got['Metadata']}")
            etag = unquote(listed["tree/sub/big.bin"]["ETag"])
            want = multipart_etag(files["sub/big.bin"], 5 * MIB)
            expect(etag == want, f"big.bin ETag {etag}, not {want} (3 parts of 5 MiB)")
            return f"3 files, big.bin in 3 parts: ETag {etag}"
        check("rclone copy up (a 3-part multipart upload): boto3 reads every byte, "
              "the mtime rclone records and the multipart ETag", copy_up)

        def copy_down():
            back = os.path.join(peer.work, "back")
            rclone(peer, "copy", f"peer:{bucket}/tree", back)
            expect(read_tree(back) == files, "rclone copy down gave other files or bytes")
            for name in files:
                a = os.stat(os.path.join(local, name)).st_mtime_ns
                b = os.stat(os.path.join(back, name)).st_mtime_ns
                expect(abs(a - b) < 1_000_000, f"{name}: mtime {b}, not the source's {a}")
            _, _, err = rclone(peer, "check", local, f"peer:{bucket}/tree")
            expect("0 differences found" in err, f"rclone check: {err.strip()}")
            return "byte-identical, mtimes kept; rclone check: 0 differences"
        check("rclone copy down: byte-identical, mtimes kept, rclone check agrees",
              copy_down)

        def sync_both_ways():
            os.remove(os.path.join(local, "a.bin"))
            write_tree(local, {"new.bin": b"added"})
            rclone(peer, "sync", local, f"peer:{bucket}/tree")
            keys = sorted(item["Key"] for item in
                          s3.list_objects_v2(Bucket=bucket)["Contents"])
            want = sorted(["tree/new.bin", "tree/sub/big.bin", "tree/sub/deeper/c.txt"])
            expect(keys == want, f"after sync up: {keys}, want {want}")
            s3.delete_object(Bucket=bucket, Key="tree/new.bin")
            s3.put_object(Bucket=bucket, Key="tree/remote.bin", Body=b"remote")
            mirror = os.path.join(peer.work, "mirror")
            write_tree(mirror, {"stale.bin": b"stale"})
            rclone(peer, "sync", f"peer:{bucket}/tree", mirror)
            got = read_tree(mirror)
            expect(sorted(got) == ["remote.bin", "sub/big.bin", "sub/deeper/c.txt"],
                   f"after sync down: {sorted(got)}")
            expect(got["remote.bin"] == b"remote", "remote.bin holds other bytes")
            return "up: a.bin deleted, new.bin added; down: stale.bin deleted, remote.bin added"
        check("rclone sync both ways: what the source lacks is deleted, what it has arrives",
              sync_both_ways)
    finally:
        empty_and_delete_bucket(s3, bucket)


# ---------------------------------------------------------------- quirks


def raw_request(peer, method, path, body_chunks, headers):
    """Sends one SigV4-signed request by hand and returns (status, headers,
    body, the signed request's headers). botocore's plain SigV4 signer signs
    the headers given and keeps X-Amz-Content-SHA256 as given (its S3 signer
    would replace it); body_chunks are sent as they are, framing included."""
    url = peer.endpoint + path
    request = botocore.awsrequest.AWSRequest(method=method, url=url, headers=headers)
    credentials = botocore.credentials.Credentials(peer.key, peer.secret)
    botocore.auth.SigV4Auth(credentials, "s3", peer.region).add_auth(request)
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    connection.putrequest(method, parsed.path + ("?" + parsed.query if parsed.query else ""),
                          skip_accept_encoding=True)
    for name, value in request.headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    for chunk in body_chunks:
        connection.send(chunk)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body, request.headers


def aws_chunked_signed(peer, data, chunk_size, date, seed_signature):
    """The body of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD upload (§2.9)."""
    scope = f"{date[:8]}/{peer.region}/s3/aws4_request"
    key = ("AWS4" + peer.secret).encode()
    for part in (date[:8], peer.region, "s3", "aws4_request"):
        key = hmac_sha256(key, part)
    previous = seed_signature
    out = b""
    chunks = [data[i:i + chunk_size] for i in range(0, len(data), chunk_size)] + [b""]
    for chunk in chunks:
        to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", date, scope, previous,
                             hashlib.sha256(b"").hexdigest(), hashlib.sha256(chunk).hexdigest()])
        signature = hmac_sha256(key, to_sign).hex()
        out += f"{len(chunk):x};chunk-signature={signature}\r\n".encode() + chunk + b"\r\n"
        previous = signature
    return out


def hmac_sha256(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def trailer_body(payload, crc):
    """botocore's unsigned-trailer body (over https), wrapped in HTTP
    chunks as urllib3 sends it."""
    body = (f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n"
            + f"x-amz-checksum-crc32:{crc}\r\n\r\n".encode())
    return [f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"]


def signed_chunked_put(peer, bucket, key, payload, damage=None):
    """A STREAMING-AWS4-HMAC-SHA256-PAYLOAD PutObject in 64 KiB chunks;
    `damage(body)` may change the encoded body before it is sent."""
    length = len(aws_chunked_signed(peer, payload, 64 * 1024, "0" * 16, "0" * 64))
    request = botocore.awsrequest.AWSRequest(
        method="PUT", url=f"{peer.endpoint}/{bucket}/{key}", headers={
            "Content-Encoding": "aws-chunked",
            "Content-Length": str(length),
            "X-Amz-Content-SHA256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "X-Amz-Decoded-Content-Length": str(len(payload)),
        })
    credentials = botocore.credentials.Credentials(peer.key, peer.secret)
    botocore.auth.SigV4Auth(credentials, "s3", peer.region).add_auth(request)
    seed = request.headers["Authorization"].rsplit("Signature=", 1)[1]
    body = aws_chunked_signed(peer, payload, 64 * 1024, request.headers["X-Amz-Date"], seed)
    # The body's length depends on the chunk sizes only, so the headers
    # could be signed before the chunks.
    expect(len(body) == length, "aws-chunked body length changed with the signatures")
    if damage:
        body = damage(body)
    parsed = urllib.parse.urlsplit(peer.endpoint)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    connection.putrequest("PUT", f"/{bucket}/{key}", skip_accept_encoding=True)
    for name, value in request.headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(body)
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    return response.status, answer


def test_chunked(peer, check):
    """aws-chunked uploads as awscli/boto3 send them over https (unsigned,
    with a trailing checksum, inside HTTP chunking) and as SDKs that sign
    every chunk send them, right and damaged; boto3 checks what is stored."""
    s3 = peer.client()
    bucket = new_bucket_name("chunked")
    try:
        s3.create_bucket(Bucket=bucket)

        def stored(key):
            try:
                return s3.get_object(Bucket=bucket, Key=key)
            except botocore.exceptions.ClientError as error:
                if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                    return None
                raise

        def trailer():
            payload = os.urandom(3000)
            crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, "big")).decode()
            headers = {"Transfer-Encoding": "chunked", "Content-Encoding": "aws-chunked",
                       "X-Amz-Content-SHA256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                       "X-Amz-Trailer": "x-amz-checksum-crc32",
                       "X-Amz-Decoded-Content-Length": str(len(payload)),
                       "x-amz-sdk-checksum-algorithm": "CRC32"}
            status, answer_headers, answer, _ = raw_request(
                peer, "PUT", f"/{bucket}/trailer", trailer_body(payload, crc), headers)
            expect(status == 200, f"{status} {answer[:300]!r}")
            expect(answer_headers.get("x-amz-checksum-crc32") == crc,
                   f"answer's x-amz-checksum-crc32 {answer_headers.get('x-amz-checksum-crc32')}")
            got = stored("trailer")
            expect(got["Body"].read() == payload, "stored other bytes")
            expect(got.get("ContentEncoding") in (None, ""),
                   f"Content-Encoding {got.get('ContentEncoding')!r} kept")
            wrong = base64.b64encode(zlib.crc32(b"other").to_bytes(4, "big")).decode()
            status, _, answer, _ = raw_request(
                peer, "PUT", f"/{bucket}/bad-trailer", trailer_body(payload, wrong), headers)
            expect(status == 400 and b"BadDigest" in answer, f"wrong CRC: {status} {answer[:300]!r}")
            expect(stored("bad-trailer") is None, "a body with a wrong trailing CRC was stored")
            return "stored, CRC echoed, no Content-Encoding; a wrong CRC 400 BadDigest, nothing stored"
        check("STREAMING-UNSIGNED-PAYLOAD-TRAILER inside HTTP chunking (botocore over https)",
              trailer)

        def signed():
            payload = os.urandom(200 * 1024)
            status, answer = signed_chunked_put(peer, bucket, "signed", payload)
            expect(status == 200, f"{status} {answer[:300]!r}")
            got = stored("signed")
            expect(got["Body"].read() == payload, "stored other bytes")
            expect(got.get("ContentEncoding") in (None, ""),
                   f"Content-Encoding {got.get('ContentEncoding')!r} kept")

            def flip(body):
                at = body.index(b"\r\n") + 10  # a payload byte of chunk 1
                return body[:at] + bytes([body[at] ^ 1]) + body[at + 1:]
            status, answer = signed_chunked_put(peer, bucket, "flipped", payload, flip)
            expect(status == 403 and b"SignatureDoesNotMatch" in answer,
                   f"a flipped byte: {status} {answer[:300]!r}")
            expect(stored("flipped") is None, "a body with a broken chunk signature was stored")
            return "stored; a flipped byte 403 SignatureDoesNotMatch, nothing stored"
        check("STREAMING-AWS4-HMAC-SHA256-PAYLOAD: every chunk signature checked", signed)
    finally:
        empty_and_delete_bucket(s3, bucket)


def test_quirks(peer, check):
    s3 = peer.client()
    bucket = new_bucket_name("quirks")
    rgw = peer.name == "rgw"
    data = os.urandom(12 * MIB)
    part_size = 5 * MIB  # parts of 5, 5 and 2 MiB
    try:
        s3.create_bucket(Bucket=bucket)

        def complete_etag():
            upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
            parts = []
            for number, offset in enumerate(range(0, len(data), part_size), start=1):
                answer = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload,
                                        PartNumber=number, Body=data[offset:offset + part_size])
                parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            done = s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload,
                                                MultipartUpload={"Parts": parts})
            got = done.get("ETag")
            want = multipart_etag(data, part_size)
            if rgw:
                expect(got in ("", None), f"RGW's first Complete gave ETag {got!r}, "
                       f"not the empty one s3-protocol.md §6.2 says")
            else:
                expect(unquote(got) == want, f"Complete ETag {got!r}, not {want}")
            head = s3.head_object(Bucket=bucket, Key="mp")
            expect(unquote(head["ETag"]) == want, f"HEAD ETag {head['ETag']} is not {want}")
            expect(head["ETag"].startswith('"'), f"HEAD ETag {head['ETag']} is unquoted")
            return f"Complete ETag {got!r}; HEAD ETag {head['ETag']}"
        check("multipart: Complete's ETag" + (" is empty (RGW)" if rgw else " is MD5(part MD5s)-3")
              + "; HEAD's is the quoted MD5(part MD5s)-3", complete_etag)

        def part_number():
            head = s3.head_object(Bucket=bucket, Key="mp", PartNumber=2)
            get = s3.get_object(Bucket=bucket, Key="mp", PartNumber=2)
            get_length = len(get["Body"].read())
            headers = head["ResponseMetadata"]["HTTPHeaders"]
            seen = (f"HEAD ?partNumber=2: {head['ResponseMetadata']['HTTPStatusCode']}, "
                    f"Content-Length {head['ContentLength']}, ETag {head['ETag']}, "
                    f"x-amz-mp-parts-count {headers.get('x-amz-mp-parts-count')}; "
                    f"GET ?partNumber=2: {get_length} bytes")
            if rgw:  # ignored: the whole object, no parts count
                expect(head["ContentLength"] == len(data) and get_length == len(data)
                       and "x-amz-mp-parts-count" not in headers, seen)
            else:  # moto: HEAD answers for the part, GET ignores it
                expect(head["ContentLength"] == part_size and get_length == len(data)
                       and unquote(head["ETag"]) == hashlib.md5(
                           data[part_size:2 * part_size]).hexdigest(), seen)
            return seen
        check("partNumber: " + ("ignored by HEAD and GET (RGW)" if rgw else
                                "HEAD gives the part (length, its MD5 ETag), GET ignores it"),
              part_number)

        def checksums():
            crc = base64.b64encode(zlib.crc32(b"checksum me").to_bytes(4, "big")).decode()
            put = s3.put_object(Bucket=bucket, Key="crc", Body=b"checksum me",
                                ChecksumAlgorithm="CRC32")
            sent = put["ResponseMetadata"]["HTTPHeaders"].get("x-amz-checksum-crc32")
            head = s3.head_object(Bucket=bucket, Key="crc", ChecksumMode="ENABLED")
            returned = head.get("ChecksumCRC32")
            seen = f"PutObject answer x-amz-checksum-crc32 {sent}; HEAD (mode ENABLED) {returned}"
            if rgw:
                expect(sent is None and returned is None, seen)
            else:
                expect(returned == crc, seen + f"; want {crc}")
            return seen
        check("x-amz-checksum-crc32: " + ("never returned (RGW)" if rgw else
                                          "stored and returned by HEAD with checksum mode"),
              checksums)

        def trailer_chunked():
            # What awscli/boto3 send over https: an unsigned aws-chunked body
            # with a trailing checksum. Sent here with Transfer-Encoding: chunked.
            payload = b"trailer body"
            crc = base64.b64encode(zlib.crc32(payload).to_bytes(4, "big")).decode()
            wire = trailer_body(payload, crc)
            status, headers, answer, _ = raw_request(
                peer, "PUT", f"/{bucket}/trailer", wire, {
                    "Transfer-Encoding": "chunked",
                    "Content-Encoding": "aws-chunked",
                    "X-Amz-Content-SHA256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                    "X-Amz-Trailer": "x-amz-checksum-crc32",
                    "X-Amz-Decoded-Content-Length": str(len(payload)),
                })
            seen = f"{status} {answer[:200]!r}"
            if rgw:
                expect(status == 411 and b"MissingContentLength" in answer, seen)
            else:
                expect(status == 200, seen)
                got = s3.get_object(Bucket=bucket, Key="trailer")["Body"].read()
                expect(got == payload, seen + f"; stored {got!r}")
            return seen
        check("STREAMING-UNSIGNED-PAYLOAD-TRAILER with Transfer-Encoding: chunked: "
              + ("411 MissingContentLength (RGW)" if rgw else "stored"), trailer_chunked)

        def aws_chunked_kept():
            payload = os.urandom(100 * 1024)
            status, answer = signed_chunked_put(peer, bucket, "chunked", payload)
            expect(status == 200, f"signed aws-chunked PutObject: {status} {answer[:300]!r}")
            got = s3.get_object(Bucket=bucket, Key="chunked")
            stored = got["Body"].read()
            encoding = got.get("ContentEncoding")
            seen = f"stored {len(stored)} bytes, GET Content-Encoding {encoding!r}"
            expect(stored == payload, seen + " (not the payload)")
            if rgw:
                expect(encoding == "aws-chunked", seen)
            else:
                expect(encoding in (None, ""), seen)
            return seen
        check("signed aws-chunked PutObject: decoded; Content-Encoding: aws-chunked "
              + ("kept on the object (RGW)" if rgw else "not kept"), aws_chunked_kept)
        def slash_in_query():
            s3.put_object(Bucket=bucket, Key="dir/x", Body=b"x")
            outcomes = []
            for what, call in (
                    ("prefix dir/", lambda: s3.list_objects_v2(Bucket=bucket, Prefix="dir/")),
                    ("delimiter /", lambda: s3.list_objects_v2(Bucket=bucket, Delimiter="/")),
                    ("PUT a+b", lambda: s3.put_object(Bucket=bucket, Key="a+b", Body=b"x"))):
                try:
                    call()
                    outcomes.append(f"{what}: ok")
                except botocore.exceptions.ClientError as error:
                    outcomes.append(f"{what}: {error.response['Error']['Code']}")
            seen = "; ".join(outcomes)
            want = ("prefix dir/: ok; delimiter /: ok; PUT a+b: ok" if rgw else
                    "prefix dir/: SignatureDoesNotMatch; delimiter /: SignatureDoesNotMatch; "
                    "PUT a+b: SignatureDoesNotMatch")
            expect(seen == want, f"{seen}; want {want}")
            return seen
        check("'/' in a query value, '+' in a key: " + (
            "taken (RGW)" if rgw else "refused by moto's signature check"), slash_in_query)

        def awscli_error_message():
            s3.put_object(Bucket=bucket, Key="exists", Body=b"x")
            code, _, err = peer.aws("s3api", "get-object", "--bucket", bucket, "--key", "missing",
                                    os.path.join(peer.work, "missing.out"), check=False)
            err = err.strip()
            seen = f"exit {code}: {err[-200:]}"
            expect(code != 0, seen)
            if rgw:
                expect("argument of type 'NoneType' is not iterable" in err, seen)
            else:
                expect("NoSuchKey" in err, seen)
            return seen
        check("awscli's message for a GET of a missing key: " + (
            "a Python TypeError, not NoSuchKey (RGW's empty <Message>)" if rgw else "NoSuchKey"),
            awscli_error_message)
    finally:
        empty_and_delete_bucket(s3, bucket)


def composite_crc32(parts):
    raw = b"".join(zlib.crc32(part).to_bytes(4, "big") for part in parts)
    return f"{base64.b64encode(zlib.crc32(raw).to_bytes(4, 'big')).decode()}-{len(parts)}"


def test_checksums(peer, check):
    """boto3 and awscli's flexible checksums (s3-protocol.md §5.5) stored and
    returned by serve, and GET/HEAD ?partNumber (§5.3)."""
    s3 = peer.client()
    bucket = new_bucket_name("checksums")
    data = os.urandom(5 * MIB), os.urandom(5 * MIB), os.urandom(1000)
    whole = b"".join(data)
    try:
        s3.create_bucket(Bucket=bucket)

        def multipart(key, **create):
            upload = s3.create_multipart_upload(Bucket=bucket, Key=key, **create)
            algorithm = create.get("ChecksumAlgorithm")
            parts = []
            for number, part in enumerate(data, start=1):
                extra = {"ChecksumAlgorithm": algorithm} if algorithm else {}
                answer = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"],
                                        PartNumber=number, Body=part, **extra)
                listed = {"PartNumber": number, "ETag": answer["ETag"]}
                if algorithm:
                    listed["Checksum" + algorithm] = answer["Checksum" + algorithm]
                parts.append(listed)
            done = s3.complete_multipart_upload(Bucket=bucket, Key=key,
                                                UploadId=upload["UploadId"],
                                                MultipartUpload={"Parts": parts})
            return upload, done

        def single_part():
            s3.put_object(Bucket=bucket, Key="one", Body=data[2], ChecksumAlgorithm="CRC32")
            want = base64.b64encode(zlib.crc32(data[2]).to_bytes(4, "big")).decode()
            head = s3.head_object(Bucket=bucket, Key="one", ChecksumMode="ENABLED")
            expect(head.get("ChecksumCRC32") == want and head.get("ChecksumType") == "FULL_OBJECT",
                   f"HEAD with checksum mode: {head.get('ChecksumCRC32')} "
                   f"{head.get('ChecksumType')}, not {want} FULL_OBJECT")
            plain = s3.head_object(Bucket=bucket, Key="one")
            expect("ChecksumCRC32" not in plain, "a HEAD without checksum mode got the checksum")
            ranged = s3.get_object(Bucket=bucket, Key="one", Range="bytes=0-9",
                                   ChecksumMode="ENABLED")
            expect("ChecksumCRC32" not in ranged, "a ranged GET got the whole object's checksum")
            return f"CRC32 {want}"
        check("PutObject with CRC32: HEAD with checksum mode returns it (FULL_OBJECT); "
              "a plain HEAD and a ranged GET do not", single_part)

        def composite():
            upload, done = multipart("composite", ChecksumAlgorithm="CRC32")
            expect(upload.get("ChecksumAlgorithm") == "CRC32",
                   f"CreateMultipartUpload answered algorithm {upload.get('ChecksumAlgorithm')}")
            want = composite_crc32(data)
            expect(done.get("ChecksumCRC32") == want and done.get("ChecksumType") == "COMPOSITE",
                   f"Complete: {done.get('ChecksumCRC32')} {done.get('ChecksumType')}, "
                   f"not {want} COMPOSITE")
            head = s3.head_object(Bucket=bucket, Key="composite", ChecksumMode="ENABLED")
            expect(head.get("ChecksumCRC32") == want, f"HEAD: {head.get('ChecksumCRC32')}")
            return f"COMPOSITE {want}"
        check("multipart with CRC32 (COMPOSITE): Complete and HEAD return the checksum of "
              "the part checksums, -3", composite)

        def full_object():
            _, done = multipart("full", ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
            want = base64.b64encode(zlib.crc32(whole).to_bytes(4, "big")).decode()
            expect(done.get("ChecksumCRC32") == want and done.get("ChecksumType") == "FULL_OBJECT",
                   f"Complete: {done.get('ChecksumCRC32')} {done.get('ChecksumType')}, "
                   f"not {want} FULL_OBJECT")
            # botocore checks a FULL_OBJECT checksum it is given against the body.
            body = s3.get_object(Bucket=bucket, Key="full", ChecksumMode="ENABLED")
            expect(body.get("ChecksumCRC32") == want and body["Body"].read() == whole,
                   f"GET: {body.get('ChecksumCRC32')}")
            return f"FULL_OBJECT {want} (the CRC32 of all {len(whole)} bytes)"
        check("multipart with CRC32 FULL_OBJECT: the CRC32 of every byte, combined from the "
              "parts'; boto3's GET validates it", full_object)

        def full_object_claimed_on_complete():
            # The whole object's CRC32 given with the Complete
            # (x-amz-checksum-crc32 and -type): a wrong one completes
            # nothing and keeps the upload; the right one completes it.
            want = base64.b64encode(zlib.crc32(whole).to_bytes(4, "big")).decode()
            wrong = base64.b64encode(zlib.crc32(b"other").to_bytes(4, "big")).decode()
            upload = s3.create_multipart_upload(Bucket=bucket, Key="claimed",
                                                ChecksumAlgorithm="CRC32",
                                                ChecksumType="FULL_OBJECT")
            parts = []
            for number, part in enumerate(data, start=1):
                answer = s3.upload_part(Bucket=bucket, Key="claimed", UploadId=upload["UploadId"],
                                        PartNumber=number, Body=part, ChecksumAlgorithm="CRC32")
                parts.append({"PartNumber": number, "ETag": answer["ETag"],
                              "ChecksumCRC32": answer["ChecksumCRC32"]})

            def complete(value):
                return s3.complete_multipart_upload(
                    Bucket=bucket, Key="claimed", UploadId=upload["UploadId"],
                    MultipartUpload={"Parts": parts}, ChecksumCRC32=value,
                    ChecksumType="FULL_OBJECT")
            try:
                complete(wrong)
                raise CheckFailed(f"a Complete claiming CRC32 {wrong} (not {want}) completed")
            except botocore.exceptions.ClientError as error:
                code = error.response["Error"]["Code"]
                expect(code in ("BadDigest", "InvalidRequest"),
                       f"a wrong whole-object CRC32 answered {code}")
            listed = s3.list_parts(Bucket=bucket, Key="claimed", UploadId=upload["UploadId"])
            expect(len(listed.get("Parts", [])) == 3,
                   f"the upload lost its parts: {listed.get('Parts')}")
            done = complete(want)
            expect(done.get("ChecksumCRC32") == want, f"Complete: {done.get('ChecksumCRC32')}")
            return f"wrong: {code}; right: {want}"
        check("multipart with CRC32 FULL_OBJECT and the whole object's CRC32 on Complete: "
              "a wrong one completes nothing, the right one completes",
              full_object_claimed_on_complete)

        def wrong_part_algorithm():
            upload = s3.create_multipart_upload(Bucket=bucket, Key="mixed",
                                                ChecksumAlgorithm="CRC32")
            try:
                s3.upload_part(Bucket=bucket, Key="mixed", UploadId=upload["UploadId"],
                               PartNumber=1, Body=data[2], ChecksumAlgorithm="SHA256")
                raise CheckFailed("a SHA256 part of a CRC32 upload was taken")
            except botocore.exceptions.ClientError as error:
                code = error.response["Error"]["Code"]
                expect(code == "InvalidRequest", f"answered {code}, not InvalidRequest")
            parts = s3.list_parts(Bucket=bucket, Key="mixed", UploadId=upload["UploadId"])
            expect(not parts.get("Parts"), f"parts stored: {parts.get('Parts')}")
            s3.abort_multipart_upload(Bucket=bucket, Key="mixed", UploadId=upload["UploadId"])
            return "400 InvalidRequest, no part stored"
        check("a part checksum of another algorithm than the upload's: 400, nothing stored",
              wrong_part_algorithm)

        def part_number():
            head = s3.head_object(Bucket=bucket, Key="composite", PartNumber=2)
            status = head["ResponseMetadata"]["HTTPStatusCode"]
            expect(status == 206 and head["ContentLength"] == len(data[1])
                   and head.get("PartsCount") == 3,
                   f"HEAD ?partNumber=2: {status}, length {head['ContentLength']}, "
                   f"parts count {head.get('PartsCount')}")
            get = s3.get_object(Bucket=bucket, Key="composite", PartNumber=3)
            expect(get["Body"].read() == data[2] and get.get("PartsCount") == 3
                   and get["ContentRange"] == f"bytes {len(whole) - 1000}-{len(whole) - 1}/"
                                              f"{len(whole)}",
                   f"GET ?partNumber=3: {get.get('ContentRange')}")
            one = s3.head_object(Bucket=bucket, Key="one", PartNumber=1)
            expect(one["ContentLength"] == len(data[2]) and "PartsCount" not in one,
                   f"part 1 of a single-part object: {one['ContentLength']} "
                   f"{one.get('PartsCount')}")
            for key, number in (("composite", 4), ("one", 2)):
                try:
                    s3.get_object(Bucket=bucket, Key=key, PartNumber=number)
                    raise CheckFailed(f"GET {key} ?partNumber={number} succeeded")
                except botocore.exceptions.ClientError as error:
                    status = error.response["ResponseMetadata"]["HTTPStatusCode"]
                    expect(status == 416, f"GET {key} ?partNumber={number}: {status}, not 416")
            return "206, the part's bytes and x-amz-mp-parts-count; 416 past the last part"
        check("GET/HEAD ?partNumber: a part's bytes, length and the parts count; part 1 of a "
              "single-part object is all of it; 416 past the end", part_number)

        def awscli_validates():
            back = os.path.join(peer.work, "full.back")
            peer.aws("s3", "cp", "--no-progress", f"s3://{bucket}/one", back)
            with open(back, "rb") as file:
                expect(file.read() == data[2], "aws s3 cp down of one differs")
            return "byte-identical"
        check("aws s3 cp down of an object with a stored CRC32 (awscli asks for checksums and "
              "checks a whole-object one it gets)", awscli_validates)
    finally:
        empty_and_delete_bucket(s3, bucket)


def test_ossxfer(peer, check):
    if not peer.binary:
        raise SystemExit("s3_peers: the ossxfer test needs --bin PATH (the ossxfer binary)")
    ossxfer_checks.test_ossxfer(peer, check, peer.binary, expect, new_bucket_name,
                                empty_and_delete_bucket, multipart_etag, unquote,
                                lambda *args: rclone(peer, *args))


TESTS = {"awscli": test_awscli, "signature": test_signature, "quirks": test_quirks,
         "rclone": test_rclone, "chunked": test_chunked, "checksums": test_checksums,
         "ossxfer": test_ossxfer}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", required=True, help="the DIR/env a start script wrote")
    parser.add_argument("test", choices=sorted(TESTS))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--bin", help="the ossxfer binary (the ossxfer test)")
    options = parser.parse_args()
    if not os.path.exists(options.env):
        sys.exit(f"s3_peers: no {options.env}: the fixture that starts the server did not run "
                 f"or failed (its ctest output says why)")
    env = read_env(options.env)
    results = []
    with tempfile.TemporaryDirectory(prefix="ossxfer-s3-peer-") as work:
        peer = Peer(env, work)
        peer.binary = options.bin

        def check(name, function):
            start = time.monotonic()
            try:
                seen = function()
                results.append(True)
                detail = f" [{seen}]" if isinstance(seen, str) and options.verbose else ""
                print(f"ok    {peer.name} {options.test}: {name}{detail} "
                      f"({time.monotonic() - start:.1f} s)", flush=True)
            except (CheckFailed, botocore.exceptions.BotoCoreError,
                    botocore.exceptions.ClientError) as error:
                results.append(False)
                print(f"FAIL  {peer.name} {options.test}: {name}\n      {error}", flush=True)

        TESTS[options.test](peer, check)
    passed = results.count(True)
    failed = results.count(False)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
