// Which command starts the server, how to check that it is installed, and what to tell the user
// when it is not. Pure module: no `vscode` import, so mocha tests it without the editor.

import * as path from 'path';

import type { LaunchSettings } from './settings';

/** Where the server command came from, from the strongest to the weakest. */
export type Source = 'serverPath' | 'interpreter' | 'pythonExtension' | 'default';

export interface Environment {
  /** `process.platform`. */
  platform: string;
  /** File system path of the workspace folder the server runs for, if any. */
  workspaceFolder?: string;
  /** Every workspace folder of the window (for the workspace trust check). */
  workspaceFolders: readonly string[];
  /** `vscode.workspace.isTrusted`: false in Restricted Mode. */
  trusted: boolean;
  /**
   * The folder every process is started in: the extension's own install folder, outside the
   * workspace and without Python modules. `python -m` puts the current folder first on
   * `sys.path`, so started in the workspace a cloned repository's `hybridize.py`, `json.py`
   * or `pip.py` would run instead of the real module (docs/editors.md, "Launching safely").
   */
  launchDirectory: string;
  /** The user's home directory. */
  home: string;
  /** The extension host's working directory. */
  cwd: string;
  /** Environment variables, for `${env:NAME}`. */
  env: Record<string, string | undefined>;
}

export interface ServerLaunch {
  command: string;
  args: string[];
  /** The interpreter command line (executable and its extra arguments), unless `serverPath`. */
  python?: string[];
  source: Source;
  /** The working folder of the server, its check and the install: never the workspace. */
  cwd: string;
}

/** The interpreter used when neither a setting nor the Python extension names one. */
export function defaultPython(platform: string): string {
  return platform === 'win32' ? 'python' : 'python3';
}

/**
 * Expands `${workspaceFolder}`, `${userHome}`, `${cwd}`, `${env:NAME}` and a leading `~`, as
 * Microsoft's Python tools extension template does for its `interpreter` setting. A variable that
 * cannot be resolved (`${workspaceFolder}` without a folder, an unknown one) stays as written.
 */
export function substituteVariables(value: string, environment: Environment): string {
  let out = value.replace(/\$\{([^}]+)\}/g, (match, name: string) => {
    if (name === 'workspaceFolder' || name === 'workspaceRoot') {
      return environment.workspaceFolder ?? match;
    }
    if (name === 'userHome') {
      return environment.home;
    }
    if (name === 'cwd') {
      return environment.cwd;
    }
    if (name.startsWith('env:')) {
      return environment.env[name.slice(4)] ?? '';
    }
    return match;
  });
  if (out === '~' || out.startsWith('~/') || (environment.platform === 'win32' && out.startsWith('~\\'))) {
    out = environment.home + out.slice(1);
  }
  return out;
}

function pathModule(platform: string): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * A relative executable path from a setting (`.venv/bin/python`), made absolute against the
 * workspace folder: processes start in `launchDirectory`, not in the workspace. A bare name
 * (`python3`) stays a `PATH` lookup.
 */
export function absoluteExecutable(command: string, environment: Environment): string {
  const paths = pathModule(environment.platform);
  const separators = environment.platform === 'win32' ? /[\\/]/ : /\//;
  if (!separators.test(command) || paths.isAbsolute(command) || !environment.workspaceFolder) {
    return command;
  }
  return paths.join(environment.workspaceFolder, command);
}

/** Whether `file` lies in `folder` (lexically, after normalization). */
export function isInside(file: string, folder: string, platform: string): boolean {
  const paths = pathModule(platform);
  const fold = (value: string) => (platform === 'win32' ? value.toLowerCase() : value);
  const relative = paths.relative(fold(paths.resolve(folder)), fold(paths.resolve(file)));
  return relative === '' || (!relative.startsWith('..') && !paths.isAbsolute(relative));
}

/**
 * Why the launch may not run, or undefined when it may. In Restricted Mode (an untrusted
 * workspace) no program inside a workspace folder is run: a cloned repository can hold a
 * `.venv/bin/python` or `hybridize` of its own, which a user-level `${workspaceFolder}/...`
 * setting or the Python extension's selection could name. Workspace-level values of
 * `hybridize.interpreter` and `hybridize.serverPath` are ignored by VS Code itself
 * (`restrictedConfigurations` in package.json).
 */
export function untrustedReason(launch: ServerLaunch, environment: Environment): string | undefined {
  if (environment.trusted) {
    return undefined;
  }
  const folder = environment.workspaceFolders.find((each) => isInside(launch.command, each, environment.platform));
  if (folder === undefined) {
    return undefined;
  }
  return `Hybridize: this workspace is not trusted, and the server command \`${launch.command}\``
    + ` (${describeSource(launch)}) lies inside it, so it was not run. Trust the workspace`
    + ' (Manage Workspace Trust), or choose an interpreter outside it.';
}

/**
 * The command that starts the server:
 * 1. `hybridize.serverPath` set: `<serverPath> serve`;
 * 2. `hybridize.interpreter` set: `<interpreter...> -m hybridize serve`;
 * 3. the interpreter the Python extension selected for the workspace, when it is installed;
 * 4. `python3` (`python` on Windows) from PATH.
 */
