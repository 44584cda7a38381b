#!/usr/bin/env bash
# Set up the tools for the VS Code UI test (tests/ui/test_vscode_ui.py):
#   - Debian packages: Chromium, ripgrep and the headers code-server's native modules build against;
#   - code-server 4.100.3 (a real VS Code 1.100.3 that runs on Node 20) with its native modules
#     rebuilt for this machine, and playwright-core, both pinned by tests/ui/package-lock.json.
#
# Idempotent and cached: everything goes to ${HYBRIDIZE_UI_CACHE:-$HOME/.cache/hybridize-ui}, outside
# the repository. A stamp file, named after a hash of this script and the lock file, is written only
# after every step succeeded, so a run that was interrupted (or a changed pin) is redone, and a
# complete set-up returns at once. Needs root (or passwordless apt) for the Debian packages; nothing
# else is downloaded except from the npm registry and Debian's apt mirrors.
#
# Prints, as its last lines, `KEY=value` pairs for the test: CODE_SERVER, PLAYWRIGHT_CORE, CHROMIUM.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${HYBRIDIZE_UI_CACHE:-$HOME/.cache/hybridize-ui}"
NODE_DIR="$CACHE/node"
CODE_SERVER_DIR="$NODE_DIR/node_modules/code-server"
VSCODE_DIR="$CODE_SERVER_DIR/lib/vscode"
APT_PACKAGES=(chromium ripgrep pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
# Native modules of VS Code's server; node-pty is left out (it does not build here and only the
# integrated terminal needs it).
VSCODE_NATIVE=(@parcel/watcher kerberos native-watchdog @vscode/spdlog @vscode/deviceid)

hash_inputs() { cat "$HERE/setup.sh" "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-16; }
STAMP="$CACHE/setup-complete-$(hash_inputs)"

report() {
    echo "CODE_SERVER=$CODE_SERVER_DIR/out/node/entry.js"
    echo "PLAYWRIGHT_CORE=$NODE_DIR/node_modules/playwright-core"
    echo "CHROMIUM=$(command -v chromium || echo /usr/bin/chromium)"
}

step() { echo "== $(date +%T) $*"; }

missing_packages() {
    local p
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9  # one set-up at a time; a second run waits, then finds it done

if [[ -f "$STAMP" ]] && [[ -z "$(missing_packages)" ]] && [[ -f "$CODE_SERVER_DIR/out/node/entry.js" ]]; then
    echo "hybridize UI set-up: cached in $CACHE"
    report
    exit 0
fi

rm -f "$CACHE"/setup-complete-*

# 1. Debian packages, only the missing ones.
missing="$(missing_packages | tr '\n' ' ')"
if [[ -n "${missing// /}" ]]; then
    step "apt-get install $missing"
    if ! command -v apt-get >/dev/null; then
        echo "error: apt-get is not available; install these packages by hand: $missing" >&2
        exit 2
    fi
    SUDO=()
    if [[ "$(id -u)" != 0 ]]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            SUDO=(sudo -n)
        else
            echo "error: not root and no passwordless sudo; install these packages by hand: $missing" >&2
            exit 2
        fi
    fi
    "${SUDO[@]}" apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends $missing
fi

# Native modules build against the installed Node's headers: node-gyp would download them
# from nodejs.org otherwise, which may be unreachable.
if [[ -z "${npm_config_nodedir:-}" && -f /usr/include/node/node.h ]]; then
    export npm_config_nodedir=/usr
fi

# 2. code-server and playwright-core, exactly as locked. code-server's own install script downloads
#    ripgrep from GitHub, which is not reachable here: --ignore-scripts, and the steps below instead.
step "npm ci (code-server, playwright-core) in $NODE_DIR"
mkdir -p "$NODE_DIR"
cp "$HERE/package.json" "$HERE/package-lock.json" "$NODE_DIR/"
(cd "$NODE_DIR" && npm ci --ignore-scripts --no-audit --no-fund)

# 3. VS Code's own server dependencies (production only), ripgrep from Debian, native modules.
step "npm install (VS Code server dependencies) in $VSCODE_DIR"
cd "$VSCODE_DIR"
# npm-shrinkwrap.json (shipped by code-server) pins these; `npm ci` refuses it (not quite in sync
# with package.json), `npm install` follows it.
npm install --ignore-scripts --omit=dev --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
step "npm rebuild ${VSCODE_NATIVE[*]}"
npm rebuild "${VSCODE_NATIVE[@]}"

# 4. code-server's own native module (password hashing; loaded even with --auth none).
step "npm rebuild argon2"
cd "$NODE_DIR"
npm rebuild argon2

# 5. Smoke check: the entry point runs.
step "code-server --version"
node "$CODE_SERVER_DIR/out/node/entry.js" --version

touch "$STAMP"
echo "hybridize UI set-up: complete in $CACHE"
report
