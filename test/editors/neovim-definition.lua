-- Headless Neovim (0.7+) going to a definition the way a user does: attaches cplan-language-server to the
-- plan given on the command line, waits for its diagnostics (the server is ready), puts the cursor on the
-- first match of CPLAN_TARGET (a Vim pattern; the cursor lands at its start), runs vim.lsp.buf.definition()
-- and prints, as JSON, the buffer it lands in: its name, its text and the line under the cursor.
-- Usage: CPLAN_SERVER=bin/cplan-language-server.js CPLAN_TARGET='aims: \[\zsSA1' nvim --headless --clean -u test/editors/neovim-definition.lua plan.md
local server = assert(os.getenv('CPLAN_SERVER'), 'CPLAN_SERVER is not set')
local target = assert(os.getenv('CPLAN_TARGET'), 'CPLAN_TARGET is not set')
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
    local plan = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(plan, client_id)
    if not vim.wait(15000, function() return #vim.diagnostic.get(plan) > 0 end, 50) then
      io.stderr:write('no diagnostics from the server\n')
      vim.cmd('cquit 1')
    end
    if vim.fn.search(target) == 0 then
      io.stderr:write('CPLAN_TARGET not found: ' .. target .. '\n')
      vim.cmd('cquit 1')
    end
    vim.lsp.buf.definition()
    local moved = vim.wait(10000, function() return vim.api.nvim_get_current_buf() ~= plan end, 50)
    local buf = vim.api.nvim_get_current_buf()
    local out = {
      moved = moved,
      name = vim.api.nvim_buf_get_name(buf),
      text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'),
      line = vim.api.nvim_get_current_line(),
      cursor = vim.api.nvim_win_get_cursor(0),
    }
    io.stdout:write(vim.fn.json_encode(out) .. '\n')
    vim.lsp.stop_client(client_id)
    vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
    vim.cmd(moved and 'qall!' or 'cquit 1')
  end,
})
