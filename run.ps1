#!/usr/bin/env pwsh
# PowerShell 7 twin of run.sh: runs the bot locally against the HubSpot sandbox, a Microsoft Graph stand-in and Azurite,
# with the Microsoft 365 Agents Playground as Teams. Everything binds 127.0.0.1 and runs until Ctrl+C. Ports and build can be changed through
# the environment, as for run.sh:
#   AZURITE_PORT=10002 SANDBOX_PORT=5199 GRAPH_PORT=5299 BOT_PORT=3978 PLAYGROUND_PORT=56150 SANDBOX_SEED=300
#   CONFIGURATION=Debug SKIP_BUILD=1 (reuse an existing build) RUN_LOGS=artifacts/run
# Each service writes <name>.log and <name>.err.log in RUN_LOGS.
#Requires -Version 7.0
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$root = $PSScriptRoot

function Get-Setting([string] $Name, [string] $Default) {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($value)) { $Default } else { $value }
}

$azuritePort = Get-Setting 'AZURITE_PORT' '10002'
$azuriteQueuePort = Get-Setting 'AZURITE_QUEUE_PORT' '10001'
$azuriteBlobPort = Get-Setting 'AZURITE_BLOB_PORT' '10000'
$sandboxPort = Get-Setting 'SANDBOX_PORT' '5199'
$graphPort = Get-Setting 'GRAPH_PORT' '5299'
$botPort = Get-Setting 'BOT_PORT' '3978'
$playgroundPort = Get-Setting 'PLAYGROUND_PORT' '56150'
$sandboxSeed = Get-Setting 'SANDBOX_SEED' '300'
$configuration = Get-Setting 'CONFIGURATION' 'Debug'
$runLogs = Get-Setting 'RUN_LOGS' 'artifacts/run'
$tenantId = '00000000-0000-0000-0000-0000000000001'
# The Playground's second user (playground/m365agentsplayground.yml); the signed-in user (Alex Wilber) is the bootstrap admin.
$editorId = '00000000-0000-0000-0000-000000000021'
$editorName = 'Megan Bowen'
# Who the sandbox's consent page shows as signed in to HubSpot: the Playground's own user, who runs `connect`.
$signedInEmail = 'alexw@contoso.com'

New-Item -ItemType Directory -Force -Path $runLogs | Out-Null
$runLogs = (Resolve-Path $runLogs).Path
$services = [System.Collections.Generic.List[object]]::new()

