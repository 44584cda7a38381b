// Which command starts the server, how to check that it is installed, and what to tell the user
// when it is not. Pure module: no `vscode` import, so mocha tests it without the editor.

import type { LaunchSettings } from './settings';

/** Where the server command came from, from the strongest to the weakest. */
export type Source = 'serverPath' | 'interpreter' | 'pythonExtension' | 'default';

export interface Environment {
  /** `process.platform`. */
  platform: string;
  /** File system path of the workspace folder the server runs for, if any. */
  workspaceFolder?: string;
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
  if (settings.serverPath !== '') {
    return {
      command: substituteVariables(settings.serverPath, environment),
      args: ['serve'],
      source: 'serverPath',
    };
  }
  let python: string[];
  let source: Source;
  if (settings.interpreter.length > 0) {
    python = settings.interpreter.map((part) => substituteVariables(part, environment));
    source = 'interpreter';
  } else if (pythonExtension && pythonExtension.length > 0 && pythonExtension[0].trim() !== '') {
    python = [...pythonExtension];
    source = 'pythonExtension';
  } else {
    python = [defaultPython(environment.platform)];
    source = 'default';
  }
  return { command: python[0], args: [...python.slice(1), '-m', 'hybridize', 'serve'], python, source };
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
