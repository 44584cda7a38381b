-- Headless test of :HybridizeVerify and :HybridizeVerifyCancel against the real server, on a copy
-- of tests/fixtures/verify/editor (pytest confirms `scale`, refutes `weighted_mean`).
--
--   HYBRIDIZE_WORKSPACE=/tmp/ws HYBRIDIZE_CMD='["python","-m","hybridize","serve"]' \
--     nvim --headless --clean -l clients/neovim/tests/verify.lua
--
-- The first interpreter of HYBRIDIZE_CMD runs the tests. It writes the pid of the cancelled
-- command to HYBRIDIZE_WORKSPACE/slow.pid; tests/clients/test_neovim.py checks it is gone.

local harness = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
  .. '/harness.lua')
local plugin, workspace, cmd, say = harness.plugin, harness.workspace, harness.cmd, harness.say
local RUN_TIMEOUT = 300000

local progress = {} -- the verify progress values seen through LspProgress, in order
local messages = {}

local function wait_for(what, cond, timeout)
  assert(vim.wait(timeout or harness.TIMEOUT, cond, 50), 'timed out waiting for ' .. what)
end

local function seen(predicate)
  for _, value in ipairs(progress) do
    if predicate(value) then
      return value
    end
  end
  return nil
end

local function row_of(buf, text)
  for i, line in ipairs(harness.lines(buf)) do
    if line:find(text, 1, true) then
      return i - 1
    end
  end
  error('no line with ' .. text)
end

local function main()
  vim.opt.runtimepath:prepend(plugin)
  vim.cmd('runtime! plugin/hybridize.lua')
  vim.cmd('filetype on')
  local show = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
    table.insert(messages, result.message)
    say('server message: ' .. result.message)
    return show(err, result, ctx, config)
  end
  -- Only the verify run's own token: the server's analysis progress of the workspace may end
  -- after a verify run began (seen on a loaded machine: its "end" was taken for the run's).
  local verify_token = nil
  vim.api.nvim_create_autocmd('LspProgress', {
    callback = function(args)
      local params = args.data.params
      local value = params.value
      if type(value) ~= 'table' then
        return
      end
      if value.kind == 'begin' and value.title == 'Hybridize verify' then
        verify_token = params.token
      end
      if verify_token ~= nil and params.token == verify_token then
        table.insert(progress, value)
        say('progress: ' .. tostring(value.kind) .. ' ' .. tostring(value.message))
      end
    end,
  })
  vim.lsp.config('hybridize', { cmd = cmd, settings = { hybridize = { debounceMs = 0 } } })
  vim.lsp.enable('hybridize')

  vim.cmd.edit(vim.fn.fnameescape(workspace .. '/ops.py'))
  local buf = vim.api.nvim_get_current_buf()
  local client
  wait_for('the client', function()
    client = require('hybridize').client(buf)
    return client ~= nil and client.initialized
  end)
  for _, name in ipairs({ 'HybridizeVerify', 'HybridizeVerifyCancel' }) do
    assert(vim.api.nvim_buf_get_commands(buf, {})[name], 'no buffer-local :' .. name)
  end
  local ns = vim.lsp.diagnostic.get_namespace(client.id, false)
  wait_for('diagnostics on ops.py', function()
    return #vim.diagnostic.get(buf, { namespace = ns }) >= 2
  end)

  -- 1. Verify with pytest: progress, then the verdicts in the hover and the diagnostics.
  vim.cmd('HybridizeVerify ' .. vim.fn.shellescape(cmd[1])
    .. ' -m pytest -q -p no:cacheprovider test_ops.py')
  wait_for('the end of the verify run', function()
    return seen(function(v) return v.kind == 'end' end) ~= nil
  end, RUN_TIMEOUT)
  local begin = assert(seen(function(v) return v.kind == 'begin' end), 'no begin')
  assert(begin.cancellable == true, 'the verify progress is not cancellable')
  assert(seen(function(v) return v.message == 'run 1 of 2: as written' end), 'no run 1 of 2')
  assert(seen(function(v) return v.message == 'run 2 of 2: with the proposals' end),
    'no run 2 of 2')
  local done = seen(function(v) return v.kind == 'end' end)
  assert(done.message:find('1 confirmed, 1 refuted, 0 not exercised', 1, true), done.message)

  local row = row_of(buf, 'def scale')
  local hover = client:request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = row, character = 5 },
  }, harness.TIMEOUT, buf)
  local text = hover.result.contents.value
  assert(text:find('Confirmed by your tests', 1, true), text)
  local refuted_row = row_of(buf, 'def weighted_mean')
  wait_for('the verdict in the diagnostic of weighted_mean', function()
    for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns, lnum = refuted_row })) do
      if d.message:find('refuted: `test_weighted_mean_of_stored_float64_values` failed', 1,
          true) then
        return true
      end
    end
    return false
  end)
  say('verdicts shown')

  -- 2. A command that runs until stopped: :HybridizeVerifyCancel ends it.
  progress = {}
  local pid_file = workspace .. '/slow.pid'
  vim.cmd('HybridizeVerify ' .. vim.fn.shellescape(cmd[1]) .. ' slow.py '
    .. vim.fn.shellescape(pid_file))
  wait_for('the slow command to start', function()
    return vim.fn.filereadable(pid_file) == 1 and #vim.fn.readfile(pid_file) > 0
  end, RUN_TIMEOUT)
  wait_for('the first run', function()
    return seen(function(v) return v.message == 'run 1 of 2: as written' end) ~= nil
  end)
  vim.cmd('HybridizeVerifyCancel')
  wait_for('the cancelled end', function()
    local ending = seen(function(v) return v.kind == 'end' end)
    return ending ~= nil and ending.message:find('cancelled', 1, true) ~= nil
  end, 60000)
  say('cancelled')
end

harness.run(main)
