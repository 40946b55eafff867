/**
 * Init profiles and the name rules Rockcraft, Charmcraft and Juju apply, checked before any
 * program runs so the user gets the tools' own wording without waiting for a failure.
 */

export const PROFILES = ['flask', 'django', 'fastapi', 'go', 'expressjs', 'spring-boot', 'simple'] as const;
export type Profile = (typeof PROFILES)[number];
export type Framework = Exclude<Profile, 'simple'>;

export const PROFILE_LABELS: Record<Profile, string> = {
  flask: 'Flask',
  django: 'Django',
  fastapi: 'FastAPI',
  go: 'Go',
  expressjs: 'Express',
  'spring-boot': 'Spring Boot',
  simple: 'Simple (no framework)',
};

export function isProfile(s: unknown): s is Profile {
  return typeof s === 'string' && (PROFILES as readonly string[]).includes(s);
}

/** `rockcraft init --profile`: the framework profiles are `<fw>-framework`. */
export function rockcraftProfile(p: Profile): string {
  return p === 'simple' ? 'simple' : `${p}-framework`;
}

/** `charmcraft init --profile`: Charmcraft 4 has no `simple`; `kubernetes` is its default. */
export function charmcraftProfile(p: Profile): string {
  return p === 'simple' ? 'kubernetes' : `${p}-framework`;
}

/**
 * The craft name rule (rockcraft.md §2, charmcraft.md §3): 1–40 characters, lower-case
 * letters, digits and hyphens, at least one letter, no leading/trailing hyphen, no `--`.
 * Written out instead of the upstream regex, whose nested quantifiers backtrack badly.
 */
export function craftNameProblem(name: string): string | undefined {
  if (!name) return 'Enter a name.';
  if (name.length > 40) return `The name is ${name.length} characters long; at most 40 are allowed.`;
  if (!/^[a-z0-9-]+$/.test(name) || !/[a-z]/.test(name) || name.startsWith('-') || name.endsWith('-') || name.includes('--')) {
    return 'Names can only use ASCII lowercase letters, numbers, and hyphens. They must have at least one letter, may not start or end with a hyphen, and may not have two hyphens in a row.';
  }
  return undefined;
}

/** `charmcraft init --name` is stricter: `[a-z][a-z0-9-]*[a-z0-9]$`. */
export const CHARM_INIT_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/** The problem with a name given to Init (both tools get the same name), or undefined. */
export function initNameProblem(name: string): string | undefined {
  const craft = craftNameProblem(name);
  if (craft) return craft;
  if (!CHARM_INIT_NAME.test(name)) {
    return `${name} is not a valid charm name. The name must start with a lowercase letter and contain only alphanumeric characters and hyphens.`;
  }
  return undefined;
}

/** A valid name derived from a folder name (`My App_2` → `my-app-2`), or `my-app`. */
export function suggestName(folderName: string): string {
  let s = folderName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  if (initNameProblem(s)) s = 'my-app';
  return s;
}

/**
 * Juju application names (`names.IsValidApplication`): lower-case segments separated by
 * single hyphens, starting with a letter, no segment made of digits only.
 */
export function appNameProblem(name: string): string | undefined {
  if (!name) return 'Enter an application name.';
  if (name.length > 63) return 'Application names have at most 63 characters.';
  const segments = name.split('-');
  if (!/^[a-z]/.test(name) || segments.some((s) => !/^[a-z0-9]+$/.test(s) || !/[a-z]/.test(s))) {
    return `"${name}" is not a valid application name: use lower-case letters, digits and single hyphens, starting with a letter; no part between hyphens may be only digits.`;
  }
  return undefined;
}

/** `app` or `app:endpoint` as `juju integrate` takes it. */
export function endpointRefProblem(ref: string): string | undefined {
  const [app, endpoint, ...rest] = ref.split(':');
  const p = appNameProblem(app ?? '');
  if (p) return p;
  if (rest.length || (endpoint !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(endpoint))) return `"${ref}" is not a valid endpoint reference (app or app:endpoint).`;
  return undefined;
}

/** Charm config option names as the charm declares them; also stops `--flag` injection. */
export function configKeyProblem(key: string): string | undefined {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(key) ? undefined : `"${key}" is not a valid option name.`;
}

/** The framework of a rockcraft.yaml/charmcraft.yaml `extensions:` list. */
export function frameworkOf(extensions: readonly unknown[] | undefined): Framework | undefined {
  for (const e of extensions ?? []) {
    const m = typeof e === 'string' ? /^(flask|django|fastapi|go|expressjs|spring-boot)-framework$/.exec(e) : null;
    if (m) return m[1] as Framework;
  }
  return undefined;
}

/**
 * The OCI resource the 12-factor charm extension declares (juju-deploy.md §7). On
 * `ubuntu@26.04` (extension V2) every framework uses `app-image`.
 */
export function resourceNameFor(framework: Framework, base?: string): string {
  if (base === 'ubuntu@26.04') return 'app-image';
  if (framework === 'flask') return 'flask-app-image';
  if (framework === 'django') return 'django-app-image';
  return 'app-image';
}
