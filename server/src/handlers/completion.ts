import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

export function registerCompletion(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onCompletion((params, token) =>
    runSafe(ctx, 'completion', token, null, () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.complete(parsed, params.position) : null;
    }, params.textDocument.uri),
  );
  // Space and colon open value suggestions right after `key:` and `- `.
  return { completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false } };
}
