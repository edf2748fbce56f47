'use strict';
// CRC-64/ECMA-182 as OSS reports it in x-oss-hash-crc64ecma (the reflected
// polynomial 0xC96C5795D7870F42, initial value and final xor all ones, i.e.
// CRC-64/XZ; ../shared/oss-protocol.md §10), as a decimal string.
//
// Written by hand because ali-oss has no CRC64 check of its own (unlike the
// Go, Python and C++ SDKs): the suite checks what those SDKs would check, and
// it keeps ali-oss the only dependency. The 64-bit register is kept as two
// unsigned 32-bit halves: BigInt per byte would be ~50x slower on the MiB
// objects of the suite.

const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let bit = 0; bit < 8; bit++) {
    const odd = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (odd) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[i] = hi;
  TABLE_LO[i] = lo;
}

// The CRC of `bytes` continued from `previous` (the decimal CRC of the bytes
// before them, as OSS chains appends: oss-protocol-2.md §8.4); '0' starts.
function crc64(bytes, previous = '0') {
  const start = BigInt(previous) ^ 0xffffffffffffffffn;
  let hi = Number(start >> 32n) >>> 0;
  let lo = Number(start & 0xffffffffn) >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    const index = (lo ^ bytes[i]) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0;
  }
  const value = ((BigInt(hi) << 32n) | BigInt(lo)) ^ 0xffffffffffffffffn;
  return value.toString();
}

module.exports = { crc64 };
