-- :checkhealth hybridize
local M = {}

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

  local cmd = require('hybridize').default_config().cmd
  if vim.lsp.config and vim.lsp.config.hybridize then
    cmd = vim.lsp.config.hybridize.cmd or cmd
  end
  if type(cmd) ~= 'table' then
    info('cmd is a function; not checked')
  elseif vim.fn.executable(cmd[1]) == 1 then
    -- The same command with `--version` instead of its last word (`serve`).
    local probe = vim.list_slice(cmd, 1, #cmd - 1)
    table.insert(probe, '--version')
    local version = vim.fn.system(probe)
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
