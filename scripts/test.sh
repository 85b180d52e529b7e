#!/usr/bin/env bash
# Every test: build and package, the mocha suite (core, CLI as a process, server over stdio, Neovim), then the
# extension suite inside a real VS Code. Both run even if the first fails; the exit code reports either failing.
set -u
cd "$(dirname "$0")/.."
npm run package --silent || exit 1
npx mocha
unit=$?
bash test/e2e/run.sh
editor=$?
[ $unit -eq 0 ] && [ $editor -eq 0 ]
