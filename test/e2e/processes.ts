// Finding and ending every process a run started. The VS Code server is started in a process group
// of its own, but the extension host may start children in further groups (a CLI run that is
// cancelled as a group), and a child whose parent died is re-parented away from the tree. So every
// process we start carries E2E_RUN_MARKER=<id> in its environment, which its descendants inherit,
// and cleanup ends each process whose environment holds the marker.
import * as fs from 'fs';

export const RUN_MARKER_VAR = 'TWELVE_FACTOR_E2E_RUN';

/** Pids (other than this process) whose environment has RUN_MARKER_VAR=<marker>. Linux only. */
export function markedProcesses(marker: string): number[] {
  const needle = Buffer.from(`${RUN_MARKER_VAR}=${marker}\0`);
  const found: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${name}/environ`);
      if (environ.includes(needle)) found.push(pid);
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** State and process group from /proc/<pid>/stat, or undefined when the process is gone. */
function stat(pid: number): { state: string; pgrp: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' are plain.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** Running (not zombie) pids in process group `pgrp`. */
function groupMembers(pgrp: number): number[] {
  const members: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return members;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (s && s.pgrp === pgrp && s.state !== 'Z') members.push(Number(name));
  }
  return members;
}

function alive(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends the process group led by `groupLeader` (when given) and every marked process: SIGTERM first,
 * SIGKILL for what is still there after `graceMs`.
 */
export async function endAll(marker: string, groupLeader?: number, graceMs = 3000): Promise<void> {
  if (groupLeader) signal(-groupLeader, 'SIGTERM');
  for (const pid of markedProcesses(marker)) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = markedProcesses(marker).filter(alive);
    const groupLeft = groupLeader !== undefined && groupMembers(groupLeader).length > 0;
    if (left.length === 0 && !groupLeft) return;
    if (Date.now() > deadline) {
      if (groupLeader) signal(-groupLeader, 'SIGKILL');
      for (const pid of left) signal(pid, 'SIGKILL');
      return;
    }
    await sleep(100);
  }
}

/** Synchronous last resort for `process.on('exit')`: SIGKILL everything that is left. */
export function killAllSync(marker: string, groupLeader?: number): void {
  if (groupLeader) signal(-groupLeader, 'SIGKILL');
  for (const pid of markedProcesses(marker)) signal(pid, 'SIGKILL');
}
