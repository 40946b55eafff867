import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { runOnDocument } from './util';

/** Go to definition, find references and rename of part, service, check, resource and storage names (across a charm's split files). */
export function registerNavigation(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onDefinition((params, token) =>
    runOnDocument(ctx, 'definition', token, params.textDocument.uri, [], (parsed) => ctx.service.definition(parsed, params.position)),
  );
  ctx.connection.onReferences((params, token) =>
    runOnDocument(ctx, 'references', token, params.textDocument.uri, [], (parsed) => ctx.service.references(parsed, params.position, params.context.includeDeclaration)),
  );
  ctx.connection.onPrepareRename((params, token) =>
    runOnDocument(ctx, 'prepareRename', token, params.textDocument.uri, null, (parsed) => ctx.service.prepareRename(parsed, params.position)),
  );
  ctx.connection.onRenameRequest((params, token) =>
    runOnDocument(ctx, 'rename', token, params.textDocument.uri, null, (parsed) => ctx.service.rename(parsed, params.position, params.newName)),
  );
  return { definitionProvider: true, referencesProvider: true, renameProvider: { prepareProvider: true } };
}
