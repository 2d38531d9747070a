#!/usr/bin/env bash
# Runs every test suite. Installs what the tests need first; every service a test needs (Azurite, the HubSpot
# sandbox, the Teams channel simulator, a Graph stub) is started by the tests themselves on loopback.
# Suites: the .NET tests, then the node tests (e2e/: rendering of every card the .NET tests captured, and the bot in
# the Agents Playground through headless Chromium, which starts its own ./run.sh stack on free ports).
set -uo pipefail
cd "$(dirname "$0")"
./scripts/install-deps.sh || exit 1

mkdir -p artifacts
log=artifacts/test-output.txt
# Cards are captured afresh by every run (Bot.Tests/Harness/CardCapture.cs).
rm -rf artifacts/cards artifacts/e2e artifacts/reliability
dotnet test HubSpotTeamsBot.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The browser tests reuse the Release build the .NET tests just made.
node_log=artifacts/test-output-node.txt
CONFIGURATION=Release SKIP_BUILD=1 node --test --test-reporter=tap e2e/ 2>&1 | tee "$node_log"
node_status=${PIPESTATUS[0]}

# One closing line for CI and people: the totals over every test assembly and the node suites.
# vstest prints a block per assembly: "Total tests: N", "     Passed: N", "     Failed: N" (Failed only when some did).
totals=$(awk '/^Total tests:/ { block = 1; next } block && /^ +Passed: / { p += $2 } block && /^ +Failed: / { f += $2 }
              block && /^ +Total time:/ { block = 0 } END { print p+0, f+0 }' "$log")
read -r passed failed <<<"$totals"
node_passed=$(awk '/^# pass /{ print $3 }' "$node_log" | tail -n 1)
node_failed=$(awk '/^# fail /{ print $3 }' "$node_log" | tail -n 1)
passed=$(( ${passed:-0} + ${node_passed:-0} ))
failed=$(( ${failed:-0} + ${node_failed:-0} ))
# The reliability suite's figures (Bot.Tests/Reliability), one line per area.
if [ -f artifacts/reliability/summary.txt ]; then echo "Reliability:"; sort artifacts/reliability/summary.txt; fi
# Failures again at the end, so a long log's last screen says what broke: the test's name and its first lines.
if [ "$failed" -ne 0 ]; then
  echo "Failed:"
  awk '/^  Failed /{ n = 12 } n > 0 { print; n-- }' "$log"
  grep -E '^not ok ' "$node_log"
fi
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$node_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ] || [ -z "${node_passed:-}" ]; then exit 1; fi
