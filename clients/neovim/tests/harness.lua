-- What both headless scripts need: their environment, output, and a run that always stops the
-- clients and exits with 0 (every check passed) or 1 (the reason on stderr).

local M = {}

M.plugin = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
M.workspace = assert(os.getenv('HYBRIDIZE_WORKSPACE'), 'HYBRIDIZE_WORKSPACE is not set')
M.cmd = vim.json.decode((assert(os.getenv('HYBRIDIZE_CMD'), 'HYBRIDIZE_CMD is not set')))
M.TIMEOUT = tonumber(os.getenv('HYBRIDIZE_TIMEOUT_MS') or '') or 60000

function M.say(...)
  io.stdout:write(table.concat({ ... }, ' ') .. '\n')
  io.stdout:flush()
end

function M.lines(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

--- How many lines of `buf` are exactly `text`.
function M.count(buf, text)
  local n = 0
  for _, line in ipairs(M.lines(buf)) do
    if line == text then
      n = n + 1
    end
  end
  return n
end

--- Runs `main`, stops every client, then quits with the outcome.
function M.run(main)
  local ok, err = xpcall(main, debug.traceback)
  for _, client in ipairs(vim.lsp.get_clients()) do
    client:stop()
  end
  vim.wait(3000, function()
    return #vim.lsp.get_clients() == 0
  end, 50)
  if not ok then
    io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
    io.stderr:flush()
    vim.cmd('cquit 1')
  end
  M.say('OK')
  vim.cmd('qall!')
end

return M
