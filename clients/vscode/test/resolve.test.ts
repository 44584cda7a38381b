import { strict as assert } from 'assert';

import {
  checkCommand,
  classifyCheck,
  commandLine,
  Environment,
  absoluteExecutable,
  fixActions,
  installCommand,
  isInside,
  resolveServer,
  ServerLaunch,
  shortName,
  substituteVariables,
  untrustedReason,
} from '../src/common/resolve';
import type { LaunchSettings } from '../src/common/settings';

const linux: Environment = {
  platform: 'linux',
  workspaceFolder: '/work/project',
  workspaceFolders: ['/work/project'],
  trusted: true,
  launchDirectory: '/home/ada/.vscode/extensions/hybridize.hybridize-0.1.0',
  home: '/home/ada',
  cwd: '/',
  env: { VENV: '/opt/venv' },
};
const windows: Environment = {
  ...linux, platform: 'win32', workspaceFolder: 'C:\\project', workspaceFolders: ['C:\\project'], home: 'C:\\Users\\ada',
};
const extensionFolder = linux.launchDirectory;
const none: LaunchSettings = { serverPath: '', interpreter: [] };

describe('resolveServer', () => {
  it('uses hybridize.serverPath first, run as `<serverPath> serve`', () => {
    const launch = resolveServer(
      { serverPath: '/usr/local/bin/hybridize', interpreter: ['/venv/bin/python'] }, ['/ext/python'], linux);
    assert.deepEqual(launch,
      { command: '/usr/local/bin/hybridize', args: ['serve'], source: 'serverPath', cwd: extensionFolder });
  });

  it('uses hybridize.interpreter before the Python extension, with its extra arguments', () => {
    const launch = resolveServer({ serverPath: '', interpreter: ['/venv/bin/python', '-X', 'utf8'] }, ['/ext/python'], linux);
    assert.equal(launch.source, 'interpreter');
    assert.equal(launch.command, '/venv/bin/python');
    assert.deepEqual(launch.args, ['-X', 'utf8', '-m', 'hybridize', 'serve']);
    assert.deepEqual(launch.python, ['/venv/bin/python', '-X', 'utf8']);
  });

  it('uses the Python extension selection when no setting names an interpreter', () => {
    const launch = resolveServer(none, ['/ext/env/bin/python'], linux);
    assert.equal(launch.source, 'pythonExtension');
    assert.equal(launch.command, '/ext/env/bin/python');
    assert.deepEqual(launch.args, ['-m', 'hybridize', 'serve']);
  });

  it('falls back to python3, or python on Windows, without the Python extension', () => {
    assert.deepEqual(resolveServer(none, undefined, linux),
      { command: 'python3', args: ['-m', 'hybridize', 'serve'], python: ['python3'], source: 'default', cwd: extensionFolder });
    assert.equal(resolveServer(none, undefined, windows).command, 'python');
    assert.equal(resolveServer(none, [], linux).source, 'default');
    assert.equal(resolveServer(none, [' '], linux).source, 'default');
  });

  it('expands variables in the settings', () => {
    assert.equal(resolveServer({ serverPath: '', interpreter: ['${workspaceFolder}/.venv/bin/python'] }, undefined, linux).command,
      '/work/project/.venv/bin/python');
    assert.equal(resolveServer({ serverPath: '~/bin/hybridize', interpreter: [] }, undefined, linux).command,
      '/home/ada/bin/hybridize');
  });
});

describe('launch isolation (issue 11)', () => {
  const settings = [
    { serverPath: '/v/bin/hybridize', interpreter: [] },
    { serverPath: '', interpreter: ['/v/bin/python'] },
    none,
  ];

  it('starts every process in the extension folder, never in the workspace', () => {
    for (const setting of settings) {
      for (const fromPython of [undefined, ['/ext/python']]) {
        const launch = resolveServer(setting, fromPython, linux);
        assert.equal(launch.cwd, extensionFolder, launch.source);
        assert.ok(!isInside(launch.cwd, '/work/project', 'linux'));
      }
    }
  });

  it('resolves a relative executable against the workspace folder, not the start folder', () => {
    assert.equal(resolveServer({ serverPath: '', interpreter: ['.venv/bin/python'] }, undefined, linux).command,
      '/work/project/.venv/bin/python');
    assert.equal(resolveServer({ serverPath: 'bin/hybridize', interpreter: [] }, undefined, linux).command,
      '/work/project/bin/hybridize');
    assert.equal(absoluteExecutable('python3', linux), 'python3'); // a PATH lookup
    assert.equal(absoluteExecutable('/usr/bin/python3', linux), '/usr/bin/python3');
    assert.equal(absoluteExecutable('.venv\\Scripts\\python.exe', windows), 'C:\\project\\.venv\\Scripts\\python.exe');
    assert.equal(absoluteExecutable('.venv/bin/python', { ...linux, workspaceFolder: undefined }), '.venv/bin/python');
  });

  it('tells paths inside a folder from paths beside it', () => {
    assert.ok(isInside('/work/project/.venv/bin/python', '/work/project', 'linux'));
    assert.ok(isInside('/work/project/a/../b', '/work/project/', 'linux'));
    assert.ok(!isInside('/work/project2/python', '/work/project', 'linux'));
    assert.ok(!isInside('/work/project/../python', '/work/project', 'linux'));
    assert.ok(isInside('c:\\PROJECT\\venv\\python.exe', 'C:\\project', 'win32'));
  });
});

