#!/usr/bin/env bash
# Pipeline benchmark: builds what it needs (Release), runs our bot, a bare-Kestrel ceiling, the botbuilder JS peer and
# our bot answering compose queries from its warm search cache (with Azurite and the HubSpot sandbox) one after the
# other against the same loopback Teams simulator, and prints the tables (also written to bench/results/latest.md).
# Not part of the test suite. Extra arguments go to the load generator, e.g.
#   bench/run.sh --levels 1,10 --seconds 5 --warmup 2 --targets ours,ours-durable,peer,ceiling,ours-compose
set -euo pipefail
cd "$(dirname "$0")/.."

# CPU per turn comes from /proc/<pid>/stat in clock ticks; the generator assumes USER_HZ = 100.
if [ "$(getconf CLK_TCK)" != "100" ]; then echo "bench: CLK_TCK is $(getconf CLK_TCK), not 100" >&2; exit 1; fi

# Azurite (tables, queues, blobs: for ours-durable, ours-compose and SearchBench) comes from the repository's npm dev tools.
if [ ! -x node_modules/.bin/azurite ]; then echo "bench: node_modules/.bin/azurite is missing; run 'npm ci --ignore-scripts' first" >&2; exit 1; fi

echo "bench: building (Release)" >&2
for project in Bot HubSpotSandbox bench/Ceiling bench/PipelineBench bench/SearchBench; do
  dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly >&2
done
# Our bot as deploy.ps1 ships it: published for linux-x64, so ReadyToRun (Bot.csproj). Four levels below the
# repository, like the build output, so the benchmarks find node_modules from it.
BOT_DLL=Bot/bin/Release/published/HubSpotTeamsBot.dll
echo "bench: publishing the bot (linux-x64, ReadyToRun)" >&2
dotnet publish Bot/Bot.csproj -c Release --runtime linux-x64 --self-contained false -o "$(dirname "$BOT_DLL")" -nologo -v q -clp:ErrorsOnly >&2
echo "bench: npm ci (bench/peer)" >&2
(cd bench/peer && npm ci --no-audit --no-fund --loglevel=error >&2)

mkdir -p bench/results
dotnet bench/PipelineBench/bin/Release/net10.0/PipelineBench.dll \
  --bot "$BOT_DLL" \
  --ceiling bench/Ceiling/bin/Release/net10.0/Ceiling.dll \
  --peer bench/peer \
  --sandbox HubSpotSandbox/bin/Release/net10.0/HubSpotSandbox.dll \
  --out bench/results/latest.md \
  "$@"
# Compose search: 50 users typing against the bot + HubSpot sandbox (5 searches/s enforced, 150 ms latency), ~1 minute.
dotnet bench/SearchBench/bin/Release/net10.0/SearchBench.dll --bot "$BOT_DLL" --sandbox HubSpotSandbox/bin/Release/net10.0/HubSpotSandbox.dll | tee -a bench/results/latest.md
