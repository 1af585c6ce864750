# See postprovision.sh.
$ErrorActionPreference = 'Stop'
& (Join-Path $PSScriptRoot 'entra-app.ps1') redirect
