import { CodeActionKind, type ServerCapabilities } from 'vscode-languageserver/node';
import { CONVERT_BASES_KIND } from '../service';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

export function registerCodeActions(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onCodeAction((params, token) =>
    runOnDocument(ctx, 'codeAction', token, params.textDocument.uri, [], (parsed) => ctx.service.codeActions(parsed, params.range, params.context)),
  );
  return { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CONVERT_BASES_KIND], resolveProvider: false } };
}
