#!/usr/bin/env bash
# Sourced by CI (and usable by anyone on an older Node): puts a Node >= 22.13 first on PATH.
# When the machine's Node is older, Node 22 comes from the npm registry (the `node@22`
# package ships the binary), cached under $SHOUTIT_NODE_HOME.
required_major=22
required_minor=13
version=$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)
major=${version%%.*}; rest=${version#*.}; minor=${rest%%.*}
if [ "$major" -gt "$required_major" ] || { [ "$major" -eq "$required_major" ] && [ "$minor" -ge "$required_minor" ]; }; then
  return 0 2>/dev/null || exit 0
fi
node_home=${SHOUTIT_NODE_HOME:-$HOME/.cache/shoutit-desktop/node22}
if [ ! -x "$node_home/node_modules/node/bin/node" ]; then
  echo "Node $version is older than $required_major.$required_minor: installing node@$required_major from the npm registry into $node_home"
  mkdir -p "$node_home"
  npm install --prefix "$node_home" --no-save --no-audit --no-fund --loglevel=error "node@$required_major" >/dev/null
fi
export PATH="$node_home/node_modules/node/bin:$PATH"
echo "using Node $(node -v)"
