#!/usr/bin/env bash
# Installs code-server (VS Code's server and workbench, from npm) into .vscode-test/code-server,
# offline-safe: see ../shared/notes/real-vscode-testing.md. Idempotent: a finished install is kept.
set -euo pipefail
VERSION="${CODE_SERVER_VERSION:-4.100.3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.vscode-test/code-server-$VERSION"
bin="$dest/node_modules/code-server/out/node/entry.js"
if [ -f "$dest/.installed" ] && [ -f "$bin" ]; then echo "code-server $VERSION already installed in $dest"; exit 0; fi
command -v rg >/dev/null || { echo "ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 1; }
tmp="${TMPDIR:-/tmp}"
cache="$tmp/vscode-ripgrep-cache-1.15.11"
archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$archive" ]; then
  # @vscode/ripgrep would download rg from GitHub; give it Debian's rg in the archive it looks for.
  mkdir -p "$cache"; work="$(mktemp -d)"; cp "$(command -v rg)" "$work/rg"
  tar -C "$work" -czf "$archive" rg; rm -rf "$work"
fi
rm -rf "$dest"; mkdir -p "$dest"
echo '{"name":"code-server-under-test","private":true}' > "$dest/package.json"
echo "Installing code-server $VERSION into $dest ..."
start=$(date +%s)
( cd "$dest" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION" )
touch "$dest/.installed"
echo "code-server $VERSION installed in $(( $(date +%s) - start )) s"
