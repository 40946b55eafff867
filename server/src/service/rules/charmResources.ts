import { isMap, isSeq } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { deref, scalarString } from '../ast';
import type { ParsedFile } from '../parse';
import { closest } from '../suggest';
import { FRAMEWORKS } from './commonFacts';
import { charmMetadataFiles, charmNames, child, childString, frameworksOf, keyR, topEntries, valueR, type Entry, type FileEntry } from './commonHelpers';
import type { Rule } from './types';
import { problem, Severity } from './util';

/**
 * Juju's rules tying containers, resources and storage together (charmcraft.md §6): a
 * container's `resource` is a declared `oci-image`, mounts name declared storage, `file`
 * resources have a plain `filename`, `location` is only for filesystem storage, and so on.
 * Names are looked up across charmcraft.yaml and a metadata.yaml beside it.
 */
export const charmResources: Rule = {
  id: 'charm-resources',
  kinds: ['charmcraft', 'metadata'],
  check({ file, workspace }) {
    const out: Diagnostic[] = [];
    const files = charmMetadataFiles(file, workspace);
    const resources = charmNames(files, 'resources');
    const storage = charmNames(files, 'storage');
    // Resources a 12-factor extension injects (always oci-image).
    const injected = new Set(files.flatMap((f) => frameworksOf(f)).flatMap((f) => [FRAMEWORKS[f].charmResource, 'app-image']));

    for (const c of topEntries(file, 'containers')) checkContainer(file, c, resources, injected, storage, out);
    for (const r of topEntries(file, 'resources')) checkResource(file, r, out);
    for (const s of topEntries(file, 'storage')) checkStorage(file, s, out);
    for (const d of topEntries(file, 'devices')) {
      const min = Number(childString(file, d.map, 'countmin'));
      const max = Number(childString(file, d.map, 'countmax'));
      const maxPair = child(file, d.map, 'countmax');
      if (maxPair && Number.isFinite(min) && Number.isFinite(max) && min > max) {
        out.push(problem(valueR(file, maxPair.pair), 'device-count-range', `Device \`${d.name}\` asks for at least ${min} but at most ${max}: \`countmax\` must not be below \`countmin\`.`));
      }
    }
    return out;
  },
};

function checkContainer(file: ParsedFile, c: Entry, resources: Map<string, FileEntry>, injected: Set<string>, storage: Map<string, FileEntry>, out: Diagnostic[]): void {
  if (!c.map) return;
  const res = child(file, c.map, 'resource');
  const resName = scalarString(res?.value);
  if (res && resName !== undefined) {
    const decl = resources.get(resName);
    if (!decl && !injected.has(resName)) {
      const guess = closest(resName, [...resources.keys()]);
      out.push(problem(valueR(file, res.pair), 'unknown-resource',
        `referenced resource "${resName}" not found: container \`${c.name}\` needs an \`oci-image\` resource of that name under \`resources\`.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
        Severity.Error, guess ? { replacement: guess } : undefined));
    } else if (decl) {
      const type = childString(decl.file, decl.map, 'type') ?? 'file';
      if (type !== 'oci-image') {
        out.push(problem(valueR(file, res.pair), 'resource-not-oci-image',
          `referenced resource "${resName}" is not a oci-image: a container's image must be a resource with \`type: oci-image\`${childString(decl.file, decl.map, 'type') ? '' : ' (resources without `type` are files)'}.`));
      }
    }
  }
  for (const key of ['uid', 'gid']) {
    const id = child(file, c.map, key);
    const n = Number(scalarString(id?.value));
    if (id && Number.isInteger(n) && n >= 1000 && n <= 9999) {
      out.push(problem(valueR(file, id.pair), 'reserved-uid', `container "${c.name}" has invalid ${key} ${n}: ${key} cannot be in reserved range 1000-9999. Pick a value outside it.`));
    }
  }
  const mounts = child(file, c.map, 'mounts');
  if (!mounts || !isSeq(mounts.value)) return;
  for (const item of mounts.value.items) {
    const m = deref(item, file.docs[0]);
    if (!isMap(m)) continue;
    const st = child(file, m, 'storage');
    const stName = scalarString(st?.value);
    if (st && stName !== undefined && !storage.has(stName)) {
      const guess = closest(stName, [...storage.keys()]);
      out.push(problem(valueR(file, st.pair), 'unknown-storage', `storage "${stName}" not valid: declare it under \`storage\`${guess ? `, or did you mean \`${guess}\`?` : '.'}`,
        Severity.Error, guess ? { replacement: guess } : undefined));
    }
  }
}

function checkResource(file: ParsedFile, r: Entry, out: Diagnostic[]): void {
  if (!r.map) return;
  const type = childString(file, r.map, 'type') ?? 'file';
  const filename = child(file, r.map, 'filename');
  if (type === 'file' && !filename) {
    out.push(problem(keyR(file, r.pair), 'resource-missing-filename', `resource missing filename: file resource \`${r.name}\` needs \`filename\` (the name the charm sees it under).`, Severity.Error, { missing: ['filename'] }));
  }
}

function checkStorage(file: ParsedFile, s: Entry, out: Diagnostic[]): void {
  if (!s.map) return;
  const type = childString(file, s.map, 'type');
  const location = child(file, s.map, 'location');
  if (type === 'block' && location) {
    out.push(problem(keyR(file, location.pair), 'storage-location-block', 'location may not be specified for "type: block": only filesystem storage is mounted at a location. Remove `location`.'));
  }
}
