// The Python extension's API, used only when the extension is installed (no
// extensionDependencies: the extension must also work in editors without the marketplace).

import * as vscode from 'vscode';

export const PYTHON_EXTENSION_ID = 'ms-python.python';

interface EnvironmentPath {
  id: string;
  path: string;
}

interface ResolvedEnvironment {
  executable?: { uri?: vscode.Uri };
}

/** The part of the Python extension's exported API this extension uses. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
    resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
  /** The older API (before `environments`). */
  settings?: {
    getExecutionDetails?(resource?: vscode.Uri): { execCommand: string[] | undefined };
    onDidChangeExecutionDetails?: vscode.Event<unknown>;
  };
}

/** The Python extension's API, or undefined when it is not installed or fails to activate. */
export async function pythonApi(log: vscode.LogOutputChannel): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    return api && (api.environments || api.settings) ? api : undefined;
  } catch (error) {
    log.warn(`The Python extension did not activate: ${String(error)}`);
    return undefined;
  }
}

/** The interpreter command line the Python extension selected for `resource`, if any. */
export async function selectedInterpreter(
  api: PythonExtensionApi,
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<string[] | undefined> {
  try {
    if (api.environments) {
      const active = api.environments.getActiveEnvironmentPath(resource);
      const resolved = await api.environments.resolveEnvironment(active);
      const executable = resolved?.executable?.uri?.fsPath;
      if (executable) {
        return [executable];
      }
      return active.path ? [active.path] : undefined;
    }
    const command = api.settings?.getExecutionDetails?.(resource).execCommand;
    return command && command.length > 0 ? command : undefined;
  } catch (error) {
    log.warn(`Could not ask the Python extension for the interpreter: ${String(error)}`);
    return undefined;
  }
}

/** Calls `listener` when the user selects another interpreter in the Python extension. */
export function onInterpreterChange(api: PythonExtensionApi, listener: () => void): vscode.Disposable | undefined {
  if (api.environments) {
    return api.environments.onDidChangeActiveEnvironmentPath(listener);
  }
  return api.settings?.onDidChangeExecutionDetails?.(listener);
}