# Starts one service with its output in RUN_LOGS; $Environment is set for that process only.
function Start-LocalService([string] $Name, [string] $FilePath, [string[]] $Arguments, [string] $WorkingDirectory = $root, [hashtable] $Environment = @{}) {
    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $Environment[$key])
    }
    # Start-Process joins the arguments into one command line, so any with a space (a path) is quoted.
    $quoted = $Arguments | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }
    try {
        $process = Start-Process -FilePath $FilePath -ArgumentList $quoted -WorkingDirectory $WorkingDirectory -NoNewWindow -PassThru `
            -RedirectStandardOutput (Join-Path $runLogs "$Name.log") -RedirectStandardError (Join-Path $runLogs "$Name.err.log")
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
    $services.Add([pscustomobject]@{ Name = $Name; Process = $process })
}

function Stop-LocalServices {
    Write-Host '==> stopping'
    foreach ($service in $services) {
        # The whole tree: a service may have started children of its own.
        if (-not $service.Process.HasExited) { try { $service.Process.Kill($true) } catch { } }
    }
    foreach ($service in $services) { $service.Process.WaitForExit(10000) | Out-Null }
}

function Assert-Running([string] $Waiting) {
    foreach ($service in $services) {
        if ($service.Process.HasExited) {
            throw "$($service.Name) stopped$(if ($Waiting) { " while waiting for $Waiting" }); see $runLogs/$($service.Name).log and .err.log"
        }
    }
}

# Waits until the URL answers (with the expected fragment in the body, if given).
function Wait-For([string] $Name, [string] $Url, [string] $Expect = '') {
    for ($i = 0; $i -lt 240; $i++) {
        try {
            $response = Invoke-WebRequest -Uri $Url -TimeoutSec 2 -SkipHttpErrorCheck -UseBasicParsing
            if (-not $Expect -or "$($response.Content)".Contains($Expect)) { Write-Host "    $Name is up ($Url)"; return }
        }
        catch { } # not listening yet
        Assert-Running $Name
        Start-Sleep -Milliseconds 500
    }
    throw "$Name did not answer at $Url; see $runLogs/$Name.log"
}

function Invoke-Checked([string] $FilePath, [string[]] $Arguments) {
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

$failed = $false
try {
    # What scripts/install-deps.sh does for the local run: npm tools when missing or older than the lock file, .NET tools.
    $lockStamp = 'node_modules/.package-lock.json'
    if (-not (Test-Path $lockStamp) -or (Get-Item 'package-lock.json').LastWriteTimeUtc -gt (Get-Item -Force $lockStamp).LastWriteTimeUtc) {
        Write-Host '==> npm ci'
        Invoke-Checked 'npm' @('ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error')
    }
    if (Test-Path '.config/dotnet-tools.json') {
        Write-Host '==> dotnet tool restore'
        Invoke-Checked 'dotnet' @('tool', 'restore') | Out-Null
    }

    if ((Get-Setting 'SKIP_BUILD' '') -ne '1') {
        Write-Host "==> dotnet build ($configuration)"
        Invoke-Checked 'dotnet' @('build', 'HubSpotSandbox', '-c', $configuration, '-v', 'q', '-nologo', '-clp:NoSummary')
        Invoke-Checked 'dotnet' @('build', 'GraphSandbox', '-c', $configuration, '-v', 'q', '-nologo', '-clp:NoSummary')
        Invoke-Checked 'dotnet' @('build', 'Bot', '-c', $configuration, '-v', 'q', '-nologo', '-clp:NoSummary')
    }

    Write-Host "==> Azurite (tables, queues, blobs; in memory) on 127.0.0.1:$azuritePort/$azuriteQueuePort/$azuriteBlobPort"
    # --skipApiVersionCheck: Azurite 3.37 refuses the newer service version the Azure.Storage.Queues/Blobs clients send.
    Start-LocalService 'azurite' 'node' @((Join-Path $root 'node_modules/azurite/dist/src/azurite.js'), '--inMemoryPersistence',
        '--disableTelemetry', '--silent', '--skipApiVersionCheck', '--tableHost', '127.0.0.1', '--tablePort', $azuritePort,
        '--queueHost', '127.0.0.1', '--queuePort', $azuriteQueuePort, '--blobHost', '127.0.0.1', '--blobPort', $azuriteBlobPort)
    $tableEndpoint = "http://127.0.0.1:$azuritePort/devstoreaccount1"
    $queueEndpoint = "http://127.0.0.1:$azuriteQueuePort/devstoreaccount1"
    $blobEndpoint = "http://127.0.0.1:$azuriteBlobPort/devstoreaccount1"
    Wait-For 'azurite' "http://127.0.0.1:$azuritePort/"

    Write-Host "==> HubSpot sandbox on 127.0.0.1:$sandboxPort (seed $sandboxSeed)"
    # Every change in the sandbox (through the bot or scripts/move-deal-stage.mjs) is sent to the bot as a signed webhook.
    Start-LocalService 'sandbox' 'dotnet' @("bin/$configuration/net10.0/HubSpotSandbox.dll", '--urls', "http://127.0.0.1:$sandboxPort", '--seed', $sandboxSeed,
        "--Sandbox:SignedInEmail=$signedInEmail", '--webhook-url', "http://127.0.0.1:$botPort/api/hubspot/webhooks") `
        -WorkingDirectory (Join-Path $root 'HubSpotSandbox')

    Write-Host "==> Microsoft Graph stand-in on 127.0.0.1:$graphPort (the Playground's people; group Sales)"
    $graphUrl = "http://127.0.0.1:$graphPort"
    Start-LocalService 'graph' 'dotnet' @("bin/$configuration/net10.0/GraphSandbox.dll", '--urls', $graphUrl,
        "--Directory:PlaygroundConfig=$(Join-Path $root 'playground/m365agentsplayground.yml')") `
        -WorkingDirectory (Join-Path $root 'GraphSandbox')

    Write-Host "==> granting $editorName the Editor role"
    Invoke-Checked 'node' @('scripts/seed-role.mjs', $tableEndpoint, $tenantId, $editorId, $editorName, 'Editor')

    Write-Host "==> bot (Development) on 127.0.0.1:$botPort"
    $botUrl = "http://127.0.0.1:$botPort"
    $sandboxUrl = "http://127.0.0.1:$sandboxPort"
    $storage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=$tableEndpoint;QueueEndpoint=$queueEndpoint;BlobEndpoint=$blobEndpoint;"
    # Static Development settings live in Bot/appsettings.Development.json; only the port-dependent ones are passed here.
    Start-LocalService 'bot' 'dotnet' @("bin/$configuration/net10.0/HubSpotTeamsBot.dll", '--urls', $botUrl,
        "--Bot:PublicBaseUrl=$botUrl/",
        "--HubSpot:ApiBaseUrl=$sandboxUrl/",
        "--HubSpot:AuthorizeUrl=$sandboxUrl/oauth/authorize",
        "--HubSpot:RedirectUri=$botUrl/auth/hubspot/callback",
        "--Graph:BaseUrl=$graphUrl/v1.0",
        "--Storage:ConnectionString=$storage") `
        -WorkingDirectory (Join-Path $root 'Bot') -Environment @{ ASPNETCORE_ENVIRONMENT = 'Development' }

    Write-Host "==> Agents Playground on 127.0.0.1:$playgroundPort"
    Start-LocalService 'playground' 'node' @((Join-Path $root 'node_modules/@microsoft/m365agentsplayground/cli.js'), 'start',
        '-e', "$botUrl/api/messages", '-c', 'msteams', '-p', $playgroundPort, '--disable-telemetry') `
        -Environment @{
            TEAMSAPPTESTER_BROWSER = 'none'
            M365_AGENTS_PLAYGROUND_CONFIG_PATH = (Join-Path $root 'playground/m365agentsplayground.yml')
            # Its own log goes with ours (by default it writes devTools/m365agentsplayground.log in the working directory).
            M365_AGENTS_PLAYGROUND_LOGFILE = (Join-Path $runLogs 'playground-internal.log')
        }

    Wait-For 'sandbox' "$sandboxUrl/_sandbox/portals"
    Wait-For 'graph' "$graphUrl/v1.0/users/$editorId" $editorName
    Wait-For 'bot' "$botUrl/healthz" 'Healthy'
    Wait-For 'playground' "http://127.0.0.1:$playgroundPort/_debug/ping" 'pong'

    $playgroundUrl = "http://127.0.0.1:$playgroundPort/"
    Write-Host @"

  Bot:        $botUrl/api/messages   (health: $botUrl/healthz)
  HubSpot:    $sandboxUrl/  (sandbox; demo portal 20260301)
  Playground: $playgroundUrl
  You are Alex Wilber (admin). Type "help"; "connect" links the sandbox portal. Logs: $runLogs/. Ctrl+C stops everything.
  A change "in HubSpot" (sent to the bot as a webhook): node scripts/move-deal-stage.mjs "<deal name>" contractsent

READY $playgroundUrl
"@

    # Stay up until Ctrl+C (which ends this loop and runs finally) or until one service dies.
    while ($true) {
        Assert-Running ''
        Start-Sleep -Seconds 1
    }
}
catch {
    Write-Host "!! $($_.Exception.Message)" -ForegroundColor Red
    $failed = $true
}
finally {
    Stop-LocalServices
}
if ($failed) { exit 1 }
