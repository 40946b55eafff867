import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

export function registerSymbols(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onDocumentSymbol((params, token) =>
    runOnDocument(ctx, 'documentSymbol', token, params.textDocument.uri, [], (parsed) => ctx.service.documentSymbols(parsed)),
  );
  return { documentSymbolProvider: true };
}
