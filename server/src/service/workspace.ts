import { parseFile, type ParsedFile } from './parse';
import { dirName, fileKindOf, joinPath } from './fileKind';
import { DEFAULT_SETTINGS, FILE_NAMES, type FileKind, type ProjectFs, type ServiceSettings } from './types';

/**
 * The files a document's checks may read: its sibling charm files, the rock beside a charm,
 * the app's own files. Parses are cached by path and text, so a sibling is parsed once per
 * change however many documents look at it.
 */
export class Workspace {
  private readonly cache = new Map<string, { text: string; parsed: ParsedFile }>();
  settings: ServiceSettings;

  constructor(readonly fs: ProjectFs | undefined, settings?: Partial<ServiceSettings>) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
  }

  /** Reads a file through the file system view (open editors win over the disk). */
  readText(path: string): string | undefined {
    return this.fs?.readFile(path);
  }

  exists(path: string): boolean {
    return this.fs?.exists(path) ?? false;
  }

  /** The parse of a file on disk (or in an open editor), or undefined if it does not exist. */
  parsedAt(path: string, kind?: FileKind): ParsedFile | undefined {
    const k = kind ?? fileKindOf(path);
    if (!k) return undefined;
    const text = this.readText(path);
    if (text === undefined) {
      this.cache.delete(path);
      return undefined;
    }
    const hit = this.cache.get(path);
    if (hit && hit.text === text) return hit.parsed;
    const parsed = parseFile(text, { uri: path, path, kind: k, maxFileSize: this.settings.maxFileSize });
    this.cache.set(path, { text, parsed });
    return parsed;
  }

  /** A charm file beside `file` (metadata.yaml next to charmcraft.yaml, and so on). */
  sibling(file: ParsedFile, kind: FileKind): ParsedFile | undefined {
    return this.parsedAt(joinPath(dirName(file.path), FILE_NAMES[kind]), kind);
  }

  forget(path: string): void {
    this.cache.delete(path);
  }

  clear(): void {
    this.cache.clear();
  }
}
