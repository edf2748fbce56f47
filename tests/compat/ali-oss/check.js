'use strict';
// Assertions about what ali-oss hands back from serve, and the test data.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { crc64 } = require('./crc64');

// The ETag OSS gives a Normal object (and a part): the quoted upper-case MD5.
function md5Etag(bytes) {
  return `"${crypto.createHash('md5').update(bytes).digest('hex').toUpperCase()}"`;
}

// Byte equality without printing megabytes when it fails.
function assertBytes(actual, expected, what = 'body') {
  assert.ok(Buffer.isBuffer(actual), `${what}: expected a Buffer, got ${typeof actual}`);
  if (actual.length !== expected.length) {
    assert.fail(`${what}: ${actual.length} bytes, expected ${expected.length}`);
  }
  const at = actual.findIndex((byte, i) => byte !== expected[i]);
  if (at !== -1) assert.fail(`${what}: differs at byte ${at} of ${expected.length}`);
}

// x-oss-hash-crc64ecma must be present and be the CRC-64 of `bytes`.
function assertCrc64(headers, bytes, what = 'x-oss-hash-crc64ecma') {
  const reported = headers['x-oss-hash-crc64ecma'];
  assert.ok(reported !== undefined, `${what}: header missing`);
  assert.equal(reported, crc64(bytes), `${what}: not the CRC-64 of the ${bytes.length} bytes`);
}

// Awaits `promise`, which must reject with an OSS error of this code and
// HTTP status (ali-oss puts them in err.code and err.status); returns it.
async function expectOssError(promise, code, status) {
  let result;
  try {
    result = await promise;
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    if (err.code !== code || err.status !== status) {
      assert.fail(`expected ${code} (${status}), got ${describeError(err)}`);
    }
    return err;
  }
  const got = result && result.res ? `${result.res.status}` : 'success';
  assert.fail(`expected ${code} (${status}), but the request succeeded (${got})`);
}

// One line for the result table: what an OSS error, an assertion or
// anything else thrown says.
function describeError(err) {
  if (err === null || err === undefined) return String(err);
  if (err instanceof assert.AssertionError) {
    // Node's message spreads the values over lines: keep them on one.
    const text = err.message.split('\n').map(l => l.trim()).filter(Boolean).join(' ');
    return text.length > 300 ? `${text.slice(0, 300)}...` : text;
  }
  if (err.status !== undefined && err.code !== undefined) {
    const ec = err.ecCode ? ` EC ${err.ecCode}` : '';
    return `${err.code} (${err.status}${ec}): ${err.message}`;
  }
  if (err.name === 'cancel') return 'cancelled';
  return `${err.name || 'Error'}: ${err.message || JSON.stringify(err)}`;
}

// Deterministic bytes (xorshift32): the same `seed` gives the same data on
// every run, so a failure reproduces exactly.
function patternBytes(length, seed) {
  const bytes = Buffer.alloc(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

module.exports = { assertBytes, assertCrc64, describeError, expectOssError, md5Etag, patternBytes };
