-- Headless test of the `require('hybridize').setup()` path (the one for Neovim 0.8 to 0.10,
-- which have no vim.lsp.config/enable), run on Neovim 0.11 with `force_start = true`.
--
--   HYBRIDIZE_WORKSPACE=/tmp/ws HYBRIDIZE_CMD='["python","-m","hybridize","serve"]' \
--     nvim --headless --clean -l clients/neovim/tests/fallback.lua
--
-- 0. Without force_start, setup() on 0.11 goes through vim.lsp.config/enable.
-- 1. With vim.lsp.start stubbed and vim.fs.root hidden (it is new in 0.10), the FileType
--    autocmd finds the root with vim.fs.find and passes a config that encodes to the JSON the
--    server wants.
-- 2. For real: the client starts through vim.lsp.start, attaches, gets diagnostics, and
--    :HybridizeFile edits the buffer.

local harness = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
  .. '/harness.lua')
local plugin, workspace, cmd, TIMEOUT = harness.plugin, harness.workspace, harness.cmd,
  harness.TIMEOUT
local say, count = harness.say, harness.count



local function main()
  vim.opt.runtimepath:prepend(plugin)
  vim.cmd('runtime! plugin/hybridize.lua')
  vim.cmd('filetype on')
  local hybridize = require('hybridize')
  local path = workspace .. '/augment.py'

  -- 0. On 0.11 without force_start, setup() is vim.lsp.config + vim.lsp.enable.
  hybridize.setup({ cmd = cmd, settings = { hybridize = { speculative = true } } })
  assert(vim.lsp.is_enabled('hybridize'), 'setup() did not enable the config')
  local resolved = vim.lsp.config.hybridize
  assert(vim.deep_equal(resolved.cmd, cmd), 'vim.lsp.config cmd: ' .. vim.inspect(resolved.cmd))
  assert(resolved.settings.hybridize.speculative == true and resolved.before_init
    and vim.deep_equal(resolved.filetypes, { 'python' }), vim.inspect(resolved))
  vim.lsp.enable('hybridize', false)

  -- 1. Structure, with stubs.
  local real_start, real_root = vim.lsp.start, vim.fs.root
  local started = {}
  vim.lsp.start = function(config)
    table.insert(started, { config = config, buf = vim.api.nvim_get_current_buf() })
    return nil
  end
  vim.fs.root = nil
  local ok, err = pcall(function()
    hybridize.setup({ force_start = true, cmd = cmd, settings = { hybridize = {} } })
    vim.cmd.edit(vim.fn.fnameescape(path))
  end)
  vim.lsp.start, vim.fs.root = real_start, real_root
  assert(ok, err)
  assert(#started == 1, 'vim.lsp.start called ' .. #started .. ' times')
  local config = started[1].config
  assert(started[1].buf == vim.api.nvim_get_current_buf(), 'started for the wrong buffer')
  assert(config.name == 'hybridize', 'name: ' .. tostring(config.name))
  assert(vim.deep_equal(config.cmd, cmd), 'cmd: ' .. vim.inspect(config.cmd))
  assert(vim.fs.normalize(config.root_dir) == vim.fs.normalize(workspace),
    'root_dir: ' .. tostring(config.root_dir))
  assert(config.force_start == nil and config.root_markers == nil and config.filetypes == nil,
    'fields vim.lsp.start does not know: ' .. vim.inspect(config))
  local params = {}
  config.before_init(params, config)
  assert(vim.json.encode(params.initializationOptions) == '{}',
    'initializationOptions: ' .. vim.json.encode(params.initializationOptions))
  assert(vim.json.encode(config.settings) == '{"hybridize":{}}',
    'settings: ' .. vim.json.encode(config.settings))
  vim.cmd('bwipeout!')
  say('setup() structure: ok')

  -- 2. For real.
  hybridize.setup({
    force_start = true,
    cmd = cmd,
    settings = { hybridize = { debounceMs = 0 } },
  })
  vim.cmd.edit(vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local client
  assert(vim.wait(TIMEOUT, function()
    client = hybridize.client(buf)
    return client ~= nil and client.initialized
  end, 50), 'the client did not attach')
  assert(vim.fs.normalize(client.root_dir) == vim.fs.normalize(workspace),
    'root_dir: ' .. tostring(client.root_dir))
  local ns = vim.lsp.diagnostic.get_namespace(client.id, false)
  assert(vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(buf, { namespace = ns }) == 2
  end, 50), 'no diagnostics for flip and brighten')
  assert(vim.api.nvim_buf_get_commands(buf, {}).HybridizeFile, 'no buffer-local :HybridizeFile')
  vim.cmd('HybridizeFile')
  assert(vim.wait(TIMEOUT, function()
    return count(buf, '@tf.function') == 2
  end, 50), ':HybridizeFile did not edit the buffer')
  vim.cmd.write()
  say('setup() with vim.lsp.start: ok')
end

harness.run(main)
