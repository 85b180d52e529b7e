-- Headless Neovim (0.7+) as an independent LSP client: attaches cplan-language-server to the file
-- given on the command line, waits for published diagnostics, prints them as JSON and quits.
-- Usage: CPLAN_SERVER=bin/cplan-language-server.js nvim --headless --clean -u test/editors/neovim-client.lua plan.md
local server = assert(os.getenv('CPLAN_SERVER'), 'CPLAN_SERVER is not set')
local client_id = vim.lsp.start_client({
  name = 'cplan',
  cmd = { os.getenv('CPLAN_NODE') or 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
})
if not client_id then
  io.stderr:write('could not start the language server\n')
  vim.cmd('cquit 2')
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf, client_id)
    local got = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or vim.NIL
      table.insert(out, { line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source, code = code, message = d.message })
    end
    table.sort(out, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
    io.stdout:write(vim.fn.json_encode(out) .. '\n')
    vim.lsp.stop_client(client_id)
    vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
    vim.cmd(got and 'qall!' or 'cquit 1')
  end,
})
