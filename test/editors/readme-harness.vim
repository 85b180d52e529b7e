" Sourced after the README's vimrc by test/editor-readme.test.ts: once ALE's diagnostics for the buffer have
" stopped changing for 2 s, writes them as JSON to $CPLAN_OUT and quits.
let s:last = -1
let s:since = reltime()
let s:started = reltime()
function! s:Check(timer) abort
  let l:list = ale#engine#GetLoclist(bufnr(''))
  if len(l:list) != s:last
    let s:last = len(l:list)
    let s:since = reltime()
  endif
  if (s:last > 0 && reltimefloat(reltime(s:since)) > 2) || reltimefloat(reltime(s:started)) > 40
    call writefile([json_encode(map(copy(l:list), {_, d -> {'line': d.lnum, 'col': d.col, 'type': d.type, 'code': get(d, 'code', ''), 'text': d.text}}))], $CPLAN_OUT)
    qall!
  endif
endfunction
call timer_start(100, function('s:Check'), {'repeat': -1})