describe('untrusted workspaces (Restricted Mode)', () => {
  const untrusted: Environment = { ...linux, trusted: false, workspaceFolders: ['/work/project', '/work/other'] };

  it('runs no program that lies inside a workspace folder', () => {
    const cases: [LaunchSettings, string[] | undefined][] = [
      [{ serverPath: '', interpreter: ['${workspaceFolder}/.venv/bin/python'] }, undefined], // a user setting
      [{ serverPath: '', interpreter: ['.venv/bin/python'] }, undefined],
      [{ serverPath: '/work/other/bin/hybridize', interpreter: [] }, undefined],
      [none, ['/work/project/.venv/bin/python']], // the Python extension's selection
    ];
    for (const [setting, fromPython] of cases) {
      const launch = resolveServer(setting, fromPython, untrusted);
      const reason = untrustedReason(launch, untrusted);
      assert.ok(reason && /not trusted/.test(reason) && reason.includes(launch.command), launch.command);
      assert.equal(untrustedReason(launch, { ...untrusted, trusted: true }), undefined);
    }
  });

  it('runs an interpreter outside the workspace', () => {
    const cases: [LaunchSettings, string[] | undefined][] = [
      [none, ['/usr/bin/python3']],
      [none, undefined],
      [{ serverPath: '', interpreter: ['~/venvs/tools/bin/python'] }, undefined],
    ];
    for (const [setting, fromPython] of cases) {
      assert.equal(untrustedReason(resolveServer(setting, fromPython, untrusted), untrusted), undefined);
    }
  });
});

describe('substituteVariables', () => {
  it('expands the template variables', () => {
    assert.equal(substituteVariables('${userHome}/x', linux), '/home/ada/x');
    assert.equal(substituteVariables('${env:VENV}/bin/python', linux), '/opt/venv/bin/python');
    assert.equal(substituteVariables('${env:UNSET}x', linux), 'x');
    assert.equal(substituteVariables('${cwd}', linux), '/');
    assert.equal(substituteVariables('~', linux), '/home/ada');
    assert.equal(substituteVariables('~\\venv', windows), 'C:\\Users\\ada\\venv');
  });

  it('leaves what it cannot resolve as written', () => {
    assert.equal(substituteVariables('${workspaceFolder}/p', { ...linux, workspaceFolder: undefined }), '${workspaceFolder}/p');
    assert.equal(substituteVariables('${config:python.x}', linux), '${config:python.x}');
    assert.equal(substituteVariables('a~/b', linux), 'a~/b');
  });
});

describe('check and install commands', () => {
  const python: ServerLaunch = resolveServer({ serverPath: '', interpreter: ['/v/bin/python', '-I'] }, undefined, linux);
  const server: ServerLaunch = resolveServer({ serverPath: '/v/bin/hybridize', interpreter: [] }, undefined, linux);

  it('checks with `-m hybridize --version`, or `<serverPath> --version`', () => {
    assert.deepEqual(checkCommand(python), { command: '/v/bin/python', args: ['-I', '-m', 'hybridize', '--version'] });
    assert.deepEqual(checkCommand(server), { command: '/v/bin/hybridize', args: ['--version'] });
  });

  it('installs with `<python> -m pip install hybridize`', () => {
    assert.deepEqual(installCommand(['/v/bin/python', '-I']), { command: '/v/bin/python', args: ['-I', '-m', 'pip', 'install', 'hybridize'] });
  });

  it('quotes command lines for the platform', () => {
    assert.equal(commandLine('/my env/python', ['-m', 'pip'], 'linux'), `'/my env/python' -m pip`);
    assert.equal(commandLine("/it's/python", [], 'linux'), `'/it'\\''s/python'`);
    assert.equal(commandLine('C:\\Program Files\\Python\\python.exe', ['-m', 'x'], 'win32'), '"C:\\Program Files\\Python\\python.exe" -m x');
  });
});

