-- Buffer-local :Hybridize* commands for every buffer the hybridize client attaches to.
-- Starts nothing by itself: call vim.lsp.enable('hybridize') (0.11+) or
-- require('hybridize').setup() (0.8 to 0.10).
if vim.g.loaded_hybridize then
  return
end
vim.g.loaded_hybridize = true

vim.api.nvim_create_autocmd('LspAttach', {
  group = vim.api.nvim_create_augroup('hybridize.commands', { clear = true }),
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client and client.name == 'hybridize' then
      require('hybridize').create_commands(args.buf)
    end
  end,
})

-- The progress of a verify run (:HybridizeVerify): its messages, and its token for cancelling.
if vim.fn.exists('##LspProgress') == 1 then
  vim.api.nvim_create_autocmd('LspProgress', {
    group = vim.api.nvim_create_augroup('hybridize.progress', { clear = true }),
    callback = function(args)
      require('hybridize').on_progress(args)
    end,
  })
end
