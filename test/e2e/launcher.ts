// A stand-in for the VS Code executable, for @vscode/test-electron's `runTests({ vscodeExecutablePath })`.
// It takes the arguments runTests gives a desktop VS Code (--extensionDevelopmentPath=,
// --extensionTestsPath=, --user-data-dir=, --extensions-dir=, --disable-workspace-trust, a folder),
// starts code-server's VS Code server on a free loopback port, opens the workbench in headless
// Chromium with VS Code's test payload, and exits with the code the workbench reports when the suite
// ends. Whatever happens, it ends every process it started before exiting.
//
// Our own flag: --e2e-enable-workspace-trust keeps workspace trust on even though runTests always
// passes --disable-workspace-trust (for the restricted-mode run).
//
// Environment: E2E_SCREENSHOT_DIR turns on the screenshot handshake (see suite/screenshot.ts);
// E2E_TIMEOUT_MS bounds the whole run (default 10 minutes).
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureInstalled } from './install';
import { RUN_MARKER_VAR, endAll, killAllSync } from './processes';

interface Args {
  devPaths: string[];
  testsPath: string;
  userDataDir: string;
  extensionsDir: string;
  folder?: string;
  disableTrust: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string[] =>
    argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-e2e-'));
  const testsPath = value('extensionTestsPath')[0];
  if (!testsPath) throw new Error('--extensionTestsPath= is required');
  return {
    devPaths: value('extensionDevelopmentPath'),
    testsPath,
    userDataDir: path.resolve(value('user-data-dir')[0] ?? path.join(scratch, 'user-data')),
    extensionsDir: path.resolve(value('extensions-dir')[0] ?? path.join(scratch, 'extensions')),
    folder: argv.find((a) => !a.startsWith('-')),
    disableTrust: argv.includes('--disable-workspace-trust') && !argv.includes('--e2e-enable-workspace-trust'),
  };
}

