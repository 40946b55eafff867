/** A temporary project plus a CraftContext wired to the fake CLIs, for the client tests. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PackLocks, type CraftContext, type OutputSink, type OutputTool } from '../../../client/src/core/craft';
import { ProcessRunner } from '../../../client/src/core/process';
import type { ToolPaths } from '../../../client/src/core/tools';

export const FAKE_DIR = path.resolve(__dirname, '../../fake-cli');

export const FAKE_TOOLS: ToolPaths = {
  rockcraft: path.join(FAKE_DIR, 'rockcraft'),
  charmcraft: path.join(FAKE_DIR, 'charmcraft'),
  skopeo: path.join(FAKE_DIR, 'rockcraft.skopeo'),
  juju: path.join(FAKE_DIR, 'juju'),
};

export interface LoggedRun {
  tool: string;
  argv: string[];
  cwd: string;
}

export class FakeEnv {
  readonly tmp: string;
  readonly logFile: string;
  readonly stateFile: string;
  readonly outputs = new Map<OutputTool, string[]>();
  readonly runner = new ProcessRunner();
  readonly locks = new PackLocks();
  extraEnv: Record<string, string> = {};

  constructor(prefix = 'tf-client-') {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.logFile = path.join(this.tmp, 'argv.jsonl');
    this.stateFile = path.join(this.tmp, 'juju-state.json');
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      FAKE_CLI_LOG: this.logFile,
      FAKE_JUJU_STATE: this.stateFile,
      FAKE_CLI_LOG_DIR: path.join(this.tmp, 'logs'),
      FAKE_CLI_ARCH: 'amd64',
      ...this.extraEnv,
    };
  }

  ctx(tools: Partial<ToolPaths> = {}): CraftContext {
    return {
      runner: this.runner,
      tools: { ...FAKE_TOOLS, ...tools },
      env: this.env,
      locks: this.locks,
      output: (tool: OutputTool): OutputSink => ({
        append: (line: string) => {
          const list = this.outputs.get(tool) ?? [];
          list.push(line);
          this.outputs.set(tool, list);
        },
      }),
    };
  }

  output(tool: OutputTool): string {
    return (this.outputs.get(tool) ?? []).join('\n');
  }

  runs(): LoggedRun[] {
    if (!fs.existsSync(this.logFile)) return [];
    return fs
      .readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LoggedRun);
  }

  dir(...parts: string[]): string {
    const d = path.join(this.tmp, ...parts);
    fs.mkdirSync(d, { recursive: true });
    return d;
  }

  write(rel: string, text: string): string {
    const f = path.join(this.tmp, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    return f;
  }

  cleanup(): void {
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

export const FLASK_ROCK = `name: hello-app
base: bare
build-base: ubuntu@24.04
version: "0.1"
summary: A Flask app
description: A Flask app.
platforms:
  amd64:
extensions:
  - flask-framework
`;

export const FLASK_CHARM = `name: hello-app
type: charm
base: ubuntu@24.04
platforms:
  amd64:
summary: A charm.
description: A charm.
extensions:
  - flask-framework
config:
  options:
    greeting:
      type: string
      default: Hello
      description: The greeting.
`;

/** Writes a Flask project (rock + charm/) under `sub` of the env and returns its root. */
export function flaskProject(env: FakeEnv, sub = 'proj'): string {
  const root = env.dir(sub);
  fs.writeFileSync(path.join(root, 'rockcraft.yaml'), FLASK_ROCK);
  fs.writeFileSync(path.join(root, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
  fs.writeFileSync(path.join(root, 'requirements.txt'), 'flask\n');
  fs.mkdirSync(path.join(root, 'charm', 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'charm', 'charmcraft.yaml'), FLASK_CHARM);
  fs.writeFileSync(path.join(root, 'charm', 'src', 'charm.py'), '# charm\n');
  return root;
}
