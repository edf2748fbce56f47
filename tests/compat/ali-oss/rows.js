'use strict';
// The rows of the suite: each is one named case run once with V1 and once
// with V4 signatures, against its own fresh bucket (so that a failing row
// cannot disturb another). A row fails on any thrown error or failed
// assertion. Each asserts content (bytes, ETags, CRC-64, listings, metadata),
// not merely that ali-oss did not throw.
//
// `t` (built by run.js): t.sig ('V1' | 'V4'), t.bucket, t.client (ali-oss,
// bound to t.bucket), t.newClient(overrides), t.createBucket(name) -> a client
// bound to the new bucket, t.tmpDir (a directory of the row's own).
//
// Wire facts: ../../../../shared/oss-protocol.md and oss-protocol-2.md.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { assertBytes, assertCrc64, expectOssError, md5Etag, patternBytes } = require('./check');
const { crc64 } = require('./crc64');

const KiB = 1024;
const MiB = 1024 * KiB;
const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

const rows = [];
function row(name, run) {
  rows.push({ name, run });
}

// Every key of a listing, page by page; asserts each page's size and that
// the listing ends. `fetchPage(cursor)` -> { names, next, truncated }.
async function collectPages(fetchPage, pageSize) {
  const names = [];
  let cursor;
  for (let pages = 1; pages <= 100; pages++) {
    const page = await fetchPage(cursor);
    assert.ok(page.names.length <= pageSize, `page ${pages} has ${page.names.length} keys, max-keys ${pageSize}`);
    names.push(...page.names);
    if (!page.truncated) return { names, pages };
    assert.ok(page.next, `page ${pages} is truncated but names no next position`);
    cursor = page.next;
  }
  assert.fail('the listing did not end after 100 pages');
}

