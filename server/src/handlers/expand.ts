import type { ServerCapabilities } from 'vscode-languageserver/node';
import { ExpandExtensionsRequest } from '../../../common/protocol';
import type { ServerContext } from '../server';
import type { ParsedFile } from '../service/parse';
import { parsedFor, pathOf, runSafe } from './util';

/** The parse of a document: the open editor's text, else the file on disk. */
function parsedForUri(ctx: ServerContext, uri: string): ParsedFile | undefined {
  return parsedFor(ctx, uri) ?? ctx.service.workspace.parsedAt(pathOf(uri));
}

/** `twelveFactor/expandExtensions`: the file with its extensions applied, as YAML text. */
export function registerExpand(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onRequest(ExpandExtensionsRequest.method, (params: ExpandExtensionsRequest.Params, token) =>
    runSafe<ExpandExtensionsRequest.Result>(ctx, 'expandExtensions', token,
      { message: 'The extensions could not be expanded (internal error; see the language server log).' },
      () => {
        const parsed = parsedForUri(ctx, params.uri);
        if (!parsed) return { message: 'Only rockcraft.yaml and charmcraft.yaml have extensions to expand.' };
        return ctx.service.expandExtensions(parsed);
      }));
  return {};
}
