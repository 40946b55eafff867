import type { ServerCapabilities } from 'vscode-languageserver/node';
import { ProjectInfoRequest } from '../../../common/protocol';
import type { ServerContext } from '../server';
import { pathOf, runSafe } from './util';

/** `twelveFactor/projectInfo`: rock and charm facts for pack and deploy, read through open editors. */
export function registerProjectInfo(ctx: ServerContext): ServerCapabilities {
  ctx.connection.onRequest(ProjectInfoRequest.method, (params: ProjectInfoRequest.Params, token) =>
    runSafe<ProjectInfoRequest.Result>(ctx, 'projectInfo', token, {}, () => ctx.service.projectInfo(pathOf(params.uri))));
  return {};
}
