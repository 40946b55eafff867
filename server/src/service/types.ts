import type { Diagnostic } from 'vscode-languageserver-types';

/** The YAML files the service understands, keyed by their role in a project. */
export type FileKind = 'rockcraft' | 'charmcraft' | 'metadata' | 'config' | 'actions' | 'paas-config';

export const FILE_NAMES: Record<FileKind, string> = {
  rockcraft: 'rockcraft.yaml',
  charmcraft: 'charmcraft.yaml',
  metadata: 'metadata.yaml',
  config: 'config.yaml',
  actions: 'actions.yaml',
  'paas-config': 'paas-config.yaml',
};

/** The `source` of every diagnostic we publish. */
export const SOURCE = '12-factor';

/**
 * Read-only access to the files around a document. The core never touches the disk itself:
 * the LSP server and the CLI pass an implementation (the server's overlays open editors).
 * Paths are absolute, with forward slashes.
 */
export interface ProjectFs {
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  /** Entry names of a directory, or undefined when it does not exist. */
  readDir(path: string): string[] | undefined;
  /** Whether a file has an execute bit; undefined when it does not exist or the file system does not say. */
  isExecutable?(path: string): boolean | undefined;
}

/** Settings that change what the service reports. */
export interface ServiceSettings {
  /** Run checks that read files other than the YAML and its sibling charm files. */
  projectChecks: boolean;
  /** Files larger than this many bytes are not analysed (an information message says so). */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: ServiceSettings = {
  projectChecks: true,
  maxFileSize: 2 * 1024 * 1024,
};

export type { Diagnostic };
