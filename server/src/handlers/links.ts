import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

export function registerLinks(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onDocumentLinks((params, token) =>
    runSafe(ctx, 'documentLink', token, [], () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.documentLinks(parsed) : [];
    }, params.textDocument.uri),
  );
  return { documentLinkProvider: { resolveProvider: false } };
}
