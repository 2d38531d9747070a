#!/usr/bin/env bash
# Runs the bot locally against the HubSpot sandbox, a Microsoft Graph stand-in (the Playground's people as the
# directory) and Azurite, with the Microsoft 365 Agents Playground as Teams.
# Everything binds 127.0.0.1 and runs until Ctrl+C. Ports and build can be changed through the environment
# (the e2e tests start their own stack this way):
#   AZURITE_PORT=10002 (tables; queues AZURITE_QUEUE_PORT=10001, blobs AZURITE_BLOB_PORT=10000) SANDBOX_PORT=5199 GRAPH_PORT=5299 BOT_PORT=3978 PLAYGROUND_PORT=56150 SANDBOX_SEED=300
#   CONFIGURATION=Debug SKIP_BUILD=1 (reuse an existing build) RUN_LOGS=artifacts/run
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

AZURITE_PORT=${AZURITE_PORT:-10002}
AZURITE_QUEUE_PORT=${AZURITE_QUEUE_PORT:-10001}
AZURITE_BLOB_PORT=${AZURITE_BLOB_PORT:-10000}
SANDBOX_PORT=${SANDBOX_PORT:-5199}
GRAPH_PORT=${GRAPH_PORT:-5299}
BOT_PORT=${BOT_PORT:-3978}
PLAYGROUND_PORT=${PLAYGROUND_PORT:-56150}
SANDBOX_SEED=${SANDBOX_SEED:-300}
CONFIGURATION=${CONFIGURATION:-Debug}
RUN_LOGS=${RUN_LOGS:-artifacts/run}
TENANT_ID=00000000-0000-0000-0000-0000000000001
# The Playground's second user (playground/m365agentsplayground.yml); the signed-in user (Alex Wilber) is the bootstrap admin.
EDITOR_ID=00000000-0000-0000-0000-000000000021
EDITOR_NAME="Megan Bowen"
# Who the sandbox's consent page shows as signed in to HubSpot: the Playground's own user, who runs `connect`.
SIGNED_IN_EMAIL=alexw@contoso.com

mkdir -p "$RUN_LOGS"
pids=()

