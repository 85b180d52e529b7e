-- Appended to the README's Neovim block by test/editor-readme.test.ts: waits for the diagnostics of the file
-- given on the command line, prints them as one line of JSON and quits (exit 1 if none came).
vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    local wanted = tonumber(os.getenv('CPLAN_EXPECTED') or '1')
    local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) >= wanted end, 50)
    -- settings arrive after the first diagnostics in Neovim 0.7: wait for the published set to settle
    vim.wait(1500, function() return false end, 50)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or vim.NIL
      table.insert(out, { line = d.lnum, col = d.col, severity = d.severity, code = code })
    end
    table.sort(out, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
    io.stdout:write(vim.fn.json_encode(out) .. '\n')
    for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
    vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
    vim.cmd(got and 'qall!' or 'cquit 1')
  end,
})
