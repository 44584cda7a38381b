-- Neovim 0.11+ config for the Hybridize language server: `vim.lsp.enable('hybridize')`.
-- Override fields with `vim.lsp.config('hybridize', { cmd = ..., settings = { hybridize = {...} } })`.
-- Settings are documented in docs/settings.md of the Hybridize repository.
return require('hybridize').default_config()
