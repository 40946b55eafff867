import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

export function registerSelectionRanges(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onSelectionRanges((params, token) =>
    runSafe(ctx, 'selectionRange', token, [], () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.selectionRanges(parsed, params.positions) : [];
    }, params.textDocument.uri),
  );
  return { selectionRangeProvider: true };
}
