import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

export function registerCompletion(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onCompletion((params, token) =>
    runOnDocument(ctx, 'completion', token, params.textDocument.uri, null, (parsed) => ctx.service.complete(parsed, params.position)),
  );
  // Space and colon open value suggestions right after `key:` and `- `.
  return { completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false } };
}
