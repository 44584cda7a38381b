// Command ids. Pure module (no `vscode` import).

/**
 * Commands the server registers through `executeCommandProvider`. vscode-languageclient
 * registers each of them as a VS Code command under the same id, so the extension must never
 * register these ids itself ("command already exists"); its own commands send
 * `workspace/executeCommand` with them.
 */
export const SERVER_COMMANDS = {
  file: 'hybridize.hybridizeFile',
  workspace: 'hybridize.hybridizeWorkspace',
  verify: 'hybridize.verify',
  verifyCancel: 'hybridize.verifyCancel',
} as const;

/** The extension's own commands (contributed in package.json). */
export const COMMANDS = {
  file: 'hybridize.file',
  workspace: 'hybridize.workspace',
  restart: 'hybridize.restart',
  showLogs: 'hybridize.showLogs',
  verifyProposals: 'hybridize.verifyProposals',
} as const;
