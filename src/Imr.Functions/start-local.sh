#!/usr/bin/env bash
# Runs the Functions app on this machine against Azurite, under the real Azure Functions host:
#   Core Tools (`func start`) when `func` is on PATH; otherwise the host runner named by IMR_FUNCTIONS_HOST_RUN
#   (a script taking PUBLISH_DIR PORT, such as a build of azure-functions-host), or one found at ../shared/functions-host/run.sh.
# Settings come from src/Imr.Functions/local.settings.json, made from local.settings.example.json when missing.
# Azurite runs on 127.0.0.1:10000-10002 (UseDevelopmentStorage=true) with its data in .data/azurite-functions, and is
# stopped, by its process id, when the host stops. Usage: bash src/Imr.Functions/start-local.sh [PORT]   (default 7071)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${1:-7071}
settings=$here/local.settings.json

azurite=$root/node_modules/.bin/azurite
[ -x "$azurite" ] || { echo "start-local.sh: Azurite is not installed: run 'npm ci' in $root first." >&2; exit 1; }
if [ ! -f "$settings" ]; then
  sed "s/localhost:7071/localhost:$port/" "$here/local.settings.example.json" >"$settings"
  echo "start-local.sh: wrote $settings from local.settings.example.json" >&2
fi

runner=""
if ! command -v func >/dev/null 2>&1; then
  runner=${IMR_FUNCTIONS_HOST_RUN:-}
  [ -n "$runner" ] || { [ -f "$root/../shared/functions-host/run.sh" ] && runner=$root/../shared/functions-host/run.sh; } || true
  if [ -z "$runner" ] || [ ! -f "$runner" ]; then
    echo "start-local.sh: no Functions host: install Azure Functions Core Tools (func), or set IMR_FUNCTIONS_HOST_RUN to a host runner script." >&2
    exit 1
  fi
fi

for p in 10000 10001 10002 "$port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "start-local.sh: port $p on 127.0.0.1 is in use (Azurite takes 10000-10002, the host $port); stop what holds it." >&2
    exit 1
  fi
done

mkdir -p "$root/.data/azurite-functions"
"$azurite" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --skipApiVersionCheck --loose --disableTelemetry \
  --location "$root/.data/azurite-functions" >"$root/.data/azurite-functions.log" 2>&1 &
azurite_pid=$!
host_pid=""
stop() {
  set +e   # stop both whatever either answers
  if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; fi
  kill "$azurite_pid" 2>/dev/null; wait "$azurite_pid" 2>/dev/null
  return 0
}
trap stop EXIT
trap 'exit 130' INT TERM

if [ -z "$runner" ]; then
  (cd "$here" && exec func start --port "$port") &
else
  publish=$root/.data/functions-app
  echo "start-local.sh: publishing the app to $publish ..." >&2
  dotnet publish "$here" -c Release -o "$publish" --nologo -v quiet
  # The host runner takes its settings from the environment, as Azure gives app settings: export local.settings.json's Values.
  while IFS= read -r -d '' assignment; do export "${assignment?}"; done < <(node -e '
    const values = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Values || {};
    for (const [k, v] of Object.entries(values)) process.stdout.write(`${k}=${v}\0`);' "$settings")
  export AZURE_FUNCTIONS_ENVIRONMENT=${AZURE_FUNCTIONS_ENVIRONMENT:-Development}
  export IMR_FUNCTIONS_STATE_DIR=${IMR_FUNCTIONS_STATE_DIR:-$root/.data/functions-host}
  bash "$runner" "$publish" "$port" &
fi
host_pid=$!
echo "start-local.sh: the API is at http://127.0.0.1:$port/api (Ctrl-C stops the host and Azurite)" >&2
wait "$host_pid"
