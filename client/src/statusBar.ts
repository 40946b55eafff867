/**
 * The deploy status item (model · state; click = Deploy; last result in the tooltip), shown
 * only in a 12-factor project, and a language status item for the project YAML files.
 */
import * as vscode from 'vscode';
import type { DeploySnapshot, DeployState } from './core/deploy';
import { DOCUMENT_PATTERN, type LanguageClientHost, type ServerState } from './languageClient';
import type { ProjectIndex } from './projects';

const ICON: Record<DeployState, string> = {
  idle: '$(rocket)',
  checking: '$(sync~spin)',
  packing: '$(package)',
  pushing: '$(cloud-upload)',
  deploying: '$(sync~spin)',
  waiting: '$(loading~spin)',
  active: '$(pass)',
  blocked: '$(warning)',
  error: '$(error)',
};

export function statusText(snap: DeploySnapshot, model: string | undefined): string {
  const m = snap.model ?? model ?? 'no model';
  return `${ICON[snap.state]} ${m} · ${snap.state}`;
}

export class DeployStatusItem implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('twelveFactor.deployStatus', vscode.StatusBarAlignment.Left, 50);
  private snap: DeploySnapshot = { state: 'idle' };

  constructor(
    private readonly projects: ProjectIndex,
    private readonly model: () => string | undefined,
  ) {
    this.item.name = '12-Factor Deploy';
    this.item.command = 'twelveFactor.deploy';
    projects.onDidChange(() => this.render());
    this.render();
  }

  update(snap: DeploySnapshot): void {
    this.snap = snap;
    this.render();
  }

  render(): void {
    const s = this.snap;
    this.item.text = statusText(s, this.model());
    this.item.backgroundColor = s.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : s.state === 'blocked' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**12-Factor deploy** — model \`${s.model ?? this.model() ?? 'current'}\`, ${s.state}${s.step ? `: ${s.step}` : ''}\n\n`);
    const last = s.last;
    if (last) {
      const when = new Date(last.finishedAt).toLocaleTimeString();
      md.appendMarkdown(`Last deploy (${when}): ${last.app ? `\`${last.app}\` ` : ''}${last.action ? `${last.action} → ` : ''}**${last.state}**`);
      if (last.message) md.appendMarkdown(` — ${last.message.replace(/[\\`*_[\]]/g, '\\$&')}`);
      if (last.image) md.appendMarkdown(`\n\nImage: \`${last.image}\``);
      if (last.appStatus?.address) md.appendMarkdown(`\n\nAddress: ${last.appStatus.address}`);
      md.appendMarkdown('\n\n');
    }
    md.appendMarkdown('Click to pack, push and deploy.');
    this.item.tooltip = md;
    if (this.projects.isProject) this.item.show();
    else this.item.hide();
  }

  get tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }

  dispose(): void {
    this.item.dispose();
  }
}

const SERVER_TEXT: Record<ServerState, string> = { starting: '$(loading~spin) 12-Factor', running: '$(check) 12-Factor', stopped: '$(circle-slash) 12-Factor', failed: '$(error) 12-Factor' };

/** Language status for rockcraft.yaml/charmcraft.yaml & co.: is the server running? */
export class ServerLanguageStatus implements vscode.Disposable {
  readonly item = vscode.languages.createLanguageStatusItem('twelveFactor.server', { language: 'yaml', pattern: DOCUMENT_PATTERN });

  constructor(private readonly lsp: LanguageClientHost) {
    this.item.name = '12-Factor language server';
    this.item.command = { title: 'Show Output', command: 'twelveFactor.showOutput' };
    lsp.onDidChangeState(() => this.render());
    this.render();
  }

  private render(): void {
    const st = this.lsp.state;
    this.item.text = SERVER_TEXT[st];
    this.item.detail = st === 'running' ? 'validating rockcraft/charmcraft files' : st === 'failed' ? 'language server failed; see the output' : `language server ${st}`;
    this.item.severity = st === 'failed' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    this.item.busy = st === 'starting';
  }

  dispose(): void {
    this.item.dispose();
  }
}
