import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

export function registerFolding(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onFoldingRanges((params, token) =>
    runSafe(ctx, 'foldingRange', token, [], () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.foldingRanges(parsed) : [];
    }, params.textDocument.uri),
  );
  return { foldingRangeProvider: true };
}
