import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

export function registerHover(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onHover((params, token) =>
    runSafe(ctx, 'hover', token, null, () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return (parsed && ctx.service.hover(parsed, params.position)) ?? null;
    }, params.textDocument.uri),
  );
  return { hoverProvider: true };
}
