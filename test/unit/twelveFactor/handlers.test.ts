import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ExpandExtensionsRequest, ProjectInfoRequest } from '../../../common/protocol';
import { registerExpand } from '../../../server/src/handlers/expand';
import { registerProjectInfo } from '../../../server/src/handlers/projectInfo';
import type { ServerContext } from '../../../server/src/server';
import { LanguageService } from '../../../server/src/service';
import { MemoryFs } from '../helpers';
import { loadProject } from './fixtures';

type Handler = (params: unknown, token: undefined) => Promise<unknown>;

/** A ServerContext whose connection records request handlers and whose editor holds `open`. */
function fakeServer(files: Record<string, string>, open: Record<string, string> = {}): { request: (method: string, params: unknown) => Promise<unknown>; logs: string[] } {
  const handlers = new Map<string, Handler>();
  const logs: string[] = [];
  const docs = new Map(Object.entries(open).map(([uri, text]) => [uri, TextDocument.create(uri, 'yaml', 3, text)]));
  const ctx = {
    connection: { onRequest: (method: string, h: Handler) => handlers.set(method, h) },
    documents: { get: (uri: string) => docs.get(uri), all: () => [...docs.values()] },
    service: new LanguageService({ fs: MemoryFs.of(files) }),
    schedule: () => undefined,
    scheduleAll: () => undefined,
    log: (m: string) => logs.push(m),
  } as unknown as ServerContext;
  assert.deepEqual(registerExpand(ctx), {});
  assert.deepEqual(registerProjectInfo(ctx), {});
  return {
    request: (method, params) => {
      const h = handlers.get(method);
      assert.ok(h, `no handler for ${method}`);
      return h(params, undefined);
    },
    logs,
  };
}

void test('expandExtensions answers from the open editor, else from the disk', async () => {
  const files = loadProject('go');
  const uri = 'file:///projects/go/rockcraft.yaml';
  const fromDisk = (await fakeServer(files).request(ExpandExtensionsRequest.method, { uri })) as ExpandExtensionsRequest.Result;
  assert.match(fromDisk.yaml ?? '', /\n {2}go-framework\/install-app:\n/);
  const edited = files['/projects/go/rockcraft.yaml'].replace('  - go-framework', '  - expressjs-framework');
  const fromEditor = (await fakeServer(files, { [uri]: edited }).request(ExpandExtensionsRequest.method, { uri })) as ExpandExtensionsRequest.Result;
  assert.match(fromEditor.yaml ?? '', /expressjs-framework\/install-app/);
  const none = (await fakeServer(files).request(ExpandExtensionsRequest.method, { uri: 'file:///projects/go/main.go' })) as ExpandExtensionsRequest.Result;
  assert.deepEqual(none, { message: 'Only rockcraft.yaml and charmcraft.yaml have extensions to expand.' });
});

void test('projectInfo answers for a folder URI', async () => {
  const result = (await fakeServer(loadProject('django')).request(ProjectInfoRequest.method, { uri: 'file:///projects/django' })) as ProjectInfoRequest.Result;
  assert.equal(result.rock?.name, 'django-hello');
  assert.equal(result.charm?.resourceName, 'django-app-image');
  assert.deepEqual(result.rock?.platforms, ['amd64']);
});
