-- Headless end-to-end test of the Neovim plugin against the real Hybridize server.
--
--   HYBRIDIZE_WORKSPACE=/tmp/ws HYBRIDIZE_CMD='["python","-m","hybridize","serve"]' \
--     nvim --headless --clean -l clients/neovim/tests/e2e.lua
--
-- The workspace is a copy of clients/neovim/tests/workspace (the script edits and writes it).
-- Exit status 0 when every check passes; otherwise 1, with the reason on stderr.
-- tests/clients/test_neovim.py runs it and checks the files on disk afterwards.

local harness = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
  .. '/harness.lua')
local plugin, workspace, cmd, TIMEOUT = harness.plugin, harness.workspace, harness.cmd,
  harness.TIMEOUT
local say, lines, count = harness.say, harness.lines, harness.count

local CONVERT = 'Convert to hybrid function (add @tf.function)'
local WHOLE_FILE = 'Hybridize all safe functions in this file'
local ACCENTED = 'échelonne_à_l_été' -- 17 characters, 21 bytes in UTF-8


local messages = {} -- window/showMessage from the server

local function wait_for(what, cond, timeout)
  local ok = vim.wait(timeout or TIMEOUT, cond, 50)
  assert(ok, 'timed out waiting for ' .. what)
end


local function find_line(buf, text) -- 0-based row of the first line containing `text`
  for i, line in ipairs(lines(buf)) do
    if line:find(text, 1, true) then
      return i - 1
    end
  end
  error(string.format('no line with %q in %s', text, vim.api.nvim_buf_get_name(buf)))
end


local function decorated(buf, def) -- the line above `def` is @tf.function
  local row = find_line(buf, def)
  return row > 0 and lines(buf)[row] == '@tf.function'
end

local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.bo[buf].filetype == 'python', 'filetype of ' .. path .. ' is ' .. vim.bo[buf].filetype)
  local client
  wait_for('the hybridize client to attach to ' .. path, function()
    client = require('hybridize').client(buf)
    return client ~= nil and client.initialized
  end)
  return buf, client
end

local function request(client, buf, method, params)
  local response, err = client:request_sync(method, params, TIMEOUT, buf)
  assert(response, method .. ' failed: ' .. tostring(err))
  assert(not response.err, method .. ' returned an error: ' .. vim.inspect(response.err))
  return response.result
end

local function hybridize_diagnostics(client, buf)
  local ns = vim.lsp.diagnostic.get_namespace(client.id, false)
  return vim.diagnostic.get(buf, { namespace = ns })
end

