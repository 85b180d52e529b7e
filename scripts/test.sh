#!/usr/bin/env bash
# Every test: build and package, the mocha suite (core, CLI as a process, server over stdio, Neovim), then the
# extension suite inside a real VS Code. Both run even if the first fails; the exit code reports either failing.
# Each suite has a wall-clock limit, so that a process left running fails the run instead of hanging it.
set -u
cd "$(dirname "$0")/.."
say() { echo "[$(date +%H:%M:%S)] $*"; }
say "build and package"
npm run package --silent || exit 1
say "mocha suite"
timeout -k 20 ${CPLAN_MOCHA_LIMIT:-900} node_modules/.bin/mocha
unit=$?
[ $unit -eq 124 ] && echo "the mocha suite did not finish within ${CPLAN_MOCHA_LIMIT:-900} s" >&2
say "real VS Code suite"
timeout -k 20 ${CPLAN_E2E_LIMIT:-900} bash test/e2e/run.sh
editor=$?
[ $editor -eq 124 ] && echo "the real VS Code suite did not finish within ${CPLAN_E2E_LIMIT:-900} s" >&2
say "done"
[ $unit -eq 0 ] && [ $editor -eq 0 ]
