/**
 * The four programs the extension drives, how their paths are chosen, and what to tell a user
 * who has not installed them. No `vscode` import: the settings layer passes plain values in.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type ToolId = 'rockcraft' | 'charmcraft' | 'skopeo' | 'juju';
export const TOOL_IDS: readonly ToolId[] = ['rockcraft', 'charmcraft', 'skopeo', 'juju'];

/** Command names looked up on PATH when the matching `twelveFactor.paths.*` setting is empty. */
export const DEFAULT_COMMANDS: Record<ToolId, string> = {
  rockcraft: 'rockcraft',
  charmcraft: 'charmcraft',
  skopeo: 'rockcraft.skopeo',
  juju: 'juju',
};

export const DISPLAY_NAMES: Record<ToolId, string> = {
  rockcraft: 'Rockcraft',
  charmcraft: 'Charmcraft',
  skopeo: 'rockcraft.skopeo',
  juju: 'Juju',
};

/** skopeo is not installed on its own: the rockcraft snap ships it as `rockcraft.skopeo`. */
export const INSTALL_COMMANDS: Record<ToolId, string> = {
  rockcraft: 'sudo snap install rockcraft --classic',
  charmcraft: 'sudo snap install charmcraft --classic',
  skopeo: 'sudo snap install rockcraft --classic',
  juju: 'sudo snap install juju',
};

export type ToolPaths = Record<ToolId, string>;

/** The shape of `WorkspaceConfiguration.inspect()` that matters here. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The effective value of a setting. In an untrusted workspace only the user's own (global)
 * value counts: a cloned repository must not be able to point `paths.juju` at its own script.
 */
export function resolveSetting<T>(inspected: InspectedSetting<T> | undefined, trusted: boolean): T | undefined {
  if (!inspected) return undefined;
  if (trusted) return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue ?? inspected.defaultValue;
  return inspected.globalValue ?? inspected.defaultValue;
}

/** A tool path from a setting value: blank means the default command name. */
export function toolCommand(tool: ToolId, configured: string | undefined): string {
  const v = configured?.trim();
  return v ? expandHome(v) : DEFAULT_COMMANDS[tool];
}

function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return p;
}

/**
 * Finds a bare command on PATH (plus /snap/bin, which a desktop session started before the
 * snaps were installed may lack). Paths with a separator are returned unchanged; a command
 * that cannot be found is returned unchanged too, so spawn reports ENOENT and we explain it.
 */
export function resolveExecutable(command: string, env: NodeJS.ProcessEnv = process.env): string {
  if (command.includes('/') || command.includes('\\')) return command;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  if (process.platform !== 'win32' && !dirs.includes('/snap/bin')) dirs.push('/snap/bin');
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      try {
        const st = fs.statSync(candidate);
        if (st.isFile()) {
          if (process.platform !== 'win32') fs.accessSync(candidate, fs.constants.X_OK);
          return candidate;
        }
      } catch {
        // not here; keep looking
      }
    }
  }
  return command;
}

/** Raised when spawning a tool fails with ENOENT: the message carries the install command. */
export class ToolNotFoundError extends Error {
  constructor(
    readonly tool: ToolId,
    readonly command: string,
  ) {
    super(
      `${DISPLAY_NAMES[tool]} was not found ('${command}'). Install it with \`${INSTALL_COMMANDS[tool]}\`` +
        (tool === 'skopeo' ? ' (skopeo comes with rockcraft)' : '') +
        ` or set twelveFactor.paths.${tool}.`,
    );
    this.name = 'ToolNotFoundError';
  }
}
