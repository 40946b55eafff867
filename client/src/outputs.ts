/**
 * One output panel per tool family (Rockcraft — also skopeo —, Charmcraft, Juju). Each also
 * keeps its recent text so the end-to-end tests can read what a command printed.
 */
import * as vscode from 'vscode';
import type { OutputSink, OutputTool } from './core/craft';

const NAMES: Record<OutputTool, string> = { rockcraft: '12-Factor: Rockcraft', charmcraft: '12-Factor: Charmcraft', juju: '12-Factor: Juju' };
const KEEP_LINES = 5000;

export class ToolOutputs implements vscode.Disposable {
  private readonly channels = new Map<OutputTool, vscode.OutputChannel>();
  private readonly buffers = new Map<OutputTool, string[]>();

  private channel(tool: OutputTool): vscode.OutputChannel {
    let c = this.channels.get(tool);
    if (!c) {
      c = vscode.window.createOutputChannel(NAMES[tool]);
      this.channels.set(tool, c);
    }
    return c;
  }

  sink(tool: OutputTool): OutputSink {
    return {
      append: (line: string) => {
        this.channel(tool).appendLine(line);
        const buf = this.buffers.get(tool) ?? [];
        buf.push(line);
        if (buf.length > KEEP_LINES) buf.splice(0, buf.length - KEEP_LINES);
        this.buffers.set(tool, buf);
      },
    };
  }

  show(tool: OutputTool, preserveFocus = true): void {
    this.channel(tool).show(preserveFocus);
  }

  text(tool: OutputTool): string {
    return (this.buffers.get(tool) ?? []).join('\n');
  }

  dispose(): void {
    for (const c of this.channels.values()) c.dispose();
    this.channels.clear();
  }
}
