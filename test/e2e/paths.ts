// Where the end-to-end run keeps its files. Everything lives under `.vscode-test/` (gitignored),
// which is also where @vscode/test-electron caches a downloaded desktop VS Code.
import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository root: the nearest folder above this file (or above the compiled launcher, which
 * lives under .vscode-test/) whose package.json is the extension's.
 */
function findRepo(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'twelve-factor-charms') return dir;
    } catch {
      // no package.json here
    }
    if (path.dirname(dir) === dir) throw new Error(`no twelve-factor-charms package.json above ${start}`);
  }
}

export const REPO = findRepo(__dirname);
export const E2E_SRC = path.join(REPO, 'test', 'e2e');
export const VSCODE_TEST = path.join(REPO, '.vscode-test');
/** Node 24 and code-server, installed once and reused (a CI cache can keep this folder). */
export const CACHE = path.join(VSCODE_TEST, 'e2e-cache');
/**
 * One folder per `npm run test:e2e` (`<time>-<pid>`), so runs by several people in one tree do not
 * collide: the compiled suite (`out/`) and, per run, the workspace copy, user data and logs.
 * `latest` links to the newest; folders of finished invocations beyond the newest few are removed.
 */
export const RUNS = path.join(VSCODE_TEST, 'e2e-runs');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT = path.join(REPO, 'docs', 'screenshot.png');

/** Pinned versions: code-server 4.139.x ships VS Code 1.139 and needs Node 24. */
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
