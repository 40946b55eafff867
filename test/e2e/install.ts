// Installs what the end-to-end run needs and caches it under .vscode-test/e2e-cache:
//  - Debian chromium (and libkrb5-dev, which code-server's kerberos addon builds against), via apt-get
//    when missing and we are root;
//  - Node 24 from npm (`node@24`), in a folder of its own;
//  - code-server from npm, installed with that Node 24 on PATH.
// A folder counts as installed only once its stamp file names the pinned version, so an interrupted
// install is redone instead of half-used.
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CACHE, CHROMIUM, CODE_SERVER_VERSION, NODE_VERSION } from './paths';

export interface Installation {
  /** Node 24 binary that runs the VS Code server. */
  node: string;
  /** code-server's VS Code server entry point (`lib/vscode/out/server-main.js`). */
  serverMain: string;
  chromium: string;
}

const STAMP = '.installed.json';

function log(message: string): void {
  console.log(`[e2e install] ${message}`);
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  const started = Date.now();
  log(`$ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function stampOk(dir: string, version: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8')) as { version?: string }).version === version;
  } catch {
    return false;
  }
}

/**
 * Runs `npm install <spec>` in an emptied folder of its own (installed in place: native addons and
 * bin links are not moved afterwards) and writes the stamp last.
 */
/**
 * The environment without the `npm_*` variables an outer `npm run`/`npm test` sets: the inner npm
 * would take them as its own config, and code-server's postinstall reads the Node version from
 * the inherited `npm_config_user_agent` (the outer npm's Node 20) and refuses to install.
 */
function withoutOuterNpm(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

function npmInstallInto(dir: string, spec: string, version: string, env: NodeJS.ProcessEnv): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }));
  run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], { cwd: dir, env });
  fs.writeFileSync(path.join(dir, STAMP), JSON.stringify({ version }));
}

function debPackageMissing(name: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status !== 0 || !r.stdout.includes('install ok installed');
}

function ensureDebianPackages(needKrb5: boolean): void {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (needKrb5 && debPackageMissing('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  if (!root || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `missing ${missing.join(', ')}: install with \`sudo apt-get install -y ${missing.join(' ')}\`` +
        (missing.includes('chromium') ? ' (or point E2E_CHROMIUM at a Chromium binary)' : ''),
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

function findNodeBinary(nodeDir: string): { bin: string; home: string } | undefined {
  const nested = path.join(nodeDir, 'node_modules', 'node', 'node_modules');
  if (!fs.existsSync(nested)) return undefined;
  for (const name of fs.readdirSync(nested)) {
    const home = path.join(nested, name);
    const bin = path.join(home, 'bin', 'node');
    if (name.startsWith('node-') && fs.existsSync(bin)) return { bin, home };
  }
  return undefined;
}

export function ensureInstalled(): Installation {
  const started = Date.now();
  const nodeDir = path.join(CACHE, `node-${NODE_VERSION}`);
  const serverDir = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
  const serverMain = path.join(serverDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
  const serverReady = stampOk(serverDir, CODE_SERVER_VERSION) && fs.existsSync(serverMain);

  ensureDebianPackages(!serverReady);

  if (!stampOk(nodeDir, NODE_VERSION) || !findNodeBinary(nodeDir)) {
    log(`installing Node ${NODE_VERSION} into ${nodeDir}`);
    npmInstallInto(nodeDir, `node@${NODE_VERSION}`, NODE_VERSION, withoutOuterNpm(process.env));
  }
  const node = findNodeBinary(nodeDir);
  if (!node) throw new Error(`no node binary under ${nodeDir}`);

  if (!serverReady) {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${serverDir} (builds native addons; a few minutes)`);
    // npm 11 has no flags for these; they must be environment variables.
    const env: NodeJS.ProcessEnv = {
      ...withoutOuterNpm(process.env),
      PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: node.home, // or node-gyp downloads headers
      npm_config_unsafe_perm: 'true', // code-server's install refuses to run as root otherwise
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    };
    npmInstallInto(serverDir, `code-server@${CODE_SERVER_VERSION}`, CODE_SERVER_VERSION, env);
  }
  if (!fs.existsSync(serverMain)) throw new Error(`code-server is incomplete: ${serverMain} is missing`);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { node: node.bin, serverMain, chromium: CHROMIUM };
}