stop() {
  trap - INT TERM EXIT
  echo "==> stopping"
  # Each service runs in its own process group (setsid), so this ends it and anything it started, nothing else.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

start() { # name, command...: runs in its own process group, output to $RUN_LOGS/<name>.log
  local name=$1; shift
  setsid "$@" >"$RUN_LOGS/$name.log" 2>&1 &
  pids+=("$!")
}

wait_for() { # name, url, expected body fragment (empty: any HTTP answer)
  local name=$1 url=$2 expect=${3:-}
  for _ in $(seq 1 240); do
    local body
    if body=$(curl -s -m 2 "$url" 2>/dev/null) && { [ -z "$expect" ] || [[ "$body" == *"$expect"* ]]; }; then
      echo "    $name is up ($url)"; return 0
    fi
    for pid in "${pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "!! a service stopped while waiting for $name; see $RUN_LOGS/*.log" >&2; tail -n 20 "$RUN_LOGS/$name.log" >&2 || true; return 1; fi
    done
    sleep 0.5
  done
  echo "!! $name did not answer at $url; see $RUN_LOGS/$name.log" >&2; return 1
}

SKIP_BROWSER=1 ./scripts/install-deps.sh

if [ "${SKIP_BUILD:-}" != "1" ]; then
  echo "==> dotnet build ($CONFIGURATION)"
  dotnet build HubSpotSandbox -c "$CONFIGURATION" -v q -nologo -clp:NoSummary
  dotnet build GraphSandbox -c "$CONFIGURATION" -v q -nologo -clp:NoSummary
  dotnet build Bot -c "$CONFIGURATION" -v q -nologo -clp:NoSummary
fi

echo "==> Azurite (tables, queues, blobs; in memory) on 127.0.0.1:$AZURITE_PORT/$AZURITE_QUEUE_PORT/$AZURITE_BLOB_PORT"
# --skipApiVersionCheck: Azurite 3.37 refuses the newer service version the Azure.Storage.Queues/Blobs clients send;
# the emulator lags the SDK, and pinning an older version in the bot would change what runs in Azure.
start azurite node_modules/.bin/azurite --inMemoryPersistence --disableTelemetry --silent --skipApiVersionCheck \
  --tableHost 127.0.0.1 --tablePort "$AZURITE_PORT" --queueHost 127.0.0.1 --queuePort "$AZURITE_QUEUE_PORT" \
  --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT"
table_endpoint="http://127.0.0.1:$AZURITE_PORT/devstoreaccount1"
queue_endpoint="http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1"
blob_endpoint="http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1"
wait_for azurite "http://127.0.0.1:$AZURITE_PORT/"

echo "==> HubSpot sandbox on 127.0.0.1:$SANDBOX_PORT (seed $SANDBOX_SEED)"
# Every change in the sandbox (through the bot or scripts/move-deal-stage.mjs) is sent to the bot as a signed webhook.
start sandbox bash -c "cd HubSpotSandbox && exec dotnet bin/$CONFIGURATION/net10.0/HubSpotSandbox.dll --urls http://127.0.0.1:$SANDBOX_PORT --seed $SANDBOX_SEED \
  --Sandbox:SignedInEmail=$SIGNED_IN_EMAIL --webhook-url http://127.0.0.1:$BOT_PORT/api/hubspot/webhooks"

echo "==> Microsoft Graph stand-in on 127.0.0.1:$GRAPH_PORT (the Playground's people; group Sales)"
start graph bash -c "cd GraphSandbox && exec dotnet bin/$CONFIGURATION/net10.0/GraphSandbox.dll --urls http://127.0.0.1:$GRAPH_PORT \
  --Directory:PlaygroundConfig=$root/playground/m365agentsplayground.yml"

echo "==> granting $EDITOR_NAME the Editor role"
node scripts/seed-role.mjs "$table_endpoint" "$TENANT_ID" "$EDITOR_ID" "$EDITOR_NAME" Editor

echo "==> bot (Development) on 127.0.0.1:$BOT_PORT"
bot_url="http://127.0.0.1:$BOT_PORT"
sandbox_url="http://127.0.0.1:$SANDBOX_PORT"
# Static Development settings live in Bot/appsettings.Development.json; only the port-dependent ones are passed here.
start bot env ASPNETCORE_ENVIRONMENT=Development bash -c "cd Bot && exec dotnet bin/$CONFIGURATION/net10.0/HubSpotTeamsBot.dll \
  --urls $bot_url \
  --Bot:PublicBaseUrl=$bot_url/ \
  --HubSpot:ApiBaseUrl=$sandbox_url/ \
  --HubSpot:AuthorizeUrl=$sandbox_url/oauth/authorize \
  --HubSpot:RedirectUri=$bot_url/auth/hubspot/callback \
  --Graph:BaseUrl=http://127.0.0.1:$GRAPH_PORT/v1.0 \
  --ActivityQueue:Kind=Storage \
  '--Storage:ConnectionString=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=$table_endpoint;QueueEndpoint=$queue_endpoint;BlobEndpoint=$blob_endpoint;'"

echo "==> Agents Playground on 127.0.0.1:$PLAYGROUND_PORT"
# Its own log goes with ours (by default it writes devTools/m365agentsplayground.log in the working directory).
start playground env TEAMSAPPTESTER_BROWSER=none M365_AGENTS_PLAYGROUND_CONFIG_PATH="$root/playground/m365agentsplayground.yml" \
  M365_AGENTS_PLAYGROUND_LOGFILE="$RUN_LOGS/playground-internal.log" \
  "$root/node_modules/.bin/agentsplayground" start -e "$bot_url/api/messages" -c msteams -p "$PLAYGROUND_PORT" --disable-telemetry

wait_for sandbox "$sandbox_url/_sandbox/portals"
wait_for graph "http://127.0.0.1:$GRAPH_PORT/v1.0/users/$EDITOR_ID" "$EDITOR_NAME"
wait_for bot "$bot_url/healthz" Healthy
wait_for playground "http://127.0.0.1:$PLAYGROUND_PORT/_debug/ping" pong

playground_url="http://127.0.0.1:$PLAYGROUND_PORT/"
cat <<MSG

  Bot:        $bot_url/api/messages   (health: $bot_url/healthz)
  HubSpot:    $sandbox_url/  (sandbox; demo portal 20260301)
  Playground: $playground_url
  You are Alex Wilber (admin). Type "help"; "connect" links the sandbox portal. Logs: $RUN_LOGS/. Ctrl+C stops everything.
  A change "in HubSpot" (sent to the bot as a webhook): node scripts/move-deal-stage.mjs "<deal name>" contractsent

READY $playground_url
MSG

# Stay up until Ctrl+C or until one service dies.
while true; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "!! a service stopped; see $RUN_LOGS/*.log" >&2; exit 1; fi
  done
  sleep 1
done