export function resolveServer(
  settings: LaunchSettings,
  pythonExtension: readonly string[] | undefined,
  environment: Environment,
): ServerLaunch {
  const cwd = environment.launchDirectory;
  if (settings.serverPath !== '') {
    return {
      command: absoluteExecutable(substituteVariables(settings.serverPath, environment), environment),
      args: ['serve'],
      source: 'serverPath',
      cwd,
    };
  }
  let python: string[];
  let source: Source;
  if (settings.interpreter.length > 0) {
    python = settings.interpreter.map((part) => substituteVariables(part, environment));
    python[0] = absoluteExecutable(python[0], environment);
    source = 'interpreter';
  } else if (pythonExtension && pythonExtension.length > 0 && pythonExtension[0].trim() !== '') {
    python = [...pythonExtension];
    source = 'pythonExtension';
  } else {
    python = [defaultPython(environment.platform)];
    source = 'default';
  }
  return { command: python[0], args: [...python.slice(1), '-m', 'hybridize', 'serve'], python, source, cwd };
}

/** The command that checks, before starting, that the server is installed and runs. */
export function checkCommand(launch: ServerLaunch): { command: string; args: string[] } {
  if (launch.python) {
    return { command: launch.python[0], args: [...launch.python.slice(1), '-m', 'hybridize', '--version'] };
  }
  return { command: launch.command, args: ['--version'] };
}

/** The command that installs the server package into the interpreter. */
export function installCommand(python: readonly string[]): { command: string; args: string[] } {
  return { command: python[0], args: [...python.slice(1), '-m', 'pip', 'install', 'hybridize'] };
}

/** A command line for messages and logs, quoted for the platform's shell where needed. */
export function commandLine(command: string, args: readonly string[], platform: string): string {
  const quote = (part: string): string => {
    if (platform === 'win32') {
      return /[\s"&|<>^]/.test(part) || part === '' ? `"${part.replace(/"/g, '""')}"` : part;
    }
    return /^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`;
  };
  return [command, ...args].map(quote).join(' ');
}

/** Where the server command came from, in words, for messages and the log. */
export function describeSource(launch: ServerLaunch): string {
  switch (launch.source) {
    case 'serverPath':
      return 'from the hybridize.serverPath setting';
    case 'interpreter':
      return 'from the hybridize.interpreter setting';
    case 'pythonExtension':
      return 'the interpreter selected in the Python extension';
    case 'default':
      return 'the default interpreter on PATH (no hybridize.interpreter setting, no Python extension)';
  }
}

/** How the check command ended (the fields of `child_process.execFile`'s callback). */
export interface CheckResult {
  /** Spawn error code, e.g. `ENOENT` when the executable does not exist. */
  errorCode?: string;
  /** Exit status; `null` when killed or not started. */
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}

export type Problem = 'notFound' | 'missing' | 'timeout' | 'failed';

export type CheckOutcome =
  | { ok: true; version: string }
  | { ok: false; problem: Problem; message: string; fix: string };

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return lines.length > 0 ? lines[lines.length - 1] : '';
}

/** Turns the check's result into "go ahead" or a message that says what to do. */
export function classifyCheck(launch: ServerLaunch, result: CheckResult, platform: string): CheckOutcome {
  const serverPath = launch.source === 'serverPath';
  const what = serverPath
    ? `the server \`${launch.command}\` (hybridize.serverPath)`
    : `the Python interpreter \`${launch.command}\` (${describeSource(launch)})`;
  const choose = serverPath
    ? 'Set hybridize.serverPath to a `hybridize` executable, or clear it to use a Python interpreter.'
    : 'Select another interpreter, or set hybridize.interpreter.';
  if (result.status === 0 && !result.errorCode && !result.timedOut) {
    const match = /hybridize\s+(\S+)/.exec(result.stdout + '\n' + result.stderr);
    return { ok: true, version: match ? match[1] : 'unknown version' };
  }
  if (result.errorCode === 'ENOENT' || result.errorCode === 'EACCES' || result.errorCode === 'ENOTDIR') {
    return {
      ok: false,
      problem: 'notFound',
      message: `Hybridize: ${what} was not found or cannot be run (${result.errorCode}). ${choose}`,
      fix: choose,
    };
  }
  if (result.timedOut) {
    return {
      ok: false,
      problem: 'timeout',
      message: `Hybridize: ${what} did not answer \`--version\` in time; the server was not started. See the logs.`,
      fix: choose,
    };
  }
  if (launch.python && /No module named '?hybridize'?(\s|$|\.)/.test(result.stderr)) {
    const install = installCommand(launch.python);
    const fix = `Run \`${commandLine(install.command, install.args, platform)}\`, or select an interpreter that has it.`;
    return {
      ok: false,
      problem: 'missing',
      message: `Hybridize: the server package \`hybridize\` is not installed in ${launch.command} (${describeSource(launch)}). ${fix}`,
      fix,
    };
  }
  const detail = lastLine(result.stderr) || lastLine(result.stdout) || `exit status ${result.status}`;
  return {
    ok: false,
    problem: 'failed',
    message: `Hybridize: ${what} could not run the server: ${detail}. See the logs.`,
    fix: choose,
  };
}

export type ActionId = 'install' | 'selectInterpreter' | 'openSettings' | 'showLogs';

/** A short name for an interpreter path on a button: the last two path segments. */
export function shortName(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== '');
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}` : path;
}

/** The buttons of the message for a failed check, in order. */
export function fixActions(
  launch: ServerLaunch,
  problem: Problem,
  hasPythonExtension: boolean,
): { id: ActionId; title: string }[] {
  const actions: { id: ActionId; title: string }[] = [];
  if (launch.python && problem === 'missing') {
    actions.push({ id: 'install', title: `Install hybridize into ${shortName(launch.command)}` });
  }
  if (launch.source !== 'serverPath') {
    actions.push({ id: 'selectInterpreter', title: hasPythonExtension ? 'Select interpreter' : 'Set interpreter' });
  }
  actions.push({ id: 'openSettings', title: 'Open settings' });
  actions.push({ id: 'showLogs', title: 'Show logs' });
  return actions;
}
