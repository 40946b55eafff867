import type { Diagnostic } from 'vscode-languageserver-types';
import { checkIn } from '../helpers';

/** `code@line` (1-based) for every diagnostic, for compact assertions. */
export function codes(list: Diagnostic[]): string[] {
  return list.map((d) => `${String(d.code)}@${d.range.start.line + 1}`);
}

/** Diagnostics of one file in a small project (`{ 'rockcraft.yaml': '...' }`), checked as `name`. */
export function diagnose(files: Record<string, string>, name: string): Diagnostic[] {
  const abs: Record<string, string> = {};
  for (const [n, t] of Object.entries(files)) abs[`/proj/${n}`] = t;
  return checkIn(abs, `/proj/${name}`).diagnostics;
}

/** The codes of a lone rockcraft.yaml / charmcraft.yaml. */
export function codesOf(name: 'rockcraft.yaml' | 'charmcraft.yaml', text: string): string[] {
  return codes(diagnose({ [name]: text }, name));
}

export const ROCK = 'name: hello\nversion: "0.1"\nsummary: Hello rock\ndescription: A test rock.\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n';
export const CHARM = 'name: hello-k8s\ntype: charm\nsummary: Hello charm\ndescription: A test charm.\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: charm\n';
