import { strict as assert } from 'assert';

import {
  CLIENT_SETTING_KEYS,
  DEFAULT_SEVERITY,
  explicitValue,
  sentValue,
  Getter,
  readLaunchSettings,
  SERVER_SETTING_KEYS,
  toServerSettings,
} from '../src/common/settings';

/** A `WorkspaceConfiguration.get` over a nested object, as VS Code resolves dotted keys. */
function getter(section: Record<string, unknown>): Getter {
  return (key) => {
    let node: unknown = section;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || node === null) {
        return undefined;
      }
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  };
}

describe('toServerSettings', () => {
  it('maps flat and dotted keys into the nested shape the server reads', () => {
    const settings = toServerSettings(getter({
      speculative: true,
      inferSignatures: false,
      exclude: ['build/*', '*_pb2.py'],
      debounceMs: 0,
      diagnostics: {
        severity: { convertToHybrid: 'information', convertToEager: 'off' },
        tags: { convertToEager: ['unnecessary'] },
      },
    }));
    assert.deepEqual(settings, {
      speculative: true,
      inferSignatures: false,
      exclude: ['build/*', '*_pb2.py'],
      debounceMs: 0,
      diagnostics: {
        severity: { convertToHybrid: 'information', convertToEager: 'off' },
        tags: { convertToEager: ['unnecessary'] },
      },
    });
  });

  it('never sends the client-only settings', () => {
    const settings = toServerSettings(getter({
      interpreter: ['/venv/bin/python'],
      serverPath: '/usr/local/bin/hybridize',
      trace: { server: 'verbose' },
      speculative: true,
    }));
    assert.deepEqual(settings, { speculative: true });
  });

  it('leaves unset (undefined or null) settings out so the server uses its defaults', () => {
    assert.deepEqual(toServerSettings(() => undefined), {});
    assert.deepEqual(toServerSettings(getter({ debounceMs: null, exclude: ['a'] })), { exclude: ['a'] });
  });

  it('passes values of a wrong type through for the server to report', () => {
    const settings = toServerSettings(getter({
      debounceMs: 'fast',
      speculative: 'yes',
      diagnostics: { severity: { warning: 'loud' } },
    }));
    assert.deepEqual(settings, {
      speculative: 'yes',
      debounceMs: 'fast',
      diagnostics: { severity: { warning: 'loud' } },
    });
  });

  it('copies values, so the result does not alias the configuration', () => {
    const exclude = ['a/*'];
    const settings = toServerSettings(getter({ exclude }));
    (settings.exclude as string[]).push('b/*');
    assert.deepEqual(exclude, ['a/*']);
  });

  it('covers every severity and tag kind of the server and no client key', () => {
    for (const kind of Object.keys(DEFAULT_SEVERITY)) {
      assert.ok(SERVER_SETTING_KEYS.includes(`diagnostics.severity.${kind}`), kind);
      assert.ok(SERVER_SETTING_KEYS.includes(`diagnostics.tags.${kind}`), kind);
    }
    for (const key of CLIENT_SETTING_KEYS) {
      assert.ok(!SERVER_SETTING_KEYS.includes(key), key);
    }
  });
});

describe('readLaunchSettings', () => {
  it('reads serverPath and interpreter', () => {
    assert.deepEqual(
      readLaunchSettings(getter({ serverPath: ' /opt/hybridize ', interpreter: ['/venv/bin/python', '-X', 'utf8'] })),
      { serverPath: '/opt/hybridize', interpreter: ['/venv/bin/python', '-X', 'utf8'] });
  });

  it('treats missing values as unset', () => {
    assert.deepEqual(readLaunchSettings(() => undefined), { serverPath: '', interpreter: [] });
  });

  it('accepts a hand-written string interpreter and drops blanks and non-strings', () => {
    assert.deepEqual(readLaunchSettings(getter({ interpreter: '/usr/bin/python3' })).interpreter, ['/usr/bin/python3']);
    assert.deepEqual(readLaunchSettings(getter({ interpreter: ['', ' /p/python ', 3, '-u'] })).interpreter, ['/p/python', '-u']);
    assert.deepEqual(readLaunchSettings(getter({ interpreter: [' '], serverPath: 42 })), { serverPath: '', interpreter: [] });
  });
});

describe('explicitValue', () => {
  it('sends only what the user set, the most specific scope first', () => {
    assert.equal(explicitValue(undefined), undefined);
    assert.equal(explicitValue({}), undefined); // only the default: the project file decides
    assert.equal(explicitValue({ globalValue: true }), true);
    assert.equal(explicitValue({ globalValue: true, workspaceValue: false }), false);
    assert.equal(explicitValue({ workspaceValue: 1, workspaceFolderValue: 2 }), 2);
  });
});

describe('sentValue', () => {
  it('sends the command verify runs only from the user settings in an untrusted workspace', () => {
    const inspected = { globalValue: ['python', '-m', 'pytest'], workspaceValue: ['python', 'evil.py'] };
    assert.deepEqual(sentValue('verify.command', inspected, true), ['python', 'evil.py']);
    assert.deepEqual(sentValue('verify.command', inspected, false), ['python', '-m', 'pytest']);
    assert.equal(sentValue('verify.command', { workspaceValue: ['python', 'evil.py'] }, false), undefined);
    assert.equal(sentValue('speculative', { workspaceValue: true }, false), true);
  });
});
