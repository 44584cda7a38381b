// package.json (the settings schema and commands VS Code shows) agrees with the code.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

import { COMMANDS, SERVER_COMMANDS } from '../src/common/commands';
import {
  CLIENT_SETTING_KEYS, DEFAULT_SEVERITY, RESTART_SETTINGS, SERVER_SETTING_KEYS, SEVERITIES, TAGS,
} from '../src/common/settings';

interface Property {
  type: string;
  default: unknown;
  enum?: string[];
  items?: { type: string; enum?: string[] };
  scope?: string;
}

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, Property> = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('contributes exactly the server settings and the client settings', () => {
    const expected = [...SERVER_SETTING_KEYS, ...CLIENT_SETTING_KEYS].map((key) => `hybridize.${key}`).sort();
    assert.deepEqual(Object.keys(properties).sort(), expected);
  });

  it('gives the severities the server defaults and values', () => {
    for (const [kind, severity] of Object.entries(DEFAULT_SEVERITY)) {
      const property = properties[`hybridize.diagnostics.severity.${kind}`];
      assert.equal(property.default, severity, kind);
      assert.deepEqual(property.enum, [...SEVERITIES], kind);
      assert.deepEqual(properties[`hybridize.diagnostics.tags.${kind}`].items?.enum, [...TAGS], kind);
    }
  });

  it('has the documented defaults and types of the launch settings', () => {
    assert.deepEqual(properties['hybridize.interpreter'].default, []);
    assert.equal(properties['hybridize.interpreter'].items?.type, 'string');
    assert.equal(properties['hybridize.serverPath'].default, '');
    assert.equal(properties['hybridize.speculative'].default, false);
    assert.equal(properties['hybridize.inferSignatures'].default, false);
    assert.equal(properties['hybridize.observedTypes'].default, true);
    assert.equal(properties['hybridize.debounceMs'].default, 300);
    assert.deepEqual(properties['hybridize.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('has the verify settings and command in the palette', () => {
    assert.deepEqual(properties['hybridize.verify.command'].default, []);
    assert.equal(properties['hybridize.verify.timeout'].default, 600);
    const verify = manifest.contributes.commands.find(
      (command: { command: string }) => command.command === COMMANDS.verifyProposals);
    assert.equal(`${verify.category}: ${verify.title}`, 'Hybridize: Verify Proposals on My Tests');
  });

  it('contributes the extension commands and never the ids the language client registers', () => {
    const contributed: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command).sort();
    const own: string[] = Object.values(COMMANDS);
    for (const id of Object.values(SERVER_COMMANDS)) {
      assert.ok(!contributed.includes(id), id);
      assert.ok(!own.includes(id), id);
    }
    assert.deepEqual(contributed, own.sort());
  });

  it('works without the marketplace Python extension and activates on Python', () => {
    assert.equal(manifest.extensionDependencies, undefined);
    assert.ok(manifest.activationEvents.includes('onLanguage:python'));
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.engines.vscode, '^1.82.0');
  });

  it('supports untrusted workspaces in a limited way: the workspace cannot name the server', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    // The settings that name a program to run: the server's, and the command verify runs.
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(),
      [...RESTART_SETTINGS, 'hybridize.verify.command'].sort());
    assert.match(untrusted.description, /hybridize\.interpreter/);
    for (const key of RESTART_SETTINGS) {
      // A machine- or window-scoped setting would not be read per folder; resource keeps it per folder.
      assert.equal(properties[key].scope, 'resource', key);
    }
  });

  it('pins vscode-languageclient 9 and @types/vscode no newer than engines.vscode', () => {
    assert.equal(manifest.dependencies['vscode-languageclient'], '9.0.1');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.82.0');
  });
});
