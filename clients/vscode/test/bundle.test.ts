// Smoke test of the bundle (dist/extension.js, built by `npm run bundle`): it loads in plain Node
// with a stub `vscode` module, registers its commands, and, when the interpreter lacks the
// server package, shows the message with the fix instead of starting the server.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';

import { COMMANDS } from '../src/common/commands';

const bundle = path.resolve(__dirname, '..', '..', 'dist', 'extension.js');

interface Shown {
  message: string;
  items: string[];
}

/** A function that is also a constructor and returns itself for every property. */
function anything(): unknown {
  const target = function () { /* stub */ };
  return new Proxy(target, {
    get: (_target, key) => (key === 'prototype' ? {} : key === Symbol.toPrimitive ? () => '' : anything()),
    apply: () => anything(),
    construct: () => ({}),
  });
}

function stubVscode(config: Record<string, unknown>, workspaceFolder?: string) {
  const commands: string[] = [];
  const channels: string[] = [];
  const errors: Shown[] = [];
  let onError: (shown: Shown) => void = () => undefined;
  const errorShown = new Promise<Shown>((resolve) => { onError = resolve; });
  const disposable = { dispose: () => undefined };
  const log = {
    info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined,
    trace: () => undefined, append: () => undefined, appendLine: () => undefined, show: () => undefined,
    dispose: () => undefined,
  };
  const api = {
    window: {
      createOutputChannel: (name: string, options: unknown) => {
        channels.push(name);
        assert.deepEqual(options, { log: true });
        return log;
      },
      showErrorMessage: (message: string, ...items: string[]) => {
        const shown = { message, items };
        errors.push(shown);
        onError(shown);
        return Promise.resolve(undefined);
      },
      showWarningMessage: () => Promise.resolve(undefined),
      showInformationMessage: () => Promise.resolve(undefined),
      activeTextEditor: undefined,
    },
    commands: {
      registerCommand: (id: string) => {
        assert.ok(!commands.includes(id), `command ${id} registered twice`);
        commands.push(id);
        return disposable;
      },
      executeCommand: () => Promise.resolve(undefined),
    },
    workspace: {
      workspaceFolders: workspaceFolder ? [{ uri: { fsPath: workspaceFolder } }] : undefined,
      getWorkspaceFolder: () => undefined,
      isTrusted: true,
      onDidGrantWorkspaceTrust: () => disposable,
      getConfiguration: (section: string) => ({
        get: (key: string) => config[`${section}.${key}`],
        inspect: (key: string) => ({ globalValue: config[`${section}.${key}`] }),
      }),
      onDidChangeConfiguration: () => disposable,
    },
    extensions: {
      getExtension: () => undefined, // no Python extension
      onDidChange: () => disposable,
    },
  };
  const vscode = new Proxy(api as Record<string | symbol, unknown>, {
    get: (target, key) => (key in target ? target[key] : anything()),
  });
  return { vscode, commands, channels, errors, errorShown };
}

function loadBundle(vscode: unknown): { activate: (context: unknown) => unknown; deactivate: () => Promise<void> } {
  const loader = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
  };
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    return request === 'vscode' ? vscode : original.call(this, request, parent, isMain);
  };
  try {
    delete require.cache[bundle];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(bundle);
  } finally {
    loader._load = original;
  }
}

describe('bundled extension (dist/extension.js)', function () {
  let directory: string;

  before(function () {
    if (!fs.existsSync(bundle)) {
      throw new Error(`${bundle} does not exist: run \`npm run bundle\` before \`npm test\``);
    }
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'hybridize-vscode-'));
  });

  after(function () {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('exports activate and deactivate and does not bundle vscode', () => {
    const stub = stubVscode({});
    const extension = loadBundle(stub.vscode);
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
    assert.ok(!fs.readFileSync(bundle, 'utf8').includes('node_modules/@types/vscode'));
  });

  it('offers to install the server into an interpreter that lacks it', async function () {
    if (process.platform === 'win32') {
      this.skip(); // the fake interpreter is a shell script
    }
    const python = path.join(directory, 'python');
    const started = path.join(directory, 'started-in');
    // Also records the folder it was started in: the extension's, never the workspace.
    fs.writeFileSync(python, `#!/bin/sh\npwd > '${started}'\necho "$0: No module named hybridize" >&2\nexit 1\n`,
      { mode: 0o755 });
    const workspace = fs.mkdtempSync(path.join(directory, 'workspace-'));
    const extensionPath = fs.mkdtempSync(path.join(directory, 'extension-'));
    const stub = stubVscode({ 'hybridize.interpreter': [python] }, workspace);
    const extension = loadBundle(stub.vscode);
    const context = {
      subscriptions: [] as { dispose(): unknown }[], extension: { packageJSON: { version: '0.1.0' } }, extensionPath,
    };
    await extension.activate(context);
    assert.deepEqual([...stub.commands].sort(), Object.values(COMMANDS).sort());
    assert.deepEqual(stub.channels, ['Hybridize']);
    const shown = await stub.errorShown;
    assert.ok(shown.message.includes(`${python} -m pip install hybridize`), shown.message);
    assert.ok(shown.message.includes('hybridize.interpreter'), shown.message);
    assert.equal(shown.items[0], `Install hybridize into …/${path.basename(directory)}/python`);
    assert.ok(shown.items.includes('Set interpreter') && shown.items.includes('Open settings'), shown.items.join());
    assert.equal(fs.realpathSync(fs.readFileSync(started, 'utf8').trim()), fs.realpathSync(extensionPath));
    await extension.deactivate();
    for (const item of context.subscriptions) {
      item.dispose();
    }
  });

  it('says when the interpreter itself does not exist', async () => {
    const stub = stubVscode({ 'hybridize.interpreter': [path.join(directory, 'no-such-python')] });
    const extension = loadBundle(stub.vscode);
    await extension.activate({ subscriptions: [], extension: { packageJSON: {} } });
    const shown = await stub.errorShown;
    assert.match(shown.message, /no-such-python` \(from the hybridize\.interpreter setting\) was not found/);
    assert.ok(!shown.items.some((item) => item.startsWith('Install')), shown.items.join());
    await extension.deactivate();
  });
});
