import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

export function registerHover(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onHover((params, token) =>
    runOnDocument(ctx, 'hover', token, params.textDocument.uri, null, (parsed) => ctx.service.hover(parsed, params.position) ?? null),
  );
  return { hoverProvider: true };
}
