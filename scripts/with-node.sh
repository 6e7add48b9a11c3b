#!/bin/sh
# Runs a command with a supported Node.js (>= 22) first on PATH, then replaces itself with it
# (`exec`, so no extra process stays around). Every package script goes through here:
#
#   sh scripts/with-node.sh node --import tsx src/main.ts
#   sh scripts/with-node.sh vitest run
#
# Which Node:
#   - TESSERA_NODE=/path/to/node          that binary;
#   - TESSERA_NODE_VERSION=26             that major: the system `node` if it is that major, else
#                                         fetched from the npm registry (`npx -p node@26`);
#   - otherwise the system `node` when it is >= 22.18, else the newest Node 22 fetched through npm.
# A fetched Node's path is remembered in node_modules/.cache/tessera/ (npx keeps the binary in
# its cache), so only the first run pays for the download.
#
# Before running, it checks once per Node ABI that better-sqlite3 loads under the chosen Node
# (scripts/check-native.mjs) and says exactly what to run when it does not.
set -e
FLOOR=22        # the major fetched when the system Node is too old
FLOOR_MINOR=18  # vitest 5 and tsup 9 need 22.18+ (the libraries themselves run on any 22)
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/node_modules/.cache/tessera"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
supported() { # $1 = node binary; true when it is >= FLOOR.FLOOR_MINOR
  [ "$("$1" -p "const [a, b] = process.versions.node.split('.').map(Number); a > $FLOOR || (a === $FLOOR && b >= $FLOOR_MINOR)" 2>/dev/null)" = true ]
}

fetch_node() { # $1 = major; prints the binary's path
  remembered="$cache/node-$1.path"
  if [ -f "$remembered" ]; then
    bin=$(cat "$remembered")
    if [ -x "$bin" ] && [ "$(major_of "$bin")" = "$1" ]; then echo "$bin"; return 0; fi
  fi
  echo "tessera: system Node is $(node --version 2>/dev/null || echo missing); fetching Node $1 through npm (npx -p node@$1)" >&2
  # Without the npm_config_* variables pnpm exports to scripts (npm warns about the ones it does not know).
  bin=$(env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/p') npx -y -p "node@$1" node -p 'process.execPath' </dev/null)
  if [ ! -x "$bin" ] || [ "$(major_of "$bin")" != "$1" ]; then
    echo "tessera: could not obtain Node $1 through npm; install Node >= $FLOOR and retry" >&2
    exit 1
  fi
  mkdir -p "$cache" && printf '%s\n' "$bin" >"$remembered"
  echo "$bin"
}

if [ -n "${TESSERA_NODE:-}" ]; then
  NODE_BIN=$TESSERA_NODE
elif [ -n "${TESSERA_NODE_VERSION:-}" ]; then
  system=$(command -v node || true)
  if [ -n "$system" ] && [ "$(major_of "$system")" = "$TESSERA_NODE_VERSION" ]; then NODE_BIN=$system
  else NODE_BIN=$(fetch_node "$TESSERA_NODE_VERSION"); fi
else
  system=$(command -v node || true)
  if [ -n "$system" ] && supported "$system"; then NODE_BIN=$system
  else NODE_BIN=$(fetch_node "$FLOOR"); fi
fi

node_dir=$(dirname "$NODE_BIN")
PATH="$node_dir:$PATH"
export PATH

# The native module must load under this Node; the check runs once per ABI and better-sqlite3 copy.
"$NODE_BIN" "$root/scripts/check-native.mjs"

exec "$@"
