--- Hybridize for Neovim: the language server's config, its commands, and a `setup()` for
--- Neovim 0.8 to 0.10 (which have no `vim.lsp.config`/`vim.lsp.enable`).
---
--- Neovim 0.11+:   vim.lsp.enable('hybridize')            (config in lsp/hybridize.lua)
--- Neovim 0.8-0.10: require('hybridize').setup({ ... })    (vim.lsp.start on FileType)
local M = {}

M.name = 'hybridize'
M.commands = {
  file = 'hybridize.hybridizeFile',
  workspace = 'hybridize.hybridizeWorkspace',
  verify = 'hybridize.verify',
  verify_cancel = 'hybridize.verifyCancel',
}
M.VERIFY_TITLE = 'Hybridize verify' -- the title of the server's progress for a verify run
M.root_markers = { 'pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', '.git' }

local has_011 = vim.fn.has('nvim-0.11') == 1

--- The folder the server starts in (`cmd_cwd`): this file's own folder, which holds no Python
--- module. Neovim would start it in its current folder, usually the project, and
--- `python -m hybridize` puts the current folder first on `sys.path`: a cloned repository's
--- `hybridize.py`, `json.py` or `pygls.py` would then run instead of the real modules. The
--- console script (`hybridize serve`) does not search the current folder, but is started here too
--- so that a `cmd` of either form is safe. See docs/editors.md, "Launching safely".
M.launch_dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')

--- The settings the server reads as JSON objects. An empty Lua table is encoded as a JSON
--- array (`[]`), which the server rejects ("settings must be an object"), so empty ones are
--- turned into `vim.empty_dict()`. `exclude` is a list and stays as it is.
local OBJECTS = { { 'diagnostics' }, { 'diagnostics', 'severity' }, { 'diagnostics', 'tags' } }

local function is_empty_table(value)
  return type(value) == 'table' and next(value) == nil
end

