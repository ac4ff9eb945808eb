#!/usr/bin/env bash
# Installs what the real-VS-Code tests need (see shared/guides/real-vscode.md). Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
APT_PACKAGES=(chromium ripgrep libkrb5-dev python3-gensim fasttext)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-harness: apt installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-harness: apt packages present"
fi

# @vscode/ripgrep would download rg from GitHub (unreachable here) unless this cache file exists.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
rg_tar="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$rg_tar" ]]; then
  mkdir -p "$rg_cache"
  tar czf "$rg_tar.tmp" -C "$(dirname "$(command -v rg)")" rg
  mv "$rg_tar.tmp" "$rg_tar"
fi

dir=.vscode-test/code-server
vscode_lib="$dir/node_modules/code-server/lib/vscode"
installed=$(node -p "try{require('./$dir/node_modules/code-server/package.json').version}catch{''}")
# node-pty's binary shows that code-server's postinstall (which installs VS Code's own modules) completed.
if [[ "$installed" == "$CODE_SERVER_VERSION" && -f "$vscode_lib/node_modules/node-pty/build/Release/pty.node" ]]; then
  echo "install-harness: code-server $installed present"
else
  echo "install-harness: installing code-server@$CODE_SERVER_VERSION into $dir"
  mkdir -p "$dir"
  [[ -f "$dir/package.json" ]] || echo '{ "private": true }' > "$dir/package.json"
  # unsafe_perm: code-server's install script refuses root otherwise; yes: node-pty runs `npx node-gyp`.
  (cd "$dir" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION")
fi
if [[ ! -f "$vscode_lib/node_modules/node-pty/build/Release/pty.node" ]]; then
  echo "install-harness: code-server's postinstall did not complete (no node-pty build); did npm skip install scripts?" >&2
  exit 1
fi
echo "install-harness: ready (code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1))"
