# See preprovision.sh: the first pass leaves the Event Grid subscriptions out; postdeploy.ps1 runs the second pass.
$ErrorActionPreference = 'Stop'
if ($env:IMR_EVENT_SUBSCRIPTION_PASS -ne '1') {
    azd env set DEPLOY_EVENT_SUBSCRIPTIONS false
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
& (Join-Path $PSScriptRoot 'entra-app.ps1') create
