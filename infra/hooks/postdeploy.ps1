# See postdeploy.sh: second provisioning pass that creates the Event Grid subscriptions once the code is deployed.
$ErrorActionPreference = 'Stop'

$appUrl = $env:AZURE_FUNCTION_APP_URL
if (-not $appUrl) { throw 'run azd provision first: AZURE_FUNCTION_APP_URL is not set' }
$attempts = if ($env:IMR_EVENT_SUBSCRIPTION_ATTEMPTS) { [int]$env:IMR_EVENT_SUBSCRIPTION_ATTEMPTS } else { 5 }

azd env set DEPLOY_EVENT_SUBSCRIPTIONS true
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$env:IMR_EVENT_SUBSCRIPTION_PASS = '1'

for ($i = 1; $i -le $attempts; $i++) {
    # A request wakes an instance, whose host then creates the blobs_extension key.
    try { Invoke-WebRequest -Uri "$appUrl/" -TimeoutSec 60 -UseBasicParsing | Out-Null } catch { }
    azd provision --no-prompt
    if ($LASTEXITCODE -eq 0) {
        Write-Host 'Event Grid subscriptions are in place.'
        exit 0
    }
    if ($i -lt $attempts) {
        Write-Warning "The blobs_extension key may not exist yet; retrying in 30 s ($i/$attempts)."
        Start-Sleep -Seconds 30
    }
}
Write-Error "Could not create the Event Grid subscriptions after $attempts attempts; see docs/deploy.md (Event Grid step)."
exit 1
