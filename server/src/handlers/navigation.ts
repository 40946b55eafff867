import type { ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerContext } from '../server';
import { parsedFor, runSafe } from './util';

/** Go to definition, find references and rename of part, service, check, resource and storage names (across a charm's split files). */
export function registerNavigation(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onDefinition((params, token) =>
    runSafe(ctx, 'definition', token, [], () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.definition(parsed, params.position) : [];
    }, params.textDocument.uri),
  );
  ctx.connection.onReferences((params, token) =>
    runSafe(ctx, 'references', token, [], () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.references(parsed, params.position, params.context.includeDeclaration) : [];
    }, params.textDocument.uri),
  );
  ctx.connection.onPrepareRename((params, token) =>
    runSafe(ctx, 'prepareRename', token, null, () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.prepareRename(parsed, params.position) : null;
    }, params.textDocument.uri),
  );
  ctx.connection.onRenameRequest((params, token) =>
    runSafe(ctx, 'rename', token, null, () => {
      const parsed = parsedFor(ctx, params.textDocument.uri);
      return parsed ? ctx.service.rename(parsed, params.position, params.newName) : null;
    }, params.textDocument.uri),
  );
  return { definitionProvider: true, referencesProvider: true, renameProvider: { prepareProvider: true } };
}
