import { FRAMEWORK_IDS, frameworkFacts } from '../twelveFactor/frameworks';

/**
 * Facts the rock and charm rules share, from the domain reference (rockcraft.md, charmcraft.md).
 * Kept as data so a version bump of the tools is a one-line change.
 */

/** Debian architecture names the craft tools accept (rockcraft.md §3). */
export const ARCHITECTURES: readonly string[] = ['amd64', 'arm64', 'armhf', 'i386', 'ppc64el', 'riscv64', 's390x'];

/** Charmcraft's own architecture list has no i386 (charmcraft.md §4.2). */
export const CHARM_ARCHITECTURES: readonly string[] = ['amd64', 'arm64', 'armhf', 'ppc64el', 'riscv64', 's390x'];

export function isArch(name: string): boolean {
  return ARCHITECTURES.includes(name);
}

/**
 * Bases on which user part names may contain `/` (craft-application's legacy list). Any other
 * effective base (26.04, 26.10, devel, the deprecated `ubuntu:` spellings) rejects them.
 */
export const SLASH_PART_NAME_BASES: readonly string[] = [
  'ubuntu@16.04', 'ubuntu@18.04', 'ubuntu@20.04', 'ubuntu@22.04', 'ubuntu@24.04', 'ubuntu@24.10', 'ubuntu@25.04',
  'ubuntu@25.10', 'centos@7', 'almalinux@9',
];

/** A `stage-packages` entry that is a Chisel slice (`<package>_<slice>`): Debian package names never contain `_`. */
export function isSlice(name: string): boolean {
  return name.includes('_');
}

/** Build bases on which Rockcraft uses its own venv-based python/poetry/uv plugins (rockcraft.md §5). */
export const ROCK_PYTHON_V1_BUILD_BASES: readonly string[] = ['ubuntu@20.04', 'ubuntu@22.04', 'ubuntu@24.04'];

/**
 * End-of-life dates of Ubuntu releases a project file may name. Rockcraft refuses to pack on an
 * EOL base unless `--ignore=unmaintained` is given, and warns in the 90 days before.
 */
export const UBUNTU_EOL: Readonly<Record<string, string>> = {
  'ubuntu@18.04': '2023-05-31',
  'ubuntu@20.04': '2025-05-29',
  'ubuntu@22.04': '2027-06-01',
  'ubuntu@24.04': '2029-05-31',
  'ubuntu@24.10': '2025-07-10',
  'ubuntu@25.04': '2026-01-15',
  'ubuntu@25.10': '2026-07-09',
};

/** Charmcraft bases that are Ubuntu development series and so need a `build-base`. */
export const CHARM_DEVEL_BASES: readonly string[] = ['ubuntu@25.04', 'ubuntu@25.10', 'ubuntu@26.10'];

/** Legacy `bases:` entries Charmcraft still accepts (`name@channel`). */
export const CHARM_LEGACY_BASES: readonly string[] = ['ubuntu@18.04', 'ubuntu@20.04', 'ubuntu@22.04', 'centos@7', 'almalinux@9'];

/** Plugins Charmcraft registers (its own plus craft-parts' default group minus colcon and ruby). */
export const CHARM_PLUGINS: readonly string[] = [
  'charm', 'reactive', 'python', 'poetry', 'uv', 'nil', 'dump', 'ant', 'autotools', 'bazel', 'cargo-use', 'cmake', 'dotnet',
  'go', 'go-use', 'gradle', 'gradle-use', 'jlink', 'make', 'maven', 'maven-use', 'meson', 'npm', 'npm-use', 'qmake', 'rust',
  'scons',
];

/** Plugins whose parts need no `source` (the `charm` plugin defaults it to `.`). */
export const SOURCELESS_PLUGINS: readonly string[] = ['nil', 'jlink'];

/** Part keys that drive the overlay step (Rockcraft only, and never with `base: bare`). */
export const OVERLAY_KEYS: readonly string[] = ['overlay-packages', 'overlay-script', 'override-overlay', 'overlay'];

/**
 * What each 12-factor extension generates, as far as these rules need it, taken from the
 * 12-factor tables (twelveFactor/frameworks.ts): rock parts all start with `<extension>/`, rock
 * services are merged with the user's, and the charm side injects a container and its OCI
 * resource (V1 names; V2 on 26.04 uses `app`/`app-image`).
 */
export interface FrameworkFacts {
  rockServices: readonly string[];
  /** Flask, Django, FastAPI and Go emit `run_user`; the others `run-user` (rockcraft.md §8). */
  emitsRunUserUnderscore: boolean;
  charmContainer: string;
  charmResource: string;
}

export const FRAMEWORKS: Readonly<Record<string, FrameworkFacts>> = Object.fromEntries(
  FRAMEWORK_IDS.map((id) => {
    const f = frameworkFacts(id);
    const facts: FrameworkFacts = {
      rockServices: f.rock.services,
      emitsRunUserUnderscore: f.rock.runUserKey === 'run_user',
      charmContainer: f.charm.container,
      charmResource: f.charm.resource,
    };
    return [f.extension, facts];
  }),
);

/**
 * A compact list of common SPDX license identifiers. Rockcraft looks them up
 * case-insensitively; the list is partial on purpose, so an id missing here is only a warning.
 */
export const SPDX_IDS: readonly string[] = [
  '0BSD', 'AFL-3.0', 'AGPL-3.0', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'Apache-1.1', 'Apache-2.0', 'APSL-2.0', 'Artistic-2.0',
  'Beerware', 'BlueOak-1.0.0', 'BSD-1-Clause', 'BSD-2-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause', 'BSD-3-Clause-Clear',
  'BSD-4-Clause', 'BSL-1.0', 'BUSL-1.1', 'CC-BY-3.0', 'CC-BY-4.0', 'CC-BY-SA-3.0', 'CC-BY-SA-4.0', 'CC-BY-NC-4.0', 'CC0-1.0',
  'CDDL-1.0', 'CDDL-1.1', 'CECILL-2.1', 'CPL-1.0', 'ECL-2.0', 'EPL-1.0', 'EPL-2.0', 'EUPL-1.1', 'EUPL-1.2', 'FSFAP',
  'GFDL-1.3', 'GFDL-1.3-only', 'GFDL-1.3-or-later', 'GPL-1.0', 'GPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-2.0+',
  'GPL-3.0', 'GPL-3.0-only', 'GPL-3.0-or-later', 'GPL-3.0+', 'ICU', 'ISC', 'LGPL-2.0', 'LGPL-2.0-only', 'LGPL-2.0-or-later',
  'LGPL-2.1', 'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-2.1+', 'LGPL-3.0', 'LGPL-3.0-only', 'LGPL-3.0-or-later', 'LGPL-3.0+',
  'LPPL-1.3c', 'MIT', 'MIT-0', 'MPL-1.1', 'MPL-2.0', 'MPL-2.0-no-copyleft-exception', 'MS-PL', 'MS-RL', 'MulanPSL-2.0',
  'NCSA', 'ODbL-1.0', 'OFL-1.1', 'OpenSSL', 'OSL-3.0', 'PHP-3.01', 'PostgreSQL', 'PSF-2.0', 'Python-2.0', 'Ruby',
  'SSPL-1.0', 'Unicode-DFS-2016', 'Unlicense', 'UPL-1.0', 'Vim', 'W3C', 'WTFPL', 'X11', 'Zlib', 'ZPL-2.1',
];
