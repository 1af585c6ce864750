#!/bin/sh
# Second provisioning pass: create the Event Grid subscriptions for the blob triggers. Their webhook URL carries the
# host's blobs_extension system key, which exists once the deployed code with an Event Grid blob trigger has started.
set -eu

app_url="${AZURE_FUNCTION_APP_URL:?run azd provision first: AZURE_FUNCTION_APP_URL is not set}"
attempts="${IMR_EVENT_SUBSCRIPTION_ATTEMPTS:-5}"

azd env set DEPLOY_EVENT_SUBSCRIPTIONS true
export IMR_EVENT_SUBSCRIPTION_PASS=1

i=1
while :; do
  # A request wakes an instance, whose host then creates the blobs_extension key.
  curl --silent --output /dev/null --max-time 60 "$app_url/" || true
  if azd provision --no-prompt; then
    echo "Event Grid subscriptions are in place."
    exit 0
  fi
  if [ "$i" -ge "$attempts" ]; then
    echo "Could not create the Event Grid subscriptions after $attempts attempts; see docs/deploy.md (Event Grid step)." >&2
    exit 1
  fi
  echo "The blobs_extension key may not exist yet; retrying in 30 s ($i/$attempts)." >&2
  i=$((i + 1))
  sleep 30
done
