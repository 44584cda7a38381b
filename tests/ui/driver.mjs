// What a Chromium driver of code-server needs whatever it checks: the config, a result.json with
// every step, screenshots, retries, opening VS Code and a file, the code action menu and hovers.
// Used by lightbulb.mjs and notebook.mjs.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads CONFIG.json (argv[2]): playwrightCore, chromium, url, outDir, timeoutMs and the scenario. */
export function readConfig() {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  mkdirSync(config.outDir, { recursive: true });
  return config;
}

/** Retries `attempt` until it returns a truthy value or the deadline passes. */
export async function until(what, attempt, timeoutMs, pauseMs = 500) {
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

/**
 * Runs `scenario(page, run)` in a fresh Chromium; writes outDir/result.json ({ok, step, error,
 * steps[], screenshots{}, and what the scenario adds}) and exits 1 on the first failed step,
 * after a screenshot of the failure.
 */
export async function drive(config, scenario) {
  const require = createRequire(import.meta.url);
  const { chromium } = require(config.playwrightCore);
  const result = { ok: false, step: null, error: null, steps: [], screenshots: {} };
  const started = Date.now();
  const log = (message) => {
    const line = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`;
    result.steps.push(line);
    console.log(line);
  };
  const browser = await chromium.launch({
    executablePath: config.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message.split('\n')[0]}`));
  const shot = async (name) => {
    const path = join(config.outDir, `${name}.png`);
    await page.screenshot({ path });
    result.screenshots[name] = path;
    log(`screenshot ${path}`);
  };
  const run = {
    result,
    log,
    shot,
    step: async (name, fn) => {
      result.step = name;
      log(`step: ${name}`);
      return fn();
    },
  };
  try {
    await scenario(page, run);
    result.ok = true;
    result.step = null;
  } catch (error) {
    result.error = error.message;
    log(`FAILED at "${result.step}": ${error.message}`);
    try {
      await shot('failure');
    } catch (shotError) {
      log(`no failure screenshot: ${shotError.message}`);
    }
  } finally {
    writeFileSync(join(config.outDir, 'result.json'), JSON.stringify(result, null, 2));
    await browser.close();
  }
  process.exit(result.ok ? 0 : 1);
}

/** Loads the workbench and waits for the explorer to list the folder. */
export async function openVsCode(page, url, timeoutMs) {
  await page.goto(url, { timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs });
}

/** Opens `file` with Quick Open (Ctrl+P) and waits for its tab. */
export async function quickOpen(page, file, timeoutMs) {
  await until(`Quick Open to list ${file}`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(file);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: file });
    await row.first().waitFor({ timeout: 5000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 });
    return true;
  }, 60000, 1000);
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: timeoutMs });
}

/**
 * Presses Ctrl+. after `place()` put the cursor, until the code action menu lists `title`;
 * returns the menu's text. VS Code answers Ctrl+. with the menu, or with a "No code actions
 * available" message, which the error then quotes.
 */
export async function codeActionMenu(page, title, place, timeoutMs) {
  const menu = page.locator('.action-widget');
  const item = menu.locator('.monaco-list-row', { hasText: title });
  const answer = page.locator('.action-widget:visible, .monaco-editor-overlaymessage:visible');
  let seen = '(nothing)';
  try {
    await until(`"${title}" in the code action menu`, async () => {
      await page.keyboard.press('Escape');
      await place();
      await page.keyboard.press('Control+.');
      await answer.first().waitFor({ state: 'visible', timeout: 5000 });
      seen = await answer.first().innerText();
      return (await menu.isVisible()) && (await item.count()) > 0;
    }, timeoutMs, 1000);
  } catch (error) {
    throw new Error(`${error.message}; Ctrl+. showed: ${JSON.stringify(seen)}`);
  }
  return menu.innerText();
}

/**
 * Applies `title` from the open code action menu with the keyboard, as a user of Ctrl+. would:
 * the focus moves to it (the preferred quick fix comes first and is focused already), then
 * Enter. (A click is swallowed by the menu's pointer block until the mouse moves.) Returns the
 * focused row's text.
 */
export async function applyFromMenu(page, title) {
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 10 && !(await focused.innerText()).includes(title); i++) {
    await page.keyboard.press('ArrowDown');
  }
  const applied = await focused.innerText();
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10000 });
  return applied;
}

/** Hovers `token` until a hover holding every text of `expect` shows; returns its text. */
export async function hoverText(page, token, expect) {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: expect[0] });
  const text = await until(`a hover saying ${JSON.stringify(expect[0])}`, async () => {
    await page.mouse.move(5, 400);
    await sleep(300);
    const box = await token.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await hover.first().waitFor({ state: 'visible', timeout: 5000 });
    return hover.first().innerText();
  }, 30000, 500);
  for (const expected of expect) {
    if (!text.includes(expected)) throw new Error(`the hover lacks ${JSON.stringify(expected)}: ${JSON.stringify(text)}`);
  }
  return text;
}
