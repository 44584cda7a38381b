// The VS Code extension: starts `hybridize serve` with the workspace's Python interpreter and
// connects it with vscode-languageclient. The decisions (which command, which settings, which
// message) are made in the pure modules under src/common; this file wires them to the editor.

import { execFile, spawn } from 'child_process';
import * as os from 'os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
} from 'vscode-languageclient/node';

import { COMMANDS, SERVER_COMMANDS } from './common/commands';
import { DOCUMENT_SELECTOR, NOTEBOOK_CELL_SCHEME } from './common/documents';
import {
  checkCommand,
  CheckResult,
  classifyCheck,
  commandLine,
  describeSource,
  Environment,
  fixActions,
  installCommand,
  Problem,
  resolveServer,
  ServerLaunch,
  untrustedReason,
} from './common/resolve';
import {
  readLaunchSettings,
  RESTART_SETTINGS,
  sentValue,
  toServerSettings,
} from './common/settings';
import { configuredCommand, suggestedCommand, verifyArgument } from './common/verify';
import { onInterpreterChange, pythonApi, selectedInterpreter } from './python';

const CHECK_TIMEOUT_MS = 30_000;

type PythonApi = NonNullable<Awaited<ReturnType<typeof pythonApi>>>;

class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private queue: Promise<void> = Promise.resolve();
  private restartQueued = false;
  private python: PythonApi | undefined;
  private pythonListener: vscode.Disposable | undefined;
  private launch: ServerLaunch | undefined;
  private sentSettings = '';
  private disposed = false;

  /** `launchDirectory`: where every process starts (see Environment.launchDirectory). */
  constructor(private readonly log: vscode.LogOutputChannel, private readonly launchDirectory: string) {}

  /** The workspace folder whose settings and interpreter the (single) server uses. */
  private folder(): vscode.WorkspaceFolder | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
  }

  private environment(folder: vscode.WorkspaceFolder | undefined): Environment {
    return {
      platform: process.platform,
      workspaceFolder: folder?.uri.fsPath,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((each) => each.uri.fsPath),
      // Default-deny: an editor that does not say it trusts the workspace does not.
      trusted: vscode.workspace.isTrusted === true,
      launchDirectory: this.launchDirectory,
      home: os.homedir(),
      cwd: process.cwd(),
      env: process.env,
    };
  }

  private serverSettings(scope?: vscode.Uri): Record<string, unknown> {
    const config = vscode.workspace.getConfiguration('hybridize', scope);
    const trusted = vscode.workspace.isTrusted === true;
    return toServerSettings((key) => sentValue(key, config.inspect(key), trusted));
  }

  /** Restarts the server; calls made while a restart waits join it. */
  restart(reason: string): Promise<void> {
    if (this.restartQueued) {
      return this.queue;
    }
    this.restartQueued = true;
    this.queue = this.queue
      .then(async () => {
        this.restartQueued = false;
        await this.doRestart(reason);
      })
      .catch((error: unknown) => {
        this.log.error(`Could not start the server: ${String(error)}`);
        void this.showError(`Hybridize: could not start the server: ${String(error)}`);
      });
    return this.queue;
  }

  private async doRestart(reason: string): Promise<void> {
    await this.stop();
    if (this.disposed) {
      return;
    }
    const folder = this.folder();
    const config = vscode.workspace.getConfiguration('hybridize', folder?.uri);
    const settings = readLaunchSettings((key) => config.get(key));
    let fromPython: string[] | undefined;
    if (settings.serverPath === '' && settings.interpreter.length === 0) {
      const api = await this.pythonApi();
      fromPython = api && (await selectedInterpreter(api, folder?.uri, this.log));
    }
    const environment = this.environment(folder);
    const launch = resolveServer(settings, fromPython, environment);
    this.launch = launch;
    const refused = untrustedReason(launch, environment);
    if (refused) {
      this.log.error(refused);
      void this.offerTrust(refused);
      return;
    }
    // Never the workspace folder: `python -m` would import the workspace's modules first.
    const cwd = launch.cwd;
    this.log.info(`Starting the server (${reason}): ${commandLine(launch.command, launch.args, process.platform)}`
      + ` — ${describeSource(launch)}, in ${cwd}`);

    const check = checkCommand(launch);
    const result = await run(check.command, check.args, cwd);
    const outcome = classifyCheck(launch, result, process.platform);
    if (!outcome.ok) {
      this.log.error(`${commandLine(check.command, check.args, process.platform)} failed`
        + ` (status ${result.status}${result.errorCode ? `, ${result.errorCode}` : ''}):\n${result.stderr}${result.stdout}`);
      this.log.error(outcome.message);
      void this.offerFix(launch, outcome.problem, outcome.message);
      return;
    }
    this.log.info(`Server version: hybridize ${outcome.version}`);
    if (this.disposed) {
      return;
    }

    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      options: { cwd, env: process.env },
    };
    const initializationOptions = this.serverSettings();
    this.sentSettings = JSON.stringify(initializationOptions);
    const clientOptions: LanguageClientOptions = {
      // Python files on disk and the Python cells of Jupyter notebooks (see common/documents).
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.log,
      traceOutputChannel: this.log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions,
      middleware: {
        workspace: {
          // The `hybridize` section holds client-only settings too (interpreter, serverPath,
          // trace) that the server would report as unknown: answer with its settings only.
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) {
              return answer;
            }
            return params.items.map((item, index) =>
              item.section === 'hybridize'
                ? this.serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
                : answer[index]);
          },
        },
      },
    };
    const client = new LanguageClient('hybridize', 'Hybridize', serverOptions, clientOptions);
    this.client = client;
    await client.start();
    this.log.info('Server started.');
    // Settings changed while the server was starting were not sent: send them now.
    const current = this.serverSettings();
    if (JSON.stringify(current) !== this.sentSettings && this.client === client) {
      this.sentSettings = JSON.stringify(current);
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { hybridize: current } });
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (error) {
        this.log.warn(`Stopping the server: ${String(error)}`);
      }
    }
  }

  private async pythonApi(): Promise<PythonApi | undefined> {
    if (!this.python) {
      this.python = await pythonApi(this.log);
      if (this.python) {
        this.log.info('Using the interpreter selected in the Python extension.');
        this.pythonListener = onInterpreterChange(this.python, () => {
          if (this.launch?.source === 'pythonExtension' || this.launch?.source === 'default') {
            void this.restart('the Python extension selected another interpreter');
          }
        });
      }
    }
    return this.python;
  }

  /** A newly installed Python extension replaces the default interpreter. */
  onExtensionsChanged(): void {
    if (!this.python && this.launch?.source === 'default'
        && vscode.extensions.getExtension('ms-python.python')) {
      void this.restart('the Python extension was installed');
    }
  }

  onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (RESTART_SETTINGS.some((section) => event.affectsConfiguration(section))) {
      void this.restart('hybridize.interpreter or hybridize.serverPath changed');
      return;
    }
    const client = this.client;
    if (!event.affectsConfiguration('hybridize') || !client || !client.isRunning()) {
      return;
    }
    const settings = this.serverSettings();
    const text = JSON.stringify(settings);
    if (text === this.sentSettings) {
      return; // e.g. only hybridize.trace.server changed: the server needs no new analysis
    }
    this.sentSettings = text;
    this.log.info(`Settings changed: ${text}`);
    void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { hybridize: settings } });
  }

  private async showError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show logs');
    if (choice === 'Show logs') {
      this.log.show();
    }
  }

  private async offerTrust(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Manage Workspace Trust', 'Show logs');
    if (choice === 'Manage Workspace Trust') {
      await vscode.commands.executeCommand('workbench.trust.manage');
    } else if (choice === 'Show logs') {
      this.log.show();
    }
  }

  private async offerFix(launch: ServerLaunch, problem: Problem, message: string): Promise<void> {
    const hasPython = this.python !== undefined;
    const actions = fixActions(launch, problem, hasPython);
    const choice = await vscode.window.showErrorMessage(message, ...actions.map((action) => action.title));
    const picked = actions.find((action) => action.title === choice);
    switch (picked?.id) {
      case 'install':
        await this.install(launch);
        break;
      case 'selectInterpreter':
        if (hasPython) {
          await vscode.commands.executeCommand('python.setInterpreter');
        } else {
          await vscode.commands.executeCommand('workbench.action.openSettings', 'hybridize.interpreter');
        }
        break;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings',
          launch.source === 'serverPath' ? 'hybridize.serverPath' : 'hybridize.');
        break;
      case 'showLogs':
        this.log.show();
        break;
    }
  }

  /** Runs `<python> -m pip install hybridize`, its output in the log, then restarts. */
  private async install(launch: ServerLaunch): Promise<void> {
    if (!launch.python) {
      return;
    }
    const { command, args } = installCommand(launch.python);
    const line = commandLine(command, args, process.platform);
    this.log.info(`Running ${line}`);
    const status = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Hybridize: ${line}` },
      () => new Promise<number | string>((resolve) => {
        const child = spawn(command, args, { cwd: launch.cwd, env: process.env, windowsHide: true });
        child.stdout.on('data', (data: Buffer) => this.log.info(data.toString().trimEnd()));
        child.stderr.on('data', (data: Buffer) => this.log.warn(data.toString().trimEnd()));
        child.on('error', (error) => resolve(error.message));
        child.on('close', (code) => resolve(code ?? 'killed'));
      }));
    if (status === 0) {
      this.log.info('hybridize installed.');
      void vscode.window.showInformationMessage(`Hybridize: installed into ${command}; starting the server.`);
      await this.restart('hybridize was installed');
    } else {
      this.log.error(`${line} failed: ${status}`);
      await this.showError(`Hybridize: \`${line}\` failed (${status}). See the logs.`);
    }
  }

  private async runningClient(): Promise<LanguageClient | undefined> {
    await this.queue;
    if (this.client?.isRunning()) {
      return this.client;
    }
    await this.showError('Hybridize: the server is not running. Run "Hybridize: Restart Server" after fixing the problem in the logs.');
    return undefined;
  }

  async hybridizeFile(argument?: unknown): Promise<void> {
    const uri = argument instanceof vscode.Uri ? argument : activeFile();
    if (!uri || !(uri.scheme === 'file')) {
      void vscode.window.showWarningMessage('Hybridize: open a Python file or a notebook (saved on disk) first.');
      return;
    }
    const client = await this.runningClient();
    if (client) {
      await this.execute(client, SERVER_COMMANDS.file, [client.code2ProtocolConverter.asUri(uri)]);
    }
  }

  async hybridizeWorkspace(): Promise<void> {
    const client = await this.runningClient();
    if (client) {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Hybridize: converting the workspace' },
        () => this.execute(client, SERVER_COMMANDS.workspace, []));
    }
  }

  /**
   * Runs `hybridize verify` through the server on the workspace folder: the command from
   * `hybridize.verify.command`, else asked for. The server reports progress on a token this
   * extension names, shown as a notification whose Cancel button stops the run (the progress
   * the server would create itself goes to the status bar, where VS Code shows no Cancel).
   */
  async verifyProposals(): Promise<void> {
    if (vscode.workspace.isTrusted !== true) {
      void vscode.window.showWarningMessage('Hybridize: verify runs your tests or script; trust this workspace first.');
      return;
    }
    const folder = this.folder();
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Hybridize: open a workspace folder on disk first.');
      return;
    }
    const config = vscode.workspace.getConfiguration('hybridize', folder.uri);
    let command = configuredCommand(config.get('verify.command'));
    if (command === undefined) {
      const typed = await vscode.window.showInputBox({
        title: 'Hybridize: verify the proposals on your tests',
        prompt: 'The command that runs your tests or a script (python ... or pytest ...), in '
          + `${folder.name}. It runs twice: as written, and with the proposals applied in memory `
          + '(no file is changed). Set hybridize.verify.command to skip this question.',
        value: suggestedCommand(this.launch?.python),
        ignoreFocusOut: true,
      });
      if (typed === undefined || typed.trim() === '') {
        return;
      }
      command = typed.trim();
    }
    const client = await this.runningClient();
    if (!client) {
      return;
    }
    const token = `hybridize-verify-vscode-${Date.now()}`;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Hybridize verify', cancellable: true },
      async (progress, cancellation) => {
        const listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
          if (value.kind !== 'end' && value.message) {
            progress.report({ message: value.message });
          }
        });
        const cancelled = cancellation.onCancellationRequested(() => {
          void client.sendNotification(WorkDoneProgressCancelNotification.type, { token });
        });
        try {
          const folderUri = client.code2ProtocolConverter.asUri(folder.uri);
          await this.execute(client, SERVER_COMMANDS.verify, [verifyArgument(command, folderUri, token)]);
        } finally {
          listener.dispose();
          cancelled.dispose();
        }
      });
  }

  private async execute(client: LanguageClient, command: string, args: unknown[]): Promise<void> {
    try {
      // The server applies the edits (workspace/applyEdit) and reports the count itself.
      const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
      this.log.info(`${command}: ${JSON.stringify(result)}`);
    } catch (error) {
      this.log.error(`${command} failed: ${String(error)}`);
      await this.showError(`Hybridize: ${String(error)}`);
    }
  }

  showLogs(): void {
    this.log.show();
  }

  dispose(): void {
    this.disposed = true;
    this.pythonListener?.dispose();
  }
}

