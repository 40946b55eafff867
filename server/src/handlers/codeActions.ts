import { CodeActionKind, type ServerCapabilities } from 'vscode-languageserver/node';
import { CONVERT_BASES_KIND } from '../service';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

export function registerCodeActions(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onCodeAction((params, token) =>
    runSafe(ctx, 'codeAction', token, [], () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.codeActions(parsed, params.range, params.context) : [];
    }, params.textDocument.uri),
  );
  return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CONVERT_BASES_KIND], resolveProvider: false } };
}
