#!/usr/bin/env bash
# Runs every test suite. Installs what the tests need first; every service a test needs (Azurite, the HubSpot
# sandbox, the Teams channel simulator, a Graph stub) is started by the tests themselves on loopback.
set -uo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh || exit 1

mkdir -p artifacts
log=artifacts/test-output.txt
dotnet test HubSpotTeamsBot.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One closing line for CI and people: the totals over every test assembly.
totals=$(grep -E '^(Passed|Failed)!' "$log" | awk -F'[:,]' '{ f += $2; p += $4 } END { print p+0, f+0 }')
read -r passed failed <<<"$totals"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then exit 1; fi
