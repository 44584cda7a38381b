// Drives a running code-server (a real VS Code) in Chromium through "Hybridize: Verify Proposals
// on My Tests", for test_vscode_verify_is_cancellable of tests/ui/test_vscode_ui.py. On the verify
// fixture (tests/fixtures/verify/editor) it opens ops.py, waits for the server's hint, runs the
// command from the palette, types the command to verify in the input box it asks with (a script
// that runs until stopped), waits for the progress notification to say "run 1 of 2: as written"
// and for the command's pid file, presses the notification's Cancel button and expects the
// server's "cancelled" message. Then it verifies again with pytest (config.fullInput), waits for
// the summary, and reads the verdicts: the hover of config.hover.name and the code action menu of
// config.menu.name. Screenshots of each.
//
//   node verify.mjs CONFIG.json
//
// CONFIG (written by the test): playwrightCore, chromium, url, outDir, timeoutMs, file (ops.py),
// command (the palette entry), input (the command typed in the input box), pidFile, fullInput,
// summary (text of the final message), hover {name, expect[]}, menu {name, title}.
import { existsSync, readFileSync } from 'node:fs';

import {
  codeActionMenu, drive, hoverText, openVsCode, quickOpen, readConfig, sleep, until,
} from './driver.mjs';

const config = readConfig();
const TIMEOUT = config.timeoutMs ?? 90000;

await drive(config, async (page, { result, log, shot, step }) => {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  const progress = toasts.filter({ hasText: 'Hybridize verify' });

  await step('open VS Code', () => openVsCode(page, config.url, TIMEOUT));
  await step(`open ${config.file}`, () => quickOpen(page, config.file, TIMEOUT));
  await step('wait for the server to publish its hints', async () => {
    await until('a hint from the Hybridize server', async () =>
      (await page.locator('.squiggly-hint').count()) > 0, TIMEOUT);
  });

  const runCommand = async (typed) => {
    await until(`"${config.command}" in the command palette`, async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(`>${config.command}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: config.command }).first()
        .waitFor({ timeout: 5000 });
      return true;
    }, TIMEOUT, 1000);
    await page.keyboard.press('Enter');
    const box = page.locator('.quick-input-widget', { hasText: 'verify the proposals' });
    await box.waitFor({ state: 'visible', timeout: 20000 });
    result.proposed = await box.locator('input').inputValue();
    log(`the input box proposes ${JSON.stringify(result.proposed)}`);
    await box.locator('input').fill(typed);
    await page.keyboard.press('Enter');
  };
  const nameToken = (name) => page.locator('.view-line', { hasText: `def ${name}(` })
    .locator('span span', { hasText: new RegExp(`^${name}$`) }).first();

  await step(`run "${config.command}" from the palette and type ${config.input}`,
    () => runCommand(config.input));

  await step('the progress notification says run 1 of 2, with a Cancel button', async () => {
    await until('the command to start', async () => existsSync(config.pidFile)
      && readFileSync(config.pidFile, 'utf8').length > 0, TIMEOUT);
    await until('"run 1 of 2: as written" in the notification', async () =>
      (await progress.filter({ hasText: 'run 1 of 2: as written' }).count()) > 0, 30000);
    result.progress = await progress.first().innerText();
    log(`notification: ${JSON.stringify(result.progress)}`);
    await shot('verify-progress');
  });

  await step('press Cancel', async () => {
    await progress.first().hover();
    await progress.first().getByRole('button', { name: 'Cancel' }).click();
    await until('the server to say the run was cancelled', async () =>
      (await toasts.filter({ hasText: 'cancelled; the command was stopped' }).count()) > 0, 60000);
    result.cancelled = await toasts.filter({ hasText: 'cancelled' }).first().innerText();
    log(`after Cancel: ${JSON.stringify(result.cancelled)}`);
    await sleep(500);
    await shot('verify-cancelled');
  });

  await step(`verify again with ${config.fullInput}`, async () => {
    await page.keyboard.press('Escape');
    await runCommand(config.fullInput);
    await until(`the summary "${config.summary}"`, async () =>
      (await toasts.filter({ hasText: config.summary }).count()) > 0, 240000, 1000);
    result.summary = await toasts.filter({ hasText: config.summary }).first().innerText();
    log(`summary: ${JSON.stringify(result.summary)}`);
    await shot('verify-summary');
  });

  await step(`hover ${config.hover.name} and read its verdict`, async () => {
    result.hover = await hoverText(page, nameToken(config.hover.name), config.hover.expect);
    log(`hover: ${JSON.stringify(result.hover)}`);
    await sleep(800);
    await shot('verify-hover');
    await page.mouse.move(5, 400);
  });

  await step(`the code action menu of ${config.menu.name}`, async () => {
    result.menu = await codeActionMenu(page, config.menu.title, async () => {
      const box = await nameToken(config.menu.name).boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await sleep(300);
    }, 30000);
    log(`menu: ${JSON.stringify(result.menu)}`);
    await shot('verify-menu');
    await page.keyboard.press('Escape');
  });
});
