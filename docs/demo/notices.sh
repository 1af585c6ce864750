#!/usr/bin/env bash
# Shows the messages on the notifications queue of the Azurite that Imr.Local started (peek: nothing is taken off), one a
# workflow step with its notices in "notices" (docs/api.md, "Notifications"). A reviewer's AssignmentNotice carries the
# assignment token the decision must present.
# Usage: docs/demo/notices.sh [caseNumber]     (needs curl, openssl, python3)
set -euo pipefail
account=devstoreaccount1
# Azurite's well-known development key (public, documented by Microsoft; not a secret).
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
endpoint=${IMR_QUEUE_ENDPOINT:-http://127.0.0.1:10001}
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
version=2021-08-06
resource="/$account/$account/notifications/messages"
# Shared Key for the Queue service: the verb, eleven empty standard headers, the x-ms headers, the resource and query.
string_to_sign=$(printf 'GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:%s\nx-ms-version:%s\n%s\nnumofmessages:32\npeekonly:true' "$date" "$version" "$resource")
signature=$(printf '%s' "$string_to_sign" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(printf '%s' "$key" | base64 -d | xxd -p -c 256)" -binary | base64)
curl -s "$endpoint/$account/notifications/messages?numofmessages=32&peekonly=true" \
  -H "x-ms-date: $date" -H "x-ms-version: $version" -H "Authorization: SharedKey $account:$signature" |
python3 -c '
import sys, base64, json, re
case = sys.argv[1] if len(sys.argv) > 1 else None
for text in re.findall(r"<MessageText>(.*?)</MessageText>", sys.stdin.read()):
    note = json.loads(base64.b64decode(text))
    if case is None or note.get("caseNumber") == case:
        print(json.dumps(note))
' "$@"
