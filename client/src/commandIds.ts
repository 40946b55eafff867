/** Command IDs (stable: package.json, the end-to-end suite and users' keybindings rely on them). */
export const COMMANDS = {
  init: 'twelveFactor.init',
  packRock: 'twelveFactor.packRock',
  packCharm: 'twelveFactor.packCharm',
  pushRock: 'twelveFactor.pushRock',
  deploy: 'twelveFactor.deploy',
  integrate: 'twelveFactor.integrate',
  config: 'twelveFactor.config',
  showLogs: 'twelveFactor.showLogs',
  removeApp: 'twelveFactor.removeApp',
  expandExtensions: 'twelveFactor.expandExtensions',
  restartServer: 'twelveFactor.restartServer',
  showOutput: 'twelveFactor.showOutput',
  refreshJuju: 'twelveFactor.refreshJuju',
} as const;

/** Commands that run rockcraft, charmcraft, skopeo or juju: refused in Restricted Mode. */
export const RUNS_PROGRAMS: readonly string[] = [
  COMMANDS.init,
  COMMANDS.packRock,
  COMMANDS.packCharm,
  COMMANDS.pushRock,
  COMMANDS.deploy,
  COMMANDS.integrate,
  COMMANDS.config,
  COMMANDS.showLogs,
  COMMANDS.removeApp,
  COMMANDS.refreshJuju,
];
