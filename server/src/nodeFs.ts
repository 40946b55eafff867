import * as fs from 'fs';
import type { ProjectFs } from './service/types';

/** The real file system, optionally overlaid by the text of documents open in the editor. */
export class NodeFs implements ProjectFs {
  constructor(private readonly overlay: (path: string) => string | undefined = () => undefined) {}

  readFile(path: string): string | undefined {
    const open = this.overlay(path);
    if (open !== undefined) return open;
    try {
      const st = fs.statSync(path);
      if (!st.isFile()) return undefined;
      // Project files we read are small; refuse to pull a huge file into memory.
      if (st.size > 8 * 1024 * 1024) return undefined;
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  exists(path: string): boolean {
    if (this.overlay(path) !== undefined) return true;
    try {
      fs.statSync(path);
      return true;
    } catch {
      return false;
    }
  }

  isDirectory(path: string): boolean {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  }

  isExecutable(path: string): boolean | undefined {
    // Windows has no execute bits: the mode says nothing about what a Linux build will see.
    if (process.platform === 'win32') return undefined;
    try {
      const st = fs.statSync(path);
      return st.isFile() ? (st.mode & 0o111) !== 0 : undefined;
    } catch {
      return undefined;
    }
  }

  readDir(path: string): string[] | undefined {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  }
}
