import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

export function registerLinks(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onDocumentLinks((params, token) =>
    runOnDocument(ctx, 'documentLink', token, params.textDocument.uri, [], (parsed) => ctx.service.documentLinks(parsed)),
  );
  return { documentLinkProvider: { resolveProvider: false } };
}
