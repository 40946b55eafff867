// The VSIX holds exactly what the extension needs at run time: the three bundles, the schemas, the
// manifest, README, CHANGELOG, license and icon — no sources, tests, source maps or node_modules —
// and stays under 1 MB. The test packages the current dist/ (built by `npm test` before the unit
// tests; `npm run package` builds minified bundles, so the shipped file is smaller still) into a
// temporary file with the same vsce options as the `package` script.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const REPO = path.resolve(__dirname, '../..');
const MAX_BYTES = 1024 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Lists a zip file's entries from its central directory (no zip64: a VSIX this small never needs it). */
function zipEntries(zip: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  // The end-of-central-directory record is the last 22 bytes plus an optional comment of up to 64 KiB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), CENTRAL, `bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localHeaderOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed content of one entry (stored or deflated). */
function readEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localHeaderOffset;
  assert.equal(zip.readUInt32LE(local), 0x04034b50, `bad local header for ${entry.name}`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  assert.equal(entry.method, 8, `unsupported compression method ${entry.method} for ${entry.name}`);
  return inflateRawSync(data);
}

let packaged: Buffer | undefined;

/** Packages once per test run. */
function packageVsix(): Buffer {
  packaged ??= runVsce();
  return packaged;
}

function runVsce(): Buffer {
  for (const bundle of ['extension.js', 'server.js', 'cli.js']) {
    assert.ok(fs.existsSync(path.join(REPO, 'dist', bundle)), `dist/${bundle} is missing: run \`npm run build\` first`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-vsix-'));
  try {
    const out = path.join(dir, 'test.vsix');
    const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void test('the VSIX holds the bundles, schemas, README, CHANGELOG, license and icon, and nothing else', () => {
  const zip = packageVsix();
  const names = zipEntries(zip).map((e) => e.name).sort();

  const allowed = [
    /^\[Content_Types\]\.xml$/,
    /^extension\.vsixmanifest$/,
    /^extension\/package\.json$/,
    /^extension\/readme\.md$/,
    /^extension\/changelog\.md$/,
    /^extension\/LICENSE\.txt$/,
    /^extension\/dist\/(extension|server|cli)\.js$/,
    /^extension\/schemas\/[\w.-]+\.json$/,
    /^extension\/media\/[\w./-]+\.(png|svg|md|gif|jpg)$/,
  ];
  const unexpected = names.filter((n) => !allowed.some((re) => re.test(n)));
  assert.deepEqual(unexpected, [], 'unexpected files in the VSIX');

  const required = [
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/cli.js',
    'extension/schemas/rockcraft.schema.json',
    'extension/schemas/charmcraft.schema.json',
    'extension/media/icon.png',
  ];
  assert.deepEqual(required.filter((n) => !names.includes(n)), [], 'files missing from the VSIX');

  // Every schema in the repository ships (the server reads them from the bundle, other tools from the files).
  const schemas = fs.readdirSync(path.join(REPO, 'schemas')).filter((f) => f.endsWith('.json'));
  assert.deepEqual(
    schemas.filter((f) => !names.includes(`extension/schemas/${f}`)),
    [],
    'schemas missing from the VSIX',
  );

  assert.ok(zip.length < MAX_BYTES, `the VSIX is ${zip.length} bytes, over ${MAX_BYTES}`);
});

void test('the packaged manifest points at shipped files', () => {
  const zip = packageVsix();
  const entries = zipEntries(zip);
  const manifestEntry = entries.find((e) => e.name === 'extension/package.json');
  assert.ok(manifestEntry);
  const manifest = JSON.parse(readEntry(zip, manifestEntry).toString('utf8')) as { main?: string; icon?: string; license?: string };
  const names = new Set(entries.map((e) => e.name));
  assert.ok(manifest.main && names.has(`extension/${path.posix.normalize(manifest.main)}`), `main ${manifest.main} is not in the VSIX`);
  assert.ok(manifest.icon && names.has(`extension/${path.posix.normalize(manifest.icon)}`), `icon ${manifest.icon} is not in the VSIX`);
  assert.equal(manifest.license, 'Apache-2.0');
});
