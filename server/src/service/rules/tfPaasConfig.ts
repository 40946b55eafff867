import { getPair, scalarString, valueRange } from '../ast';
import type { Rule } from './types';
import { problem } from './util';
import { fileFramework } from '../twelveFactor/fileFacts';
import { frameworkFacts } from '../twelveFactor/frameworks';

/**
 * paas-config.yaml beside a 12-factor charm: JSON framework logs exist only for the Python
 * frameworks (charmcraft.md §7.4). The charm extension reads this file while packing.
 */
export const tfPaasConfig: Rule = {
  id: 'tf-paas-config',
  kinds: ['paas-config'],
  check({ file, workspace }) {
    const charm = workspace.sibling(file, 'charmcraft');
    const fw = charm ? fileFramework(charm) : undefined;
    if (!fw) return [];
    const pair = getPair(file.root, 'framework_logging_format', file.docs[0]);
    const facts = frameworkFacts(fw);
    if (!pair || scalarString(pair.value) !== 'json' || facts.charm.jsonLogging) return [];
    return [problem(valueRange(file, pair), 'tf-paas-config-json-logging',
      `framework_logging_format: json in paas-config.yaml is not supported for '${facts.extension}'. Only flask, django and fastapi charms can log in JSON; remove this key.`)];
  },
};
