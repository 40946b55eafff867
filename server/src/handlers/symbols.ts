import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

export function registerSymbols(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onDocumentSymbol((params, token) =>
    runSafe(ctx, 'documentSymbol', token, [], () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.documentSymbols(parsed) : [];
    }, params.textDocument.uri),
  );
  return { documentSymbolProvider: true };
}
