'use strict';
// One `ossxfer serve` process for the suite: started on a fresh root with a
// port the OS picks, and known to be ready when it prints its first stdout
// line, the bound address (README "ossxfer serve"). No sleeps, no polling.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

class ServeProcess {
  // Resolves once serve listens; rejects with serve's stderr if it exits
  // first or says nothing within `startTimeoutMs`.
  static async start({ bin, root, accessKeyId, accessKeySecret, logPath, startTimeoutMs = 30000 }) {
    const log = fs.openSync(logPath, 'a');
    const child = spawn(
      bin,
      [
        'serve',
        '--root', root,
        '--listen', '127.0.0.1:0',
        '--access-key-id', accessKeyId,
        '--access-key-secret', accessKeySecret,
      ],
      { stdio: ['ignore', 'pipe', log] },
    );
    fs.closeSync(log);
    const serve = new ServeProcess(child, logPath);
    serve.address = await new Promise((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout });
      const timer = setTimeout(() => {
        reject(new Error(`ossxfer serve printed no address within ${startTimeoutMs} ms\n${serve.logTail()}`));
      }, startTimeoutMs);
      lines.once('line', line => {
        clearTimeout(timer);
        // Later stdout lines (none today) must not fill the pipe and block serve.
        child.stdout.resume();
        resolve(line.trim());
      });
      child.once('error', error => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${bin}: ${error.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`ossxfer serve exited (${signal || code}) before printing its address\n${serve.logTail()}`));
      });
    });
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(serve.address)) {
      serve.kill();
      throw new Error(`unexpected first line from ossxfer serve: ${JSON.stringify(serve.address)}`);
    }
    return serve;
  }

  constructor(child, logPath) {
    this.child = child;
    this.logPath = logPath;
    this.exit = new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited = false;
    this.exit.then(() => {
      this.exited = true;
    });
  }

  get port() {
    return Number(new URL(this.address).port);
  }

  // Stops serve with SIGTERM (a clean stop, exit 0) and waits for it; after
  // `graceMs` it is killed. Resolves to a description of a bad exit, or null.
  async stop(graceMs = 10000) {
    if (!this.exited) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), graceMs);
    const { code, signal } = await this.exit;
    clearTimeout(timer);
    if (code === 0) return null;
    return `ossxfer serve did not stop cleanly on SIGTERM (${signal || `exit ${code}`})\n${this.logTail()}`;
  }

  // Immediate, for the paths where the suite itself is dying.
  kill() {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  logTail(lines = 20) {
    try {
      const text = fs.readFileSync(this.logPath, 'utf8').trimEnd().split('\n');
      return `serve's stderr (${path.basename(this.logPath)}, last ${lines} lines):\n  ${text.slice(-lines).join('\n  ')}`;
    } catch {
      return '';
    }
  }
}

module.exports = { ServeProcess };
