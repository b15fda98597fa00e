#!/usr/bin/env bash
# The production install as the README gives it, on a copy of the built tree: `npm ci
# --omit=dev` in a temporary folder, then `npm start` with a data directory of its own on a
# free port. Passes when /readyz answers 200 and / returns the dashboard's page. Run after
# `npm run build`; BUILD_DIR names another build (default dist).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-dist}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  # npm start runs node in a child: stop the whole process group started below.
  if [ -n "$server_pid" ]; then kill -TERM -- "-$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/app/dist"
cp package.json package-lock.json "$work/app/"
cp -R "$build_dir/client" "$build_dir/node" "$work/app/dist/"
(cd "$work/app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)

port="$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
(cd "$work/app" && PORT="$port" DATA_DIR="$work/data" exec setsid npm start --silent) >"$work/server.log" 2>&1 &
server_pid=$!

PORT="$port" node --input-type=module -e '
const base = `http://127.0.0.1:${process.env.PORT}`;
const deadline = Date.now() + 30_000;
let ready = 0;
while (ready !== 200 && Date.now() < deadline) {
  ready = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
  if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
}
if (ready !== 200) throw new Error(`/readyz did not answer 200 in 30 s (last: ${ready})`);
const page = await fetch(`${base}/`);
const html = await page.text();
if (page.status !== 200 || !html.includes("<div id=\"root\">")) {
  throw new Error(`/ answered ${page.status} without the app root:\n${html.slice(0, 500)}`);
}
console.log(`production install: /readyz 200 and / serves the page (port ${process.env.PORT})`);
' || { echo "--- server output ---" >&2; cat "$work/server.log" >&2; exit 1; }