async function streamToBuffer(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// [number, ETag, size] of each part of a ListParts answer. ali-oss hands
// back a lone <Part> as an object, not a one-element array.
function partsOf(listed) {
  return [].concat(listed.parts).map(p => [Number(p.PartNumber), p.ETag, Number(p.Size)]);
}

// ali-oss (6.23) leaves a query parameter whose value is undefined out of
// the V4 canonical request but sends it in the URL as `name=`, so its own
// signature no longer matches (real OSS would refuse it too): a page cursor
// goes into the query only once there is one.
function withCursor(query, name, cursor) {
  return cursor === undefined ? query : { ...query, [name]: cursor };
}

// ---------------------------------------------------------------- buckets

row('buckets', async t => {
  const name = `${t.bucket}-new`;
  const created = await t.client.putBucket(name);
  assert.equal(created.res.status, 200);

  let listed = await t.client.listBuckets();
  const entry = (listed.buckets || []).find(b => b.name === name);
  assert.ok(entry, `listBuckets lacks ${name}`);
  assert.match(entry.creationDate, ISO_8601);
  assert.ok(listed.owner.id, 'listBuckets: no Owner/ID');

  // A bucket with an object in it cannot be deleted.
  const inside = t.newClient({ bucket: name });
  await inside.put('k', Buffer.from('x'));
  await expectOssError(t.client.deleteBucket(name), 'BucketNotEmpty', 409);
  await inside.delete('k');
  const deleted = await t.client.deleteBucket(name);
  assert.equal(deleted.res.status, 204);
  listed = await t.client.listBuckets();
  assert.ok(!(listed.buckets || []).some(b => b.name === name), 'deleted bucket still listed');
  await expectOssError(inside.list(), 'NoSuchBucket', 404);
});

row('list-buckets-paging', async t => {
  // prefix, marker and max-keys of ListBuckets (oss-protocol-2.md §11.3).
  const names = ['a', 'b', 'c'].map(suffix => `${t.bucket}-${suffix}`);
  for (const name of names) await t.client.putBucket(name);
  const prefix = `${t.bucket}-`;
  let listed = await t.client.listBuckets({ prefix });
  assert.deepEqual(listed.buckets.map(b => b.name), names, `listBuckets prefix=${prefix}`);
  assert.equal(listed.isTruncated, false);

  const { names: paged, pages } = await collectPages(async marker => {
    const page = await t.client.listBuckets(withCursor({ prefix, 'max-keys': 2 }, 'marker', marker));
    return { names: (page.buckets || []).map(b => b.name), next: page.nextMarker, truncated: page.isTruncated };
  }, 2);
  assert.deepEqual(paged, names);
  assert.equal(pages, 2);
  listed = await t.client.listBuckets({ prefix, marker: names[0] });
  assert.deepEqual(listed.buckets.map(b => b.name), names.slice(1));
});

// ---------------------------------------------------------------- objects

row('object-crud', async t => {
  // A key that needs percent-encoding in the path and in both signatures.
  const key = 'docs/ü ñ+&=%@;,.txt';
  const body = Buffer.from(`compat body ${t.sig}\n`);
  const put = await t.client.put(key, body, {
    mime: 'application/x-compat',
    meta: { color: 'blue', answer: '42' },
    headers: { 'Cache-Control': 'no-cache', 'Content-Disposition': 'attachment; filename="c.txt"' },
  });
  assert.equal(put.res.status, 200);
  assert.equal(put.res.headers.etag, md5Etag(body));
  assertCrc64(put.res.headers, body);

  const got = await t.client.get(key);
  assertBytes(got.content, body);
  assertCrc64(got.res.headers, body);
  assert.equal(got.res.headers.etag, md5Etag(body));
  assert.equal(got.res.headers['content-type'], 'application/x-compat');
  assert.equal(got.res.headers['cache-control'], 'no-cache');
  assert.equal(got.res.headers['content-disposition'], 'attachment; filename="c.txt"');
  assert.equal(got.res.headers['x-oss-meta-color'], 'blue');

  const head = await t.client.head(key);
  assert.equal(head.status, 200);
  assert.deepEqual(head.meta, { color: 'blue', answer: '42' });
  assert.equal(head.res.headers['content-length'], String(body.length));
  assert.equal(head.res.headers.etag, md5Etag(body));
  assert.equal(head.res.headers['x-oss-object-type'], 'Normal');

  const meta = await t.client.getObjectMeta(key);
  assert.equal(meta.res.headers['content-length'], String(body.length));
  assert.equal(meta.res.headers.etag, md5Etag(body));

  // An overwrite replaces the bytes and the metadata.
  const second = Buffer.from('second version');
  await t.client.put(key, second);
  assertBytes((await t.client.get(key)).content, second);
  assert.equal((await t.client.head(key)).meta, null, 'old user metadata survived an overwrite');

  // x-oss-forbid-overwrite keeps what is there.
  await expectOssError(
    t.client.put(key, Buffer.from('third'), { headers: { 'x-oss-forbid-overwrite': 'true' } }),
    'FileAlreadyExists',
    409,
  );
  assertBytes((await t.client.get(key)).content, second);

  const deleted = await t.client.delete(key);
  assert.equal(deleted.res.status, 204);
  await expectOssError(t.client.head(key), 'NoSuchKey', 404);
  // Deleting what is not there is not an error in OSS.
  assert.equal((await t.client.delete(key)).res.status, 204);
});

row('object-streams', async t => {
  // putStream without a length: Transfer-Encoding chunked.
  const body = patternBytes(300 * KiB + 7, 1);
  const chunks = [];
  for (let at = 0; at < body.length; at += 64 * KiB) chunks.push(body.subarray(at, at + 64 * KiB));
  const put = await t.client.putStream('stream/chunked.bin', Readable.from(chunks));
  assert.equal(put.res.status, 200);
  assert.equal(put.res.headers.etag, md5Etag(body));
  assertCrc64(put.res.headers, body);

  const streamed = await t.client.getStream('stream/chunked.bin');
  assertBytes(await streamToBuffer(streamed.stream), body);

  // get() into a file, put() from a file (ali-oss sends Content-Length).
  const downloaded = path.join(t.tmpDir, 'download.bin');
  await t.client.get('stream/chunked.bin', downloaded);
  assertBytes(fs.readFileSync(downloaded), body, 'downloaded file');
  const source = path.join(t.tmpDir, 'upload.bin');
  const fileBody = patternBytes(200 * KiB + 1, 2);
  fs.writeFileSync(source, fileBody);
  const fromFile = await t.client.put('stream/file.bin', source);
  assertCrc64(fromFile.res.headers, fileBody);
  assertBytes((await t.client.get('stream/file.bin')).content, fileBody);
});

row('range-get', async t => {
  const body = patternBytes(1000, 3);
  await t.client.put('range.bin', body);
  const cases = [
    ['bytes=100-199', 100, 200],
    ['bytes=-10', 990, 1000],
    ['bytes=990-', 990, 1000],
  ];
  for (const [range, start, end] of cases) {
    const got = await t.client.get('range.bin', { headers: { Range: range } });
    assert.equal(got.res.status, 206, range);
    assertBytes(got.content, body.subarray(start, end), range);
    assert.equal(got.res.headers['content-range'], `bytes ${start}-${end - 1}/1000`, range);
  }
  // OSS answers an unsatisfiable range with the whole object, unless the
  // standard behaviour is asked for (oss-protocol.md §5.2).
  const whole = await t.client.get('range.bin', { headers: { Range: 'bytes=2000-3000' } });
  assert.equal(whole.res.status, 200);
  assertBytes(whole.content, body);
  await expectOssError(
    t.client.get('range.bin', { headers: { Range: 'bytes=2000-3000', 'x-oss-range-behavior': 'standard' } }),
    'InvalidRange',
    416,
  );
});

row('conditional-get', async t => {
  const body = patternBytes(2000, 13);
  const put = await t.client.put('cond.bin', body);
  const etag = put.res.headers.etag;

  let got = await t.client.get('cond.bin', { headers: { 'If-Match': etag } });
  assertBytes(got.content, body);
  await expectOssError(
    t.client.get('cond.bin', { headers: { 'If-Match': '"0123456789ABCDEF0123456789ABCDEF"' } }),
    'PreconditionFailed',
    412,
  );
  got = await t.client.get('cond.bin', { headers: { 'If-None-Match': etag } });
  assert.equal(got.res.status, 304);
  const lastModified = (await t.client.head('cond.bin')).res.headers['last-modified'];
  got = await t.client.get('cond.bin', { headers: { 'If-Modified-Since': lastModified } });
  assert.equal(got.res.status, 304);
  await expectOssError(
    t.client.get('cond.bin', { headers: { 'If-Unmodified-Since': 'Thu, 01 Jan 2015 00:00:00 GMT' } }),
    'PreconditionFailed',
    412,
  );

  // response-* parameters override the answer's headers (signed sub-resources in V1).
  got = await t.client.get('cond.bin', {
    subres: { 'response-content-type': 'text/x-override', 'response-content-disposition': 'inline' },
  });
  assertBytes(got.content, body);
  assert.equal(got.res.headers['content-type'], 'text/x-override');
  assert.equal(got.res.headers['content-disposition'], 'inline');
});

// ---------------------------------------------------------------- listings

const LIST_KEYS = ['a/1', 'a/2', 'a/3', 'a/sub/x', 'a/sub/y', 'b/1', 'c'];

async function putListKeys(t) {
  for (const key of LIST_KEYS) await t.client.put(key, Buffer.from(`data of ${key}`));
}

row('list-v1', async t => {
  await putListKeys(t);
  let listed = await t.client.list({ prefix: 'a/', delimiter: '/' });
  assert.deepEqual(listed.objects.map(o => o.name), ['a/1', 'a/2', 'a/3']);
  assert.deepEqual(listed.prefixes, ['a/sub/']);
  assert.equal(listed.isTruncated, false);
  const first = listed.objects[0];
  assert.equal(first.size, Buffer.byteLength('data of a/1'));
  assert.equal(first.etag, md5Etag(Buffer.from('data of a/1')));
  assert.ok(first.owner.id, 'ListObjects v1 entry without Owner/ID');
  assert.match(first.lastModified, ISO_8601);

  listed = await t.client.list({ delimiter: '/' });
  assert.deepEqual(listed.objects.map(o => o.name), ['c']);
  assert.deepEqual(listed.prefixes, ['a/', 'b/']);

  // Paging with marker / NextMarker, two keys a page.
  const { names, pages } = await collectPages(async marker => {
    const page = await t.client.list(withCursor({ 'max-keys': 2 }, 'marker', marker));
    return { names: page.objects.map(o => o.name), next: page.nextMarker, truncated: page.isTruncated };
  }, 2);
  assert.deepEqual(names, LIST_KEYS);
  assert.equal(pages, 4);

  listed = await t.client.list({ marker: 'a/sub/y' });
  assert.deepEqual(listed.objects.map(o => o.name), ['b/1', 'c']);
});

row('list-v2', async t => {
  await putListKeys(t);
  let listed = await t.client.listV2({ prefix: 'a/', delimiter: '/' });
  assert.deepEqual(listed.objects.map(o => o.name), ['a/1', 'a/2', 'a/3']);
  assert.deepEqual(listed.prefixes, ['a/sub/']);
  assert.equal(listed.isTruncated, false);
  assert.equal(listed.objects[0].owner, null, 'ListObjectsV2 sent Owner without fetch-owner');

  listed = await t.client.listV2({ prefix: 'b/', 'fetch-owner': true });
  assert.deepEqual(listed.objects.map(o => o.name), ['b/1']);
  assert.ok(listed.objects[0].owner && listed.objects[0].owner.id, 'fetch-owner=true gave no Owner/ID');

  // Paging with continuation tokens, two keys a page.
  const { names, pages } = await collectPages(async token => {
    const page = await t.client.listV2(withCursor({ 'max-keys': 2 }, 'continuation-token', token));
    assert.equal(page.keyCount, page.objects.length, 'KeyCount');
    return { names: page.objects.map(o => o.name), next: page.nextContinuationToken, truncated: page.isTruncated };
  }, 2);
  assert.deepEqual(names, LIST_KEYS);
  assert.equal(pages, 4);

  listed = await t.client.listV2({ 'start-after': 'a/sub/y' });
  assert.deepEqual(listed.objects.map(o => o.name), ['b/1', 'c']);
});

row('delete-multi', async t => {
  const keys = ['d/1', 'd/2', 'd/3', 'd/4', 'd/5', 'd/a&b<c>"'];
  for (const key of keys) await t.client.put(key, Buffer.from(key));

  // Verbose: every key named is reported, the missing one too (as OSS does).
  let result = await t.client.deleteMulti(['d/1', 'd/2', 'd/missing', 'd/a&b<c>"'], { quiet: false });
  assert.deepEqual(result.deleted.map(d => d.Key).sort(), ['d/1', 'd/2', 'd/a&b<c>"', 'd/missing']);
  // Quiet: nothing reported.
  result = await t.client.deleteMulti(['d/3', 'd/4'], { quiet: true });
  assert.deepEqual(result.deleted, []);

  const left = await t.client.list({ prefix: 'd/' });
  assert.deepEqual(left.objects.map(o => o.name), ['d/5']);
});

// ---------------------------------------------------------------- multipart

row('multipart-resume', async t => {
  // 13 parts of 256 KiB (the last one 12345 bytes), from a file.
  const partSize = 256 * KiB;
  const body = patternBytes(3 * MiB + 12345, 4);
  const parts = Math.ceil(body.length / partSize);
  const file = path.join(t.tmpDir, 'big.bin');
  fs.writeFileSync(file, body);
  const key = 'mpu/resume.bin';

  // First run: one part at a time (so the cancel point is exact), saving
  // the checkpoint as an application would, cancelled after 4 parts.
  const first = t.newClient();
  let saved = null;
  const cancelAfter = 4;
  await assert.rejects(
    first.multipartUpload(key, file, {
      partSize,
      parallel: 1,
      meta: { origin: 'compat' },
      progress: async (fraction, checkpoint) => {
        if (!checkpoint) return;
        saved = JSON.stringify(checkpoint);
        if (checkpoint.doneParts.length === cancelAfter) first.cancel();
      },
    }),
    err => {
      assert.equal(err.name, 'cancel', `the upload ended with ${err.name}: ${err.message}, not a cancel`);
      return true;
    },
  );
  const checkpoint = JSON.parse(saved);
  assert.equal(checkpoint.doneParts.length, cancelAfter);

  // serve holds exactly the parts the checkpoint lists, and the upload.
  const listed = await t.client.listParts(key, checkpoint.uploadId);
  assert.deepEqual(
    partsOf(listed),
    checkpoint.doneParts.map(p => [p.number, p.etag, partSize]),
  );
  checkpoint.doneParts.forEach(p => {
    const offset = (p.number - 1) * partSize;
    assert.equal(p.etag, md5Etag(body.subarray(offset, offset + partSize)), `part ${p.number} ETag`);
  });
  let uploads = await t.client.listUploads({ prefix: 'mpu/' });
  assert.deepEqual(uploads.uploads.map(u => [u.name, u.uploadId]), [[key, checkpoint.uploadId]]);

  // Resume from the saved checkpoint in a new client, as a restarted
  // program would: only the missing parts are sent.
  const second = t.newClient();
  let resumedParts = 0;
  const done = await second.multipartUpload(key, file, {
    checkpoint,
    partSize,
    parallel: 3,
    progress: async (fraction, cpt) => {
      if (cpt) resumedParts += 1;
    },
  });
  assert.equal(done.res.status, 200);
  assert.equal(resumedParts, parts - cancelAfter, 'parts sent by the resumed upload');

  const got = await t.client.get(key);
  assertBytes(got.content, body);
  assertCrc64(got.res.headers, body);
  assert.match(got.res.headers.etag, new RegExp(`^"[0-9A-F]{32}-${parts}"$`));
  assert.equal(got.res.headers['x-oss-object-type'], 'Multipart');
  assert.equal(got.res.headers['x-oss-meta-origin'], 'compat');
  uploads = await t.client.listUploads({ prefix: 'mpu/' });
  assert.deepEqual(uploads.uploads, [], 'the upload is still listed after Complete');
});

row('multipart-manual', async t => {
  const key = 'mpu/manual.bin';
  const body = patternBytes(250 * KiB, 5);
  const cut = 200 * KiB;
  const init = await t.client.initMultipartUpload(key, { mime: 'application/x-parts', meta: { step: 'manual' } });
  assert.ok(init.uploadId, 'no UploadId');
  assert.equal(init.name, key);
  assert.equal(init.bucket, t.bucket);

  const p1 = await t.client.uploadPart(key, init.uploadId, 1, body, 0, cut);
  const p2 = await t.client.uploadPart(key, init.uploadId, 2, body, cut, body.length);
  assert.equal(p1.etag, md5Etag(body.subarray(0, cut)));
  assert.equal(p2.etag, md5Etag(body.subarray(cut)));
  assertCrc64(p1.res.headers, body.subarray(0, cut), 'part 1 CRC-64');
  assertCrc64(p2.res.headers, body.subarray(cut), 'part 2 CRC-64');

  let listed = await t.client.listParts(key, init.uploadId);
  assert.deepEqual(partsOf(listed), [[1, p1.etag, cut], [2, p2.etag, body.length - cut]]);
  listed = await t.client.listParts(key, init.uploadId, { 'max-parts': 1 });
  assert.deepEqual(partsOf(listed), [[1, p1.etag, cut]]);
  assert.equal(listed.isTruncated, 'true'); // ali-oss passes this one on as text
  listed = await t.client.listParts(key, init.uploadId, { 'part-number-marker': listed.nextPartNumberMarker });
  assert.deepEqual(partsOf(listed), [[2, p2.etag, body.length - cut]]);

  let uploads = await t.client.listUploads({ prefix: 'mpu/' });
  assert.deepEqual(uploads.uploads.map(u => [u.name, u.uploadId]), [[key, init.uploadId]]);

  const done = await t.client.completeMultipartUpload(key, init.uploadId, [
    { number: 1, etag: p1.etag },
    { number: 2, etag: p2.etag },
  ]);
  assert.equal(done.res.status, 200);
  assertCrc64(done.res.headers, body, 'CompleteMultipartUpload CRC-64');
  const got = await t.client.get(key);
  assertBytes(got.content, body);
  assertCrc64(got.res.headers, body);
  assert.match(got.res.headers.etag, /^"[0-9A-F]{32}-2"$/);
  assert.equal(got.res.headers['content-type'], 'application/x-parts');
  assert.equal(got.res.headers['x-oss-meta-step'], 'manual');

  // Abort: the upload and its parts are gone, no object appears.
  const abortedKey = 'mpu/aborted.bin';
  const other = await t.client.initMultipartUpload(abortedKey);
  await t.client.uploadPart(abortedKey, other.uploadId, 1, body, 0, 1000);
  uploads = await t.client.listUploads({ prefix: 'mpu/' });
  assert.deepEqual(uploads.uploads.map(u => u.uploadId), [other.uploadId]);
  const aborted = await t.client.abortMultipartUpload(abortedKey, other.uploadId);
  assert.equal(aborted.res.status, 204);
  uploads = await t.client.listUploads({ prefix: 'mpu/' });
  assert.deepEqual(uploads.uploads, []);
  await expectOssError(t.client.listParts(abortedKey, other.uploadId), 'NoSuchUpload', 404);
  await expectOssError(t.client.head(abortedKey), 'NoSuchKey', 404);
});

// ---------------------------------------------------------------- presigned URLs

// V1 runs presign with signatureUrl, V4 runs with signatureUrlV4.
async function presign(t, method, key) {
  if (t.sig === 'V1') return t.client.signatureUrl(key, { method, expires: 600 });
  return t.client.signatureUrlV4(method, 600, undefined, key);
}

row('presigned-urls', async t => {
  const key = 'presign/ü file+1.txt';
  const body = Buffer.from(`presigned ${t.sig}`);
  await t.client.put(key, body);

  const getUrl = await presign(t, 'GET', key);
  let answer = await fetch(getUrl);
  assert.equal(answer.status, 200, `GET ${getUrl}`);
  assertBytes(Buffer.from(await answer.arrayBuffer()), body);
  assert.equal(answer.headers.get('x-oss-hash-crc64ecma'), crc64(body));

  const putKey = 'presign/put.bin';
  const putBody = patternBytes(5000, 6);
  answer = await fetch(await presign(t, 'PUT', putKey), { method: 'PUT', body: putBody });
  assert.equal(answer.status, 200, `presigned PUT: ${await answer.text()}`);
  assertBytes((await t.client.get(putKey)).content, putBody);

  // One character of the signature changed.
  const tampered = new URL(getUrl);
  const param = t.sig === 'V1' ? 'Signature' : 'x-oss-signature';
  const signature = tampered.searchParams.get(param);
  tampered.searchParams.set(param, (signature[0] === '0' ? '1' : '0') + signature.slice(1));
  answer = await fetch(tampered);
  assert.equal(answer.status, 403);
  assert.match(await answer.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
});

// ---------------------------------------------------------------- CRC-64

row('crc64', async t => {
  // Our CRC-64 against the protocol's vectors first (oss-protocol.md
  // §10.2), so that a mismatch below is serve's.
  assert.equal(crc64(Buffer.from('123456789')), '11051210869376104954');
  assert.equal(crc64(Buffer.alloc(102400, 'A')), '9427277473487083924');

  const objects = [
    ['crc/empty', Buffer.alloc(0)],
    ['crc/zero', Buffer.from([0])],
    ['crc/binary', patternBytes(MiB + 3, 7)],
  ];
  for (const [key, body] of objects) {
    assertCrc64((await t.client.put(key, body)).res.headers, body, `PUT ${key}`);
    assertCrc64((await t.client.head(key)).res.headers, body, `HEAD ${key}`);
    const got = await t.client.get(key);
    assertBytes(got.content, body, key);
    assertCrc64(got.res.headers, body, `GET ${key}`);
  }
  assert.equal((await t.client.head('crc/empty')).res.headers['x-oss-hash-crc64ecma'], '0');

  // A multipart object's CRC is the combination of its parts' CRCs.
  const body = patternBytes(150 * KiB, 8);
  await t.client.multipartUpload('crc/multipart.bin', body, { partSize: 100 * KiB });
  assertCrc64((await t.client.head('crc/multipart.bin')).res.headers, body, 'multipart object');
});

// ---------------------------------------------------------------- copy

row('copy', async t => {
  const source = 'copy/src.txt';
  const body = patternBytes(3000, 9);
  const put = await t.client.put(source, body, { mime: 'text/plain', meta: { a: '1' } });

  // COPY (the default directive): bytes and metadata travel.
  const copied = await t.client.copy('copy/dst.txt', source);
  assert.equal(copied.res.status, 200);
  assert.equal(copied.data.etag, put.res.headers.etag);
  assert.match(copied.data.lastModified, ISO_8601);
  let got = await t.client.get('copy/dst.txt');
  assertBytes(got.content, body);
  assertCrc64(got.res.headers, body);
  assert.equal(got.res.headers['content-type'], 'text/plain');
  assert.equal(got.res.headers['x-oss-meta-a'], '1');

  // Self-copy with REPLACE, the usual way to change metadata: the bytes stay.
  await t.client.copy(source, source, { meta: { b: '2' } });
  let head = await t.client.head(source);
  assert.deepEqual(head.meta, { b: '2' });
  assert.equal(head.res.headers.etag, put.res.headers.etag);
  assertBytes((await t.client.get(source)).content, body);
  // putMeta is ali-oss's name for the same thing.
  await t.client.putMeta(source, { c: '3' });
  head = await t.client.head(source);
  assert.deepEqual(head.meta, { c: '3' });
  assertBytes((await t.client.get(source)).content, body);

  // From another bucket into this one.
  const otherBucket = `${t.bucket}-2`;
  const other = await t.createBucket(otherBucket);
  const otherBody = patternBytes(150 * KiB, 10);
  await other.put('x.bin', otherBody);
  await t.client.copy('copy/from-other.bin', 'x.bin', otherBucket);
  got = await t.client.get('copy/from-other.bin');
  assertBytes(got.content, otherBody);
  assertCrc64(got.res.headers, otherBody);

  // Conditions are checked on the source; nothing is written on failure.
  await expectOssError(
    t.client.copy('copy/cond.txt', source, { headers: { 'If-Match': '"0123456789ABCDEF0123456789ABCDEF"' } }),
    'PreconditionFailed',
    412,
  );
  await expectOssError(t.client.head('copy/cond.txt'), 'NoSuchKey', 404);
  await expectOssError(t.client.copy('copy/none.txt', 'copy/missing.txt'), 'NoSuchKey', 404);
});

row('upload-part-copy', async t => {
  const sourceBody = patternBytes(300 * KiB + 5, 11);
  await t.client.put('upc/src.bin', sourceBody);
  const source = { sourceKey: 'upc/src.bin', sourceBucketName: t.bucket };
  const cut = 200 * KiB;

  const key = 'upc/dst.bin';
  const init = await t.client.initMultipartUpload(key);
  const p1 = await t.client.uploadPartCopy(key, init.uploadId, 1, `0-${cut - 1}`, source);
  const p2 = await t.client.uploadPartCopy(key, init.uploadId, 2, `${cut}-${sourceBody.length - 1}`, source);
  assert.ok(p1.etag && p2.etag, 'UploadPartCopy returned no ETag');
  const listed = await t.client.listParts(key, init.uploadId);
  assert.deepEqual(partsOf(listed), [[1, p1.etag, cut], [2, p2.etag, sourceBody.length - cut]]);
  await t.client.completeMultipartUpload(key, init.uploadId, [
    { number: 1, etag: p1.etag },
    { number: 2, etag: p2.etag },
  ]);
  const got = await t.client.get(key);
  assertBytes(got.content, sourceBody);
  assertCrc64(got.res.headers, sourceBody);

  // A range past the end of the source is refused.
  const bad = await t.client.initMultipartUpload('upc/bad.bin');
  await assert.rejects(
    t.client.uploadPartCopy('upc/bad.bin', bad.uploadId, 1, `0-${sourceBody.length + 100}`, source),
    err => err.status === 400 || assert.fail(`expected a 400, got ${err.code} (${err.status})`),
  );

  // ali-oss's managed copy on top of UploadPartCopy.
  await t.client.multipartUploadCopy('upc/managed.bin', source, { partSize: 100 * KiB });
  assertBytes((await t.client.get('upc/managed.bin')).content, sourceBody);
});

// ---------------------------------------------------------------- ACL

row('object-acl', async t => {
  const key = 'acl/object.txt';
  const body = Buffer.from('acl body');
  await t.client.put(key, body, { meta: { keep: 'me' } });
  let acl = await t.client.getACL(key);
  assert.equal(acl.acl, 'default');
  assert.ok(acl.owner.id, 'GetObjectACL without Owner/ID');

  await t.client.putACL(key, 'public-read');
  assert.equal((await t.client.getACL(key)).acl, 'public-read');
  // Setting an ACL touches neither bytes nor metadata.
  assertBytes((await t.client.get(key)).content, body);
  assert.deepEqual((await t.client.head(key)).meta, { keep: 'me' });

  await t.client.put('acl/private.txt', body, { headers: { 'x-oss-object-acl': 'private' } });
  acl = await t.client.getACL('acl/private.txt');
  assert.equal(acl.acl, 'private');

  await expectOssError(t.client.putACL(key, 'public'), 'InvalidArgument', 400);
  await expectOssError(t.client.getACL('acl/missing.txt'), 'NoSuchKey', 404);
});

row('bucket-acl', async t => {
  await t.client.put('k', Buffer.from('bucket acl'));
  let acl = await t.client.getBucketACL(t.bucket);
  assert.equal(acl.acl, 'private');
  assert.ok(acl.owner.id, 'GetBucketACL without Owner/ID');
  await t.client.putBucketACL(t.bucket, 'public-read');
  assert.equal((await t.client.getBucketACL(t.bucket)).acl, 'public-read');
  assertBytes((await t.client.get('k')).content, Buffer.from('bucket acl'));

  const other = `${t.bucket}-2`;
  await t.client.putBucket(other, { acl: 'public-read-write' });
  acl = await t.client.getBucketACL(other);
  assert.equal(acl.acl, 'public-read-write');

  await expectOssError(t.client.putBucketACL(t.bucket, 'error-acl'), 'InvalidArgument', 400);
  assert.equal((await t.client.getBucketACL(t.bucket)).acl, 'public-read');
});

// ---------------------------------------------------------------- tagging

row('object-tagging', async t => {
  const key = 'tag/object.txt';
  const body = Buffer.from('tagged');
  await t.client.put(key, body, { meta: { keep: 'me' } });
  const tags = { project: 'compat', note: 'a b+c=d' };
  const put = await t.client.putObjectTagging(key, tags);
  assert.equal(put.status, 200);
  assert.deepEqual((await t.client.getObjectTagging(key)).tag, tags);
  const head = await t.client.head(key);
  assert.equal(head.res.headers['x-oss-tagging-count'], '2');
  assert.deepEqual(head.meta, { keep: 'me' });
  assertBytes((await t.client.get(key)).content, body);

  const deleted = await t.client.deleteObjectTagging(key);
  assert.equal(deleted.status, 204);
  assert.deepEqual((await t.client.getObjectTagging(key)).tag, {});
  assertBytes((await t.client.get(key)).content, body);

  // Tags given with the object (x-oss-tagging, URL-query form).
  await t.client.put('tag/with-header.txt', body, { headers: { 'x-oss-tagging': 'a=1&b=two%20words' } });
  assert.deepEqual((await t.client.getObjectTagging('tag/with-header.txt')).tag, { a: '1', b: 'two words' });
});

// ---------------------------------------------------------------- symlink

row('symlink', async t => {
  const target = 'sym/target.bin';
  const body = patternBytes(5000, 12);
  const put = await t.client.put(target, body, { meta: { role: 'target' } });
  const link = await t.client.putSymlink('sym/link', target, { meta: { role: 'link' } });
  assert.equal(link.res.status, 200);
  assert.equal((await t.client.getSymlink('sym/link')).targetName, target);

  // GET and HEAD through the link serve the target's bytes with the link's metadata.
  const got = await t.client.get('sym/link');
  assertBytes(got.content, body);
  assert.equal(got.res.headers['x-oss-object-type'], 'Symlink');
  assert.equal(got.res.headers['x-oss-meta-role'], 'link');
  assert.equal(got.res.headers.etag, put.res.headers.etag);
  const head = await t.client.head('sym/link');
  assert.equal(head.res.headers['content-length'], String(body.length));
  const ranged = await t.client.get('sym/link', { headers: { Range: 'bytes=10-19' } });
  assertBytes(ranged.content, body.subarray(10, 20));

  const listed = await t.client.list({ prefix: 'sym/' });
  assert.deepEqual(listed.objects.map(o => [o.name, o.type]), [['sym/link', 'Symlink'], [target, 'Normal']]);

  await t.client.putSymlink('sym/dangling', 'sym/none');
  await expectOssError(t.client.get('sym/dangling'), 'SymlinkTargetNotExist', 404);
});

// ---------------------------------------------------------------- append

row('append', async t => {
  const key = 'append/log';
  // The vectors of oss-protocol-2.md §8.4.
  let appended = await t.client.append(key, Buffer.from('12345'));
  assert.equal(appended.nextAppendPosition, '5');
  assert.equal(appended.res.headers['x-oss-hash-crc64ecma'], '6748440630437108969');
  const firstCrc = appended.res.headers['x-oss-hash-crc64ecma'];
  appended = await t.client.append(key, Buffer.from('67890'), { position: appended.nextAppendPosition });
  assert.equal(appended.nextAppendPosition, '10');
  // The whole object's CRC, which a client gets by chaining from the previous one.
  assert.equal(appended.res.headers['x-oss-hash-crc64ecma'], crc64(Buffer.from('67890'), firstCrc));

  const got = await t.client.get(key);
  assertBytes(got.content, Buffer.from('1234567890'));
  assert.equal(got.res.headers['x-oss-object-type'], 'Appendable');
  const head = await t.client.head(key);
  assert.equal(head.res.headers['x-oss-next-append-position'], '10');

  await expectOssError(t.client.append(key, Buffer.from('x'), { position: 3 }), 'PositionNotEqualToLength', 409);
  await t.client.put('append/normal', Buffer.from('normal'));
  await expectOssError(
    t.client.append('append/normal', Buffer.from('x'), { position: 6 }),
    'ObjectNotAppendable',
    409,
  );
  assertBytes((await t.client.get(key)).content, Buffer.from('1234567890'));
});

// ---------------------------------------------------------------- bucket information

row('bucket-info', async t => {
  const info = await t.client.getBucketInfo(t.bucket);
  assert.equal(info.bucket.Name, t.bucket);
  assert.match(info.bucket.Location, /^oss-[a-z0-9-]+$/);
  assert.match(info.bucket.CreationDate, ISO_8601);
  assert.equal(info.bucket.StorageClass, 'Standard');
  assert.ok(info.bucket.Owner && info.bucket.Owner.ID, 'BucketInfo without Owner/ID');
  assert.equal(info.bucket.AccessControlList.Grant, 'private');

  const location = await t.client.getBucketLocation(t.bucket);
  assert.equal(location.location, info.bucket.Location);
  const listed = await t.client.listBuckets({ prefix: t.bucket });
  assert.equal(listed.buckets.find(b => b.name === t.bucket).region, location.location);

  await expectOssError(t.client.getBucketInfo(`${t.bucket}-missing`), 'NoSuchBucket', 404);
  await expectOssError(t.client.getBucketLocation(`${t.bucket}-missing`), 'NoSuchBucket', 404);
});

// ---------------------------------------------------------------- versioning

row('versioning', async t => {
  const key = 'ver/object.txt';
  assert.ok(!(await t.client.getBucketVersioning(t.bucket)).versionStatus, 'a new bucket is versioned');
  await t.client.putBucketVersioning(t.bucket, 'Enabled');
  assert.equal((await t.client.getBucketVersioning(t.bucket)).versionStatus, 'Enabled');

  const first = Buffer.from('first version');
  const second = Buffer.from('second version, longer');
  const v1 = (await t.client.put(key, first)).res.headers['x-oss-version-id'];
  const v2 = (await t.client.put(key, second)).res.headers['x-oss-version-id'];
  assert.ok(v1 && v2 && v1 !== v2, `version ids ${v1}, ${v2}`);

  assertBytes((await t.client.get(key)).content, second);
  const old = await t.client.get(key, { versionId: v1 });
  assertBytes(old.content, first);
  assert.equal(old.res.headers['x-oss-version-id'], v1);
  const oldHead = await t.client.head(key, { versionId: v1 });
  assert.equal(oldHead.res.headers['content-length'], String(first.length));

  // Newest first; paged one version at a time with key and version markers.
  let versions = await t.client.getBucketVersions({ prefix: 'ver/' });
  assert.deepEqual(versions.objects.map(v => [v.name, v.versionId, v.isLatest, v.etag]), [
    [key, v2, true, md5Etag(second)],
    [key, v1, false, md5Etag(first)],
  ]);
  const page = await t.client.getBucketVersions({ prefix: 'ver/', maxKeys: 1 });
  assert.equal(page.isTruncated, true);
  assert.deepEqual([page.nextKeyMarker, page.nextVersionIdMarker], [key, v2]);
  const rest = await t.client.getBucketVersions({
    prefix: 'ver/',
    keyMarker: page.nextKeyMarker,
    versionIdMarker: page.nextVersionIdMarker,
  });
  assert.deepEqual(rest.objects.map(v => v.versionId), [v1]);

  // A delete without versionId adds a delete marker; the versions stay.
  const deleted = await t.client.delete(key);
  assert.equal(deleted.res.headers['x-oss-delete-marker'], 'true');
  const marker = deleted.res.headers['x-oss-version-id'];
  assert.ok(marker && marker !== v1 && marker !== v2, `delete marker id ${marker}`);
  await expectOssError(t.client.get(key), 'NoSuchKey', 404);
  assertBytes((await t.client.get(key, { versionId: v1 })).content, first);
  versions = await t.client.getBucketVersions({ prefix: 'ver/' });
  assert.deepEqual(versions.deleteMarker.map(m => [m.name, m.versionId]), [[key, marker]]);
  assert.deepEqual(versions.objects.map(v => [v.versionId, v.isLatest]), [[v2, false], [v1, false]]);
  assert.deepEqual((await t.client.list({ prefix: 'ver/' })).objects, [], 'ListObjects shows a deleted key');

  // Removing the marker brings the newest version back; a version can be
  // deleted for good.
  await t.client.delete(key, { versionId: marker });
  assertBytes((await t.client.get(key)).content, second);
  await t.client.delete(key, { versionId: v1 });
  await expectOssError(t.client.get(key, { versionId: v1 }), 'NoSuchVersion', 404);

  await t.client.putBucketVersioning(t.bucket, 'Suspended');
  assert.equal((await t.client.getBucketVersioning(t.bucket)).versionStatus, 'Suspended');
});

// ---------------------------------------------------------------- errors

row('error-no-such-key', async t => {
  const err = await expectOssError(t.client.get('missing/key.txt'), 'NoSuchKey', 404);
  assert.equal(err.ecCode, '0026-00000001');
  assert.ok(err.requestId, 'no RequestId');
  await expectOssError(t.client.head('missing/key.txt'), 'NoSuchKey', 404);
  await expectOssError(t.client.getObjectMeta('missing/key.txt'), 'NoSuchKey', 404);
  const nowhere = t.newClient({ bucket: `${t.bucket}-missing` });
  const noBucket = await expectOssError(nowhere.get('k'), 'NoSuchBucket', 404);
  assert.equal(noBucket.ecCode, '0015-00000101');
});

row('error-bad-signature', async t => {
  const key = 'auth/object.txt';
  const body = Buffer.from('guarded');
  await t.client.put(key, body);
  const wrongSecret = t.newClient({ accessKeySecret: 'not-the-secret' });
  await expectOssError(wrongSecret.get(key), 'SignatureDoesNotMatch', 403);
  await expectOssError(wrongSecret.put(key, Buffer.from('overwritten')), 'SignatureDoesNotMatch', 403);
  await expectOssError(wrongSecret.delete(key), 'SignatureDoesNotMatch', 403);
  const unknownKey = t.newClient({ accessKeyId: 'nobody' });
  await expectOssError(unknownKey.get(key), 'InvalidAccessKeyId', 403);
  assertBytes((await t.client.get(key)).content, body);
});

// Sub-resources serve has no plan to implement (if one ever is, pick another).
row('error-not-implemented', async t => {
  const body = Buffer.from('must survive');
  await t.client.put('ni/object.txt', body, { meta: { keep: 'me' } });
  const rules = [{ id: 'expire-logs', prefix: 'logs/', status: 'Enabled', days: 30 }];
  const err = await expectOssError(t.client.putBucketLifecycle(t.bucket, rules), 'NotImplemented', 501);
  assert.ok(err.ecCode, 'NotImplemented without EC');
  // DELETE ?lifecycle once deleted the bucket itself (issue 13).
  await expectOssError(t.client.deleteBucketLifecycle(t.bucket), 'NotImplemented', 501);
  await expectOssError(
    t.client.putBucketCORS(t.bucket, [{ allowedOrigin: '*', allowedMethod: 'GET' }]),
    'NotImplemented',
    501,
  );
  await expectOssError(t.client.putBucketWebsite(t.bucket, { index: 'index.html' }), 'NotImplemented', 501);

  // Nothing changed.
  const listed = await t.client.listBuckets({ prefix: t.bucket });
  assert.ok(listed.buckets.some(b => b.name === t.bucket), 'the bucket is gone');
  assert.deepEqual((await t.client.list()).objects.map(o => o.name), ['ni/object.txt']);
  assertBytes((await t.client.get('ni/object.txt')).content, body);
  assert.deepEqual((await t.client.head('ni/object.txt')).meta, { keep: 'me' });
});

module.exports = { rows };