--- A copy of the `hybridize` settings section that encodes to the JSON the server expects.
--- @param section table|nil
--- @return table
function M.normalize_settings(section)
  if section == nil or is_empty_table(section) then
    return vim.empty_dict()
  end
  local out = vim.deepcopy(section)
  for _, path in ipairs(OBJECTS) do
    local parent = out
    for i = 1, #path - 1 do
      parent = type(parent) == 'table' and parent[path[i]] or nil
    end
    local key = path[#path]
    if type(parent) == 'table' and is_empty_table(parent[key]) then
      parent[key] = vim.empty_dict()
    end
  end
  return out
end

--- `before_init`: send the `hybridize` settings as `initializationOptions` too (unless the
--- user gave `init_options`), so the first analysis already uses them, and make sure
--- `workspace/configuration` answers a JSON object.
function M.before_init(params, config)
  config.settings = config.settings or {}
  config.settings.hybridize = M.normalize_settings(config.settings.hybridize)
  if params.initializationOptions == nil or is_empty_table(params.initializationOptions) then
    params.initializationOptions = config.settings.hybridize
  end
end

--- The default client config (a fresh table on every call).
--- @return table
function M.default_config()
  return {
    name = M.name,
    cmd = { 'hybridize', 'serve' },
    cmd_cwd = M.launch_dir,
    filetypes = { 'python' },
    root_markers = vim.deepcopy(M.root_markers),
    settings = { hybridize = vim.empty_dict() },
    before_init = M.before_init,
  }
end

-- Helpers that work on 0.8 to 0.11 (method calls changed from `client.f()` to `client:f()`).

local function get_clients(filter)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients(filter)
  end
  local out = {}
  for _, client in ipairs(vim.lsp.get_active_clients()) do
    if (not filter.name or client.name == filter.name)
      and (not filter.bufnr or vim.lsp.buf_is_attached(filter.bufnr, client.id)) then
      table.insert(out, client)
    end
  end
  return out
end

local function request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function is_stopped(client)
  if has_011 then
    return client:is_stopped()
  end
  return client.is_stopped()
end

local function stop(client)
  if has_011 then
    return client:stop()
  end
  return client.stop()
end

local function notify(message, level)
  vim.notify('Hybridize: ' .. message, level or vim.log.levels.INFO)
end

--- The hybridize client attached to a buffer (the current one by default).
--- @param bufnr? integer
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return get_clients({ name = M.name, bufnr = bufnr })[1]
end

local function with_client(bufnr, fn)
  local client = M.client(bufnr)
  if not client then
    notify('no hybridize language server is attached to this buffer', vim.log.levels.WARN)
    return
  end
  fn(client)
end

local function report(label, unsaved_hint)
  return function(err, result)
    if err then
      notify(label .. ' failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif unsaved_hint and type(result) == 'table' and (result.files or 0) > 0 then
      -- The server applied its edits through workspace/applyEdit and said what it did with
      -- window/showMessage; files that were not open are now loaded, changed and unsaved.
      notify(label .. ': the changed buffers are not written yet (:wall writes them)')
    end
  end
end

--- Run `hybridize.hybridizeFile` on a buffer: every function in it that is safe to convert
--- gets `@tf.function`. The edit arrives as workspace/applyEdit; the buffer is not written.
--- @param bufnr? integer
--- @param handler? fun(err, result)
function M.hybridize_file(bufnr, handler)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  with_client(bufnr, function(client)
    local params = { command = M.commands.file, arguments = { vim.uri_from_bufnr(bufnr) } }
    request(client, 'workspace/executeCommand', params, handler or report('file', false), bufnr)
  end)
end

--- Run `hybridize.hybridizeWorkspace`: every safe function in every file of the workspace.
--- Files that were not open are loaded into buffers and edited there: `:wall` writes them.
--- @param bufnr? integer
--- @param handler? fun(err, result)
function M.hybridize_workspace(bufnr, handler)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  with_client(bufnr, function(client)
    local params = { command = M.commands.workspace, arguments = {} }
    request(client, 'workspace/executeCommand', params, handler or report('workspace', true), bufnr)
  end)
end

-- Verify: the progress token of the run in progress, by client id (from LspProgress).
local verify_tokens = {}

--- Follow the server's verify progress: remember its token (for :HybridizeVerifyCancel) and
--- echo its messages ("run 1 of 2: as written"). Installed once, by plugin/hybridize.lua.
function M.on_progress(args)
  local data = args.data or {}
  local client = vim.lsp.get_client_by_id(data.client_id)
  local params = data.params or {}
  local value = params.value or {}
  if not client or client.name ~= M.name or type(value) ~= 'table' then
    return
  end
  if value.kind == 'begin' and value.title == M.VERIFY_TITLE then
    verify_tokens[client.id] = params.token
  end
  if verify_tokens[client.id] == nil or verify_tokens[client.id] ~= params.token then
    return
  end
  if value.kind == 'end' then
    verify_tokens[client.id] = nil
  end
  if value.message then
    vim.api.nvim_echo({ { M.VERIFY_TITLE .. ': ' .. value.message } }, false, {})
  end
end

--- The command `hybridize.verify.command` names in the client's settings, or nil.
local function configured_verify_command(client)
  local section = (client.settings or {}).hybridize or {}
  local verify = type(section) == 'table' and section.verify or nil
  local command = type(verify) == 'table' and verify.command or nil
  if type(command) == 'string' and vim.trim(command) ~= '' then
    return command
  end
  if type(command) == 'table' and #command > 0 then
    return command
  end
  return nil
end

--- Run `hybridize.verify`: `hybridize verify` on the client's workspace folder with `command`
--- (a string the server splits as a shell would, or a list), else the `verify.command`
--- setting, else the command typed at a prompt (proposing `python -m pytest`). The server
--- reports progress (LspProgress; `vim.lsp.status()`), then shows a summary; the hover, code
--- actions and diagnostics then carry the verdicts.
--- @param bufnr? integer
--- @param command? string|string[]
--- @param handler? fun(err, result)
function M.verify(bufnr, command, handler)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  with_client(bufnr, function(client)
    local function send(chosen)
      -- The client's root folder, or for a file opened alone its own folder.
      local folder = client.root_dir and vim.uri_from_fname(client.root_dir)
        or vim.uri_from_bufnr(bufnr)
      local argument = { folder = folder }
      if chosen ~= nil then
        argument.command = chosen
      end
      local params = { command = M.commands.verify, arguments = { argument } }
      request(client, 'workspace/executeCommand', params, handler or function(err, result)
        if err then
          notify('verify failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
        elseif type(result) == 'table' and result.status == 'busy' then
          notify('a verify run is already in progress (:HybridizeVerifyCancel stops it)',
            vim.log.levels.WARN)
        end
      end, bufnr)
    end
    if (command == nil or command == '') and configured_verify_command(client) == nil then
      vim.ui.input({
        prompt = 'Hybridize verify: the command that runs your tests (it runs twice): ',
        default = 'python -m pytest',
      }, function(typed)
        if typed ~= nil and vim.trim(typed) ~= '' then
          send(vim.trim(typed))
        end
      end)
      return
    end
    send((command ~= nil and command ~= '') and command or nil)
  end)
end

--- Stop the verify run in progress: cancel its progress (window/workDoneProgress/cancel), or,
--- when its token is not known, ask the server with `hybridize.verifyCancel`.
--- @param bufnr? integer
function M.verify_cancel(bufnr)
  with_client(bufnr, function(client)
    local token = verify_tokens[client.id]
    if token ~= nil then
      if has_011 then
        client:notify('window/workDoneProgress/cancel', { token = token })
      else
        client.notify('window/workDoneProgress/cancel', { token = token })
      end
      return
    end
    local params = { command = M.commands.verify_cancel, arguments = {} }
    request(client, 'workspace/executeCommand', params, function(err, result)
      if not err and type(result) == 'table' and not result.cancelled then
        notify('no verify run in progress')
      end
    end)
  end)
end

--- Lines describing the client attached to a buffer (for :HybridizeInfo).
--- @param bufnr? integer
--- @return string[]
function M.info(bufnr)
  local client = M.client(bufnr)
  if not client then
    return { 'Hybridize: no client attached to this buffer' }
  end
  local config = client.config or {}
  local server = client.server_info or {}
  local lines = {
    string.format('Hybridize: client %d, server %s %s', client.id, server.name or '?',
      server.version or '?'),
    '  cmd:       ' .. table.concat(config.cmd or {}, ' '),
    '  cmd_cwd:   ' .. tostring(config.cmd_cwd),
    '  root:      ' .. tostring(client.root_dir or config.root_dir),
    '  encoding:  ' .. tostring(client.offset_encoding),
    '  settings:  ' .. vim.json.encode((client.settings or {}).hybridize or vim.empty_dict()),
    '  buffers:   ' .. table.concat(vim.tbl_keys(client.attached_buffers or {}), ', '),
    '  log:       ' .. vim.lsp.get_log_path(),
  }
  return lines
end

--- Stop the client attached to a buffer and start it again on the same buffers.
--- @param bufnr? integer
function M.restart(bufnr)
  with_client(bufnr, function(client)
    local config = vim.deepcopy(client.config)
    local buffers = vim.tbl_keys(client.attached_buffers or {})
    stop(client)
    local timer = (vim.uv or vim.loop).new_timer()
    local waited = 0
    timer:start(100, 100, vim.schedule_wrap(function()
      waited = waited + 100
      if not is_stopped(client) and waited < 5000 then
        return
      end
      timer:stop()
      timer:close()
      if not is_stopped(client) then
        stop(client) -- force
      end
      -- With vim.lsp.enable (0.11+), start through its FileType autocmd so that the current
      -- vim.lsp.config('hybridize', ...) applies; otherwise reuse the old client's config.
      local enabled = vim.lsp.is_enabled and vim.lsp.is_enabled(M.name)
      for _, buf in ipairs(buffers) do
        if vim.api.nvim_buf_is_loaded(buf) then
          local ok = enabled and pcall(vim.api.nvim_exec_autocmds, 'FileType',
            { group = 'nvim.lsp.enable', buffer = buf, modeline = false })
          if not ok then
            vim.api.nvim_buf_call(buf, function()
              vim.lsp.start(config)
            end)
          end
        end
      end
      notify('language server restarted')
    end))
  end)
end

--- Create the buffer-local user commands (called on LspAttach for the hybridize client).
--- @param bufnr integer
function M.create_commands(bufnr)
  local function command(name, fn, desc)
    vim.api.nvim_buf_create_user_command(bufnr, name, fn, { desc = desc, force = true })
  end
  command('HybridizeFile', function()
    M.hybridize_file(bufnr)
  end, 'Hybridize: add @tf.function to every safe function in this file')
  command('HybridizeWorkspace', function()
    M.hybridize_workspace(bufnr)
  end, 'Hybridize: add @tf.function to every safe function in the workspace')
  command('HybridizeInfo', function()
    vim.api.nvim_echo({ { table.concat(M.info(bufnr), '\n') } }, false, {})
  end, 'Hybridize: show the language server client')
  command('HybridizeRestart', function()
    M.restart(bufnr)
  end, 'Hybridize: restart the language server')
  vim.api.nvim_buf_create_user_command(bufnr, 'HybridizeVerify', function(opts)
    M.verify(bufnr, opts.args ~= '' and opts.args or nil)
  end, {
    desc = 'Hybridize: run the proposals on your tests or script (hybridize verify -- COMMAND)',
    nargs = '*',
    force = true,
  })
  command('HybridizeVerifyCancel', function()
    M.verify_cancel(bufnr)
  end, 'Hybridize: stop the verify run in progress')
end

--- Neovim 0.8 to 0.10 (works on 0.11 too): start the server for Python buffers.
--- `opts` is a client config merged over the defaults (`cmd`, `settings`, `root_markers`,
--- `root_dir` (a string, or a function of the buffer number), `on_attach`, ...).
--- On 0.11+ this uses `vim.lsp.config` + `vim.lsp.enable` unless `opts.force_start` is set.
--- @param opts? table
function M.setup(opts)
  opts = opts or {}
  local config = vim.tbl_deep_extend('force', M.default_config(), opts)
  config.force_start = nil
  if has_011 and vim.lsp.config and not opts.force_start then
    config.name = nil
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
    return
  end
  local group = vim.api.nvim_create_augroup('hybridize.setup', { clear = true })
  local function start(bufnr)
    if vim.bo[bufnr].buftype ~= '' then
      return
    end
    local start_config = vim.deepcopy(config)
    local root = start_config.root_dir
    if type(root) == 'function' then
      root = root(bufnr)
    end
    if root == nil then
      local name = vim.api.nvim_buf_get_name(bufnr)
      if vim.fs.root then
        root = vim.fs.root(bufnr, start_config.root_markers)
      else
        local found = vim.fs.find(start_config.root_markers,
          { upward = true, path = vim.fs.dirname(name) })[1]
        root = found and vim.fs.dirname(found) or nil
      end
      root = root or vim.fs.dirname(name)
    end
    start_config.root_dir = root
    start_config.root_markers = nil
    start_config.filetypes = nil
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(start_config)
    end)
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
end

return M
