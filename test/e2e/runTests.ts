// Entry point of `npm run test:e2e`. Installs what is missing (cached), compiles the suite with
// esbuild into .vscode-test/e2e-runs/<invocation>/out, and runs it in a real VS Code through @vscode/test-electron's
// runTests — here with our launcher as the "VS Code executable" (code-server's VS Code server +
// headless Chromium), or with a downloaded desktop VS Code when E2E_VSCODE=desktop.
//
// Runs:
//   trusted    the fixture workspaces, workspace trust disabled (all features and commands)
//   untrusted  the same workspaces in restricted mode (commands must refuse); launcher only
//
// Environment: E2E_SCREENSHOT=1 refreshes docs/screenshot.png; E2E_RUNS=trusted limits the runs;
// E2E_GREP=<text> runs only matching tests; E2E_VSCODE=desktop (optionally with
// E2E_VSCODE_EXECUTABLE=/path/to/code) runs against desktop VS Code. `--install-only` just
// installs (for a CI cache step).
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { ensureInstalled } from './install';
import { CACHE, E2E_SRC, REPO, RUNS, SCREENSHOT } from './paths';
import { RUN_MARKER_VAR, endAll } from './processes';

interface Run {
  name: 'trusted' | 'untrusted';
  /** Keep workspace trust on (restricted mode). Needs our launcher: runTests always disables trust. */
  trust: boolean;
}

const RUN_LIST: Run[] = [
  { name: 'trusted', trust: false },
  { name: 'untrusted', trust: true },
];

const desktop = process.env.E2E_VSCODE === 'desktop';

/** The marker of the run in progress, so an interrupt can end its processes. */
let currentMarker: string | undefined;
let interrupted = false;

/**
 * Ctrl+C (SIGINT to the whole terminal group), or SIGTERM/SIGHUP to this process alone: end the
 * current run's processes (the launcher cleans up after itself on SIGTERM) and stop, instead of
 * going on with the next run. Our listener also keeps runTests from exiting on its own.
 */
function stopOnSignals(): void {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (interrupted) return;
      interrupted = true;
      log(`${sig}: stopping`);
      void (currentMarker ? endAll(currentMarker, undefined, 5000) : Promise.resolve()).finally(() => process.exit(130));
    });
  }
}

/** This invocation's folder (see paths.ts) and its compiled suite. */
const INVOCATION = path.join(RUNS, `${Date.now()}-${process.pid}`);
const OUT = path.join(INVOCATION, 'out');
const KEEP_INVOCATIONS = 3;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes the folders of earlier invocations whose process has ended, except the newest few. */
function pruneInvocations(): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(RUNS).filter((n) => /^\d+-\d+$/.test(n));
  } catch {
    return;
  }
  names.sort((a, b) => Number(b.split('-')[0]) - Number(a.split('-')[0]));
  for (const name of names.slice(KEEP_INVOCATIONS)) {
    if (!pidAlive(Number(name.split('-')[1]))) fs.rmSync(path.join(RUNS, name), { recursive: true, force: true });
  }
}

/** Points RUNS/latest at this invocation. */
function linkLatest(): void {
  const link = path.join(RUNS, 'latest');
  const tmp = `${link}.${process.pid}`;
  try {
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(path.basename(INVOCATION), tmp);
    fs.renameSync(tmp, link);
  } catch {
    // a convenience only
  }
}

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Compiles the launcher and the suite. Test files are compiled one by one so mocha can load each. */
async function compile(): Promise<void> {
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
    // Mocha's parallel mode (unused here) resolves worker files at run time.
    logOverride: { 'import-is-undefined': 'error', 'require-resolve-not-external': 'silent' },
  };
  const suiteDir = path.join(E2E_SRC, 'suite');
  const entries: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.test.ts') || name === 'index.ts') entries.push(full);
    }
  };
  walk(suiteDir);
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(E2E_SRC, 'launcher.ts')], outfile: path.join(OUT, 'launcher.js'), packages: 'external' }),
    // Mocha is bundled into the index files (it is an ES module package); test files use its globals.
    esbuild.build({ ...common, entryPoints: entries, outbase: suiteDir, outdir: path.join(OUT, 'suite'), external: ['vscode'] }),
  ]);
}

