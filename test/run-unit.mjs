// Runs every test/unit/**/*.test.ts with node's test runner (Node 20 has no glob support in
// `node --test`). Extra arguments narrow the run: `npm run test:unit -- corpus`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, 'unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.ts')) files.push(full);
  }
};
walk(root);
const chosen = filters.length ? files.filter((f) => filters.some((x) => relative(root, f).includes(x))) : files;
if (chosen.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...flags, ...chosen], { stdio: 'inherit' });
process.exit(r.status ?? 1);
