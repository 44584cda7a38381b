import { strict as assert } from 'assert';

import { configuredCommand, suggestedCommand, verifyArgument } from '../src/common/verify';

describe('verify command', () => {
  it('takes the configured command as the server does, blank as unset', () => {
    assert.deepEqual(configuredCommand(['python', '-m', 'pytest', 'tests']), ['python', '-m', 'pytest', 'tests']);
    assert.equal(configuredCommand('  python train.py --steps 50 '), 'python train.py --steps 50');
    for (const unset of [undefined, null, '', '   ', [], [''], [' ', 'x'], [1, 2], {}]) {
      assert.equal(configuredCommand(unset), undefined, JSON.stringify(unset));
    }
  });

  it('proposes pytest with the server interpreter, quoted for the shell split', () => {
    assert.equal(suggestedCommand(['/venv/bin/python', '-X', 'dev']), '/venv/bin/python -m pytest');
    assert.equal(suggestedCommand(['/My Venv/bin/python']), "'/My Venv/bin/python' -m pytest");
    assert.equal(suggestedCommand(undefined), 'python -m pytest');
    assert.equal(suggestedCommand([]), 'python -m pytest');
  });

  it('names the folder and the progress token for the server', () => {
    assert.deepEqual(verifyArgument('pytest', 'file:///w', 't1'),
      { command: 'pytest', folder: 'file:///w', workDoneToken: 't1' });
  });
});