/** The "VS Code executable" runTests spawns: a shell shim that runs the compiled launcher with this Node. */
function writeLauncherShim(): string {
  const shim = path.join(OUT, 'code');
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(shim, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(path.join(OUT, 'launcher.js'))} "$@"\n`, { mode: 0o755 });
  return shim;
}

/**
 * For the restricted-mode run: workspace settings that point every tool at a program of the
 * workspace. Restricted mode must ignore them (the program would leave EVIL_RAN behind).
 */
function writeUntrustedWorkspaceSettings(workspace: string): void {
  const evil = path.join(workspace, 'evil-tool');
  fs.writeFileSync(evil, `#!/bin/sh\ntouch '${path.join(workspace, 'EVIL_RAN')}'\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const settings = Object.fromEntries(['rockcraft', 'charmcraft', 'skopeo', 'juju'].map((t) => [`twelveFactor.paths.${t}`, evil]));
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Prints what is appended to `file` while the run goes on; the returned function prints the rest and stops. */
function follow(file: string): () => void {
  let offset = 0;
  const pump = (): void => {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size < offset) offset = 0; // rewritten
      if (size > offset) {
        const buf = Buffer.alloc(size - offset);
        fs.readSync(fd, buf, 0, buf.length, offset);
        offset = size;
        process.stdout.write(buf);
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
  };
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

async function runOne(run: Run, vscodeExecutablePath: string | undefined, screenshotDir: string | undefined): Promise<boolean> {
  const runDir = path.join(INVOCATION, run.name);
  const workspace = path.join(runDir, 'workspace');
  copyDir(path.join(E2E_SRC, 'workspaces'), workspace);
  const userData = path.join(runDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const fakeCli = path.join(REPO, 'test', 'fake-cli');
  // User settings, not workspace settings: restricted mode ignores workspace values of tool paths.
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.startupPrompt': 'never',
    'twelveFactor.trace.server': 'messages', // the LSP traffic lands in the run's logs, for failures
    'twelveFactor.paths.rockcraft': path.join(fakeCli, 'rockcraft'),
    'twelveFactor.paths.charmcraft': path.join(fakeCli, 'charmcraft'),
    'twelveFactor.paths.skopeo': path.join(fakeCli, 'rockcraft.skopeo'),
    'twelveFactor.paths.juju': path.join(fakeCli, 'juju'),
  };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  if (run.trust) writeUntrustedWorkspaceSettings(workspace);

  const marker = `${process.pid}-${run.name}-${Date.now()}`;
  currentMarker = marker;
  const env: Record<string, string> = {
    [RUN_MARKER_VAR]: marker,
    E2E_RUN_DIR: runDir,
    E2E_RUN_NAME: run.name,
    E2E_WORKSPACE: workspace,
    E2E_FAKE_CLI_DIR: fakeCli,
    FAKE_CLI_LOG: path.join(runDir, 'fake-cli.log'),
    FAKE_CLI_LOG_DIR: path.join(runDir, 'craft-logs'),
    FAKE_CLI_ARCH: 'amd64', // the fixtures build for amd64, whatever this machine is
    FAKE_JUJU_STATE: path.join(runDir, 'juju-state.json'),
  };
  if (screenshotDir) env.E2E_SCREENSHOT_DIR = screenshotDir;

  const started = Date.now();
  log(`run ${run.name}: workspace ${workspace}`);
  // Desktop VS Code prints the extension host's console itself; the launcher leaves it to us.
  const stopFollowing = desktop ? (): void => undefined : follow(path.join(runDir, 'mocha.log'));
  try {
    await runTests({
      vscodeExecutablePath,
      version: process.env.E2E_VSCODE_VERSION, // desktop only; the download is skipped with a local executable
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(OUT, 'suite', run.name, 'index.js'),
      launchArgs: [
        workspace,
        `--user-data-dir=${userData}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
        ...(run.trust ? ['--e2e-enable-workspace-trust'] : []),
      ],
      extensionTestsEnv: env,
    });
    log(`run ${run.name}: passed in ${seconds(started)}`);
    return true;
  } catch (e) {
    log(`run ${run.name}: FAILED in ${seconds(started)}: ${e instanceof Error ? e.message : String(e)}`);
    log(`  artifacts: ${runDir} (mocha.log, results.json, server.log, workbench-console.log, failure.png)`);
    return false;
  } finally {
    stopFollowing();
    // Whatever the launcher left behind (it should leave nothing).
    await endAll(marker);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  stopOnSignals();
  if (process.argv.includes('--install-only')) {
    ensureInstalled();
    return 0;
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) {
    log('dist/extension.js is missing: run `npm run build` first (npm run test:e2e does it in pretest:e2e)');
    return 1;
  }
  let vscodeExecutablePath: string | undefined;
  if (desktop) {
    vscodeExecutablePath = process.env.E2E_VSCODE_EXECUTABLE; // undefined: runTests downloads VS Code
  } else {
    ensureInstalled();
  }
  fs.mkdirSync(INVOCATION, { recursive: true });
  pruneInvocations();
  linkLatest();
  const compileStart = Date.now();
  await compile();
  if (!desktop) vscodeExecutablePath = writeLauncherShim();
  log(`compiled the suite in ${seconds(compileStart)}`);

  const wanted = process.env.E2E_RUNS?.split(',').map((s) => s.trim());
  const runs = RUN_LIST.filter((r) => !wanted || wanted.includes(r.name)).filter((r) => {
    if (desktop && r.trust) {
      log(`run ${r.name}: skipped against desktop VS Code (runTests always passes --disable-workspace-trust)`);
      return false;
    }
    return true;
  });
  const screenshotDir = process.env.E2E_SCREENSHOT === '1' && !desktop ? path.join(INVOCATION, 'screenshots') : undefined;

  let ok = true;
  for (const run of runs) {
    if (interrupted) break;
    ok = (await runOne(run, vscodeExecutablePath, screenshotDir)) && ok;
  }

  if (screenshotDir) {
    const shot = path.join(screenshotDir, 'workbench.png');
    if (fs.existsSync(shot)) {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      fs.copyFileSync(shot, SCREENSHOT);
      log(`updated ${path.relative(REPO, SCREENSHOT)} (${Math.round(fs.statSync(SCREENSHOT).size / 1024)} KiB)`);
    } else {
      log('E2E_SCREENSHOT=1 but the suite took no screenshot');
      ok = false;
    }
  }
  log(`${ok ? 'passed' : 'FAILED'} in ${seconds(started)} (cache: ${path.relative(REPO, CACHE)})`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
