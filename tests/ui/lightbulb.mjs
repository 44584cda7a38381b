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
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const require = createRequire(import.meta.url);
const { chromium } = require(config.playwrightCore);
const TIMEOUT = config.timeoutMs ?? 60000;
mkdirSync(config.outDir, { recursive: true });

const result = { ok: false, step: null, error: null, steps: [], screenshots: {} };
const started = Date.now();
function log(message) {
  const line = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`;
  result.steps.push(line);
  console.log(line);
}
async function step(name, fn) {
  result.step = name;
  log(`step: ${name}`);
  return fn();
}
async function shot(page, name, options = {}) {
  const path = join(config.outDir, `${name}.png`);
  await page.screenshot({ path, ...options });
  result.screenshots[name] = path;
  log(`screenshot ${path}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `attempt` until it returns a truthy value or the deadline passes. */
async function until(what, attempt, timeoutMs = TIMEOUT, pauseMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await attempt();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message.split('\n')[0]}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${detail}`);
    }
    await sleep(pauseMs);
  }
}

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

const browser = await chromium.launch({
  executablePath: config.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
page.on('pageerror', (error) => log(`page error: ${error.message.split('\n')[0]}`));

try {
  await step('open VS Code', async () => {
    await page.goto(config.url, { timeout: TIMEOUT });
    await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT });
    // The explorer shows the folder's files once the workbench has restored.
    await page.locator('.explorer-folders-view .monaco-list-row').first()
      .waitFor({ timeout: TIMEOUT });
  });

  await step(`open ${config.file} with Quick Open`, async () => {
    await until('Quick Open to list the file', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(config.file);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: config.file });
      await row.first().waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      await page.locator('.editor-group-container.active .view-lines')
        .waitFor({ timeout: 10000 });
      return true;
    }, 60000, 1000);
    await page.locator('.tab.active', { hasText: config.file }).waitFor({ timeout: TIMEOUT });
  });

  await step('wait for the extension to start and the server to publish diagnostics', async () => {
    // The hybrid function with a trace-time side effect gets a warning: its squiggle in the
    // editor is the first sign that the server analysed the workspace.
    await until('a warning squiggle from the Hybridize server',
      async () => (await page.locator('.editor-group-container.active .squiggly-warning').count()) > 0,
      TIMEOUT);
  });

  await step(`open the code action menu on line ${config.convert.line} and find "${config.convert.title}"`, async () => {
    const menu = page.locator('.action-widget');
    const item = menu.locator('.monaco-list-row', { hasText: config.convert.title });
    // VS Code answers Ctrl+. with the menu, or with a "No code actions available" message.
    const answer = page.locator('.action-widget:visible, .monaco-editor-overlaymessage:visible');
    let seen = '(nothing)';
    try {
      await until(`"${config.convert.title}" in the code action menu`, async () => {
        await page.keyboard.press('Escape');
        await goToLine(page, config.convert.line, config.convert.column);
        await page.keyboard.press('Control+.');
        await answer.first().waitFor({ state: 'visible', timeout: 5000 });
        seen = await answer.first().innerText();
        return (await menu.isVisible()) && (await item.count()) > 0;
      }, config.convert.timeoutMs ?? 30000, 1000);
    } catch (error) {
      throw new Error(`${error.message}; Ctrl+. showed: ${JSON.stringify(seen)}`);
    }
    result.codeActionMenu = await menu.innerText();
    log(`code action menu: ${JSON.stringify(result.codeActionMenu)}`);
    await shot(page, 'code-action-menu');
  });

  await step(`apply "${config.convert.title}" and save`, async () => {
    // Keyboard, as a user of Ctrl+. would: move the focus to the refactoring (the preferred
    // quick fix comes first and is focused already), then Enter. (A click is swallowed by the
    // menu's pointer block until the mouse moves.)
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && !(await focused.innerText()).includes(config.convert.title); i++) {
      await page.keyboard.press('ArrowDown');
    }
    log(`applying: ${JSON.stringify(await focused.innerText())}`);
    const decorators = async () => (await editorText(page)).split('@tf.function').length - 1;
    const before = await decorators();
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10000 });
    await until('one more @tf.function in the editor',
      async () => (await decorators()) > before, 20000);
    result.editorAfterEdit = await editorText(page);
    // VS Code saves the files a refactoring touched (files.refactoring.autoSave); Ctrl+S in case.
    await page.keyboard.press('Control+S');
    await until('the tab to be saved',
      async () => (await page.locator('.tab.active.dirty').count()) === 0, 20000);
    await shot(page, 'after-convert');
  });

  await step(`hover ${config.hover.name} and read the explanation`, async () => {
    await page.keyboard.press('Escape');
    await goToLine(page, config.hover.line);
    const token = page.locator('.editor-group-container.active .view-lines .view-line span span',
      { hasText: new RegExp(`^${config.hover.name}$`) }).first();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: config.hover.expect[0] });
    const text = await until(`a hover on ${config.hover.name} saying ${JSON.stringify(config.hover.expect[0])}`, async () => {
      await page.mouse.move(5, 400);
      await sleep(300);
      const box = await token.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      await hover.first().waitFor({ state: 'visible', timeout: 5000 });
      return hover.first().innerText();
    }, 30000, 500);
    result.hover = text;
    log(`hover: ${JSON.stringify(text)}`);
    for (const expected of config.hover.expect) {
      if (!text.includes(expected)) throw new Error(`the hover lacks ${JSON.stringify(expected)}: ${JSON.stringify(text)}`);
    }
    await sleep(800); // let the hover finish fading in
    await shot(page, 'hover');
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
    await shot(page, 'problems');
  });

  result.ok = true;
  result.step = null;
} catch (error) {
  result.error = error.message;
  log(`FAILED at "${result.step}": ${error.message}`);
  try {
    await shot(page, 'failure');
  } catch (shotError) {
    log(`no failure screenshot: ${shotError.message}`);
  }
} finally {
  writeFileSync(join(config.outDir, 'result.json'), JSON.stringify(result, null, 2));
  await browser.close();
}
process.exit(result.ok ? 0 : 1);
