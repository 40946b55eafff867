import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

export function registerSelectionRanges(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onSelectionRanges((params, token) =>
    runOnDocument(ctx, 'selectionRange', token, params.textDocument.uri, [], (parsed) => ctx.service.selectionRanges(parsed, params.positions)),
  );
  return { selectionRangeProvider: true };
}
