#!/bin/sh
# After provisioning: point the app registration's sign-in callback at the Function app (see entra-app.sh).
set -eu
sh "$(dirname "$0")/entra-app.sh" redirect
