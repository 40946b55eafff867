/**
 * Fake `rockcraft.skopeo` (rockcraft.md §12): `[--insecure-policy] copy [--dest-tls-verify=false]
 * oci-archive:<file> docker://<ref>`. Records pushed references in the fake Juju state so a
 * deployed unit can "pull" them. Failures: FAKE_SKOPEO_FAIL = refused | https.
 * Without --dest-tls-verify=false a localhost registry fails as plain HTTP does for real.
 */
import * as fs from 'fs';
import * as path from 'path';
import { untar } from './archive';
import { err, maybeHang, out, progress, recordArgv } from './common';
import { loadState, saveState } from './state';

export async function main(argv: string[]): Promise<number> {
  recordArgv('rockcraft.skopeo', argv);
  if (argv.includes('--version')) {
    out('skopeo version 1.13.3');
    return 0;
  }
  const global = argv.slice(0, argv.indexOf('copy') >= 0 ? argv.indexOf('copy') : argv.length);
  const ci = argv.indexOf('copy');
  if (ci < 0) {
    err('Error: unknown command; try `skopeo copy`');
    return 125;
  }
  const rest = argv.slice(ci + 1);
  const flags = [...global, ...rest.filter((a) => a.startsWith('--'))];
  const [src, dst] = rest.filter((a) => !a.startsWith('--'));
  if (!src || !dst) {
    err('Error: Exactly two arguments expected');
    return 125;
  }
  if (!flags.includes('--insecure-policy')) {
    err('FATA[0000] Error loading trust policy: open /etc/containers/policy.json: no such file or directory');
    return 1;
  }
  if (!src.startsWith('oci-archive:') || !dst.startsWith('docker://')) {
    err(`FATA[0000] Invalid source or destination name ${src} ${dst}`);
    return 1;
  }
  const file = path.resolve(src.slice('oci-archive:'.length));
  const ref = dst.slice('docker://'.length);
  if (!fs.existsSync(file)) {
    err(`FATA[0000] initializing source oci-archive:${file}: loading index: open ${file}: no such file or directory`);
    return 1;
  }
  const rock = untar(fs.readFileSync(file));
  if (!rock['oci-layout']) {
    err(`FATA[0000] initializing source oci-archive:${file}: not an OCI archive`);
    return 1;
  }
  const host = ref.split('/')[0];
  const fail = process.env.FAKE_SKOPEO_FAIL;
  if (fail === 'refused') {
    err(`FATA[0000] trying to reuse blob at destination: pinging container registry ${host}: Get "https://${host}/v2/": dial tcp 127.0.0.1:32000: connect: connection refused`);
    return 1;
  }
  if (fail === 'https' || (/^(localhost|127\.)/.test(host) && !flags.includes('--dest-tls-verify=false'))) {
    err(`FATA[0000] trying to reuse blob at destination: pinging container registry ${host}: Get "https://${host}/v2/": http: server gave HTTP response to HTTPS client`);
    return 1;
  }
  await progress('Getting image source signatures');
  await maybeHang();
  await progress('Copying blob sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef done');
  await progress('Copying config sha256:a3c9b5e1f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c done');
  await progress('Writing manifest to image destination');
  const s = loadState();
  if (!s.images.includes(ref)) s.images.push(ref);
  saveState(s);
  return 0;
}
