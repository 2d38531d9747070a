#Requires -Version 7.2
<#
.SYNOPSIS
  Deploys HubSpotTeamsBot to Azure in one go, and can be run again safely.

.DESCRIPTION
  1. creates or reuses the resource group;
  2. creates or reuses the bot's single-tenant Entra app registration and its service principal,
     and asks for the Microsoft Graph application permissions the role mapping needs;
  3. creates a client secret when Key Vault has none yet (or with -NewBotSecret);
  4. deploys infra/main.bicep (App Service plan + Linux web app on .NET 10 with /healthz, storage
     tables + Data Protection container, Key Vault, Application Insights, Azure Bot + Teams channel);
  5. publishes Bot/Bot.csproj and zip-deploys it to the web app;
  6. builds the Teams app package (manifest/build/appPackage.zip);
  7. prints what is left to do by hand.
  Needs the Azure CLI (az, logged in), the .NET 10 SDK and Node.js, but only for a real run:
  -WhatIf prints the plan without calling Azure or anything else.

.EXAMPLE
  ./deploy.ps1 -NamePrefix contoso-hsbot -Location westeurope -HubSpotClientId 1234abcd-... -WhatIf

.EXAMPLE
  ./deploy.ps1 -NamePrefix contoso-hsbot -Location westeurope -HubSpotClientId 1234abcd-... `
    -HubSpotClientSecret (Read-Host 'HubSpot client secret' -AsSecureString)
#>
[CmdletBinding(SupportsShouldProcess)]
param(
  # Lowercase prefix for every resource name; the bot is served at https://<prefix>-bot.azurewebsites.net.
  [Parameter(Mandatory)]
  [ValidatePattern('^[a-z][a-z0-9-]{1,18}[a-z0-9]$')]
  [string] $NamePrefix,

  # Azure region, e.g. westeurope.
  [Parameter(Mandatory)]
  [ValidatePattern('^[a-z0-9]+$')]
  [string] $Location,

  # Client id of the HubSpot app whose OAuth the bot uses.
  [Parameter(Mandatory)]
  [ValidateNotNullOrEmpty()]
  [string] $HubSpotClientId,

  # Client secret of the HubSpot app. Needed on the first deployment; later runs keep the one in Key Vault.
  [securestring] $HubSpotClientSecret,

  # Defaults to <prefix>-rg.
  [string] $ResourceGroup,

  # Defaults to the Azure CLI's current subscription.
  [string] $SubscriptionId,

  # Defaults to the tenant of the Azure CLI's current subscription.
  [string] $TenantId,

  # Teams app id in the manifest; defaults to the bot's app id.
  [ValidatePattern('^$|^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$')]
  [string] $TeamsAppId,

  # Teams app package version; raise it each time you upload a changed package.
  [ValidatePattern('^\d+\.\d+\.\d+$')]
  [string] $AppVersion = '1.0.0',

  # App Service plan size.
  [string] $AppServiceSku = 'B1',

  # Create a fresh bot client secret even if Key Vault already holds one (rotation).
  [switch] $NewBotSecret,

  # People who are always Admin of the bot (they link HubSpot and grant roles): UPNs (alice@contoso.com) or Entra
  # object ids. UPNs are resolved with your own Graph access. Default: you, the signed-in Azure CLI user.
  [string[]] $Admins = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$repoRoot = $PSScriptRoot
# -Admins a,b arrives as one string through pwsh -File; accept commas either way.
$Admins = @($Admins | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
if (-not $ResourceGroup) { $ResourceGroup = "$NamePrefix-rg" }
$appRegistrationName = "$NamePrefix-bot"
$webAppName = "$NamePrefix-bot"
$botHost = "$webAppName.azurewebsites.net"
$packagePath = Join-Path $repoRoot 'manifest/build/appPackage.zip'

$guidPattern = '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'

# Microsoft Graph application permissions for the role mapping (users, transitive groups, directory roles).
$graphApiId = '00000003-0000-0000-c000-000000000000'
$graphPermissions = [ordered]@{
  'User.Read.All'                 = 'df021288-bdef-4463-88db-98f22de89214'
  'GroupMember.Read.All'          = '98830695-27a2-44f7-8c18-0c3ebc9698f6'
  'RoleManagement.Read.Directory' = '483bed4a-2ad3-4361-a73b-c83ccdbdc53c'
}

# Simple functions on purpose (no param block): az options like -o must pass through $args untouched.
function Invoke-Az {
  # Runs the Azure CLI and fails loudly; az writes its own error to stderr.
  $output = & az @args --only-show-errors
  if ($LASTEXITCODE -ne 0) { throw "az $($args[0..1] -join ' ') failed (exit code $LASTEXITCODE)." }
  return $output
}

function Test-Az {
  # Runs the Azure CLI for a yes/no question (does this exist?), without error output.
  & az @args --only-show-errors 2>$null | Out-Null
  return $LASTEXITCODE -eq 0
}

function Confirm-Prerequisites {
  $missing = @(
    @{ Name = 'az'; Hint = 'Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli, then az login' }
    @{ Name = 'dotnet'; Hint = '.NET 10 SDK: https://dot.net' }
    @{ Name = 'node'; Hint = 'Node.js 20 or newer, then npm ci in the repository root' }
  ) | Where-Object { -not (Get-Command $_.Name -CommandType Application -ErrorAction SilentlyContinue) }
  if ($missing) {
    $lines = $missing | ForEach-Object { "  - $($_.Name): $($_.Hint)" }
    throw "deploy.ps1 needs these tools for a real deployment (use -WhatIf to only see the plan):`n$($lines -join "`n")"
  }
  if (-not (Test-Az account show)) { throw 'The Azure CLI is not logged in: run az login (and az account set --subscription <id>).' }
}

