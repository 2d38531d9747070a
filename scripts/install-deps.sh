#!/usr/bin/env bash
# Installs what the app, the local run and the tests need, and nothing when it is already there:
# the npm dev tools (Azurite, Agents Playground, card renderer, manifest schemas, browser driver),
# the .NET local tools, and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# A symlinked node_modules (git worktrees share the main checkout's) is managed where it points: npm ci here would
# replace the link, and its timestamps say nothing about this checkout's lock file.
if [ -L node_modules ]; then
  [ -x node_modules/.bin/azurite-table ] || echo "!! node_modules points to an incomplete install; run npm ci where it points" >&2
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  # --ignore-scripts: the toolkit CLI's keytar would try to download a native binary; nothing we use needs a script.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi

if [ -f .config/dotnet-tools.json ]; then
  echo "==> dotnet tool restore"
  dotnet tool restore >/dev/null
fi

if [ "${SKIP_BROWSER:-}" != "1" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "==> apt-get install chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
