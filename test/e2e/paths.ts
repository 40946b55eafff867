// Where the end-to-end run keeps its files. Everything lives under `.vscode-test/` (gitignored),
// which is also where @vscode/test-electron caches a downloaded desktop VS Code.
import * as path from 'path';

export const REPO = path.resolve(__dirname, '../..');
export const E2E_SRC = path.join(REPO, 'test', 'e2e');
export const VSCODE_TEST = path.join(REPO, '.vscode-test');
/** Node 24 and code-server, installed once and reused (a CI cache can keep this folder). */
export const CACHE = path.join(VSCODE_TEST, 'e2e-cache');
/** The compiled suite. */
export const OUT = path.join(VSCODE_TEST, 'out');
/** Per-run scratch: workspace copies, user data, logs. Deleted at the start of each run. */
export const RUNS = path.join(VSCODE_TEST, 'e2e-runs');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT = path.join(REPO, 'docs', 'screenshot.png');

/** Pinned versions: code-server 4.139.x ships VS Code 1.139 and needs Node 24. */
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