function Resolve-BotAppRegistration {
  $ids = @(Invoke-Az ad app list --display-name $appRegistrationName --query '[].appId' -o json | ConvertFrom-Json)
  if ($ids.Count -gt 1) { throw "More than one app registration is named '$appRegistrationName'; delete the extra ones or pick another -NamePrefix." }
  if ($ids.Count -eq 1) {
    Write-Host "Reusing app registration $appRegistrationName ($($ids[0]))."
    $appId = $ids[0]
  }
  else {
    $appId = Invoke-Az ad app create --display-name $appRegistrationName --sign-in-audience AzureADMyOrg --query appId -o tsv
    Write-Host "Created app registration $appRegistrationName ($appId)."
  }
  if (-not (Test-Az ad sp show --id $appId)) { Invoke-Az ad sp create --id $appId --query id -o tsv | Out-Null }
  foreach ($permission in $graphPermissions.GetEnumerator()) {
    Invoke-Az ad app permission add --id $appId --api $graphApiId --api-permissions "$($permission.Value)=Role" | Out-Null
  }
  return $appId
}

function Resolve-AdminObjectIds {
  # Object ids pass through; UPNs are looked up in Entra; no -Admins means the signed-in user.
  if ($Admins.Count -eq 0) {
    $id = Invoke-Az ad signed-in-user show --query id -o tsv
    Write-Host "Bootstrap admin: you, the signed-in user ($id)."
    return @($id)
  }
  $ids = foreach ($admin in $Admins) {
    if ($admin -match $guidPattern) { $admin.ToLowerInvariant(); continue }
    $id = & az ad user show --id $admin --query id -o tsv --only-show-errors
    if ($LASTEXITCODE -ne 0 -or -not $id) { throw "-Admins: no Entra user '$admin' (give a UPN such as alice@contoso.com or an object id)." }
    Write-Host "Bootstrap admin: $admin ($id)."
    $id
  }
  return @($ids)
}

function Test-KeyVaultSecret([string] $SecretName) {
  # Control-plane lookup (needs no Key Vault data access): does the vault in the group hold this secret?
  $vaultId = Invoke-Az keyvault list --resource-group $ResourceGroup --query '[0].id' -o tsv
  if (-not $vaultId) { return $false }
  return Test-Az resource show --ids "$vaultId/secrets/$SecretName"
}

function New-BotSecret([string] $AppId) {
  $name = "hubspot-teams-bot $(Get-Date -Format 'yyyy-MM-dd')"
  return Invoke-Az ad app credential reset --id $AppId --append --display-name $name --years 2 --query password -o tsv
}

