// The "Hybridize: Verify Proposals on My Tests" command's decisions. Pure module (no `vscode`
// import), so mocha tests it without the editor.

/**
 * The command `hybridize.verify.command` names, as the server takes it (a list of strings, or
 * one string it splits as a shell would); undefined when unset or blank, so that the user is
 * asked instead.
 */
export function configuredCommand(value: unknown): string[] | string | undefined {
  if (typeof value === 'string') {
    return value.trim() === '' ? undefined : value.trim();
  }
  if (Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === 'string')
      && (value[0] as string).trim() !== '') {
    return value as string[];
  }
  return undefined;
}

/** A shell word, quoted only when it needs to be (the server splits it with shlex). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/**
 * What the input box proposes when no command is set: pytest run by the server's interpreter
 * (the workspace's, from the Python extension or `hybridize.interpreter`), else `python`.
 */
export function suggestedCommand(python: string[] | undefined): string {
  const interpreter = python && python.length > 0 && python[0].trim() !== '' ? python[0] : 'python';
  return `${shellWord(interpreter)} -m pytest`;
}

/** The argument of the server's `hybridize.verify` command. */
export function verifyArgument(command: string[] | string, folderUri: string, token: string): {
  command: string[] | string; folder: string; workDoneToken: string;
} {
  return { command, folder: folderUri, workDoneToken: token };
}
