# See entra-app.sh: the Entra ID app registration with the app roles in infra/entra/app-roles.json.
param([Parameter(Mandatory)][ValidateSet('create', 'redirect')][string]$Step)
$ErrorActionPreference = 'Stop'
if ($env:IMR_ENTRA_APP -eq 'none') { exit 0 }
$roles = Join-Path $PSScriptRoot '..' 'entra' 'app-roles.json'
function Invoke-Az { & az @args; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
if ($Step -eq 'create') {
    if ($env:IMR_ENTRA_CLIENT_ID) { exit 0 }
    $appId = Invoke-Az ad app create --display-name "imr-$env:AZURE_ENV_NAME" --sign-in-audience AzureADMyOrg `
        --app-roles "@$roles" --enable-id-token-issuance true --query appId -o tsv
    Invoke-Az ad app update --id $appId --identifier-uris "api://$appId"
    Invoke-Az ad sp create --id $appId --query id -o tsv | Out-Null
    Invoke-Az ad sp update --id $appId --set appRoleAssignmentRequired=true
    azd env set IMR_ENTRA_CLIENT_ID $appId
} elseif ($env:IMR_ENTRA_CLIENT_ID) {
    Invoke-Az ad app update --id $env:IMR_ENTRA_CLIENT_ID --web-redirect-uris "$env:AZURE_FUNCTION_APP_URL/.auth/login/aad/callback" `
        --app-roles "@$roles" --enable-id-token-issuance true
}
