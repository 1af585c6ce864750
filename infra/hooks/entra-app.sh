#!/bin/sh
# The Microsoft Entra ID app registration the console and the API sign in with, with the app roles staff, reviewer and
# auditor from infra/entra/app-roles.json. Bicep cannot create it without the Microsoft Graph extension, which is fetched
# from a registry at build time, so this hook does it with the Azure CLI (`az login` as the account azd uses).
# Run by preprovision.sh with "create" (once: skipped when IMR_ENTRA_CLIENT_ID is set or IMR_ENTRA_APP=none) and by
# postprovision.sh with "redirect" (the sign-in callback on the Function app's host name, known after provisioning).
set -eu

step="${1:?usage: entra-app.sh create|redirect}"
[ "${IMR_ENTRA_APP:-create}" = "none" ] && exit 0
roles="$(dirname "$0")/../entra/app-roles.json"

case "$step" in
create)
  [ -n "${IMR_ENTRA_CLIENT_ID:-}" ] && exit 0
  # No client secret: App Service Authentication then signs users in with the ID token (implicit grant, form_post),
  # which carries the app roles assigned to them.
  app_id=$(az ad app create --display-name "imr-${AZURE_ENV_NAME:?}" --sign-in-audience AzureADMyOrg \
    --app-roles "@$roles" --enable-id-token-issuance true --query appId -o tsv)
  az ad app update --id "$app_id" --identifier-uris "api://$app_id"
  # Only users given one of the three roles may sign in at all.
  az ad sp create --id "$app_id" --query id -o tsv >/dev/null
  az ad sp update --id "$app_id" --set appRoleAssignmentRequired=true
  azd env set IMR_ENTRA_CLIENT_ID "$app_id"
  echo "Created the app registration imr-$AZURE_ENV_NAME ($app_id); assign users to its roles (docs/deploy.md)."
  ;;
redirect)
  [ -n "${IMR_ENTRA_CLIENT_ID:-}" ] || exit 0
  app_url="${AZURE_FUNCTION_APP_URL:?run azd provision first: AZURE_FUNCTION_APP_URL is not set}"
  az ad app update --id "$IMR_ENTRA_CLIENT_ID" --web-redirect-uris "$app_url/.auth/login/aad/callback" \
    --app-roles "@$roles" --enable-id-token-issuance true
  ;;
*)
  echo "usage: entra-app.sh create|redirect" >&2
  exit 2
  ;;
esac
