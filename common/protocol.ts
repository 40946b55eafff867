/**
 * Custom messages between the extension and the language server. Both bundles import this
 * file, so method names and shapes cannot drift apart. Plain types only (no runtime imports).
 */

/** `twelveFactor/expandExtensions`: what `rockcraft|charmcraft expand-extensions` would print. */
export namespace ExpandExtensionsRequest {
  export const method = 'twelveFactor/expandExtensions';
  export interface Params {
    /** URI of an open rockcraft.yaml or charmcraft.yaml. */
    uri: string;
  }
  export interface Result {
    /** The expanded YAML, or undefined when the file uses no extension. */
    yaml?: string;
    /** Why nothing could be expanded (no extension, unknown extension, parse errors). */
    message?: string;
  }
}

/** `twelveFactor/projectInfo`: facts the client needs to pack and deploy, read by the server. */
export namespace ProjectInfoRequest {
  export const method = 'twelveFactor/projectInfo';
  export interface Params {
    /** URI of a folder or a file inside the project. */
    uri: string;
  }
  export interface Result {
    rock?: { path: string; name?: string; version?: string; framework?: string; platforms: string[] };
    charm?: { path: string; name?: string; framework?: string; resourceName?: string; configOptions: string[]; endpoints: string[] };
  }
}
