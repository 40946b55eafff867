/**
 * Reading what `rockcraft pack` / `charmcraft pack` print: the artifacts (`Packed ...`), the
 * log file, the lines worth showing on failure, and the problems that name a YAML field.
 */

/**
 * Files named by a pack success line: `Packed a.rock`, `Packed: a.rock, b.rock`
 * (craft-application) or Charmcraft 2.x's `Created 'a.charm'.`.
 */
export function parsePackedLine(line: string): string[] | undefined {
  const t = line.trim();
  let m = /^Packed:\s+(.+)$/.exec(t);
  if (m) return m[1].split(/,\s+/).map((s) => s.trim()).filter(Boolean);
  m = /^Packed\s+(.+)$/.exec(t);
  if (m) return [m[1].trim()];
  m = /^Created '(.+\.charm)'\.?$/.exec(t);
  if (m) return [m[1]];
  return undefined;
}

/** All artifacts named in the output; the last success line wins when several appear. */
export function parsePackedFiles(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const files = parsePackedLine(l);
    if (files) for (const f of files) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** `Full execution log: '<path>'` (craft-cli prints it last on failure). */
export function fullLogPath(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /Full execution log:\s*'([^']+)'/.exec(lines[i]) ?? /Full execution log:\s*"?(\S+?)"?\s*$/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

const NOISE = /^(Full execution log:|Recommended resolution:|For more information, check out:|Starting |Launching |Pulling |Building |Staging |Priming |Packing |Executing |Creating |Created new layer|Adding |Exporting |Exported |Checking |Initialising |Initializing |Retrieving |Generating |Installing |Updating |Getting image source|Copying )/;

/**
 * The lines that explain a failure: a `Bad <file> content:` block when there is one, else
 * `ERROR`/`error` lines, else the last non-progress lines. At most `max` lines.
 */
export function errorLines(lines: readonly string[], max = 12): string[] {
  const trimmed = lines.map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const bad = trimmed.findIndex((l) => /^Bad \S+ content:$/.test(l.trim()));
  if (bad >= 0) {
    const block = [trimmed[bad]];
    for (let i = bad + 1; i < trimmed.length && /^\s*- /.test(trimmed[i]); i++) block.push(trimmed[i]);
    return block.slice(0, max);
  }
  const errors = trimmed.filter((l) => /^(ERROR|Error|error)\b/.test(l.trim()) || /^craft-providers error/.test(l));
  if (errors.length) {
    // Keep the lines that follow the first error: they often carry the resolution.
    const first = trimmed.indexOf(errors[0]);
    return trimmed.slice(first).filter((l) => !/^Full execution log:/.test(l)).slice(0, max);
  }
  const tail = trimmed.filter((l) => !NOISE.test(l.trim()) || /^Recommended resolution:/.test(l.trim()));
  return tail.slice(-Math.min(max, 6));
}

export type ProjectFileName = 'rockcraft.yaml' | 'charmcraft.yaml';

export interface FieldProblem {
  file: ProjectFileName;
  /** Dotted path as the tool prints it (`parts.foo.plugin`); empty for the whole file. */
  field: string;
  message: string;
}

/**
 * Problems that point at a field of the project file. Handles pydantic's
 * `- <msg> (in field '<path>', input: ...)`, `- field '<k>' required in '<path>' configuration`,
 * `- field '<k>' required in top-level configuration`, and extension errors about the base.
 */
export function fieldProblems(lines: readonly string[], defaultFile: ProjectFileName): FieldProblem[] {
  const out: FieldProblem[] = [];
  let file = defaultFile;
  for (const raw of lines) {
    const line = raw.trim();
    const header = /^Bad (rockcraft\.yaml|charmcraft\.yaml) content:$/.exec(line);
    if (header) {
      file = header[1] as ProjectFileName;
      continue;
    }
    let m = /^- (.*?) \(in field '([^']*)'(?:, input: .*)?\)$/.exec(line);
    if (m) {
      out.push({ file, field: m[2], message: m[1] });
      continue;
    }
    m = /^- field '([^']+)' required in '([^']+)' configuration$/.exec(line);
    if (m) {
      out.push({ file, field: m[2], message: `field '${m[1]}' required in '${m[2]}' configuration` });
      continue;
    }
    m = /^- field '([^']+)' required in top-level configuration$/.exec(line);
    if (m) {
      out.push({ file, field: '', message: `field '${m[1]}' required in top-level configuration` });
      continue;
    }
    if (/^Extension '[^']+' does not support base/.test(line) || /^Extension '[^']+' is experimental on base/.test(line)) {
      out.push({ file, field: 'base', message: line });
      continue;
    }
    if (/^Extension is experimental: '[^']+'/.test(line) || /^Extension '[^']+' does not exist/.test(line)) {
      out.push({ file, field: 'extensions', message: line });
      continue;
    }
    if (/^Cannot pack rock\. (Build base|Base) '[^']+' has reached end-of-life\./.test(line)) {
      out.push({ file, field: /Build base/.test(line) ? 'build-base' : 'base', message: line });
    }
  }
  return out;
}

/** How many `<name>` (artifact) lines a pack printed: `No packages created.` means zero. */
export function reportedNoPackages(lines: readonly string[]): boolean {
  return lines.some((l) => l.trim() === 'No packages created.');
}