/**
 * The file the active editor shows: a Python file, or the notebook of the active cell (the
 * server edits a notebook through its open cells; a cell's own URI names no file).
 */
function activeFile(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (document && document.uri.scheme !== NOTEBOOK_CELL_SCHEME) {
    return document.uri;
  }
  const notebook = document && vscode.workspace.notebookDocuments.find(
    (each) => each.getCells().some((cell) => cell.document === document));
  return notebook?.uri ?? vscode.window.activeNotebookEditor?.notebook.uri;
}

/** Runs the check command; never rejects. */
function run(command: string, args: string[], cwd: string | undefined): Promise<CheckResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: process.env, timeout: CHECK_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: string | number }) | null;
        const errorCode = typeof failure?.code === 'string' ? failure.code : undefined;
        const status = failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null;
        resolve({ errorCode, status, stdout: String(stdout), stderr: String(stderr), timedOut: failure?.killed === true });
      });
  });
}

let manager: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Hybridize', { log: true });
  const version = (context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '';
  log.info(`Hybridize extension ${version}`);
  // The extension's own install folder (no Python modules in it); __dirname (dist/) otherwise.
  const current = new ServerManager(log, context.extensionPath || __dirname);
  manager = current;
  context.subscriptions.push(
    log,
    current,
    vscode.commands.registerCommand(COMMANDS.file, (uri?: unknown) => current.hybridizeFile(uri)),
    vscode.commands.registerCommand(COMMANDS.workspace, () => current.hybridizeWorkspace()),
    vscode.commands.registerCommand(COMMANDS.restart, () => current.restart('restart command')),
    vscode.commands.registerCommand(COMMANDS.showLogs, () => current.showLogs()),
    vscode.commands.registerCommand(COMMANDS.verifyProposals, () => current.verifyProposals()),
    vscode.workspace.onDidChangeConfiguration((event) => current.onConfigurationChanged(event)),
    vscode.extensions.onDidChange(() => current.onExtensionsChanged()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void current.restart('the workspace is now trusted')),
  );
  void current.restart('activation');
}

export async function deactivate(): Promise<void> {
  const current = manager;
  manager = undefined;
  if (current) {
    current.dispose();
    await current.stop();
  }
}
