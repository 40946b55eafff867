import { isMap, isScalar, type YAMLMap } from 'yaml';
import { getMap, getNode, getString, keyText, mapPairs, nodeAtPath, pairAtPath, stringList, type YamlPath } from '../ast';
import type { ParsedFile } from '../parse';
import { charmcraftOf, type CharmFile } from './charmFiles';
import { declares, refMapPath } from './refs';
import { charmFramework, configEnvPrefix, integrationByInterface, integrationEnv } from './twelveFactorFacts';

/*
 * Hovers that show a charm the way its Juju users see it: a config option's type, default and
 * description (`juju config`), an action's parameters (`juju run`), and for the 12-factor
 * integrations the environment variables paas-charm gives the app (charmcraft.md §7.6–7.7).
 */

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

/** Markdown for a config option or action name written at `path` (on its key), else undefined. */
export function charmNameHover(parsed: ParsedFile, path: YamlPath, files: () => readonly CharmFile[]): string | undefined {
  for (const ref of ['config.options', 'actions']) {
    if (!declares(parsed.kind, ref)) continue;
    const mapPath = refMapPath(parsed.kind, ref);
    if (path.length !== mapPath.length + 1 || !mapPath.every((s, i) => path[i] === s)) continue;
    const name = String(path[path.length - 1]);
    // Not in the tree (a line being typed): the schema's hover is all there is to say.
    if (!pairAtPath(parsed, path)) return undefined;
    const node = nodeAtPath(parsed, path);
    const map = isMap(node) ? node : undefined;
    return ref === 'actions' ? actionMarkdown(parsed, name, map) : optionMarkdown(parsed, name, map, files);
  }
  return undefined;
}

function optionMarkdown(parsed: ParsedFile, name: string, map: YAMLMap | undefined, files: () => readonly CharmFile[]): string {
  const doc = parsed.docs[0];
  const type = getString(map, 'type', doc);
  const description = getString(map, 'description', doc);
  const def = getNode(map, 'default', doc);
  const out = [`**${code(name)}** · config option · ${type ? code(type) : 'no type'}`];
  if (!type) out.push('⚠️ No `type`: Juju reads the option as a string, but `charmcraft pack` refuses an option without one.');
  if (isScalar(def) && def.value !== null) {
    const value = String(def.value);
    out.push(value.includes('\n') ? `Default:\n\n\`\`\`\n${value.replace(/\n$/, '')}\n\`\`\`` : `Default: ${value === '' ? '`""` (empty)' : code(value)}`);
  } else {
    out.push('No default: the option is unset until `juju config` sets it.');
  }
  if (description) out.push(description.trim());
  const notes = type === 'secret'
    ? [`Its value is a secret URI: ${code('juju add-secret')}, ${code('juju grant-secret <secret> <app>')}, then ${code(`juju config <app> ${name}=secret:<id>`)}.`]
    : [`Set it with ${code(`juju config <app> ${name}=<value>`)}; ${code(`juju config <app> ${name}`)} shows the current value.`];
  const fw = charmFramework(charmcraftOf(files()));
  if (fw) {
    const env = `${configEnvPrefix(fw.framework)}${name.toUpperCase().replace(/-/g, '_')}`;
    notes.push(type === 'secret'
      ? `The app gets one environment variable per key of the secret: ${code(`${env}_<KEY>`)}.`
      : `The app reads it from the environment variable ${code(env)}.`);
    const optional = getNode(map, 'optional', doc);
    if (isScalar(optional) && optional.value === false) notes.push('`optional: false`: the charm stays blocked until the option is set.');
  }
  out.push('---', notes.join(' '));
  return out.join('\n\n');
}

function actionMarkdown(parsed: ParsedFile, name: string, map: YAMLMap | undefined): string {
  const doc = parsed.docs[0];
  const out = [`**${code(name)}** · action`];
  const description = getString(map, 'description', doc);
  if (description) out.push(description.trim());
  const params = getMap(map, 'params', doc);
  const required = new Set(stringList(getNode(map, 'required', doc)));
  const lines: string[] = [];
  for (const p of params ? mapPairs(params, doc) : []) {
    const pname = keyText(p);
    const pmap = getMap(params, pname, doc);
    const ptype = getString(pmap, 'type', doc);
    const pdesc = getString(pmap, 'description', doc);
    lines.push(`- ${code(pname)}${ptype ? ` · ${ptype}` : ''}${required.has(pname) ? ' (required)' : ''}${pdesc ? ` — ${pdesc.trim().replace(/\s*\n\s*/g, ' ')}` : ''}`);
  }
  out.push(lines.length ? `Parameters:\n\n${lines.join('\n')}` : 'No parameters.');
  const args = [...required].map((p) => ` ${p}=<value>`).join('');
  out.push('---', `Run it with ${code(`juju run <app>/<unit> ${name}${args}`)}.`);
  return out.join('\n\n');
}

/**
 * Markdown for the `interface:` value (or short form `<endpoint>: <interface>`) of a `requires`
 * endpoint of a 12-factor charm, when paas-charm knows the interface.
 */
export function interfaceHover(parsed: ParsedFile, path: YamlPath, value: string, files: () => readonly CharmFile[]): string | undefined {
  if (parsed.kind !== 'charmcraft' && parsed.kind !== 'metadata') return undefined;
  const short = path.length === 2;
  if (path[0] !== 'requires' || !(short || (path.length === 3 && path[2] === 'interface'))) return undefined;
  const integration = integrationByInterface(value);
  // The extension is listed in charmcraft.yaml, a sibling when the hover is in metadata.yaml.
  const fw = integration ? charmFramework(charmcraftOf(files())) : undefined;
  if (!integration || !fw) return undefined;
  const endpoint = String(path[1]);
  const charms = integration.providers.map(code).join(' or ');
  const out = [
    `**12-factor integration** (paas-charm${integration.since ? `, ${integration.since}` : ''}): integrate with ${charms}, e.g. ${code(`juju integrate <app> ${integration.providers[integration.providers.length - 1]}`)}.`,
  ];
  const env = integrationEnv(integration);
  out.push(`The app then gets these environment variables:\n\n${env.map(code).join(', ')}`);
  if (integration.interface === 'oauth') out.push('OAuth also needs the `ingress` integration.');
  const matches = !integration.endpoint || integration.endpoint === endpoint;
  if (!matches) {
    out.push(`⚠️ paas-charm looks for \`${integration.interface}\` on an endpoint named ${code(integration.endpoint ?? '')}: under ${code(endpoint)} the app gets none of these variables.`);
  } else {
    const optional = short ? undefined : getNode(getMap(getMap(parsed.root, 'requires', parsed.docs[0]), endpoint, parsed.docs[0]), 'optional', parsed.docs[0]);
    if (!(isScalar(optional) && optional.value === true)) {
      out.push(`Until it is integrated the charm is blocked (\`missing integrations: ${endpoint}\`); set \`optional: true\` if the app can run without it.`);
    }
  }
  return out.join('\n\n');
}
