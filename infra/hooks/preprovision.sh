#!/bin/sh
# First provisioning pass: leave the Event Grid subscriptions out, because their webhook key does not exist until the
# app code has been deployed. postdeploy.sh runs the second pass with IMR_EVENT_SUBSCRIPTION_PASS=1 set.
# Existing subscriptions are kept: an incremental deployment does not delete resources a template leaves out.
set -eu
if [ "${IMR_EVENT_SUBSCRIPTION_PASS:-0}" != "1" ]; then
  azd env set DEPLOY_EVENT_SUBSCRIPTIONS false
fi
# The Entra ID app registration with the roles staff, reviewer and auditor, once per environment.
sh "$(dirname "$0")/entra-app.sh" create