local function main()
  vim.opt.runtimepath:prepend(plugin)
  vim.cmd('runtime! plugin/hybridize.lua') -- what a plugin manager or startup does
  vim.cmd('filetype on')

  local show = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
    table.insert(messages, result.message)
    say('server message: ' .. result.message)
    return show(err, result, ctx, config)
  end

  -- The user's config: only cmd and settings; the rest comes from lsp/hybridize.lua.
  vim.lsp.config('hybridize', {
    cmd = cmd,
    settings = {
      hybridize = {
        debounceMs = 0,
        exclude = {}, -- an empty list stays a list
        diagnostics = { severity = { convertToHybrid = 'information' }, tags = {} },
      },
    },
  })
  vim.lsp.enable('hybridize')

  -- 1. Open a TensorFlow file; the client attaches with the workspace as its root.
  local prep, client = open(workspace .. '/préparation.py')
  assert(vim.fs.normalize(client.root_dir) == vim.fs.normalize(workspace),
    'root_dir is ' .. tostring(client.root_dir) .. ', not ' .. workspace)
  say('client attached, offset encoding ' .. client.offset_encoding)
  local commands = vim.api.nvim_buf_get_commands(prep, {})
  for _, name in ipairs({ 'HybridizeFile', 'HybridizeWorkspace', 'HybridizeInfo', 'HybridizeRestart' }) do
    assert(commands[name], 'no buffer-local :' .. name)
  end

  -- 2. Diagnostics arrive once the server has indexed the workspace; their severity comes
  -- from the settings (information instead of the default hint).
  wait_for('diagnostics on préparation.py', function()
    return #hybridize_diagnostics(client, prep) >= 2
  end)
  local accented_row = find_line(prep, 'def ' .. ACCENTED)
  local accented
  for _, d in ipairs(hybridize_diagnostics(client, prep)) do
    assert(d.severity == vim.diagnostic.severity.INFO,
      'settings not applied: severity ' .. tostring(d.severity) .. ' for ' .. d.message)
    if d.lnum == accented_row then
      accented = d
    end
  end
  assert(accented, 'no diagnostic on ' .. ACCENTED)
  local line = lines(prep)[accented_row + 1]
  local range_text = line:sub(accented.col + 1, accented.end_col)
  assert(range_text == ACCENTED, string.format(
    'diagnostic columns %d-%d cover %q, not the name %q (position encoding)',
    accented.col, accented.end_col, range_text, ACCENTED))
  assert(#messages == 0, 'the server complained: ' .. table.concat(messages, '; '))

  -- 3. Code actions at `def normalise`: the quick fix on its diagnostic and the whole-file
  -- source action.
  local row = find_line(prep, 'def normalise')
  vim.api.nvim_win_set_cursor(0, { row + 1, 4 })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  local ns = vim.lsp.diagnostic.get_namespace(client.id, false)
  params.context = {
    triggerKind = vim.lsp.protocol.CodeActionTriggerKind.Invoked,
    diagnostics = vim.tbl_map(function(d)
      return d.user_data.lsp
    end, vim.diagnostic.get(prep, { namespace = ns, lnum = row })),
  }
  assert(#params.context.diagnostics == 1, 'expected one diagnostic at def normalise')
  local actions = request(client, prep, 'textDocument/codeAction', params)
  assert(type(actions) == 'table' and #actions > 0, 'no code actions at def normalise')
  local by_kind = {}
  for _, action in ipairs(actions) do
    say(string.format('code action: [%s] %s', action.kind, action.title))
    -- The first of a kind: the refactoring comes before "Ignore CODE for this function".
    by_kind[action.kind] = by_kind[action.kind] or action
  end
  -- With its diagnostic in the context, the refactoring comes once, as the preferred quick fix.
  local action = by_kind.quickfix
  assert(action and action.title == CONVERT, 'no "' .. CONVERT .. '" quick fix on the diagnostic')
  assert(action.isPreferred, 'the quick fix is not preferred')
  assert(by_kind['refactor.rewrite.hybridize'] == nil, 'the refactoring is offered twice')
  assert(by_kind['source.hybridize'] and by_kind['source.hybridize'].title == WHOLE_FILE,
    'no "' .. WHOLE_FILE .. '" source action')
  -- Asked for refactorings only (a Refactor menu), it is a refactor.rewrite action.
  local refactor_params = vim.deepcopy(params)
  refactor_params.context.only = { 'refactor' }
  local refactors = request(client, prep, 'textDocument/codeAction', refactor_params)
  assert(type(refactors) == 'table' and #refactors == 1
    and refactors[1].kind == 'refactor.rewrite.hybridize' and refactors[1].title == CONVERT,
    'context.only = {"refactor"} did not give the refactoring: ' .. vim.inspect(refactors))

  -- 4. Resolve (Neovim 0.11 declares resolveSupport for `edit`, so the server is lazy), apply,
  -- write.
  if action.edit == nil then
    say('resolving the action (lazy edit)')
    action = request(client, prep, 'codeAction/resolve', action)
  end
  assert(action.edit, 'the resolved action has no edit: ' .. vim.inspect(action))
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  assert(decorated(prep, 'def normalise'), 'no @tf.function above normalise:\n'
    .. table.concat(lines(prep), '\n'))
  assert(count(prep, '@tf.function') == 1, 'more than normalise was decorated')
  vim.cmd.write()

  -- 5. Hover on a function that cannot be converted: the reason.
  row = find_line(prep, 'def bavard')
  vim.api.nvim_win_set_cursor(0, { row + 1, 5 })
  local hover = request(client, prep, 'textDocument/hover',
    vim.lsp.util.make_position_params(0, client.offset_encoding))
  assert(hover and hover.contents, 'no hover on bavard')
  assert(hover.contents.kind == 'markdown', 'hover is not markdown: ' .. vim.inspect(hover))
  local value = hover.contents.value
  say('hover on bavard:\n' .. value)
  assert(value:find('Not hybridized', 1, true), 'the hover does not say it is not hybridized')
  assert(value:find('print', 1, true), 'the hover does not name the print')
  assert(value:find('HAS_PYTHON_SIDE_EFFECTS', 1, true), 'the hover does not give the reason code')
  assert(value:find('tf.print', 1, true), 'the hover does not say what to change')

  -- Hover at the last character of a non-ASCII name: only right if the server reads the
  -- column in the negotiated encoding (in UTF-16 units this column is past the name).
  row = find_line(prep, 'def ' .. ACCENTED)
  vim.api.nvim_win_set_cursor(0, { row + 1, 4 + #ACCENTED - 1 })
  hover = request(client, prep, 'textDocument/hover',
    vim.lsp.util.make_position_params(0, client.offset_encoding))
  assert(hover and hover.contents and hover.contents.value:find('Can be hybridized', 1, true),
    'no "Can be hybridized" hover at the end of ' .. ACCENTED .. ': ' .. vim.inspect(hover))

  -- 6. :HybridizeFile on another file: the server sends workspace/applyEdit.
  local augment = open(workspace .. '/augment.py')
  vim.cmd('HybridizeFile')
  wait_for(':HybridizeFile to edit augment.py', function()
    return count(augment, '@tf.function') == 2
  end)
  assert(decorated(augment, 'def flip') and decorated(augment, 'def brighten'),
    'augment.py:\n' .. table.concat(lines(augment), '\n'))
  assert(not decorated(augment, 'def run'), 'run() was decorated')
  vim.cmd.write()

  -- 7. :HybridizeWorkspace: the open préparation.py and extra.py, which is not open.
  vim.cmd('HybridizeWorkspace')
  local extra
  wait_for(':HybridizeWorkspace to edit préparation.py and extra.py', function()
    extra = vim.fn.bufnr(workspace .. '/extra.py')
    return extra > 0 and vim.api.nvim_buf_is_loaded(extra) and count(extra, '@tf.function') == 1
      and count(prep, '@tf.function') == 2
  end)
  assert(decorated(prep, 'def ' .. ACCENTED), 'no @tf.function above ' .. ACCENTED)
  assert(count(augment, '@tf.function') == 2, 'augment.py was decorated twice')
  vim.cmd('silent wall')

  -- 8. :HybridizeInfo and :HybridizeRestart.
  local info = vim.api.nvim_exec2('HybridizeInfo', { output = true }).output
  say(info)
  assert(info:find('client ' .. client.id, 1, true) and info:find(workspace, 1, true),
    ':HybridizeInfo did not describe the client: ' .. info)
  local old = client.id
  vim.lsp.config('hybridize', { settings = { hybridize = { speculative = true } } })
  vim.cmd('HybridizeRestart')
  local new
  wait_for(':HybridizeRestart to start a new client', function()
    new = require('hybridize').client(augment)
    return new ~= nil and new.id ~= old and new.initialized
  end)
  assert(client:is_stopped(), 'the old client still runs')
  assert(new.settings.hybridize.speculative == true and new.settings.hybridize.debounceMs == 0,
    'the restarted client does not use the current config: ' .. vim.inspect(new.settings))
  assert(new.attached_buffers[prep] and new.attached_buffers[augment] and new.attached_buffers[extra],
    'the restarted client is not attached to every buffer')

  assert(#messages >= 2, 'the commands sent no messages')
  for _, message in ipairs(messages) do
    assert(not message:find('using the default', 1, true), 'settings problem: ' .. message)
  end
end

harness.run(main)