function log(message: string): void {
  console.log(`[e2e launcher] ${message}`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

async function waitUntilServing(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the VS Code server exited (${server.exitCode ?? server.signalCode})`);
    if (await answers(url)) return;
    await sleep(200);
  }
  throw new Error(`the VS Code server did not answer at ${url} within ${timeoutMs} ms`);
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Serves screenshot requests from the suite: it writes `<dir>/<name>.request` (JSON: CSS selectors to
 * wait for), we save `<dir>/<name>.png` and write `<dir>/<name>.done`.
 */
function serveScreenshots(page: Page, dir: string): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    let requests: string[];
    try {
      requests = fs.readdirSync(dir).filter((f) => f.endsWith('.request'));
    } catch {
      return;
    }
    if (requests.length === 0) return;
    busy = true;
    void (async () => {
      for (const request of requests) {
        const name = request.slice(0, -'.request'.length);
        let waitFor: string[] = [];
        try {
          waitFor = (JSON.parse(fs.readFileSync(path.join(dir, request), 'utf8')) as { waitFor?: string[] }).waitFor ?? [];
        } catch {
          // an empty or partly written request: no selectors
        }
        fs.rmSync(path.join(dir, request), { force: true });
        try {
          for (const selector of waitFor) await page.waitForSelector(selector, { state: 'visible', timeout: 10_000 });
          await page.screenshot({ path: path.join(dir, `${name}.png`) });
          log(`screenshot ${name}.png`);
        } catch (e) {
          log(`screenshot ${name} failed: ${String(e)}`);
        }
        fs.writeFileSync(path.join(dir, `${name}.done`), '');
      }
      busy = false;
    })();
  }, 100);
  return () => clearInterval(timer);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const marker = process.env[RUN_MARKER_VAR] ?? `${process.pid}-${Date.now()}`;
  process.env[RUN_MARKER_VAR] = marker; // inherited by the server, Chromium and all their children
  const { node, serverMain, chromium: chromiumPath } = ensureInstalled();

  const runDir = path.dirname(args.userDataDir);
  const serverDataDir = path.join(runDir, 'server-data');
  const serverLog = path.join(runDir, 'server.log');
  const consoleLog = path.join(runDir, 'workbench-console.log');
  fs.mkdirSync(path.join(args.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(args.extensionsDir, { recursive: true });
  const settingsFile = path.join(args.userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(settingsFile, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' }, null, 2));
  }
  // A remote window ignores `machine` and `machine-overridable` settings (tool paths) from the user
  // settings; it reads them from the server's machine settings. Give both the same content, so the
  // user settings runTests' caller wrote apply as they would in desktop VS Code.
  const machineSettings = path.join(args.userDataDir, 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(machineSettings), { recursive: true });
  fs.copyFileSync(settingsFile, machineSettings);

  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let stopScreenshots = (): void => undefined;
  const cleanup = async (): Promise<void> => {
    stopScreenshots();
    if (browser) {
      await Promise.race([browser.close().catch(() => undefined), sleep(5000)]);
      browser = undefined;
    }
    await endAll(marker, server?.pid);
  };
  // Ctrl+C in runTests sends SIGINT; a CI timeout sends SIGTERM. Clean up, then leave.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      log(`${sig}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => killAllSync(marker, server?.pid));

  const timeoutMs = Number(process.env.E2E_TIMEOUT_MS ?? 10 * 60 * 1000);
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const serverArgs = [
      serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--enable-smoke-test-driver', // without it the workbench ignores the test payload
      '--user-data-dir', args.userDataDir,
      '--server-data-dir', serverDataDir,
      '--extensions-dir', args.extensionsDir,
      ...(args.disableTrust ? ['--disable-workspace-trust'] : []),
    ];
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Do not let a VS Code terminal this runs in leak into the server under test.
    for (const key of Object.keys(env)) if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
    const out = fs.openSync(serverLog, 'w');
    // detached: its own session and process group, so the whole group can be ended at once.
    server = spawn(node, serverArgs, { detached: true, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    log(`VS Code server pid ${server.pid} on ${origin} (workspace trust ${args.disableTrust ? 'disabled' : 'enabled'}), log ${serverLog}`);
    const started = Date.now();
    await waitUntilServing(`${origin}/`, server, 60_000);
    log(`server ready in ${Date.now() - started} ms`);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleOut = fs.createWriteStream(consoleLog);
    // The workbench console (including the extension host's) goes to a file; mocha's report reaches
    // the terminal through mocha.log, which runTests.ts follows.
    page.on('console', (msg) => {
      const text = msg.text();
      consoleOut.write(`[${msg.type()}] ${text}\n`);
    });
    page.on('pageerror', (err) => consoleOut.write(`[pageerror] ${err.stack ?? err.message}\n`));

    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    // The workbench calls this when the suite ends: 0 when it passed.
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    const screenshotDir = process.env.E2E_SCREENSHOT_DIR;
    if (screenshotDir) {
      fs.mkdirSync(screenshotDir, { recursive: true });
      stopScreenshots = serveScreenshots(page, screenshotDir);
    }
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const payload = [
      ...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(args.testsPath)],
    ];
    const query = new URLSearchParams();
    if (args.folder) query.set(args.folder.endsWith('.code-workspace') ? 'workspace' : 'folder', path.resolve(args.folder));
    query.set('payload', JSON.stringify(payload));
    await page.goto(`${origin}/?${query.toString()}`);
    log(`workbench opened${args.folder ? ` on ${args.folder}` : ''}`);

    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        log(`timed out after ${timeoutMs} ms`);
        resolve(1);
      }, timeoutMs);
    });
    const code = await Promise.race([exitCode, timedOut]);
    if (code !== 0) {
      await page.screenshot({ path: path.join(runDir, 'failure.png') }).catch(() => undefined);
      log(`suite failed (code ${code}); screenshot ${path.join(runDir, 'failure.png')}, console ${consoleLog}, server log ${serverLog}`);
    }
    consoleOut.end();
    return code;
  } catch (e) {
    log(`error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    const t = tail(serverLog, 30);
    if (t) log(`last lines of ${serverLog}:\n${t}`);
    return 1;
  } finally {
    if (timer) clearTimeout(timer);
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