function Invoke-BicepDeployment([string] $BotAppId, [string] $BotSecret, [string] $HubSpotSecret, [string] $DataProtectionKek, [string[]] $AdminObjectIds) {
  $parameters = @{
    adminObjectIds      = @{ value = @($AdminObjectIds) }
    namePrefix          = @{ value = $NamePrefix }
    location            = @{ value = $Location }
    botAppId            = @{ value = $BotAppId }
    tenantId            = @{ value = $TenantId }
    hubSpotClientId     = @{ value = $HubSpotClientId }
    appServiceSku       = @{ value = $AppServiceSku }
    botAppPassword      = @{ value = $BotSecret }
    hubSpotClientSecret = @{ value = $HubSpotSecret }
    dataProtectionKek   = @{ value = $DataProtectionKek }
  }
  # Secrets go through a short-lived parameters file, never on the command line (visible in process lists).
  $parametersFile = New-TemporaryFile
  try {
    @{ '$schema' = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#'; contentVersion = '1.0.0.0'; parameters = $parameters } |
      ConvertTo-Json -Depth 5 | Set-Content -Path $parametersFile -Encoding utf8NoBOM
    $outputs = Invoke-Az deployment group create --resource-group $ResourceGroup --name hubspot-teams-bot `
      --template-file (Join-Path $repoRoot 'infra/main.bicep') --parameters "@$parametersFile" `
      --query properties.outputs -o json | ConvertFrom-Json
    return $outputs
  }
  finally {
    Remove-Item -Path $parametersFile -Force -ErrorAction SilentlyContinue
  }
}

function Publish-Bot {
  $work = Join-Path ([IO.Path]::GetTempPath()) "hubspot-teams-bot-$([guid]::NewGuid().ToString('n'))"
  try {
    $publishDir = Join-Path $work 'publish'
    # For App Service's linux-x64 workers, framework-dependent: ReadyToRun code (Bot.csproj) for a faster cold start.
    & dotnet publish (Join-Path $repoRoot 'Bot/Bot.csproj') --configuration Release --runtime linux-x64 --self-contained false --output $publishDir
    if ($LASTEXITCODE -ne 0) { throw "dotnet publish failed (exit code $LASTEXITCODE)." }
    $zip = Join-Path $work 'bot.zip'
    Compress-Archive -Path (Join-Path $publishDir '*') -DestinationPath $zip
    Invoke-Az webapp deploy --resource-group $ResourceGroup --name $webAppName --src-path $zip --type zip | Out-Null
  }
  finally {
    Remove-Item -Path $work -Recurse -Force -ErrorAction SilentlyContinue
  }
}

function Build-TeamsPackage([string] $BotAppId, [string] $HostName) {
  $appId = if ($TeamsAppId) { $TeamsAppId } else { $BotAppId }
  & node (Join-Path $repoRoot 'manifest/build-package.mjs') --teams-app-id $appId --bot-app-id $BotAppId --bot-host $HostName --app-version $AppVersion
  if ($LASTEXITCODE -ne 0) { throw "Building the Teams app package failed (exit code $LASTEXITCODE)." }
}

function ConvertFrom-SecureStringToPlain([securestring] $Value) {
  if (-not $Value) { return '' }
  return [System.Net.NetworkCredential]::new('', $Value).Password
}

# --- the plan -------------------------------------------------------------------------------------

$dryRun = [bool] $WhatIfPreference
Write-Host "HubSpotTeamsBot deployment plan$(if ($dryRun) { ' (dry run: nothing is changed, Azure is not called)' })"
Write-Host "  Resource group:    $ResourceGroup ($Location)"
Write-Host "  App registration:  $appRegistrationName (single tenant)"
Write-Host "  Web app:           https://$botHost (health check /healthz)"
Write-Host "  Messaging endpoint: https://$botHost/api/messages"
Write-Host "  HubSpot redirect:  https://$botHost/auth/hubspot/callback"
Write-Host "  HubSpot webhooks:  https://$botHost/api/hubspot/webhooks"
Write-Host "  Teams app package: $packagePath (version $AppVersion)"
Write-Host "  Bootstrap admins:  $(if ($Admins.Count -gt 0) { $Admins -join ', ' } else { 'you (the signed-in Azure CLI user)' })"
Write-Host '  App settings the template writes (besides ids and Key Vault references):'
Write-Host "    Bot__PublicBaseUrl = https://$botHost/"
Write-Host "    HubSpot__RedirectUri = https://$botHost/auth/hubspot/callback"
if ($Admins.Count -gt 0) {
  for ($i = 0; $i -lt $Admins.Count; $i++) {
    $shown = if ($Admins[$i] -match $guidPattern) { $Admins[$i] } else { "<object id of $($Admins[$i])>" }
    Write-Host "    Roles__BootstrapAdmins__$i = $shown"
  }
}
else {
  Write-Host '    Roles__BootstrapAdmins__0 = <your object id>'
}
Write-Host '    Storage__TableEndpoint / QueueEndpoint / BlobEndpoint = the storage account (managed identity, no keys)'

if (-not $dryRun) {
  Confirm-Prerequisites
  if ($SubscriptionId) { Invoke-Az account set --subscription $SubscriptionId | Out-Null }
  if (-not $TenantId) { $TenantId = Invoke-Az account show --query tenantId -o tsv }
}

$botAppId = '<bot app id>'
$botSecret = ''
$hubSpotSecret = ConvertFrom-SecureStringToPlain $HubSpotClientSecret
$hostName = $botHost
$adminObjectIds = @()

if ($PSCmdlet.ShouldProcess("$ResourceGroup in $Location", 'Create or reuse resource group')) {
  Invoke-Az group create --name $ResourceGroup --location $Location --query id -o tsv | Out-Null
}

if ($PSCmdlet.ShouldProcess($appRegistrationName, 'Create or reuse Entra app registration (single tenant) with service principal and Graph permissions')) {
  $botAppId = Resolve-BotAppRegistration
}

if ($PSCmdlet.ShouldProcess('Key Vault secret bot-app-password', 'Create a bot client secret if Key Vault has none (or -NewBotSecret)')) {
  # Checked first so a refused first run leaves no orphan client secret behind.
  if (-not $hubSpotSecret -and -not (Test-KeyVaultSecret 'hubspot-client-secret')) {
    throw 'First deployment: pass -HubSpotClientSecret (Read-Host -AsSecureString) so it can be stored in Key Vault.'
  }
  if ($NewBotSecret -or -not (Test-KeyVaultSecret 'bot-app-password')) {
    $botSecret = New-BotSecret $botAppId
    Write-Host 'Created a new bot client secret (valid 2 years); it goes straight into Key Vault.'
  }
  else {
    Write-Host 'Key Vault already holds the bot client secret; keeping it.'
  }
}

$dataProtectionKek = ''
if ($PSCmdlet.ShouldProcess('Key Vault secret dataprotection-kek-1', 'Create the Data Protection key-encryption key (32 random bytes) if Key Vault has none')) {
  # It wraps the key ring kept in the storage account; it lives only in Key Vault. Never replaced here: a new key
  # would be a rotation (add dataprotection-kek-2 and its app setting, keep 1).
  if (-not (Test-KeyVaultSecret 'dataprotection-kek-1')) {
    $dataProtectionKek = [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
    Write-Host 'Generated the Data Protection key-encryption key; it goes straight into Key Vault.'
  }
  else {
    Write-Host 'Key Vault already holds the Data Protection key-encryption key; keeping it.'
  }
}

if ($PSCmdlet.ShouldProcess("$(if ($Admins.Count -gt 0) { $Admins -join ', ' } else { 'the signed-in user' })", 'Resolve bootstrap admins to Entra object ids')) {
  $adminObjectIds = Resolve-AdminObjectIds
}

if ($PSCmdlet.ShouldProcess($ResourceGroup, 'Deploy infra/main.bicep: App Service plan + Linux web app (.NET 10), storage account, Key Vault, Application Insights, Azure Bot with Teams channel')) {
  $outputs = Invoke-BicepDeployment -BotAppId $botAppId -BotSecret $botSecret -HubSpotSecret $hubSpotSecret -DataProtectionKek $dataProtectionKek -AdminObjectIds $adminObjectIds
  $hostName = $outputs.hostName.value
  $botSecret = ''
  $hubSpotSecret = ''
  $dataProtectionKek = ''
}

if ($PSCmdlet.ShouldProcess($webAppName, 'Publish Bot/Bot.csproj (dotnet publish, zip deploy)')) {
  Publish-Bot
}

if ($PSCmdlet.ShouldProcess($packagePath, "Build Teams app package for bot $botAppId on $hostName")) {
  Build-TeamsPackage -BotAppId $botAppId -HostName $hostName
}

Write-Host ''
Write-Host $(if ($dryRun) { 'After a real run, the steps left to do by hand:' } else { 'Deployed. Left to do by hand:' })
Write-Host "  1. Upload $packagePath in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center."
Write-Host "  2. In the HubSpot app's Auth settings, add the redirect URL https://$hostName/auth/hubspot/callback"
Write-Host "  3. Set the HubSpot app's webhook target URL to https://$hostName/api/hubspot/webhooks and its subscriptions"
Write-Host "     (hubspot-app/webhooks/webhooks-hsmeta.json; README, HubSpot webhooks)"
Write-Host "  4. Grant admin consent for the Graph permissions ($($graphPermissions.Keys -join ', ')):"
Write-Host "     az ad app permission admin-consent --id $botAppId"
Write-Host "  5. In a personal chat with the bot, a bootstrap admin sends: connect"
