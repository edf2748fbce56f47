#!/usr/bin/env node
'use strict';
// The ali-oss compatibility suite (ctest compat_ali_oss): the official
// Node.js OSS SDK against a real `ossxfer serve`, every row of rows.js once
// with V1 and once with V4 signatures, path-style addressing.
//
//   node run.js --bin build/release/ossxfer [--row REGEX] [--signature v1|v4]
//               [--ignore-pending] [--keep] [--verbose]
//
// It passes iff every row not in pending.js passes and every row in it
// fails. It prints one line per (row, signature) at the end.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

let OSS;
try {
  OSS = require('ali-oss');
} catch (err) {
  console.error(
    `compat: ali-oss is not installed in ${__dirname} (${err.message.split('\n')[0]}).\n` +
      'Run scripts/install-deps.sh (or `make deps`), which runs `npm ci` there.',
  );
  process.exit(1);
}
const { PENDING } = require('./pending');
const { rows } = require('./rows');
const { describeError } = require('./check');
const { ServeProcess } = require('./serve_process');

const ACCESS_KEY_ID = 'compat-ak';
const ACCESS_KEY_SECRET = 'compat-secret';
// ali-oss's default, and what a user copies from the docs; the V4 signer
// strips the `oss-` prefix (serve accepts any region in the credential).
const REGION = 'oss-cn-hangzhou';
const ROW_TIMEOUT_MS = 60000;
const SUITE_TIMEOUT_MS = 240000; // below the ctest TIMEOUT, so the table still prints

function usage(message) {
  if (message) console.error(`compat: ${message}`);
  console.error(
    'usage: node run.js --bin PATH_TO_OSSXFER [--row REGEX] [--signature v1|v4] [--ignore-pending] [--keep] [--verbose]',
  );
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        bin: { type: 'string' },
        row: { type: 'string' },
        signature: { type: 'string' },
        'ignore-pending': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    usage(err.message);
  }
  if (values.help) usage();
  if (!values.bin) usage('--bin is required');
  const signatures = values.signature ? [values.signature.toUpperCase()] : ['V1', 'V4'];
  if (!signatures.every(s => s === 'V1' || s === 'V4')) usage('--signature is v1 or v4');
  const known = new Set(rows.map(r => r.name));
  const stale = PENDING.filter(name => !known.has(name));
  if (stale.length) usage(`pending.js names rows that do not exist: ${stale.join(', ')}`);
  const filter = values.row ? new RegExp(values.row) : null;
  const selected = rows.filter(r => !filter || filter.test(r.name));
  if (!selected.length) usage(`no row matches ${values.row}`);
  return {
    bin: path.resolve(values.bin),
    rows: selected,
    signatures,
    pending: new Set(values['ignore-pending'] ? [] : PENDING),
    keep: values.keep,
    verbose: values.verbose,
  };
}

// A client as an application would make one for a local OSS: path style
// (Node cannot resolve <bucket>.localhost), hence `localhost` rather than
// 127.0.0.1 (ali-oss rewrites Host to <bucket>.<region>.aliyuncs.com for an
// IP endpoint, and signatureUrl refuses one) and `sldEnable`, which puts the
// bucket in the path.
function makeClient(endpoint, sig, overrides = {}) {
  return new OSS({
    endpoint,
    sldEnable: true,
    region: REGION,
    authorizationV4: sig === 'V4',
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    timeout: 30000,
    ...overrides,
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runRow(row, sig, endpoint, workDir) {
  const bucket = `${row.name}-${sig.toLowerCase()}`;
  const tmpDir = path.join(workDir, bucket);
  fs.mkdirSync(tmpDir);
  const t = {
    sig,
    bucket,
    tmpDir,
    newClient: (overrides = {}) => makeClient(endpoint, sig, { bucket, ...overrides }),
    createBucket: async name => {
      await makeClient(endpoint, sig).putBucket(name);
      return makeClient(endpoint, sig, { bucket: name });
    },
  };
  t.client = t.newClient();
  await t.createBucket(bucket);
  await row.run(t);
}

function printTable(results) {
  const widths = [
    Math.max(3, ...results.map(r => r.row.length)),
    3,
    Math.max(6, ...results.map(r => r.outcome.length)),
  ];
  const line = cells => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  console.log('');
  console.log(line(['row', 'sig', 'result', 'detail']));
  console.log(line(widths.map(w => '-'.repeat(w)).concat('------')));
  for (const r of results) console.log(line([r.row, r.sig, r.outcome, r.detail]));
}

async function main() {
  const options = parseOptions();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ossxfer-compat-'));
  let serve;
  try {
    serve = await ServeProcess.start({
      bin: options.bin,
      root: path.join(workDir, 'serve-root'),
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      logPath: path.join(workDir, 'serve.log'),
    });
  } catch (err) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
  // However this process ends, serve must not outlive it.
  process.on('exit', () => serve.kill());
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  const results = [];
  const deadline = setTimeout(() => {
    printTable(results);
    console.error(`compat: the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s (work dir ${workDir})`);
    console.error(serve.logTail());
    process.exit(1);
  }, SUITE_TIMEOUT_MS);

  const endpoint = `http://localhost:${serve.port}`;
  console.log(`compat: ali-oss ${require('ali-oss/package.json').version} against ${options.bin} at ${endpoint}`);
  const started = Date.now();
  for (const sig of options.signatures) {
    for (const row of options.rows) {
      const pending = options.pending.has(row.name);
      const rowStart = Date.now();
      let error = null;
      try {
        await withTimeout(runRow(row, sig, endpoint, workDir), ROW_TIMEOUT_MS, `row ${row.name}`);
      } catch (err) {
        error = err;
      }
      const ms = Date.now() - rowStart;
      let outcome;
      let detail = error ? describeError(error) : '';
      if (!pending) {
        outcome = error ? 'FAIL' : 'pass';
      } else if (error) {
        outcome = 'pending';
      } else {
        outcome = 'PASSED-BUT-PENDING';
        detail = `passes now: remove '${row.name}' from PENDING in tests/compat/ali-oss/pending.js`;
      }
      results.push({ row: row.name, sig, outcome, detail, ms });
      console.log(`[${sig}] ${row.name}: ${outcome} (${ms} ms)${detail ? ` ${detail}` : ''}`);
      if (error && (outcome === 'FAIL' || options.verbose) && error.stack) {
        const frames = error.stack.split('\n').filter(l => /^\s+at /.test(l));
        console.log(frames.slice(0, 4).join('\n'));
      }
      if (serve.exited) break;
    }
    if (serve.exited) break;
  }
  clearTimeout(deadline);

  printTable(results);
  const failed = results.filter(r => r.outcome === 'FAIL' || r.outcome === 'PASSED-BUT-PENDING');
  const problems = failed.map(r => `${r.row} [${r.sig}]: ${r.outcome}`);
  if (serve.exited) {
    problems.push(`ossxfer serve died during the suite\n${serve.logTail()}`);
  } else {
    const stopProblem = await serve.stop();
    if (stopProblem) problems.push(stopProblem);
  }
  if (options.keep) {
    console.log(`compat: kept ${workDir} (serve root, serve.log)`);
  } else {
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  const count = outcome => results.filter(r => r.outcome === outcome).length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\ncompat: ${count('pass')} passed, ${failed.length} failed, ${count('pending')} pending ` +
      `(failing as expected, in pending.js) in ${seconds} s`,
  );
  if (problems.length) {
    console.log(`compat: FAILED\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}

main().catch(err => {
  console.error(`compat: ${err.stack || err}`);
  process.exit(1);
});
