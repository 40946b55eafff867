import type { Rule } from './types';
import { rockBareBuildBase } from './rockBareBuildBase';
import { rockVersion } from './rockVersion';
import { rockBase } from './rockBase';
import { rockLicense, rockRunUser, rockTitleSummary } from './rockMetadata';
import { rockParts } from './rockParts';
import { rockPartCycle } from './rockPartCycle';
import { rockPythonInterpreter } from './rockPythonInterpreter';
import { rockServices } from './rockServices';
import { commonPlatforms } from './commonPlatforms';
import { commonPackageRepositories } from './commonPackageRepositories';
import { charmMetadata, charmSummary } from './charmMetadata';
import { charmBases } from './charmBases';
import { charmParts } from './charmParts';
import { charmConfig } from './charmConfig';
import { charmActions } from './charmActions';
import { charmRelations } from './charmRelations';
import { charmResources } from './charmResources';
import { charmExtraBindings } from './charmExtraBindings';
import { charmPartCycle } from './charmPartCycle';
import { charmLibs } from './charmLibs';
import { tfExtensions } from './tfExtensions';
import { tfRockBase } from './tfRockBase';
import { tfRockParts } from './tfRockParts';
import { tfRockStagePackages } from './tfRockStagePackages';
import { tfRockProject } from './tfRockProject';
import { tfCharmBase } from './tfCharmBase';
import { tfCharmKeys } from './tfCharmKeys';
import { tfCharmIntegrations } from './tfCharmIntegrations';
import { tfCharmProject } from './tfCharmProject';
import { tfPaasConfig } from './tfPaasConfig';
import { tfProject } from './tfProject';
import { splitMerge } from './splitMerge';
import { splitMetadata, splitRelations } from './splitMetadata';
import { splitConfig } from './splitConfig';
import { splitActions } from './splitActions';
import { splitPaasConfig } from './splitPaasConfig';

/** Every semantic rule, in the order their diagnostics are listed. Add new rules here. */
export const RULES: readonly Rule[] = [
  rockBareBuildBase,
  rockVersion,
  rockBase,
  rockLicense,
  rockRunUser,
  rockTitleSummary,
  rockParts,
  rockPartCycle,
  rockPythonInterpreter,
  rockServices,
  commonPlatforms,
  commonPackageRepositories,
  charmMetadata,
  charmSummary,
  charmBases,
  charmParts,
  charmConfig,
  charmActions,
  charmRelations,
  charmResources,
  charmExtraBindings,
  charmPartCycle,
  charmLibs,
  tfExtensions,
  tfRockBase,
  tfRockParts,
  tfRockStagePackages,
  tfRockProject,
  tfCharmBase,
  tfCharmKeys,
  tfCharmIntegrations,
  tfCharmProject,
  tfPaasConfig,
  tfProject,
  splitMerge,
  splitMetadata,
  splitRelations,
  splitConfig,
  splitActions,
  splitPaasConfig,
];
