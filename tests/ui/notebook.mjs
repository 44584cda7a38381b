// Drives a running code-server (a real VS Code) in Chromium through a conversion in a notebook,
// for the notebook tests of tests/ui/test_vscode_ui.py. It opens an .ipynb with Quick Open (VS
// Code's built-in notebook editor), then, with convert.via
//   'quickFix': waits for the server's diagnostic in the cell of the function, hovers the
//     function's name and reads the verdict (screenshot), clicks the name, presses Ctrl+. and
//     expects the refactoring in the code action menu (screenshot) and applies it;
//   'command': clicks the function's name (the cell is then the active editor) and runs the
//     command convert.command from the command palette;
// and saves the notebook once its cell shows @tf.function (screenshot). The test then reads the
// .ipynb on disk.
//
//   node notebook.mjs CONFIG.json
//
// CONFIG (written by the test): playwrightCore, chromium, url, outDir, timeoutMs, file (the
// notebook's name to type in Quick Open), path (the notebook on disk, to see the save land),
// convert {via, name (the function), title (quick fix) or command (palette), timeoutMs},
// hover {expect[]} (quick fix).
import { readFileSync } from 'node:fs';

import {
  applyFromMenu, codeActionMenu, drive, hoverText, openVsCode, quickOpen, readConfig, sleep, until,
} from './driver.mjs';

const config = readConfig();
const TIMEOUT = config.timeoutMs ?? 60000;
const { name, title, command } = config.convert;

await drive(config, async (page, { result, log, shot, step }) => {
  // VS Code lays the notebook editor over the editor group, outside the group's element.
  const notebook = page.locator('.notebookOverlay.notebook-editor');
  // The code cell that defines the function, and its name on the `def` line.
  const cell = notebook.locator('.code-cell-row', { hasText: `def ${name}(` });
  // The cell's lines top to bottom (the editor positions its line elements; DOM order differs).
  const cellText = () => cell.locator('.view-line').evaluateAll((lines) => lines
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((line) => line.textContent.replace(/\u00a0/g, ' ')).join('\n'));
  const token = cell.locator('.view-line', { hasText: `def ${name}(` })
    .locator('span span', { hasText: new RegExp(`^${name}$`) }).first();
  // A click on the name puts the cursor there and the cell in edit mode (the active editor).
  const clickName = async () => {
    const box = await token.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  };
  const converted = async () => {
    await until('@tf.function in the cell of the function',
      async () => (await cellText()).includes('@tf.function'), 20000);
    result.cellAfterEdit = await cellText();
    log(`cell after the edit: ${JSON.stringify(result.cellAfterEdit)}`);
  };

  async function quickFix() {
    await step('wait for the server to publish the diagnostic in the cell of the function', async () => {
      // A function that can be hybridized gets a hint (dots under its name) by default.
      await until(`a hint from the Hybridize server in the cell of ${name}`,
        async () => (await cell.locator('.squiggly-hint').count()) > 0, TIMEOUT);
    });

    await step(`hover ${name} in its cell and read the verdict`, async () => {
      const text = await hoverText(page, token, config.hover.expect);
      result.hover = text;
      log(`hover: ${JSON.stringify(text)}`);
      await sleep(800); // let the hover finish fading in
      await shot('notebook-hover');
      await page.mouse.move(5, 400);
    });

    await step(`open the code action menu on ${name} in its cell and find "${title}"`, async () => {
      result.codeActionMenu = await codeActionMenu(page, title, async () => {
        await clickName();
        await sleep(300);
      }, config.convert.timeoutMs ?? 30000);
      log(`code action menu: ${JSON.stringify(result.codeActionMenu)}`);
      await shot('notebook-code-action-menu');
    });

    await step(`apply "${title}"`, async () => {
      log(`applying: ${JSON.stringify(await applyFromMenu(page, title))}`);
      await converted();
    });
  }

  async function paletteCommand() {
    await step(`run "${command}" with the cursor in the cell of ${name}`, async () => {
      // The extension activates on Python; the palette lists the command once it has.
      await until(`"${command}" in the command palette`, async () => {
        await page.keyboard.press('Escape');
        await clickName();
        await page.keyboard.press('Control+Shift+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 5000 });
        await input.fill(`>${command}`);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first()
          .waitFor({ timeout: 5000 });
        return true;
      }, TIMEOUT, 1000);
      await page.keyboard.press('Enter');
      await converted();
    });
  }

  await step('open VS Code', () => openVsCode(page, config.url, TIMEOUT));

  await step(`open ${config.file} in the notebook editor`, async () => {
    await quickOpen(page, config.file, TIMEOUT);
    await cell.waitFor({ timeout: TIMEOUT });
  });

  await (config.convert.via === 'command' ? paletteCommand() : quickFix());

  await step('save the notebook', async () => {
    // Saved when the file on disk holds the decorator (VS Code may also save it by itself after
    // a refactoring, files.refactoring.autoSave); Ctrl+S again is harmless.
    await until('the notebook on disk to hold @tf.function and its tab to be clean', async () => {
      await page.keyboard.press('Control+S');
      await sleep(1000);
      return readFileSync(config.path, 'utf8').includes('@tf.function')
        && (await page.locator('.tab.active.dirty').count()) === 0;
    }, 20000, 500);
    await shot('notebook-after-convert');
  });
});
