// Drives a running code-server (a real VS Code) in Chromium the way a user would, for
// tests/ui/test_vscode_ui.py:
//   1. opens a Python file with Quick Open, waits for the server's diagnostics;
//   2. puts the cursor on a function that can be hybridized, presses Ctrl+. and expects the
//      refactoring in the code action menu (screenshot), applies it and saves;
//   3. hovers a function that cannot be converted and reads the explanation (screenshot);
//   4. opens the Problems panel and expects the tf.function with a trace-time side effect (screenshot).
//
//   node lightbulb.mjs CONFIG.json
//
// CONFIG (written by the test): playwrightCore, chromium, url, outDir, file (the name to type in
// Quick Open), convert {line, column, title, timeoutMs}, hover {line, name, expect[]},
// problem {line, expect[]}, timeoutMs. Writes outDir/result.json ({ok, step, error, steps[], ...}) and
// screenshots to outDir; exits 1 on the first failed step, after a screenshot of the failure.
import {
  applyFromMenu, codeActionMenu, drive, hoverText, openVsCode, quickOpen, readConfig, sleep, until,
} from './driver.mjs';

const config = readConfig();
const TIMEOUT = config.timeoutMs ?? 60000;

async function goToLine(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  // Go to Line is Quick Open with the ':' prefix already typed: keep it.
  await input.fill(column ? `:${line}:${column}` : `:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
}

/** The text of the rendered editor lines (only those on screen). */
async function editorText(page) {
  return page.locator('.editor-group-container.active .view-lines').innerText();
}

await drive(config, async (page, { result, log, shot, step }) => {
  await step('open VS Code', () => openVsCode(page, config.url, TIMEOUT));

  await step(`open ${config.file} with Quick Open`, () => quickOpen(page, config.file, TIMEOUT));

  await step('wait for the extension to start and the server to publish diagnostics', async () => {
    // The hybrid function with a trace-time side effect gets a warning: its squiggle in the
    // editor is the first sign that the server analysed the workspace.
    await until('a warning squiggle from the Hybridize server',
      async () => (await page.locator('.editor-group-container.active .squiggly-warning').count()) > 0,
      TIMEOUT);
  });

  const { line, column, title } = config.convert;
  await step(`open the code action menu on line ${line} and find "${title}"`, async () => {
    result.codeActionMenu = await codeActionMenu(page, title,
      () => goToLine(page, line, column), config.convert.timeoutMs ?? 30000);
    log(`code action menu: ${JSON.stringify(result.codeActionMenu)}`);
    await shot('code-action-menu');
  });

  await step(`apply "${title}" and save`, async () => {
    const decorators = async () => (await editorText(page)).split('@tf.function').length - 1;
    const before = await decorators();
    log(`applying: ${JSON.stringify(await applyFromMenu(page, title))}`);
    await until('one more @tf.function in the editor',
      async () => (await decorators()) > before, 20000);
    result.editorAfterEdit = await editorText(page);
    // VS Code saves the files a refactoring touched (files.refactoring.autoSave); Ctrl+S in case.
    await page.keyboard.press('Control+S');
    await until('the tab to be saved',
      async () => (await page.locator('.tab.active.dirty').count()) === 0, 20000);
    await shot('after-convert');
  });

  await step(`hover ${config.hover.name} and read the explanation`, async () => {
    await page.keyboard.press('Escape');
    await goToLine(page, config.hover.line);
    const token = page.locator('.editor-group-container.active .view-lines .view-line span span',
      { hasText: new RegExp(`^${config.hover.name}$`) }).first();
    const text = await hoverText(page, token, config.hover.expect);
    result.hover = text;
    log(`hover: ${JSON.stringify(text)}`);
    await sleep(800); // let the hover finish fading in
    await shot('hover');
    await page.mouse.move(5, 400);
  });

  await step('open the Problems panel and find the trace-time side effect', async () => {
    await page.keyboard.press('Escape');
    if (config.problem.line) await goToLine(page, config.problem.line); // its squiggle in view
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: 20000 });
    const row = panel.locator('.monaco-list-row', { hasText: config.problem.expect[0] });
    await until(`a problem saying ${JSON.stringify(config.problem.expect[0])}`,
      async () => (await row.count()) > 0, 30000);
    const text = await panel.innerText();
    result.problems = text;
    log(`problems: ${JSON.stringify(text)}`);
    for (const expected of config.problem.expect) {
      if (!text.includes(expected)) throw new Error(`the Problems panel lacks ${JSON.stringify(expected)}: ${JSON.stringify(text)}`);
    }
    await shot('problems');
  });
});
