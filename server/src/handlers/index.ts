import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { registerCodeActions } from './codeActions';
import { registerCompletion } from './completion';
import { registerFolding } from './folding';
import { registerHover } from './hover';
import { registerLinks } from './links';
import { registerNavigation } from './navigation';
import { registerSelectionRanges } from './selectionRanges';
import { registerSymbols } from './symbols';
import { registerExpand } from './expand';
import { registerProjectInfo } from './projectInfo';

/**
 * Wires every LSP feature to the language service and returns the capabilities to announce.
 * Each feature has its own module in this folder; this file only lists them.
 */
export function registerHandlers(ctx: ServerContext): { capabilities: ServerCapabilities } {
  const features = [
    registerCompletion, registerHover, registerSymbols, registerFolding, registerSelectionRanges,
    registerNavigation, registerCodeActions, registerLinks,
    registerExpand, registerProjectInfo,
  ];
  const capabilities: ServerCapabilities = {};
  for (const register of features) Object.assign(capabilities, register(ctx));
  return { capabilities };
}