describe('classifyCheck', () => {
  const launch = resolveServer({ serverPath: '', interpreter: ['/v/bin/python'] }, undefined, linux);
  const fallback = resolveServer(none, undefined, linux);
  const server = resolveServer({ serverPath: '/v/bin/hybridize', interpreter: [] }, undefined, linux);

  it('accepts a server that answers its version', () => {
    assert.deepEqual(classifyCheck(launch, { status: 0, stdout: 'hybridize 0.1.0\n', stderr: '' }, 'linux'),
      { ok: true, version: '0.1.0' });
  });

  it('says how to install the package when the interpreter lacks it', () => {
    for (const stderr of ['/v/bin/python: No module named hybridize\n',
      "ModuleNotFoundError: No module named 'hybridize'\n"]) {
      const outcome = classifyCheck(launch, { status: 1, stdout: '', stderr }, 'linux');
      assert.equal(outcome.ok, false);
      if (!outcome.ok) {
        assert.equal(outcome.problem, 'missing');
        assert.match(outcome.message, /not installed in \/v\/bin\/python/);
        assert.match(outcome.message, /hybridize\.interpreter setting/);
        assert.ok(outcome.message.includes('`/v/bin/python -m pip install hybridize`'), outcome.message);
      }
    }
  });

  it('names the default interpreter when neither a setting nor the Python extension chose one', () => {
    const outcome = classifyCheck(fallback, { status: 1, stdout: '', stderr: 'python3: No module named hybridize' }, 'linux');
    assert.ok(!outcome.ok && outcome.message.includes('python3 -m pip install hybridize') && outcome.message.includes('no Python extension'));
  });

  it('tells a missing interpreter apart from a missing package', () => {
    const outcome = classifyCheck(launch, { errorCode: 'ENOENT', status: null, stdout: '', stderr: '' }, 'linux');
    assert.ok(!outcome.ok && outcome.problem === 'notFound' && /was not found/.test(outcome.message));
    const missingServer = classifyCheck(server, { errorCode: 'ENOENT', status: null, stdout: '', stderr: '' }, 'linux');
    assert.ok(!missingServer.ok && /hybridize\.serverPath/.test(missingServer.message));
  });

  it('reports another failure with the last line of its output', () => {
    const outcome = classifyCheck(launch, {
      status: 1, stdout: '', stderr: 'Traceback (most recent call last):\n  ...\nModuleNotFoundError: No module named \'rich\'\n',
    }, 'linux');
    assert.ok(!outcome.ok && outcome.problem === 'failed' && outcome.message.includes("No module named 'rich'"));
    const timeout = classifyCheck(launch, { status: null, stdout: '', stderr: '', timedOut: true }, 'linux');
    assert.ok(!timeout.ok && timeout.problem === 'timeout');
  });
});

describe('fixActions', () => {
  const launch = resolveServer({ serverPath: '', interpreter: ['/home/ada/project/.venv/bin/python'] }, undefined, linux);
  const server = resolveServer({ serverPath: '/v/bin/hybridize', interpreter: [] }, undefined, linux);

  it('offers to install into the interpreter when the package is missing', () => {
    assert.deepEqual(fixActions(launch, 'missing', true).map((action) => action.title),
      ['Install hybridize into …/bin/python', 'Select interpreter', 'Open settings', 'Show logs']);
    assert.equal(fixActions(launch, 'missing', false)[1].title, 'Set interpreter');
  });

  it('offers no install when the interpreter itself is missing or the server path is set', () => {
    assert.deepEqual(fixActions(launch, 'notFound', false).map((action) => action.id),
      ['selectInterpreter', 'openSettings', 'showLogs']);
    assert.deepEqual(fixActions(server, 'missing', true).map((action) => action.id), ['openSettings', 'showLogs']);
  });

  it('shortens long paths on the button', () => {
    assert.equal(shortName('/a/b/c/python3'), '…/c/python3');
    assert.equal(shortName('python3'), 'python3');
    assert.equal(shortName('C:\\venv\\Scripts\\python.exe'), '…/Scripts/python.exe');
  });
});
