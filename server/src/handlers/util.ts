import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { RenameError, type ParsedFile } from '../service';
import type { ServerContext } from '../server';

/** Path of a document URI with forward slashes; non-file URIs stay as they are. */
export function pathOf(uri: string): string {
  try {
    const u = URI.parse(uri);
    if (u.scheme === 'file') return u.fsPath.split('\\').join('/');
  } catch {
    // not a URI: use it as it is
  }
  return uri;
}

/** The parse of an open document the service handles, or undefined. */
export function parsedFor(ctx: ServerContext, uri: string): ParsedFile | undefined {
  const doc = ctx.documents.get(uri);
  if (!doc) return undefined;
  return ctx.service.parse({ uri, path: pathOf(uri), text: doc.getText(), version: doc.version });
}

/**
 * Runs a request on the next turn of the event loop (so a cancellation sent right after the
 * request is seen), answers `RequestCancelled` when the client gave up and `ContentModified`
 * when the document changed in between (the answer would point into a text the client no
 * longer has), turns a RenameError into an error the user sees, and any other failure into a
 * log line plus `fallback`.
 */
export function runSafe<T>(ctx: ServerContext, name: string, token: CancellationToken | undefined, fallback: T, work: () => T, uri?: string): Promise<T | ResponseError<void>> {
  const version = uri === undefined ? undefined : ctx.documents.get(uri)?.version;
  return new Promise((resolve) => {
    setImmediate(() => {
      if (token?.isCancellationRequested) {
        resolve(new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`));
        return;
      }
      if (uri !== undefined && ctx.documents.get(uri)?.version !== version) {
        resolve(new ResponseError(LSPErrorCodes.ContentModified, `${name}: the document changed`));
        return;
      }
      try {
        const result = work();
        resolve(token?.isCancellationRequested ? new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`) : result);
      } catch (e) {
        if (e instanceof RenameError) {
          resolve(new ResponseError(LSPErrorCodes.RequestFailed, e.message));
          return;
        }
        ctx.log(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        resolve(fallback);
      }
    });
  });
}

/**
 * runSafe for a request about one open document: `work` gets its parse; `fallback` answers for a
 * document the service does not handle. The answer is dropped if the document changes first.
 */
export function runOnDocument<T>(
  ctx: ServerContext, name: string, token: CancellationToken | undefined, uri: string, fallback: T, work: (parsed: ParsedFile) => T,
): Promise<T | ResponseError<void>> {
  return runSafe(ctx, name, token, fallback, () => {
    const parsed = parsedFor(ctx, uri);
    return parsed ? work(parsed) : fallback;
  }, uri);
}
