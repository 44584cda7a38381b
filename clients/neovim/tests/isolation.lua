-- Headless test: the server the plugin starts never imports the project's modules (issue 11).
--
--   HYBRIDIZE_WORKSPACE=/tmp/ws HYBRIDIZE_CMD='["python","-m","hybridize","serve"]' \
--     nvim --headless --clean -l clients/neovim/tests/isolation.lua
--
-- Neovim runs in the workspace (its current folder), which holds canary modules named like the
-- modules the server imports (hybridize.py, json.py, pygls.py, ...): each writes a marker file
-- when imported. The user's config gives only `cmd` (the `python -m` form); the plugin's default
-- `cmd_cwd` must keep the workspace off `sys.path`. The script checks that the server works
-- (diagnostics on a file) and that :checkhealth's `--version` probe answers;
-- tests/test_launch_isolation.py then checks that no marker was written.

local harness = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
  .. '/harness.lua')
local plugin, workspace, cmd, TIMEOUT = harness.plugin, harness.workspace, harness.cmd,
  harness.TIMEOUT
local say = harness.say

local function main()
  assert(vim.fs.normalize(vim.fn.getcwd()) == vim.fs.normalize(workspace),
    'Neovim must run in the workspace: ' .. vim.fn.getcwd())
  vim.opt.runtimepath:prepend(plugin)
  vim.cmd('runtime! plugin/hybridize.lua')
  vim.cmd('filetype on')
  vim.lsp.config('hybridize', { cmd = cmd })
  vim.lsp.enable('hybridize')

  vim.cmd.edit(vim.fn.fnameescape(workspace .. '/augment.py'))
  local buf = vim.api.nvim_get_current_buf()
  local client
  assert(vim.wait(TIMEOUT, function()
    client = require('hybridize').client(buf)
    return client ~= nil and client.initialized
  end, 50), 'the hybridize client did not attach')
  local cwd = client.config.cmd_cwd
  say('cmd_cwd: ' .. tostring(cwd))
  assert(cwd and vim.fs.normalize(cwd) == vim.fs.normalize(plugin .. '/lua/hybridize'),
    'cmd_cwd: ' .. tostring(cwd))
  local ns = vim.lsp.diagnostic.get_namespace(client.id, false)
  assert(vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(buf, { namespace = ns }) > 0
  end, 50), 'no diagnostics from the server')
  say('diagnostics: ' .. #vim.diagnostic.get(buf, { namespace = ns }))

  vim.cmd('checkhealth hybridize')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  assert(report:find('found: hybridize %d'), 'the health probe did not answer:\n' .. report)
  say('health: the --version probe answered')
end

harness.run(main)
