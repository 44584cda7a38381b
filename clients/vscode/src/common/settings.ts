// The extension's settings and how they map to what the server reads (docs/settings.md).
// Pure module: no `vscode` import, so mocha tests it without the editor.

/** Severities the server accepts for a diagnostic kind. */
export const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;

/** Diagnostic kinds and the server's default severity for each. */
export const DEFAULT_SEVERITY = {
  convertToHybrid: 'hint',
  convertToEager: 'information',
  reconfigure: 'information',
  warning: 'warning',
} as const;

export const DIAGNOSTIC_KINDS = Object.keys(DEFAULT_SEVERITY) as (keyof typeof DEFAULT_SEVERITY)[];

/** LSP diagnostic tags the server accepts per kind. */
export const TAGS = ['unnecessary', 'deprecated'] as const;

/** Keys (below `hybridize.`) that are the server's settings, in the order they are sent. */
export const SERVER_SETTING_KEYS: readonly string[] = [
  'speculative',
  'inferSignatures',
  'observedTypes',
  'cache',
  'exclude',
  'debounceMs',
  'configurationPreference',
  ...DIAGNOSTIC_KINDS.map((kind) => `diagnostics.severity.${kind}`),
  ...DIAGNOSTIC_KINDS.map((kind) => `diagnostics.tags.${kind}`),
  'verify.command',
  'verify.timeout',
];

/** Keys (below `hybridize.`) that only the extension reads; never sent to the server. */
export const CLIENT_SETTING_KEYS: readonly string[] = ['interpreter', 'serverPath', 'trace.server'];

/** Settings whose change needs a new server process (the others are sent to the running one). */
export const RESTART_SETTINGS: readonly string[] = ['hybridize.interpreter', 'hybridize.serverPath'];

export type Getter = (key: string) => unknown;
export type JsonObject = { [key: string]: unknown };

function setPath(target: JsonObject, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      node[part] = {};
    }
    node = node[part] as JsonObject;
  }
  node[path[path.length - 1]] = value;
}

/**
 * The server's settings in the nested shape it reads from `initializationOptions`, from the
 * `hybridize` section of `workspace/configuration` and from `didChangeConfiguration`
 * (`{"hybridize": <this>}`): `{speculative, inferSignatures, exclude, debounceMs,
 * diagnostics: {severity: {...}, tags: {...}}}`.
 *
 * `get` reads a key below `hybridize.` (VS Code's `WorkspaceConfiguration.get`, which resolves
 * dotted keys and nested objects alike). Unset keys (`undefined` or `null`) are left out so the
 * server uses its default. Values of a wrong type are passed on unchanged: the server validates
 * every setting and tells the user which one is wrong. Client-only keys (interpreter,
 * serverPath, trace) are never sent; the server would report them as unknown settings.
 */
export function toServerSettings(get: Getter): JsonObject {
  const out: JsonObject = {};
  for (const key of SERVER_SETTING_KEYS) {
    const value = get(key);
    if (value === undefined || value === null) {
      continue;
    }
    setPath(out, key.split('.'), structuredClone(value));
  }
  return out;
}

/** What `WorkspaceConfiguration.inspect` says of one key (the fields this module reads). */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The value the user set for a key (folder, then workspace, then user settings), or undefined
 * when only the contributed default applies. Sending defaults would override a project's
 * `[tool.hybridize]` file under the server's `editorFirst` preference (docs/settings.md).
 */
export function explicitValue(inspected: Inspected | undefined): unknown {
  if (inspected === undefined) {
    return undefined;
  }
  return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
}

/** Server settings that name a program to run (verify's command). */
export const RUNS_PROGRAMS: readonly string[] = ['verify.command'];

/**
 * The value sent to the server for a key: the explicit value, except that in an untrusted
 * workspace a setting that names a program to run takes only the user's own value (a cloned
 * project's `.vscode/settings.json` must not choose what `hybridize.verify` runs, even when
 * the command is started by something else than this extension's palette entry).
 */
export function sentValue(key: string, inspected: Inspected | undefined, trusted: boolean): unknown {
  if (!trusted && RUNS_PROGRAMS.includes(key)) {
    return inspected?.globalValue;
  }
  return explicitValue(inspected);
}

/** What the extension itself needs to launch the server, normalized. */
export interface LaunchSettings {
  /** `hybridize.serverPath`: a `hybridize` executable; "" when unset. */
  serverPath: string;
  /** `hybridize.interpreter`: the python executable and extra arguments; [] when unset. */
  interpreter: string[];
}

/**
 * Reads `hybridize.serverPath` and `hybridize.interpreter`, tolerating hand-written values:
 * a string interpreter is taken as a one-element list; blank entries and non-strings are dropped
 * (an interpreter whose first element is blank counts as unset).
 */
export function readLaunchSettings(get: Getter): LaunchSettings {
  const rawPath = get('serverPath');
  const serverPath = typeof rawPath === 'string' ? rawPath.trim() : '';
  const rawInterpreter = get('interpreter');
  let interpreter: string[] = [];
  if (typeof rawInterpreter === 'string') {
    interpreter = [rawInterpreter];
  } else if (Array.isArray(rawInterpreter)) {
    interpreter = rawInterpreter.filter((part): part is string => typeof part === 'string');
  }
  interpreter = interpreter.filter((part) => part.trim() !== '');
  if (interpreter.length > 0) {
    interpreter[0] = interpreter[0].trim();
  }
  return { serverPath, interpreter };
}
