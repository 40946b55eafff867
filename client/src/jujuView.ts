/**
 * The Juju view: applications and units of the current model with workload/agent status and
 * addresses from `juju status --format json`, refreshed on demand and after each action.
 */
import * as vscode from 'vscode';
import { queryStatus } from './core/craft';
import { settledState, type AppView, type JujuError, type JujuStatus, type RelationView, type UnitView } from './core/juju';
import { craftContext, type Services } from './services';

export type JujuNode =
  | { kind: 'app'; app: AppView }
  | { kind: 'unit'; app: AppView; unit: UnitView }
  | { kind: 'relations'; app: AppView }
  | { kind: 'relation'; app: AppView; rel: RelationView }
  | { kind: 'info'; label: string; detail?: string; icon?: string; command?: vscode.Command };

/** A flat description of the tree, for tests. */
export interface TreeLine {
  depth: number;
  label: string;
  description?: string;
  contextValue?: string;
}

const ICONS: Record<string, [string, string | undefined]> = {
  active: ['pass', 'testing.iconPassed'],
  blocked: ['warning', 'list.warningForeground'],
  error: ['error', 'list.errorForeground'],
  waiting: ['clock', undefined],
  maintenance: ['tools', undefined],
  unknown: ['question', undefined],
};

function statusIcon(current: string | undefined): vscode.ThemeIcon {
  const [id, color] = ICONS[current ?? 'unknown'] ?? ICONS.unknown;
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export class JujuTreeProvider implements vscode.TreeDataProvider<JujuNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JujuNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private status: JujuStatus | undefined;
  private error: JujuError | string | undefined;
  private loaded = false;
  private inflight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly onStatus = new vscode.EventEmitter<JujuStatus | undefined>();
  readonly onDidChangeStatus = this.onStatus.event;

  constructor(private readonly s: Services) {}

  get current(): JujuStatus | undefined {
    return this.status;
  }

  /** Reloads; a call during a load queues one more load, so the result is never older than the call. */
  refresh(): Promise<void> {
    if (this.inflight) {
      this.queued ??= this.inflight.then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    this.inflight = this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.loaded = true;
    if (!vscode.workspace.isTrusted) {
      this.status = undefined;
      this.error = 'Trust this workspace to query Juju.';
    } else {
      try {
        const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
        const r = await queryStatus(craftContext(this.s), cwd, this.s.settings.model(), undefined, false);
        this.status = r.ok ? r.status : undefined;
        this.error = r.ok ? undefined : r.error;
      } catch (e) {
        this.status = undefined;
        this.error = e instanceof Error ? e.message : String(e);
      }
    }
    this.onStatus.fire(this.status);
    this.changed.fire(undefined);
  }

  getTreeItem(n: JujuNode): vscode.TreeItem {
    switch (n.kind) {
      case 'app': {
        const item = new vscode.TreeItem(n.app.name, vscode.TreeItemCollapsibleState.Expanded);
        const st = n.app.status.current ?? 'unknown';
        item.description = [st, n.app.status.message, n.app.address].filter(Boolean).join(' · ');
        item.iconPath = statusIcon(n.app.statusError ? 'error' : settledState(n.app) === 'active' ? 'active' : st);
        item.contextValue = 'jujuApp';
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${n.app.name}**\n\n`);
        md.appendMarkdown(`- Charm: ${n.app.charmName ?? n.app.charm ?? '?'} (rev ${n.app.charmRev ?? '?'}, ${n.app.charmOrigin ?? '?'}${n.app.charmChannel ? `, ${n.app.charmChannel}` : ''})\n`);
        md.appendMarkdown(`- Status: ${st}${n.app.status.message ? ` — ${n.app.status.message}` : ''}\n`);
        if (n.app.address) md.appendMarkdown(`- Address: ${n.app.address}\n`);
        if (n.app.scale !== undefined) md.appendMarkdown(`- Scale: ${n.app.scale}\n`);
        item.tooltip = md;
        return item;
      }
      case 'unit': {
        const u = n.unit;
        const item = new vscode.TreeItem(`${u.name}${u.leader ? '*' : ''}`, vscode.TreeItemCollapsibleState.None);
        item.description = [`${u.workload.current ?? '?'}/${u.agent.current ?? '?'}`, u.address, u.workload.message].filter(Boolean).join(' · ');
        item.iconPath = statusIcon(u.workload.current);
        item.contextValue = 'jujuUnit';
        item.tooltip = `${u.name}${u.leader ? ' (leader)' : ''}\nWorkload: ${u.workload.current ?? '?'}${u.workload.message ? ` — ${u.workload.message}` : ''}\nAgent: ${u.agent.current ?? '?'}${u.address ? `\nAddress: ${u.address}` : ''}${u.ports.length ? `\nPorts: ${u.ports.join(', ')}` : ''}`;
        return item;
      }
      case 'relations': {
        const item = new vscode.TreeItem('Integrations', vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('plug');
        item.description = String(n.app.relations.filter((r) => r.relatedApp !== n.app.name).length);
        item.contextValue = 'jujuRelations';
        return item;
      }
      case 'relation': {
        const item = new vscode.TreeItem(`${n.rel.endpoint} → ${n.rel.relatedApp}`, vscode.TreeItemCollapsibleState.None);
        item.description = n.rel.interface;
        item.iconPath = new vscode.ThemeIcon('link');
        item.contextValue = 'jujuRelation';
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(n.label, vscode.TreeItemCollapsibleState.None);
        item.description = n.detail;
        item.tooltip = n.detail ? `${n.label}\n${n.detail}` : n.label;
        item.iconPath = new vscode.ThemeIcon(n.icon ?? 'info');
        item.command = n.command;
        item.contextValue = 'jujuInfo';
        return item;
      }
    }
  }

  getChildren(n?: JujuNode): JujuNode[] {
    if (!n) {
      // Empty in Restricted Mode so the view's welcome text (with the trust link) shows.
      if (!vscode.workspace.isTrusted) return [];
      if (!this.loaded) {
        void this.refresh();
        return [{ kind: 'info', label: 'Loading juju status…', icon: 'loading~spin' }];
      }
      if (this.error) {
        const e = typeof this.error === 'string' ? { message: this.error, hint: undefined } : this.error;
        return [
          { kind: 'info', label: e.message, detail: e.hint, icon: 'error' },
          { kind: 'info', label: 'Refresh', icon: 'refresh', command: { title: 'Refresh', command: 'twelveFactor.refreshJuju' } },
        ];
      }
      if (!this.status?.apps.length) {
        return [{ kind: 'info', label: `No applications in model ${this.status?.model.name ?? ''}`.trim(), icon: 'info', detail: 'Deploy to add one', command: { title: 'Deploy', command: 'twelveFactor.deploy' } }];
      }
      return this.status.apps.map((app) => ({ kind: 'app', app }));
    }
    if (n.kind === 'app') {
      const units: JujuNode[] = n.app.units.map((unit) => ({ kind: 'unit', app: n.app, unit }));
      if (n.app.relations.some((r) => r.relatedApp !== n.app.name)) units.push({ kind: 'relations', app: n.app });
      return units;
    }
    if (n.kind === 'relations') return n.app.relations.filter((r) => r.relatedApp !== n.app.name).map((rel) => ({ kind: 'relation', app: n.app, rel }));
    return [];
  }

  /** The whole tree as lines (expanding everything), for the test API. */
  lines(): TreeLine[] {
    const out: TreeLine[] = [];
    const walk = (nodes: JujuNode[], depth: number): void => {
      for (const node of nodes) {
        const item = this.getTreeItem(node);
        out.push({ depth, label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), description: typeof item.description === 'string' ? item.description : undefined, contextValue: item.contextValue });
        walk(this.getChildren(node), depth + 1);
      }
    };
    if (this.loaded) walk(this.getChildren(), 0);
    return out;
  }

  dispose(): void {
    this.changed.dispose();
    this.onStatus.dispose();
  }
}
