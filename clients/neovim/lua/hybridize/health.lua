-- :checkhealth hybridize
local M = {}

--- The output of `argv` run in folder `cwd` (vim.system is 0.10+; jobstart works on 0.8).
local function run_in(cwd, argv)
  if vim.system then
    local done = vim.system(argv, { cwd = cwd, text = true }):wait(30000)
    return (done.stdout or '') .. (done.stderr or '')
  end
  local out = {}
  local collect = function(_, data)
    vim.list_extend(out, data)
  end
  local job = vim.fn.jobstart(argv, { cwd = cwd, stdout_buffered = true, stderr_buffered = true,
    on_stdout = collect, on_stderr = collect })
  vim.fn.jobwait({ job }, 30000)
  return table.concat(out, '\n')
end

function M.check()
  local health = vim.health
  local start = health.start or health.report_start
  local ok = health.ok or health.report_ok
  local warn = health.warn or health.report_warn
  local error = health.error or health.report_error
  local info = health.info or health.report_info

  start('hybridize')
  if vim.fn.has('nvim-0.11') == 1 then
    ok('Neovim ' .. tostring(vim.version()) .. ': use vim.lsp.enable("hybridize")')
  elseif vim.fn.has('nvim-0.8') == 1 then
    ok('Neovim ' .. tostring(vim.version()) .. ': use require("hybridize").setup()')
  else
    error('Neovim 0.8 or newer is needed')
  end

  local defaults = require('hybridize').default_config()
  local cmd, cwd = defaults.cmd, defaults.cmd_cwd
  if vim.lsp.config and vim.lsp.config.hybridize then
    cmd = vim.lsp.config.hybridize.cmd or cmd
    cwd = vim.lsp.config.hybridize.cmd_cwd or cwd
  end
  if type(cmd) ~= 'table' then
    info('cmd is a function; not checked')
  elseif vim.fn.executable(cmd[1]) == 1 then
    -- The same command with `--version` instead of its last word (`serve`).
    local probe = vim.list_slice(cmd, 1, #cmd - 1)
    table.insert(probe, '--version')
    -- In the server's own start folder: run in the project, `python -m` would import its modules.
    local version = run_in(cwd, probe)
    ok(string.format('%s found: %s', cmd[1], vim.trim(version)))
  else
    error(string.format('%s is not executable: `pip install hybridize`, or set cmd to '
      .. "{ '/path/to/venv/bin/python', '-m', 'hybridize', 'serve' }", cmd[1]))
  end

  local clients = {}
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get()) do
    if client.name == 'hybridize' then
      table.insert(clients, client)
    end
  end
  if #clients == 0 then
    warn('no hybridize client running (open a Python file)')
  end
  for _, client in ipairs(clients) do
    ok(table.concat(require('hybridize').info(next(client.attached_buffers or {})), '\n'))
  end
  info('LSP log: ' .. vim.lsp.get_log_path())
end

return M
