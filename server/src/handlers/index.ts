import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';

/**
 * Wires every LSP feature to the language service and returns the capabilities to announce.
 * Each feature has its own module in this folder; this file only lists them.
 */
export function registerHandlers(_ctx: ServerContext): { capabilities: ServerCapabilities } {
  const capabilities: ServerCapabilities = {};
  return { capabilities };
}
