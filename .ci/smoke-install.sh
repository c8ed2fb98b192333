#!/usr/bin/env bash
# Installs authproof as a user gets it — `npm pack`, then the tarball into a new project with
# --omit=dev — and checks that it serves, that it certifies, and that its public types compile with
# skipLibCheck off. Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" >/dev/null
tarball=$(ls "$work"/authproof-*.tgz)
if tar -tzf "$tarball" | grep -E 'package/dist/(bench|reliability)/|\.test\.(js|d\.ts)$|/test/'; then
  echo "smoke: the tarball ships benchmarks, the reliability suite or tests" >&2
  exit 1
fi

mkdir "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --omit=dev --no-audit --no-fund --silent "$tarball"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
npx --no-install authproof serve --port "$port" --log-level silent >"$work/serve.log" 2>&1 &
server=$!
node -e '
  const url = `http://127.0.0.1:${process.argv[1]}/.well-known/jwks.json`;
  const deadline = Date.now() + 20000;
  (async function poll() {
    try { const r = await fetch(url); if (r.ok) { console.log("smoke: authproof serve answers", r.status); return; } } catch {}
    if (Date.now() > deadline) { console.error("smoke: authproof serve did not answer"); process.exit(1); }
    setTimeout(poll, 200);
  })();' "$port"
kill "$server"

npx --no-install authproof conform --runs 10 --seed 1 | tail -n 1

npm install --no-save --no-audit --no-fund --silent typescript@~5.9 @types/node@20
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022", "strict": true, "skipLibCheck": false, "noEmit": true, "types": ["node"] } }
JSON
cat > use.mts <<'TS'
import { startMockServer, type MockServer } from 'authproof';

const server: MockServer = await startMockServer({ logLevel: 'silent' });
const { token } = await server.admin.mintToken({ userId: '8f14e45f-ceea-467f-a0e6-2c1b7c6f9a01', expiresInSeconds: 60 });
console.log(server.url, token.length > 0);
await server.close();
TS
npx --no-install tsc -p tsconfig.json
echo "smoke: a TypeScript file importing authproof compiles with skipLibCheck false"
