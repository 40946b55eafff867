import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

export function registerFolding(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onFoldingRanges((params, token) =>
    runOnDocument(ctx, 'foldingRange', token, params.textDocument.uri, [], (parsed) => ctx.service.foldingRanges(parsed)),
  );
  return { foldingRangeProvider: true };
}
